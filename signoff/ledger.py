"""The sign-off ledger: append-only, hash-chained record of approvals bound to a document's bytes, in an SQLite file
or a PostgreSQL database (signoff.store).

Every command verifies the whole chain before it trusts a row: ``status`` (and so the pack) and
``sign_off`` refuse a broken ledger (LedgerBroken, naming the rows); only ``sign_off`` creates one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, text

from clause_library.errors import DocumentReadError, LedgerBroken, LedgerError, SignoffRefused
from clause_library.models import Role
from clause_library.safety import MAX_TEXT_CHARS, check_text, text_problem
from review.findings import Finding, Report

from .chain import COLUMNS, GENESIS, ChainProblem, ChainWalk, Decision, Entry, Verification, row_hash
from .identity import DocumentIdentity, Held, hold, identify_document
from .store import (
    DB_ENV,
    MIGRATIONS,
    command_line_allowed,
    command_line_allowed_in,
    default_db,
    high_water,
    locate_db,
    open_ledger,
    resolve_db,
    set_command_line,
    transaction,
)

__all__ = [
    "COLUMNS",
    "DB_ENV",
    "GENESIS",
    "MIGRATIONS",
    "AccountRef",
    "ChainProblem",
    "Decision",
    "Entry",
    "RoleState",
    "SignoffStatus",
    "State",
    "Verification",
    "command_line_allowed",
    "default_db",
    "open_ledger",
    "printable",
    "published_head",
    "report_sha256",
    "resolve_db",
    "set_command_line",
    "sign_off",
    "status",
    "status_of",
    "statuses",
    "verify",
]

MAX_NAME = 200  # characters in --by; --comment and --reason have MAX_TEXT_CHARS

Clock = Callable[[], dt.datetime]


class State(StrEnum):
    """A role's state for a document's current bytes."""

    approved = "approved"
    rejected = "rejected"
    pending = "pending"


@dataclass(frozen=True)
class RoleState:
    """One role's state for the current bytes: ``entry`` is the deciding (latest) entry, ``None``
    when pending; ``overrides`` every override approval for these bytes; ``void`` approvals
    given to earlier bytes of the same contract (or file name), which no longer hold."""

    role: Role
    state: State
    entry: Entry | None
    overrides: list[Entry] = field(default_factory=list)
    void: list[Entry] = field(default_factory=list)


@dataclass(frozen=True)
class SignoffStatus:
    """Every role's state for one document's current bytes."""

    identity: DocumentIdentity
    roles: dict[Role, RoleState]
    entries: list[Entry]  # every entry for these bytes, in ledger order
    chain: Verification  # the ledger's verification when it was read (always ok: a broken one is refused)

    @property
    def all_approved(self) -> bool:
        return all(s.state is State.approved for s in self.roles.values())


def _read(conn: Connection, where: Path | str,
          keep: Callable[[Mapping[str, Any]], bool] | None = None) -> tuple[Verification, list[Entry]]:
    """Verify the whole chain in one pass, keeping the sound rows ``keep`` selects as entries.

    Memory is bounded by the kept rows and MAX_PROBLEMS, not by the ledger's size.
    """
    walk = ChainWalk()
    kept: list[Entry] = []
    rows = text(f"SELECT {', '.join(COLUMNS)} FROM signoffs ORDER BY id").execution_options(stream_results=True)
    for row in conn.execute(rows).mappings():
        fields = dict(row)
        if walk.add(fields) and keep is not None and keep(fields):
            kept.append(Entry._from_row(fields))
    walk.finish(*high_water(conn))
    return walk.result(where), kept


def _refuse_broken(chain: Verification, consequence: str) -> None:
    """Raise LedgerBroken naming the broken rows, unless the chain is sound."""
    if chain.ok:
        return
    shown = chain.problems[:10]
    rest = len(chain.problems) - len(shown) + chain.more
    raise LedgerBroken(
        f"{chain.db}: the sign-off ledger is BROKEN, so {consequence}:\n"
        + "\n".join(f"  - {p}" for p in shown) + (f"\n  … and {rest} more problem(s)" if rest else "")
        + f"\nRestore the ledger from a backup; `contracts signoff verify --db {chain.db}` lists every problem."
    )


def report_sha256(report: Report) -> str:
    """The SHA-256 of a review report's canonical JSON (what the reviewer said, not how long it took)."""
    text = json.dumps(report.to_dict(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    # surrogateescape: a path that is not UTF-8 hashes as its bytes
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


def _role(role: Role | str) -> Role:
    try:
        return Role(role)
    except ValueError:
        raise LedgerError(f"unknown role {role!r}: expected one of {', '.join(r.value for r in Role)}") from None


def printable(text: str) -> str:
    """``text`` with each character a text field may not hold (``clause_library.safety.text_problem``)
    but line breaks and tabs shown as its escape, e.g. ``\\x07``: what a pack or the terminal shows of
    the ledger, which may hold rows written before names were checked."""
    if text_problem(text) is None:
        return text
    return "".join(ch if ch in "\n\t" or text_problem(ch) is None else ch.encode("unicode_escape").decode("ascii")
                   for ch in text)


def _plain(what: str, value: str, limit: int) -> str:
    """``value`` if it may be a text field of at most ``limit`` characters (``clause_library.safety.check_text``)."""
    try:
        return check_text(value, limit)
    except ValueError as e:
        raise LedgerError(f"{what} {e}") from None


def _review(held: Held) -> Report:
    from review.review import review_result  # the reviewer is the heavy part; load it when needed

    return review_result(held.read, sha256=held.identity.sha256)


def _describe(findings: list[Finding]) -> str:
    return "\n".join(f"  - [{f.check}{'/' + f.category if f.category else ''}] {f.message_en} / {f.message_zh}"
                     + (f" ({f.location})" if f.location else "") for f in findings)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class AccountRef:
    """The authenticated portal account recording a sign-off: its id, username and name (the row's person)."""

    id: int
    username: str
    name: str


@dataclass(frozen=True)
class _Decision:
    """What a sign-off asks to record, checked: the role, the person, approve or reject, and the texts."""

    role: Role
    person: str
    decision: Decision
    comment: str
    override_reason: str | None
    account: AccountRef | None


def _checked(role: Role | str, by: str, reject: bool, comment: str, override_reason: str | None,
             account: AccountRef | None) -> _Decision:
    """The sign-off's input, or LedgerError saying which option is wrong."""
    the_role = _role(role)
    if account is not None and by != account.name:
        raise LedgerError("a portal sign-off is recorded under its account's name, not another")
    person = _plain("the name (--by)", by.strip(), MAX_NAME)
    if not person:
        raise LedgerError("a sign-off needs the name of the person signing (--by)")
    comment = _plain("the comment (--comment)", comment, MAX_TEXT_CHARS)
    if override_reason is not None:
        override_reason = _plain("the reason (--reason)", override_reason.strip(), MAX_TEXT_CHARS)
        if not override_reason:
            raise LedgerError("an override needs a reason (--reason)")
        if reject:
            raise LedgerError("an override applies to an approval, not to a rejection")
    return _Decision(the_role, person, Decision.reject if reject else Decision.approve, comment, override_reason,
                     account)


def _refuse_blocked(path: Path, wanted: _Decision, report: Report) -> list[Finding]:
    """The role's blockers; SignoffRefused listing them when an approval without an override meets any."""
    if not report.readable:
        raise DocumentReadError(path, "no text could be read, so it cannot be reviewed or signed off")
    role = wanted.role
    role_blockers = report.blockers_for(role)
    if wanted.decision is Decision.approve and role_blockers and wanted.override_reason is None:
        raise SignoffRefused(
            f"{path}: {role.value} cannot approve: the review found {len(role_blockers)} blocker(s) owned by "
            f"{role.value}; fix the document, or approve with --override --reason \"…\"\n"
            + _describe(role_blockers)
        )
    return role_blockers


def _row(identity: DocumentIdentity, wanted: _Decision, report: Report, at: dt.datetime) -> dict[str, Any]:
    """The new row's hashed fields (all but ``id``, which the append assigns)."""
    return {
        "doc_sha256": identity.sha256,
        "file_name": identity.file_name,
        "contract_no": identity.contract_no,
        "role": wanted.role.value,
        "person": wanted.person,
        "decision": wanted.decision.value,
        "comment": wanted.comment,
        "override": 1 if wanted.override_reason is not None else 0,
        "override_reason": wanted.override_reason,
        "at_utc": at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "report_sha256": report_sha256(report),
        "blockers": len(report.blockers),
        "role_blockers": len(report.blockers_for(wanted.role)),
        "source": "cli" if wanted.account is None else "portal",
        "account_id": None if wanted.account is None else wanted.account.id,
        "account_username": None if wanted.account is None else wanted.account.username,
    }


def _append(fields: dict[str, Any], db: str | Path | None,
            on_create: Callable[[Path | str], None] | None) -> Entry:
    """Verify the whole chain and append ``fields`` after its head, in one write transaction (which appends one at
    a time: the id is the next after the highest ever, never a gap, and the chain never forks)."""
    with open_ledger(db, create=True, on_create=on_create) as conn, transaction(conn, "IMMEDIATE"):
        chain, _ = _read(conn, locate_db(db))
        _refuse_broken(chain, "the sign-off was not recorded")
        if fields["source"] == "cli" and not command_line_allowed_in(conn):
            raise SignoffRefused(
                f"{locate_db(db)}: this ledger is shared by the portal, and its administrator has forbidden "
                "sign-offs from the command line; sign off on the portal, where the decision is recorded under your "
                "account")
        seq, _ = high_water(conn)
        fields["id"] = max(chain.rows, seq if type(seq) is int else 0) + 1
        fields["prev_hash"] = chain.head
        fields["row_hash"] = row_hash(fields["prev_hash"], fields)
        conn.execute(text(f"INSERT INTO signoffs ({', '.join(COLUMNS)}) "
                          f"VALUES ({', '.join(f':{c}' for c in COLUMNS)})"), {c: fields[c] for c in COLUMNS})
    return Entry._from_row(fields)


def sign_off(
    path: str | Path,
    role: Role | str,
    by: str,
    *,
    reject: bool = False,
    comment: str = "",
    override_reason: str | None = None,
    password: str | None = None,
    db: str | Path | None = None,
    clock: Clock | None = None,
    on_create: Callable[[Path | str], None] | None = None,
    account: AccountRef | None = None,
) -> Entry:
    """Review ``path``, then record ``by``'s decision for ``role`` on its current bytes.

    The file is read once and hashed once (``identity.hold``): the bytes reviewed are the bytes recorded.
    An approval is refused (SignoffRefused listing them) while ``role`` owns blocker findings, unless
    ``override_reason`` is given: the override is recorded and shown by every later status and pack.
    The whole chain is verified in the same write transaction as the append: a broken ledger raises
    LedgerBroken and nothing is added to it. ``password`` opens an encrypted PDF; ``db`` ``None``: see
    ``resolve_db`` (a missing ledger is created, then ``on_create(where)`` is called, ``locate_db``'s); ``clock``
    ``None``: the system clock in UTC. Bad input (unknown role, missing or unreadable file, a name or
    text with control characters) raises before anything is written.

    ``account`` is the authenticated portal account recording it (``by`` must be its name): the row says so.
    Without one the row is marked as a command-line entry, and refused (SignoffRefused) when the ledger's
    administrator has forbidden those (``set_command_line``).
    """
    wanted = _checked(role, by, reject, comment, override_reason, account)
    with hold(path, password=password) as held:
        report = _review(held)
    _refuse_blocked(Path(path), wanted, report)
    at = (clock or _now)()
    if at.tzinfo is None:
        raise LedgerError("the clock must return an aware datetime (UTC)")
    return _append(_row(held.identity, wanted, report, at), db, on_create)


def status(path: str | Path, db: str | Path | None = None, *, password: str | None = None) -> SignoffStatus:
    """Each role's state for the file's current bytes (approved / rejected / pending), with overrides
    and the void approvals given to earlier bytes of the same document (the same contract number, or
    no number and the same file name: an earlier draft that did not state its number yet).

    The whole ledger is verified first: LedgerBroken when it is broken, LedgerNotFound when there is
    none (nothing is created). DocumentReadError for a missing or unreadable file.
    """
    return status_of(identify_document(path, password=password), db)


def status_of(identity: DocumentIdentity, db: str | Path | None = None) -> SignoffStatus:
    """``status`` of a document already identified (``identity.hold``)."""
    return statuses([identity], db)[0]


def statuses(identities: list[DocumentIdentity], db: str | Path | None = None) -> list[SignoffStatus]:
    """``status_of`` each document, the whole chain verified once for all of them (a queue of documents)."""
    by_sha = {i.sha256 for i in identities}
    numbers = {i.contract_no for i in identities if i.contract_no}
    names = {i.file_name for i in identities}

    def wanted(row: Mapping[str, Any]) -> bool:
        return (row["doc_sha256"] in by_sha or row["contract_no"] in numbers
                or (row["contract_no"] is None and row["file_name"] in names))

    with open_ledger(db) as conn, transaction(conn, "DEFERRED"):
        chain, entries = _read(conn, locate_db(db), wanted)
    _refuse_broken(chain, "no sign-off state is read from it")
    return [_status(identity, entries, chain) for identity in identities]


def _status(identity: DocumentIdentity, entries: list[Entry], chain: Verification) -> SignoffStatus:
    """The state of ``identity``'s current bytes from the entries of every document read with it: those of these
    bytes, and the earlier ones of the same document: the same contract number, or no number and the same file
    name (an earlier draft that did not state its number yet)."""

    def same_document(e: Entry) -> bool:
        if e.doc_sha256 == identity.sha256:
            return True
        if identity.contract_no and e.contract_no == identity.contract_no:
            return True
        return e.contract_no is None and e.file_name == identity.file_name

    mine = [e for e in entries if same_document(e)]
    current = [e for e in mine if e.doc_sha256 == identity.sha256]
    earlier = [e for e in mine if e.doc_sha256 != identity.sha256]
    return SignoffStatus(identity, {role: _role_state(role, current, earlier) for role in Role}, current, chain)


def _role_state(role: Role, current: list[Entry], earlier: list[Entry]) -> RoleState:
    """The role's state from its entries for the current bytes (the latest decides) and for earlier ones."""
    mine = [e for e in current if e.role is role]
    last = mine[-1] if mine else None
    state = State.pending if last is None else (State.approved if last.decision is Decision.approve else State.rejected)
    return RoleState(role, state, last, overrides=[e for e in mine if e.override],
                     void=[e for e in earlier if e.role is role and e.decision is Decision.approve])


def verify(db: str | Path | None = None) -> Verification:
    """Walk the hash chain; report every edited, deleted, inserted or corrupted row by id.

    Raises LedgerNotFound when there is no ledger there (nothing is created), LedgerError when
    the file or database is not a ledger or cannot be reached, LedgerBroken when it cannot be read.
    """
    with open_ledger(db) as conn, transaction(conn, "DEFERRED"):
        return _read(conn, locate_db(db))[0]


def published_head(rows: int, head: str, db: str | Path | None = None) -> tuple[Verification, str | None]:
    """Whether the ledger still holds what was published of it: ``rows`` rows whose last hash was ``head`` (as
    ``contracts signoff verify`` printed them then). The chain as verified now, and ``None`` when row ``rows``
    still has that hash (so rows 1 to ``rows`` are as they were: each hash covers every row before it), else
    what differs. Only this catches a chain rewritten and re-hashed as a whole, or cut back with its high-water
    mark, by someone who controls the database."""
    if rows < 0:
        raise ValueError("rows must be 0 or more")
    with open_ledger(db) as conn, transaction(conn, "DEFERRED"):
        chain = _read(conn, locate_db(db))[0]
        found = GENESIS if rows == 0 else conn.execute(
            text("SELECT row_hash FROM signoffs ORDER BY id LIMIT 1 OFFSET :skip"), {"skip": rows - 1}).scalar()
    if found is None:
        return chain, (f"the ledger has {chain.rows} rows, fewer than the {rows} published: rows were removed "
                       "since it was published")
    if found != head:
        return chain, (f"row {rows}'s hash is now {found}, not the published {head}: the rows up to it were changed "
                       "and the chain re-hashed since it was published")
    return chain, None

