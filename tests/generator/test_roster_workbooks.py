"""Rosters as workbooks: which worksheet is read, hidden rows and columns named, DTDs and damaged sheets refused."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from openpyxl import Workbook

from clause_library.errors import RosterError
from generator.roster import check_roster
from tests.generator.rosters import (
    HEADER,
    good_rows,
    rewrite_member,
    two_sheet_workbook,
    with_dtd,
    write_roster,
)


def test_the_active_sheet_is_read_not_a_hidden_first_one(tmp_path: Path) -> None:
    roster = check_roster(two_sheet_workbook(tmp_path / "r.xlsx"))
    assert [p.name for p in roster.people] == ["员工1号", "员工2号"]
    assert roster.sheet == "名单"
    assert any("only worksheet '名单' is read (the active one)" in n and "'旧名单' (hidden)" in n
               for n in roster.notes), roster.notes


def test_sheet_chooses_the_worksheet(tmp_path: Path) -> None:
    path = two_sheet_workbook(tmp_path / "r.xlsx")
    roster = check_roster(path, sheet="旧名单")
    assert [p.name for p in roster.people] == ["离职员工1", "离职员工2", "离职员工3"]
    assert any("'旧名单' is hidden in Excel; it is the one read" in n for n in roster.notes)
    with pytest.raises(RosterError, match="no worksheet named '第三页'; the workbook has '旧名单', '名单'"):
        check_roster(path, sheet="第三页")
    csv_path = write_roster(tmp_path / "r.csv", good_rows(1))
    with pytest.raises(RosterError, match="a CSV file has none"):
        check_roster(csv_path, sheet="名单")


def test_a_single_sheet_gives_no_note(tmp_path: Path) -> None:
    assert check_roster(write_roster(tmp_path / "r.xlsx", good_rows(2))).notes == []


def test_a_hidden_active_sheet_is_refused(tmp_path: Path) -> None:
    # Excel and openpyxl never save a hidden sheet as the active one; a crafted workbook may.
    path = rewrite_member(two_sheet_workbook(tmp_path / "r.xlsx"), "xl/workbook.xml",
                           lambda data: data.replace(b'activeTab="1"', b'activeTab="0"'))
    with pytest.raises(RosterError, match=r"the active worksheet '旧名单' is hidden; choose .* with --sheet NAME"):
        check_roster(path)


def test_hidden_rows_are_read_and_named(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    for row in good_rows(6):
        ws.append(row)
    for r in (3, 4, 6):
        ws.row_dimensions[r].hidden = True
    ws.row_dimensions[9].hidden = True  # below the list, empty: not worth a word
    ws.column_dimensions["C"].hidden = True
    wb.save(tmp_path / "r.xlsx")
    roster = check_roster(tmp_path / "r.xlsx")
    assert [p.row for p in roster.people] == [2, 3, 4, 5, 6, 7]
    assert any("row(s) 3-4, 6 of worksheet 'Sheet' are hidden" in n and "read like the others" in n
               for n in roster.notes), roster.notes
    assert any("column(s) C (身份证号)" in n for n in roster.notes), roster.notes


@pytest.mark.parametrize("member", ["xl/worksheets/sheet1.xml", "xl/workbook.xml", "[Content_Types].xml"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_a_dtd_or_entity_is_refused_before_parsing(tmp_path: Path, member: str, encoding: str) -> None:
    def add_dtd(data: bytes) -> bytes:
        return with_dtd(data).decode().replace('encoding="UTF-8"', f'encoding="{encoding.upper()}"').encode(encoding)

    path = rewrite_member(write_roster(tmp_path / "r.xlsx", good_rows(2)), member, add_dtd)
    with pytest.raises(RosterError, match=r"refused: the workbook contains a DTD/entity declaration \(in "
                                          + re.escape(member)):
        check_roster(path)


def test_a_damaged_sheet_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    path = rewrite_member(write_roster(tmp_path / "r.xlsx", good_rows(2)), "xl/worksheets/sheet1.xml",
                           lambda data: data.replace(b"</sheetData>", b"<row><c><v>1</sheetData>"))
    with pytest.raises(RosterError, match="cannot be read"):
        check_roster(path)
