"""PDFs of a pack's pledges, fast: converted twenty to a document, then cut apart by page ranges.

LibreOffice spends ~0.15 s on every document it converts, whatever its length (starting an export,
subsetting the CJK fonts), and ~0.01 s per pledge inside a longer one. Pledges are made from one
template and differ only in their words, so twenty of them can be laid one after another in one
Word document, each its own section whose page numbers start again at 1, its first paragraph
bookmarked; LibreOffice exports the bookmarks as named destinations, which give each pledge's first
page, and pypdf cuts the PDF there. 1,000 pledges: ~12 s of LibreOffice instead of ~150 s.

The one field a section cannot keep is the page count (NUMPAGES counts the whole document): it
becomes the number the pledge has on its own, taken from one pledge converted alone first. A pledge
whose pages in the combined PDF are not that many (a long name that wraps onto another page), or
whose destination is missing, is converted alone afterwards, so every pledge's PDF shows exactly
what converting it alone shows. Documents that could not be laid together faithfully (parts other
than the body differ, other fields, numbered lists that would run on, several sections) are all
converted alone.

Every pledge's PDF is written by pypdf from its pages, without LibreOffice's creation date and file
ID, so the same pack gives the same bytes. docxcompose would combine documents too, but it parses
every document's styles (~0.8 MB here) again; ours are the same template, so only bodies move.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from clause_library.errors import RenderError

from .ooxml import deterministic_zip
from .ooxml.parser import XMLError
from .ooxml.sections import document_subject, is_margin, laid_together, plain_body, plain_margins, with_page_count
from .pdf import convert_to_pdf

if TYPE_CHECKING:
    from pypdf import PdfReader

__all__ = ["CHUNK", "PageRange", "convert_pledges", "merge_pages"]

CHUNK = 20  # pledges per combined document; LibreOffice's progress shows once per document
_BOOKMARK = "contractsPart{:05d}"  # letters and digits only: LibreOffice keeps the name as the destination's
# LibreOffice ≥ 7.4 takes export options as JSON: bookmarks become named destinations, and the blank page
# it inserts before a section whose numbering restarts on an even page is not exported.
EXPORT = ('pdf:writer_pdf_Export:{"ExportBookmarksToPDFDestination":{"type":"boolean","value":"true"},'
          '"IsSkipEmptyPages":{"type":"boolean","value":"true"}}')


@dataclass(frozen=True, slots=True)
class PageRange:
    """Pages ``start``..``stop - 1`` (0-based) of ``pdf``: where one pledge is, for the merged PDF."""

    pdf: Path
    start: int
    stop: int


def convert_pledges(lead: Path, pledges: list[Path], scratch: Path, *, processes: int, timeout: float,
                    progress: Callable[[int, int], None] | None = None) -> list[PageRange]:
    """Write each document's PDF beside it, ``lead`` (the NDA) converted as it is; return
    where each pledge's pages are (in order), for merging. ``scratch`` holds the combined documents and
    their PDFs until the caller removes it. ``progress(done, total)`` counts documents, the lead included.
    """
    from pypdf import PdfReader

    total = 1 + len(pledges)
    done = 0  # documents whose PDF is written, before the conversion under way

    def report(n: int, _total: int) -> None:
        if progress:
            progress(min(total, done + n), total)

    combinable = bool(pledges) and _combinable(pledges)
    # The NDA, and the smallest pledge as the probe whose page count the others must have; one document
    # per soffice run, so that both processes start at once. Nothing combinable: every pledge alone.
    probe = min(range(len(pledges)), key=lambda i: (pledges[i].stat().st_size, i)) if combinable else -1
    first = [lead, pledges[probe]] if combinable else [lead, *pledges]
    alone_dir = scratch / "alone"
    convert_to_pdf(first, alone_dir, timeout=timeout, processes=processes, progress=report,
                   batch=1 if combinable else None)
    done = len(first)
    (alone_dir / (lead.stem + ".pdf")).rename(lead.with_suffix(".pdf"))
    if not combinable:
        return [_own(alone_dir / (path.stem + ".pdf"), path) for path in pledges]

    ranges: dict[int, PageRange] = {probe: _own(alone_dir / (pledges[probe].stem + ".pdf"), pledges[probe])}
    pages = ranges[probe].stop
    rest = [i for i in range(len(pledges)) if i != probe]
    chunks = [rest[k:k + CHUNK] for k in range(0, len(rest), CHUNK)]
    combined_dir, pdf_dir = scratch / "combined", scratch / "combined-pdf"
    combined_dir.mkdir(parents=True, exist_ok=True)
    sources = [combined_dir / f"part{n:04d}.docx" for n in range(len(chunks))]
    for chunk, source in zip(chunks, sources, strict=True):
        _combine([pledges[i] for i in chunk], source, pages)
    convert_to_pdf(sources, pdf_dir, timeout=timeout, processes=processes, progress=report,
                   weights=[len(c) for c in chunks], export=EXPORT)
    done += len(rest)
    again: list[int] = []
    for chunk, source in zip(chunks, sources, strict=True):
        pdf = pdf_dir / (source.stem + ".pdf")
        reader = PdfReader(pdf)
        for i, (start, stop) in zip(chunk, _page_ranges(reader, len(chunk)), strict=True):
            if stop - start != pages:  # not found, or laid out on more or fewer pages than alone
                again.append(i)
                continue
            ranges[i] = PageRange(pdf, start, stop)
            _write_pages(reader, start, stop, pledges[i].with_suffix(".pdf"), _subject(pledges[i]))
    if again:
        done -= len(again)
        retry_dir = scratch / "again"
        convert_to_pdf([pledges[i] for i in again], retry_dir, timeout=timeout, processes=processes,
                       progress=report)
        for i in again:
            ranges[i] = _own(retry_dir / (pledges[i].stem + ".pdf"), pledges[i])
    report(len(again), total)
    return [ranges[i] for i in range(len(pledges))]


def merge_pages(parts: list[tuple[PageRange, str]], target: Path) -> None:
    """One PDF of every pledge for printing, one bookmark per person; pages of one combined PDF share its fonts."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    readers: dict[Path, PdfReader] = {}
    for part, title in parts:
        if part.pdf not in readers:
            readers[part.pdf] = PdfReader(part.pdf)
        pages = [writer.add_page(readers[part.pdf].pages[n]) for n in range(part.start, part.stop)]
        writer.add_outline_item(title=title, page_number=pages[0])
    writer.add_metadata({"/Producer": "contracts generator (pypdf)", "/Title": target.stem})
    with target.open("wb") as f:
        writer.write(f)


