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
