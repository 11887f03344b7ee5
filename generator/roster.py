"""Vendor staff rosters (.xlsx or .csv): read, validate every row, report every bad row at once."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from clause_library.errors import Problem, RosterError
from clause_library.identifiers import resident_id_problem
from clause_library.safety import shown, text_problem

from .ooxml.spreadsheet import dtd_member, hidden_rows_and_columns

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

MAX_ROWS = 20_000
MAX_BYTES = 20 * 1024 * 1024
# A header row may sit below a title row or two ("XX公司驻场人员名单"); look this far for it.
_HEADER_SEARCH_ROWS = 10

# Field → the header texts that name it (compared after lower-casing and dropping spaces, _ and -).
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "名字", "员工姓名", "人员姓名", "name", "fullname", "staffname"),
    "id_number": ("身份证号", "身份证号码", "身份证", "公民身份号码", "证件号码", "idnumber", "idno", "residentid",
                  "idcard", "idcardnumber"),
    "role": ("岗位", "职位", "职务", "岗位名称", "工作岗位", "role", "position", "jobtitle", "title"),
    "start_date": ("入场日期", "开始日期", "进场日期", "入项日期", "到岗日期", "startdate", "start", "onboarddate"),
    "email": ("邮箱", "电子邮箱", "电子邮件", "email", "e-mail", "mail"),
    "phone": ("手机", "手机号", "手机号码", "电话", "联系电话", "phone", "mobile", "mobilephone"),
}
REQUIRED_FIELDS = ("name", "id_number", "role", "start_date")
_LABEL = {"name": "姓名/name", "id_number": "身份证号/id_number", "role": "岗位/role",
          "start_date": "入场日期/start_date", "email": "邮箱/email", "phone": "手机/phone"}

# Spreadsheet formula triggers (OWASP CSV injection): a leading = + - @, or a tab/CR before one.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PHONE = re.compile(r"^\+?[0-9][0-9 ()-]{4,24}$")
_DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")

def looks_like_formula(text: str) -> bool:
    """True when a spreadsheet would take ``text`` for a formula (never evaluated here, never written raw)."""
    return text.startswith(_FORMULA_START)


def complete_resident_id(first17: str) -> str:
    """The 18-digit resident ID number whose first 17 digits are ``first17`` (GB 11643-1999 check digit)."""
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    if len(first17) != 17 or not first17.isdigit():
        raise ValueError(f"expected 17 digits, found {first17!r}")
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, weights, strict=True)) % 11]


def _norm_header(text: str) -> str:
    return re.sub(r"[\s_\-（）()：:*]", "", text).lower()


_ALIAS_TO_FIELD = {_norm_header(a): f for f, aliases in HEADER_ALIASES.items() for a in aliases}


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


def _column_letter(index: int) -> str:
    letters = ""
    n = index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


# ------------------------------------------------------------------ reading raw rows


def _decode_csv(data: bytes, path: Path) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM (Excel's "Unicode text"), or GBK/GB18030."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        # GB18030 is a superset of GBK and GB2312: what Excel saves as "CSV" on a Chinese Windows.
        return data.decode("gb18030")
    except UnicodeDecodeError as e:
        raise RosterError(f"{path}: cannot be read as UTF-8 or GBK text (byte {e.start}); save it from Excel "
                          "as 'CSV UTF-8' or as .xlsx") from e


def _csv_rows(path: Path, max_bytes: int) -> Iterator[list[Any]]:
    data = path.read_bytes()
    if len(data) > max_bytes:
        raise RosterError(f"{path}: {len(data):,} bytes is more than the {max_bytes:,} a roster may have")
    text = _decode_csv(data, path)
    sample = text[:4096]
    delimiter = max((",", "\t", ";"), key=lambda d: sample.split("\n", 1)[0].count(d))
    try:
        yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    except csv.Error as e:
        raise RosterError(f"{path}: not a readable CSV file: {e}") from e


@dataclass
class _Source:
    """The raw rows of a roster, and what a reader of the file in Excel would not see."""

    rows: Iterator[list[Any]]
    sheet: str | None = None
    hidden_rows: frozenset[int] = frozenset()
    hidden_columns: frozenset[int] = frozenset()
    notes: list[str] = field(default_factory=list)


def _pick_sheet(wb: Any, file: str, sheet: str | None) -> tuple[Any, list[str]]:
    """The worksheet to read (``sheet`` by name, else the active one) and notes on the sheets not read."""
    names = [ws.title for ws in wb.worksheets]
    listed = ", ".join(repr(n) for n in names)
    if sheet is not None:
        if sheet not in names:
            raise RosterError(f"{file}: no worksheet named {sheet!r}; the workbook has {listed}")
        ws = wb[sheet]
    else:
        ws = wb.active
        if ws is None or ws.title not in names:
            raise RosterError(f"{file}: the active sheet is not a worksheet (a chart?); choose the worksheet to "
                              f"read with --sheet NAME ({listed})")
        if ws.sheet_state != "visible":
            raise RosterError(f"{file}: the active worksheet {ws.title!r} is hidden; choose the worksheet to read "
                              f"with --sheet NAME ({listed})")
    notes = []
    if ws.sheet_state != "visible":
        notes.append(f"{file}: worksheet {ws.title!r} is hidden in Excel; it is the one read (--sheet)")
    others = [(w.title, w.sheet_state) for w in wb.worksheets if w.title != ws.title]
    if others:
        shown = ", ".join(repr(t) + ("" if state == "visible" else " (hidden)") for t, state in others)
        notes.append(f"{file}: only worksheet {ws.title!r} is read ({'chosen' if sheet else 'the active one'}); "
                     f"not read: {shown} (choose another with --sheet NAME)")
    return ws, notes


def _xlsx_rows(path: Path, max_bytes: int, sheet: str | None) -> _Source:
    from openpyxl import load_workbook

    file = str(path)
    if path.stat().st_size > max_bytes:
        raise RosterError(f"{path}: {path.stat().st_size:,} bytes is more than the {max_bytes:,} a roster may have")
    try:
        z = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as e:
        raise RosterError(f"{path}: not an .xlsx workbook ({e}); save it from Excel as .xlsx or CSV") from e
    with z:
        unpacked = sum(i.file_size for i in z.infolist())
        if unpacked > 10 * max_bytes:
            raise RosterError(f"{path}: unpacks to {unpacked:,} bytes, more than {10 * max_bytes:,}: refused")
        try:
            declared = dtd_member(z)
        except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as e:
            raise RosterError(f"{path}: a damaged .xlsx workbook ({e}); save it again from Excel") from e
        if declared is not None:
            raise RosterError(f"{file}: refused: the workbook contains a DTD/entity declaration (in {declared}); "
                              "Excel never writes one — save the roster again from Excel as .xlsx, or as CSV")
    try:
        # data_only=False: a formula cell comes back as its formula text, so it is flagged, never evaluated.
        wb = load_workbook(path, read_only=True, data_only=False, keep_links=False)
    except Exception as e:  # openpyxl raises many kinds on a damaged workbook
        raise RosterError(f"{path}: cannot be opened as an .xlsx workbook: {e}") from e
    try:
        ws, notes = _pick_sheet(wb, file, sheet)
        member = getattr(ws, "_worksheet_path", None)
        hidden_rows, hidden_columns = frozenset[int](), frozenset[int]()
        if member:
            with zipfile.ZipFile(path) as z:
                hidden_rows, hidden_columns = hidden_rows_and_columns(z, member.lstrip("/"))
    except RosterError:
        wb.close()
        raise
    except Exception as e:
        wb.close()
        raise RosterError(f"{path}: cannot be read as an .xlsx workbook: {e}") from e
    return _Source(_sheet_rows(wb, ws, file), ws.title, hidden_rows, hidden_columns, notes)


def _sheet_rows(wb: Any, ws: Any, file: str) -> Iterator[list[Any]]:
    """The worksheet's rows; a damaged sheet becomes a ``RosterError`` (openpyxl parses it lazily, here)."""
    rows = ws.iter_rows(values_only=True)
    try:
        while True:
            try:
                row = next(rows)
            except StopIteration:
                return
            except Exception as e:  # a malformed cell or XML in the sheet, found while reading
                raise RosterError(f"{file}: worksheet {ws.title!r} cannot be read: {e}") from e
            yield list(row)
    finally:
        wb.close()


