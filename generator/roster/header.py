"""The roster's header row: which column holds which field, under any of the names people give it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from clause_library.errors import Problem, RosterError
from clause_library.safety import shown

from .cells import cell_text, column_letter, is_blank
from .people import REQUIRED_FIELDS

__all__ = ["HEADER_ALIASES", "find_header"]

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
_LABEL = {"name": "姓名/name", "id_number": "身份证号/id_number", "role": "岗位/role",
          "start_date": "入场日期/start_date", "email": "邮箱/email", "phone": "手机/phone"}


def _norm_header(text: str) -> str:
    return re.sub(r"[\s_\-（）()：:*]", "", text).lower()


_ALIAS_TO_FIELD = {_norm_header(a): f for f, aliases in HEADER_ALIASES.items() for a in aliases}


def find_header(rows: Iterator[list[Any]], file: str) -> tuple[int, dict[str, tuple[int, str]]]:
    """Consume rows up to the header; return its row number and field → (column index, header text)."""
    seen: list[tuple[int, list[str]]] = []
    for number, cells in enumerate(rows, start=1):
        if all(is_blank(c) for c in cells):
            continue
        texts = [cell_text(c) for c in cells]
        columns: dict[str, tuple[int, str]] = {}
        duplicates: list[Problem] = []
        for index, text in enumerate(texts):
            fieldname = _ALIAS_TO_FIELD.get(_norm_header(text))
            if fieldname is None:
                continue
            if fieldname in columns:
                first = columns[fieldname]
                duplicates.append(Problem(file, f"a second {_LABEL[fieldname]} column (the first is column "
                                          f"{column_letter(first[0])} {first[1]!r}); keep one",
                                          line=number, field=f"{text} (column {column_letter(index)})"))
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
