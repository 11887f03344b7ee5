"""PDF conversion through LibreOffice (``soffice --headless``), one process for a whole batch."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from clause_library.errors import RenderError

__all__ = ["INSTALL_HINT", "convert_to_pdf", "soffice_path"]

INSTALL_HINT = (
    "LibreOffice is needed for PDF output but `soffice` is not on PATH; install it with "
    "`bash scripts/setup.sh` (or `apt-get install -y libreoffice-writer-nogui fonts-liberation2 fonts-noto-cjk`)"
)


def soffice_path() -> str | None:
    """The LibreOffice executable, or ``None`` when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_pdf(docx_files: list[Path], out_dir: Path, *, timeout: float = 600.0) -> list[Path]:
    """Convert ``docx_files`` to PDF in ``out_dir`` with a single soffice process; return the PDFs.

    A private LibreOffice profile is used so that conversions never clash with a running office.
    """
    exe = soffice_path()
    if exe is None:
        raise RenderError(INSTALL_HINT)
    if not docx_files:
        return []
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="contracts-lo-") as profile:
        cmd = [exe, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
               "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(out_dir), *map(str, docx_files)]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired as e:
            raise RenderError(
                f"LibreOffice did not finish converting {len(docx_files)} file(s) in {timeout:.0f} s"
            ) from e
    pdfs = [out_dir / (f.stem + ".pdf") for f in docx_files]
    missing = [p.name for p in pdfs if not p.is_file()]
    if proc.returncode != 0 or missing:
        raise RenderError(f"LibreOffice failed to convert {missing or docx_files}: {proc.stderr.strip()[-500:]}")
    return pdfs
