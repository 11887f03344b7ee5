"""Counting a cue's matches in a long text fast: only near the strings every match holds, found in one pass."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Any

import ahocorasick

from .match_bounds import max_width
from .prefilter import holds, required_literals

__all__ = ["CueStrings", "count_matches", "finds"]


@functools.cache
def _needs(source: str) -> tuple[frozenset[str], ...]:
    return required_literals(source, most=8)


_WIDTHS: dict[str, int | None] = {}


def count_matches(rx: re.Pattern[str], text: str, folded: str,
                  found: Mapping[str, list[int]] | None = None) -> int:
    """``len(rx.findall(text))``, looking only near the strings every match holds.

    ``folded`` is ``fold(text)``. A match holds one of the strings ``required_literals`` gives
    and is at most ``W`` characters long, so it lies within ``W`` characters of one of them: the
    count is the sum over those stretches of text (merged where they meet), and zero without any.
    ``found``: where each of those strings occurs in ``folded``, when already known (see
    ``CueStrings.positions``); else they are looked for here.
    """
    needs = _needs(rx.pattern) if rx.flags & re.IGNORECASE else ()
    if rx.pattern not in _WIDTHS:
        _WIDTHS[rx.pattern] = max_width(rx.pattern, rx.flags)
    width = _WIDTHS[rx.pattern]
    if not needs or width is None or len(folded) != len(text):
        return len(rx.findall(text))
    if not holds(folded, needs[1:]):
        return 0
    spans: list[tuple[int, int]] = []
    for s in needs[0]:
        if found is not None:
            spans.extend((max(0, pos - width - 1), pos + len(s) + width + 1) for pos in found.get(s, ()))
            continue
        pos = folded.find(s)
        while pos >= 0:
            spans.append((max(0, pos - width - 1), pos + len(s) + width + 1))
            pos = folded.find(s, pos + 1)
    if not spans:
        return 0
    spans.sort()
    n = 0
    start, end = spans[0]
    for a, b in spans[1:]:
        if a <= end + 1:
            end = max(end, b)
            continue
        n += len(rx.findall(text, start, end))
        start, end = a, b
    return n + len(rx.findall(text, start, end))


class CueStrings:
    """The strings some cue regexes require (``required_literals(...)[0]`` of each), found in a text in one
    pass (Aho-Corasick)."""

    def __init__(self, cues: tuple[re.Pattern[str], ...]) -> None:
        finder: Any = ahocorasick.Automaton()
        for rx in cues:
            needs = _needs(rx.pattern)
            for s in needs[0] if needs else ():
                finder.add_word(s, s)
        finder.make_automaton()
        self._finder = finder

    def positions(self, folded: str) -> dict[str, list[int]]:
        """Where each of the strings occurs in ``folded``, every occurrence, overlapping ones too."""
        finder = self._finder
        out: dict[str, list[int]] = {}
        if len(finder) == 0:
            return out
        for end, s in finder.iter(folded):
            out.setdefault(s, []).append(end - len(s) + 1)
        return out


def finds(rx: re.Pattern[str], text: str, folded: str) -> bool:
    """Whether ``rx`` (case-insensitive) matches ``text``; not run when ``folded`` (``fold(text)``)
    lacks a string every match holds."""
    if not holds(folded, _needs(rx.pattern)):
        return False
    return rx.search(text) is not None
