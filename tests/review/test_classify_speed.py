"""The fast classifier finds exactly what the plain one (every pattern on every segment) finds.

The plain one is the definition, ``review.classify.reference_classify``. Compared on segments of the eval
documents (when ../shared/eval is there), of every example the generator drafts, and of generated text; and
the literal prefilter is checked on its own against tricky patterns and every code point.
"""

from __future__ import annotations

import random
import re
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest

from clause_library.models import Category
from review.classify import classify, normalize, reference_classify
from review.document import Segment
from review.evaluate import load_categories
from review.fast_pattern import fast_pattern
from review.match_bounds import _SPACE_CODES, longest_word, reach, starts
from review.pattern_index import category_index
from review.prefilter import _CASELESS, _EXOTIC_CHARS, Parts, fold, required_literals
from review.reader import read_document
from review.segment import segment
from tests.conftest import eval_dev_documents, needs_shared_eval


def _same(segments: list[Segment], categories: Mapping[str, Category]) -> None:
    fast, slow = classify(segments, categories, model=None), reference_classify(segments, categories)
    assert list(fast) == list(slow)  # same categories, found in the same order
    assert fast == slow  # same hits: segment, evidence, score, via
    assert classify(segments, categories, first_only=True, model=None) == {c: hits[:1] for c, hits in slow.items()}


@pytest.fixture(scope="module")
def categories() -> dict[str, Category]:
    return load_categories()


def _seg(text: str, heading: str = "") -> Segment:
    return Segment(heading=heading, number=None, text=text, location="p. 1")


# ---- equivalence on real and generated documents ------------------------------------------

def _eval_docs() -> list[Path]:
    docs = eval_dev_documents()
    # a third of them, not the two largest: the reference takes ~0.1 s a document, 3 s for those
    return [p for p in docs[::3] if p.stat().st_size < 500_000]


@needs_shared_eval
@pytest.mark.parametrize("path", _eval_docs(), ids=lambda p: p.name)
def test_same_hits_on_eval_documents(path: Path, categories: dict[str, Category]) -> None:
    _same(segment(read_document(path)), categories)


def test_same_hits_on_drafted_documents(drafted: dict[str, Path], categories: dict[str, Category]) -> None:
    for docx in drafted.values():
        _same(segment(read_document(docx)), categories)


def _pattern_words(categories: Mapping[str, Category]) -> list[str]:
    """Words and literal runs taken from the patterns themselves, so generated text hits them."""
    out: set[str] = set()
    for cat in categories.values():
        for p in (cat.headings, cat.body, cat.weak, cat.exclude):
            for src in [*p.zh, *p.en]:
                out.update(w for w in re.findall(r"[A-Za-z]{2,}|[\u4e00-\u9fff]{1,6}", src))
    return sorted(out)


def test_same_hits_on_generated_text(categories: dict[str, Category]) -> None:
    rng = random.Random(5)
    words = _pattern_words(categories)
    odd = ["İ", "ı", "ſ", "K", "ß", "’", "—", "\u3000", "（", "：", "\n", "  ", "-\n", ". ", "; ", "1.2 "]
    segments = []
    for n in range(600):
        size = rng.choice([3, 8, 20, 60, 150])
        parts = [rng.choice(words) if rng.random() < 0.85 else rng.choice(odd) for _ in range(size)]
        sep = "" if rng.random() < 0.3 else " "
        text = sep.join(p.upper() if rng.random() < 0.1 else p for p in parts)
        heading = " ".join(rng.choice(words) for _ in range(rng.choice([0, 0, 1, 2, 3])))
        segments.append(Segment(heading=heading, number=None, text=text, location=f"p. {n}"))
    _same(segments, categories)


@pytest.mark.parametrize("text", [
    "THIS AGREEMENT SHALL BE GOVERNED BY THE LAWS OF NEW YORK.",
    "Thİs agreement ſhall be governed by the laws of England.",  # dotted I and long s match i and s
    "本合同适用中华人民共和国法律。",
    "本 合 同 适 用 中 华 人 民 共 和 国 法 律 。",
    "12.3 Governing Law. This Agreement is governed by Delaware law.",
    "",
])
def test_same_hits_on_edge_texts(text: str, categories: dict[str, Category]) -> None:
    _same([_seg(text), _seg(text, heading=text[:30])], categories)


# ---- the prefilter on its own --------------------------------------------------------------

