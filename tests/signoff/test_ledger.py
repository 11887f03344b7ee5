"""The sign-off ledger: hash chain, append-only, verification, concurrency, bad input, void approvals.

The reviewer is replaced by a fake report here (its own tests live elsewhere); the whole flow with
the real reviewer is tests/cli/test_signoff_flow.py.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing as mp
import os
import re
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from docx import Document

from clause_library.errors import DocumentReadError, LedgerBroken, LedgerError, LedgerNotFound
from clause_library.files import file_sha256
from clause_library.models import Role, Severity
from review.findings import Finding, Report
from signoff import ledger, store
from signoff.chain import row_hash
from signoff.identity import Held

T0 = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)

# Which roles the fake reviewer gives a blocker to; module-level so spawned processes see it.
BLOCKED: set[Role] = set()


def fake_report(path: Path, sha256: str | None = None) -> Report:
    """What the fake reviewer says of ``path``: a blocker for each role in BLOCKED."""
    findings = [Finding("missing_category", Severity.blocker, role, f"缺少{role.value}", f"{role.value} clause missing",
                        category="payment") for role in sorted(BLOCKED, key=lambda r: r.value)]
    return Report(str(path), sha256 or file_sha256(path), "docx", "service_contract", "it", True, {}, findings)


def fake_review(held: Held) -> Report:
    """The reviewer's stand-in for the ledger and the pack (their ``_review``), given the document held."""
    return fake_report(Path(held.read.path), held.identity.sha256)


@pytest.fixture(autouse=True)
def _fake_reviewer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ledger, "_review", fake_review)
    monkeypatch.delenv(ledger.DB_ENV, raising=False)
    BLOCKED.clear()


def make_docx(path: Path, number: str = "T-2026-0001", extra: str = "") -> Path:
    doc = Document()
    for text in (f"合同编号：{number}", "甲方（委托方）：北京示例科技股份有限公司",
                 "乙方（受托方）：上海云服信息技术有限公司", "第一条 服务内容", "乙方向甲方提供运维服务。" + extra):
        doc.add_paragraph(text)
    doc.save(str(path))
    return path


@pytest.fixture
def contract(tmp_path: Path) -> Path:
    return make_docx(tmp_path / "contract.docx")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "ledger" / "signoff.sqlite3"


def rows(db: Path) -> int:
    if not db.exists():
        return 0
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT count(*) FROM signoffs").fetchone()[0])


def fixed(at: dt.datetime) -> Callable[[], dt.datetime]:
    return lambda: at


def sign_three(contract: Path, db: Path) -> list[ledger.Entry]:
    entries = []
    for i, role in enumerate(Role):
        at = T0 + dt.timedelta(minutes=i)
        entries.append(ledger.sign_off(contract, role, f"person {i}", db=db, clock=fixed(at)))
    return entries


def test_entries_form_a_hash_chain(contract: Path, db: Path) -> None:
    entries = sign_three(contract, db)
    assert [e.id for e in entries] == [1, 2, 3]
    assert entries[0].prev_hash == ledger.GENESIS
    assert [e.prev_hash for e in entries[1:]] == [e.row_hash for e in entries[:-1]]
    assert entries[0].doc_sha256 == file_sha256(contract)
    assert entries[0].contract_no == "T-2026-0001" and entries[0].file_name == "contract.docx"
    assert entries[1].at == T0 + dt.timedelta(minutes=1)
    result = ledger.verify(db)
    assert result.ok and result.rows == 3 and result.head == entries[-1].row_hash


def test_status_all_approved(contract: Path, db: Path) -> None:
    sign_three(contract, db)
    st = ledger.status(contract, db)
    assert st.all_approved
    finance = st.roles[Role.finance].entry
    assert finance is not None and finance.person == "person 1"
    assert st.identity.parties[0] == ("甲方", "北京示例科技股份有限公司")


