"""Imports point one way: clause_library ← generator, review (never each other) ← signoff ← portal ← contracts.

``signoff`` (the ledger, the sign-off pack and its sheets) uses the reviewer and the generator's PDF
conversion; ``contracts`` is the front end over all four.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = {
    "clause_library": {"generator", "review", "signoff", "portal", "contracts"},
    "generator": {"review", "signoff", "portal", "contracts"},
    "review": {"generator", "signoff", "portal", "contracts"},
    "signoff": {"portal", "contracts"},
    "portal": {"contracts"},
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            out.add(node.module.split(".")[0])
    return out


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_does_not_import_upwards_or_sideways(package: str) -> None:
    for path in sorted((ROOT / package).rglob("*.py")):
        bad = _imports(path) & FORBIDDEN[package]
        assert not bad, f"{path.relative_to(ROOT)} imports {sorted(bad)}"


# What does the work: a front end that imports one of these is doing it itself instead of calling a package.
_WORKING_LIBRARIES = {"docx", "docxtpl", "docxcompose", "jinja2", "lxml", "openpyxl", "pypdf", "pypdfium2", "sqlite3",
                      "hashlib", "tempfile", "shutil", "zipfile", "re"}


def test_the_front_end_is_thin() -> None:
    for path in sorted((ROOT / "contracts").rglob("*.py")):
        bad = _imports(path) & _WORKING_LIBRARIES
        assert not bad, f"{path.relative_to(ROOT)} imports {sorted(bad)}: that work belongs in a package"
