"""The README's main job, end to end: `contracts demo` drafts, packs and reviews with no blocker."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from contracts.cli import app


def test_demo_main_job(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["demo", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    folders = {p.name for p in tmp_path.iterdir()}
    assert {"IT-2026-0001", "BPO-2026-0007", "HR-2026-0012", "NDA-2026-0031", "NDA-2026-0042-pack"} <= folders
    reports = sorted(tmp_path.glob("*/*.review.json"))
    assert len(reports) == 5
    for path in reports:
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["readable"] and not [f for f in data["findings"] if f["severity"] == "blocker"], path
    pack_reviews = sorted((tmp_path / "NDA-2026-0042-pack-review").glob("*.review.md"))
    assert len(pack_reviews) == 13
    assert "0 blocker(s), 0 unreadable" in result.output
