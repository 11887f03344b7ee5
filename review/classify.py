"""Recognise clause categories in segmented contracts: the rules, their plain definition, and the fast way."""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from clause_library.models import Category, Patterns
from clause_library.vocabulary import CJK_PUNCTUATION, FULLWIDTH, HAN

from .document import Segment
from .fast_pattern import TextView
from .linear import compile_linear
from .model import ClauseModel, is_english, sentence_units, shipped_model
from .pattern_index import CategoryPatterns, category_index

__all__ = ["Hit", "classify", "normalize", "reference_classify"]

# The rules (clause_library.models.Category): a segment is about a category when one of its ``headings``
# patterns matches the segment's heading; else, unless one of its ``exclude`` patterns matches the segment's
# text, when one ``body`` pattern or two ``weak`` patterns match that text. Patterns are case-insensitive and
# see normalised text (``normalize``). ``reference_classify`` says just that, every pattern on every segment;
# ``classify`` finds the same hits (tests/review/test_classify_speed.py) running only the patterns that may
# match (``pattern_index``, ``fast_pattern``), and adds the learned model's (``review.model``).

Via = Literal["heading", "body", "model"]

_HEADING_SCORE = 1.0
_STRONG_SCORE = 0.8
_WEAK_SCORE = 0.5
_SNIPPET = 80  # characters of context kept on each side of the evidence

_CJK = f"[{CJK_PUNCTUATION}{HAN}{FULLWIDTH}]"
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

    ``via`` says what matched: the segment's heading, its body text, or the learned model (a sentence of
    it). ``score`` is 1.0 for a heading, 0.8 for one strong body cue, 0.5 for two co-occurring weak cues,
    and the model's probability for a model hit.
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


def _snippet(text: str, m: re.Match[str]) -> str:
    start, end = max(0, m.start() - _SNIPPET), min(len(text), m.end() + _SNIPPET)
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


def _heading_of(seg: Segment, norm: Callable[[str], str] = normalize) -> str:
    if seg.heading.strip():
        return norm(seg.heading)
    m = _RUN_IN.match(seg.text)
    return m.group("h") if m else ""


# ---- the definition: every pattern of every category on every segment, by Python's re -----------------------

_PLAIN: dict[str, re.Pattern[str]] = {}  # compiled once: re's own cache (512) is smaller than the library


def _plain(p: Patterns) -> tuple[re.Pattern[str], ...]:
    out = []
    for s in [*p.zh, *p.en]:
        if s not in _PLAIN:
            _PLAIN[s] = re.compile(s, re.IGNORECASE)
        out.append(_PLAIN[s])
    return tuple(out)


def _first(patterns: tuple[re.Pattern[str], ...], text: str) -> re.Match[str] | None:
    for p in patterns:
        m = p.search(text)
        if m:
            return m
    return None


def reference_classify(segments: list[Segment], categories: Mapping[str, Category]) -> dict[str, list[Hit]]:
    """What ``classify(segments, categories, model=None)`` finds, said as plainly as it can be: every pattern of
    every category tried on every segment, in order, by Python's ``re``. The definition ``classify`` is tested
    against (tests/review/test_classify_speed.py); many times slower."""
    compiled = [(cid, tuple(_plain(p) for p in (c.headings, c.body, c.weak, c.exclude)))
                for cid, c in categories.items()]
    out: dict[str, list[Hit]] = {}
    for i, seg in enumerate(segments):
        heading = _heading_of(seg)
        text = normalize(seg.text)
        for cid, (headings, body, weak, exclude) in compiled:
            hit = None
            if heading and _first(headings, heading):
                hit = Hit(cid, i, seg.location, heading, _HEADING_SCORE, "heading")
            elif text and not _first(exclude, text):
                m = _first(body, text)
                if m:
                    hit = Hit(cid, i, seg.location, _snippet(text, m), _STRONG_SCORE, "body")
                elif len(weak) >= 2:
                    found = [m for m in (p.search(text) for p in weak) if m]
                    if len(found) >= 2:
                        hit = Hit(cid, i, seg.location, _snippet(text, found[0]), _WEAK_SCORE, "body")
            if hit is not None:
                out.setdefault(cid, []).append(hit)
    return out


# ---- the same, fast; and the learned model ------------------------------------------------------------------

def _judge(cid: str, comp: CategoryPatterns, i: int, seg: Segment, heading: TextView | None,
           body: TextView | None) -> Hit | None:
    """The rules on one segment. ``heading`` / ``body`` ``None``: no pattern of that kind can match there."""
    if heading is not None and comp.headings.first(heading):
        return Hit(cid, i, seg.location, heading.text, _HEADING_SCORE, "heading")
    if body is None or comp.exclude.first(body):
        return None
    m = comp.body.first(body)
    if m:
        return Hit(cid, i, seg.location, _snippet(body.text, m), _STRONG_SCORE, "body")
    found = comp.weak.every(body, at_least=2)
    if len(found) >= 2:
        return Hit(cid, i, seg.location, _snippet(body.text, found[0]), _WEAK_SCORE, "body")
    return None


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
    """``classify`` by the patterns alone, as ``reference_classify`` but fast; ``norm`` is ``normalize`` (or a
    cache of it)."""
    index = category_index(categories)
    compiled = index.compiled
    out: dict[str, list[Hit]] = {}
    found: set[int] = set()
    # Patterns run only on a text holding the strings they need (see ``FastPattern.may_match``), and a
    # category only when one of its patterns may (``CategoryIndex.candidates``).
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
