"""PDF conversion through LibreOffice (``soffice --headless``): one or more processes, each in a scratch folder.

Every soffice process gets its own profile and its own ``TMPDIR`` inside one scratch folder,
which is removed when the conversion ends, fails or is interrupted (Ctrl-C, SIGTERM): the
process group is killed first, so no ``lu*.tmp`` is left in the system's temp folder, nor
LibreOffice's IPC socket in ``/tmp``. Which
process converts which file never changes a PDF: the same .docx gives the same pages (only
LibreOffice's own creation date and document ID differ from run to run).
"""

from __future__ import annotations

import hashlib
import math
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

from clause_library.errors import RenderError

from .ooxml.office_profile import font_replacements_xcu

__all__ = ["BATCH", "FONT_REPLACEMENTS", "INSTALL_HINT", "convert_to_pdf", "office_pipe", "soffice_path"]

INSTALL_HINT = (
    "LibreOffice is needed for PDF output but `soffice` is not on PATH; install it with "
    "`bash scripts/setup.sh` (or `apt-get install -y libreoffice-writer-nogui fonts-liberation2 fonts-noto-cjk`)"
)
# Documents per soffice run, at most. LibreOffice numbers the Type 1 fonts it embeds with a counter that
# runs over its process's life (the fonts' /UniqueID), so a PDF's bytes depend on the documents converted
# before it in the same run: batches cut at places that depend only on the list make every PDF the same
# whichever process, and however many, converted it. A run costs ~1 s of CPU to start, and LibreOffice
# slows down over a long run (measured per document: 0.12 s in runs of 10, 0.15 s of 40, 0.18 s of 100).
BATCH = 40
_POLL_SECONDS = 0.1

# The documents name the CJK faces Word on Windows has (宋体 for text, 黑体 for headings); a Linux machine has
# neither, and LibreOffice would fall back to the first CJK font fontconfig offers, a sans for both. Its font
# replacement table, written into the private profile, draws them with the Noto CJK SC faces scripts/setup.sh
# installs, whatever else the machine has: the same PDF everywhere.
FONT_REPLACEMENTS = (("宋体", "Noto Serif CJK SC"), ("黑体", "Noto Sans CJK SC"))


def soffice_path() -> str | None:
    """The LibreOffice executable, or ``None`` when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


@dataclass
class _Run:
    """One soffice process converting one batch, in its lane's profile."""

    lane: int
    batch: list[Path]
    proc: subprocess.Popen[bytes]
    log: Path


def _batches(files: list[Path], most: int) -> list[list[Path]]:
    """``files`` cut in order into batches of at most ``most``, the same whatever the number of processes;
    an even number of them when there are several, so that two processes share them evenly."""
    count = math.ceil(len(files) / most)
    count += count % 2 if count > 1 else 0
    size = math.ceil(len(files) / count)
    return [files[i:i + size] for i in range(0, len(files), size)]


def convert_to_pdf(docx_files: list[Path], out_dir: Path, *, timeout: float = 600.0, processes: int = 1,
                   progress: Callable[[int, int], None] | None = None, batch: int | None = None,
                   weights: list[int] | None = None, export: str = "pdf:writer_pdf_Export") -> list[Path]:
    """Convert ``docx_files`` to ``out_dir/<stem>.pdf`` with up to ``processes`` soffice processes; return the PDFs.

    ``progress(done, total)`` is called as PDFs appear (at most every 0.1 s, from this thread); with
    ``weights`` (one per file) it counts their weights, not files. ``batch`` caps the documents per
    soffice run (default ``BATCH``); ``export`` is the ``--convert-to`` filter, options included.
    ``timeout`` bounds the whole conversion. Raises ``RenderError`` when LibreOffice is missing,
    fails or is too slow; on any exit the soffice processes are killed and their scratch folder removed.
    Each process's private profile carries the font replacement table (``FONT_REPLACEMENTS``).
    """
    exe = soffice_path()
    if exe is None:
        raise RenderError(INSTALL_HINT)
    if not docx_files:
        return []
    pdfs = [out_dir / (f.stem + ".pdf") for f in docx_files]
    if len(set(pdfs)) != len(pdfs):
        raise RenderError("two documents to convert have the same name; their PDFs would overwrite each other")
    out_dir.mkdir(parents=True, exist_ok=True)
    for p in pdfs:
        p.unlink(missing_ok=True)
    batches = _batches(list(docx_files), batch or BATCH)
    lanes = max(1, min(processes, len(batches)))
    weight = dict(zip(docx_files, weights or [1] * len(docx_files), strict=True))
    with _scratch() as scratch, _sigterm_as_interrupt():
        _run_all(exe, scratch, lanes, batches, out_dir, time.monotonic() + timeout, timeout, progress, weight,
                 export)
    missing = [p.name for p in pdfs if not p.is_file()]
    if missing:
        raise RenderError(f"LibreOffice wrote no PDF for {', '.join(missing[:5])}"
                          + (f" and {len(missing) - 5} more" if len(missing) > 5 else ""))
    return pdfs


