"""Measure how well the reviewer recognises clause categories against a labelled set of contracts."""

from __future__ import annotations

import csv
import json
import statistics
import time
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from clause_library.errors import DocumentReadError, LibraryError
from clause_library.loader import default_library, read_library
from clause_library.models import Category, DocumentKind, OutsourcingKind, Severity

from .classify import classify
from .document import Segment
from .reader import read_document
from .review import review_result
from .segment import segment

__all__ = ["CategoryScore", "DocumentResult", "EvalReport", "KindScore", "evaluate", "load_categories",
           "precision_recall_f1", "read_labels", "render_table", "summarise"]

Progress = Callable[[int, int, str], None]
"""Called as ``progress(done, total, path)`` after each document."""


@dataclass
class CategoryScore:
    """Counts and scores for one labelled category; ``None`` scores are undefined (0/0)."""

    category: str
    support: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    precision: float | None = None
    recall: float | None = None
    f1: float | None = None
    false_positives: list[str] = field(default_factory=list)
    false_negatives: list[str] = field(default_factory=list)


@dataclass
class DocumentResult:
    """What the reviewer found in one document; ``error`` is set when it could not be read."""

    file: str
    found: list[str] = field(default_factory=list)
    evidence: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    error: str | None = None
    kind: str | None = None
    outsourcing: str | None = None
    blockers: list[str] = field(default_factory=list)


@dataclass
class KindScore:
    """How often the reviewer read a document's ``column`` (``kind`` or ``outsourcing``) right.

    ``wrong`` lists ``file: labelled → read`` for the others; "uncertain" is never right.
    """

    column: str
    documents: int = 0
    right: int = 0
    wrong: list[str] = field(default_factory=list)

    @property
    def accuracy(self) -> float | None:
        return self.right / self.documents if self.documents else None


@dataclass
class EvalReport:
    """The result of ``evaluate``: per-category scores, averages, unreadable files and timing.

    ``macro_f1`` averages the categories whose F1 is defined; ``median_seconds`` is ``None`` when
    no document was read. ``unknown_columns`` are label columns that are not project categories.
    ``kinds``: the ``kind`` and ``outsourcing`` columns, when the labels have them. ``false_blockers``:
    every "mandatory clause missing" blocker on a category the labels say the document has.
    """

    labels: str
    documents: int
    scores: list[CategoryScore]
    macro_f1: float | None
    micro_f1: float | None
    unreadable: dict[str, str]
    median_seconds: float | None
    unknown_columns: list[str]
    results: list[DocumentResult] = field(default_factory=list)
    kinds: list[KindScore] = field(default_factory=list)
    false_blockers: list[str] = field(default_factory=list)

    def to_dict(self, *, details: bool = False) -> dict[str, Any]:
        d = asdict(self)
        if not details:
            d.pop("results")
        return d

    def to_json(self, *, details: bool = False) -> str:
        return json.dumps(self.to_dict(details=details), ensure_ascii=False, indent=2)


def load_categories(root: Path | None = None) -> dict[str, Category]:
    """The categories of the library at ``root`` (default: the shipped one), clauses not needed."""
    lib, problems = read_library(root)
    problems = [p for p in problems if Path(p.file).name == "categories.yaml"]
    if problems:
        raise LibraryError("the categories cannot be loaded", problems)
    return lib.categories


# ---- reading ------------------------------------------------------------------------------

def _read_segments(path: Path) -> list[Segment]:
    read = read_document(path)
    if not read.has_text:
        raise DocumentReadError(path, "no text could be extracted")
    return segment(read)


def _run_one(path: str, categories: Mapping[str, Category] | None) -> DocumentResult:
    """Classify one file; with ``categories`` ``None``, review it whole with the shipped library
    (its kind, outsourcing kind and missing-clause blockers too)."""
    t0 = time.perf_counter()
    try:
        if categories is None:
            read = read_document(Path(path))
            if not read.has_text:
                raise DocumentReadError(Path(path), "no text could be extracted")
            segments = segment(read)
            report = review_result(read)
            hits = classify(segments, default_library().categories, first_only=True)
        else:
            segments = _read_segments(Path(path))
            hits = classify(segments, categories, first_only=True)
            report = None
    except (DocumentReadError, OSError, ValueError) as e:
        return DocumentResult(path, error=str(e), seconds=time.perf_counter() - t0)
    evidence = {cid: f"[{h[0].via} @ {h[0].location}] {h[0].evidence}" for cid, h in hits.items()}
    res = DocumentResult(path, sorted(hits), evidence, time.perf_counter() - t0)
    if report is not None:
        res.kind, res.outsourcing = report.kind, report.outsourcing or "none"
        res.blockers = sorted({f.category for f in report.findings
                               if f.check == "missing_category" and f.severity is Severity.blocker and f.category})
    return res


