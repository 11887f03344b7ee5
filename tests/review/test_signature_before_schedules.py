"""A contract signed before long schedules still has its signature block found (no false blocker)."""

from __future__ import annotations

from pathlib import Path

import yaml

from generator.draft import draft
from review.review import review_document
from tests.conftest import example_request


def test_signature_block_found_before_long_schedules(tmp_path: Path) -> None:
    request = example_request("it_contract_zh.yaml")
    levels = request["service_levels"]
    # Twelve service levels: the 服务质量考核表 after the signature page runs past the last 40 blocks.
    extra = [{**levels[3], "metric": f"专项报告{i}按时提交率", "weight": 1, "credit": 1} for i in range(10)]
    levels[0]["weight"] -= 10
    request["service_levels"] = levels + extra
    path = tmp_path / "it.yaml"
    path.write_text(yaml.safe_dump(request, allow_unicode=True), encoding="utf-8")
    result = draft(path, tmp_path / "out")
    docx = next(p for p in result.files if p.suffix == ".docx")
    report = review_document(docx)
    checks = {f.check for f in report.findings}
    assert "no_signature_block" not in checks and "signatures" in report.categories_found
    assert report.blockers == []
