"""Recognise clause categories in segmented contracts, and tell what kind of document it is."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Any, Literal

import ahocorasick

from clause_library.models import Category, DocumentKind, OutsourcingKind, Patterns

from .document import Segment
from .prefilter import fold, reach, required_literals, weight

__all__ = ["Hit", "classify", "detect_kind", "normalize", "prepare"]

Via = Literal["heading", "body"]

_HEADING_SCORE = 1.0
_STRONG_SCORE = 0.8
_WEAK_SCORE = 0.5
_SNIPPET = 80  # characters of context kept on each side of the evidence

_CJK = r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]"
_CJK_GAP = re.compile(rf"(?<={_CJK})\s+(?={_CJK})")
_SPACE = re.compile(r"\s+")
_HYPHEN_BREAK = re.compile(r"(?<=[a-z])-\n(?=[a-z])")
# A run-in heading that opens a clause's text: "12.3 Governing Law. This Agreement ..."
_RUN_IN = re.compile(
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
    text = _HYPHEN_BREAK.sub("", text)
    text = _CJK_GAP.sub("", text)
    return _SPACE.sub(" ", text).strip()


@dataclass(frozen=True)
class _Text:
    """A heading or a clause text, normalised; folded; and which indexed required strings it contains."""

    text: str
    folded: str
    present: AbstractSet[str]


# A required string at least this "heavy" (see ``prefilter.weight``) is looked for in the whole
# document in one pass (Aho-Corasick); lighter ones (" ", "a", "(") are too common to be worth it.
_INDEXED = 3
_MOST = 8  # most required sets kept for one pattern
_WINDOWED = 200  # a text this much longer than 3 reaches is searched around the required strings


@dataclass(frozen=True)
class _Rx:
    """One pattern, and the folded strings a text it matches must contain (see ``required_literals``)."""

    rx: re.Pattern[str]
    needs: tuple[frozenset[str], ...]  # a match holds one string of each; the best filter first
    keys: tuple[frozenset[str], ...]  # those of ``needs`` looked up once per document (see ``_INDEXED``)
    rest: tuple[frozenset[str], ...]  # the others: looked for in the text itself, once the keys are there
    reach: int | None  # how far past a match's start the pattern reads (``prefilter.reach``)

    def may_match(self, t: _Text) -> bool:
        """False when ``t`` lacks what every match needs: so ``rx`` need not run."""
        present = t.present
        for key in self.keys:
            if key.isdisjoint(present):
                return False
        folded = t.folded
        return all(any(s in folded for s in need) for need in self.rest)

    def search(self, t: _Text) -> re.Match[str] | None:
        """``self.rx.search(t.text)``; in a long text, run only around the strings every match holds.

        A match holds one of ``needs[0]`` at some ``o`` and starts at ``p`` in ``[o - reach, o]``;
        whether a match starts at ``p`` depends only on the text before ``p + reach + 2`` (a
        search from ``pos`` still sees the text before ``pos``). So the leftmost match lies in
        the first of the stretches ``[o - reach, o + reach + 2)`` (merged where they meet) that
        has one, and searching that stretch alone finds that same match.
        """
        text = t.text
        span = self.reach
        if span is None or len(text) < 3 * span + _WINDOWED or len(t.folded) != len(text):
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


def _pattern(source: str) -> _Rx:
    got = _PATTERNS.get(source)
    if got is None:
        needs = required_literals(source, most=_MOST)
        keys = tuple(n for n in needs if min(weight(s) for s in n) >= _INDEXED)
        rest = tuple(n for n in needs if n not in keys)
        got = _PATTERNS[source] = _Rx(re.compile(source, re.IGNORECASE), needs, keys, rest,
                                      reach(source) if needs else None)
    return got


def _literals(pats: tuple[_Rx, ...]) -> frozenset[str] | None:
    """For each pattern its best indexed set, joined; ``None`` when one has none (so it always runs)."""
    if any(not p.keys for p in pats):
        return None
    return frozenset().union(*(p.keys[0] for p in pats))


@dataclass(frozen=True)
class _Compiled:
    headings: tuple[_Rx, ...]
    body: tuple[_Rx, ...]
    weak: tuple[_Rx, ...]
    exclude: tuple[_Rx, ...]
    heading_needs: frozenset[str] | None  # no heading pattern can match a heading without one of these
    text_needs: frozenset[str] | None  # ... nor a body or weak pattern a text without one of these

    def may_match_heading(self, present: AbstractSet[str]) -> bool:
        return self.heading_needs is None or not self.heading_needs.isdisjoint(present)

    def may_match_text(self, present: AbstractSet[str]) -> bool:
        return self.text_needs is None or not self.text_needs.isdisjoint(present)


def _compile(p: Patterns) -> tuple[_Rx, ...]:
    return tuple(_pattern(s) for s in [*p.zh, *p.en])


# Category models are frozen, so a category's compiled patterns can be cached by identity.
_CACHE: dict[int, tuple[Category, _Compiled]] = {}


def _compiled(cat: Category) -> _Compiled:
    got = _CACHE.get(id(cat))
    if got is not None and got[0] is cat:
        return got[1]
    headings, body, weak, exclude = (_compile(cat.headings), _compile(cat.body), _compile(cat.weak),
                                     _compile(cat.exclude))
    text = _literals(body + weak) if len(weak) >= 2 else _literals(body)
    comp = _Compiled(headings, body, weak, exclude, _literals(headings), text)
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


def _search(pats: Iterable[_Rx], t: _Text) -> re.Match[str] | None:
    """The first pattern's match, in the patterns' order (not the leftmost match)."""
    for p in pats:
        if p.may_match(t):
            m = p.search(t)
            if m:
                return m
    return None


def _judge(cid: str, comp: _Compiled, i: int, seg: Segment, heading: _Text, body: _Text) -> Hit | None:
    if heading.text and comp.may_match_heading(heading.present):
        m = _search(comp.headings, heading)
        if m:
            return Hit(cid, i, seg.location, heading.text, _HEADING_SCORE, "heading")
    text = body.text
    if not text or not comp.may_match_text(body.present) or _search(comp.exclude, body):
        return None
    m = _search(comp.body, body)
    if m:
        return Hit(cid, i, seg.location, _snippet(text, m), _STRONG_SCORE, "body")
    if len(comp.weak) >= 2:
        weak = [p for p in comp.weak if p.may_match(body)]
        if len(weak) >= 2:
            found = [m for m in (p.search(body) for p in weak) if m]
            if len(found) >= 2:
                return Hit(cid, i, seg.location, _snippet(text, found[0]), _WEAK_SCORE, "body")
    return None


@dataclass(frozen=True)
class _Index:
    """For a list of categories: the strings to look for, and which categories each may wake."""

    compiled: tuple[tuple[str, _Compiled], ...]
    finder: Any  # ahocorasick.Automaton over every pattern's keys (value: the string), or None
    by_heading: dict[str, frozenset[int]]  # string -> positions of categories a heading holding it may match
    by_text: dict[str, frozenset[int]]  # ... a text holding it may match
    always_heading: frozenset[int]  # categories with a heading pattern that needs no string
    always_text: frozenset[int]

    def present(self, folded: str) -> frozenset[str]:
        """The indexed strings ``folded`` contains."""
        if not folded or self.finder is None:
            return frozenset()
        return frozenset([v for _, v in self.finder.iter(folded)])

    def candidates(self, heading: _Text, body: _Text) -> list[int]:
        """Positions of the categories that may hit this segment, in order; the others cannot."""
        out = set(self.always_text) if body.text else set()
        by_text = self.by_text
        for s in body.present:
            got = by_text.get(s)
            if got:
                out |= got
        if heading.text:
            out |= self.always_heading
            by_heading = self.by_heading
            for s in heading.present:
                got = by_heading.get(s)
                if got:
                    out |= got
        return sorted(out)


def _index_of(compiled: tuple[tuple[str, _Compiled], ...]) -> _Index:
    by_heading: dict[str, set[int]] = {}
    by_text: dict[str, set[int]] = {}
    wanted: set[str] = set()
    for pos, (_, comp) in enumerate(compiled):
        for p in (*comp.headings, *comp.body, *comp.weak, *comp.exclude):
            for key in p.keys:
                wanted.update(key)
        for s in comp.heading_needs or ():
            by_heading.setdefault(s, set()).add(pos)
        for s in comp.text_needs or ():
            by_text.setdefault(s, set()).add(pos)
    finder = None
    if wanted:
        finder = ahocorasick.Automaton()
        for s in sorted(wanted):
            finder.add_word(s, s)
        finder.make_automaton()
    return _Index(
        compiled, finder,
        {s: frozenset(v) for s, v in by_heading.items()}, {s: frozenset(v) for s, v in by_text.items()},
        frozenset(i for i, (_, c) in enumerate(compiled) if c.heading_needs is None),
        frozenset(i for i, (_, c) in enumerate(compiled) if c.text_needs is None),
    )


_INDEXES: dict[tuple[int, ...], _Index] = {}


def _index(categories: Mapping[str, Category]) -> _Index:
    compiled = tuple((cid, _compiled(cat)) for cid, cat in categories.items())
    key = tuple(id(c) for _, c in compiled)  # the _Compiled objects live in _CACHE, so ids stay theirs
    got = _INDEXES.get(key)
    if got is None or tuple(cid for cid, _ in got.compiled) != tuple(cid for cid, _ in compiled):
        got = _INDEXES[key] = _index_of(compiled)
    return got


def classify(segments: list[Segment], categories: Mapping[str, Category]) -> dict[str, list[Hit]]:
    """Every category found in ``segments``, with one hit per segment that addresses it.

    A category counts wherever it is: under its own heading, or inside a clause headed
    otherwise, or in an annex. Categories with no hit are absent from the result.
    """
    index = _index(categories)
    out: dict[str, list[Hit]] = {}
    # Patterns run only on a text holding the strings they need (see ``_Rx.may_match``), and a
    # category only when one of its patterns may.
    for i, seg in enumerate(segments):
        h = _heading_of(seg)
        hf = fold(h) if h else ""
        heading = _Text(h, hf, index.present(hf))
        t = normalize(seg.text)
        tf = fold(t) if t else ""
        body = _Text(t, tf, index.present(tf))
        for pos in index.candidates(heading, body):
            cid, comp = index.compiled[pos]
            hit = _judge(cid, comp, i, seg, heading, body)
            if hit is not None:
                out.setdefault(cid, []).append(hit)
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
    r"保密协议|不披露协议|保密合同",
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


def count_matches(rx: re.Pattern[str], text: str, folded: str) -> int:
    """``len(rx.findall(text))``, looking only near the strings every match holds.

    ``folded`` is ``fold(text)``. A match holds one of the strings ``required_literals`` gives
    and is at most ``W`` characters long, so it lies within ``W`` characters of one of them: the
    count is the sum over those stretches of text (merged where they meet), and zero without any.
    """
    needs = _pattern(rx.pattern).needs if rx.flags & re.IGNORECASE else ()
    if rx.pattern not in _WIDTHS:
        _WIDTHS[rx.pattern] = _max_width(rx)
    width = _WIDTHS[rx.pattern]
    if not needs or width is None or len(folded) != len(text):
        return len(rx.findall(text))
    if not all(any(s in folded for s in need) for need in needs[1:]):
        return 0
    spans = []
    for s in needs[0]:
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


def detect_kind(text: str) -> tuple[DocumentKind, OutsourcingKind | None]:
    """Whether ``text`` is an NDA, a personal confidentiality pledge or a service contract.

    For a service contract, also which kind of outsourcing the cue words point to; ``None``
    when none does. The title (the first few hundred characters) weighs most.
    """
    text = normalize(text)
    head = text[:400]
    if _PLEDGE.search(head):
        return DocumentKind.pledge, None
    if _NDA.search(head) and not _SERVICE.search(head):
        return DocumentKind.nda, None
    if not _SERVICE.search(text[:4000]) and _NDA.search(text[:4000]):
        return DocumentKind.nda, None
    if _PLEDGE.search(text[:2000]) and not _SERVICE.search(text[:2000]):
        return DocumentKind.pledge, None
    best: tuple[int, OutsourcingKind | None] = (0, None)
    folded = fold(text)
    for kind, rx in _OUTSOURCING:
        n = len(rx.findall(head)) * 5 + count_matches(rx, text, folded)
        if n > best[0]:
            best = (n, kind)
    return DocumentKind.service_contract, best[1]
