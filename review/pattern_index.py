"""The categories' patterns indexed by the strings they need: which may hit a segment, which may run."""

from __future__ import annotations

import operator
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import ahocorasick

from clause_library.models import Category, Patterns

from .fast_pattern import FastPattern, TextView, fast_pattern
from .prefilter import fold

__all__ = ["CategoryIndex", "CategoryPatterns", "PatternGroup", "category_index"]

# The others cannot match, so ``classify`` never runs them.


class PatternGroup:
    """Patterns tried in order (a category's heading, body, weak or exclude patterns)."""

    __slots__ = ("free", "index", "patterns", "pids")

    def __init__(self, patterns: tuple[FastPattern, ...]) -> None:
        self.patterns = patterns
        self.pids = frozenset(p.pid for p in patterns if p.keys)
        self.index: dict[int, int] = {}
        for i, p in enumerate(patterns):
            self.index.setdefault(p.pid, i)  # a pattern listed twice can only match the first time
        self.free = tuple(i for i, p in enumerate(patterns) if not p.keys)  # always looked at

    def __len__(self) -> int:
        return len(self.patterns)

    def __iter__(self) -> Iterator[FastPattern]:
        return iter(self.patterns)

    def runnable(self, t: TextView) -> list[FastPattern]:
        """The patterns whose keys ``t`` holds, in order: the others cannot match it."""
        got = self.pids.intersection(t.passing)
        if not got:
            return [self.patterns[i] for i in self.free]
        index = self.index
        order = [index[pid] for pid in got]
        order.extend(self.free)
        order.sort()
        return [self.patterns[i] for i in order]

    def first(self, t: TextView) -> re.Match[str] | None:
        """The first pattern's match, in the patterns' order (not the leftmost match)."""
        for p in self.runnable(t):
            if not p.rest or p.may_match(t):
                m = p.search(t)
                if m:
                    return m
        return None

    def every(self, t: TextView, *, at_least: int) -> list[re.Match[str]]:
        """Each pattern's match, in the patterns' order; none looked for when fewer than ``at_least``
        patterns may match."""
        if len(self.patterns) < at_least:
            return []
        may = [p for p in self.runnable(t) if not p.rest or p.may_match(t)]
        if len(may) < at_least:
            return []
        return [m for m in (p.search(t) for p in may) if m]


@dataclass(frozen=True)
class CategoryPatterns:
    """A category's patterns, compiled."""

    headings: PatternGroup
    body: PatternGroup
    weak: PatternGroup
    exclude: PatternGroup

    @property
    def triggers(self) -> tuple[FastPattern, ...]:
        """The patterns one of which must match a text for a body hit (exclude ones only veto)."""
        return self.body.patterns + self.weak.patterns if len(self.weak) >= 2 else self.body.patterns


def _group(p: Patterns) -> PatternGroup:
    return PatternGroup(tuple(fast_pattern(s) for s in [*p.zh, *p.en]))


# Category models are frozen, so a category's compiled patterns can be cached by identity.
_CACHE: dict[int, tuple[Category, CategoryPatterns]] = {}


def _compiled(cat: Category) -> CategoryPatterns:
    got = _CACHE.get(id(cat))
    if got is not None and got[0] is cat:
        return got[1]
    comp = CategoryPatterns(_group(cat.headings), _group(cat.body), _group(cat.weak), _group(cat.exclude))
    _CACHE[id(cat)] = (cat, comp)
    return comp


_NONE: frozenset[int] = frozenset()
_VALUE = operator.itemgetter(1)
_NO_STR: frozenset[str] = frozenset()


