"""A learned second reader for English clauses: a linear model over words and word pairs."""

from __future__ import annotations

import functools
import gzip
import itertools
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any, Literal

from clause_library.vocabulary import HAN

from .document import Segment

__all__ = ["CategoryModel", "ClauseModel", "is_english", "load_model", "model_bytes", "sentence_units",
           "shipped_model"]

# The clause patterns (``classify``) say why a clause is what it is and read Chinese; on English
# contracts they miss clauses worded in ways nobody wrote a pattern for. This model was trained
# from CUAD's own clause excerpts (``../shared/eval/cuad-train``, rebuilt by ``contracts model-build``;
# see ``review.learn``): every sentence of a training contract is a unit, labelled with the
# categories whose excerpts it overlaps; TF-IDF of its words and word pairs; one logistic
# regression per category. A document has a category when one of its sentences scores at least
# the category's threshold, which was chosen by cross-validation on the training contracts.
#
# Per category, ``mode`` says how the model and the patterns combine, as cross-validation chose:
# ``or``, the model adds to what the patterns find; ``model``, on English text the model decides
# alone (its sentences replace the patterns' evidence), because the patterns' false positives cost
# more there than they find. Chinese text is left to the patterns.
#
# This file only applies a model (plain Python, no scikit-learn): the weights are data, read from
# JSON, never unpickled.

Mode = Literal["or", "model"]

# scikit-learn's default token pattern: two or more word characters
TOKEN = re.compile(r"(?u)\b\w\w+\b")
# a sentence ends at . ; or : before a capital, an opening bracket or a quotation mark
_SENTENCE = re.compile(r"(?<=[.;:])\s+(?=[A-Z(\"“])")
_MAX_UNIT = 2000  # characters of one sentence that are read (a run-on "sentence" of a whole schedule)
# a word no text holds, in a line of its own between units (see ``ClauseModel._features``)
_MARK = "zq0unit0qz"
_JOIN = f"\n{_MARK}\n"
MODEL_FILE = "clause_model.json.gz"  # gzip of the JSON (7 MB → 2 MB), written with no timestamp


# ASCII bytes that are no word character (``\w``) as spaces; the others, and every byte of a character
# beyond ASCII, kept
_WORD_BYTES = bytes(b if (b >= 0x80 or chr(b).isalnum() or b == 0x5F) else 0x20 for b in range(256))


def _tokens(text: str) -> list[bytes]:
    """``TOKEN.findall(text)``, each token as UTF-8: ASCII text is split at its other characters by
    bytes.translate and split (a run of word characters is a token when two or more long); a
    piece holding characters beyond ASCII is left to ``TOKEN``."""
    import numpy as np

    pieces = text.encode("utf-8", "surrogatepass").translate(_WORD_BYTES).split()
    odd = np.flatnonzero(~np.fromiter(map(bytes.isascii, pieces), dtype=bool, count=len(pieces)))
    if len(odd):
        out: list[bytes] = []
        last = 0
        for k in odd.tolist():
            out += pieces[last:k]
            piece = pieces[k].decode("utf-8", "surrogatepass")
            out += [t.encode("utf-8", "surrogatepass") for t in TOKEN.findall(piece)]
            last = k + 1
        out += pieces[last:]
        pieces = out
    return list(itertools.compress(pieces, map((1).__lt__, map(len, pieces))))


def sentences(text: str) -> list[str]:
    """``text`` (normalised: single spaces) cut into sentences."""
    return [s[:_MAX_UNIT] for s in _SENTENCE.split(text) if s]


def unit_text(heading: str, sentence: str) -> str:
    """What the model reads for one sentence: its clause's heading, then the sentence."""
    return f"{heading} . {sentence}" if heading else sentence


def sentence_units(segments: Sequence[Segment], normalize: Any) -> Iterator[tuple[int, str, str]]:
    """``(segment index, sentence, unit text)`` for every sentence of ``segments``."""
    for i, seg in enumerate(segments):
        heading = normalize(seg.heading) if seg.heading else ""
        for s in sentences(normalize(seg.text)):
            yield i, s, unit_text(heading, s)


