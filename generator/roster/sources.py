"""A roster file's raw rows (CSV, or one worksheet of an .xlsx workbook) and what Excel would not show of them.

CSV in the encodings Excel saves; of a workbook, the sheets not read and the hidden rows and columns.
"""

from __future__ import annotations

import csv
import io
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from clause_library.errors import RosterError

from ..ooxml.spreadsheet import dtd_member, hidden_rows_and_columns

__all__ = ["Source", "raw_rows"]


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
class Source:
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


def _xlsx_rows(path: Path, max_bytes: int, sheet: str | None) -> Source:
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
    return Source(_sheet_rows(wb, ws, file), ws.title, hidden_rows, hidden_columns, notes)


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


def raw_rows(path: Path, max_bytes: int, sheet: str | None) -> Source:
    suffix = path.suffix.lower()
    if not path.is_file():
        raise RosterError(f"{path}: no such roster file")
    if suffix in (".xlsx", ".xlsm"):
        return _xlsx_rows(path, max_bytes, sheet)
    if sheet is not None and suffix in (".csv", ".txt", ".tsv"):
        raise RosterError(f"{path}: --sheet {sheet!r} names a worksheet, but a CSV file has none; leave it out")
    if suffix in (".csv", ".txt", ".tsv"):
        return Source(_csv_rows(path, max_bytes))
    if suffix == ".xls":
        raise RosterError(f"{path}: the old .xls format is not read; save it from Excel as .xlsx or CSV")
    raise RosterError(f"{path}: a roster is an .xlsx workbook or a .csv file, not {suffix or 'a file without suffix'}")
