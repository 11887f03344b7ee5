"""The checks on the words both ways: Unified Social Credit Codes, party names agreeing."""

from __future__ import annotations

import pytest

from clause_library.loader import Library
from clause_library.models import Role, Severity
from tests.review.checks_helpers import SIGN_ZH, en_contract, of, review, zh_contract


@pytest.mark.parametrize(("text", "bad"), [
    ("统一社会信用代码：91110000600037341L", False),
    ("统一社会信用代码：91110000600037341X", True),
    ("Unified Social Credit Code: 91110000600037341X", True),
    ("USCC: 91110000600037341L", False),
    ("统一社会信用代码：9111000060003734", True),
])
def test_uscc(library: Library, text: str, bad: bool) -> None:
    found = of(review(zh_contract(text), library), "uscc")
    assert bool(found) is bad
    if bad:
        assert found[0].severity is Severity.blocker and found[0].owner is Role.legal


def test_party_names_agree_zh_and_en(library: Library) -> None:
    assert of(review(zh_contract("乙方提供服务。"), library), "party_name_mismatch") == []
    assert of(review(en_contract("The Vendor provides the Services."), library), "party_name_mismatch") == []


def test_party_name_differs_zh(library: Library) -> None:
    sign = [list(r) for r in SIGN_ZH]
    sign[1] = ["北京示范科技有限公司", "上海云服信息技术有限公司"]
    found = of(review(zh_contract("乙方提供服务。", sign=sign), library), "party_name_mismatch")
    assert len(found) == 1 and found[0].severity is Severity.blocker and found[0].owner is Role.legal
    assert "北京示例科技股份有限公司" in found[0].message_zh and "北京示范科技有限公司" in found[0].message_zh


def test_party_name_differs_en_inline(library: Library) -> None:
    sign = [["Client (company seal): Acme Holdings Inc.", "Vendor (company seal): Vendor Co., Ltd."],
            ["By: ________", "By: ________"]]
    found = of(review(en_contract("The Vendor provides the Services.", sign=sign), library), "party_name_mismatch")
    assert len(found) == 1 and "Acme Holdings Inc." in found[0].message_en
