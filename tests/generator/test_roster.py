"""Rosters built in code (CSV UTF-8, UTF-8 with BOM, GBK; .xlsx): every bad row reported with row and column."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from clause_library.errors import RosterError
from clause_library.identifiers import mask_resident_id
from generator.roster import check_roster, complete_resident_id, looks_like_formula, read_roster

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


FORMATS = ["roster.csv", "roster.bom.csv", "roster.gbk.csv", "roster.xlsx"]


@pytest.mark.parametrize("name", FORMATS)
def test_reads_each_format_and_encoding(tmp_path: Path, name: str) -> None:
    rows = good_rows(3)
    rows[1][1] = "欧阳明轩"
    people = read_roster(write_roster(tmp_path / name, rows))
    assert [p.name for p in people] == ["员工1号", "欧阳明轩", "员工3号"]
    assert [p.row for p in people] == [2, 3, 4]
    assert people[0].id_number == person_id(0)
    assert people[0].start_date == dt.date(2026, 5, 1)
    assert people[0].role == "客服专员"


def test_english_headers_aliases_and_date_forms(tmp_path: Path) -> None:
    rows = [["Lin Xiao", person_id(1).lower(), "Agent", "2026/5/6", "+86 138 0013 8000"],
            ["Chen Si", person_id(2), "Team lead", "2026年5月13日", ""]]
    path = write_roster(tmp_path / "r.csv", rows, ["Name", "ID number", "Position", "Start date", "Mobile"])
    people = read_roster(path)
    assert people[0].id_number == person_id(1).upper()
    assert people[0].start_date == dt.date(2026, 5, 6)
    assert people[0].phone == "+86 138 0013 8000"
    assert people[1].start_date == dt.date(2026, 5, 13)


def _bad(case: str, rows: list[list[Any]]) -> tuple[int, str]:
    """Spoil ``rows`` for ``case``; return the (Excel row, column) the problem must be reported at."""
    if case == "missing name":
        rows[2][1] = ""
        return 4, "姓名 (column B)"
    if case == "bad check digit":
        pid = rows[1][2]
        rows[1][2] = pid[:17] + ("0" if pid[17] != "0" else "1")
        return 3, ID_COL
    if case == "impossible birth date":
        rows[3][2] = complete_resident_id("44030519900230123")
        return 5, ID_COL
    if case == "formula name":
        rows[0][1] = '=HYPERLINK("http://x.example","点我")'
        return 2, "姓名 (column B)"
    if case == "formula id":
        rows[0][2] = "=" + rows[0][2]
        return 2, ID_COL
    if case == "bad start date":
        rows[2][4] = "下周一"
        return 4, "入场日期 (column E)"
    if case == "missing role":
        rows[1][3] = "  "
        return 3, "岗位 (column D)"
    raise AssertionError(case)


CASES = ["missing name", "bad check digit", "impossible birth date", "formula name", "formula id",
         "bad start date", "missing role"]


@pytest.mark.parametrize("name", ["roster.gbk.csv", "roster.xlsx"])
@pytest.mark.parametrize("case", CASES)
def test_each_bad_row_reported_with_row_and_column(tmp_path: Path, name: str, case: str) -> None:
    rows = good_rows(5)
    row, column = _bad(case, rows)
    with pytest.raises(RosterError) as e:
        read_roster(write_roster(tmp_path / name, rows))
    assert [(p.line, p.field) for p in e.value.problems] == [(row, column)]
    assert f":{row} [{column}]" in str(e.value)


@pytest.mark.parametrize("name", FORMATS)
def test_duplicate_id_names_both_rows(tmp_path: Path, name: str) -> None:
    rows = good_rows(6)
    rows[4][2] = rows[1][2]
    with pytest.raises(RosterError) as e:
        read_roster(write_roster(tmp_path / name, rows))
    got = sorted((p.line, p.field, p.message) for p in e.value.problems)
    assert got == [(3, ID_COL, "the same ID number as row 6"), (6, ID_COL, "the same ID number as row 3")]


def test_every_bad_row_at_once_and_good_rows_kept(tmp_path: Path) -> None:
    rows = good_rows(8)
    expected = set()
    for case, spoil in (("missing name", rows), ("bad check digit", rows), ("formula name", rows)):
        expected.add(_bad(case, spoil))
    roster = check_roster(write_roster(tmp_path / "r.xlsx", rows))
    assert {(p.line, p.field) for p in roster.problems} == expected
    assert roster.bad_rows == [2, 3, 4]
    assert [p.row for p in roster.people] == [5, 6, 7, 8, 9]


def test_blank_rows_skipped_and_numbering_kept(tmp_path: Path) -> None:
    rows = good_rows(3)
    rows.insert(1, ["", "", "", "", ""])
    rows[3][1] = ""
    with pytest.raises(RosterError) as e:
        read_roster(write_roster(tmp_path / "r.csv", rows))
    assert [(p.line, p.field) for p in e.value.problems] == [(5, "姓名 (column B)")]


@pytest.mark.parametrize("name", ["roster.csv", "roster.xlsx"])
def test_wrong_header_is_reported_at_row_one(tmp_path: Path, name: str) -> None:
    path = write_roster(tmp_path / name, good_rows(2), ["编号", "员工", "证件", "工种", "日期"])
    with pytest.raises(RosterError) as e:
        read_roster(path)
    assert [(p.line, p.field) for p in e.value.problems] == [(1, "(header)")]
    assert "姓名/name" in str(e.value) and "员工" in str(e.value)


def test_header_missing_a_required_column(tmp_path: Path) -> None:
    path = write_roster(tmp_path / "r.csv", [r[:3] for r in good_rows(2)], HEADER[:3])
    with pytest.raises(RosterError) as e:
        read_roster(path)
    assert {p.message for p in e.value.problems} == {"no 岗位/role column in the header",
                                                      "no 入场日期/start_date column in the header"}


def test_title_row_above_the_header(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["深圳声联客服外包有限公司 驻场人员名单"])
    ws.append(HEADER)
    for r in good_rows(2):
        ws.append(r)
    ws.append([3, "", person_id(9), "客服专员", "2026-05-01"])
    wb.save(tmp_path / "r.xlsx")
    roster = check_roster(tmp_path / "r.xlsx")
    assert [p.row for p in roster.people] == [3, 4]
    assert [(p.line, p.field) for p in roster.problems] == [(5, "姓名 (column B)")]


def test_xlsx_formula_cell_is_flagged_never_evaluated(tmp_path: Path) -> None:
    rows = good_rows(2)
    rows[1][1] = "=B2&\"x\""
    rows[0][4] = dt.datetime(2026, 5, 1)
    roster = check_roster(write_roster(tmp_path / "r.xlsx", rows))
    assert [(p.line, p.field) for p in roster.problems] == [(3, "姓名 (column B)")]
    assert roster.people[0].start_date == dt.date(2026, 5, 1)


def test_xlsx_id_stored_as_a_number(tmp_path: Path) -> None:
    rows = good_rows(2)
    rows[0][2] = float(rows[0][2])
    with pytest.raises(RosterError) as e:
        read_roster(write_roster(tmp_path / "r.xlsx", rows))
    assert e.value.problems[0].line == 2 and "format the column as Text" in e.value.problems[0].message


def test_messages_never_echo_an_id_number(tmp_path: Path) -> None:
    rows = good_rows(3)
    rows[0][2] = "=" + person_id(0)
    rows[1][2] = person_id(1)[:17] + ("0" if person_id(1)[17] != "0" else "1")
    with pytest.raises(RosterError) as e:
        read_roster(write_roster(tmp_path / "r.csv", rows))
    assert person_id(0) not in str(e.value) and person_id(1)[:17] not in str(e.value)


def test_limits(tmp_path: Path) -> None:
    path = write_roster(tmp_path / "r.csv", good_rows(30))
    with pytest.raises(RosterError, match="more than 20 people"):
        read_roster(path, max_rows=20)
    with pytest.raises(RosterError, match="more than the 100 a roster may have"):
        read_roster(path, max_bytes=100)
    (tmp_path / "r.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(RosterError, match=r"\.xls format"):
        read_roster(tmp_path / "r.xls")
    (tmp_path / "bad.xlsx").write_bytes(b"not a zip")
    with pytest.raises(RosterError, match=r"not an \.xlsx workbook"):
        read_roster(tmp_path / "bad.xlsx")


def test_undecodable_csv(tmp_path: Path) -> None:
    (tmp_path / "r.csv").write_bytes("姓名,身份证号\n".encode() + b"\xff\xfe\xfa\x80\x81")
    with pytest.raises(RosterError, match="UTF-8 or GBK"):
        read_roster(tmp_path / "r.csv")


@pytest.mark.parametrize(("text", "formula"), [("=1+1", True), ("+cmd|' /C calc'!A0", True), ("-2+3", True),
                                               ("@SUM(A1)", True), ("\t=1", True), ("林晓", False), ("a=b", False)])
def test_looks_like_formula(text: str, formula: bool) -> None:
    assert looks_like_formula(text) is formula


def _calls(work: Callable[[], object]) -> int:
    """How many Python and built-in functions ``work`` calls: its work, counted, whatever the machine's load."""
    count = 0

    def profile(frame: object, event: str, arg: object) -> None:
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    previous = sys.getprofile()
    sys.setprofile(profile)
    try:
        work()
    finally:
        sys.setprofile(previous)
    return count


