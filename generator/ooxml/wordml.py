"""Word XML touches over python-docx objects: East-Asian fonts, fields, outline levels, borders, hyphens, paragraphs."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from typing import Any

from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import nsmap, qn
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from clause_library.vocabulary import CJK_TEXT

__all__ = [
    "CJK",
    "add_field",
    "add_no_break_hyphen",
    "add_styled_paragraph",
    "apply_east_asian_fonts",
    "core_properties_namespace",
    "delete_paragraph",
    "hide_table_borders",
    "iter_paragraphs",
    "remove_paragraph_borders",
    "set_fonts",
    "set_outline_level",
]

CJK = re.compile(f"[{CJK_TEXT}]")  # what is set in the East-Asian font
CORE_PROPERTIES_NS = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"


@contextlib.contextmanager
def core_properties_namespace() -> Iterator[None]:
    """Inside: python-docx's ``cp`` prefix means the core-properties namespace, as python-docx expects.

    docxcompose rebinds that shared prefix, on import, to the custom-properties namespace its own XPath
    needs; python-docx's core-property setters then wrote cp:lastModifiedBy, cp:revision and
    cp:lastPrinted a second time under the wrong namespace in docProps/core.xml.
    """
    saved = nsmap["cp"]
    nsmap["cp"] = CORE_PROPERTIES_NS
    try:
        yield
    finally:
        nsmap["cp"] = saved


def set_fonts(rpr_owner: Any, *, latin: str | None = None, east_asia: str | None = None) -> None:
    """Set ``w:rFonts`` on a run or style: Latin (ascii/hAnsi) and East-Asian (w:eastAsia) faces."""
    rpr = rpr_owner.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        # A theme font overrides the named face; drop it so the named face is used.
        if (latin and theme != "w:eastAsiaTheme") or (east_asia and theme == "w:eastAsiaTheme"):
            fonts.attrib.pop(qn(theme), None)
    if latin:
        fonts.set(qn("w:ascii"), latin)
        fonts.set(qn("w:hAnsi"), latin)
        fonts.set(qn("w:cs"), latin)
    if east_asia:
        fonts.set(qn("w:eastAsia"), east_asia)
        fonts.set(qn("w:hint"), "eastAsia")
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            rpr.append(lang)
        lang.set(qn("w:eastAsia"), "zh-CN")


def add_field(paragraph: Paragraph, instruction: str, placeholder: str = "1") -> None:
    """Append a complex field (e.g. ``PAGE``, ``NUMPAGES``) that Word and LibreOffice update on layout."""

    def run_with(child: Any) -> None:
        r = OxmlElement("w:r")
        r.append(child)
        paragraph._p.append(r)

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run_with(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run_with(instr)
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    run_with(sep)
    text = OxmlElement("w:t")
    text.text = placeholder
    run_with(text)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


def add_styled_paragraph(container: Any, style_id: str) -> Paragraph:
    """``container.add_paragraph()`` with a style given by id: python-docx looks a style up by name
    with a scan of every style each time, which dominated drafting time; ids are resolved once."""
    paragraph: Paragraph = container.add_paragraph()
    paragraph._p.style = style_id
    return paragraph


def add_no_break_hyphen(run: Run) -> None:
    """Append Word's non-breaking hyphen (w:noBreakHyphen) to ``run``: read back as "-", never broken at."""
    run._r.append(OxmlElement("w:noBreakHyphen"))


def set_outline_level(style: Any, level: int) -> None:
    """Give a paragraph style an outline level (0 = top) so Word's navigation pane lists it."""
    ppr = style.element.get_or_add_pPr()
    lvl = ppr.find(qn("w:outlineLvl"))
    if lvl is None:
        lvl = OxmlElement("w:outlineLvl")
        ppr.append(lvl)
    lvl.set(qn("w:val"), str(level))


def remove_paragraph_borders(style: Any) -> None:
    """Remove a paragraph style's borders (w:pBdr), such as python-docx's default Title's bottom rule."""
    ppr = style.element.get_or_add_pPr()
    for border in ppr.findall(qn("w:pBdr")):
        ppr.remove(border)


def hide_table_borders(table: Table) -> None:
    """Give ``table`` no borders at all (w:tblBorders, every edge ``nil``), whatever its style draws."""
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    table._tbl.tblPr.append(borders)


def delete_paragraph(paragraph: Paragraph) -> None:
    """Remove ``paragraph`` from its document (python-docx has no call for it)."""
    paragraph._p.getparent().remove(paragraph._p)


def _table_paragraphs(table: Table) -> Iterator[Paragraph]:
    for row in table.rows:
        for cell in row.cells:
            yield from cell.paragraphs
            for inner in cell.tables:
                yield from _table_paragraphs(inner)


def iter_paragraphs(doc: DocxDocument) -> Iterator[Paragraph]:
    """Every paragraph: body, tables, headers and footers (each section's, once)."""
    yield from doc.paragraphs
    for table in doc.tables:
        yield from _table_paragraphs(table)
    seen: set[int] = set()
    for section in doc.sections:
        for part in (section.header, section.footer, section.first_page_header, section.first_page_footer):
            if part.is_linked_to_previous or id(part._element) in seen:
                continue
            seen.add(id(part._element))
            yield from part.paragraphs
            for table in part.tables:
                yield from _table_paragraphs(table)


def apply_east_asian_fonts(doc: DocxDocument, east_asia: str) -> int:
    """Set ``w:eastAsia`` on every run holding Chinese text that lacks one; returns how many were set."""
    count = 0
    for paragraph in iter_paragraphs(doc):
        for run in paragraph.runs:
            if not CJK.search(run.text):
                continue
            rpr = run._r.rPr
            fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
            if fonts is None or fonts.get(qn("w:eastAsia")) is None:
                set_fonts(run._r, east_asia=east_asia)
                count += 1
    return count
