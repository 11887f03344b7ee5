"""Amounts in figures and in Chinese capitals (大写), both ways, so drafts and reviews agree."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

import cn2an

__all__ = ["CAPITAL", "CAPITAL_RE", "capital_amount", "format_figures", "parse_capital_amount"]

_DIGITS = {"零": 0, "〇": 0, "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5, "陆": 6, "柒": 7, "捌": 8, "玖": 9,
           "两": 2, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"拾": 10, "佰": 100, "仟": 1000, "十": 10, "百": 100, "千": 1000}
_BIG = {"万": 10_000, "亿": 100_000_000}

# A capital amount as contracts write it: optional 人民币, digits and units, 元/圆, then 角/分/整.
# CAPITAL is its source, for larger patterns (run in RE2, which knows no look-behind); CAPITAL_RE searched alone
# starts no match inside a run of digits and units (one there would have started further left, or after 人民币):
# Python's re re-read a long run of 零 from each of its characters.
CAPITAL = (
    r"(?:人民币)?[零壹贰叁肆伍陆柒捌玖拾佰仟万亿]+[元圆](?:[零壹贰叁肆伍陆柒捌玖]角)?(?:零?[零壹贰叁肆伍陆柒捌玖]分)?整?"
    r"|(?:人民币)?[零壹贰叁肆伍陆柒捌玖]角(?:[零壹贰叁肆伍陆柒捌玖]分)?整?|(?:人民币)?[壹贰叁肆伍陆柒捌玖]分整?"
)
CAPITAL_RE = re.compile(
    r"(?:人民币|(?<![零壹贰叁肆伍陆柒捌玖拾佰仟万亿]))[零壹贰叁肆伍陆柒捌玖拾佰仟万亿]+[元圆]"
    r"(?:[零壹贰叁肆伍陆柒捌玖]角)?(?:零?[零壹贰叁肆伍陆柒捌玖]分)?整?"
    r"|(?:人民币)?[零壹贰叁肆伍陆柒捌玖]角(?:[零壹贰叁肆伍陆柒捌玖]分)?整?|(?:人民币)?[壹贰叁肆伍陆柒捌玖]分整?"
)


def format_figures(amount: Decimal) -> str:
    """``1200000`` → ``1,200,000.00``."""
    return f"{amount.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):,.2f}"


def capital_amount(amount: Decimal) -> str:
    """The amount in Chinese financial capitals, e.g. ``人民币壹佰贰拾万元整`` (without the 人民币)."""
    q = amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if q < 0:
        raise ValueError("a contract amount cannot be negative")
    if q == 0:
        return "零元整"
    text: str = cn2an.an2cn(f"{q:f}", "rmb")
    if q == q.to_integral_value() and not text.endswith("整"):
        text += "整"
    return text


def _integer(text: str) -> int:
    total = section = number = 0
    for ch in text:
        if ch in _DIGITS:
            number = _DIGITS[ch]
        elif ch in _UNITS:
            section += (number or 1) * _UNITS[ch]
            number = 0
        elif ch in _BIG:
            section += number
            total = total + section * _BIG[ch] if ch == "万" else (total + section) * _BIG[ch]
            section = number = 0
        else:
            raise ValueError(f"not a capital numeral: {ch!r}")
    return total + section + number


def parse_capital_amount(text: str) -> Decimal:
    """``人民币壹佰贰拾万元整`` → ``Decimal('1200000.00')``. Raises ``ValueError`` if it is not one."""
    s = text.strip().removeprefix("人民币").removesuffix("整").replace("圆", "元")
    yuan, _, rest = s.partition("元") if "元" in s else ("", "", s)
    value = Decimal(_integer(yuan)) if yuan else Decimal(0)
    m = re.fullmatch(r"(?:([零壹贰叁肆伍陆柒捌玖])角)?(?:零?([壹贰叁肆伍陆柒捌玖])分)?", rest)
    if m is None:
        raise ValueError(f"not a capital amount: {text!r}")
    if m.group(1):
        value += Decimal(_DIGITS[m.group(1)]) / 10
    if m.group(2):
        value += Decimal(_DIGITS[m.group(2)]) / 100
    return value.quantize(Decimal("0.01"))