@dataclass(frozen=True)
class CategoryIndex:
    """For a list of categories: the strings to look for, the patterns each may let run, and the
    categories each such pattern may wake."""

    compiled: tuple[tuple[str, CategoryPatterns], ...]
    finder: Any  # ahocorasick.Automaton over every pattern's keys (value: the string), or None
    by_first: dict[str, frozenset[int]]  # string -> pids of the patterns whose first key holds it
    patterns: dict[int, FastPattern]  # by pid
    heading_cats: dict[int, frozenset[int]]  # pid -> positions of the categories it is a heading pattern of
    text_cats: dict[int, frozenset[int]]  # pid -> ... a trigger (body or weak) pattern of
    always_heading: frozenset[int]  # categories with a heading pattern that has no key
    always_text: frozenset[int]

    def text(self, text: str) -> TextView:
        """``text`` with what the patterns need to know of it."""
        if not text:
            return TextView(text, text, _NO_STR, _NONE)
        folded = fold(text)
        if self.finder is None:
            return TextView(text, folded, _NO_STR, _NONE)
        present = frozenset(map(_VALUE, self.finder.iter(folded)))  # (end, string) pairs, deduplicated in C
        by_first = self.by_first
        first = [by_first[s] for s in present if s in by_first]
        if not first:
            return TextView(text, folded, present, _NONE)
        patterns = self.patterns
        passing = set()
        for pid in _NONE.union(*first):
            keys = patterns[pid].keys
            if len(keys) == 1 or all(not k.isdisjoint(present) for k in keys[1:]):
                passing.add(pid)
        return TextView(text, folded, present, passing)

    def candidates(self, heading: TextView, body: TextView) -> tuple[list[int], set[int], set[int]]:
        """Positions of the categories that may hit this segment, in order (the others cannot); and
        of those that may by their heading patterns, and by their body patterns."""
        by_heading: set[int] = set()
        if heading.text:
            by_heading.update(self.always_heading)
            cats = self.heading_cats
            by_heading.update(*(cats[pid] for pid in heading.passing if pid in cats))
        by_text: set[int] = set()
        if body.text:
            by_text.update(self.always_text)
            cats = self.text_cats
            by_text.update(*(cats[pid] for pid in body.passing if pid in cats))
        return sorted(by_heading | by_text), by_heading, by_text


def _finder(strings: list[str]) -> Any:
    """An Aho-Corasick automaton finding ``strings`` (value: the string), or None for none."""
    if not strings:
        return None
    finder = ahocorasick.Automaton()
    for s in strings:
        finder.add_word(s, s)
    finder.make_automaton()
    return finder


def _index_of(compiled: tuple[tuple[str, CategoryPatterns], ...]) -> CategoryIndex:
    by_first: dict[str, set[int]] = {}
    heading_cats: dict[int, set[int]] = {}
    text_cats: dict[int, set[int]] = {}
    patterns: dict[int, FastPattern] = {}
    always_heading: set[int] = set()
    always_text: set[int] = set()
    for pos, (_, comp) in enumerate(compiled):
        for p in (*comp.headings, *comp.body, *comp.weak, *comp.exclude):
            patterns[p.pid] = p
            for s in p.keys[0] if p.keys else ():
                by_first.setdefault(s, set()).add(p.pid)
        for p in comp.headings:
            if p.keys:
                heading_cats.setdefault(p.pid, set()).add(pos)
            else:
                always_heading.add(pos)
        for p in comp.triggers:
            if p.keys:
                text_cats.setdefault(p.pid, set()).add(pos)
            else:
                always_text.add(pos)
    finder = _finder(sorted({s for p in patterns.values() for key in p.keys for s in key}))
    return CategoryIndex(
        compiled, finder, {s: frozenset(v) for s, v in by_first.items()}, patterns,
        {k: frozenset(v) for k, v in heading_cats.items()}, {k: frozenset(v) for k, v in text_cats.items()},
        frozenset(always_heading), frozenset(always_text),
    )


_INDEXES: dict[tuple[int, ...], CategoryIndex] = {}


def category_index(categories: Mapping[str, Category]) -> CategoryIndex:
    """The index of ``categories`` (in their order), built once for the same category objects."""
    compiled = tuple((cid, _compiled(cat)) for cid, cat in categories.items())
    key = tuple(id(c) for _, c in compiled)  # the CategoryPatterns objects live in _CACHE, so ids stay theirs
    got = _INDEXES.get(key)
    if got is None or tuple(cid for cid, _ in got.compiled) != tuple(cid for cid, _ in compiled):
        got = _INDEXES[key] = _index_of(compiled)
    return got
