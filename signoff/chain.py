"""Checking the sign-off ledger's rows: each cell's type and form, and the hash chain that links them."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from clause_library.models import Role

__all__ = ["COLUMNS", "GENESIS", "ChainProblem", "ChainWalk", "Decision", "Entry", "Verification", "row_hash"]

GENESIS = "0" * 64  # prev_hash of the first row
MAX_PROBLEMS = 1_000  # kept and shown; beyond this they are only counted

# The fields a row hash covers, in this order (the JSON is canonical anyway: sorted keys).
HASHED = ("id", "doc_sha256", "file_name", "contract_no", "role", "person", "decision", "comment", "override",
          "override_reason", "at_utc", "report_sha256", "blockers", "role_blockers")
# Who recorded the row (schema 2): covered by the hash when not NULL, so rows written before them keep their hash,
# and blanking them on a newer row breaks it.
RECORDED_BY = ("source", "account_id", "account_username")
COLUMNS = (*HASHED, *RECORDED_BY, "prev_hash", "row_hash")
_HEX64 = re.compile(r"[0-9a-f]{64}")
_ROLES = frozenset(r.value for r in Role)


class Decision(StrEnum):
    """What a reviewer decided."""

    approve = "approve"
    reject = "reject"


@dataclass(frozen=True)
class ChainProblem:
    """Something wrong at row ``id``: ``kind`` is edited, deleted, inserted or corrupted (a cell that
    does not hold what the column must: garbage, a blob, text that is not UTF-8)."""

    id: int
    kind: str
    message: str

    def __str__(self) -> str:
        return f"row {self.id}: {self.kind}: {self.message}"


@dataclass(frozen=True)
class Verification:
    """The result of walking the chain: ``db`` is the ledger's file, or its database URL with the password
    hidden; ``head`` is the last row's hash (GENESIS when empty); ``problems`` the first MAX_PROBLEMS found,
    ``more`` how many others there were.

    Deleting the newest rows and lowering the high-water mark too (SQLite's ``sqlite_sequence``, PostgreSQL's
    ``signoff_high_water``, which only the database's owner can), or re-hashing the whole chain, cannot be detected
    from the database alone: keep ``head`` elsewhere (the pack's cover prints it).
    """

    db: Path | str
    rows: int
    head: str
    problems: list[ChainProblem] = field(default_factory=list)
    more: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def _canonical(fields: Mapping[str, Any]) -> str:
    covered = {k: fields[k] for k in HASHED} | {k: fields[k] for k in RECORDED_BY if fields.get(k) is not None}
    return json.dumps(covered, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def row_hash(prev_hash: str, fields: Mapping[str, Any]) -> str:
    """The hash of a row: SHA-256 of the previous row's hash and the row's canonical JSON."""
    return hashlib.sha256((prev_hash + _canonical(fields)).encode("utf-8")).hexdigest()


def _show(value: object) -> str:
    """A cell's value for a message: short, one line, control characters escaped."""
    if isinstance(value, bytes):
        return f"binary data ({len(value):,} bytes), not text"
    if value is None:
        return "NULL"
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _is_text(value: object, *, empty: bool = True) -> bool:
    return isinstance(value, str) and (empty or bool(value.strip()))


def _is_count(value: object) -> bool:
    return type(value) is int and value >= 0


def _is_time(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        return dt.datetime.fromisoformat(value).tzinfo is not None
    except ValueError:
        return False


_EXPECTED: dict[str, tuple[str, Any]] = {
    "doc_sha256": ("a SHA-256 in hex", lambda v: isinstance(v, str) and _HEX64.fullmatch(v)),
    "file_name": ("a file name", lambda v: _is_text(v, empty=False)),
    "contract_no": ("text or NULL", lambda v: v is None or _is_text(v)),
    "role": ("one of " + ", ".join(Role), lambda v: isinstance(v, str) and v in _ROLES),
    "person": ("a name", lambda v: _is_text(v, empty=False)),
    "decision": ("approve or reject", lambda v: v in ("approve", "reject")),
    "comment": ("text", _is_text),
    "override": ("0 or 1", lambda v: type(v) is int and v in (0, 1)),
    "override_reason": ("text or NULL", lambda v: v is None or _is_text(v)),
    "at_utc": ("an ISO 8601 time with its UTC offset", _is_time),
    "report_sha256": ("a SHA-256 in hex", lambda v: isinstance(v, str) and _HEX64.fullmatch(v)),
    "blockers": ("a count", _is_count),
    "role_blockers": ("a count", _is_count),
    "source": ("cli, portal or NULL", lambda v: v in (None, "cli", "portal")),
    "account_id": ("an account number or NULL", lambda v: v is None or (type(v) is int and v > 0)),
    "account_username": ("a username or NULL", lambda v: v is None or _is_text(v, empty=False)),
    "prev_hash": ("a SHA-256 in hex", lambda v: isinstance(v, str) and _HEX64.fullmatch(v)),
    "row_hash": ("a SHA-256 in hex", lambda v: isinstance(v, str) and _HEX64.fullmatch(v)),
}


def _bad_cells(fields: Mapping[str, Any]) -> list[str]:
    """What is wrong with the row's cells, one message per column (empty when every cell is sound)."""
    bad = [f"column {col}: holds {_show(fields[col])}, expected {what}"
           for col, (what, check) in _EXPECTED.items() if not check(fields[col])]
    override, reason = fields["override"], fields["override_reason"]
    if override == 1 and not _is_text(reason, empty=False) and isinstance(reason, str | None):
        bad.append("column override_reason: an override without its reason")
    elif override == 0 and reason is not None:
        bad.append(f"column override_reason: holds {_show(reason)} on a row that is not an override")
    account = (fields["account_id"], fields["account_username"])
    if fields["source"] == "portal" and None in account:
        bad.append("columns account_id, account_username: a portal row without the account that recorded it")
    elif fields["source"] != "portal" and account != (None, None):
        bad.append("columns account_id, account_username: an account on a row not recorded on the portal")
    return bad


def _hashable(fields: Mapping[str, Any]) -> bool:
    """Whether the row hash can be recomputed (a blob or a float cannot be what was hashed)."""
    return isinstance(fields["prev_hash"], str) and all(v is None or type(v) in (str, int)
                                                        for v in (fields[k] for k in (*HASHED, *RECORDED_BY)))


class ChainWalk:
    """Walks the rows in id order, checking each row's cells and its links to the row before.

    ``add`` each row (a mapping of COLUMNS), then ``finish`` with the highest id the table ever held.
    """

    def __init__(self) -> None:
        self.rows = 0
        self.problems: list[ChainProblem] = []
        self.more = 0
        self._prev_id = 0
        self._sourced = 0  # the first row that says who recorded it (0: none yet)
        self._prev_hash: str | None = GENESIS  # None: the previous row's hash is unreadable, the link unknown

    def _report(self, rid: int, kind: str, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(ChainProblem(rid, kind, message))
        else:
            self.more += 1

    def add(self, fields: Mapping[str, Any]) -> bool:
        """Check one row; True when nothing is wrong with it."""
        found = len(self.problems) + self.more
        self.rows += 1
        expected = self._prev_id + 1
        rid = fields["id"]
        if type(rid) is not int:
            self._report(expected, "corrupted", f"column id: holds {_show(rid)}, expected a row number")
            rid = expected
        elif rid > expected:
            missing = f"{expected}" if rid == expected + 1 else f"{expected}-{rid - 1}"
            self._report(rid, "deleted", f"row(s) {missing} missing before this row")
        elif rid < expected:
            self._report(rid, "inserted", f"row id {rid} out of sequence (expected {expected} or later)")
        elif self._prev_hash is not None and fields["prev_hash"] != self._prev_hash:
            self._report(rid, "inserted", "prev_hash does not match the previous row's hash "
                                          "(a row was inserted here, or the previous row was rewritten)")
        for message in _bad_cells(fields):
            self._report(rid, "corrupted", message)
        if fields["source"] is not None:
            self._sourced = self._sourced or rid
        elif self._sourced:
            self._report(rid, "corrupted", f"column source: NULL, but row {self._sourced} and later ones say who "
                                           "recorded them (cli or portal)")
        if _hashable(fields) and row_hash(fields["prev_hash"], fields) != fields["row_hash"]:
            self._report(rid, "edited", "the row's contents do not match its hash")
        self._prev_id = max(rid, self._prev_id)
        good_hash = isinstance(fields["row_hash"], str) and _HEX64.fullmatch(fields["row_hash"])
        self._prev_hash = fields["row_hash"] if good_hash else None
        return len(self.problems) + self.more == found

    def finish(self, seq: object, counter: str = "sqlite_sequence") -> None:
        """Compare the highest id ever inserted (``None``: the table never had a row), kept by ``counter``
        (SQLite's AUTOINCREMENT counter, or PostgreSQL's high-water mark), with the last id."""
        if seq is None:
            seq = 0
        if type(seq) is not int:
            self._report(self._prev_id + 1, "corrupted", f"{counter} holds {_show(seq)}, expected a row number")
        elif seq > self._prev_id:
            missing = f"{self._prev_id + 1}" if seq == self._prev_id + 1 else f"{self._prev_id + 1}-{seq}"
            self._report(self._prev_id + 1, "deleted", f"newest row(s) {missing} missing")

    @property
    def head(self) -> str:
        return self._prev_hash or ""

    def result(self, db: Path | str) -> Verification:
        return Verification(db, self.rows, self.head if self.rows else GENESIS, self.problems, self.more)


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
    source: str | None = None  # "cli", "portal", or None on rows written before the ledger said
    account_id: int | None = None  # the portal account that recorded it
    account_username: str | None = None

    @property
    def recorded_by(self) -> str:
        """Who recorded the row, for people: "portal account li.na (#3)", "command line", or "not recorded"."""
        if self.source == "portal":
            return f"portal account {self.account_username} (#{self.account_id})"
        return "command line" if self.source == "cli" else "not recorded (an older row)"

    @classmethod
    def _from_row(cls, row: Mapping[str, Any]) -> Entry:
        """An entry from a row that verification found sound (every cell of the right form)."""
        return cls(
            id=row["id"], doc_sha256=row["doc_sha256"], file_name=row["file_name"], contract_no=row["contract_no"],
            role=Role(row["role"]), person=row["person"], decision=Decision(row["decision"]),
            comment=row["comment"], override=bool(row["override"]), override_reason=row["override_reason"],
            at=dt.datetime.fromisoformat(row["at_utc"]), report_sha256=row["report_sha256"],
            blockers=row["blockers"], role_blockers=row["role_blockers"], prev_hash=row["prev_hash"],
            row_hash=row["row_hash"], source=row["source"], account_id=row["account_id"],
            account_username=row["account_username"],
        )
