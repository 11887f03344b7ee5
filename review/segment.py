"""Split a read document into clauses by the headings contracts use, keeping every word."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise

from .document import Block, Part, ReadResult, Segment
from .headings import (
    STYLE_RANK,
    HeadingMatch,
    is_caps_heading,
    is_title_like,
    match_annex,
    match_numbered,
    split_title,
)

__all__ = ["segment"]

_BODY_PARTS = frozenset({Part.body, Part.table, Part.annex})
_MAX_STYLED_HEADING = 200  # a "Heading 1" paragraph longer than this is body text in disguise
_MAX_TITLE_LINE = 60
_MAX_TITLE_CELL = 40
_MIN_CELL_TEXT = 20  # the clause cell beside a title cell holds at least a sentence
_ANNEX_AFTER_BLOCKS = 3  # an "EXHIBIT 10.2" on the first lines is a filing label, not an annex
_LAST_NUMERAL = re.compile(r"[0-9０-９]+|[零〇一二三四五六七八九十百千两壹贰叁]+|[IVXLC]+(?=\W*$)")
_FIRST_NUMERALS = frozenset({"1", "01", "001", "１", "一", "壹", "I"})
_SPARSE_RATIO = 8  # fewer unnumbered headings than one per this many paragraphs: paragraphs stand alone


@dataclass
class _Heading:
    number: str | None
    title: str
    body: str
    style: str | None  # numbering style (see STYLE_RANK); None for unnumbered headings
    level: int | None = None  # forced level (Word heading styles)
    annex: bool = False


@dataclass
class _Open:
    heading: str
    number: str | None
    level: int
    part: Part
    location: str
    texts: list[str] = field(default_factory=list)
    blocks: list[int] = field(default_factory=list)

    def close(self) -> Segment:
        return Segment(
            heading=self.heading,
            number=self.number,
            text="\n".join(t for t in self.texts if t),
            location=self.location,
            level=self.level,
            blocks=tuple(self.blocks),
            part=self.part,
        )


def _from_match(m: HeadingMatch) -> _Heading:
    return _Heading(m.number, m.title, m.body, m.style if m.style in STYLE_RANK else None, annex=m.style == "annex")


def _table_heading(block: Block) -> _Heading | None:
    """A row whose first cell is a short title and whose other cell holds the clause text."""
    cells = [c.strip() for c in block.cells]
    if len(cells) < 2 or not cells[0] or "\n" in cells[0] or len(cells[0]) > _MAX_TITLE_CELL:
        return None
    first, rest = cells[0], [c for c in cells[1:] if c]
    if first.rstrip(".、").isdigit() or not rest:
        return None  # a row number, not a title
    m = match_numbered(first)
    if m is not None and not m.title and not m.body and len(rest) >= 2 and is_title_like(rest[0]):
        return _Heading(m.number, rest[0], "\n".join(rest[1:]), m.style)
    if max(len(c) for c in rest) < max(_MIN_CELL_TEXT, 2 * len(first)):
        return None
    body = "\n".join(rest)
    if m is not None:
        return _Heading(m.number, m.title or m.body, body, m.style)
    return _Heading(None, first.rstrip(":："), body, None)


def _single_line(text: str) -> bool:
    return "\n" not in text


def _is_title_line(text: str, following: Block | None) -> bool:
    """A short unnumbered title ("Confidential Information", "保密条款") over a longer paragraph."""
    if following is None or following.part not in _BODY_PARTS or not _single_line(text):
        return False
    if len(text) > _MAX_TITLE_LINE or not is_title_like(text, max_words=8):
        return False
    inner = text.rstrip(":：.")
    if any(mark in inner for mark in (":", "：", ". ")):
        return False  # "甲方：某某公司", "Attention: Legal", "SEC. The Securities and Exchange Commission"
    return len(following.text) >= max(40, 2 * len(text))


def _classify(block: Block, following: Block | None) -> _Heading | None:
    if block.part is Part.table:
        return _table_heading(block) if block.cells else None
    text = block.text.strip()
    first_line = text.partition("\n")[0]
    annex = match_annex(first_line)
    if annex is not None:
        heading = _from_match(annex)
        heading.body = text.partition("\n")[2]
        return heading
    numbered = match_numbered(text)
    styled = block.heading_level is not None and len(text) <= _MAX_STYLED_HEADING
    if numbered is not None:
        heading = _from_match(numbered)
        if styled:
            heading.level = block.heading_level
        return heading
    if styled:
        title, body = split_title(text)
        return _Heading(
            None, title or first_line, body if title else text.partition("\n")[2], None, level=block.heading_level
        )
    if _single_line(text) and (is_caps_heading(text) or _is_title_line(text, following)):
        return _Heading(None, text.rstrip(":：").strip(), "", None)
    return None


def _merge_bare_numbers(blocks: list[Block], headings: list[_Heading | None]) -> set[int]:
    """ "第五条" / "ARTICLE V" alone on a line, its title on the next: one heading. Returns merged."""
    merged: set[int] = set()
    for i, heading in enumerate(headings[:-1]):
        if heading is None or heading.number is None or heading.title or heading.body:
            continue
        nxt, nxt_heading = blocks[i + 1], headings[i + 1]
        if nxt.part is not blocks[i].part or not _single_line(nxt.text):
            continue
        if nxt_heading is not None and (nxt_heading.number is not None or nxt_heading.annex):
            continue
        text = nxt.text.strip()
        if is_caps_heading(text) or is_title_like(text, max_words=8):
            heading.title = text.rstrip(":：.")
            merged.add(i + 1)
    return merged


def _is_first(number: str) -> bool:
    """Whether a clause number is the first of its list: 第一条, 一、, （一）, 1., 2.1, Article I."""
    numerals = _LAST_NUMERAL.findall(number)
    return bool(numerals) and numerals[-1] in _FIRST_NUMERALS


def _levels(headings: list[_Heading | None]) -> dict[str, int]:
    """Level of each numbering style the document uses.

    A list that starts ("1.1", "（一）") right after a heading of another style is nested under
    it; styles that nothing nests fall back on the usual order (STYLE_RANK).
    """
    numbered = [h for h in headings if h is not None and h.style is not None and h.number]
    present = sorted({h.style for h in numbered if h.style}, key=STYLE_RANK.__getitem__)
    votes: Counter[tuple[str, str]] = Counter()
    for above, below in pairwise(numbered):
        if above.style != below.style and below.number and _is_first(below.number):
            # "1.1 乙方提供下列服务：" then "（一）…": a colon introducing the list is strong evidence.
            intro = (above.body or above.title).rstrip().endswith((":", "："))
            votes[(above.style or "", below.style or "")] += 2 if intro else 1

    def nests(above: str, below: str) -> bool:
        # One vote against the usual order is a new top-level list after a deeper one (recitals
        # "（三）" then "第一条"), not nesting.
        ahead, behind = votes[(above, below)], votes[(below, above)]
        return ahead > behind and (STYLE_RANK[above] < STYLE_RANK[below] or ahead - behind >= 2)

    parents = {style: [p for p in present if nests(p, style)] for style in present}
    roots = [style for style in present if not parents[style]]
    levels: dict[str, int] = {}

    def level(style: str, seen: frozenset[str]) -> int:
        if style in levels:
            return levels[style]
        ups = [p for p in parents[style] if p not in seen]
        if ups:
            value = 1 + max(level(p, seen | {style}) for p in ups)
        else:
            value = 1 + sum(1 for r in roots if STYLE_RANK[r] < STYLE_RANK[style])
        levels[style] = value
        return value

    for style in present:
        level(style, frozenset())
    return levels


def segment(result: ReadResult) -> list[Segment]:
    """Clauses of ``result`` in reading order; headers, footers and notes are segments of their own.

    Body text before the first heading is one segment with an empty heading. Without any
    recognisable heading, every block is its own segment, so no text is ever dropped.
    """
    blocks = result.blocks
    body = [b for b in blocks if b.part in _BODY_PARTS]
    headings = [_classify(b, body[i + 1] if i + 1 < len(body) else None) for i, b in enumerate(body)]
    merged = _merge_bare_numbers(body, headings)
    for i in merged:
        headings[i] = None
    levels = _levels(headings)
    segments: list[Segment] = []
    no_headings = all(h is None for h in headings)
    # Only a title or two over many paragraphs (a letter, a power of attorney): keep paragraphs apart.
    sparse = not levels and all(b.heading_level is None for b in body)
    sparse = sparse and sum(h is not None for h in headings) * _SPARSE_RATIO < len(body)
    current: _Open | None = None
    seen_heading = False
    in_annex = False
    for i, (block, heading) in enumerate(zip(body, headings, strict=True)):
        if i in merged and current is not None:
            current.blocks.append(block.index)
            continue
        if heading is not None and heading.annex and not seen_heading and i < _ANNEX_AFTER_BLOCKS:
            heading.annex = False
        joins = current is not None and not no_headings
        if joins and sparse and current is not None:
            joins = not any(current.texts)  # a heading takes its first paragraph, no more
        if heading is None and current is not None and joins:
            current.texts.append(block.text)
            current.blocks.append(block.index)
            continue
        if current is not None:
            segments.append(current.close())
        if heading is not None:
            seen_heading = True
            in_annex = in_annex or heading.annex
            level = heading.level or (levels[heading.style] if heading.style else 1)
            part = Part.annex if in_annex else block.part
            current = _Open(heading.title, heading.number, level, part, block.location, [heading.body], [block.index])
        else:
            part = Part.annex if in_annex else block.part
            current = _Open("", None, 1, part, block.location, [block.text], [block.index])
    if current is not None:
        segments.append(current.close())
    for block in blocks:
        if block.part not in _BODY_PARTS:
            segments.append(Segment("", None, block.text, block.location, 1, (block.index,), block.part))
    segments.sort(key=lambda s: s.blocks[0] if s.blocks else -1)
    return segments
