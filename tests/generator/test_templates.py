"""`contracts templates check`: variables listed; syntax errors and unknown names fail."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from docx import Document
from typer.testing import CliRunner

from contracts.cli import app
from generator.render import TEMPLATE_DIR
from generator.templates import check_templates


def _copy_with(tmp_path: Path, extra: str) -> Path:
    folder = tmp_path / "templates"
    shutil.copytree(TEMPLATE_DIR, folder)
    doc = Document(str(folder / "nda.docx"))
    doc.add_paragraph(extra)
    doc.save(str(folder / "nda.docx"))
    return folder


def test_shipped_templates_pass() -> None:
    reports = check_templates()
    assert all(not r.problems for r in reports), [(r.path.name, r.problems) for r in reports]
    sc = next(r for r in reports if r.path.name == "service_contract.docx")
    assert {"title", "contract_no", "body", "schedules", "L"} <= sc.variables


@pytest.mark.parametrize(("extra", "expected"), [
    ("{{ secret_value }}", "secret_value"),
    ("{% if title %}unclosed", "syntax error"),
    ("{{ title.__class__ }}", None),  # attribute access is a sandbox matter at render time, not a name
])
def test_bad_templates_fail(tmp_path: Path, extra: str, expected: str | None) -> None:
    folder = _copy_with(tmp_path, extra)
    reports = {r.path.name: r for r in check_templates(folder)}
    if expected is None:
        assert not reports["nda.docx"].problems
        return
    assert any(expected in p for p in reports["nda.docx"].problems), reports["nda.docx"].problems
    result = CliRunner().invoke(app, ["templates", "check", "--folder", str(folder)])
    assert result.exit_code == 1


def test_sandbox_refuses_python_objects(tmp_path: Path) -> None:
    """A template cannot reach Python internals: rendering one that tries fails."""
    from clause_library.errors import ContractsError
    from generator.draft import draft_request
    from generator.request import load_request
    from tests.conftest import EXAMPLES

    folder = _copy_with(tmp_path, "{{ title.__class__.__mro__[1].__subclasses__() }}")
    req = load_request(EXAMPLES / "nda_mutual_en.yaml")
    with pytest.raises(ContractsError) as info:
        draft_request(req, tmp_path / "out", template_dir=folder)
    assert "unsafe" in str(info.value).lower(), str(info.value)
    assert not (tmp_path / "out" / req.contract_no).exists()
