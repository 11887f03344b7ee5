"""The checks on figures both ways: amounts in capitals, payment schedules and clauses adding up, term dates."""

from __future__ import annotations

import pytest

from clause_library.loader import Library
from clause_library.models import Role, Severity
from tests.review.checks_helpers import Row, of, review, zh_contract

# ---- figures and capitals ------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "bad"), [
    ("合同总价为人民币1,200,000.00元（大写：人民币壹佰贰拾万元整）。", False),
    ("合同总价为人民币1,200,000.00元（大写：人民币壹佰壹拾万元整）。", True),
    ("合同总价为120万元（大写：人民币壹佰贰拾万元整）。", False),
    ("合同总价为大写：人民币壹佰贰拾万元整（小写：¥1,200,000.00）。", False),
    ("合同总价为大写：人民币壹佰贰拾万元整（小写：¥1,300,000.00）。", True),
    ("合同总价为人民币360,000.50元（大写：人民币叁拾陆万元伍角整）。", False),
])
def test_capital_amount(library: Library, text: str, bad: bool) -> None:
    found = of(review(zh_contract(text), library), "capital_mismatch")
    assert bool(found) is bad
    if bad:
        assert found[0].severity is Severity.blocker and found[0].owner is Role.finance
        assert "1,200,000.00" in found[0].message_en or "1,100,000.00" in found[0].message_en


# ---- payment schedule ------------------------------------------------------------------------------

def _schedule(*rows: tuple[str, str]) -> list[Row]:
    return [["序号", "付款节点", "付款比例", "金额（元）"],
            *[[str(i), "节点", p, a] for i, (p, a) in enumerate(rows, 1)]]


def test_payment_table_adds_up(library: Library) -> None:
    table = _schedule(("30%", "人民币360,000.00元"), ("40%", "人民币480,000.00元"), ("30%", "人民币360,000.00元"))
    table.append(["合计", "", "100%", "人民币1,200,000.00元"])
    report = review(zh_contract("附件一 付款计划", table), library)
    assert of(report, "payment_percentages") == [] and of(report, "payment_amounts") == []


def test_payment_table_percentages_and_amounts_planted(library: Library) -> None:
    table = _schedule(("30%", "人民币360,000.00元"), ("40%", "人民币480,000.00元"), ("20%", "人民币300,000.00元"))
    table.append(["合计", "", "100%", "人民币1,200,000.00元"])
    report = review(zh_contract("附件一 付款计划", table), library)
    pct = of(report, "payment_percentages")
    assert pct and pct[0].severity is Severity.blocker and pct[0].owner is Role.finance
    assert "90%" in pct[0].message_en
    amounts = of(report, "payment_amounts")
    assert amounts and "1,140,000.00" in amounts[0].message_en and "1,200,000.00" in amounts[0].message_en


def test_sla_table_is_not_a_payment_schedule(library: Library) -> None:
    sla = [["序号", "服务指标", "目标值"], ["1", "系统可用率", "不低于99.9%"], ["2", "首次解决率", "不低于80%"]]
    assert of(review(zh_contract("附件二 服务水平", sla), library), "payment_percentages") == []


@pytest.mark.parametrize(("text", "bad"), [
    ("服务费用分三期支付：合同签订后支付30%，中期验收后支付40%，终验后支付20%。", True),
    ("服务费用分三期支付：合同签订后支付30%，中期验收后支付40%，终验后支付30%。", False),
    ("The fees are paid in three instalments: 30% upon signing, 40% on acceptance and 20% at the end.", True),
    ("The fees are paid in three instalments: 30% upon signing, 40% on acceptance and 30% at the end.", False),
    ("首期支付30%，增值税税率为6%。", False),
    ("服务可用率不低于99.9%，首期付款比例为30%。", False),
    ("首期支付30%，验收后累计支付至90%，质保期满支付剩余10%。", False),
])
def test_payment_clause_percentages(library: Library, text: str, bad: bool) -> None:
    assert bool(of(review(zh_contract(text), library), "payment_percentages")) is bad


def test_payment_clause_with_list_items(library: Library) -> None:
    report = review(zh_contract("付款方式：服务费用分期支付如下：", "（一）预付款：合同总价的30%；",
                                "（二）进度款：合同总价的40%；", "（三）尾款：合同总价的40%。"), library)
    assert of(report, "payment_percentages")


# ---- term dates ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "bad"), [
    ("服务期限自2026年4月1日起至2027年3月31日止。", False),
    ("服务期限自2026年4月1日起至2025年3月31日止。", True),
    ("The term runs from 1 April 2026 to 31 March 2027.", False),
    ("The term runs from 1 April 2026 to 31 March 2025.", True),
    ("The term runs from April 1, 2026 until March 31, 2025.", True),
    ("服务期限自2026-04-01至2025-03-31。", True),
])
def test_term_dates(library: Library, text: str, bad: bool) -> None:
    found = of(review(zh_contract(text), library), "term_ends_before_start")
    assert bool(found) is bad
    if bad:
        assert found[0].severity is Severity.blocker and found[0].owner is Role.business
