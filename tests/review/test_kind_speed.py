"""``count_matches`` (detect_kind's outsourcing cue count) equals ``len(rx.findall(text))``."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from review.classify import _OUTSOURCING, count_matches, normalize
from review.prefilter import fold
from review.reader import read_document

EVAL = Path(__file__).resolve().parents[3] / "shared" / "eval"
_WORDS = ["IT services", "source code", "信息系统", "软件开发", "IT外包", "help desk", "helpdesk", "HR outsourcing",
          "BPO", "xBPO", "call centre", "data entry", "a", "\n", " ", ".", "İT services", "shit services",
          "系统集成", "劳务派遣", "back-office", "labour dispatch"]


def _same(text: str) -> None:
    folded = fold(text)
    for _, rx in _OUTSOURCING:
        assert count_matches(rx, text, folded) == len(rx.findall(text)), (rx.pattern[:40], text[:200])


def test_same_count_on_generated_text() -> None:
    rng = random.Random(5)
    for _ in range(5000):
        _same("".join(rng.choice(_WORDS) + rng.choice(["", " ", "x", "_", "\n"]) for _ in range(rng.randint(0, 30))))


def test_patterns_it_cannot_bound_are_counted_in_full() -> None:
    for source in (r"(?<=a)bc", r"ab+c", r"(a)\1"):
        rx = re.compile(source, re.IGNORECASE)
        assert count_matches(rx, "xabc abbbc aac", fold("xabc abbbc aac")) == len(rx.findall("xabc abbbc aac"))


@pytest.mark.skipif(not EVAL.is_dir(), reason="../shared/eval is not there")
def test_same_count_on_eval_documents() -> None:
    for p in sorted(EVAL.rglob("*")):
        if p.suffix.lower() in (".pdf", ".txt"):
            _same(normalize(read_document(p).text))
