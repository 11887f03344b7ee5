"""Review a contract file end to end: read, segment, classify, check; one file or many in parallel."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from clause_library.cues import Cues
from clause_library.errors import DocumentReadError
from clause_library.files import file_sha256
from clause_library.loader import Library, default_library
from clause_library.models import Condition, DocumentKind, OutsourcingKind
from clause_library.vocabulary import DocProperty

from .check_base import Context
from .checks import detect_conditions, run_checks
from .classify import classify
from .document import ReadResult
from .findings import ReadFailure, Report
from .kind import KindReading, read_kind, read_outsourcing
from .reader import read_document
from .segment import segment

__all__ = ["REVIEWABLE_SUFFIXES", "Skipped", "expand_paths", "review_document", "review_many", "review_result"]

REVIEWABLE_SUFFIXES = frozenset({".docx", ".pdf", ".txt"})


def _kind_of(result: ReadResult, kind: DocumentKind | None, outsourcing: OutsourcingKind | None,
             cues: Cues | None) -> KindReading:
    if not result.has_text:
        detected = KindReading(DocumentKind.service_contract)
    else:  # the outsourcing kind is looked for in the whole text only when not given
        detected = read_kind(result.text, outsourcing=outsourcing is None, cues=cues)
    if kind is None:
        recorded = result.properties.get(DocProperty.kind)
        known = {k.value: k for k in DocumentKind}
        kind = known.get(recorded or "", detected.kind)
    if kind is not DocumentKind.service_contract:
        return KindReading(kind)
    if outsourcing is not None:  # given: it overrides whatever the text says
        return KindReading(kind, outsourcing)
    if detected.kind is not DocumentKind.service_contract:  # told it is one, though it reads otherwise
        return KindReading(kind, *_outsourcing_of(result, cues))
    return KindReading(kind, detected.outsourcing, detected.candidates, detected.scores)


def _outsourcing_of(result: ReadResult,
                    cues: Cues | None) -> tuple[OutsourcingKind | None, tuple[OutsourcingKind, ...]]:
    got = read_outsourcing(result.text, cues=cues)
    return got.outsourcing, got.candidates


def review_result(
    result: ReadResult,
    *,
    sha256: str = "",
    kind: DocumentKind | None = None,
    outsourcing: OutsourcingKind | None = None,
    conditions: Iterable[Condition] = (),
    library: Library | None = None,
    timings: dict[str, float] | None = None,
) -> Report:
    """Review a document already read (see ``review_document``); ``sha256`` is the file's, if known.

    ``timings``, when given, gets the seconds each stage took: kind, segment, classify, checks.
    """
    lib = library or default_library()
    clock = time.perf_counter
    t0 = clock()
    reading = _kind_of(result, kind, outsourcing, lib.cues)
    kind, outsourcing = reading.kind, reading.outsourcing
    conds = set(conditions)
    if result.has_text:
        conds |= detect_conditions(result, lib.cues)
    t1 = clock()
    segments = segment(result) if result.has_text else []
    t2 = clock()
    hits = classify(segments, lib.categories, first_only=True) if segments else {}
    t3 = clock()
    ctx = Context(result, segments, hits, kind, outsourcing, conds, lib, reading.candidates, reading.evidence)
    findings = run_checks(ctx)
    if timings is not None:
        timings.update(kind=t1 - t0, segment=t2 - t1, classify=t3 - t2, checks=clock() - t3)
    return Report(
        path=result.path, sha256=sha256, format=result.format, kind=kind.value,
        outsourcing=outsourcing.value if outsourcing else ("uncertain" if reading.uncertain else None),
        readable=result.has_text,
        categories_found={c: h[0].location for c, h in hits.items()},
        findings=findings, conditions=sorted(c.value for c in conds), notes=list(result.warnings),
    )


def review_document(
    path: str | Path,
    *,
    kind: DocumentKind | None = None,
    outsourcing: OutsourcingKind | None = None,
    conditions: Iterable[Condition] = (),
    password: str | None = None,
    library: Library | None = None,
    timings: dict[str, float] | None = None,
) -> Report:
    """Read ``path`` (.docx, .pdf or .txt), recognise its clauses and check them against the playbook.

    ``kind`` / ``outsourcing`` ``None``: recognised from the document (a generated one records its
    kind). ``conditions`` are facts the caller knows (e.g. personal information entrusted); the
    document's own words may add to them. ``password`` opens an encrypted PDF. ``library``
    ``None``: the shipped one. Raises DocumentReadError when the file cannot be read at all; a
    file with no extractable text gives a report with ``readable`` False and no "missing" finding.
    ``timings``, when given, gets the seconds each stage took: read, then those of ``review_result``.
    """
    started = time.perf_counter()
    p = Path(path)
    result = read_document(p, password=password)
    read = time.perf_counter() - started
    report = review_result(result, sha256=file_sha256(p), kind=kind, outsourcing=outsourcing,
                           conditions=conditions, library=library, timings=timings)
    report.seconds = time.perf_counter() - started
    if timings is not None:
        timings["read"] = read
    return report


def _review_or_fail(path: str, kw: dict[str, Any]) -> Report | ReadFailure:
    try:
        return review_document(path, **kw)
    except DocumentReadError as e:
        return ReadFailure(str(path), e.reason)


@dataclass(frozen=True)
class Skipped:
    """A path met in a folder and not reviewed, with why."""

    path: Path
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


def _folder_files(folder: Path, skipped: list[Skipped]) -> list[Path]:
    out: list[Path] = []
    for f in sorted(folder.rglob("*")):
        if f.is_symlink() and not f.exists():
            skipped.append(Skipped(f, "a broken symbolic link"))
        elif f.is_symlink() and f.is_dir():
            skipped.append(Skipped(f, "a symbolic link to a folder, not followed: give that folder itself"))
        elif f.is_file() and f.suffix.lower() in REVIEWABLE_SUFFIXES and not f.name.startswith(("~$", ".")):
            out.append(f)
    return out


def expand_paths(paths: Iterable[str | Path], skipped: list[Skipped] | None = None) -> list[Path]:
    """Files as given, and the .docx / .pdf / .txt files under each directory (sorted, recursively).

    In a folder, a link to a file is reviewed; links to folders (not followed) and broken links are
    added to ``skipped`` (``None``: not reported). Raises DocumentReadError for a folder that holds
    no file to review.
    """
    out: list[Path] = []
    skips = skipped if skipped is not None else []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            before = len(skips)
            found = _folder_files(p, skips)
            if not found:
                links = [s.path.name for s in skips[before:]]
                raise DocumentReadError(p, "no .docx, .pdf or .txt files in this folder or its subfolders"
                                           + (f" (links skipped: {', '.join(links)})" if links else ""))
            out.extend(found)
        else:
            out.append(p)
    return out


def review_many(
    paths: Sequence[str | Path],
    *,
    workers: int = 2,
    progress: Callable[[str], None] | None = None,
    **kw: Any,
) -> list[Report | ReadFailure]:
    """Review every file, in the order given, using ``workers`` processes (1: in this process).

    A file that cannot be read gives a ``ReadFailure`` and the batch goes on. ``progress`` is
    called with each file's path as it finishes. ``kw`` are ``review_document``'s options.
    """
    names = [str(p) for p in paths]
    results: dict[int, Report | ReadFailure] = {}
    if workers <= 1 or len(names) <= 1:
        for i, name in enumerate(names):
            results[i] = _review_or_fail(name, kw)
            if progress:
                progress(name)
    else:
        with ProcessPoolExecutor(max_workers=min(workers, len(names))) as pool:
            futures = {pool.submit(_review_or_fail, name, kw): i for i, name in enumerate(names)}
            for fut in as_completed(futures):
                i = futures[fut]
                try:
                    results[i] = fut.result()
                except Exception as e:  # a crash in a worker must not end the batch
                    results[i] = ReadFailure(names[i], f"could not be reviewed: {type(e).__name__}: {e}")
                if progress:
                    progress(names[i])
    return [results[i] for i in range(len(names))]
