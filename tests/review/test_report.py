"""Report renderers (Markdown, HTML, JSON, Rich), the exit status, and batch review with failures."""

from __future__ import annotations

import json
from pathlib import Path

from rich.console import Console

from clause_library.models import Role, Severity
from review.batch import review_paths
from review.findings import SCHEMA_VERSION, Finding, ReadFailure, Report
from review.report import ExitStatus, exit_status, render, render_html, render_json, render_markdown, render_rich
from review.review import review_many


def _report(*findings: Finding, readable: bool = True) -> Report:
    return Report(path="vendor <contract>.docx", sha256="ab" * 32, format="docx", kind="service_contract",
                  outsourcing="it", readable=readable, categories_found={"price": "paragraph 3"},
                  findings=list(findings), conditions=["personal_information_entrusted"])


BLOCKER = Finding("capital_mismatch", Severity.blocker, Role.finance, "金额小写与大写不一致",
                  "amount in figures disagrees <b>", "paragraph 3", "人民币1,200,000.00元（大写：壹佰万元整）<script>",
                  "price")
WARNING = Finding("tracked_changes", Severity.warning, Role.legal, "有修订", "tracked changes", "paragraph 9", "+ x")


def test_markdown_has_summary_per_role_and_each_finding_in_both_languages() -> None:
    md = render_markdown(_report(BLOCKER, WARNING))
    assert "1 个阻断问题 / 1 blocker(s)" in md
    assert "| 财务 / finance | 1 | 0 | 0 |" in md and "| 法务 / legal | 0 | 1 | 0 |" in md
    assert "金额小写与大写不一致" in md and "amount in figures disagrees" in md
    assert "location: paragraph 3" in md and "壹佰万元整" in md


def test_html_is_self_contained_and_escaped() -> None:
    page = render_html(_report(BLOCKER, WARNING))
    assert page.startswith("<!DOCTYPE html>") and "<style>" in page
    assert "<script" not in page and "&lt;script&gt;" in page and "&lt;b&gt;" in page
    assert "http://" not in page and "https://" not in page and "<link" not in page and "src=" not in page
    assert "vendor &lt;contract&gt;.docx" in page
    assert "法务" in page and "finance" in page and "金额小写与大写不一致" in page


def test_json_is_versioned_and_round_trips() -> None:
    data = json.loads(render_json(_report(BLOCKER)))
    assert data["schema"] == f"contracts.review/{SCHEMA_VERSION}"
    assert data["summary"]["finance"]["blocker"] == 1
    assert data["findings"][0]["severity"] == "blocker" and data["findings"][0]["owner"] == "finance"
    assert data["conditions"] == ["personal_information_entrusted"]
    many = json.loads(render_json([_report(), ReadFailure("x.pdf", "encrypted")]))
    assert many[1] == {"schema": f"contracts.review/{SCHEMA_VERSION}", "path": "x.pdf", "read_failure": "encrypted"}


def test_rich_renders_without_markup_errors() -> None:
    console = Console(record=True, width=100, color_system=None)
    console.print(render_rich(_report(BLOCKER, WARNING)))
    console.print(render_rich(ReadFailure("broken.docx", "not a zip [bad]")))
    text = console.export_text()
    assert "[blocker] finance" in text and "not a zip [bad]" in text
    assert "amount in figures" in render(_report(BLOCKER), "rich")


def test_exit_status() -> None:
    assert exit_status([_report(WARNING)]) is ExitStatus.ok
    assert exit_status([_report(WARNING), _report(BLOCKER)]) is ExitStatus.blockers
    assert exit_status([_report(BLOCKER), ReadFailure("a.pdf", "encrypted")]) is ExitStatus.unreadable
    assert exit_status([_report(readable=False)]) is ExitStatus.unreadable
    assert int(ExitStatus.blockers) == 1


def test_unreadable_report_says_so() -> None:
    md = render_markdown(_report(readable=False))
    assert "无法读取文字 / no text could be read" in md
    assert "could not be read" in render_markdown(ReadFailure("a.pdf", "encrypted"))


def test_batch_goes_on_after_a_bad_file(tmp_path: Path) -> None:
    good = tmp_path / "nda.txt"
    good.write_text("保密协议\n甲方：北京示例科技股份有限公司\n乙方：上海云服信息技术有限公司\n"
                    "第一条 保密信息\n保密信息是指一方披露的非公开信息。\n甲方（盖章）：\n乙方（盖章）：\n",
                    encoding="utf-8")
    bad = tmp_path / "broken.docx"
    bad.write_bytes(b"PK\x03\x04 this is not really a zip")
    results = review_many([bad, good], workers=2)
    assert isinstance(results[0], ReadFailure) and "broken.docx" in results[0].path
    assert isinstance(results[1], Report) and results[1].kind == "nda"
    batch = review_paths([tmp_path], fmt="json", out=tmp_path / "reports", workers=1)
    assert sorted(p.name for p in batch.written) == ["broken.docx.review.json", "nda.txt.review.json"]
    assert batch.status is ExitStatus.unreadable
