"""Fuzz `contracts nda-pack` with rosters built here: .csv in several encodings and delimiters, and .xlsx
made with openpyxl (odd cells, formulas, blank rows, title rows, hidden sheets and rows), then
corrupted workbooks and random bytes.

The property: the pack with one pledge per valid person (exit 0), or exit 2 naming the roster (and
the row, for a bad row) with nothing written; never a traceback, a hang, a staging folder left
behind, a full resident ID number echoed, or unbounded memory.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hypothesis import assume, example, given, reject
from hypothesis import strategies as st
from openpyxl import Workbook

from generator.roster import HEADER_ALIASES, complete_resident_id
from tests.conftest import STANDALONE_PACK

from .harness import Outcome, assert_clear_error, assert_sound, leftovers, run_cli, tree

REQUEST = STANDALONE_PACK
PACK = "NDA-2026-0042-pack"
FIELDS = ("name", "id_number", "role", "start_date")
NAMES = ["林晓", "王芳", "张伟", "李娜", "欧阳明月", "Chen Wei", "Zhang San"]
ROLES = ["客服专员", "班组长", "质检员", "Agent"]
_COUNT = re.compile(r"the NDA and (\d+) pledge")
_ID = re.compile(r"^[0-9]{17}[0-9Xx]$")
_XLSX_BAD = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass
class Sheet:
    """Rows of one worksheet and what the property expects of them."""

    rows: list[list[Any]]
    people: int = 0  # rows that are valid people
    bad_rows: list[int] = field(default_factory=list)  # 1-based row numbers surely rejected
    odd: bool = False  # holds a cell whose fate the test does not predict
    ids: list[str] = field(default_factory=list)


# Cells that make a row surely bad in a required column, and cells whose verdict is the reader's to make.
BAD_CELLS = st.sampled_from(["=1+1", '=HYPERLINK("http://x","点我")', "+86 1", "@SUM(A1)", "-2", "a\nb", "x\x07y",
                             "名" * 200, "", "  "])
ODD_CELLS = st.one_of(
    st.none(), st.booleans(), st.integers(-(10**20), 10**20), st.floats(allow_nan=False, allow_infinity=False),
    st.dates(), st.datetimes(), st.text(max_size=20),
    st.sampled_from(["2026-02-30", "2026/13/45", "2026年5月1日", "20001", "79999", "0", "-1", "1e308", "N/A", "TRUE",
                     "\u202e林晓", "\u200b", "ＡＢＣ", "1.10101199003071e17", "#REF!", "\ufeff姓名"]),
)


def _id(birth: dt.date, seq: int) -> str:
    return complete_resident_id(f"110101{birth:%Y%m%d}{seq % 1000:03d}")


@st.composite
def sheets(draw: st.DrawFn, *, csv_cells: bool, first_id: int = 0, clean: bool = False) -> Sheet:
    """A header (maybe under a title row), one to five people, blank rows, maybe (unless ``clean``) bad or
    odd cells."""
    headers = [draw(st.sampled_from(HEADER_ALIASES[f])) for f in FIELDS]
    extra = draw(st.booleans())
    rows: list[list[Any]] = []
    if draw(st.booleans()):  # a title row, padded to the table's width as Excel saves it
        rows.append(["XX公司驻场人员名单"] + [""] * (len(headers) - 1 + extra))
    rows.append(headers + (["备注"] if extra else []))
    sheet = Sheet(rows)
    for i in range(draw(st.integers(1, 5))):
        while draw(st.booleans()) and draw(st.booleans()):
            rows.append([None] * len(headers) if not csv_cells else [""] * len(headers))
        birth = draw(st.dates(dt.date(1960, 1, 1), dt.date(2004, 12, 31)))
        start = draw(st.dates(dt.date(2026, 1, 1), dt.date(2027, 12, 31)))
        ident = _id(birth, first_id + i)
        row: list[Any] = [draw(st.sampled_from(NAMES)), ident, draw(st.sampled_from(ROLES)),
                          start.isoformat() if csv_cells or draw(st.booleans()) else start]
        if extra:
            row.append(draw(st.text(max_size=10)))
        what = "ok" if clean else draw(st.sampled_from(["ok", "ok", "ok", "bad", "odd", "bad_id"]))
        column = draw(st.integers(0, 3))
        if what == "bad":
            row[column] = draw(BAD_CELLS)
        elif what == "bad_id":
            row[1] = ident[:17] + ("0" if ident[17] != "0" else "1")
        elif what == "odd":
            row[column] = draw(ODD_CELLS)
        if _ID.match(str(row[1])):
            sheet.ids.append(str(row[1]))
        if csv_cells:
            row = ["" if c is None else str(c) for c in row]
        else:  # openpyxl refuses control characters in cells (Excel cannot hold them either): a line break then
            row = [_XLSX_BAD.sub("\n", c) if isinstance(c, str) else c for c in row]
        rows.append(row)
        if what in ("bad", "bad_id"):
            sheet.bad_rows.append(len(rows))
        elif what == "odd":
            sheet.odd = True
        else:
            sheet.people += 1
    return sheet


def _pack_and_check(roster: Path, work: Path, sheet: Sheet, *, skip_invalid: bool, expected: int | None) -> Outcome:
    """Run nda-pack on ``roster`` and check the general property; ``expected`` pledges if known."""
    out = work / "out"
    args = ["nda-pack", REQUEST, "--roster", roster, "--out", out] + (["--skip-invalid"] if skip_invalid else [])
    o = run_cli(args, cwd=work)
    assert_sound(o, codes=(0, 2))
    assert not leftovers(work), f"left behind: {leftovers(work)}\n{o}"
    for i in sheet.ids:
        assert i not in o.output, f"a full resident ID number was echoed:\n{o}"
    written = tree(out)
    if o.code == 0:
        m = _COUNT.search(o.stdout)
        assert m, f"exit 0 without saying how many pledges:\n{o}"
        pledges = [p for p in written if p.startswith(f"{PACK}/pledges/") and p.endswith(".docx")]
        assert len(pledges) == int(m[1]), f"said {m[1]} pledges, wrote {len(pledges)}:\n{o}"
        if expected is not None:
            assert int(m[1]) == expected, f"expected {expected} pledges:\n{o}"
    else:
        assert_clear_error(o, roster.name)
        assert not [p for p, s in written.items() if s >= 0], f"exit 2 but files were written: {written}\n{o}"
    return o


def _check_verdict(o: Outcome, roster: Path, sheet: Sheet, *, skip_invalid: bool) -> None:
    """What the sheet's construction predicts: every bad row named, valid people all pledged."""
    if sheet.odd:
        return
    if sheet.bad_rows and not skip_invalid:
        assert o.code == 2, f"bad rows {sheet.bad_rows} but exit {o.code}:\n{o}"
        text = " ".join(o.stderr.split())
        for row in sheet.bad_rows:
            assert f"{roster.name}:{row}" in text, f"bad row {row} is not named:\n{o}"
    elif sheet.people:
        assert o.code == 0, f"{sheet.people} valid people but exit {o.code}:\n{o}"


