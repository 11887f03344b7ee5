"""`contracts nda-pack` as a user runs it: the example roster, bad rows, worksheets, a DTD, --out, Ctrl-C."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from contracts.cli import app
from tests.conftest import EXAMPLES, ROOT, STANDALONE_PACK, needs_soffice
from tests.generator.rosters import good_rows, rewrite_member, two_sheet_workbook, with_dtd, write_roster

runner = CliRunner()


def test_nda_pack_on_the_example_roster(tmp_path: Path) -> None:
    result = runner.invoke(app, ["nda-pack", str(STANDALONE_PACK), "--roster",
                                 str(EXAMPLES / "roster.xlsx"), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "the NDA and 12 pledge(s)" in result.output
    assert "NDA-2026-0042-pack.zip" in result.output and "index.xlsx" in result.output
    assert len(list((tmp_path / "NDA-2026-0042-pack" / "pledges").glob("*.docx"))) == 12


def test_bad_rows_are_listed_and_nothing_written(tmp_path: Path) -> None:
    roster = tmp_path / "staff.csv"
    roster.write_text("姓名,身份证号,岗位,入场日期\n张三,110101199003071234,客服,2026-05-01\n"
                      "=1+1,110101199003071233,客服,2026-05-01\n", encoding="gbk")
    proc = subprocess.run([sys.executable, "-m", "contracts", "nda-pack", str(STANDALONE_PACK),
                           "--roster", str(roster), "--out", str(tmp_path / "out")],
                          capture_output=True, text=True, cwd=ROOT, check=False)
    assert proc.returncode == 2
    assert "staff.csv:2 [身份证号 (column B)]" in proc.stderr
    assert "staff.csv:3 [姓名 (column A)]" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "out").exists()


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "contracts", "nda-pack", str(STANDALONE_PACK), *args],
                          capture_output=True, text=True, cwd=ROOT, check=False)


def test_the_active_sheet_is_read_and_a_hidden_first_sheet_named(tmp_path: Path) -> None:
    path = two_sheet_workbook(tmp_path / "staff.xlsx")
    result = runner.invoke(app, ["nda-pack", str(STANDALONE_PACK), "--roster", str(path),
                                 "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "the NDA and 2 pledge(s)" in result.output
    assert "warning:" in result.output and "'旧名单' (hidden)" in result.output
    names = sorted(p.name for p in (tmp_path / "out" / "NDA-2026-0042-pack" / "pledges").glob("*.docx"))
    assert names == ["0001-员工1号.docx", "0002-员工2号.docx"]
    chosen = runner.invoke(app, ["nda-pack", str(STANDALONE_PACK), "--roster", str(path),
                                 "--sheet", "旧名单", "--out", str(tmp_path / "old")])
    assert chosen.exit_code == 0, chosen.output
    assert "the NDA and 3 pledge(s)" in chosen.output


def test_help_states_the_sheet_and_hidden_row_rules() -> None:
    text = " ".join(runner.invoke(app, ["nda-pack", "--help"], terminal_width=200).output.split())
    assert "--sheet" in text and "the active one" in text and "hidden rows are read" in text


def test_a_workbook_with_a_dtd_is_refused_with_exit_2(tmp_path: Path) -> None:
    path = rewrite_member(write_roster(tmp_path / "staff.xlsx", good_rows(2)), "xl/worksheets/sheet1.xml",
                           with_dtd)
    proc = _run("--roster", str(path), "--out", str(tmp_path / "out"))
    assert proc.returncode == 2, proc.stderr
    assert "the workbook contains a DTD/entity declaration" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "out").exists()


def test_out_an_existing_file_is_a_message_with_exit_2(tmp_path: Path) -> None:
    (tmp_path / "out").write_text("not a folder", encoding="utf-8")
    proc = _run("--roster", str(EXAMPLES / "roster.xlsx"), "--out", str(tmp_path / "out"))
    assert proc.returncode == 2, proc.stderr
    assert "out" in proc.stderr and "not a folder" in proc.stderr and "Traceback" not in proc.stderr
    assert (tmp_path / "out").read_text(encoding="utf-8") == "not a folder"


def test_roster_errors_never_echo_a_full_id_number(tmp_path: Path) -> None:
    rows = good_rows(2)
    secret = rows[1][2]
    rows[0][4] = secret  # typed into the start-date column
    path = write_roster(tmp_path / "staff.csv", rows)
    proc = _run("--roster", str(path), "--out", str(tmp_path / "out"))
    assert proc.returncode == 2
    assert "staff.csv:2 [入场日期 (column E)]" in proc.stderr
    assert str(secret) not in proc.stderr and str(secret)[:6] + "********" in proc.stderr


@needs_soffice
@pytest.mark.libreoffice
def test_ctrl_c_during_pdf_leaves_no_libreoffice_files_and_no_pack(tmp_path: Path) -> None:
    temp_root = tmp_path / "systemp"
    temp_root.mkdir()
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "contracts", "nda-pack", str(STANDALONE_PACK),
                             "--roster", str(EXAMPLES / "roster.xlsx"), "--out", str(out), "--pdf"],
                            cwd=ROOT, env={**os.environ, "TMPDIR": str(temp_root)}, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        # Interrupt once LibreOffice has written its first temp files.
        while not list(temp_root.glob("contracts-lo-*/lane0/tmp/lu*")) and time.monotonic() < deadline:
            time.sleep(0.05)
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert list(temp_root.iterdir()) == []
    assert not out.exists() or list(out.iterdir()) == []  # no pack, no .partial folder
