"""The shipped templates and example roster are what their scripts build, byte for byte, wherever the
scripts write (run as a user runs them, in a fresh interpreter: importing docxcompose, as the drafting
code does, changes how python-docx writes core properties)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from generator.demo import EXAMPLES_DIR
from generator.render import TEMPLATE_DIR
from tests.conftest import ROOT


def _script(name: str, *args: Path) -> None:
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / name), *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, check=False, timeout=120)
    assert proc.returncode == 0, proc.stderr


def test_build_templates_rebuilds_the_shipped_templates(tmp_path: Path) -> None:
    _script("build_templates.py", tmp_path)
    for kind in ("service_contract", "nda", "pledge"):
        assert (tmp_path / f"{kind}.docx").read_bytes() == (TEMPLATE_DIR / f"{kind}.docx").read_bytes(), kind


def test_make_example_roster_rebuilds_the_shipped_roster(tmp_path: Path) -> None:
    _script("make_example_roster.py", tmp_path / "roster.xlsx")
    assert (tmp_path / "roster.xlsx").read_bytes() == (EXAMPLES_DIR / "roster.xlsx").read_bytes()
