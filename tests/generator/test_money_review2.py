"""Legal review 2, the money points N9, N10, N11, N12 (withholding), N14, N16, N17 and N18.

Each drafted .docx is opened as a lawyer reads it: the article that must say the thing says it, the
quoted wrong text is gone everywhere, and the figures agree with the schedule. Checked on the three
shipped contracts and on requests unlike them (another IT request: SME vendor, monthly evaluation,
price exclusive of VAT, its own retention and integrity floor; another HR request: small-scale vendor
at 3%, no pass-through funds, SME).
"""

from __future__ import annotations

import copy
import re
from decimal import Decimal
from typing import Any

import pytest

from clause_library.errors import RequestError
from clause_library.loader import Library
from generator.assemble import assemble
from generator.request import parse_request
from tests.conftest import example_request
from tests.generator.docx_articles import Articles, drafted_docx, emphasised, read_articles

IT, HR, BPO = (example_request("it_contract_zh.yaml"), example_request("hr_payroll_zh.yaml"),
               example_request("bpo_contract_bilingual.yaml"))


def _it_other() -> dict[str, Any]:
    data = copy.deepcopy(IT)
    data.update({
        "contract_no": "IT-2027-0042", "sme_vendor": True,
        "term": {"start": "2027-01-01", "end": "2028-06-30"},
        "price": {"amount": 2_000_000.00, "currency": "CNY", "tax_rate": 6, "tax_inclusive": False},
        "variants": {"evaluation": "monthly"},
        "payment_schedule": [
            {"milestone": "首付款", "trigger": "本合同生效", "amount": 400_000.00, "conditions": [], "due_days": 10},
            {"milestone": "年度服务费", "trigger": "第十二个月考核完成", "amount": 900_000.00,
             "conditions": ["evaluation"], "due_days": 20},
            {"milestone": "尾款", "trigger": "服务期限届满", "amount": 600_000.00,
             "conditions": ["evaluation", "handover"], "due_days": 20},
            {"milestone": "质保金", "trigger": "质量保证期届满", "amount": 100_000.00,
             "conditions": ["warranty"], "due_days": 45},
        ],
        "values": {"integrity_report_email": "ethics@other.example.cn", "integrity_damages_min": 80_000},
    })
    return data


def _hr_other() -> dict[str, Any]:
    data = copy.deepcopy(HR)
    data.update({"contract_no": "HR-2027-0003", "sme_vendor": True, "pass_through_funds": False,
                 "price": {"amount": 432_000.00, "currency": "CNY", "tax_rate": 3, "tax_inclusive": True}})
    return data


REQUESTS: dict[str, dict[str, Any]] = {
    "it": IT, "hr": HR, "bpo": BPO, "it_other": _it_other(), "hr_other": _hr_other(),
}


class Drafted:
    """One drafted contract: its articles by heading, the whole text, and its tables."""

    def __init__(self, library: Library, data: dict[str, Any]) -> None:
        self.data = data
        self.doc = drafted_docx(library, data)
        self.arts: Articles = read_articles(self.doc)
        self.text = "\n".join(p.text for p in self.doc.paragraphs)
        self.tables = [[[c.text for c in r.cells] for r in t.rows] for t in self.doc.tables]

    def article(self, heading: str) -> tuple[str, str]:
        number = self.arts.find(heading)
        return number, self.arts.text(number)

    def paragraph(self, heading: str, fragment: str) -> Any:
        found = [p for p in self.arts.paras[self.arts.find(heading)] if fragment in p.text]
        assert len(found) == 1, (heading, fragment, [p.text for p in found])
        return found[0]

    def table(self, second_header: str) -> list[list[str]]:
        return next(t for t in self.tables if t[0][1].startswith(second_header))

    @property
    def sme(self) -> bool:
        return bool(self.data["sme_vendor"])


@pytest.fixture(scope="module")
def drafted(library: Library) -> dict[str, Drafted]:
    return {name: Drafted(library, data) for name, data in REQUESTS.items()}