def _raw_rows(path: Path, max_bytes: int, sheet: str | None) -> _Source:
    suffix = path.suffix.lower()
    if not path.is_file():
        raise RosterError(f"{path}: no such roster file")
    if suffix in (".xlsx", ".xlsm"):
        return _xlsx_rows(path, max_bytes, sheet)
    if sheet is not None and suffix in (".csv", ".txt", ".tsv"):
        raise RosterError(f"{path}: --sheet {sheet!r} names a worksheet, but a CSV file has none; leave it out")
    if suffix in (".csv", ".txt", ".tsv"):
        return _Source(_csv_rows(path, max_bytes))
    if suffix == ".xls":
        raise RosterError(f"{path}: the old .xls format is not read; save it from Excel as .xlsx or CSV")
    raise RosterError(f"{path}: a roster is an .xlsx workbook or a .csv file, not {suffix or 'a file without suffix'}")


# ------------------------------------------------------------------ cells


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: Any) -> str:
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
    m = _DATE_TEXT.match(_text(value))
    if m is None:
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


class _RowCheck:
    """Collects the problems of one row against named columns."""

    def __init__(self, file: str, row: int, columns: dict[str, tuple[int, str]]) -> None:
        self.file, self.row, self.columns = file, row, columns
        self.problems: list[Problem] = []

    def where(self, fieldname: str) -> str:
        index, header = self.columns[fieldname]
        return f"{header} (column {_column_letter(index)})"

    def bad(self, fieldname: str, message: str) -> None:
        self.problems.append(Problem(self.file, message, line=self.row, field=self.where(fieldname)))


