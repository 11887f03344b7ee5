"""Train the clause model (``review.model``) from labelled contracts, and measure it by cross-validation."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from clause_library.errors import DocumentReadError
from clause_library.models import Category

from .classify import classify, normalize
from .document import Segment
from .evaluate import CategoryScore, EvalReport, precision_recall_f1, read_labels, summarise
from .model import CategoryModel, ClauseModel, Mode, is_english, sentence_units
from .reader import read_document
from .segment import segment

__all__ = ["TrainingDoc", "build_model", "cross_validate", "fold_of", "read_training_set"]

# Measured honestly: k-fold cross-validation where each fold is judged by a model (and thresholds) fitted on
# the other folds only.
#
# Needs scikit-learn (a dependency of the project, imported only here). The training set is a
# ``labels.csv`` as ``review.evaluate`` reads it plus a ``spans.jsonl`` beside it: one JSON object a
# line, ``file`` (as in the CSV), ``category``, ``text`` (the excerpt), as ``../shared/eval/cuad-train``
# has them. Every sentence of a training contract is labelled with the categories whose excerpts
# it overlaps (found by its text, whitespace and case aside).
#
# Choosing a category's threshold and mode (``or``: the model adds to the patterns; ``model``: it
# decides alone on English text) uses out-of-fold scores of the training contracts (an inner
# cross-validation), never the contracts it is then judged on.

Progress = Callable[[str], None]

C = 4.0  # inverse regularisation strength (chosen by cross-validation on cuad-train: 1, 4, 16)
MAX_FEATURES = 40_000  # the most frequent words and word pairs: keeps the shipped model small
MIN_WEIGHT = 0.01  # smaller weights are dropped (and the rest rounded to 4 decimals) when shipped
INNER_FOLDS = 2  # for thresholds and modes: out-of-fold scores of the training contracts


@dataclass
class TrainingDoc:
    """One labelled contract: its segments, its sentence units with their categories, what the
    patterns alone find in it, and whether it is English (the model reads English only)."""

    file: str
    labels: dict[str, bool]
    segments: list[Segment]
    units: list[tuple[str, frozenset[str]]]
    patterns: frozenset[str]
    english: bool


def fold_of(file: str, folds: int, salt: str = "") -> int:
    """The fold a file belongs to: from a hash of its name, so the same on every machine and run.
    The inner cross-validation draws its folds with ``salt="#inner"``, independently of the outer
    folds: from the same hash, two outer folds left one inner fold empty (and any even number of
    outer folds unbalanced the inner ones)."""
    return int(hashlib.sha256((file + salt).encode("utf-8")).hexdigest(), 16) % folds


def _read_spans(path: Path) -> dict[str, list[tuple[str, str]]]:
    if not path.is_file():
        raise DocumentReadError(path, "no clause excerpts: a spans.jsonl beside labels.csv is needed to train "
                                      "(one JSON object a line: file, category, text)")
    out: dict[str, list[tuple[str, str]]] = {}
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                o = json.loads(line)
                out.setdefault(str(o["file"]), []).append((str(o["category"]), str(o["text"])))
            except (ValueError, KeyError, TypeError) as e:
                raise DocumentReadError(path, f"line {n}: expected a JSON object with file, category and "
                                              f"text ({e})") from e
    return out


def read_training_set(labels_csv: Path, categories: Mapping[str, Category],
                      progress: Progress | None = None) -> list[TrainingDoc]:
    """The contracts of ``labels_csv`` with their sentence labels from ``spans.jsonl`` beside it."""
    _, rows = read_labels(labels_csv)
    spans = _read_spans(labels_csv.parent / "spans.jsonl")
    base = labels_csv.parent.resolve()
    docs = []
    for path, labels in rows:
        name = path.relative_to(base).as_posix() if path.is_relative_to(base) else str(path)
        read = read_document(path)
        segs = segment(read) if read.has_text else []
        units = list(sentence_units(segs, normalize))
        starts, text = [], ""
        for _, sentence, _ in units:
            starts.append(len(text))
            text += sentence.lower() + " "
        tags: list[set[str]] = [set() for _ in units]
        for cid, excerpt in spans.get(name, []):
            want = normalize(excerpt).lower()
            pos = text.find(want)
            if pos < 0:  # an excerpt cut differently from our reading: its opening words place it
                pos = text.find(want[:60])
            if pos < 0:
                continue
            for k, (start, (_, sentence, _)) in enumerate(zip(starts, units, strict=True)):
                if start < pos + len(want) and pos < start + len(sentence):
                    tags[k].add(cid)
        found = classify(segs, categories, first_only=True, model=None) if segs else {}
        docs.append(TrainingDoc(
            name, {c: v is True for c, v in labels.items() if c in categories}, segs,
            [(unit, frozenset(t)) for (_, _, unit), t in zip(units, tags, strict=True)],
            frozenset(found), is_english(segs)))
        if progress:
            progress(name)
    return docs


def _fit(docs: Sequence[TrainingDoc], cats: Sequence[str]) -> tuple[ClauseModel, Any]:
    """One logistic regression per category over the TF-IDF of every sentence of ``docs``
    (thresholds not yet chosen: +inf); and a scorer that gives, for a list of documents, each one's
    best sentence score per category, computed by scikit-learn in bulk."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    texts = [u for d in docs for u, _ in d.units]
    vec = TfidfVectorizer(ngram_range=(1, 2), min_df=2, max_features=MAX_FEATURES, sublinear_tf=True,
                          dtype=np.float64)
    x = vec.fit_transform(texts)
    vocab = {g: int(j) for g, j in vec.vocabulary_.items()}
    out, fitted = {}, {}
    for cid in cats:
        y = np.array([cid in t for d in docs for _, t in d.units])
        if not y.any():
            continue
        # liblinear's primal solver: about ten Newton steps whatever the category (the dual one took
        # hundreds of passes on some); deterministic
        lr = LogisticRegression(C=C, class_weight="balanced", solver="liblinear", max_iter=1000)
        lr.fit(x, y)
        w = lr.coef_[0]
        keep = np.flatnonzero(np.abs(w) >= MIN_WEIGHT)
        out[cid] = CategoryModel(round(float(lr.intercept_[0]), 6), float("inf"), "or",
                                 {int(j): round(float(w[j]), 4) for j in keep})
        fitted[cid] = lr

    def best_scores(held: Sequence[TrainingDoc]) -> list[dict[str, float]]:
        units = [u for d in held for u, _ in d.units]
        xs = vec.transform(units) if units else None
        values = {cid: lr.decision_function(xs) for cid, lr in fitted.items()} if xs is not None else {}
        result, start = [], 0
        for d in held:
            end = start + len(d.units)
            result.append({cid: float(v[start:end].max()) if end > start else float("-inf")
                           for cid, v in values.items()})
            start = end
        return result

    return ClauseModel(vocab, tuple(round(float(v), 6) for v in vec.idf_), out), best_scores