TRICKY = [
    r"abc", r"a|b", r"(?:x|yz)+w", r"colou?r", r"\bfoo\b.{0,10}bar", r"(?<!not )shall", r"(a)\1",
    r"(?:shall|will) (?:not )?assign", r"[a-c]{2}d", r"ab{0}c", r"ab{2}c", r"x(?=yz)", r"x(?!yz)q",
    r"(?-i:ABC)def", r"(?i)Kelvin", r"stra[sß]e", r"^term$", r"[^a]bc", r"\d+ days", r"费用|价款",
    r"(?:甲方|乙方)(?:的)?(?:权利|义务)", r"第[一二三四五六七八九十]+条", r"(?:)", r"a*", r"(?:a|)b",
    r"i s", r"k{1,3}m", r"(?P<x>ab)(?(x)c|d)", r"(?>ab|a)c", r"\u00e9t\u00e9",
    r"by -{3,}", r"(?:ab|c){2,}d", r"x{2,5}y",
]
TRICKY_TEXTS = [
    "ABC", "xyzw xw", "COLOR colour", "foo  bar", "FOO.....BAR", "not shall", "we shall", "aa", "SHALL NOT ASSIGN",
    "acd", "bbd", "ac", "abbc", "xyz", "xq", "ABCdef", "abcDEF", "KELVIN", "Kelvin", "straße", "STRASSE",
    "term", "bbc", "30 days", "费用", "甲方的权利", "第十二条", "b", "İ S", "ı s", "KKm", "abc", "abd", "ÉTÉ", "été",
    "BY ---", "by ----", "abcd", "cabd", "ccd", "xxy", "xxxxxy",
]


@pytest.mark.parametrize("pattern", TRICKY)
def test_required_literals_never_reject_a_match(pattern: str) -> None:
    needs = required_literals(pattern)
    rx = re.compile(pattern, re.IGNORECASE)
    for text in TRICKY_TEXTS + [t.lower() for t in TRICKY_TEXTS] + [t.upper() for t in TRICKY_TEXTS]:
        if rx.search(text):
            folded = fold(text)
            assert all(any(s in folded for s in need) for need in needs), (pattern, text, needs)


@pytest.mark.parametrize("pattern", [
    *TRICKY, r"(?:ab|abc)d", r"(?:x|y)?z", r"(?:^|[.;:]\s)foo", r"(?:do|does) not (?:go|stop|run|walk|ask)\w*",
    r"(?:shall|will|may|must|can|should|would|could|might) (?:not )?(?:a|b|c|d|e|f|g|h|i|j|k|l|m)+x",
    r"(?<!no )\b(?:returns?|turn(?!ed))\w* (?:over|back)", r"\b(?:\w+ ){0,2}pay", r"é+t", r"[ab]{1,3}c",
])
def test_starts_are_where_every_match_starts(pattern: str) -> None:
    first = starts(pattern)
    rx = re.compile(pattern, re.IGNORECASE)
    texts = [*TRICKY_TEXTS, "we do not go; does not stop", "shall not abcx, may bx", "no returns over, turned back",
                            "a b pay", "éét", "abbc"]
    for text in texts + [t.lower() for t in texts] + [t.upper() for t in texts]:
        folded = fold(text)
        for p in range(len(text) + 1):
            if rx.match(text, p):
                assert first is None or folded.startswith(tuple(first), p), (pattern, text, p, first)


def test_anchored_search_finds_the_same_match(categories: dict[str, Category]) -> None:
    # every shipped pattern ``re`` runs with a known start, on generated texts short and long
    rng = random.Random(13)
    words = _pattern_words(categories)
    odd = ["İ", "ſ", "K", "’", "。", ". ", "; ", ": ", "(1)", "$", "%", "30", "“", "a" * 30]
    texts = []
    for _ in range(120):
        parts = [rng.choice(words) if rng.random() < 0.9 else rng.choice(odd) for _ in range(rng.choice([5, 30, 400]))]
        texts.append(normalize(("" if rng.random() < 0.2 else " ").join(parts)))
    index = category_index(categories)
    prepared = [(text, index.text(text)) for text in texts]
    anchored = [rx for rx in map(fast_pattern, _every_shipped_pattern(categories)) if rx.starts is not None]
    assert len(anchored) > 10
    for rx in anchored:
        for text, indexed in prepared:
            got, want = rx.search(indexed), rx.rx.search(text)
            assert (got and (got.span(), got.groups())) == (want and (want.span(), want.groups())), (rx.rx, text[:80])


def test_a_branch_requires_rare_strings_of_each_alternative() -> None:
    # not " " (in every text) for the alternative whose words are followed by a space and a set of words
    ends = "|".join(("leav", "depart", "separat", "resign", "retire", "withdraw"))
    what = "|".join(("employ", "service", "engagement", "position", "office", "company", "firm", "project"))
    got = required_literals(rf"\b(?:terminat\w*|(?:{ends})\w* (?:from )?(?:the )?(?:{what})\w*)")
    assert got and "terminat" in got[0] and min(map(len, got[0])) >= 3, got
    # nor the modal verbs, where one string ("pay") every other alternative also holds does
    assert frozenset({"pay"}) in required_literals(r"(?:\b(?:shall|will|must) (?:\w+ ){0,3}pay\b|\bpayable\b)")


