"""Reading .docx, .pdf and .txt into blocks; every fixture is built here, in code."""

from __future__ import annotations

import io
import tracemalloc
import zipfile
from pathlib import Path

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part as OpcPart
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from pypdf import PdfReader, PdfWriter

from clause_library.errors import DocumentReadError
from review.document import Part
from review.docx_numbering import format_number
from review.reader import NO_TEXT_WARNING, decode_text, read_document

W_NS = nsdecls("w")


# -- fixture builders ------------------------------------------------------------------------------
def _add_list(document: docx.document.Document, levels: list[tuple[str, str]], *, num_id: int) -> str:
    """Add an abstract list with (numFmt, lvlText) per level and a w:num for it; return the numId.

    Levels written "%1.%2" get w:isLgl, as Chinese templates do, so "第一条" is followed by "1.1".
    """
    numbering = document.part.numbering_part.element
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/><w:suff w:val="space"/>{"<w:isLgl/>" if "%1.%" in text else ""}'
        "</w:lvl>"
        for i, (fmt, text) in enumerate(levels)
    )
    abstract = parse_xml(f'<w:abstractNum {W_NS} w:abstractNumId="{num_id}">{lvls}</w:abstractNum>')
    first_num = numbering.find(f"{{{numbering.nsmap['w']}}}num")
    if first_num is None:
        numbering.append(abstract)
    else:
        first_num.addprevious(abstract)
    numbering.append(parse_xml(f'<w:num {W_NS} w:numId="{num_id}"><w:abstractNumId w:val="{num_id}"/></w:num>'))
    return str(num_id)


def _numbered(document: docx.document.Document, text: str, num_id: str, ilvl: int = 0) -> None:
    p = document.add_paragraph(text)
    p._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {W_NS}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>')
    )


def _save(document: docx.document.Document, tmp_path: Path, name: str = "c.docx") -> Path:
    path = tmp_path / name
    document.save(str(path))
    return path


def _add_part(
    document: docx.document.Document, name: str, content_type: str, rel: str, xml: str, *, package_level: bool = False
) -> None:
    part = OpcPart(PackURI(name), content_type, xml.encode("utf-8"), document.part.package)
    (document.part.package if package_level else document.part).relate_to(part, rel)


def _pdf(pages: list[list[str]]) -> bytes:
    """A minimal valid PDF, one list of text lines per page (an empty list: a page with no text)."""
    objects: list[bytes] = [b"", b"", b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids: list[int] = []
    for lines in pages:
        ops = ["BT /F1 11 Tf 14 TL 72 760 Td"]
        for line in lines:
            escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops.append(f"({escaped}) Tj T*")
        ops.append("ET")
        stream = "\n".join(ops).encode("latin-1") if lines else b""
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        content_no = len(objects)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
            b"/Resources << /Font << /F1 3 0 R >> >> >>" % content_no
        )
        kids.append(len(objects))
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.writelines(b"%010d 00000 n \n" % off for off in offsets)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


# -- .docx -----------------------------------------------------------------------------------------
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


@pytest.mark.parametrize(
    ("n", "fmt", "expected"),
    [
        (1, "chineseCounting", "一"), (10, "chineseCounting", "十"), (12, "chineseCounting", "十二"),
        (20, "chineseCountingThousand", "二十"), (105, "chineseCountingThousand", "一百零五"),
        (3, "chineseLegalSimplified", "叁"), (12, "ideographDigital", "一二"),
        (4, "upperRoman", "IV"), (28, "lowerLetter", "bb"), (3, "decimalEnclosedCircle", "③"),
        (2, "ideographTraditional", "乙"), (7, "decimal", "7"), (7, "decimalZero", "07"),
    ],
)  # fmt: skip
def test_number_formats(n: int, fmt: str, expected: str) -> None:
    assert format_number(n, fmt) == expected


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


def test_truncated_docx_is_a_clear_error(tmp_path: Path) -> None:
    d = docx.Document()
    d.add_paragraph("text " * 200)
    whole = _save(d, tmp_path).read_bytes()
    cut = tmp_path / "cut.docx"
    cut.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(DocumentReadError, match=r"cut\.docx.*not a valid \.docx \(truncated or corrupt zip\)"):
        read_document(cut)


