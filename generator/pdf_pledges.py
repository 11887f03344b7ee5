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

import copy
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

from clause_library.errors import RenderError

from .ooxml import deterministic_zip
from .pdf import convert_to_pdf

if TYPE_CHECKING:
    from pypdf import PdfReader

__all__ = ["CHUNK", "PageRange", "convert_pledges", "merge_pages"]

CHUNK = 20  # pledges per combined document; LibreOffice's progress shows once per document
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
_BOOKMARK = "contractsPart{:05d}"  # letters and digits only: LibreOffice keeps the name as the destination's
_COUNT_FIELDS = {"NUMPAGES", "SECTIONPAGES"}
# What comes before w:pgNumType in a w:sectPr (the schema's order).
_BEFORE_PAGE_NUMBERS = {f"{_W}{t}" for t in ("headerReference", "footerReference", "footnotePr", "endnotePr", "type",
                                             "pgSz", "pgMar", "paperSrc", "pgBorders", "lnNumType")}
_PAGE_FIELDS = {"PAGE"} | _COUNT_FIELDS
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
        if not _plain_parts(fixed):
            return False
        return all(_plain_body(etree.fromstring(z.read("word/document.xml"), _PARSER), fixed) for z in archives)
    except (KeyError, etree.XMLSyntaxError):
        return False
    finally:
        for z in archives:
            z.close()


def _plain_parts(parts: dict[str, bytes]) -> bool:
    """Headers and footers hold no field but page numbers."""
    return all(_only_page_fields(etree.fromstring(data, _PARSER)) for name, data in parts.items() if _margin(name))


def _margin(name: str) -> bool:
    """Whether the package part ``name`` is a header or a footer."""
    return name.startswith(("word/header", "word/footer")) and name.endswith(".xml")


def _plain_body(root: etree._Element, parts: dict[str, bytes]) -> bool:
    body = root.find(f"{_W}body")
    if body is None or len(body) == 0 or body[-1].tag != f"{_W}sectPr":
        return False
    if root.find(f".//{_W}pPr/{_W}sectPr") is not None or root.find(f".//{_W}bookmarkStart") is not None:
        return False
    if root.find(f".//{_W}numPr") is not None:
        return False
    numbered = _numbered_styles(parts.get("word/styles.xml"))
    used = {e.get(f"{_W}val") for e in root.iter(f"{_W}pStyle")}
    return not (used & numbered) and _only_page_fields(root)


def _numbered_styles(styles: bytes | None) -> set[str]:
    """Paragraph styles that number their paragraphs, themselves or through the styles they are based on."""
    if styles is None:
        return set()
    based: dict[str, str | None] = {}
    numbered: set[str] = set()
    for style in etree.fromstring(styles, _PARSER).iter(f"{_W}style"):
        sid = style.get(f"{_W}styleId") or ""
        parent = style.find(f"{_W}basedOn")
        based[sid] = parent.get(f"{_W}val") if parent is not None else None
        if style.find(f"{_W}pPr/{_W}numPr") is not None:
            numbered.add(sid)
    result = set()
    for sid in based:
        seen: set[str] = set()
        cur: str | None = sid
        while cur and cur not in seen:
            if cur in numbered:
                result.add(sid)
                break
            seen.add(cur)
            cur = based.get(cur)
    return result


def _instructions(root: etree._Element) -> list[str]:
    simple = [e.get(f"{_W}instr") or "" for e in root.iter(f"{_W}fldSimple")]
    complex_ = [e.text or "" for e in root.iter(f"{_W}instrText")]
    return [(s.split() or [""])[0].upper() for s in simple + complex_]


def _only_page_fields(root: etree._Element) -> bool:
    return all(word in _PAGE_FIELDS for word in _instructions(root))


