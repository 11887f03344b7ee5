"""The learned clause model's two jobs from labelled contracts: rebuild the shipped model, and cross-validate it."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from clause_library.errors import DocumentReadError
from clause_library.files import atomic_write

from .evaluate import EvalReport, load_categories
from .learn import build_model, cross_validate, read_training_set
from .model import ClauseModel, model_bytes

__all__ = ["build_model_file", "cross_validate_labels"]

Say = Callable[[str], None]


def _labels_digest(labels: Path) -> str:
    """The SHA-256 of the labels and, when there, the clause excerpts beside them: the model's source."""
    spans = labels.parent / "spans.jsonl"
    data = labels.read_bytes() + (spans.read_bytes() if spans.is_file() else b"")
    return hashlib.sha256(data).hexdigest()


def build_model_file(labels: Path, out: Path, *, progress: Say | None = None) -> ClauseModel:
    """Fit the clause model on the contracts of ``labels`` (with ``spans.jsonl`` beside it) and write it to
    ``out`` (gzipped when the name ends in .gz), whole or not at all. Deterministic: the same data gives the
    same bytes. DocumentReadError when ``labels`` is missing."""
    if not labels.is_file():
        raise DocumentReadError(labels, "no such labels file")
    say = progress or (lambda _: None)
    docs = read_training_set(labels, load_categories(), progress=lambda name: say(f"reading {Path(name).name}"))
    model = build_model(docs, source=f"{labels.parent.name}: {len(docs)} documents, labels+spans sha256 "
                                     f"{_labels_digest(labels)[:16]}", progress=say)
    atomic_write(out, model_bytes(model, out.name), what="clause model")
    return model


def cross_validate_labels(labels: Path, folds: int, *,
                          progress: Say | None = None) -> tuple[EvalReport, list[float | None]]:
    """Judge the contracts of ``labels`` in ``folds`` folds by file, each by the patterns and a model (and
    thresholds) fitted on the other folds only; the report over all and each fold's macro-F1."""
    if not labels.is_file():
        raise DocumentReadError(labels, "no such labels file")
    say = progress or (lambda _: None)
    categories = load_categories()
    docs = read_training_set(labels, categories, progress=lambda name: say(f"reading {Path(name).name}"))
    return cross_validate(docs, categories, folds=folds, labels=str(labels), progress=say)
