"""`contracts review-eval --folds K` and `contracts model-build` as a user runs them."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from contracts.cli import app
from review.model import load_model
from tests.cli.test_draft_cli import _run
from tests.review.test_model import _corpus

pytestmark = pytest.mark.skipif(importlib.util.find_spec("sklearn") is None,
                                reason="scikit-learn trains the model (a project dependency)")
runner = CliRunner()


def test_folds_cross_validate_and_print_each_fold(tmp_path: Path) -> None:
    labels = _corpus(tmp_path)
    got = runner.invoke(app, ["review-eval", str(labels), "--folds", "3"])
    assert got.exit_code == 0, got.output
    assert "termination_for_convenience" in got.output
    assert "3-fold cross-validation: each fold judged by a model fitted on the others" in got.output
    as_json = runner.invoke(app, ["review-eval", str(labels), "--folds", "3", "--json"])
    data = json.loads(as_json.output)
    assert data["folds"] == 3 and len(data["fold_macro_f1"]) == 3


def test_folds_need_the_excerpts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    labels = _corpus(tmp_path)
    (tmp_path / "spans.jsonl").unlink()
    code, out = _run(monkeypatch, capsys, "review-eval", str(labels), "--folds", "3")
    assert code == 2
    assert "spans.jsonl beside labels.csv is needed" in " ".join(out.split())
    assert "Traceback" not in out
    code, out = _run(monkeypatch, capsys, "review-eval", str(labels), "--folds", "1")
    assert code == 2 and "at least 2 folds" in out


def test_model_build_writes_the_same_bytes_twice(tmp_path: Path) -> None:
    labels = _corpus(tmp_path)
    out = tmp_path / "m.json"
    first = runner.invoke(app, ["model-build", str(labels), "--out", str(out)])
    assert first.exit_code == 0, first.output
    a = out.read_bytes()
    assert runner.invoke(app, ["model-build", str(labels), "--out", str(out)]).exit_code == 0
    assert out.read_bytes() == a
    model = load_model(a.decode("utf-8"))
    assert set(model.categories) == {"termination_for_convenience", "governing_law"}
    assert "12 documents" in model.source