def _zip_bomb(path: Path, megabytes: int) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w") as f:
            chunk = bytes(1 << 20)
            for _ in range(megabytes):
                f.write(chunk)


def test_zip_bomb_is_refused_without_inflating(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.docx"
    _zip_bomb(bomb, 20)
    assert bomb.stat().st_size < 100_000
    tracemalloc.start()
    try:
        with pytest.raises(DocumentReadError, match="zip bomb"):
            read_document(bomb)
        with pytest.raises(DocumentReadError, match="zip bomb"):
            read_document(bomb, max_ratio=10**9, max_uncompressed=5 << 20)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 5 << 20


def test_too_many_members_and_too_large_files(tmp_path: Path) -> None:
    d = docx.Document()
    d.add_paragraph("x")
    path = _save(d, tmp_path)
    with pytest.raises(DocumentReadError, match="members"):
        read_document(path, max_members=3)
    with pytest.raises(DocumentReadError, match="too large"):
        read_document(path, max_bytes=100)


def test_zip_without_word_document(tmp_path: Path) -> None:
    path = tmp_path / "archive.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("readme.txt", "hello")
    with pytest.raises(DocumentReadError, match=r"not a Word document: a zip archive without word/document\.xml"
                                                r"; if it holds contracts, unzip it"):
        read_document(path)


def test_xml_entities_are_not_expanded(tmp_path: Path) -> None:
    d = docx.Document()
    d.add_paragraph("placeholder")
    path = _save(d, tmp_path)
    evil = (
        '<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "AAAAAAAAAA">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        f"<w:document {W_NS}><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>"
    )
    rebuilt = tmp_path / "evil.docx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(rebuilt, "w") as dst:
        for info in src.infolist():
            data = evil.encode() if info.filename == "word/document.xml" else src.read(info)
            dst.writestr(info, data)
    blocks = read_document(rebuilt).blocks
    assert all("AAAA" not in b.text for b in blocks)


# -- .pdf ------------------------------------------------------------------------------------------
def test_pdf_lines_are_joined_into_paragraphs(tmp_path: Path) -> None:
    path = tmp_path / "c.pdf"
    path.write_bytes(
        _pdf(
            [
                [
                    "SERVICES AGREEMENT",
                    "1. Confidentiality. The Supplier shall keep all information received from the",
                    "Customer strictly confidential and shall not disclose it to any third party",
                    "without prior written consent.",
                    "2. Term",
                    "This Agreement runs for two years.",
                    "- 1 -",
                ],
                ["3. Governing Law. This Agreement is governed by the laws of England."],
            ]
        )
    )
    result = read_document(path)
    assert result.format == "pdf"
    assert result.page_count == 2
    assert [(b.text, b.location, b.page) for b in result.blocks] == [
        ("SERVICES AGREEMENT", "p. 1", 1),
        (
            "1. Confidentiality. The Supplier shall keep all information received from the Customer "
            "strictly confidential and shall not disclose it to any third party without prior written "
            "consent.",
            "p. 1",
            1,
        ),
        ("2. Term", "p. 1", 1),
        ("This Agreement runs for two years.", "p. 1", 1),
        ("3. Governing Law. This Agreement is governed by the laws of England.", "p. 2", 2),
    ]
    assert result.warnings == []


def test_image_only_pdf_has_no_blocks_and_a_warning(tmp_path: Path) -> None:
    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    writer.add_blank_page(612, 792)
    path = tmp_path / "scan.pdf"
    with path.open("wb") as f:
        writer.write(f)
    result = read_document(path)
    assert result.blocks == []
    assert result.pages_without_text == [1, 2]
    assert result.warnings == [NO_TEXT_WARNING]
    assert not result.has_text


def test_pdf_with_some_pages_without_text(tmp_path: Path) -> None:
    path = tmp_path / "mixed.pdf"
    path.write_bytes(_pdf([["1. Scope. The Supplier provides services."], []]))
    result = read_document(path)
    assert result.pages_without_text == [2]
    assert len(result.blocks) == 1
    assert "page(s) 2" in result.warnings[0]


def _encrypted(tmp_path: Path) -> Path:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_pdf([["Secret terms apply."]]))))
    writer.encrypt(user_password="s3cret", owner_password="owner")
    path = tmp_path / "locked.pdf"
    with path.open("wb") as f:
        writer.write(f)
    return path


