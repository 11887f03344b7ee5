"""Fuzz the sign-off ledger: one made by the real commands (legal and finance approve, business rejects),
then tampered with as someone with the file would: cells rewritten with garbage, blobs, wrong types
or a flipped decision, rows deleted, swapped or copied, the schema changed, the file truncated,
bit-flipped, replaced or missing.

The property: `signoff verify`, `signoff status`, a new sign-off and `pack` either agree with an
intact ledger, or refuse a tampered one (exit 1, or 2 for a file that is no ledger) naming it; never a
traceback, a ledger created or changed by a read-only command, a sign-off appended to a broken chain,
or "all three approved" for a tampered ledger.

The same ledger's rows copied into a PostgreSQL schema (they verify there as they are: the hashes are the same on
both engines) are tampered with as the database's owner would, with the triggers off; the same property holds
(skipped without $CONTRACTS_TEST_POSTGRES).
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.databases import postgres_url

from .harness import Outcome, assert_sound, leftovers, run_cli, scaled

COLUMNS = ("id", "doc_sha256", "file_name", "contract_no", "role", "person", "decision", "comment", "override",
           "override_reason", "at_utc", "report_sha256", "blockers", "role_blockers", "prev_hash", "row_hash")
ROWS = 3


@pytest.fixture(scope="module")
def signed(warm: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with contract.docx and ledger.sqlite3: legal and finance approved, business rejected."""
    folder = tmp_path_factory.mktemp("ledger")
    shutil.copy(warm["it_contract_zh.yaml"], folder / "contract.docx")
    for role, extra in (("legal", []), ("finance", []), ("business", ["--reject", "--comment", "价格待议"])):
        o = run_cli(["signoff", "contract.docx", "--role", role, "--by", f"{role} 审批人", "--db", "ledger.sqlite3",
                     *extra], cwd=folder)
        assert o.code == 0, str(o)
    o = run_cli(["signoff", "verify", "--db", "ledger.sqlite3"], cwd=folder)
    assert o.code == 0 and f"{ROWS} rows" in o.stdout, str(o)
    return folder