def _run_all(exe: str, scratch: Path, lanes: int, batches: list[list[Path]], out_dir: Path, deadline: float,
             timeout: float, progress: Callable[[int, int], None] | None, weight: dict[Path, int],
             export: str) -> None:
    queue = deque(batches)
    total = sum(weight.values())
    running: dict[int, _Run] = {}
    done = 0
    try:
        while queue or running:
            for lane in range(lanes):
                if lane not in running and queue:
                    running[lane] = _start(exe, scratch, lane, queue.popleft(), out_dir, export)
            seen = done
            for lane, run in list(running.items()):
                code = run.proc.poll()
                if code is None:
                    seen += sum(weight[f] for f in run.batch if (out_dir / (f.stem + ".pdf")).exists())
                    continue
                del running[lane]
                _remove_pipe(scratch / f"lane{lane}" / "profile")
                if code != 0:
                    tail = run.log.read_text(encoding="utf-8", errors="replace").strip()[-500:]
                    raise RenderError(f"LibreOffice failed (exit {code}) converting {run.batch[0].name} and "
                                      f"{len(run.batch) - 1} more: {tail}")
                done += sum(weight[f] for f in run.batch)
                seen += sum(weight[f] for f in run.batch)
            if progress:
                progress(seen, total)
            if time.monotonic() > deadline:
                raise RenderError(f"LibreOffice did not finish converting {len(weight)} file(s) in {timeout:.0f} s")
            if running:
                time.sleep(_POLL_SECONDS)
    finally:
        for run in running.values():
            _kill(run.proc)
            _remove_pipe(scratch / f"lane{run.lane}" / "profile")


def _start(exe: str, scratch: Path, lane: int, batch: list[Path], out_dir: Path, export: str) -> _Run:
    home = scratch / f"lane{lane}"
    if not (home / "tmp").is_dir():
        (home / "tmp").mkdir(parents=True)
        # The profile starts with the font replacement table (FONT_REPLACEMENTS); LibreOffice fills in the rest.
        profile = home / "profile" / "user"
        profile.mkdir(parents=True)
        (profile / "registrymodifications.xcu").write_text(font_replacements_xcu(FONT_REPLACEMENTS), encoding="utf-8")
    log = home / "soffice.log"
    cmd = [exe, f"-env:UserInstallation={(home / 'profile').as_uri()}", "--headless", "--norestore",
           "--convert-to", export, "--outdir", str(out_dir), *map(str, batch)]
    env = {**os.environ, "TMPDIR": str(home / "tmp"), "TMP": str(home / "tmp"), "TEMP": str(home / "tmp")}
    with log.open("wb") as f:
        # A session of its own, so that the whole group (the script, oosplash, soffice.bin) can be killed.
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=f, stderr=subprocess.STDOUT, env=env,
                                start_new_session=True)
    return _Run(lane, batch, proc, log)


def _kill(proc: subprocess.Popen[bytes]) -> None:
    """Kill the process group of a soffice still running, and reap it."""
    if proc.poll() is None:
        with suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


def office_pipe(profile: Path) -> list[Path]:
    """Where soffice with the profile folder ``profile`` puts its IPC socket (``/tmp``, else ``/var/tmp``).

    LibreOffice names it after the MD5 of the profile's URL as UTF-16 (desktop/source/app/officeipcthread.cxx)
    and puts it in a fixed folder, not in ``TMPDIR``; a killed soffice leaves it behind.
    """
    digest = hashlib.md5(profile.as_uri().encode("utf-16-le"), usedforsecurity=False).digest()
    name = f"OSL_PIPE_{os.getuid()}_SingleOfficeIPC_" + "".join(format(b, "x") for b in digest)
    return [Path("/tmp") / name, Path("/var/tmp") / name]


def _remove_pipe(profile: Path) -> None:
    """Remove the IPC socket of our own soffice (its name holds our scratch folder's hash, so it is ours)."""
    for path in office_pipe(profile):
        if path.is_socket():
            path.unlink(missing_ok=True)


@contextmanager
def _scratch() -> Iterator[Path]:
    """A folder for the soffice profiles and temp files, removed on every exit."""
    path = Path(tempfile.mkdtemp(prefix="contracts-lo-"))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


@contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """While converting, SIGTERM unwinds like Ctrl-C, so soffice is killed and the scratch folder removed."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