def _fix_page_count(root: etree._Element, pages: int) -> None:
    """Every page-count field in ``root`` becomes the number ``pages``, in the field's own formatting."""
    for simple in list(root.iter(f"{_W}fldSimple")):
        if (simple.get(f"{_W}instr") or "").split()[:1] in ([f] for f in _COUNT_FIELDS):
            run = simple.find(f"{_W}r")
            new = copy.deepcopy(run) if run is not None else etree.Element(f"{_W}r")
            _set_run_text(new, str(pages))
            simple.getparent().replace(simple, new)
    for paragraph in root.iter(f"{_W}p"):
        runs = list(paragraph.iter(f"{_W}r"))
        i = 0
        while i < len(runs):
            begin = runs[i].find(f"{_W}fldChar")
            if begin is None or begin.get(f"{_W}fldCharType") != "begin":
                i += 1
                continue
            j, instr = i + 1, ""
            while j < len(runs):
                char = runs[j].find(f"{_W}fldChar")
                if char is not None and char.get(f"{_W}fldCharType") == "end":
                    break
                instr += "".join(t.text or "" for t in runs[j].iter(f"{_W}instrText"))
                j += 1
            if instr.split()[:1] and instr.split()[0].upper() in _COUNT_FIELDS and j < len(runs):
                new = copy.deepcopy(runs[i])
                new.remove(new.find(f"{_W}fldChar"))
                _set_run_text(new, str(pages))
                runs[i].addprevious(new)
                for run in runs[i:j + 1]:
                    run.getparent().remove(run)
            i = j + 1


def _set_run_text(run: etree._Element, text: str) -> None:
    for child in list(run):
        if child.tag != f"{_W}rPr":
            run.remove(child)
    t = etree.SubElement(run, f"{_W}t")
    t.text = text


def _combine(files: list[Path], target: Path, pages: int) -> None:
    """Write ``target``: the bodies of ``files`` one after another (see the module), page counts fixed at ``pages``."""
    with zipfile.ZipFile(files[0]) as first:
        members = [(info, first.read(info.filename)) for info in first.infolist()]
    root = etree.fromstring(dict((i.filename, d) for i, d in members)["word/document.xml"], _PARSER)
    body = root.find(f"{_W}body")
    assert body is not None  # checked by _combinable
    for child in list(body):
        body.remove(child)
    for n, path in enumerate(files):
        with zipfile.ZipFile(path) as z:
            own = etree.fromstring(z.read("word/document.xml"), _PARSER).find(f"{_W}body")
        assert own is not None
        *content, section = list(own)
        section = copy.deepcopy(section)
        numbering = section.find(f"{_W}pgNumType")
        if numbering is None:
            numbering = etree.Element(f"{_W}pgNumType")
            before = [c for c in section if c.tag in _BEFORE_PAGE_NUMBERS]
            if before:
                before[-1].addnext(numbering)
            else:
                section.insert(0, numbering)
        if numbering.get(f"{_W}start") is None:
            numbering.set(f"{_W}start", "1")
        _bookmark(content, n)
        for element in content:
            body.append(element)
        if n < len(files) - 1:
            holder = etree.SubElement(body, f"{_W}p")
            etree.SubElement(holder, f"{_W}pPr").append(section)
        else:
            body.append(section)
    _fix_page_count(root, pages)
    buf = _rezip(members, {"word/document.xml": etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                                                 standalone=True)}, pages)
    target.write_bytes(buf)


def _bookmark(content: list[etree._Element], n: int) -> None:
    """A bookmark at the start of the first paragraph (or before the first block) of a pledge."""
    start = etree.Element(f"{_W}bookmarkStart")
    start.set(f"{_W}id", str(900_000 + n))
    start.set(f"{_W}name", _BOOKMARK.format(n))
    end = etree.Element(f"{_W}bookmarkEnd")
    end.set(f"{_W}id", str(900_000 + n))
    paragraph = content[0] if content and content[0].tag == f"{_W}p" else None
    if paragraph is None:
        holder = etree.Element(f"{_W}p")
        content.insert(0, holder)
        paragraph = holder
    has_ppr = len(paragraph) and paragraph[0].tag == f"{_W}pPr"
    paragraph.insert(1 if has_ppr else 0, end)
    paragraph.insert(1 if has_ppr else 0, start)


def _rezip(members: list[tuple[zipfile.ZipInfo, bytes]], replace: dict[str, bytes], pages: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in members:
            data = replace.get(info.filename, data)
            if _margin(info.filename):
                part = etree.fromstring(data, _PARSER)
                _fix_page_count(part, pages)
                data = etree.tostring(part, xml_declaration=True, encoding="UTF-8", standalone=True)
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
        core = etree.fromstring(z.read("docProps/core.xml"), _PARSER)
    found = core.find("{http://purl.org/dc/elements/1.1/}subject")
    return found.text or "" if found is not None else ""


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
