"""`contracts draft` and `nda-pack` where --out meets hostile input: nothing outside --out, nothing partial."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from contracts.cli import main
from tests.conftest import EXAMPLES, STANDALONE_PACK

IT = EXAMPLES / "it_contract_zh.yaml"


def _run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    """Run the command as `contracts ARGS` does (main(): errors become messages); exit code and all output."""
    monkeypatch.setattr(sys, "argv", ["contracts", *args])
    with pytest.raises(SystemExit) as info:
        main()
    out = capsys.readouterr()
    code = info.value.code
    return (code if isinstance(code, int) else 0), out.out + out.err


def _request(tmp_path: Path, contract_no: str) -> Path:
    path = tmp_path / "req.yaml"
    text = IT.read_text(encoding="utf-8").replace("contract_no: IT-2026-0001", f"contract_no: {contract_no}")
    path.write_text(text, encoding="utf-8")
    return path


def _everything(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


def test_contract_number_cannot_reach_outside_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "keep.txt").write_text("precious", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    request = _request(tmp_path, "X/../../../victim")
    before = _everything(tmp_path)
    code, output = _run(monkeypatch, capsys, "draft", str(request), "--out", "a/b")
    assert code == 2
    assert "[contract_no]" in output and "Traceback" not in output
    assert (victim / "keep.txt").read_text(encoding="utf-8") == "precious"
    assert _everything(tmp_path) == before


def test_contract_number_naming_the_parent_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    code, output = _run(monkeypatch, capsys, "draft", str(_request(tmp_path, "A/..")), "--out", str(out))
    assert code == 2 and "[contract_no]" in output and "Traceback" not in output
    assert not out.exists() and not list(tmp_path.glob("**/*.partial"))


def test_slash_in_the_number_is_one_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    code, _ = _run(monkeypatch, capsys, "draft", str(_request(tmp_path, "HT/2026/001")), "--out", str(tmp_path / "o"))
    assert code == 0
    assert [p.name for p in (tmp_path / "o").iterdir()] == ["HT_2026_001"]


@pytest.mark.parametrize("command", ["draft", "nda-pack"])
def test_out_an_existing_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                              command: str) -> None:
    out = tmp_path / "out.txt"
    out.write_text("not a folder", encoding="utf-8")
    args = [command, str(IT), "--out", str(out)]
    if command == "nda-pack":
        args = [command, str(STANDALONE_PACK), "--roster", str(EXAMPLES / "roster.xlsx"), "--out",
                str(out)]
    code, output = _run(monkeypatch, capsys, *args)
    assert code == 2
    assert f"{out}: exists and is not a folder" in output and "Traceback" not in output
    assert out.read_text(encoding="utf-8") == "not a folder"
    assert _everything(tmp_path) == ["out.txt"]


def test_out_under_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "f").write_text("x", encoding="utf-8")
    code, output = _run(monkeypatch, capsys, "draft", str(IT), "--out", str(tmp_path / "f" / "sub"))
    assert code == 2 and "cannot make the output folder" in output and "Traceback" not in output


def test_drafting_again_says_it_replaces(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    code, first = _run(monkeypatch, capsys, "draft", str(IT), "--out", str(out))
    assert code == 0 and "wrote" in first and "replaced" not in first
    (out / "IT-2026-0001" / "stale.txt").write_text("old", encoding="utf-8")
    code, second = _run(monkeypatch, capsys, "draft", str(IT), "--out", str(out))
    assert code == 0 and f"replaced existing {out / 'IT-2026-0001'}" in second
    assert not (out / "IT-2026-0001" / "stale.txt").exists()
    assert _everything(out) == ["IT-2026-0001", "IT-2026-0001/contract.docx", "IT-2026-0001/manifest.json"]


def test_packing_again_says_it_replaces(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    roster = tmp_path / "staff.csv"
    roster.write_text("姓名,身份证号,岗位,入场日期\n张三,110101199003071233,客服,2026-05-01\n", encoding="utf-8")
    args = ["nda-pack", str(STANDALONE_PACK), "--roster", str(roster), "--out", str(tmp_path / "o")]
    code, first = _run(monkeypatch, capsys, *args)
    assert code == 0 and "replaced" not in first
    code, second = _run(monkeypatch, capsys, *args)
    assert code == 0 and f"replaced existing {tmp_path / 'o' / 'NDA-2026-0042-pack'}" in second


def test_a_full_disk_is_a_message_and_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    import errno

    def full(self: Path, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device", str(self))

    monkeypatch.setattr(Path, "write_bytes", full)
    code, output = _run(monkeypatch, capsys, "draft", str(IT), "--out", str(tmp_path / "out"))
    assert code == 2 and "could not be written (No space left on device)" in output and "Traceback" not in output
    assert _everything(tmp_path) == ["out"]


def test_draft_refuses_a_request_missing_a_decisive_fact(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 11 item 3: system_access is an explicit answer; leaving it out names it and what it decides."""
    path = tmp_path / "req.yaml"
    path.write_text(IT.read_text(encoding="utf-8").replace("system_access: yes\n", ""), encoding="utf-8")
    code, output = _run(monkeypatch, capsys, "draft", str(path), "--out", str(tmp_path / "out"))
    assert code == 2 and "[system_access]" in output and "answer yes or no" in output
    assert "Traceback" not in output and not (tmp_path / "out").exists()


def test_draft_lists_the_defaults_it_applied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "req.yaml"
    path.write_text(IT.read_text(encoding="utf-8").replace("sign_place: 北京市\n", ""), encoding="utf-8")
    code, output = _run(monkeypatch, capsys, "draft", str(path), "--out", str(tmp_path / "out"))
    assert code == 0
    assert "default(s) applied" in output and "  sign_place: 北京市 / Beijing" in output
    assert "  values.payment_days: 30" in output


def test_a_missing_value_of_a_bilingual_request_is_one_problem_in_its_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    bpo = EXAMPLES / "bpo_contract_bilingual.yaml"
    text = bpo.read_text(encoding="utf-8")
    assert "integrity_report_email:" in text
    path = tmp_path / "bpo.yaml"
    path.write_text(text.replace("integrity_report_email:", "unused_key_x:"), encoding="utf-8")
    code, out = _run(monkeypatch, capsys, "draft", str(path), "--out", str(tmp_path / "out"))
    assert code == 2
    lines = [line for line in out.splitlines() if "integrity_report_email" in line]
    assert len(lines) == 1 and f"{path} [values.integrity_report_email]" in lines[0], out
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
