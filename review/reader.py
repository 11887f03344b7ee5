"""Read a contract (.docx, .pdf or plain text, told apart by content) into blocks, under limits."""

from __future__ import annotations

import codecs
from pathlib import Path

from clause_library.errors import DocumentReadError
from clause_library.files import is_zip
from review.document import Block, ReadResult
from review.docx_reader import read_docx
from review.lines import Line, join_lines
from review.pdf_reader import NO_TEXT_WARNING, read_pdf

__all__ = ["MAX_BYTES", "NO_TEXT_WARNING", "check_size", "decode_text", "read_document"]

MiB = 1 << 20
MAX_BYTES = 50 * MiB  # a document to review: the longest real contract seen is a few MB
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_PDF_SNIFF = 1024  # PDF readers accept "%PDF-" anywhere in the first KiB
# C0 controls but tab, newline, vertical tab, form feed, carriage return; DEL; C1 controls; the replacement character.
_NOT_TEXT = "".join(chr(c) for c in [*range(0x09), *range(0x0E, 0x20), *range(0x7F, 0xA0), 0xFFFD])
_MAX_BINARY_SHARE = 0.01  # random bytes read as cp1252 are about 14% such characters; text files 0%
_WHAT_TO_DO = "; give the contract as .docx, .pdf or a plain-text file"


def read_document(
    path: str | Path,
    *,
    password: str | None = None,
    max_bytes: int = MAX_BYTES,
    max_pages: int = 500,
    max_members: int = 2000,
    max_uncompressed: int = 200 * MiB,
    max_part: int = 64 * MiB,
    max_ratio: float = 100,
    max_chars: int = 2_000_000,
) -> ReadResult:
    """Read ``path`` as .docx (zip), .pdf (``%PDF``) or text, whatever its name says.

    ``password`` opens an encrypted PDF (``None``: none given). ``max_bytes`` bounds the file
    size, ``max_pages`` the PDF page count; ``max_members``, ``max_uncompressed`` (bytes, all
    members), ``max_part`` (bytes, one XML part read) and ``max_ratio`` (uncompressed / compressed
    size of a member over 16 MiB) bound a .docx zip; ``max_chars`` bounds the text read from any
    format (the longest real contract seen, with annexes, has about 340,000 characters).
    Raises DocumentReadError, naming the file, for anything it cannot read.
    """
    p = Path(path)
    check_size(p, max_bytes=max_bytes)
    try:
        with p.open("rb") as f:
            head = f.read(_PDF_SNIFF)
    except OSError as e:
        raise DocumentReadError(p, f"cannot open: {e.strerror or e}") from e
    if is_zip(head):
        result = read_docx(p, max_members=max_members, max_uncompressed=max_uncompressed, max_part=max_part,
                           max_ratio=max_ratio)
    elif b"%PDF-" in head:
        result = read_pdf(p, password=password, max_pages=max_pages)
    elif head.startswith(_OLE_MAGIC):
        raise DocumentReadError(
            p, "a legacy .doc or a password-protected .docx (OLE file): save it as an unprotected .docx"
        )
    else:
        result = _read_text(p, max_chars=max_chars)
    chars = sum(len(b.text) for b in result.blocks)
    if chars > max_chars:
        raise _too_long(p, chars, max_chars)
    return result


def check_size(path: Path, *, max_bytes: int = MAX_BYTES) -> int:
    """The size of the file at ``path``; DocumentReadError naming it when it is no file, cannot be opened, is
    empty or is over ``max_bytes``: what ``read_document`` checks first, for a caller that must refuse the file
    before copying it."""
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise DocumentReadError(path, "not a file")
    except OSError as e:
        if isinstance(e, DocumentReadError):
            raise
        raise DocumentReadError(path, f"cannot open: {e.strerror or e}") from e
    if size == 0:
        raise DocumentReadError(path, "empty file (0 bytes): nothing to review; was it saved or copied completely?")
    if size > max_bytes:
        raise DocumentReadError(path, f"file too large: {size:,} bytes (limit {max_bytes:,})")
    return size


def _too_long(path: Path, chars: int, max_chars: int) -> DocumentReadError:
    return DocumentReadError(path, f"too much text: {chars:,} characters (limit {max_chars:,}); "
                                   "review the contract without its annexes, or in parts")


def decode_text(data: bytes) -> tuple[str, str]:
    """(text, encoding): BOMs first (UTF-8, UTF-32, UTF-16), then strict UTF-8, then GB18030, else cp1252."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):  # before UTF-16: FF FE 00 00 starts with FF FE
        return data.decode("utf-32", errors="replace"), "utf-32"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16"
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return data.decode("cp1252", errors="replace"), "cp1252"


def _binary_share(text: str) -> float:
    """The share of ``text`` that no text file holds: control characters and undecodable bytes (U+FFFD)."""
    odd = sum(text.count(c) for c in _NOT_TEXT)
    return odd / max(len(text), 1)


def _read_text(path: Path, *, max_chars: int) -> ReadResult:
    try:
        data = path.read_bytes()
    except OSError as e:
        raise DocumentReadError(path, f"cannot open: {e.strerror or e}") from e
    unicode_bom = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_BE))
    if b"\x00" in data and not unicode_bom:
        raise DocumentReadError(path, f"not a .docx, .pdf or text file: binary content (NUL bytes){_WHAT_TO_DO}")
    text, encoding = decode_text(data)
    if len(text) > max_chars:
        raise _too_long(path, len(text), max_chars)
    share = _binary_share(text)
    if share > _MAX_BINARY_SHARE:
        raise DocumentReadError(path, f"not a .docx, .pdf or text file: {share:.0%} of it is control characters "
                                      f"or undecodable bytes (read as {encoding}){_WHAT_TO_DO}")
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
