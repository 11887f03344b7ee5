"""review.linear: RE2 gives the very matches and groups Python's re gives, on the patterns it runs."""

from __future__ import annotations

import random
import re
from typing import Any

import pytest

from review import check_figures
from review.linear import compile_linear, translate

_TOKENS = ["1", "2", "0", "１２", "123", ",", "，", ".", "5", "大写", "大寫", "小写", "人民币", "RMB", "cny", "￥", "¥",
           "US$", "$", "usd", "元", "yuan", "YUAN", "万", "壹", "贰", "拾", "佰", "仟", "零", "亿", "圆", "角",
           "分", "整",
           "（", "）", "(", ")", "：", ":", " ", "  ", "\u3000", "\n", "\t", "合同总价", "total price", "Total Fees",
           "aggregate fee", "。", "；", "为", "x"]


def _matches(rx: Any, text: str) -> list[tuple[tuple[int, int], dict[str, Any]]]:
    return [((m.start(), m.end()), m.groupdict()) for m in rx.finditer(text)]


@pytest.mark.parametrize("name", ["_FIG_THEN_CAP", "_CAP_THEN_FIG", "_MONEY", "_TOTAL_PRICE"])
def test_check_figures_patterns_match_as_python_re(name: str) -> None:
    linear = getattr(check_figures, name)
    python = re.compile(linear.source, linear.flags)
    rng = random.Random(name)
    for _ in range(1500):
        text = "".join(rng.choice(_TOKENS) for _ in range(rng.randrange(1, 40)))
        assert _matches(linear, text) == _matches(python, text), text


def test_whitespace_and_digits_mean_what_they_mean_in_python() -> None:
    import sys

    spaces = "".join(chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace())
    assert compile_linear(r"a\s*b").fullmatch(f"a{spaces}b")
    assert not compile_linear(r"a\s*b").fullmatch("a\u200bb")
    assert compile_linear(r"[\d,]+").fullmatch("１２,٣4")
    assert compile_linear(r"[^\s]+").fullmatch("甲乙") and not compile_linear(r"[^\s]+").search("\u3000")


def test_what_it_cannot_translate_is_refused() -> None:
    for pattern in (r"\bword", r"\w+", r"(?<=a)b"):
        with pytest.raises(ValueError):
            compile_linear(pattern)
    with pytest.raises(ValueError):
        compile_linear("a", re.DOTALL)
    assert translate(r"[\s\]]\\s") == r"[" + translate(r"\s")[1:-1] + r"\]]\\s"


# The placeholder pattern before it was rewritten (it took minutes on 5,000 spaces); the rewrite must match as it did.
_OLD_PLACEHOLDER = re.compile(
    r"(?P<date>(?:[X×xＸｘ＊*_]{2,4}|\s{2,})\s*年\s*(?:[X×xＸｘ＊*_]{1,2}|\s{2,})\s*月\s*(?:[X×xＸｘ＊*_]{1,2}|\s{2,})"
    r"\s*日|(?<![\d零〇一二三四五六七八九十])年\s+月\s+日)"
    r"|(?P<under>_{3,})"
    r"|(?P<bracket>【[^】\n]{0,30}】)"
    r"|(?P<jinja>\{\{[^}\n]{0,80}\}\}|\{%[^%\n]{0,80}%\})"
    r"|(?P<bullet>[\[［]\s*[●•·…]+\s*[\]］])"
    r"|(?P<insert>\[\s*(?:insert|enter|fill in|name of|date of|amount|party|company name|address)\b[^\]\n]{0,60}\])"
    r"|(?P<xx>×{2,}|(?<=[\u4e00-\u9fff：:])[XＸxｘ]{2,}|[XＸxｘ]{2,}(?=[\u4e00-\u9fff]))"
    r"|(?P<tbd>\bTBD\b|\bTBC\b|\bto be (?:determined|confirmed|agreed)\b|待定|待填写?|待补充|待确认)",
    re.IGNORECASE,
)
_PLACEHOLDER_TOKENS = ["年", "月", "日", " ", "  ", "\u3000", "\n", "X", "x", "Ｘ", "×", "＊", "_", "___", "2026",
                       "二〇", "十", "甲", "：", "【", "】", "{{", "}}", "[", "]", "●", "insert", "TBD", "待定", "a"]


def test_placeholder_pattern_matches_as_before() -> None:
    from review.check_text import _PLACEHOLDER

    rng = random.Random(11)
    for _ in range(6000):
        text = "".join(rng.choice(_PLACEHOLDER_TOKENS) for _ in range(rng.randrange(1, 30)))
        got = [(m.span(), m.lastgroup) for m in _PLACEHOLDER.finditer(text)]
        assert got == [(m.span(), m.lastgroup) for m in _OLD_PLACEHOLDER.finditer(text)], text


