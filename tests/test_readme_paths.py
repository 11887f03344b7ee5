"""The README names only what a clone of the repository has: no `../` path, and every path it
names (a word with a slash, in code or in text) exists in the repository."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_PATH = re.compile(r"^[\w.-]+(?:/[\w.-]+)*/?$")


def _named_paths(text: str) -> set[str]:
    """Words with a slash in the README's code: inline `code`, and fenced blocks' commands (not comments)."""
    fenced = re.findall(r"^```[^\n]*\n(.*?)^```", text, flags=re.S | re.M)
    code = [line.split("#")[0] for block in fenced for line in block.splitlines()]
    code += re.findall(r"`([^`\n]+)`", re.sub(r"^```.*?^```", "", text, flags=re.S | re.M))
    words = {w.strip("'\"()[],;:") for chunk in code for w in chunk.split()}
    return {w for w in words if "/" in w and _PATH.match(w) and not w.startswith(".venv/")}


def test_readme_points_only_inside_the_repository() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "../" not in text, "the README points outside the repository"
    paths = _named_paths(text)
    assert "generator/data/examples/" in paths and "eval-zh/test/labels.csv" in paths  # the test sees paths
    missing = sorted(p for p in paths if not (ROOT / p).exists())
    assert not missing, f"the README names paths the repository does not have: {missing}"
