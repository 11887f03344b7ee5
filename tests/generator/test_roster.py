"""Rosters built in code (CSV UTF-8, UTF-8 with BOM, GBK; .xlsx): every bad row reported with row and column."""

from __future__ import annotations

import csv
import datetime as dt
import io
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from clause_library.errors import RosterError
from clause_library.identifiers import mask_resident_id
from generator.roster import check_roster, complete_resident_id, looks_like_formula, read_roster
from tests.generator.rosters import HEADER, ID_COL, good_rows, person_id, write_roster

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