def _write_xlsx(path: Path, sheet: Sheet) -> None:
    wb = Workbook()
    ws = wb.active
    for row in sheet.rows:
        ws.append(row)
    wb.save(path)


_ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"])


@given(sheets(csv_cells=True), _ENCODINGS, st.sampled_from([",", "\t", ";"]), st.booleans(), st.booleans())
def test_csv_roster(sheet: Sheet, encoding: str, delimiter: str, crlf: bool, skip_invalid: bool) -> None:
    import csv

    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n" if crlf else "\n").writerows(sheet.rows)
    try:
        body = buf.getvalue().encode(encoding)
    except UnicodeEncodeError:
        body = buf.getvalue().encode("utf-8")
    with tempfile.TemporaryDirectory(prefix="fuzz-roster-") as tmp:
        roster = Path(tmp) / "staff.csv"
        roster.write_bytes(body)
        # A cell holding a line break spans two lines of the file: row numbers then differ from lines.
        multiline = any("\n" in str(c) or "\r" in str(c) for r in sheet.rows for c in r)
        o = _pack_and_check(roster, Path(tmp), sheet, skip_invalid=skip_invalid,
                            expected=None if sheet.odd else sheet.people)
        if not multiline:
            _check_verdict(o, roster, sheet, skip_invalid=skip_invalid)