def test_required_literals_of_the_shipped_patterns_hold_on_generated_text(categories: dict[str, Category]) -> None:
    rng = random.Random(7)
    words = _pattern_words(categories)
    texts = [" ".join(rng.choice(words) for _ in range(rng.choice([2, 5, 12]))) for _ in range(300)]
    for cat in categories.values():
        for p in (cat.headings, cat.body, cat.weak, cat.exclude):
            for src in [*p.zh, *p.en]:
                needs, rx = required_literals(src), re.compile(src, re.IGNORECASE)
                for text in texts:
                    if rx.search(text):
                        folded = fold(text)
                        assert all(any(s in folded for s in need) for need in needs), (src, text)


def test_parts_having() -> None:
    parts = Parts(["alpha beta", "", "中文 BETA", "gamma’s Alpha", "x", "İs"])  # folded: "beta", "is" found
    assert parts.having(["alpha"]) == {0, 3}
    assert parts.having(["beta", "中文"]) == {0, 2}
    assert parts.having(["’s", "a’"]) == {3}
    assert parts.having(["is"]) == {5}
    assert parts.having(["zzz"]) == set()
    assert Parts([]).having(["a"]) == set()


def test_parts_having_strings_neither_ascii_nor_cjk_in_a_text_without_cjk() -> None:
    parts = Parts(["Fee: £ 4,000", "the Supplier’s staff", "☐ yes ☐ no", "plain"])
    assert parts.having(["£"]) == {0}
    assert parts.having(["’s", "☐"]) == {1, 2}
    assert parts.having(["中文"]) == set()
    assert Parts(["ascii only"]).having(["’s"]) == set()


def _all_chars() -> str:
    return "".join(chr(i) for i in range(sys.maxunicode + 1) if not 0xD800 <= i < 0xE000)


def test_exotic_table_is_every_non_ascii_character_matching_ascii_case_insensitively() -> None:
    hits = {c for c in re.findall(r"[\x00-\x7f]", _all_chars(), re.IGNORECASE) if not c.isascii()}
    assert hits == set(_EXOTIC_CHARS)
    for c in _EXOTIC_CHARS:
        assert re.fullmatch(re.escape(fold(c)), c, re.IGNORECASE)


def test_caseless_characters_match_only_themselves() -> None:
    # a class of the characters a literal may hold matches, case-insensitively, only those characters
    chars = _all_chars()
    allowed = set(_CASELESS.findall(chars))
    assert set(re.findall(_CASELESS.pattern, chars, re.IGNORECASE)) == allowed
    assert all(fold(c) == c for c in allowed)


def test_space_table_is_every_whitespace_character() -> None:
    assert tuple(i for i in range(sys.maxunicode + 1) if chr(i).isspace()) == _SPACE_CODES


@pytest.mark.parametrize(("pattern", "expected"), [
    (r"abc", (3, 0)),
    (r"a\w+b", (2, 1)),  # a run without whitespace: at most the longest token
    (r"(?:\w+ ){0,3}pay", (6, 3)),
    (r"(?: [\w,]+){0,4} x", (6, 4)),
    (r"\S*|\d+", (0, 1)),
    (r"x(?=\w+ y)", (3, 1)),  # a lookahead reads on
    (r"(?<!no )x", (1, 0)),  # a lookbehind reads only before
    (r"[^.]*", None),  # may run across spaces
    (r"[a\s]+", None),
    (r".+", None),
    (r"(a)\1", None),
    (r"a{0,70000}", (0, 1)),  # as good as unbounded, and a run without whitespace
    (r"(?:a ){0,70000}", None),
])
def test_reach(pattern: str, expected: tuple[int, int] | None) -> None:
    assert reach(pattern) == expected
    if expected is not None:  # the bound holds for some matches
        text = "xx a__b a_b_b_b,c paypay pay ab 12345 x y " * 3
        bound = expected[0] + expected[1] * longest_word(text)
        for m in re.finditer(pattern, text, re.IGNORECASE):
            assert m.end() - m.start() <= bound


def _every_shipped_pattern(categories: Mapping[str, Category]) -> list[str]:
    return sorted({src for cat in categories.values() for p in (cat.headings, cat.body, cat.weak, cat.exclude)
                   for src in [*p.zh, *p.en]})


def test_windowed_search_finds_the_same_match_in_long_texts(categories: dict[str, Category]) -> None:
    # long texts (so the search runs only around the required strings), with long tokens now and then
    rng = random.Random(11)
    words = _pattern_words(categories)
    odd = ["a" * 40, "_" * 60, "x,y,z,w,v,u,t", "。", ". ", "; ", "(1)", "$", "%", "30", "“", "”"]
    texts = []
    for _ in range(10):
        parts = [rng.choice(words) if rng.random() < 0.9 else rng.choice(odd) for _ in range(rng.choice([300, 900]))]
        texts.append(normalize(("" if rng.random() < 0.2 else " ").join(parts)))
    index = category_index(categories)
    prepared = [(text, index.text(text)) for text in texts]  # once per text, as classify() does per segment
    for src in _every_shipped_pattern(categories):
        rx = fast_pattern(src)
        if rx.reach is None:
            continue
        for text, indexed in prepared:
            got, want = rx.search(indexed), rx.rx.search(text)
            assert (got and got.span()) == (want and want.span()), (src, text[:80])
