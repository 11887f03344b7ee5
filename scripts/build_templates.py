"""Build the starting Word templates in generator/data/templates/ (legal then restyles them in Word).

Run once: ``python scripts/build_templates.py`` (or ``... DIR`` to write them elsewhere). The
templates hold layout only: styles, A4 page, margins, header with the contract number, footer with
page X of Y fields, title, where the body goes (``{{p body }}``) and the signature block. The words
come from the clause library.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.shared import Cm, Pt

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from clause_library.resources import shipped
from generator.ooxml import (
    add_field,
    delete_paragraph,
    deterministic_zip,
    hide_table_borders,
    remove_paragraph_borders,
    set_fonts,
    set_outline_level,
)

# generator.render.TEMPLATE_DIR, without importing render: its docxcompose import rebinds the "cp" XML
# prefix, and the templates' core properties would come out different
OUT = shipped("generator", "data", "templates")
SERIF_LATIN, SERIF_CJK = "Times New Roman", "宋体"
SANS_CJK = "黑体"
# One template per document kind (clause_library.models.DocumentKind).
KINDS = ("service_contract", "nda", "pledge", "security_agreement", "integrity_agreement", "power_of_attorney",
         "change_agreement", "termination_agreement")


def _styles(doc: DocxDocument) -> None:
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.size = Pt(10.5)
    set_fonts(normal.element, latin=SERIF_LATIN, east_asia=SERIF_CJK)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.ONE_POINT_FIVE

    title = styles["Title"]
    title.font.size = Pt(18)
    title.font.bold = True
    title.font.color.rgb = None
    set_fonts(title.element, latin=SERIF_LATIN, east_asia=SANS_CJK)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_after = Pt(6)
    remove_paragraph_borders(title)  # python-docx's default Title has a bottom border; a contract title does not

    for name, size, level in (("Heading 1", 12, 0), ("Heading 2", 12, 1)):
        h = styles[name]
        h.font.size = Pt(size)
        h.font.bold = True
        h.font.color.rgb = None
        set_fonts(h.element, latin=SERIF_LATIN, east_asia=SANS_CJK)
        h.paragraph_format.space_before = Pt(12 if level == 0 else 18)
        h.paragraph_format.space_after = Pt(6)
        h.paragraph_format.keep_with_next = True
        set_outline_level(h, level)
    styles["Heading 2"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    styles["Heading 2"].paragraph_format.page_break_before = True

    def para_style(name: str, left: float = 0.0, first: float = 0.0, before: float = 3) -> None:
        st = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        st.base_style = normal
        st.quick_style = True
        pf = st.paragraph_format
        pf.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        pf.left_indent = Cm(left)
        pf.first_line_indent = Cm(first)
        pf.space_before = Pt(before)

    para_style("Preamble", before=2)
    styles["Preamble"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    para_style("Clause Text")
    para_style("Clause Item", left=0.74, before=1)
    para_style("Clause Translation", before=1)
    styles["Clause Translation"].font.italic = False
    styles["Clause Translation"].font.size = Pt(10)
    para_style("Table Text", before=0)
    styles["Table Text"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    styles["Table Text"].paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    para_style("Draft Mark", before=0)
    styles["Draft Mark"].font.bold = True


def _page(doc: DocxDocument, with_contract_no: bool) -> None:
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    sec.top_margin = sec.bottom_margin = Cm(2.54)
    sec.left_margin = sec.right_margin = Cm(3.17)
    sec.header_distance = sec.footer_distance = Cm(1.5)
    if with_contract_no:
        hp = sec.header.paragraphs[0]
        hp.text = "{{ L.contract_no }}{{ contract_no }}"
        hp.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        hp.runs[0].font.size = Pt(9)
    fp = sec.footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fp.add_run("{{ L.page_before }}")
    add_field(fp, "PAGE")
    fp.add_run("{{ L.page_between }}")
    add_field(fp, "NUMPAGES")
    fp.add_run("{{ L.page_after }}")
    for r in fp.runs:
        r.font.size = Pt(9)


def _signature_two_parties(doc: DocxDocument) -> None:
    doc.add_paragraph("{{ L.signature_page }}", style="Clause Text").paragraph_format.keep_with_next = True
    table = doc.add_table(rows=4, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    hide_table_borders(table)
    rows = [
        ("{{ L.client_seal }}", "{{ L.vendor_seal }}"),
        ("{{ client_name }}", "{{ vendor_name }}"),
        ("{{ L.representative_sign }}", "{{ L.representative_sign }}"),
        ("{{ L.sign_date }}", "{{ L.sign_date }}"),
    ]
    for row, (left, right) in zip(table.rows, rows, strict=True):
        for cell, text in ((row.cells[0], left), (row.cells[1], right)):
            cell.paragraphs[0].text = text
            cell.paragraphs[0].style = doc.styles["Table Text"]
            cell.paragraphs[0].paragraph_format.space_before = Pt(18)
            # Keep the signature block on one page.
            cell.paragraphs[0].paragraph_format.keep_with_next = True


def _signature_pledgor(doc: DocxDocument) -> None:
    for text in ("{{ L.pledgor_sign }}", "{{ L.sign_date }}"):
        p = doc.add_paragraph(text, style="Clause Text")
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        p.paragraph_format.space_before = Pt(24)
        p.paragraph_format.right_indent = Cm(3)


# The kinds whose documents carry schedules (tables after the signature block).
_WITH_SCHEDULES = ("service_contract", "change_agreement", "termination_agreement")


def build(kind: str) -> bytes:
    doc = Document()
    _styles(doc)
    _page(doc, with_contract_no=kind != "pledge")
    if doc.paragraphs:
        delete_paragraph(doc.paragraphs[0])
    doc.add_paragraph("{{ title }}", style="Title")
    doc.add_paragraph("{%p if subtitle %}")
    doc.add_paragraph("{{ subtitle }}", style="Title")
    doc.add_paragraph("{%p endif %}")
    if kind != "pledge":
        p = doc.add_paragraph("{{ L.contract_no }}{{ contract_no }}", style="Clause Text")
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.add_paragraph("{{p body }}")
    if kind == "pledge":
        _signature_pledgor(doc)
    elif kind != "power_of_attorney":  # a power of attorney's signers are in its text (principal and agent)
        _signature_two_parties(doc)
    if kind in _WITH_SCHEDULES:
        doc.add_paragraph("{{p schedules }}")
    cp = doc.core_properties
    cp.author = cp.last_modified_by = "Legal Department"
    cp.title = f"{kind} template"
    cp.created = cp.modified = dt.datetime(2026, 1, 1)
    cp.revision = 1
    buf = io.BytesIO()
    doc.save(buf)
    return deterministic_zip(buf.getvalue())


def main(out: Path = OUT) -> None:
    out.mkdir(exist_ok=True)
    for kind in KINDS:
        (out / f"{kind}.docx").write_bytes(build(kind))
        print(f"wrote {out / (kind + '.docx')}")


if __name__ == "__main__":
    main(*(Path(a) for a in sys.argv[1:2]))
