"""Reading a roster: every row checked, every bad one reported at once, with notes on what Excel hides."""

from __future__ import annotations

from pathlib import Path

from clause_library.errors import Problem, RosterError

from .cells import RowCheck, check_row, column_letter, is_blank
from .header import find_header
from .people import MAX_BYTES, MAX_ROWS, Person, Roster
from .sources import Source, raw_rows

__all__ = ["check_roster", "read_roster"]


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
    source = raw_rows(path, max_bytes, sheet)
    rows = source.rows
    header_row, columns = find_header(rows, file)
    roster = Roster(path, [], sheet=source.sheet, notes=list(source.notes))
    seen_ids: dict[str, int] = {}
    by_row: dict[int, Person] = {}
    dup_problems: list[Problem] = []
    hidden = [header_row] if header_row in source.hidden_rows else []
    data_rows = 0
    for number, cells in enumerate(rows, start=header_row + 1):
        if all(is_blank(c) for c in cells):
            roster.blank_rows += 1
            continue
        data_rows += 1
        if data_rows > max_rows:
            raise RosterError(f"{file}: more than {max_rows:,} people; split the roster into smaller files")
        if number in source.hidden_rows:
            hidden.append(number)
        chk = RowCheck(file, number, columns)
        person = check_row(chk, cells)
        if person is not None:
            first = seen_ids.get(person.id_number)
            if first is not None:
                where = chk.where("id_number")
                dup_problems.append(Problem(file, f"the same ID number as row {number}", line=first, field=where))
                dup_problems.append(Problem(file, f"the same ID number as row {first}", line=number, field=where))
                by_row.pop(first, None)
                roster.bad_rows += [number, first]  # made unique once, below: no scan of the list per row
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


def _hidden_notes(file: str, source: Source, hidden_rows: list[int], columns: dict[str, tuple[int, str]]) -> list[str]:
    """Warnings naming the hidden rows that hold something and the hidden columns that are read."""
    notes = []
    if hidden_rows:
        notes.append(f"{file}: row(s) {_ranges(hidden_rows)} of worksheet {source.sheet!r} are hidden in Excel (or "
                     "filtered out); they are read like the others, so unhide them and check them")
    used = sorted((index, header) for index, header in columns.values() if index in source.hidden_columns)
    if used:
        shown = ", ".join(f"{column_letter(i)} ({header})" for i, header in used)
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
