"""Shared fixtures: the shipped library, example requests, and drafted documents (once per session)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from clause_library import default_library
from clause_library.loader import Library

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"

needs_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed; run scripts/setup.sh as root"
)


@pytest.fixture(scope="session")
def library() -> Library:
    return default_library()


@pytest.fixture(scope="session")
def drafted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every example drafted once: example file name → .docx path."""
    from generator.draft import draft

    out = tmp_path_factory.mktemp("drafted")
    docs = {}
    for req in sorted(EXAMPLES.glob("*.yaml")):
        result = draft(req, out)
        docs[req.name] = next(p for p in result.files if p.suffix == ".docx")
    return docs
