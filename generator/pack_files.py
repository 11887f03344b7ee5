"""The side files of an NDA pack: index.xlsx, the invalid-rows report, manifest and zip."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from clause_library.errors import Problem

from .ooxml import FIXED_TIME, ZIP_EPOCH, deterministic_zip
from .roster import looks_like_formula

__all__ = [
    "PledgeFile",
    "escape_cell",
    "write_index",
    "write_invalid_rows",
    "write_pack_manifest",
    "write_pack_zip",
    "xlsx_bytes",
]

# Already compressed: stored as is in the pack's zip (deflating them again costs time, saves nothing).
_STORED = (".docx", ".xlsx", ".pdf", ".zip")
# The signatures a person of the pack gives, all in their pledge: the undertaking with its training acknowledgment,
# and the two separate consents (PIPL arts. 14, 23, 29). The index says "待签 to sign" until a date is written in.
SIGNED = ("保密承诺书及培训确认 Undertaking and training", "个人信息单独同意 Consent: personal information",
          "背景调查单独同意 Consent: background check")
TO_SIGN = "待签 to sign"
INDEX_HEADER = ("序号 No.", "承诺书编号 Pledge no.", "姓名 Name", "身份证号（脱敏） ID number (masked)", "岗位 Role",
                "入场日期 Start date",
                "文件 File", "SHA-256", "名单行号 Roster row",
                # what each person signs, one column each, to be filled with the date it is signed (issue 13)
                *SIGNED)


@dataclass(frozen=True, slots=True)
class PledgeFile:
    """One person's pledge as written: its number in the family and the pledge number made of it, roster row,
    file (relative) and its hash."""

    number: int
    contract_no: str
    row: int
    name: str
    id_masked: str
    role: str
    start_date: dt.date
    file: str
    sha256: str
    size: int


def escape_cell(text: str) -> str:
    """``text`` safe for a spreadsheet cell: a leading = + - @ (a formula trigger) gets a ``'`` before it."""
    return "'" + text if looks_like_formula(text) else text


def write_index(path: Path, pledges: list[PledgeFile]) -> bytes:
    """Write index.xlsx (person → file, and what they sign: ``SIGNED``, each ``TO_SIGN`` until a date is entered)
    with fixed properties and zip entries; return its bytes."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    wb.properties.created = wb.properties.modified = FIXED_TIME
    wb.properties.creator = wb.properties.lastModifiedBy = "contracts generator"
    ws = wb.create_sheet("index")
    ws.append(list(INDEX_HEADER))
    for p in pledges:
        ws.append([p.number, escape_cell(p.contract_no), escape_cell(p.name), escape_cell(p.id_masked),
                   escape_cell(p.role), p.start_date.isoformat(), escape_cell(p.file), p.sha256, p.row,
                   *(TO_SIGN for _ in SIGNED)])
    data = xlsx_bytes(wb)
    path.write_bytes(data)
    return data


def xlsx_bytes(wb: Any) -> bytes:
    """An openpyxl workbook's bytes with its own fixed dates kept and fixed zip entries: same cells, same bytes.

    ``Workbook.save`` would stamp the current time as the modification date.
    """
    from openpyxl.writer.excel import ExcelWriter

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()
    return deterministic_zip(buf.getvalue())


def write_invalid_rows(path: Path, problems: list[Problem]) -> bytes:
    """Write the rows left out of the pack (row, column, problem) as CSV that Excel opens in UTF-8."""
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(["行号 Row", "列 Column", "问题 Problem"])
    for p in problems:
        w.writerow([p.line or "", escape_cell(p.field or ""), escape_cell(p.message)])
    data = ("\ufeff" + buf.getvalue()).encode("utf-8")
    path.write_bytes(data)
    return data


def write_pack_manifest(folder: Path, hashes: dict[str, tuple[int, str]], extra: dict[str, Any]) -> bytes:
    """manifest.json: every file of the pack (sorted) with size and SHA-256, as ``write_manifest`` lays it out.

    ``hashes`` maps each relative path to (bytes, sha256), gathered as the files were written.
    """
    files = [{"file": name, "bytes": size, "sha256": sha} for name, (size, sha) in sorted(hashes.items())]
    data = (json.dumps({**extra, "files": files}, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()
    (folder / "manifest.json").write_bytes(data)
    return data


def write_pack_zip(folder: Path, names: list[str], target: Path) -> None:
    """Zip ``names`` (relative to ``folder``) into ``target``: sorted, fixed timestamps, streamed from disk."""
    with zipfile.ZipFile(target, "w") as zf:
        for name in sorted(names):
            src = folder / name
            info = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_STORED if name.endswith(_STORED) else zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            info.create_system = 0
            info.file_size = src.stat().st_size
            with src.open("rb") as f, zf.open(info, "w") as dst:
                shutil.copyfileobj(f, dst, 1 << 20)
