"""Splitting read documents into clauses: heading styles, levels, tables, annexes, no lost text."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from review.document import Block, Part, ReadResult, Segment
from review.reader import read_document
from review.segment import segment
from tests.review.docx_builders import _add_list, _numbered, _save

BODY = "The parties agree to the terms set out in this clause, which apply for the whole term."


def _result(*items: str | Block) -> ReadResult:
    blocks: list[Block] = []
    for item in items:
        if isinstance(item, Block):
            blocks.append(
                Block(item.text, len(blocks), item.location, item.part, item.page, item.heading_level, item.cells)
            )
        else:
            blocks.append(Block(item, len(blocks), f"paragraph {len(blocks) + 1}"))
    return ReadResult(path="t.docx", format="docx", blocks=blocks)


def _covers_every_block(result: ReadResult, segments: list[Segment]) -> None:
    covered = sorted(i for s in segments for i in s.blocks)
    assert covered == [b.index for b in result.blocks]


@pytest.mark.parametrize(
    ("line", "number", "heading", "text"),
    [
        ("第五条 保密", "第五条", "保密", BODY),
        ("第5条 保密义务", "第5条", "保密义务", BODY),
        ("第十二条\u3000争议解决", "第十二条", "争议解决", BODY),
        ("第五条保密：乙方应当承担保密义务。", "第五条", "保密", "乙方应当承担保密义务。\n" + BODY),
        ("第五条 乙方应当对甲方的商业秘密承担保密义务，期限为五年。", "第五条", "",
         "乙方应当对甲方的商业秘密承担保密义务，期限为五年。\n" + BODY),
        ("第一章 总则", "第一章", "总则", BODY),
        ("一、合同标的", "一、", "合同标的", BODY),
        ("（一）服务内容", "（一）", "服务内容", BODY),
        ("1、保密条款", "1、", "保密条款", BODY),
        ("1. Definitions", "1.", "Definitions", BODY),
        ("1.1 Services", "1.1", "Services", BODY),
        ("1.1.1 Scope of Work", "1.1.1", "Scope of Work", BODY),
        ("12.3 Governing Law. This Agreement is governed by English law.", "12.3", "Governing Law",
         "This Agreement is governed by English law.\n" + BODY),
        ("4.1 Term; Termination. It runs for a year.", "4.1", "Term; Termination", "It runs for a year.\n" + BODY),
        ("1.1 The Supplier shall perform the services with due care.", "1.1", "",
         "The Supplier shall perform the services with due care.\n" + BODY),
        ("7 Notices", "7", "Notices", BODY),
        ("Article 5 Confidentiality", "Article 5", "Confidentiality", BODY),
        ("ARTICLE I - DEFINITIONS", "ARTICLE I", "DEFINITIONS", BODY),
        ("Section 2.3 Payment Terms", "Section 2.3", "Payment Terms", BODY),
        ("Clause 4: Limitation of Liability", "Clause 4", "Limitation of Liability", BODY),
        ("5. CONFIDENTIALITY The Recipient shall keep it secret.", "5.", "CONFIDENTIALITY",
         "The Recipient shall keep it secret.\n" + BODY),
        ("II. Payment", "II", "Payment", BODY),
        ("CONFIDENTIALITY", None, "CONFIDENTIALITY", BODY),
        ("GOVERNING LAW:", None, "GOVERNING LAW", BODY),
        ("Confidential Information", None, "Confidential Information", BODY),
        # a sentence-case title alone on its numbered line (few words that matter, no verb); a sentence is none
        ("2. Service levels and acceptance", "2.", "Service levels and acceptance", BODY),
        ("8. Vendor's rights and obligations", "8.", "Vendor's rights and obligations", BODY),
        ("7. Each party bears its own costs", "7.", "", "Each party bears its own costs\n" + BODY),
        # a blank to fill (【 】, 【X】) inside a sentence: its space or brackets cut no title off the sentence
        ("七、保管期限为【 】个月，自移交之日起算。", "七、", "", "保管期限为【 】个月，自移交之日起算。\n" + BODY),
        ("3.2 押金为【 】元 退租时返还", "3.2", "", "押金为【 】元 退租时返还\n" + BODY),
        ("第四条 【委托方名称】 应于每月五日前付款", "第四条", "", "【委托方名称】 应于每月五日前付款\n" + BODY),
    ],
)  # fmt: skip
def test_heading_styles(line: str, number: str | None, heading: str, text: str) -> None:
    result = _result("Preamble between the parties.", line, BODY)
    segments = segment(result)
    assert [(s.number, s.heading, s.text) for s in segments] == [
        (None, "", "Preamble between the parties."),
        (number, heading, text),
    ]
    assert segments[1].location == "paragraph 2"
    assert segments[1].blocks == (1, 2)


@pytest.mark.parametrize(
    "line",
    [
        "30 days after the notice the agreement ends.",
        "1.5 million units shall be delivered.",
        "2015 was the year the parties first met and agreed on a number of things.",
        "(a) the Supplier shall keep records;",
        "A. CPR and Supplier are engaged in discussions.",
        "Article 5 of the Master Agreement applies to this order as well.",
        "Schedule 1 sets out the fees payable by the Customer.",
        "甲方：北京某某科技有限公司",
        "【承租方名称】",  # a blank naming what goes there, on its own line above a long paragraph
        "【 】",
    ],
)
def test_body_lines_are_not_headings(line: str) -> None:
    segments = segment(_result("1. Scope", line, BODY))
    assert len(segments) == 1
    assert segments[0].text == f"{line}\n{BODY}"


def test_levels_follow_the_styles_the_document_uses() -> None:
    zh = segment(_result("第一条 服务", "一、范围", "（一）内容", BODY, "第二条 费用"))
    assert [(s.number, s.level) for s in zh] == [("第一条", 1), ("一、", 2), ("（一）", 3), ("第二条", 1)]
    en = segment(_result("ARTICLE 5 CONFIDENTIALITY", "5.1 Scope", BODY, "5.2 Term", BODY, "ARTICLE 6 FEES"))
    assert [s.level for s in en] == [1, 2, 2, 1]
    dec = segment(_result("1. Definitions", BODY, "1.1 Terms", BODY, "1.1.1 More", BODY, "2. Services", BODY))
    assert [s.level for s in dec] == [1, 2, 3, 1]


def test_levels_come_from_how_lists_nest() -> None:
    # Recitals numbered （一）, then 第X条 with 1.1 items and （一） sub-items: the usual order of
    # styles (（一） above 1.1) does not hold here, the nesting in the document does.
    result = _result(
        "鉴于：", "（一）甲方需要运维服务；", "（二）乙方具备相应资质。",
        "第一条 服务内容", "1.1 乙方提供下列服务：", "（一）系统监控；", "（二）故障处理。", "1.2 其他约定。",
        "第二条 费用", "2.1 甲方按季度付款。",
    )  # fmt: skip
    levels = [(s.number, s.level) for s in segment(result) if s.number]
    assert levels == [
        ("（一）", 3), ("（二）", 3), ("第一条", 1), ("1.1", 2), ("（一）", 3), ("（二）", 3), ("1.2", 2),
        ("第二条", 1), ("2.1", 2),
    ]  # fmt: skip


def test_word_heading_style_gives_heading_and_level() -> None:
    result = _result(
        Block("Payment", 0, "paragraph 1", heading_level=1),
        BODY,
        Block("Invoices", 0, "paragraph 3", heading_level=2),
        BODY,
    )
    assert [(s.heading, s.level, s.text) for s in segment(result)] == [
        ("Payment", 1, BODY),
        ("Invoices", 2, BODY),
    ]


def test_bare_number_line_takes_the_next_line_as_title() -> None:
    segments = segment(_result("ARTICLE V", "CONFIDENTIALITY", BODY, "第六条", "违约责任", "违约方应赔偿损失。"))
    assert [(s.number, s.heading, s.text, s.blocks) for s in segments] == [
        ("ARTICLE V", "CONFIDENTIALITY", BODY, (0, 1, 2)),
        ("第六条", "违约责任", "违约方应赔偿损失。", (3, 4, 5)),
    ]


def test_clause_in_a_table_title_column() -> None:
    long_text = "乙方对在履行本合同过程中知悉的甲方商业秘密负有保密义务，保密期限为合同终止后五年。"
    result = _result(
        "第一条 服务",
        BODY,
        Block(f"保密 | {long_text}", 0, "table 1 row 1", Part.table, cells=("保密", long_text)),
        Block("项目 | 说明", 0, "table 1 row 2", Part.table, cells=("项目", "说明")),
    )
    segments = segment(result)
    assert [(s.heading, s.part, s.location) for s in segments] == [
        ("服务", Part.body, "paragraph 1"),
        ("保密", Part.table, "table 1 row 1"),
    ]
    assert segments[1].text == f"{long_text}\n项目 | 说明"
    _covers_every_block(result, segments)


def test_clause_only_in_an_annex() -> None:
    result = _result(
        "EXHIBIT 10.2",
        "SERVICES AGREEMENT",
        "1. Services",
        BODY,
        "2. Fees",
        BODY,
        "Schedule 2 – Data Processing",
        "1. Confidentiality",
        "The processor keeps personal data confidential.",
        "附件一：保密承诺书",
        "本人承诺对工作中知悉的信息严格保密。",
    )
    segments = segment(result)
    assert [(s.number, s.heading, s.part) for s in segments] == [
        ("EXHIBIT 10.2", "SERVICES AGREEMENT", Part.body),
        ("1.", "Services", Part.body),
        ("2.", "Fees", Part.body),
        ("Schedule 2", "Data Processing", Part.annex),
        ("1.", "Confidentiality", Part.annex),
        ("附件一", "保密承诺书", Part.annex),
    ]
    _covers_every_block(result, segments)


def test_no_headings_gives_one_segment_per_paragraph() -> None:
    result = _result("the first paragraph has no heading at all.", "neither does the second one here.")
    segments = segment(result)
    assert [s.text for s in segments] == [b.text for b in result.blocks]
    assert all(s.heading == "" and s.number is None for s in segments)


def test_headers_footers_and_notes_are_their_own_segments() -> None:
    result = _result(
        Block("CONFIDENTIAL", 0, "header", Part.header),
        "1. Services",
        BODY,
        Block("Page 1", 0, "footer", Part.footer),
    )
    segments = segment(result)
    assert [(s.part, s.text) for s in segments] == [
        (Part.header, "CONFIDENTIAL"),
        (Part.body, BODY),
        (Part.footer, "Page 1"),
    ]


def test_docx_with_word_numbering_end_to_end(tmp_path: Path) -> None:
    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "保密协议"
    d.add_paragraph("甲方与乙方经友好协商，订立本协议。")
    num = _add_list(d, [("chineseCounting", "第%1条"), ("decimal", "%1.%2")], num_id=9)
    _numbered(d, "保密信息", num)
    d.add_paragraph("保密信息指一方向另一方披露的任何非公开信息。")
    _numbered(d, "保密义务", num)
    _numbered(d, "接收方应当采取合理措施保护保密信息。", num, ilvl=1)
    d.add_paragraph("附件一：人员清单")
    d.add_paragraph("参与项目的全部人员应签署保密承诺书，并遵守本协议的全部约定。")
    result = read_document(_save(d, tmp_path))
    segments = segment(result)
    assert [(s.number, s.heading, s.level, s.part, s.location) for s in segments] == [
        (None, "", 1, Part.header, "header"),
        (None, "", 1, Part.body, "paragraph 1"),
        ("第一条", "保密信息", 1, Part.body, "paragraph 2"),
        ("第二条", "保密义务", 1, Part.body, "paragraph 4"),
        ("2.1", "", 2, Part.body, "paragraph 5"),
        ("附件一", "人员清单", 1, Part.annex, "paragraph 6"),
    ]
    _covers_every_block(result, segments)


def test_a_numeral_in_lenticular_brackets_numbers_an_article() -> None:
    # 【三】 over a short list is a heading of its own, not the tail of the clause before it
    result = _result("【二】作业时间", "2027年3月6日至2027年3月12日，夜间进行。", "【三】作业要求",
                     "1. 包装须防震；", "2. 车速不超过四十公里。", "〔四〕费用", "总价人民币十万元。")
    segs = segment(result)
    assert [(s.number, s.heading) for s in segs if s.number] == [
        ("【二】", "作业时间"), ("【三】", "作业要求"), ("1.", ""), ("2.", ""), ("〔四〕", "费用")]
    assert "作业要求" not in segs[0].text
    _covers_every_block(result, segs)


@pytest.mark.parametrize("line", ["【甲方名称】负责提供场地。", "【例外】", "【 】年【 】月"])
def test_a_bracketed_blank_or_word_is_no_article_number(line: str) -> None:
    from review.headings import match_numbered

    assert match_numbered(line) is None