# every byte but the ASCII letters: those a UTF-8 text holds are its Latin letters (other characters'
# bytes are all 0x80 or above)
_NOT_LATIN_BYTES = bytes(b for b in range(256) if not (65 <= b <= 90 or 97 <= b <= 122))
_NOT_CJK = re.compile(f"[^{HAN}]+")


def is_english(segments: Sequence[Segment]) -> bool:
    """Whether the segments' text is mostly Latin letters (the model was trained on English only):
    more than four Latin letters to each Chinese character."""
    text = "".join(seg.text for seg in segments)
    latin = len(text.encode("utf-8", "surrogatepass").translate(None, _NOT_LATIN_BYTES))
    if latin == 0:
        return False
    return max(text) < HAN[0] or len(_NOT_CJK.sub("", text)) * 4 < latin


@dataclass(frozen=True)
class CategoryModel:
    """One category's logistic regression: ``intercept`` + Σ weight·feature ≥ ``threshold`` is a hit."""

    intercept: float
    threshold: float
    mode: Mode
    weights: dict[int, float]


@dataclass(frozen=True)
class ClauseModel:
    """A vocabulary of words and word pairs with their IDF, and one linear model per category.

    ``unit_scores`` applies scikit-learn's ``TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)``
    transform, written out (lower-cased tokens and their pairs, 1 + log(count), times IDF, unit
    length), then each category's weights.
    """

    vocabulary: dict[str, int]
    idf: tuple[float, ...]
    categories: dict[str, CategoryModel]
    source: str = ""

    @functools.cached_property
    def _arrays(self) -> tuple[Any, Any, Any]:
        """IDF (V), weights (V × categories) and intercepts as numpy arrays, made once."""
        import numpy as np

        idf = np.asarray(self.idf, dtype=np.float64)
        weights = np.zeros((len(self.idf), len(self.categories)), dtype=np.float64)
        for k, cm in enumerate(self.categories.values()):
            if cm.weights:
                weights[list(cm.weights), k] = list(cm.weights.values())
        intercepts = np.asarray([cm.intercept for cm in self.categories.values()], dtype=np.float64)
        return idf, weights, intercepts

    @functools.cached_property
    def _words(self) -> tuple[dict[bytes, int], Any, Any, Any] | None:
        """The vocabulary as numbers, for ``_features``: every word it holds (alone or in a pair) and
        ``_MARK`` (the last) numbered, the number of all others being their count; for each number
        its word's vocabulary index, -1 if none (-2 for ``_MARK``); and the pairs, as first × count
        + second, sorted, with their vocabulary indices. ``None`` when the vocabulary holds
        ``_MARK`` or more than pairs."""
        import numpy as np

        words: dict[bytes, int] = {}
        grams = [(g.encode("utf-8", "surrogatepass").split(b" "), j) for g, j in self.vocabulary.items()]
        for parts, _ in grams:
            if len(parts) > 2:
                return None
            for w in parts:
                words.setdefault(w, len(words))
        mark = _MARK.encode()
        if mark in words:
            return None
        words[mark] = len(words)
        n = len(words)
        single = np.full(n + 1, -1, dtype=np.int64)
        single[n - 1] = -2
        pairs: list[tuple[int, int]] = []
        for parts, j in grams:
            if len(parts) == 1:
                single[words[parts[0]]] = j
            else:
                pairs.append((words[parts[0]] * n + words[parts[1]], j))
        pairs.sort()
        keys = np.asarray([k for k, _ in pairs], dtype=np.int64)
        ids = np.asarray([j for _, j in pairs], dtype=np.int64)
        return words, single, keys, ids

    def _features(self, texts: Sequence[str]) -> tuple[Any, Any]:
        """(unit, vocabulary index) of every word and word pair of ``texts`` in the vocabulary, a pair
        for each occurrence. All texts are lower-cased and split into words at once, joined by a
        line holding ``_MARK`` alone: no word or pair spans two units, and every ``_MARK`` found
        (as many as the joins, else a text holds it and each text is read alone) ends a unit.
        Words are numbered by one dictionary look-up each, in C (``map``); the rest is numpy."""
        import numpy as np

        numbered = self._words
        if numbered is not None and texts:
            words, single, keys, ids = numbered
            n = len(words)
            tokens = _tokens(_JOIN.join(texts).lower())
            wid = np.fromiter(map(words.get, tokens, itertools.repeat(n)), dtype=np.int64, count=len(tokens))
            vocab = single[wid]
            marks = vocab == -2
            if int(marks.sum()) == len(texts) - 1:
                owners = np.cumsum(marks)
                first, second = wid[:-1], wid[1:]
                known = np.flatnonzero((first < n) & (second < n))
                pair = first[known] * n + second[known]
                at = np.minimum(np.searchsorted(keys, pair), max(len(keys) - 1, 0))
                found = keys[at] == pair if len(keys) else np.zeros(len(pair), dtype=bool)
                alone = vocab >= 0
                return (np.concatenate([owners[alone], owners[known[found]]]),
                        np.concatenate([vocab[alone], ids[at[found]]]))
        units: list[int] = []
        grams: list[int] = []
        look = self.vocabulary.get
        for u, text in enumerate(texts):
            found = TOKEN.findall(text.lower())
            got = [j for j in map(look, found) if j is not None]
            got += [j for j in map(look, map(" ".join, itertools.pairwise(found))) if j is not None]
            grams += got
            units += [u] * len(got)
        return np.asarray(units, dtype=np.int64), np.asarray(grams, dtype=np.int64)

    def unit_scores(self, texts: Sequence[str]) -> Any:
        """The decision value of every category (columns, in ``categories`` order) for each of
        ``texts`` (rows): its TF-IDF vector · weights + intercept, for a whole document at once."""
        import numpy as np

        idf, weights, intercepts = self._arrays
        owners, ids = self._features(texts)
        out = np.tile(intercepts, (len(texts), 1))
        if not len(ids):
            return out
        keys, counts = np.unique(owners * len(idf) + ids, return_counts=True)
        rows, cols = np.divmod(keys, len(idf))
        x = (1.0 + np.log(counts)) * idf[cols]
        norms = np.sqrt(np.bincount(rows, weights=x * x, minlength=len(texts)))
        x /= norms[rows]
        # rows are sorted (keys are): add each unit's contributions up in one pass
        starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
        sums = np.add.reduceat(weights[cols] * x[:, None], starts, axis=0)
        out[rows[starts]] += sums
        return out

    def scores(self, text: str) -> dict[str, float]:
        """The decision value of every category for one unit of text."""
        row = self.unit_scores([text])[0]
        return {cid: float(v) for cid, v in zip(self.categories, row, strict=True)}

    def to_json(self) -> str:
        data = {
            "source": self.source,
            "vocabulary": sorted(self.vocabulary, key=self.vocabulary.__getitem__),
            "idf": [round(x, 6) for x in self.idf],
            "categories": {
                cid: {"intercept": round(cm.intercept, 6), "threshold": round(cm.threshold, 6), "mode": cm.mode,
                      "weights": {str(j): round(w, 4) for j, w in sorted(cm.weights.items())}}
                for cid, cm in sorted(self.categories.items())
            },
        }
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False) + "\n"


def load_model(text: str) -> ClauseModel:
    """A model from its JSON (as ``ClauseModel.to_json`` writes it)."""
    data = json.loads(text)
    vocab = {g: j for j, g in enumerate(data["vocabulary"])}
    cats = {cid: CategoryModel(float(c["intercept"]), float(c["threshold"]), c["mode"],
                               {int(j): float(w) for j, w in c["weights"].items()})
            for cid, c in data["categories"].items()}
    return ClauseModel(vocab, tuple(float(x) for x in data["idf"]), cats, data.get("source", ""))


@functools.cache
def shipped_model() -> ClauseModel | None:
    """The model shipped in the package, ``None`` when there is none (the patterns work alone)."""
    path = resources.files("review").joinpath("data", MODEL_FILE)
    if not path.is_file():
        return None
    return load_model(gzip.decompress(path.read_bytes()).decode("utf-8"))


def model_bytes(model: ClauseModel, name: str) -> bytes:
    """The bytes of ``model`` for a file called ``name``: gzip (no timestamp: the same bytes every
    build) when it ends in .gz, else the JSON."""
    data = model.to_json().encode("utf-8")
    return gzip.compress(data, compresslevel=9, mtime=0) if name.endswith(".gz") else data
