"""Read a .pdf's text layer with PDFium (pypdfium2), page by page, into paragraph blocks."""

from __future__ import annotations

import re
import warnings
from collections import Counter
from pathlib import Path

import pypdfium2 as pdfium

from clause_library.errors import DocumentReadError
from review.document import Block, Part, ReadResult
from review.lines import Line, join_lines

__all__ = ["NO_TEXT_WARNING", "read_pdf"]

NO_TEXT_WARNING = "no text could be extracted — scanned image?"
_ERR_PASSWORD = 4  # FPDF_ERR_PASSWORD
_ERR_SECURITY = 6  # FPDF_ERR_SECURITY: unsupported security handler
_PAGE_NUMBER = re.compile(
    r"^(?:[-–—]\s*\d{1,4}\s*[-–—]|\d{1,4}|page\s+\d{1,4}(?:\s+of\s+\d{1,4})?|\d{1,4}\s*/\s*\d{1,4}"
    r"|第\s*\d{1,4}\s*页(?:\s*[，,]?\s*共\s*\d{1,4}\s*页)?|[ivxlc]{1,6})$",
    re.IGNORECASE,
)
# A run of spaces as one " ": the runs that are not one " " already (most are), so few are replaced.
_SPACE_CHARS = " \t\u00a0\u2002\u2003\u2009\u200b"
_SPACES = re.compile(rf"[{_SPACE_CHARS[1:]}][{_SPACE_CHARS}]*| [{_SPACE_CHARS}]+")
_DIGITS = re.compile(r"\d+")
_EDGE_LINES = 2  # running headers/footers sit in the first or last lines of a page


def _password_error(path: Path, password: str | None) -> DocumentReadError:
    if password is None:
        return DocumentReadError(path, "encrypted PDF: give --password")
    return DocumentReadError(path, "encrypted PDF: the password given is wrong (give --password)")


def _pdfium_pages(path: Path, password: str | None, max_pages: int) -> list[str]:
    pdf = pdfium.PdfDocument(str(path), password=password)
    try:
        count = len(pdf)
        if count > max_pages:
            raise DocumentReadError(path, f"too many pages: {count} (limit {max_pages})")
        texts: list[str] = []
        for i in range(count):
            page = pdf[i]
            try:
                textpage = page.get_textpage()
                try:
                    texts.append(textpage.get_text_range())
                finally:
                    textpage.close()
            finally:
                page.close()
        return texts
    finally:
        pdf.close()


def _pypdf_pages(path: Path, password: str | None, max_pages: int, reason: Exception) -> list[str]:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(path, strict=False)
            if reader.is_encrypted and (password is None or not reader.decrypt(password)):
                raise _password_error(path, password)
            if len(reader.pages) > max_pages:
                raise DocumentReadError(path, f"too many pages: {len(reader.pages)} (limit {max_pages})")
            if not reader.pages:
                raise DocumentReadError(path, f"not a valid PDF (malformed: {reason}; no pages found)")
            return [page.extract_text() or "" for page in reader.pages]
    except DocumentReadError:
        raise
    except (
        PyPdfError,
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        IndexError,
        RecursionError,
        OSError,
        NotImplementedError,
        AssertionError,
    ) as e:
        raise DocumentReadError(path, f"not a valid PDF (malformed: {reason})") from e


def _clean_lines(text: str) -> list[str]:
    text = text.replace("\ufffe", "-").replace("\x02", "-").replace("\x00", "")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # _SPACES holds no "\n": one substitution over the page is the same as one per line
    spaced = _SPACES.sub(" ", text).split("\n")
    out: list[str] = []
    for line, cleaned in zip(text.split("\n"), spaced, strict=True):
        cleaned = cleaned.strip()
        # Keep one space for an indented line: indents tell paragraphs apart (see join_lines).
        out.append(" " + cleaned if cleaned and line[:1].isspace() else cleaned)
    return out


def _running_lines(pages: list[list[str]]) -> set[str]:
    """Lines repeated at the top or bottom of most pages (digits ignored): headers, footers."""
    if len(pages) < 3:
        return set()
    seen: Counter[str] = Counter()
    for lines in pages:
        body = [line.strip() for line in lines if line]
        edges = set(body[:_EDGE_LINES] + body[-_EDGE_LINES:])
        seen.update({_DIGITS.sub("#", line) for line in edges})
    threshold = max(3, len(pages) // 2)
    return {line for line, n in seen.items() if n >= threshold}


def read_pdf(path: Path, *, password: str | None, max_pages: int) -> ReadResult:
    """Read a PDF's text; pages without text are listed, never silently treated as empty clauses."""
    result = ReadResult(path=str(path), format="pdf")
    try:
        texts = _pdfium_pages(path, password, max_pages)
    except pdfium.PdfiumError as e:
        code = getattr(e, "err_code", None)
        if code == _ERR_PASSWORD:
            raise _password_error(path, password) from e
        if code == _ERR_SECURITY:
            raise DocumentReadError(path, "encrypted PDF with an unsupported security handler") from e
        texts = _pypdf_pages(path, password, max_pages, e)
        result.warnings.append(f"PDFium could not open the file ({e}); text extracted with pypdf")
    result.page_count = len(texts)
    pages = [_clean_lines(text) for text in texts]
    running = _running_lines(pages)
    # a line's key starts with its first character, or "#" for a digit (\d: a decimal digit)
    running_first = {key[0] for key in running if key}
    lines: list[Line] = []
    footers: list[Line] = []
    footer_seen: set[str] = set()
    for page_no, page_lines in enumerate(pages, start=1):
        if not any(page_lines):
            result.pages_without_text.append(page_no)
            continue
        for number, raw in enumerate(page_lines, start=1):
            text = raw.strip()
            if not text or _PAGE_NUMBER.match(text):
                continue
            first = "#" if text[0].isdecimal() else text[0]
            key = _DIGITS.sub("#", text) if first in running_first else None
            if key is not None and key in running:
                if key not in footer_seen:
                    footer_seen.add(key)
                    footers.append(Line(text, page_no, number))
                continue
            lines.append(Line(raw, page_no, number))
    for paragraph in join_lines(lines):
        page = paragraph.first.page
        result.blocks.append(Block(text=paragraph.text, index=len(result.blocks), location=f"p. {page}", page=page))
    for line in footers:
        result.blocks.append(
            Block(
                text=line.text, index=len(result.blocks), location=f"p. {line.page}", part=Part.footer, page=line.page
            )
        )
    if not result.blocks:
        result.warnings.append(NO_TEXT_WARNING)
    elif result.pages_without_text:
        listed = ", ".join(str(p) for p in result.pages_without_text)
        result.warnings.append(f"no text on page(s) {listed} — scanned image? their clauses cannot be checked")
    return result