# ---- patterns rewritten (or moved to RE2) so that long runs of spaces or numerals take linear time --------------
# Each as it was before, and the tokens it is made of plus long runs; the new one must give the same answers.
_SPACES = [" ", "\u3000", "\n", "\t", " " * 40, "\u3000" * 40, "\n" * 40, " \n" * 20, "\r\n"]
_OLD: dict[str, tuple[str, int, list[str]]] = {
    "check_text._ZH_PARTY": (
        r"^\s*(?P<label>甲方|乙方|丙方|委托方|受托方)\s*(?:[（(](?P<alias>[^）)\n]{1,12})[）)])?\s*[:：]\s*(?P<name>[^\n]*)$",
        re.MULTILINE, ["甲方", "乙方", "委托方", "（", "）", "(", ")", "简称", "：", ":", "某某公司", "x"]),
    "check_text._EN_PARTY": (
        r"^\s*(?P<label>Party [ABC])\s*(?:\((?:the\s+)?[\"“]?(?P<alias>[A-Za-z ]{1,24}?)[\"”]?\))?\s*:"
        r"\s*(?P<name>[^\n]*)$",
        re.MULTILINE | re.IGNORECASE, ["Party A", "party b", "PARTY C", "(", ")", "the ", '"', "“", "”", "Client",
                                       ":", "Acme Ltd", "ſ", "K", "甲"]),
    "check_text._NEXT_LABEL": (
        r"\s*(?:甲方|乙方|丙方|委托方|受托方|Party [ABC]|Client|Vendor|Supplier|Customer|法定代表人|授权代表|日期|Date)"
        r"\s*(?:[（(][^）)\n]{0,30}[）)])?\s*[:：].*$",
        re.IGNORECASE, ["甲方", "乙方", "Party A", "client", "DATE", "日期", "法定代表人", "（", "）", "(", ")", "盖章",
                        "：", ":", "某某公司", "x"]),
    "check_text._TRAILER": (
        r"\s*(?:[（(](?:以下简称|下称|hereinafter|the\s)[^）)]*[）)]?|，|;|；).*$",
        re.IGNORECASE, ["（", "）", "(", ")", "以下简称", "下称", "Hereinafter", "the", "，", ";", "；", "甲方", "x"]),
    "checks._DURATION": (
        r"(?P<n>(?:(?<![\d.])\d{1,3}|[零〇一二两三四五六七八九十]+"
        r"|\b(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|fifteen|twenty|thirty)))"
        r"\s*(?:[（(]\s*\d+\s*[）)]\s*)?(?:个)?(?:年(?!\s*\d{1,2}\s*月)|月(?!\s*\d{1,2}\s*日)|years?\b|months?\b)",
        re.IGNORECASE, ["零", "零" * 30, "〇", "一", "二", "十", "两", "5", "2026", ".", "three", "Zero", "(", "3", ")",
                        "（", "）", "个", "年", "月", "日", "years", "month", "x"]),
    "classify._RUN_IN": (
        r"^\s*(?:(?:article|section|clause)\s+)?(?:[\dIVX]+(?:\.\d+)*\.?|\(?[a-z\d]{1,3}\))?\s*"
        r"(?P<h>[A-Z][A-Za-z,&/'’ -]{2,60}?)\s*(?:[.:]\s|\s[-–—]\s)",
        0, ["article", "Section", "12", "3", ".", "IV", "(", "a", ")", "Governing", "Law", "Term", ",", "-", "–", ":",
            "x"]),
}


def _spans_and_groups(rx: Any, text: str) -> list[tuple[tuple[int, int], dict[str, Any]]]:
    return [((m.start(), m.end()), m.groupdict()) for m in rx.finditer(text)]


@pytest.mark.parametrize("name", sorted(_OLD))
def test_linear_rewrites_answer_as_before(name: str) -> None:
    import importlib

    module, attr = name.split(".")
    new = getattr(importlib.import_module(f"review.{module}"), attr)
    source, flags, tokens = _OLD[name]
    old = re.compile(source, flags)
    rng = random.Random(name)
    tokens = tokens + _SPACES
    for _ in range(3000):
        text = "".join(rng.choice(tokens) for _ in range(rng.randrange(1, 25)))
        assert _spans_and_groups(new, text) == _spans_and_groups(old, text), text
        if name.endswith(("_NEXT_LABEL", "_TRAILER")):  # used with sub()
            assert new.sub("", text) == old.sub("", text), text
        if name.endswith("_RUN_IN"):  # used with match()
            got, want = new.match(text), old.match(text)
            assert (got and (got.span(), got.group("h"))) == (want and (want.span(), want.group("h"))), text


def test_capital_amount_pattern_answers_as_before() -> None:
    from clause_library.figures import CAPITAL, CAPITAL_RE

    old = re.compile(CAPITAL)
    tokens = ["人民币", "零", "零" * 30, "壹", "贰", "玖", "拾", "佰", "万", "亿", "元", "圆", "角", "分", "整",
              "人", "1", " ", "x"]
    rng = random.Random(7)
    for _ in range(4000):
        text = "".join(rng.choice(tokens) for _ in range(rng.randrange(1, 25)))
        assert _spans_and_groups(CAPITAL_RE, text) == _spans_and_groups(old, text), text


def test_signature_pieces_split_as_before() -> None:
    from review.check_text import _PIECES

    tokens = ["/", " / ", "甲方：X", "Party A: Y", "x", *_SPACES]
    rng = random.Random(3)
    for _ in range(4000):
        text = "".join(rng.choice(tokens) for _ in range(rng.randrange(1, 25)))
        assert _PIECES.split(text) == re.split(r"\s+/\s+|\n", text), text
