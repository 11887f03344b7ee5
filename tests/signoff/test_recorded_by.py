"""Who recorded each row: the command line or a portal account (id, username, name), covered by the hash; rows written
before the ledger said stay sound; an administrator can forbid command-line rows on a shared ledger."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from clause_library.errors import LedgerError, SignoffRefused
from clause_library.models import Role
from signoff import ledger
from signoff.chain import HASHED, row_hash
from signoff.ledger import AccountRef
from signoff.store import MIGRATIONS
from tests.signoff.fakes import BOTH, attack, row_of, rows, sign_three

LI = AccountRef(3, "li.na", "李娜")


@BOTH
def test_rows_say_who_recorded_them(contract: Path, db: Path | str) -> None:
    cli = ledger.sign_off(contract, Role.legal, "王律师", db=db)
    portal = ledger.sign_off(contract, Role.finance, LI.name, db=db, account=LI)
    assert (cli.source, cli.account_id, cli.recorded_by) == ("cli", None, "command line")
    assert (portal.source, portal.account_id, portal.account_username) == ("portal", 3, "li.na")
    assert portal.recorded_by == "portal account li.na (#3)" and portal.person == "李娜"
    assert ledger.verify(db).ok
    finance = ledger.status(contract, db).roles[Role.finance].entry
    assert finance is not None and finance.account_id == 3


@BOTH
def test_a_portal_row_is_recorded_under_its_accounts_name_only(contract: Path, db: Path | str) -> None:
    with pytest.raises(LedgerError, match="under its account's name"):
        ledger.sign_off(contract, Role.finance, "someone else", db=db, account=LI)
    assert rows(db) == 0


@BOTH
@pytest.mark.parametrize(("statement", "expected"), [
    ("UPDATE signoffs SET account_id = 4 WHERE id = 2", [(2, "edited")]),
    ("UPDATE signoffs SET source = NULL, account_id = NULL, account_username = NULL WHERE id = 2",
     [(2, "corrupted"), (2, "edited")]),
    ("UPDATE signoffs SET source = 'portal' WHERE id = 1",
     [(1, "corrupted"), (1, "edited")]),
    ("UPDATE signoffs SET account_username = 'mallory' WHERE id = 2", [(2, "edited")]),
])
def test_who_recorded_a_row_cannot_be_changed_unseen(contract: Path, db: Path | str, statement: str,
                                                     expected: list[tuple[int, str]]) -> None:
    ledger.sign_off(contract, Role.legal, "王律师", db=db)
    ledger.sign_off(contract, Role.finance, LI.name, db=db, account=LI)
    attack(db, statement)
    assert [(p.id, p.kind) for p in ledger.verify(db).problems] == expected


def _old_ledger(db: Path) -> list[str]:
    """A ledger as schema 1 wrote it: two rows, hashed over the fields of that time; returns their hashes."""
    db.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(db, isolation_level=None)
    for statement in MIGRATIONS[0]:
        conn.execute(statement)
    conn.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
    conn.execute("INSERT INTO schema_version VALUES (1)")
    prev, hashes = "0" * 64, []
    for i, role in enumerate(("legal", "finance"), start=1):
        fields = {"id": i, "doc_sha256": "a" * 64, "file_name": "old.docx", "contract_no": None, "role": role,
                  "person": "旧记录", "decision": "approve", "comment": "", "override": 0, "override_reason": None,
                  "at_utc": "2026-01-02T03:04:05.000000+00:00", "report_sha256": "b" * 64, "blockers": 0,
                  "role_blockers": 0}
        assert set(fields) == set(HASHED)
        fields |= {"prev_hash": prev, "row_hash": row_hash(prev, fields)}
        conn.execute(f"INSERT INTO signoffs ({', '.join(fields)}) VALUES ({', '.join('?' * len(fields))})",
                     list(fields.values()))
        prev = fields["row_hash"]
        hashes.append(prev)
    conn.close()
    return hashes


def test_an_older_ledger_is_migrated_and_its_rows_stay_sound(contract: Path, db: Path) -> None:
    hashes = _old_ledger(db)
    with pytest.raises(LedgerError, match="older than this program"):
        ledger.verify(db)  # reading never migrates
    added = ledger.sign_off(contract, Role.legal, "王律师", db=db)
    check = ledger.verify(db)
    assert check.ok and check.rows == 3 and added.prev_hash == hashes[-1] and added.source == "cli"


@BOTH
def test_a_row_that_does_not_say_who_after_rows_that_do_is_reported(contract: Path, db: Path | str) -> None:
    sign_three(contract, db)
    last = row_of(db, 3)
    forged = {**last, "id": 4, "prev_hash": last["row_hash"], "source": None}
    forged["row_hash"] = row_hash(forged["prev_hash"], forged)
    attack(db, "INSERT INTO signoffs (" + ", ".join(forged) + ") VALUES ("
           + ", ".join("NULL" if v is None else repr(v) for v in forged.values()) + ")")
    problems = ledger.verify(db).problems
    assert [(p.id, p.kind) for p in problems] == [(4, "corrupted")] and "row 1 and later" in problems[0].message


@BOTH
def test_an_administrator_can_forbid_command_line_rows(contract: Path, db: Path | str) -> None:
    ledger.sign_off(contract, Role.legal, "王律师", db=db)
    assert ledger.command_line_allowed(db)
    ledger.set_command_line(False, db)
    assert not ledger.command_line_allowed(db)
    with pytest.raises(SignoffRefused, match="forbidden sign-offs from the command line; sign off on the portal"):
        ledger.sign_off(contract, Role.finance, "王会计", db=db)
    ledger.sign_off(contract, Role.finance, LI.name, db=db, account=LI)  # the portal still records
    assert rows(db) == 2
    ledger.set_command_line(True, db)
    ledger.sign_off(contract, Role.business, "张经理", db=db)
    assert rows(db) == 3 and ledger.verify(db).ok


@BOTH
def test_statuses_read_many_documents_with_one_verification(contract: Path, db: Path | str, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from signoff.identity import identify_document
    from tests.signoff.fakes import make_docx

    other = make_docx(tmp_path / "other.docx", number="T-2026-0002")
    ledger.sign_off(contract, Role.legal, "王律师", db=db)
    ledger.sign_off(other, Role.finance, LI.name, db=db, account=LI)
    walks: list[int] = []
    real = ledger._read
    monkeypatch.setattr(ledger, "_read", lambda *a, **k: walks.append(1) or real(*a, **k))
    identities = [identify_document(contract), identify_document(other)]
    both = ledger.statuses(identities, db)
    assert len(walks) == 1
    assert [s.roles[Role.legal].state.value for s in both] == ["approved", "pending"]
    assert [s.roles[Role.finance].state.value for s in both] == ["pending", "approved"]
    assert [[e.id for e in s.entries] for s in both] == [[1], [2]]


@BOTH
def test_an_approval_of_a_draft_without_a_number_is_void_once_the_number_is_written(tmp_path: Path,
                                                                                      db: Path | str) -> None:
    from tests.signoff.fakes import make_docx

    (tmp_path / "v").mkdir()
    draft = make_docx(tmp_path / "v" / "合同.docx", number="")
    ledger.sign_off(draft, Role.legal, "王律师", db=db)
    numbered = make_docx(tmp_path / "v" / "合同.docx", number="T-2026-0009")
    legal = ledger.status(numbered, db).roles[Role.legal]
    assert legal.state.value == "pending" and [e.id for e in legal.void] == [1]
