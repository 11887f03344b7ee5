"""The sign-off ledger: hash chain, append-only, overrides, bad input, void approvals, concurrency.

The reviewer is replaced by a fake report here (tests/signoff/fakes.py; its own tests live elsewhere); the
whole flow with the real reviewer is tests/cli/test_signoff_flow.py. What makes the ledger trusted only once
verified is tests/signoff/test_ledger_trust.py.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing as mp
import sqlite3
from pathlib import Path

import pytest

from clause_library.errors import DocumentReadError, LedgerError
from clause_library.files import file_sha256
from clause_library.models import Role
from review.findings import Report
from signoff import ledger
from signoff.chain import row_hash
from signoff.identity import Held
from tests.signoff.fakes import BLOCKED, BOTH, T0, attack, fake_review, make_docx, on_server, row_of, rows, sign_three


@BOTH
def test_entries_form_a_hash_chain(contract: Path, db: Path | str) -> None:
    entries = sign_three(contract, db)
    assert [e.id for e in entries] == [1, 2, 3]
    assert entries[0].prev_hash == ledger.GENESIS
    assert [e.prev_hash for e in entries[1:]] == [e.row_hash for e in entries[:-1]]
    assert entries[0].doc_sha256 == file_sha256(contract)
    assert entries[0].contract_no == "T-2026-0001" and entries[0].file_name == "contract.docx"
    assert entries[1].at == T0 + dt.timedelta(minutes=1)
    result = ledger.verify(db)
    assert result.ok and result.rows == 3 and result.head == entries[-1].row_hash


@BOTH
def test_status_all_approved(contract: Path, db: Path | str) -> None:
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
        applied = conn.execute("SELECT version FROM schema_version").fetchall()
        assert applied == [(v,) for v in range(1, len(ledger.MIGRATIONS) + 1)]  # each migration once
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


@BOTH
@pytest.mark.parametrize(("statements", "expected"), [
    (["UPDATE signoffs SET person = 'Mallory' WHERE id = 2"], [(2, "edited")]),
    (["UPDATE signoffs SET decision = 'approve', at_utc = '2026-01-01T00:00:00+00:00' WHERE id = 1"],
     [(1, "edited")]),
    (["DELETE FROM signoffs WHERE id = 2"], [(3, "deleted")]),
    (["DELETE FROM signoffs WHERE id = 3"], [(3, "deleted")]),
    (["INSERT INTO signoffs SELECT 4, doc_sha256, file_name, contract_no, role, 'Eve', decision, comment, override,"
      " override_reason, at_utc, report_sha256, blockers, role_blockers, prev_hash, 'forged', source, account_id,"
      " account_username FROM signoffs WHERE id = 1"], [(4, "inserted"), (4, "corrupted"), (4, "edited")]),
])
def test_verify_catches_tampering(contract: Path, db: Path | str, statements: list[str],
                                  expected: list[tuple[int, str]]) -> None:
    sign_three(contract, db)
    attack(db, *statements)
    result = ledger.verify(db)
    assert not result.ok
    assert [(p.id, p.kind) for p in result.problems] == expected


@BOTH
def test_rehashed_edit_breaks_the_next_link(contract: Path, db: Path | str) -> None:
    sign_three(contract, db)
    row = row_of(db, 2)
    row["person"] = "Mallory"
    forged = row_hash(row["prev_hash"], row)
    attack(db, f"UPDATE signoffs SET person = 'Mallory', row_hash = '{forged}' WHERE id = 2")
    assert [(p.id, p.kind) for p in ledger.verify(db).problems] == [(3, "inserted")]


@BOTH
def test_approval_refused_while_role_has_blockers(contract: Path, db: Path | str) -> None:
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


@BOTH
def test_override_is_recorded_and_shown(contract: Path, db: Path | str) -> None:
    BLOCKED.add(Role.finance)
    entry = ledger.sign_off(contract, "finance", "Wang", override_reason="payment terms agreed in a side letter", db=db)
    assert entry.override and entry.override_reason == "payment terms agreed in a side letter"
    ledger.sign_off(contract, "finance", "Wang", reject=True, db=db)
    ledger.sign_off(contract, "finance", "Zhao", override_reason="side letter signed", db=db)
    fin = ledger.status(contract, db).roles[Role.finance]
    assert fin.state is ledger.State.approved
    assert [e.person for e in fin.overrides] == ["Wang", "Zhao"]


@BOTH
@pytest.mark.parametrize(("kwargs", "message"), [
    ({"reject": True, "override_reason": "x"}, "override applies to an approval"),
    ({"override_reason": "  "}, "needs a reason"),
])
def test_bad_override_records_nothing(contract: Path, db: Path | str, kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(LedgerError, match=message):
        ledger.sign_off(contract, "legal", "Li", db=db, **kwargs)  # type: ignore[arg-type]
    assert rows(db) == 0


@BOTH
def test_unknown_role_records_nothing(contract: Path, db: Path | str) -> None:
    with pytest.raises(LedgerError, match="unknown role 'ceo': expected one of legal, finance, business"):
        ledger.sign_off(contract, "ceo", "Li", db=db)
    with pytest.raises(LedgerError, match="name of the person"):
        ledger.sign_off(contract, "legal", " ", db=db)
    assert rows(db) == 0 and (on_server(db) or not db.exists())


@BOTH
def test_missing_file_records_nothing(tmp_path: Path, db: Path | str) -> None:
    with pytest.raises(DocumentReadError, match=r"nope\.docx: no such file"):
        ledger.sign_off(tmp_path / "nope.docx", "legal", "Li", db=db)
    assert rows(db) == 0 and (on_server(db) or not db.exists())


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


@BOTH
def test_approvals_are_void_after_an_edit(tmp_path: Path, db: Path | str) -> None:
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


def test_a_file_too_large_to_review_is_refused_before_it_is_copied(tmp_path: Path, db: Path) -> None:
    big = tmp_path / "huge.pdf"
    with big.open("wb") as f:  # sparse: 60 MB on paper, nothing on disk
        f.truncate(60 * 1024 * 1024)
    with pytest.raises(DocumentReadError, match=r"huge\.pdf: file too large: 62,914,560 bytes \(limit 52,428,800\)"):
        ledger.sign_off(big, "legal", "Li", db=db)
    assert rows(db) == 0