def _predict(doc: TrainingDoc, cid: str, score: float, threshold: float, mode: Mode) -> bool:
    if not doc.english:
        return cid in doc.patterns
    hit = score >= threshold
    return hit if mode == "model" else hit or cid in doc.patterns


def _choose(docs: Sequence[TrainingDoc], scores: Sequence[Mapping[str, float]], cid: str) -> tuple[float, Mode]:
    """The threshold and mode that give the best F1 over ``docs`` (ties: ``or``, then the higher
    threshold, the more cautious)."""
    best: tuple[float, float, Mode] = (-1.0, float("inf"), "or")
    candidates = sorted({s[cid] for s in scores}, reverse=True)
    for mode in ("or", "model"):
        for t in candidates:
            tp = fp = fn = 0
            for d, s in zip(docs, scores, strict=True):
                p, y = _predict(d, cid, s[cid], t, mode), d.labels.get(cid, False)
                tp, fp, fn = tp + (p and y), fp + (p and not y), fn + (y and not p)
            f = precision_recall_f1(tp, fp, fn)[2] or 0.0
            if f > best[0] + 1e-12:
                best = (f, t, mode)
    return best[1], best[2]


def build_model(docs: Sequence[TrainingDoc], *, inner_folds: int = INNER_FOLDS, source: str = "",
                progress: Progress | None = None) -> ClauseModel:
    """Fit on all of ``docs``; thresholds and modes from an inner cross-validation over them."""
    cats = sorted({c for d in docs for c in d.labels})
    oof: list[dict[str, float]] = [dict.fromkeys(cats, float("-inf")) for _ in docs]
    for k in range(inner_folds):
        train = [d for d in docs if fold_of(d.file, inner_folds, "#inner") != k]
        held = [i for i, d in enumerate(docs) if fold_of(d.file, inner_folds, "#inner") == k]
        if not train or not held:  # a handful of contracts: this inner fold has nothing to learn or judge
            continue
        _, best_scores = _fit(train, cats)
        for i, got in zip(held, best_scores([docs[i] for i in held]), strict=True):
            oof[i] = {c: got.get(c, float("-inf")) for c in cats}
        if progress:
            progress(f"inner fold {k + 1}/{inner_folds}")
    final, _ = _fit(docs, cats)
    chosen = {}
    for cid, cm in final.categories.items():
        threshold, mode = _choose(docs, oof, cid)
        chosen[cid] = CategoryModel(cm.intercept, threshold, mode, cm.weights)
    return ClauseModel(final.vocabulary, final.idf, chosen, source)


