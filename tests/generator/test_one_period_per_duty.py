"""Each duty has one period across a drafted contract (legal review 1, P1-10): the reviewer's consistency
checks find nothing in any shipped example, and rectification reads the same wherever it appears."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.draft import draft
from generator.ooxml import iter_paragraphs
from review.review import review_document
from tests.conftest import EXAMPLES

CONSISTENCY = {"dangling_reference", "undefined_term", "schedule_row_incomplete", "blank_field", "period_conflict",
               "no_special_notice", "nda_term_short"}


@pytest.mark.parametrize("example", ["it_contract_zh.yaml", "bpo_contract_bilingual.yaml", "hr_payroll_zh.yaml"])
def test_drafted_contract_agrees_with_itself(tmp_path: Path, example: str) -> None:
    from docx import Document

    result = draft(EXAMPLES / example, tmp_path)
    docx = next(p for p in result.files if p.suffix == ".docx")
    report = review_document(docx)
    assert [(f.check, f.evidence) for f in report.findings if f.check in CONSISTENCY] == []
    text = "\n".join(p.text for p in iter_paragraphs(Document(str(docx))))
    periods = set(re.findall(r"(\d+)日内(?:（[^）]*）)?(?:自费)?完成整改", text))
    assert len(periods) == 1, periods
