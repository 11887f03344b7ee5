"""The sign-off pack: cover, contract, completeness report and sign-off sheet in one PDF.

The ledger is verified first (a broken one is refused); every .docx part (and the watermark) is
converted by one LibreOffice process, then merged with pypdf; the contract's pages carry the
watermark until legal, finance and business have all approved the current bytes.
"""

from __future__ import annotations

import datetime as dt
import math
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pypdf import PageObject, PdfWriter, Transformation
from pypdf.errors import PyPdfError
from pypdf.generic import ContentStream, DictionaryObject, FloatObject, NameObject

from clause_library.errors import DocumentReadError, OutputError, RenderError
from clause_library.files import atomic_write, is_zip
from generator.pdf import convert_to_pdf
from review.findings import Report

from .identity import Held, hold
from .ledger import SignoffStatus, status_of
from .sheets import WATERMARK_FONTS, WATERMARK_LINES, cover_docx, report_docx, signoff_docx, watermark_docx

__all__ = ["PARTS", "WATERMARK_LINES", "build_signoff_pack", "default_pack_path", "pack_target"]

PARTS = ("封面 Cover", "合同 Contract", "完整性审阅报告 Completeness report", "签核记录 Sign-off record")
_WATERMARK_OPACITY = 0.35


def default_pack_path(path: Path) -> Path:
    """Where a pack goes by default: beside the document, ``<stem>-signoff-pack.pdf``."""
    return path.with_name(f"{path.stem}-signoff-pack.pdf")


def pack_target(path: Path, out: str | Path | None) -> Path:
    """Where the pack for ``path`` goes: ``out`` when it names a .pdf file, ``out/<stem>-signoff-pack.pdf``
    when it is an existing folder, beside the document when ``None``. Anything else is refused."""
    if out is None:
        return default_pack_path(path)
    target = Path(out)
    if target.is_dir():
        target = target / default_pack_path(path).name
    elif target.suffix.lower() != ".pdf":
        raise OutputError(f"{target}: --out is the pack's .pdf file, or an existing folder to write "
                          f"{default_pack_path(path).name} into; this is neither")
    folder = target.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not folder.is_dir():
        raise OutputError(f"{target}: cannot write the pack there: {folder} is a file, not a folder")
    if target.is_dir():
        raise OutputError(f"{target}: is a folder; give the pack's .pdf file or another folder")
    if target.exists() and target.samefile(path):
        raise OutputError(f"{target}: is the contract itself; give the pack another name")
    return target


def _review(held: Held) -> Report:
    from review.review import review_result  # heavy; loaded when a pack is made

    return review_result(held.read, sha256=held.identity.sha256)


def _decrypted(pdf: Path, password: str | None, dest: Path) -> Path:
    """``pdf`` itself, or when it is encrypted a copy without the encryption, made by PDFium (which
    read it for the review); pypdf would need an extra cryptography library to merge an AES one."""
    try:
        doc = pdfium.PdfDocument(str(pdf), password=password)
    except pdfium.PdfiumError as e:
        raise DocumentReadError(pdf, f"cannot merge into the pack: {e}; if it is encrypted, give --password") from e
    try:
        if pdfium_c.FPDF_GetSecurityHandlerRevision(doc.raw) == -1:  # not encrypted
            return pdf
        doc.save(str(dest), flags=pdfium_c.FPDF_REMOVE_SECURITY)
    except (pdfium.PdfiumError, OSError) as e:
        raise DocumentReadError(pdf, f"cannot decrypt it for the pack: {e}") from e
    finally:
        doc.close()
    return dest


def _contract_kind(path: Path) -> str:
    with path.open("rb") as f:
        head = f.read(1024)
    if is_zip(head):
        return "docx"
    if b"%PDF-" in head:
        return "pdf"
    raise RenderError(f"{path}: a sign-off pack is made from a .docx or a .pdf contract; this file is neither")


def _watermark_page(pdf: Path) -> PageObject:
    """The watermark's page, checked: one page whose text is each of ``WATERMARK_LINES`` on a line of its own.

    With another font than the one it is laid out for (``WATERMARK_FONTS`` missing), a line wraps and the
    text spills onto a second page; stamping the first page alone would drop a line, so this refuses.
    """
    try:
        pages = PdfWriter(clone_from=pdf).pages
        lines = [line.replace(" ", "") for line in pages[0].extract_text().splitlines() if line.strip()]
    except (PyPdfError, OSError, ValueError, IndexError) as e:
        raise RenderError(f"the watermark page could not be read back: {e}") from e
    expected = [line.replace(" ", "") for line in WATERMARK_LINES]
    if len(pages) != 1 or lines != expected:
        raise RenderError(
            f"the watermark {' / '.join(WATERMARK_LINES)!r} did not fit one line each on one page "
            f"(LibreOffice laid it out as {len(pages)} page(s), lines {lines}); its fonts "
            f"{', '.join(WATERMARK_FONTS)} are probably missing: run `bash scripts/setup.sh` "
            "(or install fonts-liberation2 and fonts-noto-cjk)"
        )
    return pages[0]


