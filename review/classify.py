"""Recognise clause categories in segmented contracts."""

from __future__ import annotations

import functools
import math
import operator
import re
from collections.abc import Callable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Any, Literal

import ahocorasick

from clause_library.models import Category, Patterns

from .document import Segment
from .linear import LinearPattern, compile_bounded, compile_linear
from .model import ClauseModel, is_english, sentence_units, shipped_model
from .prefilter import Reach, fold, holds, longest_word, reach, required_literals, starts, weight

__all__ = ["Hit", "classify", "normalize", "prepare"]

Via = Literal["heading", "body", "model"]

_HEADING_SCORE = 1.0
_STRONG_SCORE = 0.8
_WEAK_SCORE = 0.5
_SNIPPET = 80  # characters of context kept on each side of the evidence

_CJK = r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]"
# "中 文" -> "中文": consuming the first character (kept by the substitution) lets `re` scan for
# it quickly, where a lookbehind is tried at every position
_CJK_GAP = re.compile(rf"({_CJK})\s+(?={_CJK})")
_HYPHEN_BREAK = re.compile(r"(?<=[a-z])-\n(?=[a-z])")
# A run-in heading that opens a clause's text: "12.3 Governing Law. This Agreement ..."
# In RE2: its two runs of spaces around the optional number split a long run of spaces every way in Python's re.
_RUN_IN = compile_linear(
    r"^\s*(?:(?:article|section|clause)\s+)?(?:[\dIVX]+(?:\.\d+)*\.?|\(?[a-z\d]{1,3}\))?\s*"
    r"(?P<h>[A-Z][A-Za-z,&/'’ -]{2,60}?)\s*(?:[.:]\s|\s[-–—]\s)"
)


@dataclass(frozen=True)
class Hit:
    """Evidence that segment ``segment`` (its index in the list given) is about ``category``.

    ``via`` says what matched: the segment's heading, or its body text. ``score`` is 1.0 for a
    heading, 0.8 for one strong body cue and 0.5 for two co-occurring weak cues.
    """

    category: str
    segment: int
    location: str
    evidence: str
    score: float
    via: Via


def normalize(text: str) -> str:
    """Text as the patterns see it: whitespace collapsed, no spaces between Chinese characters."""
    if "-\n" in text:
        text = _HYPHEN_BREAK.sub("", text)
    if not text.isascii():
        text = _CJK_GAP.sub(r"\1", text)
    # str.split() splits at exactly the characters \s matches (every code point checked), and
    # strips them at both ends: the same as re.sub(r"\s+", " ", text).strip(), faster
    return " ".join(text.split())


class _Text:
    """A heading or a clause text, normalised; folded; which indexed required strings it contains;
    and which patterns (by ``_Rx.pid``) have all their keys in it."""

    __slots__ = ("_word", "folded", "passing", "present", "text")

    def __init__(self, text: str, folded: str, present: AbstractSet[str], passing: AbstractSet[int]) -> None:
        self.text = text
        self.folded = folded
        self.present = present
        self.passing = passing
        self._word = -1

    @property
    def word(self) -> int:
        """``prefilter.longest_word(text)``, computed once."""
        if self._word < 0:
            self._word = longest_word(self.text)
        return self._word


# A required string at least this "heavy" (see ``prefilter.weight``) is looked for in the whole
# text in one pass (Aho-Corasick); lighter ones (" ", "a", "(") are too common to be worth it.
_INDEXED = 3
_MOST = 8  # most required sets kept for one pattern
_WINDOWED = 200  # a text this much longer than 3 reaches is searched around the required strings


