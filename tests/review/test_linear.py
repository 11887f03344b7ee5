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
        compile_linear("a", re.MULTILINE)
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
