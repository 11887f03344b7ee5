"""One category pattern compiled to run fast: in RE2 when it can, searched only where a match may be."""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Any

import ahocorasick

from .linear import LinearPattern, compile_bounded, compile_linear
from .match_bounds import Reach, longest_word, reach, starts
from .prefilter import holds, required_literals, weight

__all__ = ["FastPattern", "TextView", "fast_pattern"]

# What a pattern matches never changes here: ``FastPattern.search(view)`` finds what
# ``re.compile(source, re.IGNORECASE).search(view.text)`` finds (tests/review/test_classify_speed.py).

# A required string at least this "heavy" (see ``prefilter.weight``) is looked for in the whole
# text in one pass (Aho-Corasick); lighter ones (" ", "a", "(") are too common to be worth it.
_INDEXED = 3
_MOST = 8  # most required sets kept for one pattern
_WINDOWED = 200  # a text this much longer than 3 reaches is searched around the required strings


class TextView:
    """A heading or a clause text, normalised; folded; which indexed required strings it contains;
    and which patterns (by ``FastPattern.pid``) have all their keys in it."""

    __slots__ = ("_word", "folded", "passing", "present", "text")

    def __init__(self, text: str, folded: str, present: AbstractSet[str], passing: AbstractSet[int]) -> None:
        self.text = text
        self.folded = folded
        self.present = present
        self.passing = passing
        self._word = -1

    @property
    def word(self) -> int:
        """``match_bounds.longest_word(text)``, computed once."""
        if self._word < 0:
            self._word = longest_word(self.text)
        return self._word


@dataclass(frozen=True, eq=False)
class FastPattern:
    """One pattern, and the folded strings a text it matches must contain (see ``required_literals``)."""

    rx: re.Pattern[str] | LinearPattern
    needs: tuple[frozenset[str], ...]  # a match holds one string of each; the best filter first
    keys: tuple[frozenset[str], ...]  # those of ``needs`` looked up once per text (see ``_INDEXED``)
    rest: tuple[frozenset[str], ...]  # the others: looked for in the text itself, once the keys are there
    reach: Reach | None  # how far past a match's start the pattern reads (``match_bounds.reach``)
    pid: int  # its number in ``_PATTERNS``
    starts: Any  # for a ``re`` pattern: ahocorasick.Automaton of the strings a match starts with, or None

    def may_match(self, t: TextView) -> bool:
        """False when ``t`` lacks what every match needs: so ``rx`` need not run."""
        if self.keys and self.pid not in t.passing:
            return False
        if self.rest:
            folded = t.folded
            return holds(folded, self.rest)
        return True

    def search(self, t: TextView) -> re.Match[str] | None:
        """``self.rx.search(t.text)``; in a long text, run only around the strings every match holds.

        A match holds one of ``needs[0]`` at some ``o`` and starts at ``p`` in ``[o - reach, o]``;
        whether a match starts at ``p`` depends only on the text before ``p + reach + 2`` (a
        search from ``pos`` still sees the text before ``pos``). So the leftmost match lies in
        the first of the stretches ``[o - reach, o + reach + 2)`` (merged where they meet) that
        has one, and searching that stretch alone finds that same match. A reach with a per-word
        part (``\\w+``) is bounded by this text's longest word.
        """
        text = t.text
        if self.starts is not None and len(t.folded) == len(text):
            return self._anchored(t)
        if (self.reach is None or len(text) < 3 * self.reach[0] + _WINDOWED or len(t.folded) != len(text)
                or isinstance(self.rx, LinearPattern)):  # RE2 reads the whole text once (each search from pos too)
            return self.rx.search(text)
        fixed, per_word = self.reach
        span = fixed + per_word * t.word if per_word else fixed
        if len(text) < 3 * span + _WINDOWED:
            return self.rx.search(text)
        return self._windowed(t, span)

    def _windowed(self, t: TextView, span: int) -> re.Match[str] | None:
        """``self.rx.search(t.text)``, run only on the stretches ``span`` around the strings of ``needs[0]``."""
        text, folded = t.text, t.folded
        hits: list[int] = []
        for s in self.needs[0]:
            pos = folded.find(s)
            while pos >= 0:
                hits.append(pos)
                pos = folded.find(s, pos + 1)
        if not hits:
            return None
        hits.sort()
        search = self.rx.search
        ahead = span + 2
        start, end = max(0, hits[0] - span), hits[0] + ahead
        for o in hits:
            if o - span > end:
                m = search(text, start, end)
                if m:
                    return m
                start = o - span
            end = o + ahead
        return search(text, start, end)

    def _anchored(self, t: TextView) -> re.Match[str] | None:
        """``self.rx.search(t.text)``, tried only where a match may start: where ``t.folded`` holds
        one of the strings every match starts with (``match_bounds.starts``). ``re`` tries the places
        in order, and its attempt at ``p`` is ``match(text, p)`` (which sees the text before ``p``,
        for a lookbehind or ``\\b``): the first that succeeds is the match ``search`` finds.
        """
        places = sorted({end - n for end, n in self.starts.iter(t.folded)})
        match = self.rx.match
        text = t.text
        for p in places:
            m = match(text, p)
            if m:
                return m
        return None


# Compiled patterns by source, for the life of the process: a library reloaded, or categories
# pickled into a worker, reuse them.
_PATTERNS: dict[str, FastPattern] = {}


def _regex(source: str) -> re.Pattern[str] | LinearPattern:
    """A category pattern run in RE2 (linear time) when RE2 can say what it means, else by ``re``.

    The texts patterns see are normalised (see ``classify.normalize``): no line break, so ``$`` means the end
    of the text in both. Those ``re`` runs (look-around, ``\\b``) are bounded, or named in
    tests/review/test_linear_patterns.py with why they are linear or what still bounds them.
    """
    # \b, or \w and \d, which RE2 then needs only as ASCII (Python's tables take RE2 far longer to compile)
    if "\\b" in source or "\\w" in source or "\\d" in source:
        try:
            return compile_bounded(source, re.IGNORECASE)
        except ValueError:
            pass
    try:
        return compile_linear(source, re.IGNORECASE)
    except ValueError:
        return re.compile(source, re.IGNORECASE)


def fast_pattern(source: str) -> FastPattern:
    """The category pattern ``source`` (case-insensitive), compiled once for the process."""
    got = _PATTERNS.get(source)
    if got is None:
        needs = required_literals(source, most=_MOST)
        keys = tuple(n for n in needs if min(weight(s) for s in n) >= _INDEXED)
        rest = tuple(n for n in needs if n not in keys)
        rx = _regex(source)
        got = _PATTERNS[source] = FastPattern(rx, needs, keys, rest, reach(source) if needs else None,
                                              len(_PATTERNS), _starts_finder(rx))
    return got


def _starts_finder(rx: re.Pattern[str] | LinearPattern) -> Any:
    """For a pattern ``re`` runs (RE2 scans fast by itself): an automaton finding where a match may start
    (value: how far before a found string's last character it starts), or None when it may start anywhere."""
    if isinstance(rx, LinearPattern):
        return None
    first = starts(rx.pattern)
    if first is None:
        return None
    finder = ahocorasick.Automaton()
    for s in sorted(first):
        finder.add_word(s, len(s) - 1)
    finder.make_automaton()
    return finder
