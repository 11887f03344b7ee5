"""Checks on figures: payment schedules (percentages and amounts adding up) and term dates."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from clause_library.figures import format_figures
from clause_library.models import Role, Severity

from .check_amounts import FIG as _FIG
from .check_amounts import figure_value as _figure
from .check_base import Context, clip, finding
from .document import Block, Part
from .findings import Finding
from .linear import compile_linear

__all__ = ["check_payment_schedule", "check_term_dates", "parse_money"]

_CUR = r"(?:人民币|RMB|CNY|[￥¥])"

# ---- payment schedule -------------------------------------------------------------------------

_PCT = re.compile(
    r"(?<![\d.])(?P<n>\d{1,3}(?:\.\d{1,2})?)\s*(?:%|％|percent\b|per cent\b)|百分之(?P<zh>[零一二三四五六七八九十百]+)",
    re.IGNORECASE,
)
_MONEY = compile_linear(rf"(?:{_CUR}|USD|US\$|\$)?\s*{_FIG}\s*(?:元|yuan)?", re.IGNORECASE)
_TOTAL_ROW = re.compile(r"^\s*(?:合计|总计|总额|小计|共计|total|sum)", re.IGNORECASE)
_PCT_HEADER = re.compile(r"比例|百分比|percent|%|share|proportion", re.IGNORECASE)
_AMOUNT_HEADER = re.compile(r"金额|款项|amount|sum|fee", re.IGNORECASE)
_PAY_CUE = re.compile(r"付款|支付|价款|款项|payment|instal+ment|milestone|invoice", re.IGNORECASE)
_INSTALMENT = re.compile(
    r"分[一二三四五六两\d]期|分期|首期|第[一二三四五六\d]期|预付款?|首付|尾款|进度款|余款|剩余|"
    r"instal+ments?|advance payment|upon (?:signing|signature|execution)|final payment|balance|milestones?",
    re.IGNORECASE,
)
# Percentages that are not shares of the price: tax, interest, penalties, service levels, discounts.
_NOT_SHARE = re.compile(
    r"税|利率|利息|违约金|滞纳|罚|可用|满意|不低于|不少于|不超过|至少|折扣|优惠|保证金|质保金|上限|"
    r"tax|VAT|interest|penalt|late|availab|uptime|satisf|at least|no (?:less|more) than|discount|retention|cap\b|"
    r"liquidated|deduct|扣减|扣除",
    re.IGNORECASE,
)
# A percentage of the work done (a milestone), not of the price: 完成总量百分之五十, 完成50%工作量, "50% of the work".
_PROGRESS_BEFORE = re.compile(r"(?:完成|达到|进度达?|总量|工作量|completion of|completing|completed)\s{0,2}$",
                              re.IGNORECASE)
_PROGRESS_AFTER = re.compile(r"^\s{0,2}(?:的?工作量|的?进度|的?工作|of the (?:work|services|project|deliverables)"
                             r"|(?:project )?completion|complete)", re.IGNORECASE)
# A share "of" some base (的 / of), and a base that is the total price.
_OF_BASE = re.compile(r"的|\bof\b", re.IGNORECASE)
_OF_TOTAL = re.compile(r"总|合同价|合同金额|合同价款|剩余|余款|尾款|(?:total|contract) (?:price|fees?|sum|amount)",
                       re.IGNORECASE)
_CUMULATIVE = re.compile(r"累计|累积|cumulative|in aggregate|up to", re.IGNORECASE)
_LIST_ITEM = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十\da-z]{1,3}[）)]|[①-⑩]|\d{1,2}[.、)]\s|第[一二三四五六\d]期|[-•·])",
    re.IGNORECASE,
)
_TOTAL_PRICE = compile_linear(
    r"(?:合同总价|合同价款|合同总金额|服务费用总额|服务费总额|总价款|总金额|费用总额|total (?:contract )?price|"
    r"total (?:service )?fees?|contract price|aggregate fees?)[^。；;\n]{0,30}?"
    + _MONEY.source,
    re.IGNORECASE,
)


def parse_money(text: str) -> Decimal | None:
    """The first amount in figures in ``text`` (1,200,000.00 / 120万元 / RMB 360,000), ``None`` if none."""
    for m in _MONEY.finditer(text):
        if m.group("fig") and (m.group(0).strip() != m.group("fig") or "," in m.group("fig") or "." in m.group("fig")):
            try:
                return _figure(m.group("fig"), m.group("wan"))
            except InvalidOperation:
                continue
    return None


def _percent(m: re.Match[str]) -> Decimal:
    if m.group("n"):
        return Decimal(m.group("n"))
    digits = {"零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
    total = current = 0
    for ch in m.group("zh"):
        if ch in digits:
            current = digits[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
    return Decimal(total + current)


@dataclass
class _Table:
    rows: list[Block]
    caption: str


def _tables(ctx: Context) -> list[_Table]:
    out: list[_Table] = []
    prev_text = ""
    current: list[Block] = []
    key = None
    for block in ctx.blocks():
        k = block.location.split(" row")[0] if block.part is Part.table and block.cells else None
        if k is not None and k == key:
            current.append(block)
            continue
        if current:
            out.append(_Table(current, prev_text))
        if k is not None:
            current, key = [block], k
        else:
            current, key, prev_text = [], None, block.text
    if current:
        out.append(_Table(current, prev_text))
    return out


def _first_line(cell: str) -> str:
    return cell.strip().split("\n")[0]


def _schedule_findings(ctx: Context, table: _Table) -> list[Finding]:
    header = [c.strip() for c in table.rows[0].cells]
    pct_col = next((i for i, h in enumerate(header) if _PCT_HEADER.search(h)), None)
    amt_col = next((i for i, h in enumerate(header) if _AMOUNT_HEADER.search(h)), None)
    if pct_col is None and amt_col is None:
        return []
    if not (_PAY_CUE.search(table.caption) or _PAY_CUE.search(" ".join(header))):
        return []
    pcts: list[Decimal] = []
    amounts: list[Decimal] = []
    total_amount: Decimal | None = None
    for row in table.rows[1:]:
        cells = list(row.cells)
        if _TOTAL_ROW.match(cells[0] if cells else ""):
            if amt_col is not None and amt_col < len(cells):
                total_amount = parse_money(_first_line(cells[amt_col]))
            continue
        if pct_col is not None and pct_col < len(cells):
            m = _PCT.search(_first_line(cells[pct_col]))
            if m:
                pcts.append(_percent(m))
        if amt_col is not None and amt_col < len(cells):
            a = parse_money(_first_line(cells[amt_col]))
            if a is not None:
                amounts.append(a)
    out: list[Finding] = []
    where = table.rows[0].location
    evidence = "\n".join(clip(r.text, 160) for r in table.rows)
    if len(pcts) >= 2 and sum(pcts) != 100:
        out.append(_pct_finding(pcts, where, evidence))
    stated = total_amount if total_amount is not None else _stated_total(ctx)
    if len(amounts) >= 2 and stated is not None and sum(amounts) != stated:
        out.append(finding(
            "payment_amounts", Severity.blocker, Role.finance,
            f"付款计划各期金额合计 {format_figures(sum(amounts, Decimal(0)))} 元，"
            f"与总价 {format_figures(stated)} 元不符。",
            f"the payment schedule's instalments add up to {format_figures(sum(amounts, Decimal(0)))}, "
            f"not the total price {format_figures(stated)}.",
            location=where, evidence=evidence, category="payment",
        ))
    return out


def _pct_finding(pcts: list[Decimal], where: str, evidence: str) -> Finding:
    listed = " + ".join(f"{p.normalize():f}%" for p in pcts)
    total = f"{sum(pcts, Decimal(0)).normalize():f}%"
    return finding(
        "payment_percentages", Severity.blocker, Role.finance,
        f"付款比例合计不等于100%：{listed} = {total}。",
        f"payment percentages do not add up to 100%: {listed} = {total}.",
        location=where, evidence=evidence, category="payment",
    )


def _stated_total(ctx: Context) -> Decimal | None:
    for block in ctx.blocks():
        m = _TOTAL_PRICE.search(block.text)
        if m and m.group("fig"):
            try:
                return _figure(m.group("fig"), m.group("wan"))
            except InvalidOperation:
                continue
    return None


def _share_matches(text: str) -> list[re.Match[str]]:
    out = []
    for m in _PCT.finditer(text):
        before = text[max(0, m.start() - 12) : m.start()]
        if _NOT_SHARE.search(before) or _NOT_SHARE.search(text[m.end() : m.end() + 6]):
            continue
        if _PROGRESS_BEFORE.search(before) or _PROGRESS_AFTER.search(text[m.end() : m.end() + 24]):
            continue  # 完成50%工作量后支付30%: how much of the work is done, not a share of the price
        out.append(m)
    return out


def _share_percents(text: str) -> list[Decimal]:
    return [_percent(m) for m in _share_matches(text)]


def _share_amount_findings(ctx: Context) -> list[Finding]:
    """An instalment given as a share of the total and as an amount (第二期：支付合同总金额的40%，即¥260,000.00)
    whose amount is not that share of the stated total price."""
    stated: list[Decimal | None] = []  # the total price, looked for once, when an instalment needs it
    out: list[Finding] = []
    for b in ctx.blocks_for(_PAY_CUE, _INSTALMENT):
        if b.part is Part.table or not (_PAY_CUE.search(b.text) and _INSTALMENT.search(b.text)):
            continue
        shares = _share_matches(b.text)
        if len(shares) != 1 or _CUMULATIVE.search(b.text):
            continue
        m = shares[0]
        base = b.text[max(0, m.start() - 16) : m.start()]
        if _OF_BASE.search(base) and not _OF_TOTAL.search(base):
            continue  # 月服务费的30%: a share of something else
        amount = parse_money(b.text[m.end() : m.end() + 40])
        if amount is None:
            continue
        if not stated:
            stated.append(_stated_total(ctx))
        total, share = stated[0], _percent(m)
        if total is None:
            return out
        due = (total * share / 100).quantize(Decimal("0.01"))
        if amount == due:
            continue
        pct = f"{share.normalize():f}%"
        out.append(finding(
            "payment_amounts", Severity.blocker, Role.finance,
            f"分期金额与比例不符：总价 {format_figures(total)} 元的 {pct} 应为 {format_figures(due)} 元，"
            f"条款写为 {format_figures(amount)} 元。",
            f"an instalment's amount disagrees with its share: {pct} of the total price {format_figures(total)} is "
            f"{format_figures(due)}, the clause says {format_figures(amount)}.",
            location=b.location, evidence=clip(b.text), category="payment",
        ))
    return out


def _a_split(pcts: list[Decimal]) -> bool:
    """Whether percentages read in running text can be the shares of one price: each a part (1% to 99%) and
    together near the whole (more than 50%, less than 150%). Royalty tiers, commissions, discounts and
    management fees (0.85% + 5.25%, 50% + 100%, 40% + 75% + 70% + 90%) are not; a slip in a real schedule
    (30% + 40% + 20%) is."""
    return all(1 <= p < 100 for p in pcts) and 50 < sum(pcts) < 150


def _clause_findings(ctx: Context) -> list[Finding]:
    """A payment clause listing instalments (30%, 40%, 30%) in one paragraph or an intro and its items."""
    out: list[Finding] = []
    blocks = [b for b in ctx.blocks() if b.part is not Part.table]
    may = {id(b) for b in ctx.blocks_for(_PAY_CUE, _INSTALMENT)}
    i = 0
    while i < len(blocks):
        b = blocks[i]
        if not (id(b) in may and _PAY_CUE.search(b.text) and _INSTALMENT.search(b.text)):
            i += 1
            continue
        group = [b]
        j = i + 1
        while j < len(blocks) and _LIST_ITEM.match(blocks[j].text) and len(group) < 12:
            group.append(blocks[j])
            j += 1
        text = "\n".join(g.text for g in group)
        pcts = _share_percents(text)
        if len(pcts) >= 2 and not _CUMULATIVE.search(text) and sum(pcts) != 100 and _a_split(pcts):
            out.append(_pct_finding(pcts, b.location, clip(text, 400)))
        i = j
    return out


def check_payment_schedule(ctx: Context) -> list[Finding]:
    """Payment percentages that do not add up to 100%, or instalment amounts that do not add up to
    the total price: finance blockers.

    Only where the document clearly gives a schedule: a table headed with a percentage or amount
    column under a payment caption or header, or a payment paragraph naming instalments (首期 /
    预付 / 尾款 / instalments / upon signing) with two or more percentages. Percentages of tax,
    interest, penalties, service levels, discounts or retentions are not shares; cumulative
    wording (累计 / "up to") skips the paragraph.
    """
    out: list[Finding] = []
    for table in _tables(ctx):
        if len(table.rows) >= 3 and table.rows[0].cells:
            out.extend(_schedule_findings(ctx, table))
    out.extend(_clause_findings(ctx))
    out.extend(_share_amount_findings(ctx))
    return out


# ---- term dates --------------------------------------------------------------------------------

_MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"], start=1)}
_MON = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_D_ZH = r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
_D_ISO = r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}"
_D_EN = rf"\d{{1,2}}(?:st|nd|rd|th)?\s+{_MON},?\s+\d{{4}}|{_MON}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
_DATE = rf"(?:{_D_ZH}|{_D_ISO}|{_D_EN})"
_TERM = re.compile(
    rf"(?:自|从|于)\s*(?P<a>{_DATE})\s*(?:起|开始)?\s*(?:至|到|止于)\s*(?P<b>{_DATE})"
    rf"|\b(?:from|commencing(?: on)?|beginning(?: on)?|starting(?: on)?)\s+(?P<c>{_DATE})\s*(?:\(.{{0,40}}?\)\s*)?,?\s*"
    rf"(?:to|until|till|through|and ending on|ending on|and expiring on)\s+(?P<d>{_DATE})",
    re.IGNORECASE,
)


def _parse_date(text: str) -> dt.date | None:
    nums = [int(n) for n in re.findall(r"\d+", text)]
    month_name = re.search(_MON, text, re.IGNORECASE)
    try:
        if month_name:
            day, year = (nums[0], nums[1]) if len(nums) >= 2 else (0, 0)
            return dt.date(year, _MONTHS[month_name.group(0).lower()], day)
        return dt.date(nums[0], nums[1], nums[2])
    except (ValueError, IndexError):
        return None


def check_term_dates(ctx: Context) -> list[Finding]:
    """A term that ends before it starts (自2026年4月1日起至2025年3月31日止; "from 1 April 2026 to
    31 March 2025"): a business blocker. A date that does not exist (2月30日) is a business warning."""
    out: list[Finding] = []
    for block in ctx.blocks_for(_TERM):
        for m in _TERM.finditer(block.text):
            a_text, b_text = (m.group("a"), m.group("b")) if m.group("a") else (m.group("c"), m.group("d"))
            start, end = _parse_date(a_text), _parse_date(b_text)
            if start is None or end is None:
                bad = a_text if start is None else b_text
                out.append(finding(
                    "invalid_date", Severity.warning, Role.business,
                    f"日期“{bad}”不存在。", f"the date {bad!r} does not exist.",
                    location=block.location, evidence=clip(m.group(0)), category="service_term",
                ))
                continue
            if end < start:
                out.append(finding(
                    "term_ends_before_start", Severity.blocker, Role.business,
                    f"期限的终止日 {end.isoformat()} 早于起始日 {start.isoformat()}。",
                    f"the term ends ({end.isoformat()}) before it starts ({start.isoformat()}).",
                    location=block.location, evidence=clip(m.group(0)), category="service_term",
                ))
    return out
