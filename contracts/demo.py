"""``contracts demo``: draft the shipped examples, then review each drafted document beside it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from generator.demo import run_demo
from review.batch import write_report
from review.findings import Report
from review.review import review_document

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
    return reports
