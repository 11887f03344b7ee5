"""Legal review 2, N21 and N27: the contract number's bilingual label, the schedule tables' column widths and the
telephone numbers that broke across lines.

N21: "合同编号： / Contract No.: BPO-2026-0007" left the Chinese label without its number; the header and the line
under the title now read "合同编号／Contract No.：BPO-2026-0007". N27: the schedule tables had fixed column widths
so narrow that "序号" and "合计" wrapped one character a line and English header words broke ("Instalme/nt"); the
widths now follow the cells' contents. IT 29.1's "010-" / "65881234": a hyphen between digits is drafted as a
non-breaking hyphen.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest

from clause_library.loader import Library
from generator.draft import draft
from generator.table_layout import column_widths, text_width_cm
from tests.conftest import EXAMPLES, example_request, needs_soffice
from tests.generator.docx_articles import drafted_docx

_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"



def _no_lines(doc: Any) -> list[str]:
    """The header's first line and the body's line with the contract number."""
    header = doc.sections[0].header.paragraphs[0].text
    body = [p.text for p in doc.paragraphs if "No." in p.text or "编号" in p.text][:1]
    return [header, *body]


@pytest.mark.parametrize(("name", "number"), [("bpo_contract_bilingual.yaml", "BPO-2026-0007"),
                                              ("nda_mutual_en.yaml", "NDA-2026-0031")])
def test_bilingual_contract_number_follows_both_labels(library: Library, name: str, number: str) -> None:
    lines = _no_lines(drafted_docx(library, example_request(name)))
    assert len(lines) == 2
    for line in lines:
        assert line == f"合同编号／Contract No.：{number}", line
        assert "合同编号： /" not in line


def test_contract_number_label_in_one_language(library: Library) -> None:
    zh = example_request("it_contract_zh.yaml")
    assert _no_lines(drafted_docx(library, zh))[0] == "合同编号：IT-2026-0001"
    en = copy.deepcopy(example_request("nda_mutual_en.yaml"))
    en["language"] = "en"
    en["contract_no"] = "NDA-2026-0999"
    assert _no_lines(drafted_docx(library, en))[0] == "Contract No.: NDA-2026-0999"


def test_column_widths_keep_short_labels_and_words_whole() -> None:
    header = ["序号\nNo.", "付款节点\nInstalment", "付款触发事件\nTrigger", "付款比例\nPercentage",
              "金额（元）\nAmount", "付款条件\nConditions", "付款期限\nDue"]
    long = ("第一季度（2026年5月1日至2026年7月31日）结束且该季度考核完成\n"
            "end of service quarter 1 and its evaluation completed")
    amount = ("人民币450,000.00元（大写：人民币肆拾伍万元整）\n"
              "RMB 450,000.00 (RMB four hundred and fifty thousand yuan only)")
    rows = [["1", "第一季度服务费\nFees for service quarter 1", long, "12.5%", amount, "考核完成、收到合格发票", long],
            ["合计\nTotal", "", "", "100%", "人民币3,600,000.00元", "", ""]]
    widths = column_widths(header, rows, header_pt=9, body_pt=9, total_cm=14.66)
    assert abs(sum(widths) - 14.66) < 0.05
    for w, word in zip(widths, ["序号", "Instalment", "Trigger", "Percentage", "Amount", "Conditions", "Due"],
                       strict=True):
        assert w >= text_width_cm(word, 9, bold=True) + 0.38, (word, w)
    assert widths[0] >= text_width_cm("合计", 9) + 0.38
    # The long columns get the room; the number column no more than its label needs.
    assert widths[2] > widths[0] * 1.5 and widths[6] > widths[3]


@pytest.mark.parametrize("name", ["it_contract_zh.yaml", "bpo_contract_bilingual.yaml", "hr_payroll_zh.yaml"])
def test_schedule_columns_fit_their_labels(library: Library, name: str) -> None:
    doc = drafted_docx(library, example_request(name))
    for table in doc.tables[1:]:  # the first table is the signature block
        cells = table.rows[0].cells
        for cell in cells:
            for word in cell.text.split():
                assert cell.width.cm >= text_width_cm(word if len(word) <= 4 else word[:1], 9, bold=True) + 0.38, \
                    (name, word, cell.width.cm)
        assert abs(sum(c.width.cm for c in cells) - 14.66) < 0.1


def test_telephone_numbers_do_not_break_at_the_hyphen(library: Library) -> None:
    data = copy.deepcopy(example_request("it_contract_zh.yaml"))
    data["vendor"]["phone"] = "0755-8888 1234"  # any request: the hyphen between digits holds
    doc = drafted_docx(library, data)
    notices = [p for p in doc.paragraphs if "65881234" in p.text and "联系人" in p.text]
    assert notices, "the client's notice address with its telephone"
    for p in notices + [p for p in doc.paragraphs if "0755-8888" in p.text]:
        xml = "".join(r._r.xml for r in p.runs)
        assert "noBreakHyphen" in xml, p.text
        assert not [t.text for t in p._p.iter(f"{_NS}t") if re.search(r"\d-\d|\d-$|^-\d", t.text or "")], p.text


@needs_soffice
def test_pdf_schedules_and_notices_do_not_break_labels_or_numbers(tmp_path: Path) -> None:
    result = draft(EXAMPLES / "it_contract_zh.yaml", tmp_path, pdf=True)
    pdf = next(p for p in result.files if p.suffix == ".pdf")
    doc = pdfium.PdfDocument(str(pdf))
    pages = [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    titles = ("附件一 付款计划", "附件三 服务质量考核表")
    schedules = [t for t in pages if any(line.strip() in titles for line in t.splitlines())]
    assert len(schedules) == 2
    for text in schedules:
        lines = [line.strip() for line in text.splitlines()]
        assert "序" not in lines and "号" not in lines and "合" not in lines and "计" not in lines, text[:300]
        assert any(line.startswith("序号") for line in lines)
        assert any(line.startswith("合计") for line in lines)
    notices = next(t for t in pages if "65881234" in t and "联系人" in t)
    assert "010-\r\n" not in notices and "010-\n" not in notices
    assert any("010-65881234" in line or "010‑65881234" in line for line in notices.splitlines())
