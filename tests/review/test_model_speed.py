"""The model's fast scoring (a document's units read at once, words numbered, pairs found by numpy) gives
bit for bit the scores of the plain one (each unit read alone, each word and pair looked up in the
vocabulary, as before); and the quick test of English text agrees with the plain count."""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from review.classify import normalize
from review.document import Segment
from review.model import _MARK, TOKEN, CategoryModel, ClauseModel, _tokens, is_english, sentence_units, shipped_model
from review.reader import read_document
from review.segment import segment
from tests.conftest import eval_dev_documents, needs_shared_eval


def plain(model: ClauseModel) -> ClauseModel:
    """The same model scoring as it did: each unit read alone, its words and pairs looked up one by one
    (the path ``_features`` takes when the vocabulary cannot be numbered)."""
    copy = ClauseModel(model.vocabulary, model.idf, model.categories, model.source)
    copy.__dict__["_words"] = None  # the cached numbering: none
    return copy


def _same(model: ClauseModel, texts: Sequence[str]) -> None:
    got, want = model.unit_scores(texts), plain(model).unit_scores(texts)
    assert got.shape == want.shape
    assert np.array_equal(got, want), [t[:60] for t, g, w in zip(texts, got, want, strict=True) if (g != w).any()]


@pytest.fixture(scope="module")
def model() -> ClauseModel:
    got = shipped_model()
    if got is None:
        pytest.skip("no model shipped")
    return got


def _units(path: Path) -> list[str]:
    return [u for _, _, u in sentence_units(segment(read_document(path)), normalize)]


@needs_shared_eval
@pytest.mark.parametrize("path", eval_dev_documents()[::4], ids=lambda p: p.name)
def test_same_scores_on_eval_documents(path: Path, model: ClauseModel) -> None:
    _same(model, _units(path))


def test_same_scores_on_generated_text(model: ClauseModel) -> None:
    rng = random.Random(3)
    vocab = sorted(model.vocabulary)
    odd = ["ΣΑΣ", "İstanbul", "ſ", "don’t", "a", "I", "\n", "  ", "_x_", "x1", "中文合同", "é", "’", "—", ".", _MARK,
           _MARK.upper(), "\n" + _MARK + "\n", "ǅ", "Ⅻ", "²", "\ud800"]
    for _ in range(40):
        texts = []
        for _ in range(rng.choice([0, 1, 2, 5, 40])):
            size = rng.choice([0, 1, 3, 12, 60])
            words = [rng.choice(vocab) if rng.random() < 0.8 else rng.choice(odd) for _ in range(size)]
            texts.append(" ".join(w.upper() if rng.random() < 0.1 else w for w in words))
        _same(model, texts)


def test_texts_holding_the_joining_word_are_read_alone(model: ClauseModel) -> None:
    _same(model, ["the term of this agreement", f"{_MARK} renewal term", "assign"])
    _same(model, [f"x {_MARK}"])


def _toy(vocabulary: dict[str, int]) -> ClauseModel:
    n = len(vocabulary)
    return ClauseModel(vocabulary, tuple(1.0 + j / n for j in range(n)),
                       {"c": CategoryModel(-0.25, 0.0, "or", {j: (j % 5) / 3 - 0.6 for j in range(n)})})


@pytest.mark.parametrize("vocabulary", [
    {"term": 0, "renewal": 1, "term renewal": 2, "renewal term": 3, "the term": 4},
    {"only pair": 0},  # a word that is in pairs only
    {"alone": 0},  # no pairs at all
    {f"{_MARK} term": 0, "term": 1},  # holds the joining word: every text read alone
    {"three word gram": 0, "term": 1},  # more than pairs: read alone
])
def test_same_scores_with_any_vocabulary(vocabulary: dict[str, int]) -> None:
    model = _toy(vocabulary)
    texts = ["The term renewal term", "only pair, only  pair", "alone", "", "term", f"{_MARK} term",
             "three word gram term"]
    for k in range(len(texts) + 1):
        _same(model, texts[:k])
        _same(model, texts[k:])


def test_words_as_the_token_pattern_finds_them() -> None:
    rng = random.Random(4)
    alphabet = ["a", "B", "z", "0", "9", "_", " ", ".", "-", "\n", "\t", "\x1c", "\x7f", "é", "’", "—", "中", "文", "İ",
                "\u00a0", "\u2028", "\u0663", "²", "\ud800", "ǅ", "\u0301", "ab", "the ", "x1_y"]
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        assert [t.decode("utf-8", "surrogatepass") for t in _tokens(text)] == TOKEN.findall(text), repr(text)


_NOT_LATIN = re.compile(r"[^A-Za-z]+")
_NOT_CJK = re.compile(r"[^\u4e00-\u9fff]+")


def _plain_is_english(segments: Sequence[Segment]) -> bool:
    text = "".join(seg.text for seg in segments)
    latin = len(_NOT_LATIN.sub("", text))
    return latin > 0 and len(_NOT_CJK.sub("", text)) * 4 < latin


def test_is_english_as_counted_plainly() -> None:
    rng = random.Random(9)
    alphabet = "abcXYZ  中文合同\ud800é’\u4e00\u9fff\u4dff\ua000Zz1"
    for _ in range(3000):
        segments = [Segment("", None, "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12))), "x")
                    for _ in range(rng.randint(0, 3))]
        assert is_english(segments) == _plain_is_english(segments), segments
