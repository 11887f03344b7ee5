"""The sign-off flow end to end, as issue 6's "Done when" walks it, partly through the `contracts` command.

draft → review → finance approval refused while the payment clause is missing → fixed request →
all three approve → the pack has no watermark → the .docx is edited → the approvals are void →
a hand-edited ledger row is caught by verify. The PDF parts are skipped without LibreOffice.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader
from typer.testing import CliRunner

from clause_library.errors import LedgerError
from clause_library.models import Role
from contracts.cli import app
from contracts.pack import PARTS, build_signoff_pack
from review import ledger
from tests.conftest import EXAMPLES

review_mod = pytest.importorskip("review.review", reason="the reviewer (review/review.py) has not landed yet")

runner = CliRunner()
HAS_SOFFICE = shutil.which("soffice") is not None
PAYMENT_HEADING = re.compile(r"^第[一二三四五六七八九十]+条\s*(付款|支付|发票)")


def drop_payment_article(docx: Path) -> None:
    """Remove the payment and invoicing articles (heading to the next article; the invoicing article
    says when the client pays against invoices, which is payment substance), the payment schedule
    table, and the change clause's mention of "付款方式"."""
    doc = Document(str(docx))
    body = doc.element.body
    dropping = False
    for p in list(doc.paragraphs):
        if p.style is not None and p.style.name == "Heading 1":
            dropping = bool(PAYMENT_HEADING.match(p.text))
        if dropping:
            body.remove(p._p)
    for p in list(doc.paragraphs):
        if "付款计划" in p.text and p.style is not None and p.style.name == "Heading 2":
            table = p._p.getnext()
            body.remove(p._p)
            if table is not None and table.tag.endswith("}tbl"):
                body.remove(table)
    for p in doc.paragraphs:
        if "付款方式、" in p.text:
            p.text = p.text.replace("付款方式、", "")
    doc.save(str(docx))


def contract_pages(pack: Path) -> list[str]:
    reader = PdfReader(pack)
    titles = {item.title: reader.get_destination_page_number(item) for item in reader.outline
              if not isinstance(item, list)}
    first, after = titles["合同 Contract"], titles["完整性审阅报告 Completeness report"]
    assert first is not None and after is not None
    return [reader.pages[i].extract_text() for i in range(first, after)]


def cli(*args: str) -> str:
    result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code == 0, result.output
    return result.output


def test_the_whole_flow(tmp_path: Path) -> None:
    from generator.draft import draft

    db = tmp_path / "signoff.sqlite3"
    out = tmp_path / "output"
    request = EXAMPLES / "it_contract_zh.yaml"

    # 1. Draft, then lose the payment clause (as an over-eager editor would).
    contract = next(p for p in draft(request, out).files if p.suffix == ".docx")
    drop_payment_article(contract)

    # 2. Review: finance owns a blocker for the missing payment clause.
    report = review_mod.review_document(contract)
    assert any(f.category == "payment" for f in report.blockers_for(Role.finance)), report.findings

    # 3. Finance approval is refused, listing the blocker; nothing is recorded.
    with pytest.raises(LedgerError, match=r"finance cannot approve(.|\n)*payment"):
        cli("signoff", str(contract), "--role", "finance", "--by", "王会计", "--db", str(db))
    assert ledger.verify(db).rows == 0
    cli("signoff", str(contract), "--role", "finance", "--by", "王会计", "--reject", "--comment", "缺付款条款",
        "--db", str(db))

    # 4. The request is fixed (drafted again from the proper request): all three approve.
    contract = next(p for p in draft(request, out).files if p.suffix == ".docx")
    assert not review_mod.review_document(contract).blockers_for(Role.finance)
    ledger.sign_off(contract, Role.legal, "李律师", db=db)
    cli("signoff", str(contract), "--role", "finance", "--by", "王会计", "--db", str(db))
    if HAS_SOFFICE:
        pending_pack = build_signoff_pack(contract, tmp_path / "pending.pdf", db)
        assert all("DRAFT — NOT APPROVED" in text for text in contract_pages(pending_pack))
    ledger.sign_off(contract, "business", "赵经理", comment="服务范围确认", db=db)
    st = ledger.status(contract, db)
    assert st.all_approved
    assert st.roles[Role.finance].void == []  # the rejection was of other bytes, and not an approval

    # 5. The pack: four bookmarked parts, the hash as subject, no watermark on any contract page.
    if HAS_SOFFICE:
        pack = Path(cli("pack", str(contract), "--out", str(tmp_path / "pack.pdf"), "--db", str(db))
                    .split("wrote ", 1)[1].strip())
        reader = PdfReader(pack)
        assert reader.metadata is not None and reader.metadata.subject == st.identity.sha256
        assert [item.title for item in reader.outline if not isinstance(item, list)] == list(PARTS)
        pages = contract_pages(pack)
        assert len(pages) > 5 and "IT-2026-0001" in pages[0]
        assert not any("NOT APPROVED" in text or "未审批" in text for text in pages)
        assert b"/Watermark" not in b"".join(reader.pages[i].get_contents().get_data()  # type: ignore[union-attr]
                                             for i in range(1, 1 + len(pages)))
    else:
        pytest.skip("LibreOffice (soffice) is not installed: pack checks skipped")

    # 6. Someone edits the .docx: every approval is void for the new bytes.
    doc = Document(str(contract))
    doc.add_paragraph("补充：乙方应另行提供培训服务。")
    doc.save(str(contract))
    st = ledger.status(contract, db)
    assert not st.all_approved
    assert all(rs.state is ledger.State.pending and len(rs.void) == 1 for rs in st.roles.values())
    shown = cli("signoff", "status", str(contract), "--db", str(db))
    assert "NOT approved" in shown and all(f"#{i}" in shown for i in (2, 3, 4))  # the three void approvals

    # 7. A hand-edited ledger row is caught by verify (and the command exits 1).
    assert "OK" in cli("signoff", "verify", "--db", str(db))
    with sqlite3.connect(db) as conn:
        conn.execute("DROP TRIGGER signoffs_no_update")
        conn.execute("UPDATE signoffs SET person = '李律师（代）' WHERE role = 'legal'")
    bad = ledger.verify(db)
    assert [(p.id, p.kind) for p in bad.problems] == [(2, "edited")]
    result = runner.invoke(app, ["signoff", "verify", "--db", str(db)])
    assert result.exit_code == 1
