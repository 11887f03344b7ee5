"""Read a contract (.docx, .pdf or plain text, told apart by content) into blocks, under limits."""

from __future__ import annotations

import codecs
from pathlib import Path

from clause_library.errors import DocumentReadError
from review.document import Block, ReadResult
from review.docx_reader import read_docx
from review.lines import Line, join_lines
from review.pdf_reader import NO_TEXT_WARNING, read_pdf

__all__ = ["NO_TEXT_WARNING", "decode_text", "read_document"]

MiB = 1 << 20
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_PDF_SNIFF = 1024  # PDF readers accept "%PDF-" anywhere in the first KiB


def read_document(
    path: str | Path,
    *,
    password: str | None = None,
    max_bytes: int = 50 * MiB,
    max_pages: int = 500,
    max_members: int = 2000,
    max_uncompressed: int = 200 * MiB,
    max_ratio: float = 200,
) -> ReadResult:
    """Read ``path`` as .docx (zip), .pdf (``%PDF``) or text, whatever its name says.

    ``password`` opens an encrypted PDF (``None``: none given). ``max_bytes`` bounds the file
    size, ``max_pages`` the PDF page count; ``max_members``, ``max_uncompressed`` (bytes) and
    ``max_ratio`` (uncompressed / compressed size of any large member) bound a .docx zip.
    Raises DocumentReadError, naming the file, for anything it cannot read.
    """
    p = Path(path)
    try:
        size = p.stat().st_size
        if not p.is_file():
            raise DocumentReadError(p, "not a file")
    except OSError as e:
        if isinstance(e, DocumentReadError):
            raise
        raise DocumentReadError(p, f"cannot open: {e.strerror or e}") from e
    if size > max_bytes:
        raise DocumentReadError(p, f"file too large: {size} bytes (limit {max_bytes})")
    try:
        with p.open("rb") as f:
            head = f.read(_PDF_SNIFF)
    except OSError as e:
        raise DocumentReadError(p, f"cannot open: {e.strerror or e}") from e
    if head.startswith(_ZIP_MAGIC):
        return read_docx(p, max_members=max_members, max_uncompressed=max_uncompressed, max_ratio=max_ratio)
    if b"%PDF-" in head:
        return read_pdf(p, password=password, max_pages=max_pages)
    if head.startswith(_OLE_MAGIC):
        raise DocumentReadError(
            p, "a legacy .doc or a password-protected .docx (OLE file): save it as an unprotected .docx"
        )
    return _read_text(p)


def decode_text(data: bytes) -> tuple[str, str]:
    """(text, encoding): BOMs first (UTF-8, UTF-16), then strict UTF-8, then GB18030."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16"
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return data.decode("cp1252", errors="replace"), "cp1252"


def _read_text(path: Path) -> ReadResult:
    try:
        data = path.read_bytes()
    except OSError as e:
        raise DocumentReadError(path, f"cannot open: {e.strerror or e}") from e
    if b"\x00" in data[:4096] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise DocumentReadError(path, "not a .docx, .pdf or text file (binary content)")
    text, encoding = decode_text(data)
    result = ReadResult(path=str(path), format="txt")
    if encoding not in ("utf-8", "utf-8-sig"):
        result.warnings.append(f"text decoded as {encoding}")
    lines = [Line(line, None, n) for n, line in enumerate(text.splitlines(), start=1)]
    for paragraph in join_lines(lines):
        result.blocks.append(
            Block(text=paragraph.text, index=len(result.blocks), location=f"line {paragraph.first.number}")
        )
    if not result.blocks:
        result.warnings.append("the file has no text")
    return result
