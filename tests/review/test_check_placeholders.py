"""The placeholder check both ways: blanks and template marks planted are found, ordinary ones are not."""

from __future__ import annotations

import pytest

from clause_library.loader import Library
from clause_library.models import Role, Severity
from tests.review.checks_helpers import en_contract, of, review, zh_contract


@pytest.mark.parametrize(("text", "severity", "owner"), [
    ("本合同总价为人民币____元。", Severity.blocker, Role.finance),
    ("本合同自XX年XX月XX日起生效。", Severity.blocker, Role.business),
    ("乙方：【供应商名称】", Severity.blocker, Role.legal),
    ("服务地点：【 】", Severity.warning, Role.legal),
    ("服务费用为{{ price_amount }}。", Severity.blocker, Role.finance),
    ("{% if cond.mutual %}双方{% endif %}均应保密。", Severity.warning, Role.legal),
    ("The fee is USD [●] per month.", Severity.blocker, Role.finance),
    ("This Agreement is made between [insert name of Vendor] and the Client.", Severity.blocker, Role.legal),
    ("Service location: TBD", Severity.warning, Role.legal),
    ("服务地点待定。", Severity.warning, Role.legal),
    ("负责人：××", Severity.warning, Role.legal),
])
def test_placeholder_planted(library: Library, text: str, severity: Severity, owner: Role) -> None:
    found = of(review(zh_contract(text), library), "placeholder")
    assert found, text
    assert (found[0].severity, found[0].owner) == (severity, owner)
    assert found[0].location == "paragraph 5" and found[0].evidence


@pytest.mark.parametrize("text", [
    "本合同总价为人民币1,200,000.00元。",
    "【重要提示】请仔细阅读本合同。",
    "签订日期：__________  签订地点：__________",
    "乙方提供7×24小时服务。",
    "Article XX applies to this Schedule.",
    "身份证号110101********1233",
])
def test_placeholder_not_planted(library: Library, text: str) -> None:
    assert of(review(zh_contract(text), library), "placeholder") == []


def test_signature_block_blanks_are_normal(library: Library) -> None:
    report = review(zh_contract("乙方应按约提供服务。"), library)
    assert of(report, "placeholder") == []
    en = review(en_contract("The Vendor provides the Services."), library)
    assert of(en, "placeholder") == []
