"""Rosters built in code for the tests: people with valid ID numbers, CSV (UTF-8, BOM, GBK) and .xlsx files,
workbooks with two sheets, and members rewritten (a DTD slipped in)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from generator.roster import complete_resident_id

HEADER = ["序号", "姓名", "身份证号", "岗位", "入场日期"]
ID_COL = "身份证号 (column C)"


def person_id(i: int) -> str:
    born = dt.date(1985, 1, 1) + dt.timedelta(days=i)
    return complete_resident_id(f"440305{born:%Y%m%d}{i % 1000:03d}")


def good_rows(n: int) -> list[list[Any]]:
    return [[i + 1, f"员工{i + 1}号", person_id(i), "客服专员", "2026-05-01"] for i in range(n)]


def write_roster(path: Path, rows: list[list[Any]], header: list[str] | None = None) -> Path:
    """``path``'s suffix picks the format: .xlsx, or .csv in the encoding named before it (x.gbk.csv)."""
    header = HEADER if header is None else header
    if path.suffix == ".xlsx":
        wb = Workbook()
        ws = wb.active
        ws.append(header)
        for row in rows:
            ws.append(row)
        wb.save(path)
        return path
    encoding = {".gbk": "gbk", ".bom": "utf-8-sig"}.get(Path(path.stem).suffix, "utf-8")
    buf = io.StringIO(newline="")
    w = csv.writer(buf)
    w.writerow(header)
    w.writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def two_sheet_workbook(path: Path) -> Path:
    """A hidden (or visible) first sheet with an old list, and the current list on the second, active sheet."""
    wb = Workbook()
    old = wb.active
    old.title = "旧名单"
    old.append(HEADER)
    for i in range(3):
        old.append([i + 1, f"离职员工{i + 1}", person_id(100 + i), "客服专员", "2025-01-01"])
    current = wb.create_sheet("名单")
    current.append(HEADER)
    for row in good_rows(2):
        current.append(row)
    old.sheet_state = "hidden"
    wb.active = 1
    wb.save(path)
    return path


def rewrite_member(path: Path, member: str, edit: Callable[[bytes], bytes]) -> Path:
    with zipfile.ZipFile(path) as z:
        items = [(i, z.read(i)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in items:
            z.writestr(info, edit(data) if info.filename == member else data)
    return path


DTD = '<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'


def with_dtd(data: bytes) -> bytes:
    """An XML member with ``DTD`` in its prolog (after the XML declaration, if it has one)."""
    if data.startswith(b"<?xml"):
        head, _, rest = data.partition(b"?>")
        return head + b"?>" + DTD.encode() + rest
    return DTD.encode() + data