# ------------------------------------------------------------------ combining


def _combinable(files: list[Path]) -> bool:
    """Whether the pledges can be laid one after another and come out as each would alone (see the module)."""
    try:
        archives = [zipfile.ZipFile(f) for f in files]
    except (OSError, zipfile.BadZipFile):
        return False
    try:
        first = archives[0]
        names = first.namelist()
        shared = [n for n in names if n != "word/document.xml" and not n.startswith("docProps/")]
        fixed = {n: first.read(n) for n in shared}
        for z in archives[1:]:
            if z.namelist() != names or any(z.read(n) != data for n, data in fixed.items()):
                return False
        if not plain_margins(fixed):
            return False
        styles = fixed.get("word/styles.xml")
        return all(plain_body(z.read("word/document.xml"), styles) for z in archives)
    except (KeyError, XMLError):
        return False
    finally:
        for z in archives:
            z.close()


def _combine(files: list[Path], target: Path, pages: int) -> None:
    """Write ``target``: the bodies of ``files`` one after another (see the module), page counts fixed at ``pages``."""
    with zipfile.ZipFile(files[0]) as first:
        members = [(info, first.read(info.filename)) for info in first.infolist()]
    documents = []
    for path in files:
        with zipfile.ZipFile(path) as z:
            documents.append(z.read("word/document.xml"))
    document = laid_together(documents, [_BOOKMARK.format(n) for n in range(len(files))], pages)
    target.write_bytes(_rezip(members, {"word/document.xml": document}, pages))


def _rezip(members: list[tuple[zipfile.ZipInfo, bytes]], replace: dict[str, bytes], pages: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in members:
            data = replace.get(info.filename, data)
            if is_margin(info.filename):
                data = with_page_count(data, pages)
            z.writestr(info.filename, data)
    return deterministic_zip(out.getvalue())


# ------------------------------------------------------------------ cutting apart


def _page_ranges(reader: PdfReader, count: int) -> list[tuple[int, int]]:
    """Each of ``count`` parts' (first page, page after its last) from the named destinations; (-1, -1) if missing."""
    starts: list[int] = []
    destinations = reader.named_destinations
    for n in range(count):
        dest = destinations.get(_BOOKMARK.format(n)) or destinations.get("/" + _BOOKMARK.format(n))
        page = reader.get_destination_page_number(dest) if dest is not None else None
        starts.append(-1 if page is None else page)
    total = len(reader.pages)
    result = []
    for n, start in enumerate(starts):
        later = [s for s in starts[n + 1:] if s >= 0]
        stop = later[0] if later else total
        ok = start >= 0 and stop > start and all(s < 0 or s > start for s in starts[n + 1:])
        result.append((start, stop) if ok else (-1, -1))
    return result


def _subject(docx: Path) -> str:
    """The document's subject (its contract number), as LibreOffice would put it in the PDF."""
    with zipfile.ZipFile(docx) as z:
        return document_subject(z.read("docProps/core.xml"))


def _own(pdf: Path, docx: Path) -> PageRange:
    """A pledge converted alone: its PDF rewritten like the cut ones; its range, for the merge."""
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    count = len(reader.pages)
    _write_pages(reader, 0, count, docx.with_suffix(".pdf"), _subject(docx))
    return PageRange(pdf, 0, count)


def _write_pages(reader: PdfReader, start: int, stop: int, target: Path, subject: str) -> None:
    """Write pages ``start``..``stop - 1`` of ``reader`` to ``target``: LibreOffice's document information less
    its creation date, the subject set, no file ID (same pages, same bytes)."""
    from pypdf import PdfWriter

    if stop <= start:
        raise RenderError(f"LibreOffice wrote no page for {target.name}")
    writer = PdfWriter()
    for number in range(start, stop):
        writer.add_page(reader.pages[number])
    info = {k: str(v) for k, v in (reader.metadata or {}).items() if k not in {"/CreationDate", "/ModDate"}}
    writer.add_metadata({**info, "/Subject": subject})
    with target.open("wb") as f:
        writer.write(f)
