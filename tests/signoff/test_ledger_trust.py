"""The ledger is verified before it is trusted (issue 10): a broken chain refused, corrupted cells reported,
what is not a ledger named, reading never creates one, a killed writer leaves a sound chain, where it lives."""

from __future__ import annotations

import datetime as dt
import os
import re
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from clause_library.errors import LedgerBroken, LedgerError, LedgerNotFound
from clause_library.models import Role
from signoff import ledger, store
from tests.signoff.fakes import BOTH, T0, attack, fixed, make_docx, on_server, rows, sign_three


def _sign_decisions(contract: Path, db: Path) -> None:
    """legal approves, finance rejects, business approves."""
    for i, role in enumerate(Role):
        ledger.sign_off(contract, role, f"person {i}", reject=role is Role.finance, db=db,
                        clock=fixed(T0 + dt.timedelta(minutes=i)))


@BOTH
def test_an_edited_rejection_is_refused_not_trusted(contract: Path, db: Path | str) -> None:
    _sign_decisions(contract, db)
    assert ledger.status(contract, db).roles[Role.finance].state is ledger.State.rejected
    attack(db, "UPDATE signoffs SET decision = 'approve' WHERE role = 'finance'")
    with pytest.raises(LedgerBroken, match=r"BROKEN, so no sign-off state(.|\n)*row 2: edited(.|\n)*backup"):
        ledger.status(contract, db)
    with pytest.raises(LedgerBroken, match=r"not recorded(.|\n)*row 2: edited"):
        ledger.sign_off(contract, Role.finance, "Wang", db=db)
    assert rows(db) == 3


@BOTH
@pytest.mark.parametrize("statement", [
    "UPDATE signoffs SET person = 'Mallory' WHERE id = 2",
    "DELETE FROM signoffs WHERE id = 2",
    "DELETE FROM signoffs WHERE id = 3",
    "UPDATE {counter} SET seq = 7",  # the newest rows 4-7 deleted
])
def test_nothing_is_appended_to_a_broken_chain(contract: Path, db: Path | str, statement: str) -> None:
    sign_three(contract, db)
    attack(db, statement.format(counter="signoff_high_water" if on_server(db) else "sqlite_sequence"))
    before = rows(db)
    with pytest.raises(LedgerBroken, match=r"sign-off was not recorded:\n  - row \d: "):
        ledger.sign_off(contract, Role.legal, "Li", db=db)
    assert rows(db) == before


@pytest.mark.parametrize("source", ["--db", "env", "home"])
def test_reading_never_creates_a_ledger(tmp_path: Path, contract: Path, monkeypatch: pytest.MonkeyPatch,
                                        source: str) -> None:
    missing = tmp_path / "typo" / "signof.sqlite3"
    db: Path | None = missing
    expected = "given with --db"
    if source == "env":
        monkeypatch.setenv(ledger.DB_ENV, str(missing))
        db, expected = None, "taken from $CONTRACTS_SIGNOFF_DB"
    elif source == "home":
        monkeypatch.setenv(store.HOME_ENV, str(tmp_path / "home"))
        db, missing, expected = None, tmp_path / "home" / "signoff.sqlite3", "in $CONTRACTS_HOME"
    for read in (lambda: ledger.verify(db), lambda: ledger.status(contract, db)):
        with pytest.raises(LedgerNotFound, match=rf"signof.*: no sign-off ledger there \(path {re.escape(expected)}"):
            read()
    assert not missing.exists() and not missing.parent.exists()


@BOTH
def test_only_a_sign_off_creates_the_ledger_and_says_so(contract: Path, db: Path | str) -> None:
    created: list[Path | str] = []
    ledger.sign_off(contract, Role.legal, "Li", db=db, on_create=created.append)
    ledger.sign_off(contract, Role.finance, "Wang", db=db, on_create=created.append)
    assert created == [store.locate_db(db)] and rows(db) == 2


def _corrupt(db: Path, statement: str) -> None:
    attack(db, "PRAGMA ignore_check_constraints = ON", statement)