NAMES = list(REQUESTS)


def _amount(cell: str) -> Decimal:
    m = re.match(r"人民币([\d,]+\.\d\d)元", cell)
    assert m, cell
    return Decimal(m.group(1).replace(",", ""))


# ---------------------------------------------------------------- N9 retention
@pytest.mark.parametrize("name", NAMES)
def test_n9_no_retention_outside_its_own_schedule_row(name: str, drafted: dict[str, Drafted]) -> None:
    d = drafted[name]
    _, payment = d.article("付款方式")
    assert "从最后一期款项中预留" not in d.text and "作为质量保证金" not in d.text
    rows = d.table("付款节点")[1:-1]
    total = d.table("付款节点")[-1]
    assert sum(_amount(r[4]) for r in rows) == _amount(total[4]) == Decimal(str(d.data["price"]["amount"]))
    retention = [r for r in rows if "质量保证期届满" in r[5]]
    if d.data["outsourcing"] != "it":
        assert not retention and "质量保证金" not in d.text, "HR and BPO: no deliverable warranty, no retention"
        return
    warranty_no, _ = d.article("质量保证")
    (row,) = retention
    want = next(m for m in d.data["payment_schedule"] if m["conditions"] == ["warranty"])
    assert _amount(row[4]) == Decimal(str(want["amount"]))
    assert row[5] == "质量保证期届满、收到合格发票"
    assert row[6] == f"付款条件全部满足且收到合格发票之日（以较晚者为准）起{want['due_days']}日内"
    share = Decimal(str(want["amount"])) * 100 / Decimal(str(d.data["price"]["amount"]))
    assert row[3] == f"{share.normalize():f}%"
    assert f"质量保证期届满：本合同{warranty_no}约定的全部交付成果的质量保证期" in payment
    assert "见索即付银行保函代替质量保证金" in payment and "视为本项付款条件已经满足" in payment


def test_n9_an_it_request_without_a_retention_row_gets_no_retention(library: Library) -> None:
    data = copy.deepcopy(IT)
    data["payment_schedule"] = [*data["payment_schedule"][:2], dict(data["payment_schedule"][2], amount=360_000.00)]
    d = Drafted(library, data)
    assert "质量保证金" not in d.text and "质量保证期届满" not in d.article("付款方式")[1]


@pytest.mark.parametrize(("base", "change", "fragment"), [
    (HR, {}, "only IT outsourcing warrants its deliverables"),
    (BPO, {}, "only IT outsourcing warrants its deliverables"),
    (IT, {"deliverables": []}, "lists no deliverables to warrant"),
])
def test_n9_a_retention_without_a_deliverable_warranty_is_refused(base: dict[str, Any], change: dict[str, Any],
                                                                  fragment: str) -> None:
    data = copy.deepcopy(base) | change
    data["payment_schedule"][-1]["conditions"] = ["warranty"]
    with pytest.raises(RequestError) as err:
        parse_request(data)
    assert fragment in str(err.value) and "payment_schedule" in str(err.value)


# ---------------------------------------------------------------- N10 the fees of an evaluation period
@pytest.mark.parametrize("name", NAMES)
def test_n10_period_fees_are_the_schedule_instalment_and_deductions_come_from_the_next(
        name: str, drafted: dict[str, Drafted]) -> None:
    d = drafted[name]
    _, evaluation = d.article("考核与评估")
    assert "本合同所称“考核期服务费用”，是指服务费用总额按照服务期限的天数平均分摊至该考核期的金额。" not in evaluation
    assert ("本合同所称“考核期服务费用”，是指附件一《付款计划》中以该考核期的考核完成为付款条件的一期款项的金额；"
            "附件一《付款计划》中没有以该考核期的考核完成为付款条件的款项的，为服务费用总额按照服务期限的天数平均分摊"
            "至该考核期的金额。") in evaluation
    assert "从该考核期考核完成后应付的款项中扣除" not in evaluation
    assert "从该考核期考核完成后甲方应付的最近一期款项中扣除" in evaluation
    assert "其后没有应付款项或者应付款项不足扣除的，乙方应在收到甲方书面通知之日起30日内退还差额" in evaluation
    notes = d.text[d.text.index("服务费用扣减："):]
    assert "从该考核期考核完成后甲方应付的最近一期款项中扣除" in notes


