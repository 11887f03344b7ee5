"""What the sign-off tests share: a fake reviewer (BLOCKED says which roles it blocks), a small contract, the
ledger's row count, a fixed clock."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from pathlib import Path

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


def attack(db: Path, *statements: str) -> None:
    """What someone with the file would do: drop the triggers, then edit."""
    with sqlite3.connect(db) as conn:
        conn.execute("DROP TRIGGER signoffs_no_update")
        conn.execute("DROP TRIGGER signoffs_no_delete")
        for s in statements:
            conn.execute(s)
