"""The reviewer's one lxml configuration: the parser every .docx part is read with, and Word's XML names."""

from __future__ import annotations

from typing import TypeAlias

# lxml has no type stubs: pyproject's mypy override reads it as untyped, so an element is ``Any`` to mypy.
from lxml import etree

__all__ = ["VAL", "Element", "W", "XMLError", "parse"]

# WordprocessingML's main namespace, in lxml's "{uri}tag" form, and its most common attribute.
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
VAL = f"{W}val"

Element: TypeAlias = etree._Element
XMLError = etree.XMLSyntaxError

# A .docx is untrusted: no entity expansion (billion laughs), no DTD loaded or validated, nothing fetched from
# the network, and libxml2's own limits on nesting depth and text node size kept (huge_tree off). The byte
# limits on each part are DocxPackage's. lxml locks a parser while it parses, so one serves every thread.
_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False, dtd_validation=False
)


def parse(data: bytes) -> Element:
    """The root element of one XML part. Raises ``XMLError`` when the part is not well-formed XML."""
    return etree.fromstring(data, _PARSER)
