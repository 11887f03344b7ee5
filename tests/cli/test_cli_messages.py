"""CLI-wide messages: readable --help types on every command, and Ctrl-C's coded message with exit 130."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer.main
from typer.testing import CliRunner

from contracts.cli import INTERRUPTED, app, main
from tests.conftest import ROOT, STANDALONE_PLEDGE

runner = CliRunner()


def _command_paths(command: Any, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    out = [path]
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        out += _command_paths(sub, (*path, name))
    return out


COMMANDS = _command_paths(typer.main.get_command(app))


def _help(path: tuple[str, ...]) -> str:
    result = runner.invoke(app, [*path, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    return result.output


def test_every_command_is_walked() -> None:
    assert {("draft",), ("demo",), ("review",), ("nda-pack",), ("pack",), ("signoff", "record"),
            ("signoff", "verify"), ("clauses", "check"), ("templates", "check")} <= set(COMMANDS)


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "contracts")
def test_help_shows_no_bool_on_flags_and_no_bare_path_type(path: tuple[str, ...]) -> None:
    text = _help(path)
    assert "--help" in text
    assert "<bool>" not in text
    assert "<path>" not in text and "list[Path]" not in text  # paths are FILE or DIR


@pytest.mark.parametrize(("path", "option", "shown"), [
    (("review",), "--format", "<rich|md|json|html>"),
    (("review",), "--out", "DIR"),
    (("signoff", "record"), "--role", "<legal|finance|business>"),
    (("signoff", "record"), "--db", "FILE"),
    (("nda-pack",), "--roster", "FILE"),
    (("draft",), "--out", "DIR"),
    (("pack",), "--out", "FILE"),
    (("templates", "check"), "--folder", "DIR"),
])
def test_help_lists_choices_and_names_files_and_folders(path: tuple[str, ...], option: str, shown: str) -> None:
    line = next(line for line in _help(path).splitlines() if f" {option} " in line)
    assert shown in line, line


def test_a_choice_outside_the_list_is_refused_with_the_choices() -> None:
    result = runner.invoke(app, ["review", "x.docx", "--format", "pdf"], env={"COLUMNS": "200"})
    assert result.exit_code == 2
    assert "'rich', 'md', 'json', 'html'" in result.output


def test_ctrl_c_inside_a_command_says_what_was_written_and_exits_130(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import generator.draft

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(generator.draft, "draft", interrupted)
    monkeypatch.setattr(sys, "argv", ["contracts", "draft", str(STANDALONE_PLEDGE), "--out",
                                      str(tmp_path)])
    with pytest.raises(SystemExit) as exit_:
        main()
    assert exit_.value.code == 130
    err = capsys.readouterr().err
    assert "interrupted (exit 130)" in err and "nothing half-written was left" in err
    assert "Traceback" not in err


def test_sigint_during_the_demo_leaves_finished_documents_and_no_partial_ones(tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "contracts", "demo", "--out", str(out)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    first = proc.stdout.readline()  # the first document is written: the demo is inside its work
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    assert " ".join(INTERRUPTED.split()) in " ".join(stderr.split())
    assert "Traceback" not in stderr
    assert (out / "BPO-2026-0007" / "contract.docx").is_file(), first
    assert not [p for p in out.rglob("*") if p.name.endswith(".partial")]
