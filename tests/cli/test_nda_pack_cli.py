"""`contracts nda-pack` as a user runs it: the example roster, then a roster with bad rows."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from contracts.cli import app
from tests.conftest import EXAMPLES, ROOT

runner = CliRunner()


def test_nda_pack_on_the_example_roster(tmp_path: Path) -> None:
    result = runner.invoke(app, ["nda-pack", str(EXAMPLES / "nda_pack_zh.yaml"), "--roster",
                                 str(EXAMPLES / "roster.xlsx"), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "the NDA and 12 pledge(s)" in result.output
    assert "NDA-2026-0042-pack.zip" in result.output and "index.xlsx" in result.output
    assert len(list((tmp_path / "NDA-2026-0042-pack" / "pledges").glob("*.docx"))) == 12


def test_bad_rows_are_listed_and_nothing_written(tmp_path: Path) -> None:
    roster = tmp_path / "staff.csv"
    roster.write_text("姓名,身份证号,岗位,入场日期\n张三,110101199003071234,客服,2026-05-01\n"
                      "=1+1,110101199003071233,客服,2026-05-01\n", encoding="gbk")
    proc = subprocess.run([sys.executable, "-m", "contracts", "nda-pack", str(EXAMPLES / "nda_pack_zh.yaml"),
                           "--roster", str(roster), "--out", str(tmp_path / "out")],
                          capture_output=True, text=True, cwd=ROOT, check=False)
    assert proc.returncode == 2
    assert "staff.csv:2 [身份证号 (column B)]" in proc.stderr
    assert "staff.csv:3 [姓名 (column A)]" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "out").exists()
