"""The people a roster gives: one valid row each, and the checked roster with its bad rows and notes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from clause_library.errors import Problem

__all__ = ["MAX_BYTES", "MAX_ROWS", "REQUIRED_FIELDS", "Person", "Roster", "complete_resident_id"]

MAX_ROWS = 20_000
MAX_BYTES = 20 * 1024 * 1024
# What every person on a roster has; a row without one of them is a bad row.
REQUIRED_FIELDS = ("name", "id_number", "role", "start_date")


def complete_resident_id(first17: str) -> str:
    """The 18-digit resident ID number whose first 17 digits are ``first17`` (GB 11643-1999 check digit)."""
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    if len(first17) != 17 or not first17.isdigit():
        raise ValueError(f"expected 17 digits, found {first17!r}")
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, weights, strict=True)) % 11]


@dataclass(frozen=True, slots=True)
class Person:
    """One valid roster row; ``row`` is the row number the user sees in Excel (header = row 1)."""

    row: int
    name: str
    id_number: str
    role: str
    start_date: dt.date
    email: str = ""
    phone: str = ""


@dataclass
class Roster:
    """A checked roster: the good rows, and a problem for every bad cell (empty when all are good).

    ``sheet`` is the worksheet read (``None`` for CSV); ``notes`` are warnings for the user: sheets
    not read, hidden rows and columns (read like the others).
    """

    path: Path
    people: list[Person]
    problems: list[Problem] = field(default_factory=list)
    bad_rows: list[int] = field(default_factory=list)
    blank_rows: int = 0
    sheet: str | None = None
    notes: list[str] = field(default_factory=list)