def _digest(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


def _content(db: Path) -> Any:
    """The signoffs rows with each value's SQLite type, and the sequence: what the chain covers."""
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
            rows = conn.execute(f"SELECT {', '.join(f'typeof({c}), quote({c})' for c in COLUMNS)} "
                                "FROM signoffs ORDER BY id").fetchall()
            seq = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'signoffs'").fetchall()
        return rows, seq
    except sqlite3.Error:
        return None


GARBAGE = st.one_of(
    st.none(), st.integers(-(2**63), 2**63 - 1), st.floats(allow_nan=False), st.binary(max_size=40),
    st.text(max_size=30), st.sampled_from(["approve", "reject", "legal", "finance", "business", "admin", "",
                                           "2026-13-45T00:00:00+00:00", "yesterday", "2026-03-02 09:30:00",
                                           "0" * 64, "x\x1b[2Jy", "\x00", "a\nb", "1" * 400, "1e999"]),
)


@st.composite
def tampering(draw: st.DrawFn) -> tuple[str, Callable[[sqlite3.Connection], None]]:
    """(description, a function that tampers with an open ledger)."""
    how = draw(st.sampled_from(["cell", "cell", "cell", "flip_decision", "delete", "swap", "copy", "schema",
                                "unconstrained_null"]))
    row = draw(st.integers(1, ROWS))
    col = draw(st.sampled_from(COLUMNS))
    value = draw(GARBAGE)
    other = draw(st.integers(1, ROWS))
    statement = draw(st.sampled_from([
        "UPDATE schema_version SET version = 99", "DELETE FROM schema_version", "DROP TABLE schema_version",
        "DROP TABLE signoffs", "ALTER TABLE signoffs RENAME TO old", "ALTER TABLE signoffs ADD COLUMN x TEXT",
        "DELETE FROM sqlite_sequence", "UPDATE sqlite_sequence SET seq = 1000"]))

    def run(conn: sqlite3.Connection) -> None:
        conn.execute("DROP TRIGGER IF EXISTS signoffs_no_update")
        conn.execute("DROP TRIGGER IF EXISTS signoffs_no_delete")
        conn.execute("PRAGMA ignore_check_constraints = ON")
        if how == "cell":
            conn.execute(f"UPDATE signoffs SET {col} = ? WHERE id = ?", (value, row))
        elif how == "flip_decision":
            conn.execute("UPDATE signoffs SET decision = CASE decision WHEN 'reject' THEN 'approve' ELSE 'reject' END "
                         "WHERE id = ?", (row,))
        elif how == "delete":
            conn.execute("DELETE FROM signoffs WHERE id = ?", (row,))
        elif how == "swap" and row != other:
            conn.execute("UPDATE signoffs SET id = -1 WHERE id = ?", (row,))
            conn.execute("UPDATE signoffs SET id = ? WHERE id = ?", (row, other))
            conn.execute("UPDATE signoffs SET id = ? WHERE id = -1", (other,))
        elif how == "copy":
            cols = ", ".join(c for c in COLUMNS if c not in ("id", "row_hash"))
            conn.execute(f"INSERT INTO signoffs ({cols}, row_hash) SELECT {cols}, row_hash || 'x' FROM signoffs "
                         "WHERE id = ?", (row,))
        elif how == "schema":
            conn.execute(statement)
        elif how == "unconstrained_null":
            conn.execute("CREATE TABLE t AS SELECT * FROM signoffs")
            conn.execute("DROP TABLE signoffs")
            conn.execute("ALTER TABLE t RENAME TO signoffs")
            conn.execute(f"UPDATE signoffs SET {col} = ? WHERE id = ?", (value, row))

    if how == "schema":
        return f"schema: {statement}", run
    return f"{how} row {row} {col} = {value!r} (other {other})", run


def _check_commands(work: Path, db: Path, *, tampered: bool | None, what: str) -> None:
    """Run every ledger command on ``db``. ``tampered``: True the chain must be refused, False it must be
    accepted, None either (the ledger is no longer a ledger, or only its schema changed)."""
    before = _digest(db)
    verify = run_cli(["signoff", "verify", "--db", db], cwd=work)
    status = run_cli(["signoff", "status", "contract.docx", "--db", db], cwd=work)
    runs = [verify, status]
    for o in runs:
        assert_sound(o)
        assert _digest(db) == before, f"a read-only command changed or created the ledger ({what}):\n{o}"
        assert "all three approved" not in o.stdout, f"all three approved, but business rejected ({what}):\n{o}"
    if tampered is False:
        assert verify.code == 0 and status.code == 0, f"an intact ledger refused ({what}):\n{verify}\n{status}"
        return
    if tampered:
        assert verify.code == 1, f"a tampered ledger verified ({what}):\n{verify}"
    elif verify.code == 0:
        return  # only the schema around intact rows changed, and the ledger still reads
    for o in runs:
        if tampered or o.code != 0:
            assert o.code in (1, 2), f"a tampered or unreadable ledger accepted ({what}):\n{o}"
            assert db.name in " ".join(o.output.split()), f"the message does not name the ledger ({what}):\n{o}"
    sign = run_cli(["signoff", "contract.docx", "--role", "business", "--by", "张三", "--db", db], cwd=work)
    assert_sound(sign)
    assert sign.code in (1, 2), f"a sign-off appended to a broken ledger ({what}):\n{sign}"
    assert _digest(db) == before, f"a refused sign-off changed the ledger ({what}):\n{sign}"
    pack = run_cli(["pack", "contract.docx", "--db", db, "--out", "pack.pdf"], cwd=work)
    assert_sound(pack)
    assert pack.code in (1, 2) and not (work / "pack.pdf").exists(), f"a pack from a broken ledger ({what}):\n{pack}"
    assert not leftovers(work), f"left behind: {leftovers(work)}"


def _copy(signed: Path, tmp: str) -> tuple[Path, Path]:
    work = Path(tmp)
    shutil.copy(signed / "contract.docx", work / "contract.docx")
    shutil.copy(signed / "ledger.sqlite3", work / "ledger.sqlite3")
    return work, work / "ledger.sqlite3"


@scaled(4)
@given(tampering())
def test_tampered_rows(signed: Path, case: tuple[str, Callable[[sqlite3.Connection], None]]) -> None:
    what, tamper = case
    with tempfile.TemporaryDirectory(prefix="fuzz-ledger-") as tmp:
        work, db = _copy(signed, tmp)
        original = _content(db)
        conn = sqlite3.connect(db, isolation_level=None)
        try:
            tamper(conn)
        except sqlite3.Error:
            pass  # e.g. NOT NULL: the tampering did not happen
        finally:
            conn.close()
        now = _content(db)
        tampered = None if now is None else now != original
        if tampered is False and not what.startswith(("cell", "flip", "delete", "swap", "copy")):
            tampered = None  # the rows are intact but the schema is not: refusing is fine too
        _check_commands(work, db, tampered=tampered, what=what)


@scaled(3)
@given(st.sampled_from(["truncate", "flip", "zero", "random", "directory", "missing", "text"]), st.integers(0, 10**6),
       st.binary(min_size=1, max_size=64))
def test_damaged_ledger_file(signed: Path, how: str, where: int, junk: bytes) -> None:
    with tempfile.TemporaryDirectory(prefix="fuzz-ledger-") as tmp:
        work, db = _copy(signed, tmp)
        body = db.read_bytes()
        at = 100 + where % (len(body) - 100)  # past the 100-byte header, into the pages
        if how == "truncate":
            db.write_bytes(body[: 1 + where % (len(body) - 1)])
        elif how == "flip":
            db.write_bytes(body[:at] + bytes([body[at] ^ junk[0]]) + body[at + 1 :])
        elif how == "zero":
            db.write_bytes(b"")
        elif how == "random":
            db.write_bytes(junk * 100)
        elif how == "text":
            db.write_text("这不是账本\n", encoding="utf-8")
        elif how == "directory":
            db.unlink()
            db.mkdir()
        else:
            db.unlink()
            db = work / "ledgr.sqlite3"  # a mistyped path: must not be created
        if how == "zero":
            return _check_zero(work, db)
        _check_damaged(work, db, how)
        return None


def _check_zero(work: Path, db: Path) -> None:
    """A 0-byte file is what SQLite makes of a new ledger: read-only commands may call it empty."""
    for args in (["signoff", "verify", "--db", db], ["signoff", "status", "contract.docx", "--db", db]):
        o = run_cli(args, cwd=work)
        assert_sound(o)
        assert db.stat().st_size == 0, f"a read-only command wrote into a 0-byte ledger:\n{o}"


def _check_damaged(work: Path, db: Path, how: str) -> None:
    existed = db.exists()
    for args in (["signoff", "verify", "--db", db], ["signoff", "status", "contract.docx", "--db", db],
                 ["pack", "contract.docx", "--db", db, "--out", "pack.pdf"]):
        before = _digest(db)
        o: Outcome = run_cli(args, cwd=work)
        assert_sound(o)
        assert db.exists() == existed, f"a read-only command created the ledger ({how}):\n{o}"
        assert _digest(db) == before, f"a read-only command changed the ledger ({how}):\n{o}"
        if how in ("missing", "directory", "random", "text"):
            assert o.code in (1, 2), f"no ledger, yet exit 0 ({how}):\n{o}"
        if o.code:
            assert db.name in " ".join(o.output.split()), f"the message does not name the ledger ({how}):\n{o}"
        assert not (work / "pack.pdf").exists() or o.code == 0, f"a pack written with exit {o.code}:\n{o}"


@scaled(2)  # both commands, with and without $CONTRACTS_SIGNOFF_DB (a run takes 0.1 s)
@given(st.sampled_from([["signoff", "verify"], ["signoff", "status", "contract.docx"]]), st.booleans())
def test_read_only_commands_never_create_the_ledger(signed: Path, args: list[str], by_env: bool) -> None:
    """With no ledger at the default path ($CONTRACTS_HOME's) or at $CONTRACTS_SIGNOFF_DB, nothing is created."""
    with tempfile.TemporaryDirectory(prefix="fuzz-ledger-") as tmp:
        work = Path(tmp)
        shutil.copy(signed / "contract.docx", work / "contract.docx")
        env = ({"CONTRACTS_SIGNOFF_DB": str(work / "elsewhere" / "ledger.sqlite3")} if by_env
               else {"CONTRACTS_HOME": str(work / "home")})
        before = sorted(p.relative_to(work).as_posix() for p in work.rglob("*"))
        o = run_cli(args, cwd=work, env=env)
        assert_sound(o)
        after = sorted(p.relative_to(work).as_posix() for p in work.rglob("*"))
        assert after == before, f"created {sorted(set(after) - set(before))}:\n{o}"


# --- the same ledger on PostgreSQL -----------------------------------------------------------------------------------

_PG_TEXT = st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"), max_size=30)
_PG_GARBAGE = st.one_of(st.none(), st.integers(-(2**31), 2**31 - 1), _PG_TEXT,
                        st.sampled_from(["approve", "reject", "legal", "finance", "business", "portal", "cli", "",
                                         "2026-13-45T00:00:00+00:00", "2026-03-02 09:30:00", "0" * 64, "x\x1b[2Jy"]))
_PG_INTEGERS = {"id", "override", "blockers", "role_blockers", "account_id"}


def _pg_literal(column: str, value: object) -> str | None:
    """``value`` as an SQL literal of the column's type, or None when the column cannot hold it."""
    if value is None:
        return "NULL"
    if (column in _PG_INTEGERS) != isinstance(value, int):
        return None
    return str(value) if isinstance(value, int) else "'" + str(value).replace("'", "''") + "'"


@st.composite
def pg_tampering(draw: st.DrawFn) -> tuple[str, list[str], bool]:
    """(description, the owner's statements, whether the ledger's rows are what it changes)."""
    how = draw(st.sampled_from(["cell", "cell", "cell", "flip_decision", "delete", "swap", "copy", "high_water"]))
    row, other = draw(st.integers(1, ROWS)), draw(st.integers(1, ROWS))
    col = draw(st.sampled_from([*COLUMNS, "source", "account_id", "account_username"]))
    value = _pg_literal(col, draw(_PG_GARBAGE)) or "NULL"
    statements = {
        "cell": [f"UPDATE signoffs SET {col} = {value} WHERE id = {row}"],
        "flip_decision": [f"UPDATE signoffs SET decision = CASE decision WHEN 'reject' THEN 'approve' ELSE 'reject' "
                          f"END WHERE id = {row}"],
        "delete": [f"DELETE FROM signoffs WHERE id = {row}"],
        "swap": [f"UPDATE signoffs SET id = -1 WHERE id = {row}", f"UPDATE signoffs SET id = {row} WHERE id = {other}",
                 f"UPDATE signoffs SET id = {other} WHERE id = -1"] if row != other else [],
        "copy": [f"INSERT INTO signoffs SELECT {ROWS + 1}, doc_sha256, file_name, contract_no, role, person, decision, "
                 "comment, override, override_reason, at_utc, report_sha256, blockers, role_blockers, prev_hash, "
                 f"row_hash || 'x', source, account_id, account_username FROM signoffs WHERE id = {row}"],
        "high_water": [f"UPDATE signoff_high_water SET seq = {draw(st.integers(0, 10))}"],
    }[how]
    return f"{how}: {'; '.join(statements)}", statements, how != "high_water"


def _pg_content(url: str) -> Any:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        return (conn.execute("SELECT * FROM signoffs ORDER BY id").fetchall(),
                conn.execute("SELECT seq FROM signoff_high_water").fetchall())


def _pg_ledger(signed: Path) -> str:
    """A new PostgreSQL schema holding the signed ledger's rows, copied as they are."""
    from signoff.chain import COLUMNS as ALL
    from signoff.store import open_ledger, transaction

    url = postgres_url()
    with sqlite3.connect(signed / "ledger.sqlite3") as conn:
        rows = conn.execute(f"SELECT {', '.join(ALL)} FROM signoffs ORDER BY id").fetchall()
    with open_ledger(url, create=True) as conn, transaction(conn, "IMMEDIATE"):
        from sqlalchemy import text

        conn.execute(text(f"INSERT INTO signoffs ({', '.join(ALL)}) VALUES ({', '.join(':' + c for c in ALL)})"),
                     [dict(zip(ALL, r, strict=True)) for r in rows])
    return url


@scaled(4)
@given(pg_tampering())
def test_tampered_rows_on_postgresql(signed: Path, case: tuple[str, list[str], bool]) -> None:
    import psycopg

    what, statements, on_rows = case
    url = _pg_ledger(signed)
    assert run_cli(["signoff", "verify", "--db", url], cwd=signed).code == 0  # the copied rows verify as they are
    original = _pg_content(url)
    try:
        with psycopg.connect(url, autocommit=True) as conn, conn.transaction():
            conn.execute("SET LOCAL session_replication_role = replica")
            for statement in statements:
                conn.execute(statement.encode())
    except psycopg.Error:
        pass  # e.g. a CHECK or NOT NULL: the tampering did not happen
    before = _pg_content(url)
    tampered = before != original if on_rows else None
    with tempfile.TemporaryDirectory(prefix="fuzz-ledger-") as tmp:
        work = Path(tmp)
        shutil.copy(signed / "contract.docx", work / "contract.docx")
        verify = run_cli(["signoff", "verify", "--db", url], cwd=work)
        status = run_cli(["signoff", "status", "contract.docx", "--db", url], cwd=work)
        for o in (verify, status):
            assert_sound(o)
            assert "all three approved" not in o.stdout, f"all three approved, but business rejected ({what}):\n{o}"
        assert _pg_content(url) == before, f"a read-only command changed the ledger ({what})"
        if tampered is False or (tampered is None and verify.code == 0):
            assert verify.code == 0 and status.code == 0, f"an intact ledger refused ({what}):\n{verify}\n{status}"
            return
        assert verify.code == 1 and status.code == 1, f"a tampered ledger accepted ({what}):\n{verify}\n{status}"
        assert "postgresql://" in verify.output, f"the message does not name the ledger ({what}):\n{verify}"
        sign = run_cli(["signoff", "contract.docx", "--role", "business", "--by", "张三", "--db", url], cwd=work)
        assert_sound(sign)
        assert sign.code == 1, f"a sign-off not refused by a broken ledger ({what}):\n{sign}"
        assert _pg_content(url) == before, f"a sign-off appended to a broken ledger ({what}):\n{sign}"
        pack = run_cli(["pack", "contract.docx", "--db", url, "--out", "pack.pdf"], cwd=work)
        assert_sound(pack)
        assert pack.code == 1 and not (work / "pack.pdf").exists(), f"a pack from a broken ledger ({what}):\n{pack}"
        assert not leftovers(work), f"left behind: {leftovers(work)}"
