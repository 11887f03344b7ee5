"""Review many files and write one report per document: what ``contracts review`` does."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from clause_library.files import atomic_write

from .findings import ReadFailure, Report
from .report import ExitStatus, ReportFormat, exit_status, render
from .review import Skipped, expand_paths, review_many

__all__ = ["BatchResult", "report_path", "review_paths", "write_report"]


@dataclass
class BatchResult:
    """The results in the order of the files, the reports written (if any) and the exit status."""

    results: list[Report | ReadFailure]
    written: list[Path] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)  # links met in folders and not followed

    @property
    def status(self) -> ExitStatus:
        return exit_status(self.results)


def report_path(document: str | Path, out_dir: Path | None, fmt: ReportFormat | str) -> Path:
    """``<out_dir or the document's folder>/<document name>.review<suffix>`` (e.g. contract.docx.review.md)."""
    doc = Path(document)
    return (out_dir or doc.parent) / f"{doc.name}.review{ReportFormat(fmt).suffix}"


def write_report(result: Report | ReadFailure, fmt: ReportFormat | str, out_dir: Path | None = None) -> Path:
    """Write ``result`` rendered as ``fmt`` beside the document, or into ``out_dir``, whole or not at all;
    return the path."""
    return atomic_write(report_path(result.path, out_dir, fmt), render(result, fmt), what="review report")


def review_paths(
    paths: Sequence[str | Path],
    *,
    fmt: ReportFormat | str = ReportFormat.md,
    out: Path | None = None,
    workers: int = 2,
    progress: Callable[[str], None] | None = None,
    **kw: Any,
) -> BatchResult:
    """Review files and directories (expanded to their .docx / .pdf / .txt files).

    With ``out``, write one ``fmt`` report per document into it (a name used twice gets the
    parent folder's name in front); without, write nothing and leave printing to the caller.
    ``kw`` are ``review_document``'s options.
    """
    skipped: list[Skipped] = []
    files = expand_paths(paths, skipped)
    results = review_many(files, workers=workers, progress=progress, **kw)
    batch = BatchResult(results, skipped=skipped)
    if out is not None:
        names: dict[str, int] = {}
        for f in files:
            names[f.name] = names.get(f.name, 0) + 1
        for f, result in zip(files, results, strict=True):
            target = out if names[f.name] == 1 else out / f.parent.name
            batch.written.append(write_report(result, fmt, target))
    return batch