@pytest.mark.parametrize(("assignment", "column"), [
    ("at_utc = 'last tuesday'", "at_utc"),
    ("at_utc = '2026-03-02T09:31:00'", "at_utc"),  # no UTC offset
    ("at_utc = X'00ff'", "at_utc"),  # a blob
    ("role = 'ceo'", "role"),
    ("person = CAST(X'4c69ff' AS TEXT)", "person"),  # not UTF-8
    ("person = ''", "person"),
    ("decision = 'maybe'", "decision"),
    ("blockers = 'many'", "blockers"),
    ("override = 2", "override"),
    ("override_reason = 'why not'", "override_reason"),
    ("doc_sha256 = zeroblob(32)", "doc_sha256"),
    ("row_hash = X'01'", "row_hash"),
    ("prev_hash = 1.5", "prev_hash"),
])
def test_corrupted_cells_are_reported_not_crashed_on(contract: Path, db: Path, assignment: str, column: str) -> None:
    sign_three(contract, db)
    _corrupt(db, f"UPDATE signoffs SET {assignment} WHERE id = 2")
    problems = ledger.verify(db).problems
    assert (2, "corrupted") in [(p.id, p.kind) for p in problems]
    assert any(f"column {column}:" in p.message for p in problems), problems
    with pytest.raises(LedgerBroken, match=rf"row 2: corrupted: column {column}:"):
        ledger.status(contract, db)


def test_a_text_id_or_sequence_is_reported(contract: Path, db: Path) -> None:
    sign_three(contract, db)
    _corrupt(db, "UPDATE sqlite_sequence SET seq = 'three'")
    assert [(p.id, p.kind) for p in ledger.verify(db).problems] == [(4, "corrupted")]


@pytest.mark.parametrize(("content", "message"), [
    (b"not a database at all, just text\n" * 4, "not an SQLite database"),
    (b"", "an empty database"),
    (None, "without a signoffs table"),
    ("folder", "is a folder"),
])
def test_what_is_not_a_ledger_is_named(contract: Path, tmp_path: Path, content: bytes | str | None,
                                       message: str) -> None:
    path = tmp_path / "other.sqlite3"
    if content is None:
        with sqlite3.connect(path) as conn:
            conn.execute("CREATE TABLE customers (name TEXT)")
    elif content == "folder":
        path.mkdir()
    else:
        assert isinstance(content, bytes)
        path.write_bytes(content)
    before = path.read_bytes() if path.is_file() else None
    for use in (lambda: ledger.verify(path), lambda: ledger.status(contract, path)):
        with pytest.raises(LedgerError, match=rf"other\.sqlite3: .*{message}") as caught:
            use()
        assert caught.value.exit_code == 2
    if content is not None and content != b"":
        with pytest.raises(LedgerError, match=message):
            ledger.sign_off(contract, Role.legal, "Li", db=path)
    assert (path.read_bytes() if path.is_file() else None) == before


def test_a_damaged_file_is_a_broken_ledger(contract: Path, db: Path) -> None:
    sign_three(contract, db)
    data = bytearray(db.read_bytes())
    data[100:] = b"\xff" * (len(data) - 100)  # keep the SQLite header, wreck every page
    db.write_bytes(bytes(data))
    with pytest.raises(LedgerBroken, match=r"damaged.*restore it from a backup") as caught:
        ledger.verify(db)
    assert caught.value.exit_code == 1


@BOTH
@pytest.mark.parametrize(("kwargs", "message"), [
    ({"by": "Li\x07"}, r"the name \(--by\) contains a control character \(U\+0007\) at character 3"),
    ({"by": "Li\nWang"}, r"the name \(--by\) contains a control character \(U\+000A\)"),
    ({"by": "Li\u202egnaW"}, r"the name \(--by\) contains a bidirectional override \(U\+202E\)"),
    ({"by": "Li\udcff"}, r"the name \(--by\) contains a lone surrogate"),  # argv bytes that are not UTF-8
    ({"by": "L" * 201}, r"the name \(--by\) has 201 characters; a text field has at most 200"),
    ({"comment": "ok\x00"}, r"the comment \(--comment\) contains a control character \(U\+0000\)"),
    ({"override_reason": "\x1b[31mred"}, r"the reason \(--reason\) contains a control character \(U\+001B\)"),
])
def test_control_characters_are_refused(contract: Path, db: Path | str, kwargs: dict[str, str], message: str) -> None:
    args: dict[str, str] = {"by": "Li", **kwargs}
    by = args.pop("by")
    with pytest.raises(LedgerError, match=message) as caught:
        ledger.sign_off(contract, Role.legal, by, db=db, **args)  # type: ignore[arg-type]
    assert caught.value.exit_code == 2 and rows(db) == 0 and (on_server(db) or not db.exists())


def test_printable_escapes_what_cannot_be_drawn() -> None:
    assert ledger.printable("王会计") == "王会计"
    assert ledger.printable("Li\x07\u202e\udcff x") == "Li\\x07\\u202e\\udcff x"
    assert ledger.printable("批准 approve\n\tOVERRIDE\r") == "批准 approve\n\tOVERRIDE\\r"  # breaks kept


