"""PDF conversion through LibreOffice (``soffice --headless``), one process for a whole batch."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

from clause_library.errors import RenderError

__all__ = ["FONT_REPLACEMENTS", "INSTALL_HINT", "convert_to_pdf", "soffice_path"]

INSTALL_HINT = (
    "LibreOffice is needed for PDF output but `soffice` is not on PATH; install it with "
    "`bash scripts/setup.sh` (or `apt-get install -y libreoffice-writer-nogui fonts-liberation2 fonts-noto-cjk`)"
)

# The documents name the CJK faces Word on Windows has (宋体 for text, 黑体 for headings); a Linux machine has
# neither, and LibreOffice would fall back to the first CJK font fontconfig offers, a sans for both. Its font
# replacement table, written into the private profile, draws them with the Noto CJK SC faces scripts/setup.sh
# installs, whatever else the machine has: the same PDF everywhere.
FONT_REPLACEMENTS = (("宋体", "Noto Serif CJK SC"), ("黑体", "Noto Sans CJK SC"))
_SUBSTITUTION = "/org.openoffice.Office.Common/Font/Substitution"


def _font_replacements_xcu() -> str:
    def prop(name: str, value: str) -> str:
        return f'<prop oor:name="{name}" oor:op="fuse"><value>{escape(value)}</value></prop>'

    pairs = "".join(
        f'<item oor:path="{_SUBSTITUTION}/FontPairs"><node oor:name="_{i}" oor:op="replace">'
        + prop("ReplaceFont", name) + prop("SubstituteFont", face) + prop("Always", "true")
        + prop("OnScreenOnly", "false") + "</node></item>\n"
        for i, (name, face) in enumerate(FONT_REPLACEMENTS)
    )
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<oor:items xmlns:oor="http://openoffice.org/2001/registry">\n'
            f'<item oor:path="{_SUBSTITUTION}">{prop("Replacement", "true")}</item>\n{pairs}</oor:items>\n')


def soffice_path() -> str | None:
    """The LibreOffice executable, or ``None`` when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_pdf(docx_files: list[Path], out_dir: Path, *, timeout: float = 600.0) -> list[Path]:
    """Convert ``docx_files`` to PDF in ``out_dir`` with a single soffice process; return the PDFs.

    A private LibreOffice profile is used so that conversions never clash with a running office; it
    carries the font replacement table (``FONT_REPLACEMENTS``).
    """
    exe = soffice_path()
    if exe is None:
        raise RenderError(INSTALL_HINT)
    if not docx_files:
        return []
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="contracts-lo-") as profile:
        (Path(profile) / "user").mkdir()
        (Path(profile) / "user" / "registrymodifications.xcu").write_text(_font_replacements_xcu(), encoding="utf-8")
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
