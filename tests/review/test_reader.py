"""Reading .docx into blocks: numbering, headings, revisions, comments, tables, other parts; fixtures built in code."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml

from review.document import Part
from review.reader import read_document
from tests.review.docx_builders import W_NS, _add_list, _add_part, _numbered, _save


def test_chinese_automatic_numbering_is_rebuilt(tmp_path: Path) -> None:
    d = docx.Document()
    num = _add_list(d, [("chineseCounting", "第%1条"), ("decimal", "%1.%2")], num_id=7)
    _numbered(d, "定义", num)
    _numbered(d, "本合同所称保密信息是指……", num, ilvl=1)
    _numbered(d, "保密", num)
    _numbered(d, "乙方应当保密。", num, ilvl=1)
    _numbered(d, "违约责任", num)
    texts = [b.text for b in read_document(_save(d, tmp_path)).blocks]
    assert texts == [
        "第一条 定义",
        "1.1 本合同所称保密信息是指……",
        "第二条 保密",
        "2.1 乙方应当保密。",
        "第三条 违约责任",
    ]


def test_english_article_numbering_and_heading_styles(tmp_path: Path) -> None:
    d = docx.Document()
    num = _add_list(d, [("decimal", "Article %1")], num_id=3)
    d.add_heading("Services Agreement", level=1)
    _numbered(d, "Definitions", num)
    _numbered(d, "Confidentiality", num)
    d.add_heading("Sub heading", level=2)
    blocks = read_document(_save(d, tmp_path)).blocks
    assert [(b.text, b.heading_level) for b in blocks] == [
        ("Services Agreement", 1),
        ("Article 1 Definitions", None),
        ("Article 2 Confidentiality", None),
        ("Sub heading", 2),
    ]
    assert blocks[1].location == "paragraph 2"


def test_tracked_changes_and_comments(tmp_path: Path) -> None:
    d = docx.Document()
    p = d.add_paragraph()
    for xml in (
        f'<w:r {W_NS}><w:t xml:space="preserve">乙方应当</w:t></w:r>',
        f'<w:ins {W_NS} w:id="1" w:author="Alice"><w:r><w:t>严格</w:t></w:r></w:ins>',
        f'<w:del {W_NS} w:id="2" w:author="Bob"><w:r><w:delText>不</w:delText></w:r></w:del>',
        f"<w:r {W_NS}><w:t>保密。</w:t></w:r>",
    ):
        p._p.append(parse_xml(xml))
    target = d.add_paragraph("The Supplier shall keep it secret.")
    d.add_comment(target.runs, text="Too weak — add a term.", author="Legal")
    result = read_document(_save(d, tmp_path))
    assert [b.text for b in result.blocks] == ["乙方应当严格保密。", "The Supplier shall keep it secret."]
    assert [(r.kind, r.text, r.author, r.location) for r in result.revisions] == [
        ("insertion", "严格", "Alice", "paragraph 1"),
        ("deletion", "不", "Bob", "paragraph 1"),
    ]
    assert [(c.author, c.text, c.location) for c in result.comments] == [
        ("Legal", "Too weak — add a term.", "paragraph 2")
    ]


def test_tables_in_order_with_headers_footers_footnotes_properties(tmp_path: Path) -> None:
    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "CONFIDENTIAL"
    d.sections[0].footer.paragraphs[0].text = "Contract No. 2024-001"
    d.add_paragraph("Before the table.")
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "保密"
    table.cell(0, 1).text = "乙方应对甲方的商业秘密承担保密义务。"
    table.cell(1, 0).text = "Term"
    table.cell(1, 1).text = "Two years."
    note_ref = f'<w:r {W_NS}><w:footnoteReference w:id="2"/></w:r>'
    after = d.add_paragraph("After the table.")
    after._p.append(parse_xml(note_ref))
    _add_part(
        d,
        "/word/footnotes.xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
        RT.FOOTNOTES,
        f'<w:footnotes {W_NS}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/>'
        f'</w:r></w:p></w:footnote><w:footnote w:id="2"><w:p><w:r><w:t>See Schedule 1.</w:t></w:r>'
        "</w:p></w:footnote></w:footnotes>",
    )
    _add_part(
        d,
        "/docProps/custom.xml",
        "application/vnd.openxmlformats-officedocument.custom-properties+xml",
        RT.CUSTOM_PROPERTIES,
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="clauses">'
        "<vt:lpwstr>conf-001@3</vt:lpwstr></property></Properties>",
        package_level=True,
    )
    result = read_document(_save(d, tmp_path))
    got = [(b.text, b.location, b.part) for b in result.blocks]
    assert got == [
        ("CONFIDENTIAL", "header", Part.header),
        ("Before the table.", "paragraph 1", Part.body),
        ("保密 | 乙方应对甲方的商业秘密承担保密义务。", "table 1 row 1", Part.table),
        ("Term | Two years.", "table 1 row 2", Part.table),
        ("After the table.", "paragraph 2", Part.body),
        ("Contract No. 2024-001", "footer", Part.footer),
        ("See Schedule 1.", "footnote 1", Part.footnote),
    ]
    assert result.blocks[2].cells == ("保密", "乙方应对甲方的商业秘密承担保密义务。")
    assert [b.index for b in result.blocks] == list(range(7))
    assert result.properties == {"clauses": "conf-001@3"}