def _check_text(chk: _RowCheck, fieldname: str, value: Any, *, max_len: int) -> str:
    text = _text(value)
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


def _check_id(chk: _RowCheck, value: Any) -> str:
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


def _check_row(chk: _RowCheck, cells: list[Any]) -> Person | None:
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
    if _is_blank(raw_start):
        chk.bad("start_date", "required, empty")
    else:
        start = _parse_date(raw_start)
        if start is None:
            chk.bad("start_date", f"{shown(_text(raw_start), 24)} is not a date; write it as 2026-05-01")
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


# ------------------------------------------------------------------ the header


def _find_header(rows: Iterator[list[Any]], file: str) -> tuple[int, dict[str, tuple[int, str]]]:
    """Consume rows up to the header; return its row number and field → (column index, header text)."""
    seen: list[tuple[int, list[str]]] = []
    for number, cells in enumerate(rows, start=1):
        if all(_is_blank(c) for c in cells):
            continue
        texts = [_text(c) for c in cells]
        columns: dict[str, tuple[int, str]] = {}
        duplicates: list[Problem] = []
        for index, text in enumerate(texts):
            fieldname = _ALIAS_TO_FIELD.get(_norm_header(text))
            if fieldname is None:
                continue
            if fieldname in columns:
                first = columns[fieldname]
                duplicates.append(Problem(file, f"a second {_LABEL[fieldname]} column (the first is column "
                                          f"{_column_letter(first[0])} {first[1]!r}); keep one",
                                          line=number, field=f"{text} (column {_column_letter(index)})"))
                continue
            columns[fieldname] = (index, text)
        if {"name", "id_number"} <= set(columns):
            missing = [f for f in REQUIRED_FIELDS if f not in columns]
            if missing or duplicates:
                problems = duplicates + [
                    Problem(file, f"no {_LABEL[f]} column in the header", line=number, field="(header)")
                    for f in missing]
                raise RosterError(f"{file}: the header row (row {number}) is incomplete", problems)
            return number, columns
        seen.append((number, texts))
        if len(seen) >= _HEADER_SEARCH_ROWS:
            break
    expected = ", ".join(_LABEL[f] for f in REQUIRED_FIELDS)
    if not seen:
        raise RosterError(f"{file}: the roster is empty; it needs a header row ({expected}) and one row per person")
    first_no, first_texts = seen[0]
    found = ", ".join(shown(t, 24) for t in first_texts if t) or "(nothing)"
    raise RosterError(
        f"{file}: no header row found",
        [Problem(file, f"expected a header row naming the columns {expected}; found: {found}",
                 line=first_no, field="(header)")],
    )


# ------------------------------------------------------------------ public


