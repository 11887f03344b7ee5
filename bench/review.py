"""Time the reviewer against bare text extraction: reading is the floor, review should add little.

    python bench/review.py [--eval DIR] [--runs 5] [--workers 1] [--no-pypdf]

Over every PDF and TXT under ``--eval`` (default ../shared/eval), in one process, warm (one
untimed pass first, so imports and compiled patterns are not counted; the cold first review is
printed on its own line): documents per second and the median ms per document of
``review_document`` end to end; for the PDFs, the median ms of PDFium alone
(``get_text_range`` per page) and of pypdf alone (``extract_text`` per page) on the same files,
and the median of the per-file ratio review / PDFium; and where a PDF's time goes, stage by
stage (read, kind, segment, classify, checks: see ``review_document(timings=…)``). Then the
median ms to review the IT contract the generator drafts from generator/data/examples/it_contract_zh.yaml,
with its page count (from a PDF LibreOffice makes of it, when LibreOffice is there). Every
figure is a median over ``--runs`` passes: the machine is shared and noisy. ``--workers N``
adds the throughput of ``review_many`` with N processes. Files are reviewed as
``contracts review`` does by default: kind and outsourcing recognised from the text.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium

ROOT = Path(__file__).resolve().parents[1]
# This file is named review.py: keep its folder off the path so that `review` is the package.
if sys.path and Path(sys.path[0] or ".").resolve() == Path(__file__).resolve().parent:
    sys.path.pop(0)
# Measure this checkout's code, not whichever checkout the package was installed from.
sys.path.insert(0, str(ROOT))
EVAL = ROOT.parent / "shared" / "eval"
REQUEST = ROOT / "generator" / "data" / "examples" / "it_contract_zh.yaml"


def _pdfium_text(path: Path) -> int:
    pdf = pdfium.PdfDocument(str(path))
    n = 0
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            textpage = page.get_textpage()
            n += len(textpage.get_text_range())
            textpage.close()
            page.close()
    finally:
        pdf.close()
    return n


def _pypdf_text(path: Path) -> int:
    from pypdf import PdfReader

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return sum(len(p.extract_text() or "") for p in PdfReader(path).pages)


def _median_ms(fn: Callable[[Path], object], path: Path, runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn(path)
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def _pages(docx: Path, tmp: Path) -> int | None:
    try:
        from generator.pdf import convert_to_pdf

        convert_to_pdf([docx], tmp)
        return len(pdfium.PdfDocument(str(tmp / (docx.stem + ".pdf"))))
    except Exception:  # LibreOffice missing or failing: the page count is only informative
        return None


_STAGES = ("read", "kind", "segment", "classify", "checks")


def _print_stages(pdfs: list[Path], pdfium_ms: dict[Path, float], runs: int, review: Callable[..., object]) -> None:
    """Where a PDF's review time goes: each stage's median ms per file (of its ``runs`` passes)."""
    per_file: dict[str, list[float]] = {s: [] for s in _STAGES}
    for f in pdfs:
        samples: dict[str, list[float]] = {s: [] for s in _STAGES}
        for _ in range(runs):
            timings: dict[str, float] = {}
            review(f, timings=timings)
            for s in _STAGES:
                samples[s].append(timings[s] * 1000)
        for s in _STAGES:
            per_file[s].append(statistics.median(samples[s]))
    med = statistics.median
    cells = [f"read {med(per_file['read']):.1f} (PDFium alone {med(pdfium_ms.values()):.1f})"]
    cells += [f"{s} {med(per_file[s]):.1f}" for s in _STAGES[1:]]
    print("stages, median ms per PDF: " + ", ".join(cells))


def _print_pdfs(pdfs: list[Path], review_ms: dict[Path, float], pdfium_ms: dict[Path, float],
                pypdf_ms: dict[Path, float], runs: int, review_document: Callable[[Path], object]) -> None:
    """The PDFs' table: review, PDFium alone and pypdf alone, the ratio against PDFium, then the stages."""
    med = statistics.median
    ratios = [review_ms[f] / pdfium_ms[f] for f in pdfs]
    print(f"{'PDF (' + str(len(pdfs)) + ')':<20}{'median ms':>10}{'total s':>9}{'docs/s':>8}")
    rows = [("review", review_ms), ("PDFium alone", pdfium_ms)]
    rows += [("pypdf alone", pypdf_ms)] if pypdf_ms else []
    for name, d in rows:
        tot = sum(d[f] for f in pdfs) / 1000
        print(f"{name:<20}{med(d[f] for f in pdfs):>10.1f}{tot:>9.2f}{len(pdfs) / tot:>8.1f}")
    print(f"review / PDFium: median per file {med(ratios):.2f}x (max {max(ratios):.2f}x), "
          f"total {sum(review_ms[f] for f in pdfs) / sum(pdfium_ms.values()):.2f}x   [target < 3x]")
    if pypdf_ms:
        print(f"review / pypdf:  total {sum(review_ms[f] for f in pdfs) / sum(pypdf_ms.values()):.2f}x")
    _print_stages(pdfs, pdfium_ms, runs, review_document)