def test_schema_is_versioned_and_migrated_once(db: Path) -> None:
    for _ in range(2):
        with ledger.open_ledger(db, create=True):
            pass
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT version FROM schema_version").fetchall() == [(len(ledger.MIGRATIONS),)]
        conn.execute("INSERT INTO schema_version VALUES (99)")
    with pytest.raises(LedgerError, match="newer than this program"), ledger.open_ledger(db):
        pass


def test_db_from_environment(contract: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env_db = tmp_path / "env.sqlite3"
    monkeypatch.setenv(ledger.DB_ENV, str(env_db))
    ledger.sign_off(contract, "legal", "Li", clock=lambda: T0)
    assert rows(env_db) == 1


@pytest.mark.parametrize("statement", ["UPDATE signoffs SET person = 'Mallory' WHERE id = 1",
                                       "DELETE FROM signoffs WHERE id = 1"])
def test_rows_cannot_be_updated_or_deleted(contract: Path, db: Path, statement: str) -> None:
    sign_three(contract, db)
    with sqlite3.connect(db) as conn, pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute(statement)
    assert rows(db) == 3 and ledger.verify(db).ok


def _attack(db: Path, *statements: str) -> None:
    """What someone with the file would do: drop the triggers, then edit."""
    with sqlite3.connect(db) as conn:
        conn.execute("DROP TRIGGER signoffs_no_update")
        conn.execute("DROP TRIGGER signoffs_no_delete")
        for s in statements:
            conn.execute(s)


@pytest.mark.parametrize(("statements", "expected"), [
    (["UPDATE signoffs SET person = 'Mallory' WHERE id = 2"], [(2, "edited")]),
    (["UPDATE signoffs SET decision = 'approve', at_utc = '2026-01-01T00:00:00+00:00' WHERE id = 1"],
     [(1, "edited")]),
    (["DELETE FROM signoffs WHERE id = 2"], [(3, "deleted")]),
    (["DELETE FROM signoffs WHERE id = 3"], [(3, "deleted")]),
    (["INSERT INTO signoffs SELECT 4, doc_sha256, file_name, contract_no, role, 'Eve', decision, comment, override,"
      " override_reason, at_utc, report_sha256, blockers, role_blockers, prev_hash, 'forged' FROM signoffs"
      " WHERE id = 1"], [(4, "inserted"), (4, "corrupted"), (4, "edited")]),
])
def test_verify_catches_tampering(contract: Path, db: Path, statements: list[str],
                                  expected: list[tuple[int, str]]) -> None:
    sign_three(contract, db)
    _attack(db, *statements)
    result = ledger.verify(db)
    assert not result.ok
    assert [(p.id, p.kind) for p in result.problems] == expected


def test_rehashed_edit_breaks_the_next_link(contract: Path, db: Path) -> None:
    sign_three(contract, db)
    with sqlite3.connect(db) as conn:
        row = dict(zip([c[1] for c in conn.execute("PRAGMA table_info(signoffs)")],
                       conn.execute("SELECT * FROM signoffs WHERE id = 2").fetchone(), strict=True))
    row["person"] = "Mallory"
    forged = row_hash(row["prev_hash"], row)
    _attack(db, f"UPDATE signoffs SET person = 'Mallory', row_hash = '{forged}' WHERE id = 2")
    assert [(p.id, p.kind) for p in ledger.verify(db).problems] == [(3, "inserted")]


def test_approval_refused_while_role_has_blockers(contract: Path, db: Path) -> None:
    BLOCKED.add(Role.finance)
    with pytest.raises(LedgerError, match=r"finance cannot approve.*\n.*finance clause missing"):
        ledger.sign_off(contract, Role.finance, "Wang", db=db)
    assert rows(db) == 0
    # Other roles, and a rejection, are not held up by finance's blockers.
    ledger.sign_off(contract, Role.legal, "Li", db=db)
    rejected = ledger.sign_off(contract, Role.finance, "Wang", reject=True, comment="no payment clause", db=db)
    assert rejected.decision is ledger.Decision.reject and rejected.role_blockers == 1 and rejected.blockers == 1
    st = ledger.status(contract, db)
    assert st.roles[Role.finance].state is ledger.State.rejected
    assert st.roles[Role.legal].state is ledger.State.approved
    assert st.roles[Role.business].state is ledger.State.pending


def test_override_is_recorded_and_shown(contract: Path, db: Path) -> None:
    BLOCKED.add(Role.finance)
    entry = ledger.sign_off(contract, "finance", "Wang", override_reason="payment terms agreed in a side letter", db=db)
    assert entry.override and entry.override_reason == "payment terms agreed in a side letter"
    ledger.sign_off(contract, "finance", "Wang", reject=True, db=db)
    ledger.sign_off(contract, "finance", "Zhao", override_reason="side letter signed", db=db)
    fin = ledger.status(contract, db).roles[Role.finance]
    assert fin.state is ledger.State.approved
    assert [e.person for e in fin.overrides] == ["Wang", "Zhao"]


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"reject": True, "override_reason": "x"}, "override applies to an approval"),
    ({"override_reason": "  "}, "needs a reason"),
])
def test_bad_override_records_nothing(contract: Path, db: Path, kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(LedgerError, match=message):
        ledger.sign_off(contract, "legal", "Li", db=db, **kwargs)  # type: ignore[arg-type]
    assert rows(db) == 0


def test_unknown_role_records_nothing(contract: Path, db: Path) -> None:
    with pytest.raises(LedgerError, match="unknown role 'ceo': expected one of legal, finance, business"):
        ledger.sign_off(contract, "ceo", "Li", db=db)
    with pytest.raises(LedgerError, match="name of the person"):
        ledger.sign_off(contract, "legal", " ", db=db)
    assert not db.exists()


def test_missing_file_records_nothing(tmp_path: Path, db: Path) -> None:
    with pytest.raises(DocumentReadError, match=r"nope\.docx: no such file"):
        ledger.sign_off(tmp_path / "nope.docx", "legal", "Li", db=db)
    assert not db.exists()


@pytest.mark.parametrize("content", [b"PK\x03\x04 this is not a zip", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 old .doc"])
def test_unreadable_document_records_nothing(tmp_path: Path, db: Path, content: bytes) -> None:
    bad = tmp_path / "vendor.docx"
    bad.write_bytes(content)
    with pytest.raises(DocumentReadError, match=r"vendor\.docx"):
        ledger.sign_off(bad, "legal", "Li", db=db)
    assert rows(db) == 0


def test_unreadable_text_is_refused(contract: Path, db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def scanned(held: Held) -> Report:
        return Report(held.read.path, held.identity.sha256, "pdf", "service_contract", None, False)

    monkeypatch.setattr(ledger, "_review", scanned)
    with pytest.raises(DocumentReadError, match="no text could be read"):
        ledger.sign_off(contract, "legal", "Li", db=db)
    assert rows(db) == 0


def test_approvals_are_void_after_an_edit(tmp_path: Path, db: Path) -> None:
    path = make_docx(tmp_path / "contract.docx")
    sign_three(path, db)
    make_docx(path, extra="（已修改）")
    st = ledger.status(path, db)
    assert not st.all_approved
    assert all(s.state is ledger.State.pending for s in st.roles.values())
    assert all(len(s.void) == 1 for s in st.roles.values())
    # Same file name, other contract: not this document's approvals.
    (tmp_path / "other").mkdir()
    other = make_docx(tmp_path / "other" / "contract.docx", number="T-2026-0002")
    assert all(not s.void for s in ledger.status(other, db).roles.values())


def _sign_concurrently(path: str, db: str, role: str, person: str, barrier: mp.synchronize.Barrier) -> None:
    ledger._review = fake_review  # spawned processes do not inherit the monkeypatch
    barrier.wait()
    ledger.sign_off(path, role, person, db=db)


def test_concurrent_sign_offs_all_land(contract: Path, db: Path) -> None:
    n = 6
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(n)
    procs = [ctx.Process(target=_sign_concurrently,
                         args=(str(contract), str(db), list(Role)[i % 3].value, f"p{i}", barrier)) for i in range(n)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert [p.exitcode for p in procs] == [0] * n
    result = ledger.verify(db)
    assert result.ok and result.rows == n
    assert sorted(e.person for e in ledger.status(contract, db).entries) == [f"p{i}" for i in range(n)]


# --- The ledger is verified before it is trusted (issue 10) ---------------------------------------

def _sign_decisions(contract: Path, db: Path) -> None:
    """legal approves, finance rejects, business approves."""
    for i, role in enumerate(Role):
        ledger.sign_off(contract, role, f"person {i}", reject=role is Role.finance, db=db,
                        clock=fixed(T0 + dt.timedelta(minutes=i)))


def test_an_edited_rejection_is_refused_not_trusted(contract: Path, db: Path) -> None:
    _sign_decisions(contract, db)
    assert ledger.status(contract, db).roles[Role.finance].state is ledger.State.rejected
    _attack(db, "UPDATE signoffs SET decision = 'approve' WHERE role = 'finance'")
    with pytest.raises(LedgerBroken, match=r"BROKEN, so no sign-off state(.|\n)*row 2: edited(.|\n)*backup"):
        ledger.status(contract, db)
    with pytest.raises(LedgerBroken, match=r"not recorded(.|\n)*row 2: edited"):
        ledger.sign_off(contract, Role.finance, "Wang", db=db)
    assert rows(db) == 3


@pytest.mark.parametrize("statement", [
    "UPDATE signoffs SET person = 'Mallory' WHERE id = 2",
    "DELETE FROM signoffs WHERE id = 2",
    "DELETE FROM signoffs WHERE id = 3",
    "UPDATE sqlite_sequence SET seq = 7",
])
def test_nothing_is_appended_to_a_broken_chain(contract: Path, db: Path, statement: str) -> None:
    sign_three(contract, db)
    _attack(db, statement)
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


def test_only_a_sign_off_creates_the_ledger_and_says_so(contract: Path, db: Path) -> None:
    created: list[Path] = []
    ledger.sign_off(contract, Role.legal, "Li", db=db, on_create=created.append)
    ledger.sign_off(contract, Role.finance, "Wang", db=db, on_create=created.append)
    assert created == [db] and rows(db) == 2


def _corrupt(db: Path, statement: str) -> None:
    _attack(db, "PRAGMA ignore_check_constraints = ON", statement)


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


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"by": "Li\x07"}, r"the name \(--by\) contains a control character \(U\+0007\) at character 3"),
    ({"by": "Li\nWang"}, r"the name \(--by\) contains a control character \(U\+000A\)"),
    ({"by": "Li\u202egnaW"}, r"the name \(--by\) contains a bidirectional override \(U\+202E\)"),
    ({"by": "Li\udcff"}, r"the name \(--by\) contains a lone surrogate"),  # argv bytes that are not UTF-8
    ({"by": "L" * 201}, r"the name \(--by\) has 201 characters; a text field has at most 200"),
    ({"comment": "ok\x00"}, r"the comment \(--comment\) contains a control character \(U\+0000\)"),
    ({"override_reason": "\x1b[31mred"}, r"the reason \(--reason\) contains a control character \(U\+001B\)"),
])
def test_control_characters_are_refused(contract: Path, db: Path, kwargs: dict[str, str], message: str) -> None:
    args: dict[str, str] = {"by": "Li", **kwargs}
    by = args.pop("by")
    with pytest.raises(LedgerError, match=message) as caught:
        ledger.sign_off(contract, Role.legal, by, db=db, **args)  # type: ignore[arg-type]
    assert caught.value.exit_code == 2 and not db.exists()


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
              "             \"role_blockers, row_hash, zeroblob(100000) FROM signoffs WHERE id = 3\")\n"
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
