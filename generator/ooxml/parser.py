"""The one lxml configuration every XML the generator reads goes through: no entities, no network, no huge trees."""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

from lxml import etree

__all__ = ["CORE", "Element", "W", "XMLError", "iterparse", "new_element", "parse", "serialize", "sub_element"]

# What every parse of a part read from a .docx or .xlsx allows: an entity is never resolved (no expansion, no
# external file), nothing is fetched over the network, and a tree past libxml2's safety limits is refused.
_OPTIONS: dict[str, Any] = {"resolve_entities": False, "no_network": True, "huge_tree": False}
# Plain lxml elements (python-docx's element classes redefine ``.text``).
_PARSER = etree.XMLParser(**_OPTIONS)

# Clark-notation prefixes: WordprocessingML's main namespace, and the core properties' Dublin Core terms.
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CORE = "{http://purl.org/dc/elements/1.1/}"

Element = Any  # an lxml element (lxml has no type stubs here)
# Raised when a part is not well-formed XML (or declares what the configuration refuses).
XMLError = etree.XMLSyntaxError


def parse(data: bytes) -> Element:
    """The root element of the XML ``data`` (a package part), parsed with the one configuration."""
    return etree.fromstring(data, _PARSER)


def iterparse(source: IO[bytes]) -> Iterator[tuple[str, Element]]:
    """The ("end", element) events of ``source``, parsed incrementally with the one configuration."""
    return iter(etree.iterparse(source, **_OPTIONS))


def serialize(root: Element) -> bytes:
    """``root`` as a package part's bytes, as Word writes them: UTF-8, declared ``standalone="yes"``."""
    return bytes(etree.tostring(root, encoding="UTF-8", standalone=True))


def new_element(tag: str) -> Element:
    """A new element ``tag`` (Clark notation) without a parent."""
    return etree.Element(tag)


def sub_element(parent: Element, tag: str) -> Element:
    """A new element ``tag`` (Clark notation) appended to ``parent``."""
    return etree.SubElement(parent, tag)
