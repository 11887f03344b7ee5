"""Render an assembled document into a Word template: sandboxed docxtpl, then fixed-bytes output."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import json
import re
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from docxcompose.properties import CustomProperties
from docxtpl import DocxTemplate
from jinja2 import TemplateError

from clause_library.errors import RenderError, TemplateProblem
from clause_library.models import DocumentKind, Lang, Placement
from clause_library.resources import shipped
from clause_library.sandbox import make_environment
from clause_library.vocabulary import ArticleStyle, DocProperty

from .assembled import Article, Assembled, Table
from .ooxml import (
    FIXED_TIME,
    add_no_break_hyphen,
    add_styled_paragraph,
    apply_east_asian_fonts,
    core_properties_namespace,
    deterministic_zip,
)
from .table_layout import column_widths, fix_widths
from .values import article_number

__all__ = ["EAST_ASIAN_FONT", "TEMPLATE_DIR", "TEMPLATE_VARIABLES", "render_docx", "template_path"]

TEMPLATE_DIR = shipped("generator", "data", "templates")
EAST_ASIAN_FONT = "宋体"
# Everything a template may use; `contracts templates check` fails on anything else.
TEMPLATE_VARIABLES = frozenset(
    {"title", "subtitle", "contract_no", "L", "client_name", "vendor_name", "body", "schedules"}
)
# Font sizes of the schedule tables: header (bold) and body alike, so that seven bilingual columns fit.
_HEADER_PT = 9
_BODY_PT = 9
# Room left under a signature or seal label in a signing block written as text, and what such a label says.
_SIGN_ROOM_PT = 30
_SIGN_LABEL = re.compile(r"[：:]\s*$|签字|盖章|签章|\bsignature\b|\bseal\b", re.IGNORECASE)
# The styles the body and the schedules are drafted in: a template defines each.
_STYLES = ("Heading 1", "Heading 2", "Preamble", "Clause Text", "Clause Item", "Clause Translation",
           "Table Text", "Draft Mark")


def template_path(kind: DocumentKind, template_dir: Path | None = None) -> Path:
    """The Word template of a ``kind`` of document, in ``template_dir`` (``None``: the shipped templates)."""
    return (template_dir or TEMPLATE_DIR) / f"{kind.value}.docx"


def _join(values: dict[Lang, str], sep: str = " / ") -> str:
    return sep.join(v for v in values.values() if v)


# A hyphen between digits (telephone "010-65881234", numbers "2026-0007") is drafted as Word's non-breaking
# hyphen, so that a number never breaks across lines at it (legal review 2, N27: IT 29.1 printed "010-" /
# "65881234"). Text readers, python-docx included, read it back as "-". Not in pledges: their fast path
# (pledge_template) fills the per-person numbers as plain text and must give the same bytes.
_DIGIT_HYPHEN = re.compile(r"(?<=\d)-(?=\d)")
_COLON = {Lang.zh: "：", Lang.en: ": "}


def _field_label(label: dict[Lang, str], langs: list[Lang]) -> str:
    """A label followed by its value: in one language as written ("合同编号：", "Contract No.: "); in two, the
    labels joined and one colon of the first language after both, so that the value follows each of them
    ("合同编号／Contract No.：", legal review 2, N21) instead of the first label standing empty."""
    if len(langs) == 1:
        return label[langs[0]]
    names = [label[lang].rstrip().rstrip(":：").rstrip() for lang in langs]
    sep = "／" if langs[0] is Lang.zh else " / "
    return sep.join(names) + _COLON[langs[0]]


def _cell_text(values: dict[Lang, str]) -> str:
    """A table cell: each language on its own line; a value the same in every language ("1", "30%") once."""
    if len(set(values.values())) == 1:
        return next(iter(values.values()))
    return _join(values, "\n")


def _add_para(sub: Any, ids: dict[str, str], text: str, style: str, marker: str = "",
              emphasis: tuple[tuple[int, int], ...] = (), *, keep_numbers: bool = True) -> None:
    """A paragraph; a single newline in the clause text is a line break inside it; the ``emphasis``
    spans (offsets in ``text``) are runs of their own, bold and underlined; with ``keep_numbers`` a hyphen
    between digits does not break."""
    p = add_styled_paragraph(sub, ids[style])
    if "\n" in text:
        # Justified lines that end in a manual break are stretched letter by letter; keep them ragged.
        p.alignment = WD_ALIGN_PARAGRAPH.LEFT
    full = f"{marker} {text}" if marker else text
    shift = len(full) - len(text)
    cuts = sorted({0, len(full), *(shift + pos for span in emphasis for pos in span)})
    for start, end in itertools.pairwise(cuts):
        strong = any(shift + a <= start < shift + b for a, b in emphasis)
        for i, line in enumerate(full[start:end].split("\n")):
            run = p.add_run()
            if i:
                run.add_break()
            for j, piece in enumerate(_DIGIT_HYPHEN.split(line) if keep_numbers else [line]):
                if j:
                    add_no_break_hyphen(run)
                if piece:
                    run.add_text(piece)
            if strong:
                run.bold = True
                run.underline = True


def _article(sub: Any, ids: dict[str, str], art: Article, doc: Assembled) -> None:
    langs = doc.langs
    if art.placement is Placement.article:
        numbering = ArticleStyle.of(doc.kind)
        heading = _join({lang: f"{article_number(art.number or 0, lang, style=numbering)} {art.heading[lang]}"
                         for lang in langs}, "  ")
        add_styled_paragraph(sub, ids["Heading 1"]).add_run(heading)
    if art.draft:
        add_styled_paragraph(sub, ids["Draft Mark"]).add_run(_join(doc.labels["draft_clause"]))
    body_style = "Preamble" if art.placement is Placement.preamble else "Clause Text"
    # A signing block written as text (a power of attorney's): each label line ("法定代表人（签字）：") gets the room
    # a signature or seal needs above the next.
    signing = art.placement is Placement.closing and art.category == "signatures"
    for para in art.paras:
        for i, lang in enumerate(langs):
            style = "Clause Item" if para.item else (body_style if i == 0 else "Clause Translation")
            # Pledges are filled per person by the fast path (pledge_template), which writes plain text.
            _add_para(sub, ids, para.text[lang], style, para.marker.get(lang, ""), para.emphasis.get(lang, ()),
                      keep_numbers=doc.kind is not DocumentKind.pledge)
            if signing and _SIGN_LABEL.search(para.text[lang]):
                fmt = sub.paragraphs[-1].paragraph_format
                fmt.space_after = Pt(_SIGN_ROOM_PT)
                fmt.keep_with_next = True  # the block stays on one page


def _table(sub: Any, ids: dict[str, str], table: Table, langs: list[Lang]) -> None:
    add_styled_paragraph(sub, ids["Heading 2"]).add_run(_join(table.title, "  "))
    t = sub.add_table(rows=1 + len(table.rows), cols=len(table.header))
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, head in zip(t.rows[0].cells, table.header, strict=True):
        cell.paragraphs[0]._p.style = ids["Table Text"]
        run = cell.paragraphs[0].add_run(_join(head, "\n"))
        run.bold = True
        run.font.size = Pt(_HEADER_PT)
    widths = column_widths([_join(h, "\n") for h in table.header], [[_cell_text(v) for v in r] for r in table.rows],
                           header_pt=_HEADER_PT, body_pt=_BODY_PT, room_cm=table.room_cm)
    fix_widths(t, widths)
    for row, values in zip(t.rows[1:], table.rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.paragraphs[0]._p.style = ids["Table Text"]
            cell.paragraphs[0].add_run(_cell_text(value))
            for r in cell.paragraphs[0].runs:
                r.font.size = Pt(_BODY_PT)
    for note in table.notes:
        for i, lang in enumerate(langs):
            _add_para(sub, ids, note[lang], "Clause Text" if i == 0 else "Clause Translation")


def render_docx(doc: Assembled, *, template_dir: Path | None = None, created: dt.datetime | None = None) -> bytes:
    """The .docx bytes for ``doc``: same content and template, same bytes.

    ``created`` is the document date stored in its properties (default: a fixed date, so that
    drafting twice gives identical files).
    """
    path = template_path(doc.kind, template_dir)
    tpl, env = _open_template(path)
    ids = _style_ids(tpl, path)
    body = tpl.new_subdoc()
    for art in doc.articles:
        _article(body, ids, art, doc)
    schedules = tpl.new_subdoc()
    for table in doc.tables:
        _table(schedules, ids, table, doc.langs)
    try:
        tpl.render(_context(doc, body, schedules), jinja_env=env, autoescape=True)
    except TemplateError as e:
        raise RenderError(f"{path}: rendering failed: {e}") from e
    return _finished(tpl, doc, created or FIXED_TIME)


def _open_template(path: Path) -> tuple[DocxTemplate, Any]:
    """The template at ``path`` and the sandboxed environment it renders in; ``TemplateProblem`` when it is
    missing, has a syntax error or uses a variable no request provides."""
    if not path.is_file():
        raise TemplateProblem(f"{path}: template missing; run `python scripts/build_templates.py`")
    tpl = DocxTemplate(str(path))
    env = make_environment(autoescape=True)
    try:
        unknown = sorted(set(tpl.get_undeclared_template_variables(env)) - TEMPLATE_VARIABLES)
    except TemplateError as e:
        raise TemplateProblem(f"{path}: template syntax error: {e}") from e
    if unknown:
        raise TemplateProblem(f"{path}: uses variables no request provides: {', '.join(unknown)}; "
                              f"available: {', '.join(sorted(TEMPLATE_VARIABLES))}")
    return tpl, env


def _style_ids(tpl: DocxTemplate, path: Path) -> dict[str, str]:
    """The id of each style the body and schedules are drafted in; ``TemplateProblem`` when one is missing."""
    ids: dict[str, str] = {}
    for name in _STYLES:
        try:
            ids[name] = tpl.get_docx().styles[name].style_id
        except KeyError:
            raise TemplateProblem(f"{path}: style {name!r} is missing; the template must define it") from None
    return ids


def _context(doc: Assembled, body: Any, schedules: Any) -> dict[str, Any]:
    """What the template's variables (``TEMPLATE_VARIABLES``) stand for."""
    first, rest = doc.langs[0], doc.langs[1:]
    context = {
        "title": doc.title[first],
        "subtitle": doc.title[rest[0]] if rest else "",
        "contract_no": doc.contract_no,
        "L": {k: _join({lang: v[lang] for lang in doc.langs}) for k, v in doc.labels.items()},
        "client_name": _join(doc.client_name, "\n"),
        "vendor_name": _join(doc.vendor_name, "\n"),
        "body": body,
        "schedules": schedules,
    }
    # Page labels are not bilingual: the footer reads in the first language.
    for key in ("page_before", "page_between", "page_after"):
        context["L"][key] = doc.labels[key][first]
    number_label = "document_no" if doc.kind is DocumentKind.power_of_attorney else "contract_no"  # not a contract
    context["L"]["contract_no"] = _field_label(doc.labels[number_label], doc.langs)
    return context


