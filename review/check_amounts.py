"""Amounts written twice, in figures and in words: Chinese capitals (大写) and English words, either order."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from clause_library.figures import CAPITAL, format_figures, parse_capital_amount
from clause_library.models import Role, Severity

from .check_base import TEXT_PARTS, Context, clip, finding
from .document import Block, Part
from .findings import Finding
from .linear import compile_linear

__all__ = ["FIG", "amount_pairs", "check_capital_amounts", "english_amount_value", "figure_value"]

FIG = r"(?P<fig>\d{1,3}(?:[,，]\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?)\s*(?P<wan>万)?"
_CUR = r"(?:人民币|RMB|CNY|[￥¥])"
_BIG = r"(?:大写|大寫)\s*[:：]?\s*"
_SMALL = r"(?:小写|小寫)\s*[:：]?\s*"
# Figures, then the capitals: in brackets (大写 optional) or after 大写 (bracket and comma optional).
# ¥1,250,000.00（人民币壹佰贰拾伍万元整）, 人民币1,200,000.00元（大写：人民币壹佰贰拾万元整）, 125万元，大写：…
_FIG_THEN_CAP = compile_linear(
    rf"(?P<cur>{_CUR}\s*)?(?:{_SMALL})?(?:{_CUR}\s*)?{FIG}\s*元?\s*"
    rf"(?:[（(]\s*(?:{_BIG})?|[,，]?\s*[（(]?\s*{_BIG})(?P<cap>{CAPITAL})"
)
# Capitals, then the figures: in brackets (小写 optional) or after 小写.
# 人民币壹佰贰拾伍万元整（¥1,250,000.00）, 大写：…元整（小写：¥1,200,000.00）, 壹佰贰拾伍万元整（125万元）
_CAP_THEN_FIG = compile_linear(
    rf"(?P<cap>{CAPITAL})\s*[）)]?\s*(?:[（(]\s*(?:{_SMALL})?|[,，]?\s*[（(]?\s*{_SMALL})"
    rf"(?P<cur>{_CUR}\s*)?{FIG}\s*(?P<unit>元|[）)])?"
)
_LABELS = ("大写", "大寫", "小写", "小寫")
_CAP_DIGIT = re.compile(r"[零壹贰叁肆伍陆柒捌玖拾佰仟]")
_CAP_TRIGGER = tuple("零壹贰叁肆伍陆柒捌玖拾佰仟")

# English: a currency and figures, then the words in brackets, or the words then the figures in brackets.
_EN_CUR = r"(?:USD|US\$|RMB|CNY|EUR|HKD|GBP|JPY|[$€£¥])"
_EN_FIG = r"(?P<fig>\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?)(?:\s*(?P<scale>million|thousand|billion))?"
_EN_FIG_THEN_WORDS = compile_linear(rf"{_EN_CUR}\s*{_EN_FIG}\s*\((?P<words>[A-Za-z][A-Za-z ,\-]{{2,200}})\)",
                                    re.IGNORECASE)
_EN_WORDS_THEN_FIG = compile_linear(rf"\(\s*{_EN_CUR}\s*{_EN_FIG}\s*\)", re.IGNORECASE)
_EN_TRIGGER = ("usd", "us$", "rmb", "cny", "eur", "hkd", "gbp", "jpy", "$", "€", "£", "¥")

_ONES = {w: i for i, w in enumerate((
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"))}
_TENS = {w: 10 * i for i, w in enumerate(
    ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"), start=2)}
_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9}
_NUMBER_WORDS = frozenset(_ONES) | frozenset(_TENS) | frozenset(_SCALES) | {"hundred"}
_MINOR = frozenset({"cent", "cents", "fen", "pence", "penny"})
# Words that may sit among the number words of an amount without ending it.
_CURRENCY_WORDS = frozenset({
    "us", "u.s.", "dollar", "dollars", "yuan", "renminbi", "rmb", "usd", "cny", "euro", "euros", "eur", "hong",
    "kong", "hkd", "pound", "pounds", "sterling", "gbp", "yen", "jpy", "only", "and", "the", "sum", "of",
    "a", "total", "amount", "in", "words", "say", *_MINOR,
})


@dataclass(frozen=True)
class AmountPair:
    """One amount written twice in a block: ``figures`` as written and their value, ``words`` and theirs."""

    figures: str
    words: str
    figures_value: Decimal
    words_value: Decimal
    evidence: str
    english: bool


def figure_value(fig: str, wan: str | None = None, scale: str | None = None) -> Decimal:
    """``1,250,000.00`` → 1250000.00; with ``wan`` (万) times 10,000, with ``scale`` (million…) times that."""
    value = Decimal(fig.replace(",", "").replace("，", ""))
    if wan:
        value *= 10_000
    if scale:
        value *= _SCALES[scale.lower()]
    return value.quantize(Decimal("0.01"))


def _integer_words(words: list[str]) -> int:
    total = current = 0
    for w in words:
        if w in _ONES:
            current += _ONES[w]
        elif w in _TENS:
            current += _TENS[w]
        elif w == "hundred":
            current = (current or 1) * 100
        else:
            total += (current or 1) * _SCALES[w]
            current = 0
    return total + current


def english_amount_value(text: str) -> Decimal | None:
    """The amount English words state (``two hundred and forty thousand US dollars and fifty cents`` →
    240000.50), ``None`` when the text holds no number words, words of another kind, or more than an
    amount and its cents."""
    tokens = [t.strip(".") or "." for t in re.split(r"[\s,;:\-]+", text.lower()) if t]
    groups: list[list[str]] = []
    minor_after: list[bool] = []
    current: list[str] = []
    for tok in tokens:
        if tok in _NUMBER_WORDS:
            current.append(tok)
            continue
        if tok not in _CURRENCY_WORDS:
            return None
        if current and tok != "and":
            groups.append(current)
            minor_after.append(tok in _MINOR)
            current = []
    if current:
        groups.append(current)
        minor_after.append(False)
    if not groups or len(groups) > 2 or (len(groups) == 2 and not minor_after[1]):
        return None
    if any(g[0] in _SCALES or g[0] == "hundred" for g in groups):
        return None  # "three (3) million dollars", "Four and One-Half Million Dollars": the words read are not all
    value = Decimal(_integer_words(groups[0]))
    if len(groups) == 2:
        value += Decimal(_integer_words(groups[1])) / 100
    elif minor_after[0]:
        value /= 100
    return value.quantize(Decimal("0.01"))


def _words_before(text: str, end: int) -> str:
    """The run of number and currency words right before ``text[end]`` (at most 40 words)."""
    start = max(0, end - 400)
    words = re.findall(r"[A-Za-z.]+|[^A-Za-z.\s]+", text[start:end].replace("-", " "))
    kept: list[str] = []
    for w in reversed(words):
        low = w.lower()
        if low not in _NUMBER_WORDS and low not in _CURRENCY_WORDS and w != ",":
            break
        kept.append(w)
        if len(kept) > 40:
            break
    while kept and kept[-1].lower() not in _NUMBER_WORDS:  # drop leading "the", "a sum of"…
        kept.pop()
    return " ".join(reversed(kept)).replace(" ,", ",")


def _zh_pairs(text: str) -> Iterator[AmountPair]:
    seen: set[tuple[int, int]] = set()
    for rx, figures_first in ((_FIG_THEN_CAP, True), (_CAP_THEN_FIG, False)):
        for m in rx.finditer(text):
            cap, fig = m.group("cap"), m.group("fig")
            if not _CAP_DIGIT.search(cap):
                continue  # "万元" alone is a unit, not an amount
            if not figures_first and not (m.group("cur") or m.group("unit") or m.group("wan") or "小写" in m.group(0)
                                          or "小寫" in m.group(0)):
                continue  # 壹万元整（第3期）: the figure in brackets is not an amount
            span = (m.end() - len(cap), m.end()) if figures_first else (m.start(), m.start() + len(cap))
            if span in seen:
                continue
            seen.add(span)
            try:
                fv, cv = figure_value(fig, m.group("wan")), parse_capital_amount(cap)
            except (ValueError, InvalidOperation):
                continue
            figures = f"{fig}{m.group('wan') or ''}"
            yield AmountPair(figures, cap, fv, cv, clip(m.group(0)), english=False)


def _en_pairs(text: str) -> Iterator[AmountPair]:
    for m in _EN_FIG_THEN_WORDS.finditer(text):
        words = m.group("words").strip()
        value = english_amount_value(words)
        if value is None:
            continue
        fv = figure_value(m.group("fig"), scale=m.group("scale"))
        yield AmountPair(m.group(0).split("(")[0].strip(), words, fv, value, clip(m.group(0)), english=True)
    for m in _EN_WORDS_THEN_FIG.finditer(text):
        words = _words_before(text, m.start()).strip(" ,")
        value = english_amount_value(words) if words else None
        if value is None:
            continue
        fv = figure_value(m.group("fig"), scale=m.group("scale"))
        figures = m.group(0).strip("() ")
        yield AmountPair(figures, words, fv, value, clip(f"{words} {m.group(0)}"), english=True)


def amount_pairs(text: str) -> list[AmountPair]:
    """Every amount ``text`` writes both in figures and in words (Chinese capitals or English), either order."""
    out: list[AmountPair] = []
    if "(" not in text and "（" not in text and not any(w in text for w in _LABELS):
        return out  # every pair has a bracket, or 大写 / 小写 between its two halves
    if _CAP_DIGIT.search(text):
        out.extend(_zh_pairs(text))
    low = text.lower()
    if any(t in low for t in _EN_TRIGGER):
        out.extend(_en_pairs(text))
    return out


def _mismatch(ctx: Context, block: Block, pair: AmountPair) -> Finding:
    clause = ctx.clause_name(block)
    where_zh = f"（{clause}）" if clause else ""
    where_en = f" in {clause!r}" if clause else ""
    f_txt, w_txt = format_figures(pair.figures_value), format_figures(pair.words_value)
    if pair.english:
        zh = (f"金额数字与文字不一致{where_zh}：数字“{pair.figures}”即 {f_txt}，"
              f"文字“{pair.words}”即 {w_txt}。")
        en = (f"amount in figures {pair.figures!r} ({f_txt}) disagrees with the amount in words "
              f"{pair.words!r} ({w_txt}){where_en}.")
    else:
        zh = (f"金额小写与大写不一致{where_zh}：小写“{pair.figures}”即 {f_txt} 元，"
              f"大写“{pair.words}”即 {w_txt} 元。")
        en = (f"amount in figures {pair.figures!r} ({f_txt}) disagrees with the Chinese capitals "
              f"{pair.words!r} ({w_txt}){where_en}.")
    return finding("capital_mismatch", Severity.blocker, Role.finance, zh, en,
                   location=block.location, evidence=pair.evidence, category="price")


def check_capital_amounts(ctx: Context) -> list[Finding]:
    """An amount in figures that disagrees with the same amount in words beside it: a finance blocker.

    Both orders: figures first with the words in brackets or after 大写 (¥1,250,000.00（人民币壹佰贰拾
    伍万元整）, 125万元（大写：壹佰贰拾伍万元整）, "USD 240,000 (two hundred and forty thousand US
    dollars)"), or the words first with the figures in brackets (人民币壹佰贰拾伍万元整（¥1,250,000.00）,
    "two hundred and forty thousand US dollars (USD 240,000)"). The finding quotes both and names the
    clause; amounts that agree, and words that are not an amount, are silent.
    """
    out: list[Finding] = []
    for block in ctx.blocks_containing(_CAP_TRIGGER + _EN_TRIGGER, TEXT_PARTS | {Part.footnote}):
        for text in (block.cells or (block.text,)):
            for pair in amount_pairs(text):
                if pair.figures_value != pair.words_value:
                    out.append(_mismatch(ctx, block, pair))
    return out