def test_encrypted_pdf_needs_the_password(tmp_path: Path) -> None:
    path = _encrypted(tmp_path)
    with pytest.raises(DocumentReadError, match=r"locked\.pdf: encrypted PDF: give --password"):
        read_document(path)
    with pytest.raises(DocumentReadError, match="password given is wrong"):
        read_document(path, password="nope")
    assert read_document(path, password="s3cret").text == "Secret terms apply."


def test_malformed_pdf_and_page_limit(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4\nthis is not a pdf body")
    with pytest.raises(DocumentReadError, match=r"bad\.pdf: not a valid PDF"):
        read_document(bad)
    three = tmp_path / "three.pdf"
    three.write_bytes(_pdf([["a"], ["b"], ["c"]]))
    with pytest.raises(DocumentReadError, match="too many pages: 3"):
        read_document(three, max_pages=2)


def test_pypdf_fallback_when_pdfium_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import review.pdf_reader as pdf_reader

    def refuse(*args: object, **kwargs: object) -> None:
        raise pdf_reader.pdfium.PdfiumError("Failed to load document (PDFium: Data format error).", 3)

    monkeypatch.setattr(pdf_reader.pdfium, "PdfDocument", refuse)
    path = tmp_path / "odd.pdf"
    path.write_bytes(_pdf([["1. Scope. The Supplier provides services."]]))
    result = read_document(path)
    assert result.text == "1. Scope. The Supplier provides services."
    assert "pypdf" in result.warnings[0]


# -- .txt ------------------------------------------------------------------------------------------
def test_gbk_text_with_blank_line_paragraphs(tmp_path: Path) -> None:
    path = tmp_path / "合同.txt"
    path.write_bytes("第一条 保密\n乙方应当对甲方的信息\n严格保密。\n\n第二条 期限\n两年。\n".encode("gbk"))
    result = read_document(path)
    assert [(b.text, b.location) for b in result.blocks] == [
        ("第一条 保密", "line 1"),
        ("乙方应当对甲方的信息严格保密。", "line 2"),
        ("第二条 期限", "line 5"),
        ("两年。", "line 6"),
    ]
    assert result.warnings == ["text decoded as gb18030"]


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("保密".encode(), "utf-8"),
        ("\ufeff保密".encode(), "utf-8-sig"),
        ("\ufeff保密".encode("utf-16-le"), "utf-16"),
        ("保密".encode("gb18030"), "gb18030"),
    ],
)
def test_text_encodings(data: bytes, encoding: str) -> None:
    assert decode_text(data) == ("保密", encoding)


def test_missing_file_and_binary_junk(tmp_path: Path) -> None:
    with pytest.raises(DocumentReadError, match=r"nothing\.docx: cannot open"):
        read_document(tmp_path / "nothing.docx")
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"\x00\x01\x02" * 100)
    with pytest.raises(DocumentReadError, match="binary"):
        read_document(junk)
    ole = tmp_path / "old.doc"
    ole.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100))
    with pytest.raises(DocumentReadError, match=r"legacy \.doc"):
        read_document(ole)


_FORMATS = ["decimal", "chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "ideographDigital",
            "ideographTraditional", "ideographZodiac", "upperRoman", "lowerRoman", "upperLetter", "lowerLetter",
            "decimalZero", "decimalFullWidth", "decimalEnclosedCircle", "decimalEnclosedParen", "ordinal",
            "ordinalText", "cardinalText", "japaneseCounting", "none", "bullet", "unknownFormat"]


@pytest.mark.parametrize("fmt", _FORMATS)
def test_number_formats_beyond_their_range(fmt: str) -> None:
    # A list of 703 (or a w:start of 10^12) items still gets a label, and a short one.
    for n in [-5, 0, 1, 26, 27, 702, 703, 781, 4_000, 10_000, 99_999_999, 100_000_000, 10**12]:
        label = format_number(n, fmt)
        assert isinstance(label, str) and len(label) <= 40, (n, fmt, label[:50])