def _translucent(page: PageObject) -> PageObject:
    """Make the watermark page draw at reduced opacity, marked as a /Watermark artifact."""
    resources = page.setdefault(NameObject("/Resources"), DictionaryObject())
    states = resources.setdefault(NameObject("/ExtGState"), DictionaryObject())
    states[NameObject("/GSwm")] = DictionaryObject({
        NameObject("/Type"): NameObject("/ExtGState"),
        NameObject("/ca"): FloatObject(_WATERMARK_OPACITY),
        NameObject("/CA"): FloatObject(_WATERMARK_OPACITY),
    })
    content = page.get_contents()
    if content is None:
        raise RenderError("the watermark page came out empty")
    ops = ContentStream(content, None).operations
    marker = DictionaryObject({NameObject("/Type"): NameObject("/Pagination"),
                               NameObject("/Subtype"): NameObject("/Watermark")})
    ops = [([NameObject("/Artifact"), marker], b"BDC"), ([NameObject("/GSwm")], b"gs"), *ops, ([], b"EMC")]
    stream = ContentStream(None, None)
    stream.operations = ops
    page.replace_contents(stream)
    return page


def _stamp(page: PageObject, mark: PageObject) -> None:
    """Put ``mark`` (a small page holding the text, centred) across ``page``, along its diagonal."""
    mw, mh = float(mark.mediabox.width), float(mark.mediabox.height)
    box = page.cropbox
    w, h = float(box.width), float(box.height)
    angle = math.degrees(math.atan2(h, w))
    scale = 0.8 * math.hypot(w, h) / mw
    ctm = (Transformation().translate(-mw / 2, -mh / 2).scale(scale).rotate(angle)
           .translate(float(box.left) + w / 2, float(box.bottom) + h / 2))
    page.merge_transformed_page(mark, ctm, over=True)


def _pdf_date(at: dt.datetime) -> str:
    return at.astimezone(dt.UTC).strftime("D:%Y%m%d%H%M%S+00'00'")


def _assemble(parts: list[Path], state: SignoffStatus, watermark: Path | None, made_at: dt.datetime) -> PdfWriter:
    writer = PdfWriter()
    for i, (title, pdf) in enumerate(zip(PARTS, parts, strict=True)):
        start = len(writer.pages)
        try:
            writer.append(pdf, import_outline=False)
        except (PyPdfError, OSError, ValueError) as e:
            raise DocumentReadError(pdf, f"cannot merge into the pack: {e}") from e
        writer.add_outline_item(title=title, page_number=start)
        if i == 1 and watermark is not None:
            mark = _translucent(_watermark_page(watermark))
            for page in writer.pages[start:]:
                _stamp(page, mark)
    ident = state.identity
    writer.add_metadata({
        "/Title": f"签核文件包 Sign-off pack: {ident.contract_no or ident.file_name}",
        "/Subject": ident.sha256,
        "/Keywords": "approved" if state.all_approved else "not approved",
        "/Creator": "contracts pack",
        "/CreationDate": _pdf_date(made_at),
    })
    writer.page_mode = "/UseOutlines"
    writer.root_object[NameObject("/Lang")] = NameObject("/zh-CN")  # the catalog; pypdf has no setter for /Lang
    return writer


def build_signoff_pack(
    path: str | Path, out: str | Path | None = None, db: str | Path | None = None, *,
    password: str | None = None, clock: Callable[[], dt.datetime] | None = None,
) -> Path:
    """Make the sign-off pack PDF for ``path`` (.docx or .pdf) and return where it was written.

    ``out``: see ``pack_target``; ``db`` ``None``: the default ledger (see ``signoff.store.resolve_db``),
    verified first: LedgerBroken when it is broken, LedgerNotFound when there is none; ``password``
    opens an encrypted PDF; ``clock`` ``None``: now, in UTC. The file is read and hashed once
    (``identity.hold``): the status, the review and the pages are all of those bytes. The pack is
    written to a temporary file and renamed, so a failure leaves no partial pack.
    """
    src = Path(path)
    if not src.is_file():
        raise DocumentReadError(src, "no such file")
    kind = _contract_kind(src)
    target = pack_target(src, out)
    made_at = (clock or (lambda: dt.datetime.now(dt.UTC)))()
    with hold(src, password=password) as held, tempfile.TemporaryDirectory(prefix="contracts-pack-") as tmp_name:
        state = status_of(held.identity, db)
        writer = _pack(held, kind, state, _review(held), Path(tmp_name), password, made_at)
        atomic_write(target, writer.write, what="sign-off pack")
    return target


def _pack(held: Held, kind: str, state: SignoffStatus, report: Report, tmp: Path, password: str | None,
          made_at: dt.datetime) -> PdfWriter:
    """The pack's parts made in ``tmp`` (the .docx ones converted by one LibreOffice run), then merged."""
    contract = tmp / f"2-contract.{kind}"
    shutil.copyfile(held.copy, contract)
    docs = [cover_docx(tmp / "1-cover.docx", state, report, made_at)]
    if kind == "docx":
        docs.append(contract)
    docs += [report_docx(tmp / "3-report.docx", report), signoff_docx(tmp / "4-signoff.docx", state)]
    if not state.all_approved:
        docs.append(watermark_docx(tmp / "0-watermark.docx"))
    pdfs = {p.stem: p for p in convert_to_pdf(docs, tmp / "pdf")}
    contract_pdf = pdfs["2-contract"] if kind == "docx" else _decrypted(contract, password, tmp / "2-plain.pdf")
    parts = [pdfs["1-cover"], contract_pdf, pdfs["3-report"], pdfs["4-signoff"]]
    return _assemble(parts, state, pdfs.get("0-watermark"), made_at)
