"""A roster workbook's XML read directly: a DTD anywhere in it, a worksheet's hidden rows and columns.

openpyxl's read-only mode does not give hidden rows and columns; a DTD is refused before openpyxl reads anything.
"""

from __future__ import annotations

import zipfile

from .parser import iterparse

__all__ = ["dtd_member", "hidden_rows_and_columns"]

# What an XML member must not hold: a DTD (and so no entity), in the encodings an XML parser accepts.
_DTD_MARKS = tuple(mark.encode(enc) for mark in ("<!DOCTYPE", "<!ENTITY")
                   for enc in ("utf-8", "utf-16-le", "utf-16-be"))


def dtd_member(z: zipfile.ZipFile) -> str | None:
    """The first XML member of the workbook ``z`` that declares a DTD or an entity (entity expansion, external
    entities: Excel never writes one); ``None`` when none does. Read in chunks, never parsed."""
    overlap = max(len(m) for m in _DTD_MARKS) - 1
    for info in z.infolist():
        if not info.filename.lower().endswith((".xml", ".rels", ".vml")):
            continue
        tail = b""
        with z.open(info) as member:
            while chunk := member.read(1 << 16):
                window = tail + chunk
                if any(m in window for m in _DTD_MARKS):
                    return info.filename
                tail = window[-overlap:]
    return None


def hidden_rows_and_columns(z: zipfile.ZipFile, member: str) -> tuple[frozenset[int], frozenset[int]]:
    """The hidden (or filtered-out) row numbers and hidden column indexes (from 0) of the worksheet ``member``."""
    rows: set[int] = set()
    columns: set[int] = set()
    with z.open(member) as src:
        for _, el in iterparse(src):
            tag = el.tag.rpartition("}")[2]
            if tag == "row":
                if el.get("hidden") in ("1", "true") and (el.get("r") or "").isdigit():
                    rows.add(int(el.get("r") or 0))
                el.clear()
            elif tag == "col":
                if el.get("hidden") in ("1", "true"):
                    low, high = int(el.get("min") or 1), int(el.get("max") or 1)
                    columns.update(range(low - 1, min(high, low + 16_384)))
            elif tag == "c":
                el.clear()
    return frozenset(rows), frozenset(columns)
