"""What was published of the ledger (its rows and head, as `contracts signoff verify` prints them) catches what the
chain alone cannot: a chain rewritten and re-hashed as a whole, or cut back together with its high-water mark, by
someone who controls the database. On an SQLite file and on PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from contracts.cli import app
from signoff import ledger
from signoff.chain import GENESIS, row_hash
from tests.signoff.fakes import BOTH, attack, on_server, row_of, sign_three

runner = CliRunner()


def _verify(db: Path | str, *more: str) -> tuple[int, str]:
    result = runner.invoke(app, ["signoff", "verify", "--db", str(db), *more], env={"COLUMNS": "300"})
    return result.exit_code, result.output


def _rehash_all(db: Path | str, rows: int, *, person: str) -> None:
    """Change row 2's person, then recompute every row's prev_hash and row_hash, as a forger would."""
    statements, prev = [], GENESIS
    for rid in range(1, rows + 1):
        fields = row_of(db, rid)
        if rid == 2:
            fields["person"] = person
        new = row_hash(prev, fields)
        statements.append(f"UPDATE signoffs SET person = '{fields['person']}', prev_hash = '{prev}', "
                          f"row_hash = '{new}' WHERE id = {rid}")
        prev = new
    attack(db, *statements)


@BOTH
def test_a_published_head_holds_while_rows_are_only_added(contract: Path, db: Path | str) -> None:
    entries = sign_three(contract, db)
    code, out = _verify(db)
    assert code == 0 and f"to publish: 3:{entries[-1].row_hash}" in out
    ledger.sign_off(contract, "legal", "a fourth", db=db)
    code, out = _verify(db, "--published", f"3:{entries[-1].row_hash}")
    assert code == 0 and "as published: rows 1 to 3 are those that were published" in out, out
    assert _verify(db, "--published", f"0:{GENESIS}")[0] == 0


@BOTH
def test_a_chain_rewritten_and_rehashed_passes_alone_but_not_against_what_was_published(
        contract: Path, db: Path | str) -> None:
    entries = sign_three(contract, db)
    _rehash_all(db, 3, person="Mallory")
    assert ledger.verify(db).ok  # consistent in itself: the chain alone cannot tell
    code, out = _verify(db, "--published", f"3:{entries[-1].row_hash}")
    assert code == 1 and "does NOT hold what was published" in out and "re-hashed" in out, out


@BOTH
def test_rows_cut_back_with_the_high_water_mark_are_caught_against_what_was_published(
        contract: Path, db: Path | str) -> None:
    entries = sign_three(contract, db)
    lower = ("UPDATE signoff_high_water SET seq = 1" if on_server(db)
             else "UPDATE sqlite_sequence SET seq = 1 WHERE name = 'signoffs'")
    attack(db, "DELETE FROM signoffs WHERE id > 1", lower)
    assert ledger.verify(db).ok and ledger.verify(db).rows == 1
    chain, differs = ledger.published_head(3, entries[-1].row_hash, db)
    assert chain.rows == 1 and differs is not None and "fewer than the 3 published" in differs
    assert _verify(db, "--published", f"3:{entries[-1].row_hash}")[0] == 1


@pytest.mark.parametrize("given", ["3", "x:" + "0" * 64, "3:" + "0" * 63, "3:" + "G" * 64, "-1:" + "0" * 64])
def test_a_published_value_that_is_not_rows_and_head_is_refused(given: str, contract: Path, tmp_path: Path) -> None:
    db = tmp_path / "signoff.sqlite3"
    sign_three(contract, db)
    code, out = _verify(db, "--published", given)
    assert code == 2 and "expected ROWS:HEAD" in out, out