def _finished(tpl: DocxTemplate, doc: Assembled, created: dt.datetime) -> bytes:
    """The rendered template with East-Asian fonts on every Chinese run, its properties, as a deterministic zip."""
    # docxtpl swaps header and footer parts for generic XML parts while rendering; reopening the
    # result gives python-docx real header/footer objects, so their runs get East-Asian fonts too.
    rendered = io.BytesIO()
    tpl.docx.save(rendered)
    docx = Document(io.BytesIO(rendered.getvalue()))
    apply_east_asian_fonts(docx, EAST_ASIAN_FONT)
    with core_properties_namespace():
        cp = docx.core_properties
        cp.created = cp.modified = created
        cp.last_printed = created
        cp.revision = 1
        cp.title = doc.title[doc.langs[0]]
        cp.subject = doc.contract_no
        cp.author = cp.last_modified_by = "contracts generator"
    props = CustomProperties(docx)
    props[DocProperty.kind] = doc.kind.value
    props[DocProperty.request_sha256] = doc.request_sha256
    props[DocProperty.clauses] = json.dumps(doc.clause_versions, ensure_ascii=False)
    props[DocProperty.contract_no] = doc.contract_no
    buf = io.BytesIO()
    docx.save(buf)
    return deterministic_zip(buf.getvalue())