@given(sheets(csv_cells=False), st.booleans())
def test_xlsx_roster(sheet: Sheet, skip_invalid: bool) -> None:
    with tempfile.TemporaryDirectory(prefix="fuzz-roster-") as tmp:
        roster = Path(tmp) / "staff.xlsx"
        _write_xlsx(roster, sheet)
        o = _pack_and_check(roster, Path(tmp), sheet, skip_invalid=skip_invalid,
                            expected=None if sheet.odd else sheet.people)
        _check_verdict(o, roster, sheet, skip_invalid=skip_invalid)


@given(sheets(csv_cells=False, clean=True), sheets(csv_cells=False, first_id=100, clean=True),
       st.sampled_from(["hidden", "veryHidden"]))
def test_xlsx_hidden_first_sheet_is_not_read(active: Sheet, hidden: Sheet, state: str) -> None:
    """The worksheet Excel shows (the active one) is the roster, not a hidden sheet before it."""
    assume(active.people != hidden.people)
    with tempfile.TemporaryDirectory(prefix="fuzz-roster-") as tmp:
        roster = Path(tmp) / "staff.xlsx"
        wb = Workbook()
        ws_hidden = wb.active
        ws_hidden.title = "old"
        for row in hidden.rows:
            ws_hidden.append(row)
        ws = wb.create_sheet("名单")
        for row in active.rows:
            ws.append(row)
        ws_hidden.sheet_state = state
        wb.active = 1
        wb.save(roster)
        sheet = Sheet(active.rows, active.people, ids=active.ids + hidden.ids)
        o = _pack_and_check(roster, Path(tmp), sheet, skip_invalid=False, expected=active.people)
        assert o.code == 0, f"a valid active sheet refused:\n{o}"
        assert "hidden" in o.output.lower(), f"the hidden sheet is not reported:\n{o}"


@given(sheets(csv_cells=False, clean=True), st.data())
def test_xlsx_hidden_rows_are_reported(sheet: Sheet, data: st.DataObject) -> None:
    header = next(i for i, r in enumerate(sheet.rows, start=1) if r[0] in HEADER_ALIASES["name"])
    people_rows = [i for i, r in enumerate(sheet.rows, start=1) if i > header and any(c for c in r)]
    hidden = data.draw(st.lists(st.sampled_from(people_rows), min_size=1, unique=True))
    with tempfile.TemporaryDirectory(prefix="fuzz-roster-") as tmp:
        roster = Path(tmp) / "staff.xlsx"
        wb = Workbook()
        ws = wb.active
        for row in sheet.rows:
            ws.append(row)
        for r in hidden:
            ws.row_dimensions[r].hidden = True
        wb.save(roster)
        o = _pack_and_check(roster, Path(tmp), sheet, skip_invalid=False, expected=None)
        if o.code == 0:
            n = int(_COUNT.search(o.stdout)[1])  # type: ignore[index]
            assert n in (sheet.people, sheet.people - len(hidden)), f"{n} pledges:\n{o}"
            assert "hidden" in o.output.lower(), f"hidden rows {hidden} are not reported:\n{o}"


