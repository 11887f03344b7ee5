"""NDA packs: the NDA with a vendor plus one confidentiality pledge per person on its roster.

The roster is checked before anything is written; the pack is built aside and moved into
place, so an error, a crash or Ctrl-C leaves no partial pack. Pledges come from a pledge
compiled once (``pledge_template``), filled per person on every core, written straight to disk.
"""

from __future__ import annotations

import hashlib
import math
import os
import re
import shutil
import signal
import threading
import time
import unicodedata
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from clause_library.errors import Problem, RequestError, RosterError
from clause_library.files import file_sha256
from clause_library.identifiers import mask_resident_id
from clause_library.loader import Library, default_library
from clause_library.safety import safe_path, text_problem

from .assemble import assemble
from .assembled import Assembled
from .draft import DEFAULT_OUT
from .family import (
    already_pledged,
    check_roster_dates,
    family_pledges,
    next_pledge_number,
    pledge_conflicts,
    pledge_family,
)
from .output import output_folder, staging
from .pack_files import (
    PledgeFile,
    write_index,
    write_invalid_rows,
    write_pack_manifest,
    write_pack_zip,
)
from .pdf_pledges import convert_pledges, merge_pages
from .pledge_template import CompiledPledge, compile_pledge, pledge_base, pledge_contract_no, pledge_values
from .render import render_docx
from .request import NdaRequest, PledgeRequest, load_request, request_hash
from .roster import MAX_BYTES, MAX_ROWS, Person, Roster, check_roster
from .staff_list import STAFF_LIST, staff_list_docx

__all__ = ["PackResult", "Progress", "build_pack", "nda_pack", "pack_folder_name"]

# progress(stage, done, total): stage is "pledges" or "pdf".
Progress = Callable[[str, int, int], None]
# Below this many people one process is faster than starting workers (measured: ~0.15 s to start two).
_POOL_MIN = 300
_PACK_SUFFIX = "-pack"


@dataclass
class PackResult:
    """What a pack wrote. ``skipped`` lists the problems of rows left out (only with ``skip_invalid``);
    ``replaced`` says an earlier pack's folder of the same name was replaced; ``notes`` are the roster's
    warnings (sheets not read, hidden rows and columns)."""

    folder: Path
    zip_path: Path
    zip_sha256: str
    pledges: list[PledgeFile]
    files: list[Path]
    skipped: list[Problem] = field(default_factory=list)
    skipped_rows: list[int] = field(default_factory=list)
    replaced: bool = False
    notes: list[str] = field(default_factory=list)


def pack_folder_name(contract_no: str) -> str:
    """``NDA-2026-0042`` → ``NDA-2026-0042-pack`` (a ``/`` in the number becomes ``_``)."""
    return output_folder(Path(), contract_no, _PACK_SUFFIX).name


def _file_stem(name: str) -> str:
    stem = unicodedata.normalize("NFC", name)
    stem = re.sub(r'[\\/:*?"<>|]', "_", stem)
    stem = "".join("_" if text_problem(ch) else ch for ch in stem)
    stem = re.sub(r"\s+", "_", stem).strip("._")
    return stem[:40] or "person"


# ------------------------------------------------------------------ pledges, in this process or in workers


@dataclass
class _Job:
    compiled: CompiledPledge
    base: PledgeRequest
    nda: NdaRequest
    full_id: bool
    folder: Path
    width: int


_WORKER: _Job | None = None


def _write_pledges(job: _Job, chunk: list[tuple[int, Person]]) -> list[PledgeFile]:
    out = []
    for number, person in chunk:
        contract_no = pledge_contract_no(job.nda, number)
        data = job.compiled.fill(pledge_values(job.base, person, contract_no, full_id=job.full_id))
        name = f"{number:0{job.width}d}-{_file_stem(person.name)}.docx"
        safe_path(job.folder / "pledges", name, what="pledge file name").write_bytes(data)
        rel = f"pledges/{name}"
        out.append(PledgeFile(number, contract_no, person.row, person.name, mask_resident_id(person.id_number),
                              person.role, person.start_date, rel, hashlib.sha256(data).hexdigest(), len(data)))
    return out


