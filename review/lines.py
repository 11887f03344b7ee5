"""Join hard-wrapped lines (PDF, plain text) into paragraphs, keeping heading lines apart."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import NamedTuple

from clause_library.vocabulary import CJK_TEXT
from review.headings import is_caps_heading, is_list_item, is_title_like, match_annex, starts_numbered

__all__ = ["Line", "Paragraph", "join_lines", "line_width"]

_ENDS_SENTENCE = '.?!。！？…"”’)'
_ENDS_INTRO = ";:；："
_CONTINUES = "(（,，;；:：、)）]”’\"'-–—/&%$"
_CJK = re.compile(f"[{CJK_TEXT}]")
_COUNTED = re.compile(r"\(\d{1,4}\)")
_NUMBER_WORDS = frozenset({
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty",
    "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "thousand",
})  # fmt: skip
_CAPS_JOINERS = frozenset({"AND", "OR", "OF", "THE", "TO", "FOR", "IN", "WITH", "ON", "&", "-", "–"})
_LONG_FRACTION = 0.65
_INDENT_SHARE = (0.04, 0.6)  # share of indented lines when indents mark paragraphs


class Line(NamedTuple):
    """One line of extracted text, with the page (PDF) or line number (TXT) it sits on (a tuple: a PDF makes
    thousands, and a frozen dataclass takes several times as long to make)."""

    text: str
    page: int | None
    number: int


_ASCII_LOWER = re.compile(r"[a-z]")
_ASCII_UPPER = re.compile(r"[A-Z]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


@dataclass
class Paragraph:
    """Lines joined into one paragraph; ``first`` is the first line."""

    text: str
    first: Line


def line_width(text: str) -> int:
    """Width in half-width columns: CJK characters count twice."""
    if text.isascii():  # no ASCII character is wide: the common case, without a loop in Python
        return len(text)
    return len(text) + sum(1 for c in _NON_ASCII.findall(text) if unicodedata.east_asian_width(c) in "WF")


# What a line starting with an ASCII letter must start with to open a clause, an item or an annex
# (see headings.py): a heading word in those cases, a Roman numeral and a dot, or an item letter.
_LETTER_START = re.compile(
    r"ART|Art|CHAPTER|Chapter|PART|Part|SECTION|Section|CLAUSE|Clause|SCHEDULE|Schedule|ANNEX|Annex|EXHIBIT"
    r"|Exhibit|APPENDIX|Appendix|ATTACHMENT|Attachment|ADDENDUM|Addendum|[IVX]{1,6}\.|[A-Za-z]{1,2}\)|[A-Za-z]\."
)


def _starts_new(line: str) -> bool:
    """Whether ``line`` (stripped, not empty) opens a numbered clause, a list item or an annex."""
    c = line[0]
    if c.isascii() and c.isalpha() and _LETTER_START.match(line) is None:
        return False  # most lines of English text: no heading or item can start here
    return starts_numbered(line) or is_list_item(line) or match_annex(line) is not None


def _all_caps(line: str) -> bool:
    return _ASCII_LOWER.search(line) is None and _ASCII_UPPER.search(line) is not None


def _continues(prev: str, nxt: str, prev_width: int, long_width: float, indent: bool | None) -> bool:
    """``indent``: whether ``nxt`` is indented, in a text that marks paragraphs so; else ``None``."""
    if nxt[0] == "(" and _COUNTED.match(nxt) and prev.rsplit(" ", 1)[-1].lower() in _NUMBER_WORDS:
        return True  # "… for a period of one / (1) year": the figure repeats the word, no list item
    if _starts_new(nxt) or (prev.count("|") >= 2 and nxt.count("|") >= 2):
        return False  # a clause, an item or an annex starts; or a table laid out in text, a row a line
    last, first = prev[-1], nxt[0]
    prev_long = prev_width >= long_width
    if is_caps_heading(prev) and not prev_long:
        # A heading, unless it wraps: "AMENDMENTS TO THE LICENSE AND" / "DEVELOPMENT AGREEMENT".
        return _all_caps(nxt) and prev.rsplit(" ", 1)[-1] in _CAPS_JOINERS
    if is_caps_heading(nxt) and not (_all_caps(prev) and prev_long and last not in _ENDS_SENTENCE):
        return False  # a capitals heading, unless a capitals paragraph (a disclaimer) runs on
    if last in _ENDS_INTRO:
        return False
    if first.islower() or first in _CONTINUES:
        return True
    if indent is not None:
        if indent:
            return False
        if prev_long or (last not in _ENDS_SENTENCE and not is_title_like(prev)):
            return True
    if last in _ENDS_SENTENCE:
        return False
    return prev_long


def _glue(prev: str, nxt: str) -> str:
    if _CJK.match(prev[-1]) or _CJK.match(nxt[0]):
        return prev + nxt
    if prev.endswith("-") and len(prev) > 1 and prev[-2].isalpha() and nxt[0].islower():
        return prev + nxt
    return f"{prev} {nxt}"


def join_lines(lines: list[Line], *, long_width: float | None = None) -> list[Paragraph]:
    """Group lines into paragraphs; an empty line always ends a paragraph.

    A line joins the one before when that one did not end a sentence and either the new line
    starts in lower case (or with continuing punctuation) or the one before ran to (nearly) the
    full width, ``long_width`` columns (default: from the lines themselves). When some but not
    most lines are indented, an indent starts a paragraph and an unindented line continues one.
    Numbered lines, list items, annex headings and all-capitals headings always start a paragraph, and so
    does each row of a table laid out in text (two lines that each hold two or more ``|``).
    """
    texts = [line.text.strip() for line in lines]
    widths = [line_width(text) for text in texts]
    if long_width is None:
        filled = sorted(w for w in widths if w)
        full = filled[int(len(filled) * 0.9)] if filled else 0
        long_width = max(full * _LONG_FRACTION, 20.0)
    indented = [line.text[:1].isspace() for line in lines]
    filled_count = sum(1 for w in widths if w)
    share = sum(1 for i, w in zip(indented, widths, strict=True) if i and w) / max(filled_count, 1)
    indents_mark = _INDENT_SHARE[0] <= share <= _INDENT_SHARE[1]
    out: list[Paragraph] = []
    current: str | None = None
    first: Line | None = None
    prev_line = ""
    prev_width = 0
    for line, text, width, indent in zip(lines, texts, widths, indented, strict=True):
        if not text:
            if current is not None and first is not None:
                out.append(Paragraph(current, first))
            current, first = None, None
            continue
        if current is not None and _continues(
            prev_line, text, prev_width, long_width, indent if indents_mark else None
        ):
            current = _glue(current, text)
        else:
            if current is not None and first is not None:
                out.append(Paragraph(current, first))
            current, first = text, line
        prev_line, prev_width = text, width
    if current is not None and first is not None:
        out.append(Paragraph(current, first))
    return out
