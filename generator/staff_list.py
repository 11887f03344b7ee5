"""An NDA pack's staff list (外包人员清单, policy 八(二)1): the annex of the pack's NDA naming every vendor person.

For each person on the engagement: the number of the pledge they sign (with its training acknowledgment and
the two separate consents) and a column for the date they sign it; the vendor seals it and the client
confirms it.

The document is laid out once with one row of sentinels; that row is then repeated per person with the person's
values (``ooxml.rows``), so that a list of 10,000 people costs a string of rows, not a tree of 70,000 cells.
"""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from clause_library.identifiers import mask_resident_id
from clause_library.loader import Library
from clause_library.models import Lang

from .ooxml import FIXED_TIME, add_field, apply_east_asian_fonts, core_properties_namespace, deterministic_zip
from .ooxml.rows import repeat_row
from .pledge_template import pledge_contract_no
from .render import EAST_ASIAN_FONT
from .request import NdaRequest
from .roster import Person
from .table_layout import column_widths, fix_widths
from .values import format_date

__all__ = ["STAFF_LIST", "staff_list_docx"]

STAFF_LIST = "staff-list.docx"
_COLUMNS = ("col_no", "col_name", "col_id_masked", "col_role", "col_start_date", "col_pledge_no", "col_signed_on")
# Fixed-width sentinels, one per column, none a part of another.
_SENTINELS = tuple(f"XS{i:02d}SX" for i in range(len(_COLUMNS)))
_BODY_PT = 9
# The room the last column leaves for the date written in by hand, and an 18-character ID number on one line (cm).
_DATE_CM, _ID_CM = 2.4, 3.4
_WIDTH_ROWS = 200


def _join(texts: list[str], sep: str) -> str:
    return sep.join(t for t in texts if t)


def staff_list_docx(lib: Library, nda: NdaRequest, people: list[Person], first: int, *,
                    full_id: bool = False) -> bytes:
    """The staff list of the pack made for ``nda``: ``people`` numbered from ``first`` as their pledges are."""
    langs = nda.language.langs
    labels = _Labels(lib, langs)
    doc = Document()
    _page(doc, nda, labels)
    _heading(doc, nda, labels)
    rows = [_row(nda, n, p, langs, full_id) for n, p in enumerate(people, start=first)]
    _sentinel_table(doc, labels, rows)
    for lang in langs:
        doc.add_paragraph(labels.lib["staff_list_note"].get(lang))
    _signing(doc, nda, labels)
    apply_east_asian_fonts(doc, EAST_ASIAN_FONT)
    with core_properties_namespace():
        cp = doc.core_properties
        cp.created = cp.modified = cp.last_printed = FIXED_TIME
        cp.revision = 1
        cp.title = labels.lib["schedule_staff_list"].get(langs[0])
        cp.subject = nda.contract_no
        cp.author = cp.last_modified_by = "contracts generator"
    buf = io.BytesIO()
    doc.save(buf)
    return repeat_row(deterministic_zip(buf.getvalue()), _SENTINELS, rows)


class _Labels:
    """The library's labels, and each in the list's languages joined."""

    def __init__(self, lib: Library, langs: list[Lang]) -> None:
        self.lib, self.langs = lib.labels, langs

    def __call__(self, key: str, sep: str = " / ") -> str:
        return _join([self.lib[key].get(lang) for lang in self.langs], sep)


def _page(doc: DocxDocument, nda: NdaRequest, labels: _Labels) -> None:
    """A4 with the pack's margins; the NDA it is annexed to in the header, 第 X 页 共 Y 页 in the footer, as the
    pack's other documents."""
    first = labels.langs[0]
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    sec.top_margin = sec.bottom_margin = Cm(2.54)
    sec.left_margin = sec.right_margin = Cm(3.17)
    footer = sec.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run(labels.lib["page_before"].get(first))
    add_field(footer, "PAGE")
    footer.add_run(labels.lib["page_between"].get(first))
    add_field(footer, "NUMPAGES")
    footer.add_run(labels.lib["page_after"].get(first))
    top = sec.header.paragraphs[0]
    top.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    top.add_run(f"{nda.contract_no} {labels('annex')}").font.size = Pt(9)


def _heading(doc: DocxDocument, nda: NdaRequest, labels: _Labels) -> None:
    """The list's title and the sentence that annexes it to the NDA, in each language."""
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(10.5)
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(labels("schedule_staff_list", "\n"))
    run.bold = True
    run.font.size = Pt(16)
    nda_title = labels.lib["title_nda_mutual" if nda.mutual else "title_nda"]
    annex = {Lang.zh: f"本清单为《{nda_title.get(Lang.zh)}》（合同编号：{nda.contract_no}）的附件。",
             Lang.en: f"This list is annexed to the {nda_title.get(Lang.en)} (Contract No. {nda.contract_no})."}
    for lang in labels.langs:
        doc.add_paragraph(annex[lang])


def _sentinel_table(doc: DocxDocument, labels: _Labels, rows: list[tuple[str, ...]]) -> None:
    """The table: its header, and one row of sentinels (``repeat_row`` makes it a row per person), its columns
    as wide as ``rows`` need."""
    header = [labels(k, "\n") for k in _COLUMNS]
    table = doc.add_table(rows=2, cols=len(_COLUMNS))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    # widths as the texts need them; beyond _WIDTH_ROWS rows the longest name and role stand for the rest
    longest = [max((r[i] for r in rows), key=len, default="") for i in range(len(_COLUMNS))]
    widths = column_widths(header, [*rows[:_WIDTH_ROWS], tuple(longest)], header_pt=_BODY_PT, body_pt=_BODY_PT,
                           room_cm=(0, 0, _ID_CM, 0, 0, 0, _DATE_CM))
    fix_widths(table, widths)
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        r = cell.paragraphs[0].add_run(text)
        r.bold = True
        r.font.size = Pt(_BODY_PT)
    for cell, token in zip(table.rows[1].cells, _SENTINELS, strict=True):
        cell.paragraphs[0].add_run(token).font.size = Pt(_BODY_PT)


def _signing(doc: DocxDocument, nda: NdaRequest, labels: _Labels) -> None:
    """The vendor's seal and the client's confirmation, each with its date, kept together."""
    vendor = _join([nda.vendor.name.get(lang) for lang in labels.langs], " / ")
    client = _join([nda.client.name.get(lang) for lang in labels.langs], " / ")
    signing = (f"{labels('vendor_seal')}{vendor}", labels("sign_date"), f"{labels('client_confirms')}{client}",
               labels("sign_date"))
    for text in signing:
        p = doc.add_paragraph(text)
        p.paragraph_format.space_before = Pt(24)
        p.paragraph_format.keep_with_next = True


def _row(nda: NdaRequest, number: int, person: Person, langs: list[Lang], full_id: bool) -> tuple[str, ...]:
    start = "\n".join(dict.fromkeys(format_date(person.start_date, lang) for lang in langs))
    pid = person.id_number if full_id else mask_resident_id(person.id_number)
    return (str(number), person.name, pid, person.role, start, pledge_contract_no(nda, number), "")
