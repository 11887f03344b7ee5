"""``contracts demo``: draft the shipped examples, then review each drafted document beside it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from clause_library.yamlio import read_yaml
from generator.demo import DEMO_PACKS, EXAMPLES_DIR, run_demo
from generator.pack import pack_folder_name
from review.batch import write_report
from review.findings import ReadFailure, Report
from review.review import review_document, review_many

__all__ = ["DEMO_REPORT_FORMATS", "run_demo_and_review"]

DEMO_REPORT_FORMATS = ("md", "html", "json")


def run_demo_and_review(out_dir: Path, *, pdf: bool = False, say: Callable[[str], None] = print) -> list[Report]:
    """Draft every example (``generator.demo.run_demo``), then review each drafted .docx and write its
    report as .md, .html and .json beside it. Returns the reports, in drafting order."""
    reports: list[Report] = []
    for result in run_demo(out_dir, pdf=pdf, say=say):
        for doc in (f for f in result.files if f.suffix == ".docx"):
            report = review_document(doc)
            reports.append(report)
            for fmt in DEMO_REPORT_FORMATS:
                write_report(report, fmt)
            n = len(report.blockers)
            say(f"reviewed {doc.parent.name}/{doc.name}: {n} blocker(s), {len(report.findings)} finding(s); "
                f"reports {doc.name}.review.{{md,html,json}}")
    for _, request, _ in DEMO_PACKS:
        reports += _review_pack(out_dir, request, say)
    return reports


def _review_pack(out_dir: Path, request: str, say: Callable[[str], None]) -> list[Report]:
    """Review an example pack's NDA and pledges (``request``: its NDA request); reports go beside the pack,
    which stays as sealed (its manifest and zip list exactly what was built)."""
    doc, _ = read_yaml(EXAMPLES_DIR / request)  # its number only: no need to look its main contract up
    number = doc.data.get("contract_no") if doc is not None and isinstance(doc.data, dict) else None
    folder = out_dir / pack_folder_name(str(number))
    if not isinstance(number, str) or not folder.is_dir():
        return []
    docs = [folder / "nda.docx", *sorted((folder / "pledges").glob("*.docx"))]
    report_dir = folder.with_name(folder.name + "-review")
    results = review_many(docs, workers=2)
    reports = [r for r in results if isinstance(r, Report)]
    for result in results:
        write_report(result, "md", report_dir)
    failures = sum(isinstance(r, ReadFailure) for r in results)
    blockers = sum(len(r.blockers) for r in reports)
    say(f"reviewed the pack {folder.name}'s {len(docs)} documents: {blockers} blocker(s), {failures} unreadable; "
        f"reports in {report_dir}/")
    return reports
