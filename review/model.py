"""A learned second reader for English clauses: a linear model over words and word pairs.

The clause patterns (``classify``) say why a clause is what it is and read Chinese; on English
contracts they miss clauses worded in ways nobody wrote a pattern for. This model was trained
from CUAD's own clause excerpts (``../shared/eval/cuad-train``, rebuilt by ``contracts model-build``;
see ``review.learn``): every sentence of a training contract is a unit, labelled with the
categories whose excerpts it overlaps; TF-IDF of its words and word pairs; one logistic
regression per category. A document has a category when one of its sentences scores at least
the category's threshold, which was chosen by cross-validation on the training contracts.

Per category, ``mode`` says how the model and the patterns combine, as cross-validation chose:
``or``, the model adds to what the patterns find; ``model``, on English text the model decides
alone (its sentences replace the patterns' evidence), because the patterns' false positives cost
more there than they find. Chinese text is left to the patterns.

This file only applies a model (plain Python, no scikit-learn): the weights are data, read from
JSON, never unpickled.
"""

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

from .document import Segment

__all__ = ["CategoryModel", "ClauseModel", "is_english", "load_model", "model_bytes", "sentence_units",
           "shipped_model"]

Mode = Literal["or", "model"]

# scikit-learn's default token pattern: two or more word characters
TOKEN = re.compile(r"(?u)\b\w\w+\b")
# a sentence ends at . ; or : before a capital, an opening bracket or a quotation mark
_SENTENCE = re.compile(r"(?<=[.;:])\s+(?=[A-Z(\"“])")
_MAX_UNIT = 2000  # characters of one sentence that are read (a run-on "sentence" of a whole schedule)
MODEL_FILE = "clause_model.json.gz"  # gzip of the JSON (7 MB → 2 MB), written with no timestamp


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


_NOT_LATIN = re.compile(r"[^A-Za-z]+")
_NOT_CJK = re.compile(r"[^\u4e00-\u9fff]+")


def is_english(segments: Sequence[Segment]) -> bool:
    """Whether the segments' text is mostly Latin letters (the model was trained on English only):
    more than four Latin letters to each Chinese character."""
    text = "".join(seg.text for seg in segments)
    latin = len(_NOT_LATIN.sub("", text))
    return latin > 0 and len(_NOT_CJK.sub("", text)) * 4 < latin


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

    def unit_scores(self, texts: Sequence[str]) -> Any:
        """The decision value of every category (columns, in ``categories`` order) for each of
        ``texts`` (rows): its TF-IDF vector · weights + intercept, for a whole document at once."""
        import numpy as np

        idf, weights, intercepts = self._arrays
        vocab = self.vocabulary
        owners: list[int] = []
        ids: list[int] = []
        get = vocab.get
        for u, text in enumerate(texts):
            tokens = TOKEN.findall(text.lower())
            found = [j for j in map(get, tokens) if j is not None]
            found += [j for j in map(get, map(" ".join, itertools.pairwise(tokens))) if j is not None]
            ids += found
            owners += [u] * len(found)
        out = np.tile(intercepts, (len(texts), 1))
        if not ids:
            return out
        keys, counts = np.unique(np.asarray(owners, dtype=np.int64) * len(idf) + np.asarray(ids), return_counts=True)
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
