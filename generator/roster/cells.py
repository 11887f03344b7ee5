"""One roster row's cells checked: texts, spreadsheet formulas, ID numbers, dates, e-mail addresses and phones."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from clause_library.errors import Problem
from clause_library.identifiers import resident_id_problem
from clause_library.safety import shown, text_problem

from .people import REQUIRED_FIELDS, Person

__all__ = ["RowCheck", "cell_text", "check_row", "column_letter", "is_blank", "looks_like_formula"]

# Spreadsheet formula triggers (OWASP CSV injection): a leading = + - @, or a tab/CR before one.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PHONE = re.compile(r"^\+?[0-9][0-9 ()-]{4,24}$")
_DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


def looks_like_formula(text: str) -> bool:
    """True when a spreadsheet would take ``text`` for a formula (never evaluated here, never written raw)."""
    return text.startswith(_FORMULA_START)


def column_letter(index: int) -> str:
    letters = ""
    n = index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _parse_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and 20_000 < value < 80_000:
        # An Excel date serial number in a cell formatted as a number.
        return dt.date(1899, 12, 30) + dt.timedelta(days=int(value))
    m = _DATE_TEXT.match(cell_text(value))
    if m is None:
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


class RowCheck:
    """Collects the problems of one row against named columns."""

    def __init__(self, file: str, row: int, columns: dict[str, tuple[int, str]]) -> None:
        self.file, self.row, self.columns = file, row, columns
        self.problems: list[Problem] = []

    def where(self, fieldname: str) -> str:
        index, header = self.columns[fieldname]
        return f"{header} (column {column_letter(index)})"

    def bad(self, fieldname: str, message: str) -> None:
        self.problems.append(Problem(self.file, message, line=self.row, field=self.where(fieldname)))


def _check_text(chk: RowCheck, fieldname: str, value: Any, *, max_len: int) -> str:
    text = cell_text(value)
    if not text:
        if fieldname in REQUIRED_FIELDS:
            chk.bad(fieldname, "required, empty")
        return ""
    if looks_like_formula(text) and not (fieldname == "phone" and _PHONE.match(text)):
        # An ID number is never echoed (the report may be shared); other cells show their start.
        start = "" if fieldname == "id_number" else f" ({shown(text, 24)})"
        chk.bad(fieldname, f"looks like a spreadsheet formula{start}; formulas are never evaluated — type the "
                           "value itself")
        return ""
    problem = text_problem(text)
    if problem:
        chk.bad(fieldname, problem)
        return ""
    if len(text) > max_len:
        chk.bad(fieldname, f"{len(text)} characters is longer than the {max_len} allowed")
        return ""
    return text


def _check_id(chk: RowCheck, value: Any) -> str:
    if isinstance(value, float):
        chk.bad("id_number", "stored as a number, so Excel kept only 15 digits; format the column as Text "
                             "and type the 18-character number again")
        return ""
    text = _check_text(chk, "id_number", value, max_len=32)
    if not text:
        return ""
    text = text.upper()
    problem = resident_id_problem(text)
    if problem:
        chk.bad("id_number", problem)
        return ""
    return text


def check_row(chk: RowCheck, cells: list[Any]) -> Person | None:
    def cell(fieldname: str) -> Any:
        if fieldname not in chk.columns:
            return None
        index = chk.columns[fieldname][0]
        return cells[index] if index < len(cells) else None

    name = _check_text(chk, "name", cell("name"), max_len=64)
    id_number = _check_id(chk, cell("id_number"))
    role = _check_text(chk, "role", cell("role"), max_len=64)
    start: dt.date | None = None
    raw_start = cell("start_date")
    if is_blank(raw_start):
        chk.bad("start_date", "required, empty")
    else:
        start = _parse_date(raw_start)
        if start is None:
            chk.bad("start_date", f"{shown(cell_text(raw_start), 24)} is not a date; write it as 2026-05-01")
        elif not dt.date(2000, 1, 1) <= start <= dt.date(2100, 1, 1):
            chk.bad("start_date", f"{start.isoformat()} is not a plausible start date")
            start = None
    email = _check_text(chk, "email", cell("email"), max_len=254) if "email" in chk.columns else ""
    if email and "@" not in email:
        chk.bad("email", f"{shown(email)} is not an e-mail address")
    phone = _check_text(chk, "phone", cell("phone"), max_len=32) if "phone" in chk.columns else ""
    if chk.problems or start is None:
        return None
    return Person(chk.row, name, id_number, role, start, email, phone)
