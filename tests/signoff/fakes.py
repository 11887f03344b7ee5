"""What the sign-off tests share: a fake reviewer (BLOCKED says which roles it blocks), a small contract, the
ledger's row count and tampering with it (an SQLite file, or a PostgreSQL database by its URL), a fixed clock."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from clause_library.files import file_sha256
from clause_library.models import Role, Severity
from review.findings import Finding, Report
from signoff import ledger
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


def make_docx(path: Path, number: str = "T-2026-0001", extra: str = "") -> Path:
    doc = Document()
    for text in (f"合同编号：{number}", "甲方（委托方）：北京示例科技股份有限公司",
                 "乙方（受托方）：上海云服信息技术有限公司", "第一条 服务内容", "乙方向甲方提供运维服务。" + extra):
        doc.add_paragraph(text)
    doc.save(str(path))
    return path


def on_server(db: Path | str) -> bool:
    """Whether ``db`` is a database server's URL (PostgreSQL), not an SQLite file."""
    return isinstance(db, str) and "://" in db


def rows(db: Path | str) -> int:
    """How many rows the ledger's signoffs has (0 when there is no ledger)."""
    if on_server(db):
        import psycopg

        with psycopg.connect(str(db), autocommit=True) as conn:
            if conn.execute("SELECT to_regclass('signoffs')").fetchone() == (None,):
                return 0
            return int(conn.execute("SELECT count(*) FROM signoffs").fetchone()[0])  # type: ignore[index]
    db = Path(db)
    if not db.exists():
        return 0
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT count(*) FROM signoffs").fetchone()[0])


def row_of(db: Path | str, rid: int) -> dict[str, Any]:
    """Every column of the ledger's row ``rid``."""
    if on_server(db):
        import psycopg
        from psycopg.rows import dict_row

        with psycopg.connect(str(db), autocommit=True, row_factory=dict_row) as conn:
            found = conn.execute("SELECT * FROM signoffs WHERE id = %s", (rid,)).fetchone()
            assert found is not None
            return found
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        return dict(conn.execute("SELECT * FROM signoffs WHERE id = ?", (rid,)).fetchone())


def fixed(at: dt.datetime) -> Callable[[], dt.datetime]:
    return lambda: at


def sign_three(contract: Path, db: Path | str | None) -> list[ledger.Entry]:
    entries = []
    for i, role in enumerate(Role):
        at = T0 + dt.timedelta(minutes=i)
        entries.append(ledger.sign_off(contract, role, f"person {i}", db=db, clock=fixed(at)))
    return entries


def attack(db: Path | str, *statements: str, how: str = "replica") -> None:
    """What someone who owns the ledger would do: turn the append-only triggers off, then edit. SQLite: drop the
    triggers. PostgreSQL: ``how`` "replica" (``SET session_replication_role``: no trigger fires, a superuser's way)
    or "disable" (``ALTER TABLE … DISABLE TRIGGER USER``, the table owner's way, turned back on after)."""
    if on_server(db):
        import psycopg

        with psycopg.connect(str(db), autocommit=True) as conn:
            if how == "replica":
                conn.execute("SET session_replication_role = replica")
            else:
                conn.execute("ALTER TABLE signoffs DISABLE TRIGGER USER")
            for s in statements:
                conn.execute(s.encode())  # bytes: a statement, not a template (psycopg reads % in a str)
            if how != "replica":
                conn.execute("ALTER TABLE signoffs ENABLE TRIGGER USER")
        return
    with sqlite3.connect(db) as conn:
        conn.execute("DROP TRIGGER signoffs_no_update")
        conn.execute("DROP TRIGGER signoffs_no_delete")
        for s in statements:
            conn.execute(s)


# A test marked so runs on an SQLite file and on a PostgreSQL schema (its ``db`` fixture, tests/signoff/conftest.py).
BOTH = pytest.mark.parametrize("db", ["sqlite", "postgresql"], indirect=True)
