"""The tree stays ruff-clean (the rules and their reasons are in pyproject.toml)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(shutil.which("ruff") is None, reason="ruff is not installed (pip install -e .[dev])")
def test_ruff_clean() -> None:
    result = subprocess.run(["ruff", "check", "--no-cache", str(ROOT)], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stdout[-3000:]


def test_ci_lints_type_checks_and_runs_the_readme_test_command() -> None:
    """.ci/run installs with setup.sh (pinned by constraints.txt), runs ruff and mypy --strict, then exactly
    the README's test command: on the embedded default, then again with PostgreSQL and Redis started."""
    ci = [line.strip() for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "bash scripts/setup.sh && python3 -m pytest" in readme
    assert "-c constraints.txt" in (ROOT / "scripts" / "setup.sh").read_text(encoding="utf-8")
    steps = [c for c in ci if c in ("bash scripts/setup.sh", "ruff check .", "mypy", "python3 -m pytest")]
    assert steps == ["bash scripts/setup.sh", "ruff check .", "mypy", "python3 -m pytest", "python3 -m pytest"]
    assert ci.index('eval "$(bash scripts/services.sh start "$services")"') == len(ci) - 2