@dataclass(frozen=True, eq=False)
class _Rx:
    """One pattern, and the folded strings a text it matches must contain (see ``required_literals``)."""

    rx: re.Pattern[str] | LinearPattern
    needs: tuple[frozenset[str], ...]  # a match holds one string of each; the best filter first
    keys: tuple[frozenset[str], ...]  # those of ``needs`` looked up once per text (see ``_INDEXED``)
    rest: tuple[frozenset[str], ...]  # the others: looked for in the text itself, once the keys are there
    reach: Reach | None  # how far past a match's start the pattern reads (``prefilter.reach``)
    pid: int  # its number in ``_PATTERNS``
    starts: Any  # for a ``re`` pattern: ahocorasick.Automaton of the strings a match starts with, or None

    def may_match(self, t: _Text) -> bool:
        """False when ``t`` lacks what every match needs: so ``rx`` need not run."""
        if self.keys and self.pid not in t.passing:
            return False
        if self.rest:
            folded = t.folded
            return holds(folded, self.rest)
        return True

    def search(self, t: _Text) -> re.Match[str] | None:
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
        folded = t.folded
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

    def _anchored(self, t: _Text) -> re.Match[str] | None:
        """``self.rx.search(t.text)``, tried only where a match may start: where ``t.folded`` holds
        one of the strings every match starts with (``prefilter.starts``). ``re`` tries the places
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
_PATTERNS: dict[str, _Rx] = {}


def _regex(source: str) -> re.Pattern[str] | LinearPattern:
    """A category pattern run in RE2 (linear time) when RE2 can say what it means, else by ``re``.

    The texts patterns see are normalised (see ``normalize``): no line break, so ``$`` means the end of the
    text in both. Those ``re`` runs (look-around, ``\\b``) are bounded, or named in
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


def _pattern(source: str) -> _Rx:
    got = _PATTERNS.get(source)
    if got is None:
        needs = required_literals(source, most=_MOST)
        keys = tuple(n for n in needs if min(weight(s) for s in n) >= _INDEXED)
        rest = tuple(n for n in needs if n not in keys)
        rx = _regex(source)
        got = _PATTERNS[source] = _Rx(rx, needs, keys, rest, reach(source) if needs else None, len(_PATTERNS),
                                      _starts_finder(rx))
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


class _Group:
    """Patterns tried in order (a category's heading, body, weak or exclude patterns)."""

    __slots__ = ("free", "index", "patterns", "pids")

    def __init__(self, patterns: tuple[_Rx, ...]) -> None:
        self.patterns = patterns
        self.pids = frozenset(p.pid for p in patterns if p.keys)
        self.index: dict[int, int] = {}
        for i, p in enumerate(patterns):
            self.index.setdefault(p.pid, i)  # a pattern listed twice can only match the first time
        self.free = tuple(i for i, p in enumerate(patterns) if not p.keys)  # always looked at

    def __len__(self) -> int:
        return len(self.patterns)

    def __iter__(self) -> Iterator[_Rx]:
        return iter(self.patterns)

    def runnable(self, t: _Text) -> list[_Rx]:
        """The patterns whose keys ``t`` holds, in order: the others cannot match it."""
        got = self.pids.intersection(t.passing)
        if not got:
            return [self.patterns[i] for i in self.free]
        index = self.index
        order = [index[pid] for pid in got]
        order.extend(self.free)
        order.sort()
        return [self.patterns[i] for i in order]


@dataclass(frozen=True)
class _Compiled:
    headings: _Group
    body: _Group
    weak: _Group
    exclude: _Group

    @property
    def triggers(self) -> tuple[_Rx, ...]:
        """The patterns one of which must match a text for a body hit (exclude ones only veto)."""
        return self.body.patterns + self.weak.patterns if len(self.weak) >= 2 else self.body.patterns


def _compile(p: Patterns) -> _Group:
    return _Group(tuple(_pattern(s) for s in [*p.zh, *p.en]))


# Category models are frozen, so a category's compiled patterns can be cached by identity.
_CACHE: dict[int, tuple[Category, _Compiled]] = {}


def _compiled(cat: Category) -> _Compiled:
    got = _CACHE.get(id(cat))
    if got is not None and got[0] is cat:
        return got[1]
    comp = _Compiled(_compile(cat.headings), _compile(cat.body), _compile(cat.weak), _compile(cat.exclude))
    _CACHE[id(cat)] = (cat, comp)
    return comp


def prepare(categories: Mapping[str, Category]) -> None:
    """Compile the categories' patterns now (e.g. before forking workers), not on the first document."""
    _index(categories)


def _snippet(text: str, m: re.Match[str]) -> str:
    start, end = max(0, m.start() - _SNIPPET), min(len(text), m.end() + _SNIPPET)
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