def test_n10_english_says_the_same(drafted: dict[str, Drafted]) -> None:
    _, evaluation = drafted["bpo"].article("考核与评估")
    assert ('"the fees of an evaluation period" means the amount of the instalment in Schedule 1 (Payment Schedule) '
            "that is conditional on the completion of the evaluation of that period") in evaluation
    assert "deduct it from the first instalment payable by the Client after that evaluation" in evaluation


# ---------------------------------------------------------------- N11 the scorecard
@pytest.mark.parametrize("name", NAMES)
def test_n11_scorecard_is_proportional_and_says_how_months_make_a_period(
        name: str, drafted: dict[str, Drafted]) -> None:
    d = drafted[name]
    assert "未达到的得0分" not in d.text and "none if not" not in d.text
    card = d.table("考核指标")
    assert [r[2] for r in card[1:-1]] == [f"{s['weight']}%" for s in d.data["service_levels"]]
    assert sum(Decimal(r[2].rstrip("%")) for r in card[1:-1]) == 100 and card[-1][2] == "100%"
    for row, level in zip(card[1:-1], d.data["service_levels"], strict=True):
        if "scoring" in level:
            assert row[4] == (level["scoring"] if isinstance(level["scoring"], str) else level["scoring"]["zh"])
        else:
            assert row[4].startswith("达到目标值的得该项全部分值；未达到的，实际值每低于目标值1个百分点")
            assert "扣该项分值的20%，扣完为止，最低为0分" in row[4]
    evaluation_no, evaluation = d.article("考核与评估")
    assert "考核得分为各考核指标得分之和" in evaluation
    assert "计分公式：考核期得分＝Σ（各考核指标得分），满分100分" in d.text
    assert "以考核期内各月数值的算术平均值与目标值比较并评分" in d.text
    # 10.4(二): no evaluation reduction for what the service credits already charged
    assert "将该考核期已适用服务费用扣减的考核指标按该项满分计算后，考核得分仍低于80分的" in evaluation
    assert "不合格仅因已适用服务费用扣减的考核指标所致的，不适用考核扣减" in evaluation
    assert f"在判断是否适用本合同{evaluation_no}约定的考核扣减时按该项满分计算，不重复扣减" in d.text


def test_n11_english_scorecard(drafted: dict[str, Drafted]) -> None:
    d = drafted["bpo"]
    assert "Measurement period: an indicator whose target or measurement is monthly is scored on the arithmetic mean" \
        in "\n".join(c for t in d.tables for r in t for c in r) + d.text
    assert "20% of the item's points are deducted for each percentage point below the target" in \
        "\n".join(c for t in d.tables for r in t for c in r)


# ---------------------------------------------------------------- N12 withholding (SME carve-out, marked)
@pytest.mark.parametrize("name", NAMES)
def test_n12_withholding_has_the_sme_carve_out_and_is_marked(name: str, drafted: dict[str, Drafted]) -> None:
    d = drafted[name]
    handover = d.paragraph("终止清算与交接", "交接完成并经甲方书面确认前")
    assert "甲方有权暂缓支付剩余款项。" not in handover.text
    audit = d.paragraph("监督检查", "乙方逾期未整改或者整改不符合要求的")
    assert "甲方有权暂停支付相关款项" not in audit.text
    payment_no = d.arts.find("付款方式")
    for para, what in ((handover, "交接"), (audit, "整改")):
        carve = re.compile(f"仅限于与{what}事项直接相关且存在争议的部分，"
                           f"其余款项仍应依照(本合同)?{payment_no}的约定按期支付")
        if d.sme:
            assert carve.search(para.text), para.text
        else:
            assert "中小企业" not in para.text
        assert any(f"与{what}事项直接相关" in span for span in emphasised(para)), para.text


