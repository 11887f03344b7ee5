"""Column widths of the schedule tables, from what the cells hold (legal review 2, N27).

Fixed widths per schedule broke as soon as a cell held more than the column was drawn for: "序号" and "合计"
wrapped one character a line, English header words broke in the middle ("Instalme/nt"). The widths here are
shared in proportion to the length of the fullest cell of each column (so that rows are as short as they can
be), but each column gets at least
its widest unbreakable piece (an English word, a figure, a short Chinese label such as 序号).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import Any

__all__ = ["TEXT_WIDTH_CM", "column_widths", "text_width_cm"]

# The text block of A4 with the templates' margins.
TEXT_WIDTH_CM = 14.66
# Word's default left + right cell margins (0.19 cm each) and a little slack for rounding in the renderer.
_PADDING_CM = 0.42
_PT_CM = 2.54 / 72
# A Chinese label this short is never broken (序号, 合计, 权重, 关键指标, 付款比例).
_SHORT_CJK = 4


def _em(ch: str) -> float:
    """Approximate advance of ``ch`` in em: full width for CJK, serif Latin proportions otherwise."""
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 1.0
    if ch == " ":
        return 0.25
    if ch in ".,:;'|!il()[]":
        return 0.3
    if ch.isupper() or ch in "%&@mwMW":
        return 0.72
    return 0.47


def text_width_cm(text: str, size_pt: float, *, bold: bool = False) -> float:
    """The approximate width of ``text`` on one line."""
    return sum(_em(c) for c in text) * size_pt * _PT_CM * (1.06 if bold else 1.0)


def _pieces(line: str) -> list[str]:
    """The pieces of ``line`` a line break may not split: Latin words and figures; a short Chinese label
    whole; in longer Chinese text, each character (with the punctuation that may not start a line)."""
    pieces: list[str] = []
    for word in line.split():
        cjk = [c for c in word if unicodedata.east_asian_width(c) in ("W", "F")]
        if not cjk or len(word) <= _SHORT_CJK:
            pieces.append(word)
        else:
            run = ""
            for c in word:
                if unicodedata.east_asian_width(c) in ("W", "F"):
                    if run:
                        pieces.append(run)
                    run = c
                else:
                    run += c
            if run:
                pieces.append(run)
    return pieces


def column_widths(header: Sequence[str], rows: Sequence[Sequence[str]], *, header_pt: float, body_pt: float,
                  total_cm: float = TEXT_WIDTH_CM, room_cm: Sequence[float] = ()) -> list[float]:
    """Widths in cm (summing to ``total_cm``) for a table whose header cells and body cells hold these texts
    (a newline separates the lines of a cell, e.g. the Chinese and the English of a bilingual label);
    ``room_cm`` gives columns left empty to be filled by hand (a signature, a date) the width they need."""
    n = len(header)
    least = [0.0] * n
    natural = [0.0] * n
    for cells, size, bold in [(header, header_pt, True), *((r, body_pt, False) for r in rows)]:
        for i, text in enumerate(cells):
            # The room a cell's text needs is the length of all its lines laid end to end: a row is as tall
            # as its fullest cell, so widths in proportion to it give the shortest rows.
            natural[i] = max(natural[i], sum(text_width_cm(line, size, bold=bold) for line in text.split("\n")))
            for line in text.split("\n"):
                for piece in _pieces(line):
                    least[i] = max(least[i], text_width_cm(piece, size, bold=bold))
    least = [w + _PADDING_CM for w in least]
    natural = [w + _PADDING_CM for w in natural]
    for i, room in enumerate(room_cm[:n]):
        least[i] = max(least[i], room)
        natural[i] = max(natural[i], room)
    if sum(least) >= total_cm:
        # Even the unbreakable pieces do not fit: shrink them alike (words will break, as before).
        widths = [w * total_cm / sum(least) for w in least]
    else:
        # Widths in proportion to the one-line widths, never below the unbreakable pieces: the columns held
        # at their least width are fixed and the rest of the line is shared among the others.
        fixed: set[int] = set()
        while True:
            free = [i for i in range(n) if i not in fixed]
            k = (total_cm - sum(least[i] for i in fixed)) / sum(natural[i] for i in free)
            short = {i for i in free if natural[i] * k < least[i]}
            if not short:
                break
            fixed |= short
        widths = [least[i] if i in fixed else natural[i] * k for i in range(n)]
    return [round(w, 2) for w in widths]


def fix_widths(table: Any, widths: Sequence[float]) -> None:
    """Give a python-docx table these column widths (cm), in its grid and in every cell, so that Word and
    LibreOffice lay it out alike (neither autofits it)."""
    from docx.shared import Cm

    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)
