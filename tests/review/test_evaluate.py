"""evaluate(): per-category counts, precision, recall and F1 against labels; unreadable files, unknown columns."""

from __future__ import annotations

from pathlib import Path

import pytest

from clause_library.models import Category
from review.evaluate import evaluate, render_table


def test_evaluate_counts_and_f1(tmp_path: Path, categories: dict[str, Category]) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    law = "This Agreement shall be governed by the laws of the State of Delaware."
    (docs / "a.txt").write_text(f"1. Governing Law\n{law}\n", encoding="utf-8")  # TP
    (docs / "b.txt").write_text(f"1. Miscellaneous\n{law}\n", encoding="utf-8")  # FP (labelled 0)
    (docs / "c.txt").write_text("1. Payment\nFees are due monthly.\n", encoding="utf-8")  # FN
    (docs / "d.txt").write_text("1. Payment\nFees are due monthly.\n", encoding="utf-8")  # TN
    (docs / "e.txt").write_bytes(b"")  # unreadable: no text
    labels = tmp_path / "labels.csv"
    labels.write_text(
        "file,governing_law,made_up_column\n"
        "docs/a.txt,1,1\ndocs/b.txt,0,0\ndocs/c.txt,1,0\ndocs/d.txt,0,1\ndocs/e.txt,1,1\n",
        encoding="utf-8",
    )
    report = evaluate(labels, workers=1, categories=categories)
    (score,) = report.scores
    assert (score.category, score.support, score.tp, score.fp, score.fn) == ("governing_law", 2, 1, 1, 1)
    assert score.precision == pytest.approx(0.5)
    assert score.recall == pytest.approx(0.5)
    assert score.f1 == pytest.approx(0.5)
    assert report.macro_f1 == pytest.approx(0.5)
    assert report.micro_f1 == pytest.approx(0.5)
    assert list(report.unreadable) == ["docs/e.txt"]
    assert report.unknown_columns == ["made_up_column"]
    assert report.documents == 5
    assert report.median_seconds is not None
    table = render_table(report)
    assert "made_up_column" in table and "unknown" in table
    assert "unreadable files: 1" in table
    assert '"micro_f1": 0.5' in report.to_json()
