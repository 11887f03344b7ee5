"""The sign-off ledger: append-only, hash-chained SQLite record of approvals bound to a document's bytes."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from clause_library.errors import DocumentReadError, LedgerError
from clause_library.models import Role
from review.findings import Finding, Report
from review.identity import DocumentIdentity, file_sha256, identify_document

__all__ = [
    "DB_ENV",
    "DEFAULT_DB",
    "GENESIS",
    "ChainProblem",
    "Decision",
    "Entry",
    "RoleState",
    "SignoffStatus",
    "State",
    "Verification",
    "entries_for",
    "open_ledger",
    "report_sha256",
    "resolve_db",
    "sign_off",
    "status",
    "verify",
]

DEFAULT_DB = Path("output") / "signoff.sqlite3"
DB_ENV = "CONTRACTS_SIGNOFF_DB"
GENESIS = "0" * 64  # prev_hash of the first row
BUSY_TIMEOUT_MS = 30_000

Clock = Callable[[], dt.datetime]


class Decision(StrEnum):
    """What a reviewer decided."""

    approve = "approve"
    reject = "reject"


class State(StrEnum):
    """A role's state for a document's current bytes."""

    approved = "approved"
    rejected = "rejected"
    pending = "pending"


# Each migration is applied once, in order, inside one IMMEDIATE transaction; schema_version
# holds how many have been applied. Never edit a shipped migration: append a new one.
MIGRATIONS: list[list[str]] = [
    [
        """CREATE TABLE signoffs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            doc_sha256 TEXT NOT NULL,
            file_name TEXT NOT NULL,
            contract_no TEXT,
            role TEXT NOT NULL CHECK (role IN ('legal', 'finance', 'business')),
            person TEXT NOT NULL CHECK (length(person) > 0),
            decision TEXT NOT NULL CHECK (decision IN ('approve', 'reject')),
            comment TEXT NOT NULL DEFAULT '',
            override INTEGER NOT NULL CHECK (override IN (0, 1)),
            override_reason TEXT,
            at_utc TEXT NOT NULL,
            report_sha256 TEXT NOT NULL,
            blockers INTEGER NOT NULL,
            role_blockers INTEGER NOT NULL,
            prev_hash TEXT NOT NULL,
            row_hash TEXT NOT NULL UNIQUE
        )""",
        "CREATE INDEX signoffs_doc ON signoffs (doc_sha256)",
        "CREATE INDEX signoffs_contract ON signoffs (contract_no)",
        "CREATE INDEX signoffs_file ON signoffs (file_name)",
        """CREATE TRIGGER signoffs_no_update BEFORE UPDATE ON signoffs
           BEGIN SELECT RAISE(ABORT, 'the sign-off ledger is append-only: rows cannot be updated'); END""",
        """CREATE TRIGGER signoffs_no_delete BEFORE DELETE ON signoffs
           BEGIN SELECT RAISE(ABORT, 'the sign-off ledger is append-only: rows cannot be deleted'); END""",
    ],
]

# The fields a row hash covers, in this order (the JSON is canonical anyway: sorted keys).
_HASHED = ("id", "doc_sha256", "file_name", "contract_no", "role", "person", "decision", "comment", "override",
           "override_reason", "at_utc", "report_sha256", "blockers", "role_blockers")
_COLUMNS = (*_HASHED, "prev_hash", "row_hash")


@dataclass(frozen=True)
class Entry:
    """One ledger row. ``contract_no`` and ``override_reason`` are ``None`` when absent; ``blockers``
    counts every blocker of the review at that moment, ``role_blockers`` those owned by ``role``."""

    id: int
    doc_sha256: str
    file_name: str
    contract_no: str | None
    role: Role
    person: str
    decision: Decision
    comment: str
    override: bool
    override_reason: str | None
    at: dt.datetime
    report_sha256: str
    blockers: int
    role_blockers: int
    prev_hash: str
    row_hash: str

    @classmethod
    def _from_row(cls, row: sqlite3.Row) -> Entry:
        return cls(
            id=row["id"], doc_sha256=row["doc_sha256"], file_name=row["file_name"], contract_no=row["contract_no"],
            role=Role(row["role"]), person=row["person"], decision=Decision(row["decision"]),
            comment=row["comment"], override=bool(row["override"]), override_reason=row["override_reason"],
            at=dt.datetime.fromisoformat(row["at_utc"]), report_sha256=row["report_sha256"],
            blockers=row["blockers"], role_blockers=row["role_blockers"], prev_hash=row["prev_hash"],
            row_hash=row["row_hash"],
        )


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

    @property
    def all_approved(self) -> bool:
        return all(s.state is State.approved for s in self.roles.values())


@dataclass(frozen=True)
class ChainProblem:
    """A break in the hash chain at row ``id``: ``kind`` is edited, deleted or inserted."""

    id: int
    kind: str
    message: str

    def __str__(self) -> str:
        return f"row {self.id}: {self.kind}: {self.message}"


@dataclass(frozen=True)
class Verification:
    """The result of walking the chain: ``head`` is the last row's hash (GENESIS when empty).

    Deleting the newest rows and rewriting ``sqlite_sequence`` too, or re-hashing the whole chain,
    cannot be detected from the file alone: keep ``head`` elsewhere (the pack's cover prints it).
    """

    db: Path
    rows: int
    head: str
    problems: list[ChainProblem]

    @property
    def ok(self) -> bool:
        return not self.problems


def resolve_db(db: str | Path | None = None) -> Path:
    """The ledger file: ``db`` if given, else $CONTRACTS_SIGNOFF_DB, else output/signoff.sqlite3."""
    if db is not None:
        return Path(db)
    env = os.environ.get(DB_ENV)
    return Path(env) if env else DEFAULT_DB


@contextmanager
def _immediate(conn: sqlite3.Connection) -> Iterator[None]:
    """A write transaction taken at once (BEGIN IMMEDIATE), so concurrent writers queue, not fail."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _migrate(conn: sqlite3.Connection, path: Path) -> None:
    with _immediate(conn):
        conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        row = conn.execute("SELECT max(version) FROM schema_version").fetchone()
        current = row[0] or 0
        if current > len(MIGRATIONS):
            raise LedgerError(f"{path}: ledger schema version {current} is newer than this program knows "
                              f"({len(MIGRATIONS)}); upgrade the program")
        for version in range(current + 1, len(MIGRATIONS) + 1):
            for statement in MIGRATIONS[version - 1]:
                conn.execute(statement)
            conn.execute("INSERT INTO schema_version (version) VALUES (?)", (version,))


@contextmanager
def open_ledger(db: str | Path | None = None) -> Iterator[sqlite3.Connection]:
    """Open (creating and migrating) the ledger; the connection is in autocommit mode and closed after."""
    path = resolve_db(db)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    except (OSError, sqlite3.Error) as e:
        raise LedgerError(f"{path}: cannot open the sign-off ledger: {e}") from e
    try:
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        _migrate(conn, path)
        yield conn
    except sqlite3.DatabaseError as e:
        raise LedgerError(f"{path}: sign-off ledger error: {e}") from e
    finally:
        conn.close()


def _canonical(fields: dict[str, Any]) -> str:
    return json.dumps({k: fields[k] for k in _HASHED}, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _row_hash(prev_hash: str, fields: dict[str, Any]) -> str:
    return hashlib.sha256((prev_hash + _canonical(fields)).encode("utf-8")).hexdigest()


def report_sha256(report: Report) -> str:
    """The SHA-256 of a review report's canonical JSON (what the reviewer said, not how long it took)."""
    text = json.dumps(report.to_dict(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _role(role: Role | str) -> Role:
    try:
        return Role(role)
    except ValueError:
        raise LedgerError(f"unknown role {role!r}: expected one of {', '.join(r.value for r in Role)}") from None


def _review(path: Path) -> Report:
    from review.review import review_document  # the reviewer is the heavy part; load it when needed

    return review_document(path)


def _describe(findings: list[Finding]) -> str:
    return "\n".join(f"  - [{f.check}{'/' + f.category if f.category else ''}] {f.message_en} / {f.message_zh}"
                     + (f" ({f.location})" if f.location else "") for f in findings)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def sign_off(
    path: str | Path,
    role: Role | str,
    by: str,
    *,
    reject: bool = False,
    comment: str = "",
    override_reason: str | None = None,
    db: str | Path | None = None,
    clock: Clock | None = None,
) -> Entry:
    """Review ``path``, then record ``by``'s decision for ``role`` on its current bytes.

    An approval is refused (LedgerError listing them) while ``role`` owns blocker findings, unless
    ``override_reason`` is given: the override is recorded and shown by every later status and pack.
    ``db`` ``None``: see ``resolve_db``; ``clock`` ``None``: the system clock in UTC. Bad input (unknown
    role, missing or unreadable file, empty name) raises before anything is written.
    """
    p = Path(path)
    the_role = _role(role)
    person = by.strip()
    if not person:
        raise LedgerError("a sign-off needs the name of the person signing (--by)")
    if override_reason is not None:
        override_reason = override_reason.strip()
        if not override_reason:
            raise LedgerError("an override needs a reason (--reason)")
        if reject:
            raise LedgerError("an override applies to an approval, not to a rejection")
    if not p.is_file():
        raise DocumentReadError(p, "no such file")
    identity = identify_document(p)
    report = _review(p)
    if not report.readable:
        raise DocumentReadError(p, "no text could be read, so it cannot be reviewed or signed off")
    if file_sha256(p) != identity.sha256:
        raise LedgerError(f"{p}: the file changed while it was being reviewed; sign off again")
    role_blockers = report.blockers_for(the_role)
    if not reject and role_blockers and override_reason is None:
        raise LedgerError(
            f"{p}: {the_role.value} cannot approve: the review found {len(role_blockers)} blocker(s) owned by "
            f"{the_role.value}; fix the document, or approve with --override --reason \"…\"\n"
            + _describe(role_blockers)
        )
    at = (clock or _now)()
    if at.tzinfo is None:
        raise LedgerError("the clock must return an aware datetime (UTC)")
    fields: dict[str, Any] = {
        "doc_sha256": identity.sha256,
        "file_name": identity.file_name,
        "contract_no": identity.contract_no,
        "role": the_role.value,
        "person": person,
        "decision": (Decision.reject if reject else Decision.approve).value,
        "comment": comment,
        "override": 1 if override_reason is not None else 0,
        "override_reason": override_reason,
        "at_utc": at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "report_sha256": report_sha256(report),
        "blockers": len(report.blockers),
        "role_blockers": len(role_blockers),
    }
    with open_ledger(db) as conn, _immediate(conn):
        last = conn.execute("SELECT id, row_hash FROM signoffs ORDER BY id DESC LIMIT 1").fetchone()
        seq = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'signoffs'").fetchone()
        fields["id"] = max(last["id"] if last else 0, seq[0] if seq else 0) + 1
        fields["prev_hash"] = last["row_hash"] if last else GENESIS
        fields["row_hash"] = _row_hash(fields["prev_hash"], fields)
        conn.execute(f"INSERT INTO signoffs ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))})",
                     [fields[c] for c in _COLUMNS])
        row = conn.execute("SELECT * FROM signoffs WHERE id = ?", (fields["id"],)).fetchone()
    return Entry._from_row(row)


def entries_for(identity: DocumentIdentity, db: str | Path | None = None) -> tuple[list[Entry], list[Entry]]:
    """The entries for ``identity``'s bytes, and those for earlier bytes of the same document.

    "The same document" is the same contract number when one is known, else the same file name.
    """
    with open_ledger(db) as conn:
        if identity.contract_no:
            rows = conn.execute("SELECT * FROM signoffs WHERE doc_sha256 = ? OR contract_no = ? ORDER BY id",
                                (identity.sha256, identity.contract_no)).fetchall()
        else:
            rows = conn.execute("SELECT * FROM signoffs WHERE doc_sha256 = ? OR (file_name = ? AND contract_no IS "
                                "NULL) ORDER BY id", (identity.sha256, identity.file_name)).fetchall()
    entries = [Entry._from_row(r) for r in rows]
    return ([e for e in entries if e.doc_sha256 == identity.sha256],
            [e for e in entries if e.doc_sha256 != identity.sha256])


def status(path: str | Path, db: str | Path | None = None) -> SignoffStatus:
    """Each role's state for the file's current bytes (approved / rejected / pending), with overrides
    and the void approvals given to earlier bytes. Raises DocumentReadError for a missing file."""
    identity = identify_document(path)
    current, earlier = entries_for(identity, db)
    roles: dict[Role, RoleState] = {}
    for role in Role:
        mine = [e for e in current if e.role is role]
        last = mine[-1] if mine else None
        state = State.pending if last is None else (
            State.approved if last.decision is Decision.approve else State.rejected)
        roles[role] = RoleState(
            role, state, last,
            overrides=[e for e in mine if e.override],
            void=[e for e in earlier if e.role is role and e.decision is Decision.approve],
        )
    return SignoffStatus(identity, roles, current)


def verify(db: str | Path | None = None) -> Verification:
    """Walk the hash chain; report every edited, deleted or inserted row by id."""
    path = resolve_db(db)
    problems: list[ChainProblem] = []
    with open_ledger(path) as conn:
        rows = conn.execute(f"SELECT {', '.join(_COLUMNS)} FROM signoffs ORDER BY id").fetchall()
        seq_row = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'signoffs'").fetchone()
    prev_hash, prev_id = GENESIS, 0
    for row in rows:
        fields = dict(row)
        rid = fields["id"]
        if rid != prev_id + 1:
            missing = f"{prev_id + 1}" if rid == prev_id + 2 else f"{prev_id + 1}-{rid - 1}"
            problems.append(ChainProblem(rid, "deleted", f"row(s) {missing} missing before this row"))
        elif fields["prev_hash"] != prev_hash:
            problems.append(ChainProblem(rid, "inserted", "prev_hash does not match the previous row's hash "
                                         "(a row was inserted here, or the previous row was rewritten)"))
        if _row_hash(fields["prev_hash"], fields) != fields["row_hash"]:
            problems.append(ChainProblem(rid, "edited", "the row's contents do not match its hash"))
        prev_hash, prev_id = fields["row_hash"], rid
    seq = seq_row[0] if seq_row else 0
    if seq > prev_id:
        missing = f"{prev_id + 1}" if seq == prev_id + 1 else f"{prev_id + 1}-{seq}"
        problems.append(ChainProblem(prev_id + 1, "deleted", f"newest row(s) {missing} missing"))
    return Verification(path, len(rows), prev_hash, problems)
