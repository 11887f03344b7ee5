"""NDA packs on the portal: the uploaded roster checked by the reader the CLI uses (``generator.roster``), and the
pack built as a job by the CLI's own function (``generator.pack.nda_pack``), its files kept in the file store."""

from __future__ import annotations

import codecs
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from clause_library.errors import ContractsError, RosterError
from clause_library.files import is_zip
from clause_library.models import Lang
from generator.pack import nda_pack
from generator.roster import MAX_BYTES, check_roster

from .filestore import path_of, store_file
from .jobs import Job, JobState, Progress, work
from .texts import text

__all__ = [
    "MAX_ROSTER",
    "MEDIA_TYPES",
    "ROSTER_SUFFIXES",
    "RosterCheck",
    "RowProblem",
    "check_stored_roster",
    "job_file",
    "make_pack",
    "media_type",
    "pdf_available",
]

MAX_ROSTER = MAX_BYTES  # the roster reader reads at most this much
ROSTER_SUFFIXES = (".xlsx", ".csv")
MEDIA_TYPES = {
    ".zip": "application/zip",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".json": "application/json",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".csv": "text/csv; charset=utf-8",
    ".pdf": "application/pdf",
    ".yaml": "application/yaml; charset=utf-8",
}
_SNIFF = 64 * 1024  # the bytes of a .csv looked at to tell text from a binary file
_MERGED_PDF = "pledges-merged.pdf"  # generator.pack's name for the merged pledges


@dataclass(frozen=True)
class RowProblem:
    """One bad cell of a roster: its row as Excel numbers it (``None``: the header or the file), its column
    (header and letter), and what to fix."""

    row: int | None
    column: str
    message: str


@dataclass
class RosterCheck:
    """What checking an uploaded roster found: ``refusal`` when the file as a whole cannot be used (``""``: it
    can), else a problem per bad cell; ``people`` the valid rows, ``notes`` the reader's warnings."""

    people: int = 0
    rows: list[RowProblem] = field(default_factory=list)
    refusal: str = ""
    notes: list[str] = field(default_factory=list)


def _suffix(name: str) -> str:
    return Path(name).suffix.lower()


def _content_refusal(path: Path, name: str, lang: Lang) -> str:
    """Why the stored bytes are not what the roster's name says they are (``""`` when they are): an .xlsx is a
    zip archive, a .csv is text. Told by content, whatever the name says."""
    suffix = _suffix(name)
    if suffix not in ROSTER_SUFFIXES:
        return text("roster_suffix", lang, name=name)
    with path.open("rb") as f:
        head = f.read(_SNIFF)
    if suffix == ".xlsx":
        return "" if is_zip(head) else text("roster_not_xlsx", lang, name=name)
    return "" if _is_text(head) else text("roster_not_text", lang, name=name)


