"""The generator's raw XML lives in generator/ooxml/, and every XML it parses goes through one lxml configuration."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import generator
from generator.ooxml import parser

PACKAGE = Path(generator.__file__).parent
# What touches XML below python-docx's objects: lxml, the standard library's XML modules, python-docx's oxml layer.
_XML_MODULES = ("lxml", "xml", "docx.oxml")


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
    return found


def _xml_imports(path: Path) -> set[str]:
    return {m for m in _imports(path) if any(m == x or m.startswith(x + ".") for x in _XML_MODULES)}


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_only_ooxml_touches_xml(path: Path) -> None:
    if path.parent.name == "ooxml":
        return
    assert not _xml_imports(path), f"{path.relative_to(PACKAGE)} imports {sorted(_xml_imports(path))}: move the " \
                                   "XML touch into generator/ooxml/"


def test_only_the_parser_module_uses_lxml() -> None:
    users = sorted(p.name for p in (PACKAGE / "ooxml").glob("*.py") if any(
        m == "lxml" or m.startswith("lxml.") for m in _imports(p)))
    assert users == ["parser.py"]


@pytest.mark.parametrize("document", [
    b'<!DOCTYPE a [<!ENTITY e "expanded">]><a>&e;</a>',
    b'<!DOCTYPE a [<!ENTITY e SYSTEM "file:///etc/hostname">]><a>&e;</a>',
], ids=["internal entity", "external entity"])
def test_the_parser_resolves_no_entity(document: bytes) -> None:
    root = parser.parse(document)
    assert root.text is None and b"expanded" not in parser.serialize(root)
    assert b"&e;" in parser.serialize(root)  # kept as a reference, never replaced by what it names
