"""Item markers exist for any count: （一） … （七百零三） …, (a) … (zz), (aaa) … (a 703-item list crashed)."""

from __future__ import annotations

import re

import pytest

from clause_library.models import Lang
from generator.values import item_marker
from review.check_library import _MARKER


@pytest.mark.parametrize(("i", "zh", "en"), [
    (0, "（一）", "(a)"), (25, "（二十六）", "(z)"), (26, "（二十七）", "(aa)"), (701, "（七百零二）", "(zz)"),
    (702, "（七百零三）", "(aaa)"), (9_999, "（一万）", "(ntp)"), (18_278, "（一万八千二百七十九）", "(aaaa)"),
])  # fmt: skip
def test_item_markers(i: int, zh: str, en: str) -> None:
    assert (item_marker(i, Lang.zh), item_marker(i, Lang.en)) == (zh, en)


def test_every_marker_up_to_twenty_thousand_is_distinct_and_read_back_as_a_marker() -> None:
    for lang in Lang:
        markers = [item_marker(i, lang) for i in range(20_000)]
        assert len(set(markers)) == len(markers)
        assert all(_MARKER.match(m + " 文字") for m in markers)
        assert all(re.fullmatch(r"[（(][^（）()]+[）)]", m) for m in markers)
