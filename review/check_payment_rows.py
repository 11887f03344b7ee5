"""Payment schedules with an instalment whose amount, trigger or due date is missing."""

from __future__ import annotations

import re
from dataclasses import dataclass

from clause_library.models import Role, Severity

from .check_base import Context, clip, finding
from .document import Block, Part
from .findings import Finding
from .linear import compile_linear

__all__ = ["check_schedule_rows"]

# ``schedule_row_incomplete`` (finance blocker): a row of a payment schedule (a table, or lines separated by ``|``
# or tabs, under payment words) whose amount, trigger or due date is empty; or, in instalments listed line by line,
# the one without an amount or a due date that the others have.

_PAY_WORDS = compile_linear(r"(?:付款|支付|价款|款项|分期|payment|instal+ment|milestone|invoice)", re.IGNORECASE)
_COL_AMOUNT = compile_linear(r"(?:金额|款项|比例|百分比|amount|sum|fee|percent|%|share)", re.IGNORECASE)
_COL_TRIGGER = compile_linear(r"(?:条件|节点|触发|里程碑|事件|依据|前提|trigger|condition|milestone|event|upon|basis)",
                              re.IGNORECASE)
_COL_DUE = compile_linear(r"(?:时间|日期|期限|时限|付款日|due|date|when|timing|deadline|payable)", re.IGNORECASE)
_EMPTY = compile_linear(r"^[\s\-—–_/／、，,.;；:：*×x]*$|^(?:待定|待确定|tbd|tba|n/?a|none|无)$", re.IGNORECASE)
_TOTAL = compile_linear(r"^\s*(?:合计|总计|总额|小计|共计|total|sum)", re.IGNORECASE)


@dataclass
class _Rows:
    header: list[str]
    rows: list[tuple[Block, list[str]]]
    caption: str


def _split(text: str) -> list[str] | None:
    """Cells of a text line laid out as a table row (``|`` or tab separated), else ``None``."""
    if text.count("|") >= 2:
        line = text.strip()
        line = line[1:] if line.startswith("|") else line
        line = line[:-1] if line.endswith("|") and line.count("|") > 2 else line
        cells = [c.strip() for c in line.split("|")]
    elif text.count("\t") >= 2:
        cells = [c.strip() for c in text.split("\t")]
    else:
        return None
    return cells if len(cells) >= 3 else None


def _schedules(ctx: Context) -> list[_Rows]:
    out: list[_Rows] = []
    caption = ""
    current: _Rows | None = None
    key: str | None = None
    for block in ctx.blocks():
        k: str | None
        if block.part is Part.table and block.cells:
            k = block.location.split(" row")[0]
            cells = [c.strip() for c in block.cells]
        else:
            split = _split(block.text)
            k, cells = ("text", split) if split else (None, [])
        if k is not None and current is not None and k == key and 2 <= len(cells) <= len(current.header):
            # a row that stops early leaves its last cells empty ("… | 考核合格 |" under five headings)
            current.rows.append((block, cells + [""] * (len(current.header) - len(cells))))
            continue
        if current is not None:
            out.append(current)
            current = None
        if k is not None:
            current, key = _Rows(cells, [], caption), k
        else:
            caption, key = block.text, None
    if current is not None:
        out.append(current)
    return out


# An instalment written as a line of a list, not a table row: "第二期（进度款）：…", "(c) Instalment 3 - 30% …".
_INSTALMENT = compile_linear(
    r"^\s*(?:[（(]?[a-z\d一二三四五六七八九十]{1,3}[)）.．、]\s*)?(?:第\s*[一二三四五六七八九十\d]{1,3}\s*期|首期|尾期|"
    r"(?:instal+ment|milestone payment|payment)\s+(?:no\.\s*)?\d{1,2}(?:\D|$)|(?:first|second|third|fourth|fifth|final)"
    r"\s+(?:instal+ment|payment))", re.IGNORECASE)
_ROW_AMOUNT = compile_linear(r"(?:人民币|RMB|CNY|USD|US\$|\$|¥|￥|\d\s*元|\d\s*%|\d\s*percent|百分之)", re.IGNORECASE)
_ROW_DUE = compile_linear(
    r"(?:\d{1,3}|[一二两三四五六七八九十]{1,3})\s*(?:个)?(?:工作日|自然日|日|天)内|\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*(?:前|之前)|"
    r"within\s+[\w\s()-]{1,30}?days|(?:due|payable)\s+(?:on|by|within|no later than)|no later than\s", re.IGNORECASE)


def _instalment_lists(ctx: Context) -> list[Finding]:
    """Instalments listed line by line where the others say how much and by when and one does not."""
    lists: list[list[Block]] = []
    for block in ctx.blocks():
        if _INSTALMENT.search(block.text) and len(block.text) <= 600:
            if lists and lists[-1][-1].index == block.index - 1:
                lists[-1].append(block)
            else:
                lists.append([block])
    out: list[Finding] = []
    for rows in lists:
        if len(rows) < 3:
            continue
        for what, rx in (("amount", _ROW_AMOUNT), ("due date", _ROW_DUE)):
            having = [b for b in rows if rx.search(b.text)]
            if len(having) >= 2 and len(having) == len(rows) - 1:
                block = next(b for b in rows if b not in having)
                zh = {"amount": "金额", "due date": "付款时间"}[what]
                out.append(finding(
                    "schedule_row_incomplete", Severity.blocker, Role.finance,
                    f"付款安排中的一期缺少{zh}（其他各期均有）：该期无法确定何时、按何条件支付多少。",
                    f"one instalment has no {what}, although the others have: when, on what condition and how much "
                    "is paid cannot be told.",
                    location=block.location, evidence=clip(block.text), category="payment",
                ))
    return out


def check_schedule_rows(ctx: Context) -> list[Finding]:
    """Payment-schedule rows without an amount, a trigger or a due date (see the module)."""
    out: list[Finding] = _instalment_lists(ctx)
    for table in _schedules(ctx):
        head = " ".join(table.header)
        if not table.rows or not (_PAY_WORDS.search(head) or _PAY_WORDS.search(table.caption[-200:])):
            continue
        amount = [i for i, h in enumerate(table.header) if _COL_AMOUNT.search(h)]
        trigger = [i for i, h in enumerate(table.header) if _COL_TRIGGER.search(h) and i not in amount]
        due = [i for i, h in enumerate(table.header) if _COL_DUE.search(h) and i not in amount and i not in trigger]
        if not amount or not (trigger or due):
            continue
        for block, cells in table.rows:
            if _TOTAL.search(cells[0] if cells else "") or all(_EMPTY.search(c) for c in cells):
                continue
            missing = [what for what, cols in (("amount", amount), ("trigger", trigger), ("due date", due))
                       if cols and all(_EMPTY.search(cells[i]) for i in cols)]
            if missing:
                zh = "、".join({"amount": "金额", "trigger": "付款条件", "due date": "付款时间"}[m] for m in missing)
                out.append(finding(
                    "schedule_row_incomplete", Severity.blocker, Role.finance,
                    f"付款计划中的一期缺少{zh}：该期无法确定何时、按何条件支付多少。",
                    f"a payment-schedule row has no {', '.join(missing)}: when, on what condition and how much "
                    "is paid cannot be told.",
                    location=block.location, evidence=clip(" | ".join(table.header) + "\n" + " | ".join(cells)),
                    category="payment",
                ))
    return out
