"""Fixtures of the sign-off tests: the fake reviewer in place of the real one, a contract and a ledger: an SQLite file,
or, for a test marked ``BOTH`` (tests/signoff/fakes.py), each of that and a PostgreSQL schema of its own (skipped when
$CONTRACTS_TEST_POSTGRES is not set)."""

from __future__ import annotations

from pathlib import Path

import pytest

from signoff import ledger
from tests.databases import postgres_url
from tests.signoff.fakes import BLOCKED, fake_review, make_docx


@pytest.fixture(autouse=True)
def _fake_reviewer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ledger, "_review", fake_review)
    monkeypatch.delenv(ledger.DB_ENV, raising=False)
    BLOCKED.clear()


@pytest.fixture
def contract(tmp_path: Path) -> Path:
    return make_docx(tmp_path / "contract.docx")


@pytest.fixture
def db(tmp_path: Path, request: pytest.FixtureRequest) -> Path | str:
    if getattr(request, "param", "sqlite") == "postgresql":
        return postgres_url()
    return tmp_path / "ledger" / "signoff.sqlite3"