# ---- scoring ------------------------------------------------------------------------------

_KIND_COLUMNS = {"kind": frozenset(k.value for k in DocumentKind),
                 "outsourcing": frozenset({*(k.value for k in OutsourcingKind), "none", ""})}


def read_labels(labels_csv: Path) -> tuple[list[str], list[tuple[Path, dict[str, bool | str]]]]:
    """A labels.csv: its category columns, and each document's path (relative to the CSV) with its labels (a
    category's 0/1 as a bool, a kind column's value as text). DocumentReadError naming the line and column."""
    try:
        with labels_csv.open(encoding="utf-8-sig", newline="") as f:
            rows = list(csv.reader(f))
    except OSError as e:
        raise DocumentReadError(labels_csv, f"cannot read the labels: {e}") from e
    if not rows or not rows[0] or rows[0][0].strip().lower() != "file":
        raise DocumentReadError(labels_csv, "line 1: expected a header 'file,<category>,...'")
    columns = [c.strip() for c in rows[0][1:]]
    out = []
    for n, row in enumerate(rows[1:], start=2):
        if not row or not row[0].strip():
            continue
        labels: dict[str, bool | str] = {}
        for col, value in zip(columns, row[1:], strict=False):
            value = value.strip()
            if col in _KIND_COLUMNS:
                if value not in _KIND_COLUMNS[col]:
                    allowed = ", ".join(sorted(v for v in _KIND_COLUMNS[col] if v))
                    raise DocumentReadError(labels_csv, f"line {n}, column {col!r}: expected one of {allowed}, "
                                                        f"found {value!r}")
                if value:
                    labels[col] = value
            elif value in ("1", "0"):
                labels[col] = value == "1"
            elif value:
                raise DocumentReadError(labels_csv, f"line {n}, column {col!r}: expected 0 or 1, found {value!r}")
        out.append(((labels_csv.parent / row[0].strip()).resolve(), labels))
    return columns, out


def precision_recall_f1(tp: int, fp: int, fn: int) -> tuple[float | None, float | None, float | None]:
    """Precision, recall and F1 from the counts; each ``None`` where it is undefined (nothing to divide by)."""
    p = tp / (tp + fp) if tp + fp else None
    r = tp / (tp + fn) if tp + fn else None
    f = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else None
    return p, r, f


def summarise(scores: Iterable[CategoryScore]) -> tuple[float | None, float | None]:
    """Fill in each score's precision, recall and F1 from its counts; return the macro F1 (over the
    categories whose F1 is defined) and the micro F1."""
    scores = list(scores)
    for s in scores:
        s.precision, s.recall, s.f1 = precision_recall_f1(s.tp, s.fp, s.fn)
    defined = [s.f1 for s in scores if s.f1 is not None]
    tp, fp, fn = (sum(getattr(s, k) for s in scores) for k in ("tp", "fp", "fn"))
    return (sum(defined) / len(defined) if defined else None), precision_recall_f1(tp, fp, fn)[2]


def evaluate(
    labels_csv: Path,
    *,
    workers: int = 2,
    progress: Progress | None = None,
    categories: Mapping[str, Category] | None = None,
) -> EvalReport:
    """Run read → segment → classify on every file of ``labels_csv`` and score it per category.

    Paths in the CSV are relative to it. Files that cannot be read are listed in
    ``unreadable`` and left out of the scores (the reviewer reports them, it does not guess).
    ``categories`` defaults to the shipped library's.
    """
    cats = dict(categories) if categories is not None else load_categories()
    columns, rows = read_labels(Path(labels_csv))
    known = [c for c in columns if c in cats]
    unknown = [c for c in columns if c not in cats and c not in _KIND_COLUMNS]
    paths = [str(p) for p, _ in rows]
    run_with = dict(categories) if categories is not None else None
    results: dict[str, DocumentResult] = {}
    if workers <= 1 or len(paths) <= 1:
        for i, p in enumerate(paths, 1):
            results[p] = _run_one(p, run_with)
            if progress:
                progress(i, len(paths), p)
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = [pool.submit(_run_one, p, run_with) for p in paths]
            for i, fut in enumerate(futures, 1):
                res = fut.result()
                results[res.file] = res
                if progress:
                    progress(i, len(paths), res.file)
    return _score(Path(labels_csv), known, unknown, rows, results)