def _heading_of(seg: Segment, norm: Callable[[str], str] = normalize) -> str:
    if seg.heading.strip():
        return norm(seg.heading)
    m = _RUN_IN.match(seg.text)
    return m.group("h") if m else ""


def _search(group: _Group, t: _Text) -> re.Match[str] | None:
    """The first pattern's match, in the patterns' order (not the leftmost match)."""
    for p in group.runnable(t):
        if not p.rest or p.may_match(t):
            m = p.search(t)
            if m:
                return m
    return None


def _judge(cid: str, comp: _Compiled, i: int, seg: Segment, heading: _Text | None, body: _Text | None) -> Hit | None:
    """``heading`` / ``body`` ``None``: no pattern of that kind can match there."""
    if heading is not None:
        m = _search(comp.headings, heading)
        if m:
            return Hit(cid, i, seg.location, heading.text, _HEADING_SCORE, "heading")
    if body is None or _search(comp.exclude, body):
        return None
    text = body.text
    m = _search(comp.body, body)
    if m:
        return Hit(cid, i, seg.location, _snippet(text, m), _STRONG_SCORE, "body")
    if len(comp.weak) >= 2:
        weak = [p for p in comp.weak.runnable(body) if not p.rest or p.may_match(body)]
        if len(weak) >= 2:
            found = [m for m in (p.search(body) for p in weak) if m]
            if len(found) >= 2:
                return Hit(cid, i, seg.location, _snippet(text, found[0]), _WEAK_SCORE, "body")
    return None


_NONE: frozenset[int] = frozenset()
_VALUE = operator.itemgetter(1)
_NO_STR: frozenset[str] = frozenset()


@dataclass(frozen=True)
class _Index:
    """For a list of categories: the strings to look for, the patterns each may let run, and the
    categories each such pattern may wake."""

    compiled: tuple[tuple[str, _Compiled], ...]
    finder: Any  # ahocorasick.Automaton over every pattern's keys (value: the string), or None
    by_first: dict[str, frozenset[int]]  # string -> pids of the patterns whose first key holds it
    patterns: dict[int, _Rx]  # by pid
    heading_cats: dict[int, frozenset[int]]  # pid -> positions of the categories it is a heading pattern of
    text_cats: dict[int, frozenset[int]]  # pid -> ... a trigger (body or weak) pattern of
    always_heading: frozenset[int]  # categories with a heading pattern that has no key
    always_text: frozenset[int]

    def text(self, text: str) -> _Text:
        """``text`` with what the patterns need to know of it."""
        if not text:
            return _Text(text, text, _NO_STR, _NONE)
        folded = fold(text)
        if self.finder is None:
            return _Text(text, folded, _NO_STR, _NONE)
        present = frozenset(map(_VALUE, self.finder.iter(folded)))  # (end, string) pairs, deduplicated in C
        by_first = self.by_first
        first = [by_first[s] for s in present if s in by_first]
        if not first:
            return _Text(text, folded, present, _NONE)
        patterns = self.patterns
        passing = set()
        for pid in _NONE.union(*first):
            keys = patterns[pid].keys
            if len(keys) == 1 or all(not k.isdisjoint(present) for k in keys[1:]):
                passing.add(pid)
        return _Text(text, folded, present, passing)

    def candidates(self, heading: _Text, body: _Text) -> tuple[list[int], set[int], set[int]]:
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


def _index_of(compiled: tuple[tuple[str, _Compiled], ...]) -> _Index:
    by_first: dict[str, set[int]] = {}
    heading_cats: dict[int, set[int]] = {}
    text_cats: dict[int, set[int]] = {}
    patterns: dict[int, _Rx] = {}
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
    wanted = sorted({s for p in patterns.values() for key in p.keys for s in key})
    finder = None
    if wanted:
        finder = ahocorasick.Automaton()
        for s in wanted:
            finder.add_word(s, s)
        finder.make_automaton()
    return _Index(
        compiled, finder, {s: frozenset(v) for s, v in by_first.items()}, patterns,
        {k: frozenset(v) for k, v in heading_cats.items()}, {k: frozenset(v) for k, v in text_cats.items()},
        frozenset(always_heading), frozenset(always_text),
    )


