"""Values formatted for each language: money with capitals and words, dates, percents, parties."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import cn2an
from num2words import num2words

from clause_library.figures import capital_amount, format_figures
from clause_library.models import Lang, VarType
from clause_library.vocabulary import ArticleStyle

__all__ = [
    "article_number",
    "coerce",
    "english_amount",
    "format_date",
    "format_money",
    "format_percent",
    "format_value",
    "item_marker",
    "schedule_number",
    "schedule_reference",
]

_CURRENCY = {
    "CNY": ("人民币", "RMB", "yuan", "fen"),
    "USD": ("美元", "USD", "US dollars", "cents"),
    "EUR": ("欧元", "EUR", "euros", "cents"),
    "HKD": ("港元", "HKD", "Hong Kong dollars", "cents"),
}
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")


def english_amount(amount: Decimal, currency: str = "CNY") -> str:
    """``1200000.05`` → ``one million two hundred thousand yuan and five fen``."""
    q = amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    whole = int(q)
    cents = int((q - whole) * 100)
    _, _, major, minor = _CURRENCY[currency]
    if not whole and cents:  # "one fen", not "zero yuan and one fen"
        return f"{num2words(cents, lang='en')} {minor}"
    words = str(num2words(whole, lang="en")).replace(",", "") + f" {major}"
    if cents:
        words += f" and {num2words(cents, lang='en')} {minor}"
    return words


def format_money(amount: Decimal, currency: str, lang: Lang) -> str:
    """Figures with thousands separators plus the amount in capitals (zh, CNY) or in words (en)."""
    zh_name, code, _, _ = _CURRENCY[currency]
    figures = format_figures(amount)
    if lang is Lang.zh:
        if currency == "CNY":
            return f"人民币{figures}元（大写：人民币{capital_amount(amount)}）"
        return f"{zh_name}{figures}元"
    return f"{code} {figures} ({code} {english_amount(amount, currency)} only)"


def format_date(value: dt.date, lang: Lang) -> str:
    """``2026年1月1日`` or ``1 January 2026``."""
    if lang is Lang.zh:
        return f"{value.year}年{value.month}月{value.day}日"
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def format_percent(value: Decimal) -> str:
    """``Decimal('6.00')`` → ``6%``; ``0.05`` → ``0.05%``."""
    text = f"{value.normalize():f}"
    return f"{text}%"


def article_number(n: int, lang: Lang, *, style: ArticleStyle = ArticleStyle.article) -> str:
    """The number of article ``n``: 第十二条 / Article 12, or for pledges 十二、 / 12."""
    if style is ArticleStyle.item:
        return f"{cn2an.an2cn(n)}、" if lang is Lang.zh else f"{n}."
    return f"第{cn2an.an2cn(n)}条" if lang is Lang.zh else f"Article {n}"


def schedule_number(n: int, lang: Lang) -> str:
    """The number of schedule ``n``: 附件三 / Schedule 3."""
    return f"附件{cn2an.an2cn(n)}" if lang is Lang.zh else f"Schedule {n}"


def schedule_reference(n: int, name: str, lang: Lang) -> str:
    """How the text cites schedule ``n`` called ``name``: 附件三《服务质量考核表》 / Schedule 3 (Service Quality
    Scorecard)."""
    return f"{schedule_number(n, lang)}《{name}》" if lang is Lang.zh else f"{schedule_number(n, lang)} ({name})"


def item_marker(i: int, lang: Lang) -> str:
    """The marker of the ``i``-th (0-based) item in a paragraph: （一） / (a)."""
    if lang is Lang.zh:
        return f"（{cn2an.an2cn(i + 1)}）"
    # a … z, aa … zz, aaa …: the letters count in bijective base 26, so every count has a marker.
    letters = ""
    n = i + 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return f"({letters})"


def coerce(vtype: VarType, raw: Any) -> Any:
    """Turn a request value or a default into the declared type; raises ``ValueError`` when it is not."""
    if vtype is VarType.boolean:
        if not isinstance(raw, bool):
            raise ValueError(f"expected true or false, found {raw!r}")
        return raw
    if vtype is VarType.integer:
        if isinstance(raw, bool) or not isinstance(raw, int | Decimal | str):
            raise ValueError(f"expected a whole number, found {raw!r}")
        try:
            value = Decimal(str(raw))
        except ArithmeticError:
            raise ValueError(f"expected a whole number, found {raw!r}") from None
        if value != value.to_integral_value():
            raise ValueError(f"expected a whole number, found {raw!r}")
        return int(value)
    if vtype in (VarType.decimal, VarType.percent, VarType.money):
        if isinstance(raw, bool):
            raise ValueError(f"expected a number, found {raw!r}")
        try:
            return Decimal(str(raw).strip().rstrip("%"))
        except ArithmeticError:
            raise ValueError(f"expected a number, found {raw!r}") from None
    if vtype is VarType.date:
        if isinstance(raw, dt.date):
            return raw
        try:
            return dt.date.fromisoformat(str(raw))
        except ValueError:
            raise ValueError(f"expected a date YYYY-MM-DD, found {raw!r}") from None
    if vtype is VarType.list:
        if not isinstance(raw, list):
            raise ValueError(f"expected a list, found {raw!r}")
        return [str(x) for x in raw]
    if vtype in (VarType.party, VarType.person, VarType.changes):
        return raw
    if isinstance(raw, list | dict):
        raise ValueError(f"expected text, found {raw!r}")
    return str(raw)


def format_value(vtype: VarType, value: Any, lang: Lang, currency: str = "CNY") -> Any:
    """A typed value as the clause text shows it in ``lang``."""
    if vtype is VarType.money:
        return format_money(value, currency, lang)
    if vtype is VarType.date:
        return format_date(value, lang)
    if vtype is VarType.percent:
        return format_percent(value)
    if vtype is VarType.decimal:
        return f"{value.normalize():f}"
    return value