def cross_validate(docs: Sequence[TrainingDoc], categories: Mapping[str, Category], *, folds: int = 5,
                   labels: str = "", progress: Progress | None = None) -> tuple[EvalReport, list[float | None]]:
    """Each fold judged by the reviewer (patterns and a model built on the other folds alone), as
    one report over all documents; and each fold's macro-F1."""
    cats = sorted({c for d in docs for c in d.labels})
    scores = {c: CategoryScore(c) for c in cats}
    per_fold: list[float | None] = []
    for k in range(folds):
        train = [d for d in docs if fold_of(d.file, folds) != k]
        test = [d for d in docs if fold_of(d.file, folds) == k]
        model = build_model(train, progress=_prefixed(progress, f"fold {k + 1}/{folds}: "))
        fold_scores = {c: CategoryScore(c) for c in cats}
        for d in test:
            found = classify(d.segments, categories, first_only=True, model=model) if d.segments else {}
            for c in cats:
                y, p = d.labels.get(c, False), c in found
                for s in (scores[c], fold_scores[c]):
                    s.support += y
                    s.tp, s.fp, s.fn = s.tp + (y and p), s.fp + (p and not y), s.fn + (y and not p)
                if p and not y:
                    hit = found[c][0]
                    scores[c].false_positives.append(f"{d.file}: [{hit.via} @ {hit.location}] {hit.evidence}")
                elif y and not p:
                    scores[c].false_negatives.append(d.file)
        per_fold.append(summarise(fold_scores.values())[0])
        if progress:
            progress(f"fold {k + 1}/{folds} judged")
    return _report(labels, len(docs), list(scores.values())), per_fold


def _prefixed(progress: Progress | None, prefix: str) -> Progress | None:
    if progress is None:
        return None
    report = progress
    return lambda what: report(prefix + what)


def _report(labels: str, documents: int, scores: list[CategoryScore]) -> EvalReport:
    macro, micro = summarise(scores)
    return EvalReport(labels=labels, documents=documents, scores=scores, macro_f1=macro, micro_f1=micro,
                      unreadable={}, median_seconds=None, unknown_columns=[])