def _bench_generated(runs: int, review_document: Callable[[Path], object]) -> None:
    """Review time of a drafted contract (REQUEST), per page: the target for our own documents."""
    from generator.draft import draft

    with tempfile.TemporaryDirectory() as tmp:
        result = draft(REQUEST, Path(tmp))
        docx = next(f for f in result.files if f.suffix == ".docx")
        review_document(docx)
        runs = max(runs * 4, 15)
        ms = _median_ms(review_document, docx, runs)
        pages = _pages(docx, Path(tmp))
        per_page = f" ({ms / pages:.2f} ms/page)" if pages else ""
        print(f"generated .docx ({REQUEST.name}, {pages or '?'} pages, {docx.stat().st_size // 1024} KB): "
              f"review median {ms:.1f} ms of {runs} runs{per_page}   [target <= 50 ms for 20 pages]")


def _bench_workers(files: list[Path], workers: int) -> None:
    from clause_library.loader import default_library
    from review.review import review_many

    default_library()
    t = time.perf_counter()
    review_many(files, workers=workers)
    wall = time.perf_counter() - t
    print(f"review_many, {workers} workers: {len(files) / wall:.1f} docs/s ({wall:.2f} s wall, "
          "including starting the workers)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--eval", type=Path, default=EVAL)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--no-pypdf", action="store_true", help="skip pypdf (about 20x slower than PDFium)")
    args = ap.parse_args()

    t = time.perf_counter()
    from review.review import review_document

    files = sorted(p for p in args.eval.rglob("*") if p.suffix.lower() in (".pdf", ".txt") and p.is_file())
    if not files:
        sys.exit(f"no .pdf or .txt under {args.eval}")
    review_document(files[0])
    cold = time.perf_counter() - t
    for f in files:  # warm-up pass: file cache, compiled patterns
        review_document(f)

    review_ms = {f: _median_ms(review_document, f, args.runs) for f in files}
    pdfs = [f for f in files if f.suffix.lower() == ".pdf"]
    txts = [f for f in files if f.suffix.lower() == ".txt"]
    pdfium_ms = {f: _median_ms(_pdfium_text, f, args.runs) for f in pdfs}
    pypdf_ms = {f: _median_ms(_pypdf_text, f, 1) for f in pdfs} if not args.no_pypdf else {}

    total = sum(review_ms.values()) / 1000
    print(f"eval set: {args.eval} ({len(pdfs)} PDF, {len(txts)} TXT); medians of {args.runs} runs, warm, 1 process")
    print(f"cold start (imports, library, first review): {cold * 1000:.0f} ms")
    med_all = statistics.median(review_ms.values())
    print(f"review, all files:  {len(files) / total:6.1f} docs/s   median {med_all:6.1f} ms/doc")
    if txts:
        print(f"review, TXT:        median {statistics.median(review_ms[f] for f in txts):6.1f} ms/doc")
    if pdfs:
        _print_pdfs(pdfs, review_ms, pdfium_ms, pypdf_ms, args.runs, review_document)
    _bench_generated(args.runs, review_document)
    if args.workers > 1:
        _bench_workers(files, args.workers)


if __name__ == "__main__":
    main()
