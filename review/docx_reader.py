"""Read a .docx into blocks: body and tables in order, headers, footers, notes, changes, comments."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from clause_library.errors import DocumentReadError
from review.document import Block, Comment, Part, ReadResult, Revision
from review.docx_numbering import Numbering, parse_numbering
from review.docx_package import DocxPackage
from review.docx_styles import Styles, outline_level_of, paragraph_num_pr
from review.docx_xml import VAL, Element, W

__all__ = ["read_docx"]

_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_ID = f"{W}id"
_P, _TBL, _TR, _TC = f"{W}p", f"{W}tbl", f"{W}tr", f"{W}tc"
_T, _DEL_TEXT, _INSTR = f"{W}t", f"{W}delText", f"{W}instrText"
_TAB, _BR, _CR, _PTAB = f"{W}tab", f"{W}br", f"{W}cr", f"{W}ptab"
_INS, _DEL, _MOVE_TO, _MOVE_FROM = f"{W}ins", f"{W}del", f"{W}moveTo", f"{W}moveFrom"
_SDT, _SDT_CONTENT, _CUSTOM_XML = f"{W}sdt", f"{W}sdtContent", f"{W}customXml"
_TXBX = f"{W}txbxContent"
_SKIPPED = frozenset(
    {
        f"{W}pPr",
        f"{W}rPr",
        f"{W}tblPr",
        f"{W}trPr",
        f"{W}tcPr",
        f"{W}sdtPr",
        f"{W}sdtEndPr",
        _INSTR,
        f"{W}delInstrText",
        f"{W}fldData",
        f"{_MC}Fallback",
        f"{W}sectPr",
    }
)
_COMMENT_MARKS = frozenset({f"{W}commentRangeStart", f"{W}commentReference"})
_NOTE_REFS = {f"{W}footnoteReference": "footnote", f"{W}endnoteReference": "endnote"}
_SPACES = re.compile(r"[ \t\u00a0\u2002\u2003\u2009]+")
_CUSTOM_PROP = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}property"
_SUFFIX = {"tab": " ", "space": " ", "nothing": ""}


@dataclass
class _Paragraph:
    """Text being gathered from one paragraph, with the tracked changes seen in it."""

    location: str
    parts: list[str] = field(default_factory=list)
    revisions: list[tuple[str, str, str, int]] = field(default_factory=list)  # kind, author, text, end
    boxes: list[Element] = field(default_factory=list)

    def record(self, kind: str, author: str, text: str, start: int) -> None:
        if not text:
            return
        end = len(self.parts)
        if self.revisions:
            k, a, t, last_end = self.revisions[-1]
            if k == kind and a == author and last_end == start:
                self.revisions[-1] = (k, a, t + text, end)
                return
        self.revisions.append((kind, author, text, end))


def _clean(text: str) -> str:
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


class _Reader:
    def __init__(self, pkg: DocxPackage, result: ReadResult) -> None:
        self.pkg = pkg
        self.result = result
        self.styles = Styles(pkg.xml(self._part("styles")))
        self.numbering: Numbering = parse_numbering(pkg.xml(self._part("numbering")), self.styles.num_ids())
        self.paragraphs = 0
        self.tables = 0
        self.comment_locations: dict[str, str] = {}
        self.note_order: dict[str, dict[str, int]] = {"footnote": {}, "endnote": {}}

    def _part(self, kind: str) -> str:
        for rel_kind, target in self.pkg.relationships(self.pkg.document_name).values():
            if rel_kind == kind and self.pkg.has(target):
                return target
        return f"word/{kind}.xml"

    # -- text of runs -----------------------------------------------------------------------
    def _gather(self, el: Element, para: _Paragraph) -> None:
        for child in el:
            tag = child.tag
            if tag == _T:
                if child.text:
                    para.parts.append(child.text)
            elif tag in _SKIPPED or not isinstance(tag, str):
                continue
            elif tag in (_TAB, _PTAB):
                para.parts.append("\t")
            elif tag in (_BR, _CR):
                if child.get(f"{W}type") not in ("page", "column"):
                    para.parts.append("\n")
            elif tag == f"{W}noBreakHyphen":
                para.parts.append("-")
            elif tag in (_INS, _MOVE_TO):
                start = len(para.parts)
                self._gather(child, para)
                para.record("insertion", child.get(f"{W}author", ""), "".join(para.parts[start:]), start)
            elif tag in (_DEL, _MOVE_FROM):
                gone = "".join(t.text or "" for t in child.iter(_DEL_TEXT, _T))
                para.record("deletion", child.get(f"{W}author", ""), gone, len(para.parts))
            elif tag == _TXBX:
                para.boxes.append(child)
            elif tag in _COMMENT_MARKS:
                self.comment_locations.setdefault(child.get(_ID, ""), para.location)
            elif tag in _NOTE_REFS:
                order = self.note_order[_NOTE_REFS[tag]]
                order.setdefault(child.get(_ID, ""), len(order) + 1)
            elif len(child):
                self._gather(child, para)

    def _paragraph_text(self, p: Element, location: str) -> tuple[str, int | None, _Paragraph]:
        para = _Paragraph(location)
        self._gather(p, para)
        text = _clean("".join(para.parts))
        p_pr = p.find(f"{W}pPr")
        style_el = p_pr.find(f"{W}pStyle") if p_pr is not None else None
        style_id = style_el.get(VAL) if style_el is not None else self.styles.default_id
        label = self._label(p_pr, style_id)
        if label:
            text = f"{label}{text}" if text else label.strip()
        outline = outline_level_of(p_pr)
        level = (outline + 1 if 0 <= outline <= 8 else None) if outline is not None else None
        if outline is None:
            level = self.styles.heading_level(style_id)
        for kind, author, changed, _ in para.revisions:
            self.result.revisions.append(Revision(kind, changed, author, location))
        return text, level, para

    def _label(self, p_pr: Element | None, style_id: str | None) -> str:
        num_id, ilvl = paragraph_num_pr(p_pr)
        style_num, style_ilvl, numbered_style = self.styles.numbering(style_id)
        if num_id is None:
            num_id = style_num
        if num_id is None or num_id == "0":
            return ""
        if ilvl is None:
            ilvl = style_ilvl
        if ilvl is None and style_id:
            ilvl = self.numbering.level_for_style(num_id, style_id)
            if ilvl is None and numbered_style:
                ilvl = self.numbering.level_for_style(num_id, numbered_style)
        drawn = self.numbering.label(num_id, ilvl or 0)
        if drawn is None or not drawn[0].strip():
            return ""
        return drawn[0].strip() + _SUFFIX.get(drawn[1], " ")

    # -- containers -------------------------------------------------------------------------
    def _add(
        self, text: str, location: str, part: Part, *, level: int | None = None, cells: tuple[str, ...] = ()
    ) -> None:
        if not text.strip() or (cells and not any(cells)):
            return
        self.result.blocks.append(
            Block(
                text=text, index=len(self.result.blocks), location=location, part=part, heading_level=level, cells=cells
            )
        )

    def walk(self, container: Element, part: Part, fixed_location: str | None) -> None:
        for child in container:
            tag = child.tag
            if tag == _P:
                if fixed_location is None:
                    self.paragraphs += 1
                location = fixed_location or f"paragraph {self.paragraphs}"
                text, level, para = self._paragraph_text(child, location)
                self._add(text, location, part, level=level)
                for box in para.boxes:
                    self.walk(box, part, location)
            elif tag == _TBL:
                self._table(child, part, fixed_location)
            elif tag in (_SDT, _SDT_CONTENT, _CUSTOM_XML, _INS, _MOVE_TO):
                self.walk(child, part, fixed_location)

    def _children(self, parent: Element, tag: str) -> list[Element]:
        """``parent``'s children with ``tag`` (rows of a table, cells of a row), looking through
        content controls and custom XML that may wrap them."""
        found: list[Element] = []
        for child in parent:
            if child.tag == tag:
                found.append(child)
            elif child.tag in (_SDT, _SDT_CONTENT, _CUSTOM_XML):
                found.extend(self._children(child, tag))
        return found

    def _cell_text(self, container: Element, location: str) -> str:
        lines: list[str] = []
        for child in container:
            if child.tag == _P:
                text, _, para = self._paragraph_text(child, location)
                lines.append(text)
                lines.extend(self._cell_text(box, location) for box in para.boxes)
            elif child.tag == _TBL:
                for tr in self._children(child, _TR):
                    lines.append(" | ".join(self._cell_text(tc, location) for tc in self._children(tr, _TC)))
            elif child.tag in (_SDT, _SDT_CONTENT, _CUSTOM_XML):
                lines.append(self._cell_text(child, location))
        return "\n".join(line for line in lines if line)

    def _table(self, tbl: Element, part: Part, fixed_location: str | None) -> None:
        if fixed_location is None:
            self.tables += 1
        for row_no, tr in enumerate(self._children(tbl, _TR), start=1):
            location = fixed_location or f"table {self.tables} row {row_no}"
            cells = tuple(self._cell_text(tc, location) for tc in self._children(tr, _TC))
            row_part = Part.table if part is Part.body else part
            self._add(" | ".join(cells), location, row_part, cells=cells)

    # -- the other parts --------------------------------------------------------------------
    def headers_footers(self, kind: str) -> list[Element]:
        targets = sorted(
            (target for k, target in self.pkg.relationships(self.pkg.document_name).values() if k == kind),
            key=lambda name: [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", name)],
        )
        roots = [self.pkg.xml(t) for t in targets]
        return [r for r in roots if r is not None]

    def add_headers_footers(self, roots: list[Element], part: Part) -> None:
        seen: set[str] = set()
        for root in roots:
            start = len(self.result.blocks)
            name = part.value if not seen else f"{part.value} {len(seen) + 1}"
            self.walk(root, part, name)
            added = "\n".join(b.text for b in self.result.blocks[start:])
            if added in seen:  # first-page / even-page copies of the same header
                del self.result.blocks[start:]
            elif added:
                seen.add(added)

    def add_notes(self, kind: str) -> None:
        root = self.pkg.xml(self._part(kind + "s"))
        if root is None:
            return
        order = self.note_order[kind]
        for note in root.iterfind(f"{W}{kind}"):
            if note.get(f"{W}type") in ("separator", "continuationSeparator", "continuationNotice"):
                continue
            note_id = note.get(_ID, "")
            number = order.get(note_id) or len(order) + 1
            order.setdefault(note_id, number)
            self.walk(note, Part.footnote, f"{kind} {number}")

    def add_comments(self) -> None:
        root = self.pkg.xml(self._part("comments"))
        if root is None:
            return
        for comment in root.iterfind(f"{W}comment"):
            comment_id = comment.get(_ID, "")
            location = self.comment_locations.get(comment_id, "comment")
            texts = [self._paragraph_text(p, location)[0] for p in comment.iter(_P)]
            self.result.comments.append(
                Comment(author=comment.get(f"{W}author", ""), text="\n".join(t for t in texts if t), location=location)
            )

    def add_properties(self) -> None:
        name = "docProps/custom.xml"
        for kind, target in self.pkg.relationships("").values():
            if kind == "custom-properties":
                name = target
        root = self.pkg.xml(name)
        if root is None:
            return
        for prop in root.iter(_CUSTOM_PROP):
            key = prop.get("name")
            if key is None:
                continue
            value = next(iter(prop), None)
            self.result.properties[key] = "" if value is None else "".join(value.itertext())


def _renumber(blocks: list[Block]) -> list[Block]:
    return [
        b if b.index == i else Block(b.text, i, b.location, b.part, b.page, b.heading_level, b.cells)
        for i, b in enumerate(blocks)
    ]


def read_docx(path: Path, *, max_members: int, max_uncompressed: int, max_ratio: float,
              max_part: int | None = None) -> ReadResult:
    """Read a .docx with tracked insertions accepted and deletions skipped (both reported).

    Limits as ``DocxPackage``'s (``max_part`` ``None``: only the overall ``max_uncompressed``).
    """
    result = ReadResult(path=str(path), format="docx")
    with DocxPackage(path, max_members=max_members, max_uncompressed=max_uncompressed, max_ratio=max_ratio,
                     max_part=max_part) as pkg:
        document = pkg.xml(pkg.document_name)
        if document is None or document.tag != f"{W}document":
            raise DocumentReadError(path, f"not a Word document: its main part {pkg.document_name} is not "
                                          "w:document; open it in Word and save it as .docx")
        body = document.find(f"{W}body")
        reader = _Reader(pkg, result)
        reader.add_headers_footers(reader.headers_footers("header"), Part.header)
        if body is not None:
            reader.walk(body, Part.body, None)
        reader.add_headers_footers(reader.headers_footers("footer"), Part.footer)
        reader.add_notes("footnote")
        reader.add_notes("endnote")
        reader.add_comments()
        reader.add_properties()
    result.blocks = _renumber(result.blocks)
    if not result.has_text:
        result.warnings.append("the document has no text")
    return result
