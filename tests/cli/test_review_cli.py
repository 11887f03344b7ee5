"""`contracts review` and `contracts demo` as a user runs them: formats, --out, exit status 0/1/2."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from contracts.cli import app
from tests.cli.test_draft_cli import _run
from tests.conftest import STANDALONE_PLEDGE

runner = CliRunner()


@pytest.fixture(scope="module")
def it_contract(drafted: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli")
    path = folder / "contract.docx"
    shutil.copy(drafted["it_contract_zh.yaml"], path)
    return path


def _blocked(tmp_path: Path) -> Path:
    path = tmp_path / "vendor.txt"
    path.write_text("技术服务合同\n甲方：北京示例科技股份有限公司\n乙方：上海某某有限公司\n第一条 服务内容\n"
                    "乙方提供系统运维服务，服务期限自2026年4月1日起至2025年3月31日止。\n", encoding="utf-8")
    return path


def test_review_generated_contract_exits_0(it_contract: Path) -> None:
    result = runner.invoke(app, ["review", str(it_contract), "--format", "md"])
    assert result.exit_code == 0, result.output
    assert "无阻断问题 / no blockers" in result.output


def test_review_with_blockers_exits_1_and_json_is_versioned(tmp_path: Path) -> None:
    result = runner.invoke(app, ["review", str(_blocked(tmp_path)), "--format", "json"])
    assert result.exit_code == 1, result.output
    data = json.loads(result.output)
    assert data["schema"].startswith("contracts.review/")
    assert any(f["check"] == "term_ends_before_start" for f in data["findings"])


def test_review_unreadable_exits_2_and_batch_goes_on(tmp_path: Path, it_contract: Path) -> None:
    bad = tmp_path / "broken.docx"
    bad.write_bytes(b"PK\x03\x04 truncated")
    out = tmp_path / "reports"
    result = runner.invoke(app, ["review", str(bad), str(it_contract), "--format", "html", "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert sorted(p.name for p in out.iterdir()) == ["broken.docx.review.html", "contract.docx.review.html"]
    assert "could not be read" in (out / "broken.docx.review.html").read_text(encoding="utf-8")


def test_review_directory_with_options(tmp_path: Path) -> None:
    _blocked(tmp_path)
    (tmp_path / "notes.md").write_text("not reviewed", encoding="utf-8")
    result = runner.invoke(app, ["review", str(tmp_path), "--kind", "service_contract", "--outsourcing", "it",
                                 "--condition", "personal_information_entrusted", "--format", "md"])
    assert result.exit_code == 1, result.output
    assert "vendor.txt" in result.output and "notes.md" not in result.output
    assert "personal information is entrusted" in result.output
    rich = runner.invoke(app, ["review", str(tmp_path)])
    assert rich.exit_code == 1 and "blocker" in rich.output


def test_review_rejects_unknown_format(it_contract: Path) -> None:
    result = runner.invoke(app, ["review", str(it_contract), "--format", "pdf"])
    assert result.exit_code == 2


def test_demo_reviews_what_it_drafts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import contracts.demo as demo
    from generator.draft import draft

    def small_demo(out_dir: Path, *, pdf: bool = False, say: object = print) -> list[object]:
        return [draft(STANDALONE_PLEDGE, out_dir)]

    monkeypatch.setattr(demo, "run_demo", small_demo)
    result = runner.invoke(app, ["demo", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    folder = next(p for p in tmp_path.iterdir() if p.is_dir())
    names = {p.name for p in folder.iterdir()}
    assert {"pledge.docx.review.md", "pledge.docx.review.html", "pledge.docx.review.json"} <= names
    assert "reviewed BPO-2026-0007-P001/pledge.docx" in result.output


# ---- odd arguments: a clear message and exit 2, never silence or a traceback -------------------------

def test_an_empty_folder_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "named.docx").mkdir()
    (tmp_path / "empty" / "notes.md").write_text("not a contract", encoding="utf-8")
    for folder in ("empty", "named.docx"):
        code, output = _run(monkeypatch, capsys, "review", str(tmp_path / folder))
        assert code == 2
        assert f"{folder}: no .docx, .pdf or .txt files in this folder or its subfolders" in output


def test_skipped_links_are_named_on_stderr(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    elsewhere = tmp_path / "elsewhere"
    folder.mkdir()
    elsewhere.mkdir()
    _blocked(elsewhere)
    (folder / "to-folder").symlink_to(elsewhere, target_is_directory=True)
    (folder / "broken.docx").symlink_to(tmp_path / "gone.docx")
    (folder / "to-file.txt").symlink_to(elsewhere / "vendor.txt")
    result = CliRunner().invoke(app, ["review", str(folder), "--format", "json"])
    assert result.exit_code == 1, result.output
    assert json.loads(result.stdout)["path"].endswith("to-file.txt")  # a link to a file is reviewed
    assert f"skipped {folder / 'broken.docx'}: a broken symbolic link" in result.stderr
    assert f"skipped {folder / 'to-folder'}: a symbolic link to a folder, not followed" in result.stderr


def test_out_must_be_a_folder(tmp_path: Path, it_contract: Path) -> None:
    (tmp_path / "report.md").write_text("keep me", encoding="utf-8")
    for out, says in ((tmp_path / "report.md", "is a file, not a folder: give a folder for the reports"),
                      (tmp_path / "report.md" / "sub", "cannot make this folder")):
        result = runner.invoke(app, ["review", str(it_contract), "--out", str(out)])
        assert result.exit_code == 2 and says in result.output, result.output
    assert (tmp_path / "report.md").read_text(encoding="utf-8") == "keep me"


@pytest.mark.parametrize(("name", "data", "says"), [
    ("empty.docx", b"", "empty file (0 bytes)"),
    ("random.txt", bytes(range(256)) * 4, "not a .docx, .pdf or text file"),
])  # fmt: skip
def test_unreadable_files_exit_2_with_the_reason(tmp_path: Path, name: str, data: bytes, says: str) -> None:
    (tmp_path / name).write_bytes(data)
    result = runner.invoke(app, ["review", str(tmp_path / name), "--format", "json"])
    assert result.exit_code == 2
    assert says in json.loads(result.stdout)["read_failure"]