def _init_worker(docx: bytes, tokens: dict[str, str], base: PledgeRequest, nda: NdaRequest, full_id: bool,
                 folder: Path, width: int) -> None:
    global _WORKER
    # Ctrl-C goes to the parent, which stops handing out work and removes the half-built pack.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with, args=(os.getppid(),), name="parent-watch", daemon=True).start()
    _WORKER = _Job(CompiledPledge(docx, tokens), base, nda, full_id, folder, width)


def _exit_with(parent: int) -> None:
    """End this pledge worker once the process that started it is gone: a portal worker killed in the middle of a
    pack (SIGKILL, out of memory) tells its pool nothing, and the pool's processes would otherwise wait for work
    for ever (each keeps the others' end of the pipe open)."""
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)


def _worker_chunk(chunk: list[tuple[int, Person]]) -> list[PledgeFile]:
    if _WORKER is None:  # pragma: no cover - the initializer always runs first
        raise RuntimeError("pledge worker not initialised")
    return _write_pledges(_WORKER, chunk)


def _all_pledges(job: _Job, people: list[Person], first: int, workers: int, progress: Progress | None,
                 meanwhile: Callable[[], None]) -> list[PledgeFile]:
    """Write every pledge, numbered from ``first``; ``meanwhile`` runs in this process while the workers fill
    pledges."""
    numbered = list(enumerate(people, start=first))
    total = len(numbered)
    if progress:
        progress("pledges", 0, total)
    if workers <= 1 or total < _POOL_MIN:
        meanwhile()
        done: list[PledgeFile] = []
        step = max(1, min(100, total // 50))
        for i in range(0, total, step):
            done += _write_pledges(job, numbered[i:i + step])
            if progress:
                progress("pledges", len(done), total)
        return done
    size = max(16, min(256, math.ceil(total / (workers * 8))))
    chunks = [numbered[i:i + size] for i in range(0, total, size)]
    results: list[list[PledgeFile]] = [[] for _ in chunks]
    written = 0
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_init_worker,
                               initargs=(job.compiled.docx, job.compiled.tokens, job.base, job.nda, job.full_id,
                                         job.folder, job.width))
    try:
        futures: dict[Future[list[PledgeFile]], int] = {pool.submit(_worker_chunk, c): i for i, c in enumerate(chunks)}
        meanwhile()
        for fut in as_completed(futures):
            results[futures[fut]] = fut.result()
            written += len(results[futures[fut]])
            if progress:
                progress("pledges", written, total)
    finally:
        # Waits for running chunks, so that no worker writes into the pack after it is removed.
        pool.shutdown(wait=True, cancel_futures=True)
    return [p for chunk in results for p in chunk]


# ------------------------------------------------------------------ the pack


def build_pack(
    request: NdaRequest | Path,
    roster_path: Path,
    out_dir: Path = DEFAULT_OUT,
    *,
    pdf: bool = False,
    skip_invalid: bool = False,
    full_id: bool = False,
    sheet: str | None = None,
    workers: int = 2,
    pdf_processes: int = 2,
    progress: Progress | None = None,
    library: Library | None = None,
    template_dir: Path | None = None,
    max_rows: int = MAX_ROWS,
    max_bytes: int = MAX_BYTES,
) -> PackResult:
    """Build ``out_dir/<contract_no>-pack/`` for the NDA ``request`` and the people on ``roster_path``.

    Raises ``RosterError`` listing every bad row (nothing written) unless ``skip_invalid``, which
    leaves them out and writes ``invalid-rows.csv``. Pledges show the masked ID number unless
    ``full_id``. ``sheet`` names the worksheet to read (default: the active one). ``workers``
    processes fill the pledges (1: all in this process); with ``pdf``, ``pdf_processes``
    LibreOffice processes convert the documents.
    """
    nda = load_request(request, out_dir=out_dir) if isinstance(request, Path) else request
    if not isinstance(nda, NdaRequest):
        raise RequestError(f"{request}: an NDA pack is made from an NDA request (kind: nda), not {nda.kind!r}")
    final = output_folder(out_dir, nda.contract_no, _PACK_SUFFIX)
    base = pledge_base(nda)
    roster = check_roster(roster_path, sheet=sheet, max_rows=max_rows, max_bytes=max_bytes)
    roster, people, first = _who_pledges(nda, roster, roster_path, out_dir, final, skip_invalid=skip_invalid)
    lib = library or default_library()
    request_file = str(request) if isinstance(request, Path) else "<request>"
    # the NDA's annex is the pack's staff list; request problems surface here, before anything is written
    nda_doc = assemble(lib, nda, request_file, staff_list=True)
    build = _Build(lib, nda, nda_doc, compile_pledge(lib, base, template_dir=template_dir), base, roster, people,
                   first, full_id, template_dir)
    replaced = final.exists()
    with staging(final) as tmp:
        pledges = _write_documents(build, tmp, workers, progress)
        if pdf:
            for name in _pdfs(tmp, pledges, pdf_processes, progress):
                path = tmp / name
                build.hashes[name] = (path.stat().st_size, file_sha256(path))
        zip_name, zip_sha = _seal(build, tmp, pledges, roster_path, final.name)
    files = sorted(p for p in final.iterdir() if p.is_file())
    return PackResult(final, final / zip_name, zip_sha, pledges, files, roster.problems, roster.bad_rows, replaced,
                      roster.notes)


def _who_pledges(nda: NdaRequest, roster: Roster, roster_path: Path, out_dir: Path, final: Path, *,
                 skip_invalid: bool) -> tuple[Roster, list[Person], int]:
    """``roster`` with its start dates checked against the main contract's term, the people on it who get a
    pledge and the number of the first; ``RosterError`` when the roster has bad rows (unless ``skip_invalid``)
    or nobody to make a pledge for. Notes on the roster say who already has one, or may be the same person with
    another ID or date."""
    if nda.main_contract is not None:
        roster = check_roster_dates(roster, nda.main_contract)
    # One numbering per family and one pledge per person (N23): after the highest number the family's standalone
    # pledges and earlier packs in out_dir use; a person who already has a pledge there gets no second one.
    family = pledge_family(nda)
    existing = family_pledges(out_dir, family, skip=final)
    roster.notes += pledge_conflicts(existing, family, roster.people)
    people, pledged = already_pledged(existing, family, roster.people)
    roster.notes += pledged
    notes = "".join(f"\nnote: {n}" for n in roster.notes)
    if roster.problems and not skip_invalid:
        raise RosterError(f"{roster_path}: {len(roster.bad_rows)} bad row(s) in the roster; nothing was written "
                          f"(fix them, or use --skip-invalid to build the pack for the good rows){notes}",
                          roster.problems)
    if not roster.people:
        raise RosterError(f"{roster_path}: no valid row in the roster; nothing was written{notes}", roster.problems)
    if not people:
        raise RosterError(f"{roster_path}: everyone on the roster already has a pledge in the family of {family}; "
                          f"nothing was written{notes}", roster.problems)
    return roster, people, next_pledge_number(existing, family)


@dataclass
class _Build:
    """A pack being built: what goes in it, and each file written with its size and hash."""

    lib: Library
    nda: NdaRequest
    nda_doc: Assembled
    compiled: CompiledPledge
    base: PledgeRequest
    roster: Roster
    people: list[Person]
    first: int
    full_id: bool
    template_dir: Path | None
    hashes: dict[str, tuple[int, str]] = field(default_factory=dict)

    def record(self, name: str, data: bytes) -> None:
        """Note the size and hash of the file ``name`` holding ``data``."""
        self.hashes[name] = (len(data), hashlib.sha256(data).hexdigest())

    def put(self, folder: Path, name: str, data: bytes) -> None:
        """Write ``data`` to ``folder/name`` and note its size and hash."""
        (folder / name).write_bytes(data)
        self.record(name, data)


def _write_documents(build: _Build, tmp: Path, workers: int, progress: Progress | None) -> list[PledgeFile]:
    """Write the NDA, its staff list, every pledge, the index and the invalid rows into ``tmp``; the pledges
    written."""

    def write_nda() -> None:
        build.put(tmp, "nda.docx", render_docx(build.nda_doc, template_dir=build.template_dir))
        build.put(tmp, STAFF_LIST, staff_list_docx(build.lib, build.nda, build.people, build.first,
                                                   full_id=build.full_id))  # the NDA's annex

    (tmp / "pledges").mkdir()
    width = max(4, len(str(build.first + len(build.people) - 1)))
    job = _Job(build.compiled, build.base, build.nda, build.full_id, tmp, width)
    pledges = _all_pledges(job, build.people, build.first, workers, progress, meanwhile=write_nda)
    for p in pledges:
        build.hashes[p.file] = (p.size, p.sha256)
    if build.roster.problems:
        build.record("invalid-rows.csv", write_invalid_rows(tmp / "invalid-rows.csv", build.roster.problems))
    build.record("index.xlsx", write_index(tmp / "index.xlsx", pledges))
    return pledges


def _seal(build: _Build, tmp: Path, pledges: list[PledgeFile], roster_path: Path, folder: str) -> tuple[str, str]:
    """Write the pack's manifest, its zip and the zip's hash beside it; the zip's name and hash."""
    nda = build.nda
    write_pack_manifest(tmp, build.hashes, {
        "contract_no": nda.contract_no, "kind": "nda_pack", "request_sha256": request_hash(nda),
        "nda_clauses": build.nda_doc.clause_versions, "pledge_clauses": build.compiled.clause_versions,
        "people": len(pledges), "skipped_rows": build.roster.bad_rows, "roster_sha256": file_sha256(roster_path),
        # each pledge's number and person: the family's later packs and pledges number after these (N23)
        "pledges": [{"contract_no": p.contract_no, "name": p.name, "id_number": p.id_masked,
                     "start_date": p.start_date.isoformat()} for p in pledges],
        "full_id_numbers": build.full_id,
        **({"main_contract": {"contract_no": nda.main_contract.contract_no,
                              "manifest_sha256": nda.main_contract.manifest_sha256}} if nda.main_contract else {}),
    })
    zip_name = f"{folder}.zip"
    write_pack_zip(tmp, [*build.hashes, "manifest.json"], tmp / zip_name)
    zip_sha = file_sha256(tmp / zip_name)
    # The zip holds the manifest, so the manifest cannot hold the zip's hash: it sits beside it.
    (tmp / f"{zip_name}.sha256").write_text(f"{zip_sha}  {zip_name}\n", encoding="utf-8")
    return zip_name, zip_sha


def _pdfs(tmp: Path, pledges: list[PledgeFile], processes: int, progress: Progress | None) -> list[str]:
    """PDF of the NDA and of every pledge (``processes`` LibreOffice processes), and the merged, bookmarked pledges.

    No PDF depends on which process converted which pledge, or on how many processes there were.
    """
    docx = [tmp / p.file for p in pledges]
    scratch = tmp / ".pdf"

    def converted(done: int, total: int) -> None:
        if progress:
            progress("pdf", done, total)

    converted(0, 1 + len(docx))
    ranges = convert_pledges(tmp / "nda.docx", docx, scratch, processes=processes,
                             timeout=120.0 + 3.0 * len(docx), progress=converted)
    names = ["nda.pdf", *(p.file.removesuffix(".docx") + ".pdf" for p in pledges)]
    merge_pages([(r, f"{p.contract_no} {p.name} ({p.role})") for r, p in zip(ranges, pledges, strict=True)],
                tmp / "pledges-merged.pdf")
    shutil.rmtree(scratch)
    names.append("pledges-merged.pdf")
    return names


def nda_pack(request_path: Path, roster_path: Path, out_dir: Path = DEFAULT_OUT, *, pdf: bool = False,
             skip_invalid: bool = False, full_id: bool = False, sheet: str | None = None,
             progress: Progress | None = None) -> PackResult:
    """Read the NDA request at ``request_path`` and build its pack (see ``build_pack``)."""
    return build_pack(request_path, roster_path, out_dir, pdf=pdf, skip_invalid=skip_invalid,
                      full_id=full_id, sheet=sheet, progress=progress)