@example("\x85", "csv", 0)
@given(st.sampled_from(["\x85", "\x8c", "\x9f", "\u2028", "\u2029", "\u202e", "\u200b", "\ufffe", "\U0010ffff"]),
       st.sampled_from(["csv", "xlsx"]), st.integers(0, 2))
def test_roster_cell_with_an_invisible_character(char: str, suffix: str, column: int) -> None:
    """A character a text field refuses (C1 controls, line separators, bidi overrides, noncharacters): the
    roster names the row, or the character is harmless; never a traceback from the pledge it would make."""
    rows: list[list[Any]] = [list(FIELDS), ["林晓", _id(dt.date(1990, 3, 7), 1), "客服专员", "2026-05-01"],
                             ["王芳", _id(dt.date(1991, 4, 8), 2), "客服专员", "2026-05-01"]]
    rows[2][2 * (column % 2)] = f"王{char}芳" if column % 2 == 0 else f"客服{char}专员"
    with tempfile.TemporaryDirectory(prefix="fuzz-roster-") as tmp:
        roster = Path(tmp) / f"staff.{suffix}"
        if suffix == "csv":
            roster.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")
        else:
            try:
                _write_xlsx(roster, Sheet(rows))
            except ValueError:  # lxml cannot write U+FFFE into a sheet: Excel cannot hold it either
                reject()
        o = _pack_and_check(roster, Path(tmp), Sheet(rows, ids=[r[1] for r in rows[1:]]), skip_invalid=False,
                            expected=None)
        if o.code == 2:
            assert f"{roster.name}:3" in " ".join(o.stderr.split()), f"the bad row is not named:\n{o}"


_DTD = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "entity">]>', b'<!DOCTYPE x SYSTEM "file:///etc/passwd">')


@given(sheets(csv_cells=False, clean=True), st.sampled_from(["truncate", "drop", "garbage", "dtd", "flip"]),
       st.integers(0, 10**6), st.binary(min_size=1, max_size=64))
def test_xlsx_corrupted(sheet: Sheet, how: str, where: int, junk: bytes) -> None:
    """A damaged workbook: a clear error naming it, or (if still readable) a correct pack."""
    buf = io.BytesIO()
    wb = Workbook()
    for row in sheet.rows:
        wb.active.append(row)
    wb.save(buf)
    body = buf.getvalue()
    if how == "truncate":
        body = body[: where % len(body)]
    elif how == "flip":
        at = where % len(body)
        body = body[:at] + bytes([body[at] ^ (junk[0] or 1)]) + body[at + 1 :]
    else:
        src = zipfile.ZipFile(io.BytesIO(body))
        names = src.namelist()
        victim = names[where % len(names)] if how != "dtd" else "xl/worksheets/sheet1.xml"
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
            for n in names:
                data = src.read(n)
                if n == victim:
                    if how == "drop":
                        continue
                    data = junk if how == "garbage" else _DTD[where % 2] + data.split(b"?>", 1)[-1]
                dst.writestr(n, data)
        body = out.getvalue()
    with tempfile.TemporaryDirectory(prefix="fuzz-roster-") as tmp:
        roster = Path(tmp) / "staff.xlsx"
        roster.write_bytes(body)
        _pack_and_check(roster, Path(tmp), Sheet(sheet.rows, ids=sheet.ids), skip_invalid=False, expected=None)


@given(st.binary(max_size=4096), st.sampled_from(["staff.csv", "staff.xlsx", "staff.tsv"]))
def test_roster_random_bytes(body: bytes, name: str) -> None:
    with tempfile.TemporaryDirectory(prefix="fuzz-roster-") as tmp:
        roster = Path(tmp) / name
        roster.write_bytes(body)
        o = run_cli(["nda-pack", REQUEST, "--roster", roster, "--out", Path(tmp) / "out"], cwd=Path(tmp))
        assert_clear_error(o, roster.name)
        assert not leftovers(Path(tmp))
        assert not [p for p, s in tree(Path(tmp) / "out").items() if s >= 0]