def check_roster(path: Path, *, sheet: str | None = None, max_rows: int = MAX_ROWS,
                 max_bytes: int = MAX_BYTES) -> Roster:
    """Read and check ``path``; every bad row is in ``problems`` and left out of ``people``.

    Of a workbook, one worksheet is read: ``sheet`` by name, else the active one (the one Excel
    opens on). Blank rows are skipped; hidden rows are read like the others and named in ``notes``.
    Raises ``RosterError`` only for what makes the whole file unusable: unreadable, too large, a DTD,
    no such sheet, or without a recognisable header row.
    """
    path = Path(path)
    file = str(path)
    source = _raw_rows(path, max_bytes, sheet)
    rows = source.rows
    header_row, columns = _find_header(rows, file)
    roster = Roster(path, [], sheet=source.sheet, notes=list(source.notes))
    seen_ids: dict[str, int] = {}
    by_row: dict[int, Person] = {}
    dup_problems: list[Problem] = []
    hidden = [header_row] if header_row in source.hidden_rows else []
    data_rows = 0
    for number, cells in enumerate(rows, start=header_row + 1):
        if all(_is_blank(c) for c in cells):
            roster.blank_rows += 1
            continue
        data_rows += 1
        if data_rows > max_rows:
            raise RosterError(f"{file}: more than {max_rows:,} people; split the roster into smaller files")
        if number in source.hidden_rows:
            hidden.append(number)
        chk = _RowCheck(file, number, columns)
        person = _check_row(chk, cells)
        if person is not None:
            first = seen_ids.get(person.id_number)
            if first is not None:
                where = chk.where("id_number")
                dup_problems.append(Problem(file, f"the same ID number as row {number}", line=first, field=where))
                dup_problems.append(Problem(file, f"the same ID number as row {first}", line=number, field=where))
                by_row.pop(first, None)
                roster.bad_rows.append(number)
                if first not in roster.bad_rows:
                    roster.bad_rows.append(first)
                continue
            seen_ids[person.id_number] = number
            by_row[number] = person
        else:
            roster.problems += chk.problems
            roster.bad_rows.append(number)
    roster.notes += _hidden_notes(file, source, hidden, columns)
    roster.problems = sorted(roster.problems + dup_problems, key=lambda p: (p.line or 0, p.field or ""))
    roster.bad_rows = sorted(set(roster.bad_rows))
    roster.people = [by_row[r] for r in sorted(by_row)]
    if not roster.people and not roster.problems:
        raise RosterError(f"{file}: the roster has a header (row {header_row}) but nobody in it")
    return roster


def _hidden_notes(file: str, source: _Source, hidden_rows: list[int], columns: dict[str, tuple[int, str]]) -> list[str]:
    """Warnings naming the hidden rows that hold something and the hidden columns that are read."""
    notes = []
    if hidden_rows:
        notes.append(f"{file}: row(s) {_ranges(hidden_rows)} of worksheet {source.sheet!r} are hidden in Excel (or "
                     "filtered out); they are read like the others, so unhide them and check them")
    used = sorted((index, header) for index, header in columns.values() if index in source.hidden_columns)
    if used:
        shown = ", ".join(f"{_column_letter(i)} ({header})" for i, header in used)
        notes.append(f"{file}: column(s) {shown} of worksheet {source.sheet!r} are hidden in Excel; they are read")
    return notes


def _ranges(numbers: list[int], most: int = 20) -> str:
    """[2, 3, 4, 7] → '2-4, 7' (at most ``most`` ranges, then how many more rows)."""
    spans: list[list[int]] = []
    for n in sorted(numbers):
        if spans and n == spans[-1][1] + 1:
            spans[-1][1] = n
        else:
            spans.append([n, n])
    text = ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in spans[:most])
    rest = sum(b - a + 1 for a, b in spans[most:])
    return text + (f" and {rest} more" if rest else "")


def read_roster(path: Path, *, sheet: str | None = None, max_rows: int = MAX_ROWS,
                max_bytes: int = MAX_BYTES) -> list[Person]:
    """The people on the roster at ``path``; raise ``RosterError`` listing every bad row if any is bad."""
    roster = check_roster(path, sheet=sheet, max_rows=max_rows, max_bytes=max_bytes)
    if roster.problems:
        raise RosterError(f"{path}: {len(roster.bad_rows)} bad row(s) in the roster; nothing was written",
                          roster.problems)
    return roster.people