# The calls reading one more good row may cost: about 85 today, so room for checks to come, not for a step that
# costs a scan of the roster (or of its problems) per row.
_CALLS_PER_ROW = 250


def test_reading_a_roster_costs_the_same_work_per_row(tmp_path: Path) -> None:
    """Linear in the rows, counted rather than timed: four times the rows, four times the calls (a step quadratic
    in the rows would make it sixteen), each row within a budget of calls."""
    small, large = (write_roster(tmp_path / f"r{n}.csv", good_rows(n)) for n in (500, 2_000))
    read_roster(small)  # what is done once (imports, compiled patterns) is done before counting
    few, many = _calls(lambda: read_roster(small)), _calls(lambda: read_roster(large))
    assert many / few < 4.5, f"500 rows: {few:,} calls; 2,000 rows: {many:,} calls"
    assert (many - few) / 1_500 < _CALLS_PER_ROW, f"{(many - few) / 1_500:.0f} calls per row"


def test_ten_thousand_rows_are_all_read(tmp_path: Path) -> None:
    people = read_roster(write_roster(tmp_path / "big.csv", good_rows(10_000)))
    assert len(people) == 10_000 and people[-1].row == 10_001


# ------------------------------------------------------------------ worksheets, hidden rows, DTDs


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
    path = _rewrite_member(two_sheet_workbook(tmp_path / "r.xlsx"), "xl/workbook.xml",
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


def _rewrite_member(path: Path, member: str, edit: Callable[[bytes], bytes]) -> Path:
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


@pytest.mark.parametrize("member", ["xl/worksheets/sheet1.xml", "xl/workbook.xml", "[Content_Types].xml"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_a_dtd_or_entity_is_refused_before_parsing(tmp_path: Path, member: str, encoding: str) -> None:
    def add_dtd(data: bytes) -> bytes:
        return with_dtd(data).decode().replace('encoding="UTF-8"', f'encoding="{encoding.upper()}"').encode(encoding)

    path = _rewrite_member(write_roster(tmp_path / "r.xlsx", good_rows(2)), member, add_dtd)
    with pytest.raises(RosterError, match=r"refused: the workbook contains a DTD/entity declaration \(in "
                                          + re.escape(member)):
        check_roster(path)


def test_a_damaged_sheet_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    path = _rewrite_member(write_roster(tmp_path / "r.xlsx", good_rows(2)), "xl/worksheets/sheet1.xml",
                           lambda data: data.replace(b"</sheetData>", b"<row><c><v>1</sheetData>"))
    with pytest.raises(RosterError, match="cannot be read"):
        check_roster(path)


# ------------------------------------------------------------------ ID numbers never echoed, control characters


def test_id_numbers_in_any_echoed_cell_are_masked(tmp_path: Path) -> None:
    secret = person_id(7)
    rows = [[*r, f"{r[1]}@example.cn"] for r in good_rows(3)]
    rows[0][4] = secret  # the ID number typed into the start-date column
    rows[1][5] = f"x{secret}"  # and into the e-mail column
    path = write_roster(tmp_path / "r.csv", rows, [*HEADER, "邮箱"])
    roster = check_roster(path)
    text = "\n".join(str(p) for p in roster.problems)
    assert [(p.line, p.field) for p in roster.problems] == [(2, "入场日期 (column E)"), (3, "邮箱 (column F)")]
    assert secret not in text and secret[:14] not in text
    assert mask_resident_id(secret) in text


def test_a_roster_without_header_does_not_echo_the_ids_of_its_first_row(tmp_path: Path) -> None:
    path = write_roster(tmp_path / "r.csv", good_rows(2), ["1", "员工0号", person_id(50), "客服专员", "2026-05-01"])
    with pytest.raises(RosterError) as e:
        check_roster(path)
    assert person_id(50) not in str(e.value) and mask_resident_id(person_id(50)) in str(e.value)


@pytest.mark.parametrize(("column", "index", "text"), [
    ("姓名 (column B)", 1, "张\x07三"), ("姓名 (column B)", 1, "张\x85三"), ("岗位 (column D)", 3, "客服\ufffe"),
    ("岗位 (column D)", 3, "客服\n专员"), ("姓名 (column B)", 1, "张\x00三"), ("姓名 (column B)", 1, "张\u202e三"),
])
def test_control_characters_refused_per_row_and_column(tmp_path: Path, column: str, index: int, text: str) -> None:
    rows = good_rows(3)
    rows[1][index] = text
    path = tmp_path / "r.csv"
    buf = io.StringIO(newline="")
    csv.writer(buf).writerows([HEADER, *rows])
    path.write_bytes(buf.getvalue().encode("utf-8", "surrogatepass"))
    roster = check_roster(path)
    assert [(p.line, p.field) for p in roster.problems] == [(3, column)]
    assert "character" in roster.problems[0].message
    assert [p.row for p in roster.people] == [2, 4]
