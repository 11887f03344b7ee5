"""Vendor staff rosters (.xlsx or .csv): read, validate every row, report every bad row at once.

``sources`` reads a file's raw rows (and what Excel hides), ``header`` finds the header row,
``cells`` checks each row's cells, ``reading`` puts them together; ``people`` is what a roster gives.
"""

from __future__ import annotations

from .cells import looks_like_formula
from .header import HEADER_ALIASES
from .people import MAX_BYTES, MAX_ROWS, REQUIRED_FIELDS, Person, Roster, complete_resident_id
from .reading import check_roster, read_roster

__all__ = [
    "HEADER_ALIASES",
    "MAX_BYTES",
    "MAX_ROWS",
    "REQUIRED_FIELDS",
    "Person",
    "Roster",
    "check_roster",
    "complete_resident_id",
    "looks_like_formula",
    "read_roster",
]