def _score(
    labels_csv: Path,
    known: list[str],
    unknown: list[str],
    rows: list[tuple[Path, dict[str, bool | str]]],
    results: dict[str, DocumentResult],
) -> EvalReport:
    base = labels_csv.parent.resolve()
    scores = {c: CategoryScore(c) for c in known}
    unreadable: dict[str, str] = {}
    kinds = {c: KindScore(c) for c in _KIND_COLUMNS if any(c in labels for _, labels in rows)}
    false_blockers: list[str] = []
    for path, labels in rows:
        res = results[str(path)]
        name = str(path.relative_to(base)) if path.is_relative_to(base) else str(path)
        if res.error is not None:
            unreadable[name] = res.error
            continue
        for col, ks in kinds.items():
            truth, read = labels.get(col), getattr(res, col)
            if truth is None or read is None or (col == "outsourcing" and labels.get("kind") != "service_contract"):
                continue
            ks.documents += 1
            if truth == read:
                ks.right += 1
            else:
                ks.wrong.append(f"{name}: {truth} → {read}")
        false_blockers += [f"{name}: {c}" for c in res.blockers if labels.get(c) is True]
        for c in known:
            if c not in labels:
                continue
            s, truth, found = scores[c], labels[c] is True, c in res.found
            s.support += truth
            if truth and found:
                s.tp += 1
            elif found:
                s.fp += 1
                s.false_positives.append(f"{name}: {res.evidence.get(c, '')}")
            elif truth:
                s.fn += 1
                s.false_negatives.append(name)
    macro, micro = summarise(scores.values())
    secs = [r.seconds for r in results.values() if r.error is None]
    return EvalReport(
        labels=str(labels_csv),
        documents=len(rows),
        scores=list(scores.values()),
        macro_f1=macro,
        micro_f1=micro,
        unreadable=unreadable,
        median_seconds=statistics.median(secs) if secs else None,
        unknown_columns=unknown,
        results=list(results.values()),
        kinds=list(kinds.values()),
        false_blockers=false_blockers,
    )


def _fmt(x: float | None) -> str:
    return "  n/a" if x is None else f"{x:5.3f}"


def render_table(report: EvalReport) -> str:
    """The report as a plain-text table, one row a category, then the totals."""
    width = max([len("category"), *(len(s.category) for s in report.scores), *map(len, report.unknown_columns)])
    lines = [f"{report.labels}: {report.documents} documents",
             f"{'category':<{width}}  support    TP    FP    FN   prec    rec     F1"]
    for s in report.scores:
        lines.append(f"{s.category:<{width}}  {s.support:7d} {s.tp:5d} {s.fp:5d} {s.fn:5d}  "
                     f"{_fmt(s.precision)}  {_fmt(s.recall)}  {_fmt(s.f1)}")
    for c in report.unknown_columns:
        lines.append(f"{c:<{width}}  unknown category (not in the library), not scored")
    for ks in report.kinds:
        acc = "n/a" if ks.accuracy is None else f"{ks.accuracy:.3f}"
        lines.append(f"{ks.column}: {ks.right}/{ks.documents} right ({acc})")
        lines += [f"  {w}" for w in ks.wrong]
    if report.kinds:
        docs = len({b.split(": ")[0] for b in report.false_blockers})
        lines.append(f"false 'mandatory clause missing' blockers: {len(report.false_blockers)} on {docs} documents")
        lines += [f"  {b}" for b in report.false_blockers]
    median = "n/a" if report.median_seconds is None else f"{report.median_seconds:.3f} s"
    lines += [
        f"macro F1 {_fmt(report.macro_f1).strip()}   micro F1 {_fmt(report.micro_f1).strip()}",
        f"unreadable files: {len(report.unreadable)}",
        *(f"  {name}: {why}" for name, why in sorted(report.unreadable.items())),
        f"median time per document: {median}",
    ]
    return "\n".join(lines)