def _is_text(head: bytes) -> bool:
    """Whether ``head`` (a file's first bytes) is text in an encoding the roster reader reads: UTF-16 with its
    mark, else UTF-8 or GB18030 without NUL or other control characters but tab, line breaks and form feed."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ["utf-16"]
    else:
        if b"\x00" in head:
            return False
        encodings = ["utf-8-sig", "gb18030"]
    for encoding in encodings:
        try:
            decoded = codecs.getincrementaldecoder(encoding)().decode(head, final=False)  # a cut character is fine
        except UnicodeDecodeError:
            continue
        return not any(ord(c) < 32 and c not in "\t\r\n\f" for c in decoded)
    return False


def _named(message: str, names: dict[str, str]) -> str:
    """``message`` with the temporary paths in it replaced by the names the person knows (longest first)."""
    for path in sorted(names, key=len, reverse=True):
        message = message.replace(path, names[path])
    return message


def _roster_copy(sha256: str, name: str, folder: Path) -> Path:
    """The stored roster copied into ``folder`` under a name with its suffix, which tells the reader its format."""
    copy = folder / f"roster{_suffix(name)}"
    shutil.copyfile(path_of(sha256), copy)
    return copy


def check_stored_roster(sha256: str, name: str, sheet: str | None, lang: Lang) -> RosterCheck:
    """Check the stored roster ``sha256``, uploaded as ``name``, as ``contracts nda-pack`` checks it: every bad row
    at once. Slow work for a thousand rows (a fifth of a second): run it off the event loop."""
    refusal = _content_refusal(path_of(sha256), name, lang)
    if refusal:
        return RosterCheck(refusal=refusal)
    with tempfile.TemporaryDirectory(prefix="roster-") as tmp:
        copy = _roster_copy(sha256, name, Path(tmp))
        names = {str(copy): name, tmp + os.sep: ""}
        try:
            roster = check_roster(copy, sheet=sheet, max_bytes=MAX_ROSTER)
        except RosterError as e:
            return RosterCheck(refusal=f"{text('roster_refused', lang)}\n{_named(str(e), names)}")
    rows = [RowProblem(p.line, p.field or "", p.message) for p in roster.problems]
    return RosterCheck(len(roster.people), rows, notes=[_named(n, names) for n in roster.notes])


def _soffice() -> str | None:
    """Where LibreOffice is (``None``: not installed, so no PDF is made)."""
    return shutil.which("soffice")


def pdf_available() -> bool:
    """Whether packs can have PDFs here (LibreOffice is installed): the form offers them only then."""
    return _soffice() is not None


@work("pack")
def make_pack(payload: dict[str, Any], progress: Progress) -> dict[str, Any]:
    """Build the pack of the stored request and roster in a temporary folder with the CLI's ``nda_pack``, keep the
    zip, the index and (when asked for and LibreOffice is there) the merged PDF in the file store, and return their
    names and SHA-256s (``files``), with the request's and the roster's; nothing is kept of a pack that fails."""
    base = payload["folder"].removesuffix("-pack")
    with tempfile.TemporaryDirectory(prefix="pack-") as tmp:
        folder = Path(tmp)
        request = folder / payload["request_name"]
        shutil.copyfile(path_of(payload["request_sha256"]), request)
        roster = _roster_copy(payload["roster_sha256"], payload["roster_name"], folder)
        names = {str(request): payload["request_name"], str(roster): payload["roster_name"], tmp + os.sep: ""}
        progress("start", 0, 0)
        try:
            made = nda_pack(request, roster, folder / "out", pdf=bool(payload.get("pdf")) and _soffice() is not None,
                            sheet=payload.get("sheet"), progress=progress)
        except ContractsError as e:
            raise ContractsError(_named(str(e), names)) from e
        progress("store", 0, 1)
        files = [_kept(made.zip_path, made.zip_path.name, "zip"),
                 _kept(made.folder / "index.xlsx", f"{base}-index.xlsx", "index")]
        if (made.folder / _MERGED_PDF).is_file():
            files.append(_kept(made.folder / _MERGED_PDF, f"{base}-pledges.pdf", "pdf"))
        notes = [_named(n, names) for n in made.notes]
        people = len(made.pledges)
    files.append({"name": payload["request_name"], "sha256": payload["request_sha256"], "role": "request"})
    taken = {f["name"] for f in files}
    roster_name = payload["roster_name"] if payload["roster_name"] not in taken else f"roster-{payload['roster_name']}"
    files.append({"name": roster_name, "sha256": payload["roster_sha256"], "role": "roster"})
    progress("store", 1, 1)
    return {"contract_no": payload["contract_no"], "people": people, "files": files, "notes": notes}


def _kept(path: Path, name: str, role: str) -> dict[str, Any]:
    return {"name": name, "sha256": store_file(path), "role": role}


def job_file(job: Job, name: str) -> dict[str, Any] | None:
    """The file the done ``job`` made under ``name`` (``None``: no such file). ``name`` is only compared with the
    names in the job's result: it never becomes a path."""
    if job.state is not JobState.done or not isinstance(job.result.get("files"), list):
        return None
    return next((f for f in job.result["files"] if isinstance(f, dict) and f.get("name") == name), None)


def media_type(name: str) -> str:
    """The content type a file made by a job is served with, by its (the job's own) name."""
    return MEDIA_TYPES.get(_suffix(name), "application/octet-stream")
