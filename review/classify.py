"""Recognise clause categories in segmented contracts, and tell what kind of document it is."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Any, Literal

import ahocorasick

from clause_library.models import Category, DocumentKind, OutsourcingKind, Patterns

from .document import Segment
from .linear import LinearPattern, compile_bounded, compile_linear
from .prefilter import Reach, fold, holds, longest_word, reach, required_literals, weight

__all__ = ["Hit", "classify", "detect_kind", "normalize", "prepare"]

Via = Literal["heading", "body"]

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
        got = _PATTERNS[source] = _Rx(_regex(source), needs, keys, rest,
                                      reach(source) if needs else None, len(_PATTERNS))
    return got


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


def _heading_of(seg: Segment) -> str:
    if seg.heading.strip():
        return normalize(seg.heading)
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
        present = frozenset([v for _, v in self.finder.iter(folded)])
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


def classify(segments: list[Segment], categories: Mapping[str, Category], *,
             first_only: bool = False) -> dict[str, list[Hit]]:
    """Every category found in ``segments``, with one hit per segment that addresses it.

    A category counts wherever it is: under its own heading, or inside a clause headed
    otherwise, or in an annex. Categories with no hit are absent from the result.
    ``first_only``: each category's first hit alone (what a review reports), the same as the
    first of all its hits, found without judging the category again once it is found.
    """
    index = _index(categories)
    compiled = index.compiled
    out: dict[str, list[Hit]] = {}
    found: set[int] = set()
    # Patterns run only on a text holding the strings they need (see ``_Rx.may_match``), and a
    # category only when one of its patterns may.
    for i, seg in enumerate(segments):
        if first_only and len(found) == len(compiled):
            break
        heading = index.text(_heading_of(seg))
        body = index.text(normalize(seg.text))
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


# ---- document kind ------------------------------------------------------------------------

def _rx(*parts: str) -> re.Pattern[str]:
    return re.compile("|".join(parts), re.IGNORECASE)


_PLEDGE = _rx(
    r"保密承诺书|保密承诺函|承诺人[：:（(]|本人承诺|本人(?:郑重)?(?:承诺|保证)|承诺人签[字名]",
    r"confidentiality (?:undertaking|pledge|declaration)|personal (?:undertaking|pledge)",
    r"\bI(?:,| the undersigned)[^.]{0,80}\b(?:undertake|pledge|hereby (?:agree|acknowledge))",
    r"\bI (?:hereby )?(?:undertake|pledge)\b",
)
_NDA = _rx(
    r"保密协议|不披露协议|保密合同|商业秘密(?:保护)?(?:协议|合同)|保密(?:及|与|和)[^。\n]{0,6}协议",
    r"non[- ]?disclosure agreement|confidentiality agreement|\bNDA\b|secrecy agreement"
    r"|mutual confidentiality|confidential disclosure agreement",
)
_SERVICE = _rx(
    r"服务合同|服务协议|外包(?:服务)?(?:合同|协议)|委托合同|技术服务|服务费|服务内容|服务范围",
    r"services? agreement|outsourcing agreement|statement of work|service levels?|"
    r"(?:the|such) services|service fees?|master services",
)
_OUTSOURCING: tuple[tuple[OutsourcingKind, re.Pattern[str]], ...] = (
    (OutsourcingKind.hr, _rx(
        r"人力资源外包|劳务派遣|派遣员工|人事代理|代缴社会保险|社保代缴|薪酬(?:代发|发放)|招聘(?:服务|流程外包)",
        r"human resources? outsourcing|\bHR outsourcing|staffing services|payroll services|"
        r"temporary (?:staff|workers)|labou?r dispatch|recruitment process outsourcing|seconded (?:staff|employees)",
    )),
    (OutsourcingKind.it, _rx(
        r"信息技术外包|IT外包|软件开发|系统(?:开发|运维|集成)|运维服务|云服务|数据中心|源代码|信息系统|技术支持服务",
        r"information technology|\bIT (?:services|outsourcing)|software development|source code|"
        r"hosting services?|data cent(?:er|re)|cloud services|application (?:development|maintenance)|"
        r"help ?desk|network (?:services|management)",
    )),
    (OutsourcingKind.bpo, _rx(
        r"业务流程外包|呼叫中心|客户服务外包|催收|数据录入|单证处理|票据处理|后台(?:业务|运营)",
        r"business process outsourcing|\bBPO\b|call cent(?:er|re)|back[- ]office|claims processing|"
        r"data entry|customer (?:care|support) services|collections? services|transaction processing",
    )),
)


def _max_width(rx: re.Pattern[str]) -> int | None:
    """The longest match ``rx`` can make, when bounded and ``rx`` looks at no neighbour but through
    ``\\b`` / ``^`` / ``$`` (no lookaround); else ``None``."""
    from re import _constants as sre  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]

    tree = sre_parse.parse(rx.pattern, rx.flags)
    stack = [tree]
    while stack:
        node = stack.pop()
        for op, av in node:
            if op in (sre.ASSERT, sre.ASSERT_NOT, sre.GROUPREF, sre.GROUPREF_EXISTS):
                return None
            for item in av if isinstance(av, (list, tuple)) else (av,):
                if isinstance(item, sre_parse.SubPattern):
                    stack.append(item)
                elif isinstance(item, list) and op is sre.BRANCH:
                    stack.extend(item)
    high = tree.getwidth()[1]
    return high if high < 1 << 16 else None


_WIDTHS: dict[str, int | None] = {}


def count_matches(rx: re.Pattern[str], text: str, folded: str,
                  found: Mapping[str, list[int]] | None = None) -> int:
    """``len(rx.findall(text))``, looking only near the strings every match holds.

    ``folded`` is ``fold(text)``. A match holds one of the strings ``required_literals`` gives
    and is at most ``W`` characters long, so it lies within ``W`` characters of one of them: the
    count is the sum over those stretches of text (merged where they meet), and zero without any.
    ``found``: where each of those strings occurs in ``folded``, when already known (see
    ``_cue_positions``); else they are looked for here.
    """
    needs = _pattern(rx.pattern).needs if rx.flags & re.IGNORECASE else ()
    if rx.pattern not in _WIDTHS:
        _WIDTHS[rx.pattern] = _max_width(rx)
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


@functools.cache
def _cue_finder() -> Any:
    """An Aho-Corasick automaton over the strings the outsourcing cue patterns require."""
    finder = ahocorasick.Automaton()
    for _, rx in _OUTSOURCING:
        needs = _pattern(rx.pattern).needs
        for s in needs[0] if needs else ():
            finder.add_word(s, s)
    finder.make_automaton()
    return finder


def _cue_positions(folded: str) -> dict[str, list[int]]:
    """Where each string the outsourcing cue patterns require (``_Rx.needs[0]``) occurs in
    ``folded``, every occurrence, overlapping ones too: one pass for all three patterns."""
    finder = _cue_finder()
    out: dict[str, list[int]] = {}
    if len(finder) == 0:
        return out
    for end, s in finder.iter(folded):
        out.setdefault(s, []).append(end - len(s) + 1)
    return out


_HEAD = 400  # the title and preamble: the kind's cues weigh most there
_OPENING = 4000  # the opening pages
_PREFIX = 2 * _OPENING  # raw characters normalised when only the opening is looked at


def _finds(rx: re.Pattern[str], text: str, folded: str) -> bool:
    """Whether ``rx`` (case-insensitive) matches ``text``; not run when ``folded`` (``fold(text)``)
    lacks a string every match holds."""
    if not holds(folded, _pattern(rx.pattern).needs):
        return False
    return rx.search(text) is not None


def _opening(text: str) -> str:
    """``normalize(text)[:_OPENING]``, normalising only the start of a long text when that is enough.

    ``normalize`` works locally (a whitespace run, a gap between Chinese characters, a broken
    word), so normalising a prefix gives the same text except at most its last two characters.
    """
    if len(text) > _PREFIX:
        head = normalize(text[:_PREFIX])
        if len(head) >= _OPENING + 2:
            return head[:_OPENING]
    return normalize(text)[:_OPENING]


def detect_kind(text: str, *, outsourcing: bool = True) -> tuple[DocumentKind, OutsourcingKind | None]:
    """Whether ``text`` is an NDA, a personal confidentiality pledge or a service contract.

    For a service contract, also which kind of outsourcing the cue words point to; ``None``
    when none does, or when ``outsourcing`` is False (the caller knows it: the whole text need
    not be read). The title (the first few hundred characters) weighs most.
    """
    whole = normalize(text) if outsourcing else None
    opening = whole[:_OPENING] if whole is not None else _opening(text)
    folded = fold(opening)

    def finds(rx: re.Pattern[str], end: int) -> bool:
        return _finds(rx, opening[:end], folded[:end])

    if finds(_PLEDGE, _HEAD):
        return DocumentKind.pledge, None
    if finds(_NDA, _HEAD) and not finds(_SERVICE, _HEAD):
        return DocumentKind.nda, None
    if not finds(_SERVICE, _OPENING) and finds(_NDA, _OPENING):
        return DocumentKind.nda, None
    if finds(_PLEDGE, 2000) and not finds(_SERVICE, 2000):
        return DocumentKind.pledge, None
    if whole is None:
        return DocumentKind.service_contract, None
    head = opening[:_HEAD]
    best: tuple[int, OutsourcingKind | None] = (0, None)
    folded_whole = fold(whole)
    found = _cue_positions(folded_whole)
    for kind, rx in _OUTSOURCING:
        n = len(rx.findall(head)) * 5 + count_matches(rx, whole, folded_whole, found)
        if n > best[0]:
            best = (n, kind)
    return DocumentKind.service_contract, best[1]