_INDEXES: dict[tuple[int, ...], _Index] = {}


def _index(categories: Mapping[str, Category]) -> _Index:
    compiled = tuple((cid, _compiled(cat)) for cid, cat in categories.items())
    key = tuple(id(c) for _, c in compiled)  # the _Compiled objects live in _CACHE, so ids stay theirs
    got = _INDEXES.get(key)
    if got is None or tuple(cid for cid, _ in got.compiled) != tuple(cid for cid, _ in compiled):
        got = _INDEXES[key] = _index_of(compiled)
    return got


_SHIPPED: Any = object()  # ``classify``'s default: the model shipped with the package


def classify(segments: list[Segment], categories: Mapping[str, Category], *,
             first_only: bool = False, model: ClauseModel | None = _SHIPPED) -> dict[str, list[Hit]]:
    """Every category found in ``segments``, with one hit per segment that addresses it.

    A category counts wherever it is: under its own heading, or inside a clause headed
    otherwise, or in an annex. Categories with no hit are absent from the result.
    ``first_only``: each category's first hit alone (what a review reports), the same as the
    first of all its hits, found without judging the category again once it is found.
    ``model``: the learned reader of English clauses (``review.model``) that adds to the patterns
    or, for the categories it was chosen to decide, replaces them on English text; default the
    shipped one, ``None`` for the patterns alone.
    """
    norm = functools.lru_cache(maxsize=None)(normalize)  # each text normalised once, for patterns and model
    out = _classify_patterns(segments, categories, first_only=first_only, norm=norm)
    if model is _SHIPPED:
        model = shipped_model()
    if model is not None:
        _apply_model(segments, categories, out, model, norm)
    return out


def _apply_model(segments: list[Segment], categories: Mapping[str, Category], out: dict[str, list[Hit]],
                 model: ClauseModel, norm: Callable[[str], str] = normalize) -> None:
    """Add the model's first hit for each category the patterns missed; for a ``model``-mode
    category it replaces the patterns' hits. English text only: Chinese stays with the patterns."""
    if not segments or not is_english(segments):
        return
    wanted = {cid: k for k, (cid, cm) in enumerate(model.categories.items())
              if cid in categories and (cm.mode == "model" or cid not in out)}
    if not wanted:
        return
    units = list(sentence_units(segments, norm))
    scores = model.unit_scores([u for _, _, u in units])
    found: dict[str, Hit] = {}
    for cid, k in wanted.items():
        above = (scores[:, k] >= model.categories[cid].threshold).nonzero()[0]
        if len(above):
            n = int(above[0])
            i, sentence, _ = units[n]
            value = float(scores[n, k])
            found[cid] = Hit(cid, i, segments[i].location, sentence[:4 * _SNIPPET],
                             round(1 / (1 + math.exp(-value)), 3), "model")
    for cid in wanted:
        if cid in found:
            out[cid] = [found[cid]]
        elif model.categories[cid].mode == "model":
            out.pop(cid, None)


def _classify_patterns(segments: list[Segment], categories: Mapping[str, Category], *,
                       first_only: bool = False, norm: Callable[[str], str] = normalize) -> dict[str, list[Hit]]:
    """``classify`` by the patterns alone; ``norm`` is ``normalize`` (or a cache of it)."""
    index = _index(categories)
    compiled = index.compiled
    out: dict[str, list[Hit]] = {}
    found: set[int] = set()
    # Patterns run only on a text holding the strings they need (see ``_Rx.may_match``), and a
    # category only when one of its patterns may.
    for i, seg in enumerate(segments):
        if first_only and len(found) == len(compiled):
            break
        heading = index.text(_heading_of(seg, norm))
        body = index.text(norm(seg.text))
        order, by_heading, by_text = index.candidates(heading, body)
        for pos in order:
            if first_only and pos in found:
                continue
            cid, comp = compiled[pos]
            hit = _judge(cid, comp, i, seg, heading if pos in by_heading else None,
                         body if pos in by_text else None)
            if hit is not None:
                out.setdefault(cid, []).append(hit)
                found.add(pos)
    return out
