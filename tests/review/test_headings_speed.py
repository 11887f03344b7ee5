"""``starts_numbered`` (no title split) answers as ``match_numbered(line) is not None`` does."""

from __future__ import annotations

import random

import pytest

from review import pdf_reader
from review.headings import match_numbered, starts_numbered
from tests.conftest import eval_dev_documents, needs_shared_eval

_STARTS = ["1", "1.", "1.1", "1.1.1 ", "12 ", "2015 ", "0.5 ", "7 ", "3)", "第五条", "第 3 章", "第二节",
           "（一）", "(2)", "一、", "十二", "Article V", "ARTICLE 4.", "Chapter 2", "Section 3.2",
           "Clause 9", "IV.", "ii.", "x", "　1.2"]
_RESTS = ["", " ", "Notices", " Governing Law. This Agreement", " days after notice", " Annual Report", "保密",
          " 保密条款：双方应当", "“Affiliate” means", ". The Supplier shall", " the Term", ";", " (a) fees",
          " CONFIDENTIALITY", " Mr. Smith", "1 Fees and payment"]


def _agree(lines: list[str]) -> int:
    found = 0
    for line in lines:
        want = match_numbered(line) is not None
        assert starts_numbered(line) is want, line
        found += want
    return found


def test_starts_numbered_on_generated_lines() -> None:
    rng = random.Random(7)
    lines = [s + r for s in _STARTS for r in _RESTS]
    lines += [rng.choice(_STARTS) + rng.choice(_RESTS) + rng.choice(_RESTS) for _ in range(500)]
    found = _agree(lines)
    assert 0 < found < len(lines)


@needs_shared_eval
def test_starts_numbered_on_eval_lines() -> None:
    docs = eval_dev_documents()[::3]
    assert docs
    lines: list[str] = []
    for p in docs:
        if p.suffix == ".pdf":
            for text in pdf_reader._pdfium_pages(p, None, 10_000):
                lines += [ln.strip() for ln in pdf_reader._clean_lines(text) if ln.strip()]
        else:
            lines += [ln.strip() for ln in p.read_text(encoding="utf-8", errors="replace").splitlines() if ln.strip()]
    assert _agree(lines) > 100


@pytest.mark.parametrize("line", ["1.1 \n更多", "第三条 \n乙方应按月报告。", "2. \nThe Vendor shall report monthly."])
def test_a_number_alone_on_its_line_has_no_title_and_the_next_lines_as_body(line: str) -> None:
    # a segment's text may hold line breaks: the first line's emptiness once raised IndexError
    got = match_numbered(line)
    assert got is not None and got.title == "" and got.body == line.split("\n", 1)[1]
    assert starts_numbered(line)