# ---------------------------------------------------------------- N14 change pricing
@pytest.mark.parametrize("name", NAMES)
def test_n14_changes_are_priced_by_what_the_contract_states(name: str, drafted: dict[str, Drafted]) -> None:
    d = drafted[name]
    _, change = d.article("合同变更")
    assert "计费标准" not in change and "rates in Schedule 1" not in change
    assert "本合同未约定单价或者约定的单价不适用于该项变更的，由双方参照市场价格协商确定，并在变更协议中载明" in change
    if d.data["outsourcing"] == "hr":
        scope_no, scope = d.article("服务内容")
        assert f"按照本合同约定的单价（即本合同{scope_no}约定的每人每月服务费）计算" in change
        assert "每人每月" in scope
    else:
        assert "按照本合同约定的单价计算" in change and "每人每月" not in change


# ---------------------------------------------------------------- N16 VAT levy rate
@pytest.mark.parametrize("name", NAMES)
def test_n16_levy_rate_not_tax_rate(name: str, drafted: dict[str, Drafted]) -> None:
    d = drafted[name]
    rate = f"{d.data['price']['tax_rate']}%"
    _, price = d.article("服务价格")
    _, invoice = d.article("发票与税费")
    if rate == "6%":
        assert "税率为6%" in price + invoice and "征收率" not in price
        return
    assert f"税率为{rate}" not in price + invoice
    method = "（简易计税）"  # never 差额征收: pass-through funds stay in the company's accounts (review 2, N2)
    assert f"已包含征收率为{rate}{method}的增值税" in price
    assert f"增值税专用发票，适用征收率为{rate}{method}" in invoice


# ---------------------------------------------------------------- N17 integrity floor
@pytest.mark.parametrize("name", NAMES)
def test_n17_integrity_floor_is_a_fixed_amount(name: str, drafted: dict[str, Drafted]) -> None:
    d = drafted[name]
    para = d.paragraph("廉洁条款", "不正当利益金额的")
    assert "本合同总价款的5%" not in para.text and "总价款的" not in para.text
    floor = {"it_other": "人民币80,000.00元（大写：人民币捌万元整）"}.get(
        name, "人民币50,000.00元（大写：人民币伍万元整）")
    assert f"不正当利益金额的10倍向甲方支付违约金；该金额低于{floor}或者不正当利益金额无法确定的，按照{floor}支付" \
        in para.text
    assert any(floor in span for span in emphasised(para))


def test_n17_the_default_floor_is_listed_as_a_default(library: Library) -> None:
    defaults = dict(assemble(library, parse_request(IT)).defaults)
    assert defaults.get("values.integrity_damages_min") is not None
    assert "values.integrity_damages_min" not in dict(assemble(library, parse_request(_it_other())).defaults)


# ---------------------------------------------------------------- N18 IP vests on creation
@pytest.mark.parametrize("name", NAMES)
def test_n18_ip_vests_on_creation_not_on_payment(name: str, drafted: dict[str, Drafted]) -> None:
    d = drafted[name]
    para = d.paragraph("知识产权", "以下统称“工作成果”")
    assert "自甲方支付相应款项之时起" not in para.text and "upon payment" not in d.text
    assert "自工作成果形成之时起归甲方所有，不以甲方付款为条件" in para.text
    assert "乙方应当在甲方要求时及时签署并提交办理该等手续所需的全部文件" in para.text


def test_english_of_the_bilingual_contract(drafted: dict[str, Drafted]) -> None:
    d = drafted["bpo"]
    assert "belong to the Client from the moment the Work Product comes into being, irrespective of payment" in d.text
    assert "where that is less than RMB 50,000.00" in d.text
    assert "the Client may defer payment of the outstanding amounts directly related to the handover; where the " \
           "Vendor is a small or medium-sized enterprise, only the disputed part" in d.text
    assert "unit rates stated in this Contract" in d.text