def test_a_writer_killed_mid_append_leaves_a_sound_chain(contract: Path, db: Path) -> None:
    """The hot journal a SIGKILLed writer leaves is rolled back by the next reader (status opens the
    file read-write for that, though it never writes), and the next sign-off appends after it."""
    sign_three(contract, db)
    script = ("import os, signal, sqlite3, sys\n"
              "conn = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
              "conn.execute('PRAGMA cache_size = 1')\n"
              "conn.execute('BEGIN IMMEDIATE')\n"
              "conn.execute(\"INSERT INTO signoffs SELECT 4, doc_sha256, file_name, contract_no, role, person, \"\n"
              "             \"decision, comment, override, override_reason, at_utc, report_sha256, blockers, \"\n"
              "             \"role_blockers, row_hash, zeroblob(100000), source, account_id, account_username \"\n"
              "             \"FROM signoffs WHERE id = 3\")\n"
              "os.kill(os.getpid(), signal.SIGKILL)\n")
    proc = subprocess.run([sys.executable, "-c", script, str(db)], check=False)
    assert proc.returncode == -signal.SIGKILL
    assert db.with_name(db.name + "-journal").exists()  # a hot journal, left for the next opener
    st = ledger.status(contract, db)
    assert st.all_approved and st.chain.rows == 3
    assert ledger.sign_off(contract, Role.legal, "Li", db=db).id == 4 and ledger.verify(db).ok


_ODD_VALUES: list[object] = [None, b"\x00\xff\xfe", "", "x" * 5_000, -1, 2**62, 1.5, "\x07\u202e",
                             "2026-13-45T00:00:00+00:00", "ceo", "0" * 64, "approve"]


def test_no_cell_content_crashes_verify_or_status(contract: Path, db: Path, tmp_path: Path) -> None:
    """Every column of a ledger whose table was rebuilt without its constraints (as someone with the
    file can), set to each odd value: verify reports, status refuses; neither crashes."""
    sign_three(contract, db)
    with sqlite3.connect(db) as conn:
        conn.executescript("CREATE TABLE loose AS SELECT * FROM signoffs; DROP TABLE signoffs; "
                           "ALTER TABLE loose RENAME TO signoffs;")
    pristine = db.read_bytes()
    assert ledger.verify(db).ok and ledger.status(contract, db).all_approved
    copy = tmp_path / "copy.sqlite3"
    for column in ledger.COLUMNS:
        for value in _ODD_VALUES:
            copy.write_bytes(pristine)
            with sqlite3.connect(copy) as conn:
                # The edit needs no fsync (192 of them took a second): the file written is the same.
                conn.execute("PRAGMA synchronous = OFF")
                conn.execute(f"UPDATE signoffs SET {column} = ? WHERE id = 2", (value,))
            result = ledger.verify(copy)
            if result.ok:  # the value was what the row already held, e.g. decision 'approve'
                assert ledger.status(contract, copy).chain.rows == 3
                continue
            # an odd id moves the row in id order, so then other rows are named too
            assert column == "id" or all(p.id in (2, 3) for p in result.problems), (column, value, result.problems)
            with pytest.raises(LedgerBroken, match=r"row \d+: "):
                ledger.status(contract, copy)


def test_a_file_name_that_is_not_utf8_is_signed_off(tmp_path: Path, db: Path) -> None:
    odd = make_docx(Path(os.fsdecode(bytes(tmp_path) + b"/contract-\xff\x07.docx")))
    entry = ledger.sign_off(odd, Role.legal, "Li", db=db)
    assert entry.file_name == "contract-\ufffd\x07.docx"
    assert ledger.verify(db).ok and ledger.status(odd, db).roles[Role.legal].state is ledger.State.approved


def test_the_default_ledger_is_in_the_users_data_folder_whatever_the_current_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without --db, $CONTRACTS_SIGNOFF_DB or $CONTRACTS_HOME the ledger is the user's, found from any folder;
    a relative $CONTRACTS_HOME, which would name another ledger in each folder, is refused."""
    monkeypatch.delenv(store.HOME_ENV, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("HOME", str(tmp_path / "user"))
    seen = set()
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        monkeypatch.chdir(tmp_path / folder)
        seen.add(ledger.resolve_db())
    assert len(seen) == 1
    (db,) = seen
    assert db.is_absolute() and db.name == "signoff.sqlite3"
    assert tmp_path / "data" in db.parents or tmp_path / "user" in db.parents
    assert store.describe_db().endswith("(by default: in the user's data folder, as neither --db, "
                                        "$CONTRACTS_SIGNOFF_DB nor $CONTRACTS_HOME is set)")
    monkeypatch.setenv(store.HOME_ENV, "relative-home")
    with pytest.raises(LedgerError, match=r"\$CONTRACTS_HOME is 'relative-home', a path relative to the current"):
        ledger.verify()
