"""Money mechanics and the evaluation that drives them (legal review 1: P0-2, P0-3, P1-6, P1-10).

Each drafted .docx is opened as a lawyer reads it: the payment schedule's rows, the scorecard's
columns, the articles that point at them, and that the quoted wrong texts of the review are gone.
"""

from __future__ import annotations

import copy
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from clause_library.errors import RequestError
from clause_library.loader import Library
from generator.assemble import assemble
from generator.draft import draft_request
from generator.ooxml import iter_paragraphs
from generator.request import parse_request
from tests.conftest import example_request

IT = example_request("it_contract_zh.yaml")
BPO = example_request("bpo_contract_bilingual.yaml")

# A request unlike the examples: four instalments (a prepayment, an acceptance, two evaluations) and
# five indicators, a different price and term, monthly evaluation.
OTHER: dict[str, Any] = copy.deepcopy(IT) | {
    "contract_no": "IT-2027-0099",
    "term": {"start": "2027-01-01", "end": "2028-06-30"},
    "price": {"amount": 2_000_000.00, "currency": "CNY", "tax_rate": 6, "tax_inclusive": True},
    "variants": {"evaluation": "monthly"},
    "severity_levels": [
        {"name": "一级事件", "definition": "网上银行全部交易中断"},
        {"name": "二级事件", "definition": "网上银行部分交易失败率超过5%"},
    ],
    "service_levels": [
        {"metric": "交易成功率", "target": "不低于99.5%", "measurement": "成功交易数÷交易总数",
         "data_source": "交易监控平台", "weight": 35, "key": True, "credit": 4},
        {"metric": "一级事件恢复时间", "target": "2小时内", "measurement": "自告警时起计时", "data_source": "告警平台",
         "weight": 25, "key": True, "credit": 6},
        {"metric": "二级事件恢复时间", "target": "6小时内", "measurement": "自告警时起计时", "data_source": "告警平台",
         "weight": 15, "key": False, "credit": 2},
        {"metric": "变更成功率", "target": "不低于98%", "measurement": "成功变更数÷变更总数",
         "data_source": "变更管理系统", "weight": 15, "key": False, "credit": 1},
        {"metric": "巡检报告及时率", "target": "100%", "measurement": "按提交日期", "data_source": "甲方收文记录",
         "weight": 10, "key": False, "credit": 0.5},
    ],
    "payment_schedule": [
        {"milestone": "首付款", "trigger": "本合同生效", "amount": 200_000.00, "conditions": [], "due_days": 10},
        {"milestone": "上线验收款", "trigger": "监控平台上线并验收合格", "amount": 600_000.00,
         "conditions": ["acceptance"], "due_days": 20},
        {"milestone": "第一年度服务费", "trigger": "第十二个月考核完成", "amount": 700_000.00,
         "conditions": ["evaluation"], "due_days": 30},
        {"milestone": "尾款", "trigger": "服务期限届满", "amount": 500_000.00,
         "conditions": ["evaluation", "handover"], "due_days": 45},
    ],
}


def _docx(tmp_path: Path, data: dict[str, Any], library: Library) -> Any:
    result = draft_request(parse_request(data), tmp_path, library=library)
    return Document(str(next(p for p in result.files if p.suffix == ".docx")))


def _articles(doc: Any) -> dict[str, str]:
    """Heading of each article ("第六条 付款方式") → its text, schedules' notes under their titles."""
    out: dict[str, str] = {}
    head = ""
    for p in iter_paragraphs(doc):
        if p.style.name in ("Heading 1", "Heading 2"):
            head = p.text
            out[head] = ""
        elif head:
            out[head] += p.text + "\n"
    return out


def _article(arts: dict[str, str], title: str) -> tuple[str, str]:
    """(number as cited, text) of the article whose heading ends with ``title``."""
    head = next(h for h in arts if h.split(" ", 1)[-1].startswith(title))
    return head.split(" ", 1)[0], arts[head]


def _table(doc: Any, first_header: str, second_header: str) -> Any:
    return next(t for t in doc.tables if t.rows[0].cells[1].text.startswith(second_header)
                and t.rows[0].cells[0].text.startswith(first_header))


@pytest.fixture(scope="module")
def other(tmp_path_factory: pytest.TempPathFactory, library: Library) -> Any:
    return _docx(tmp_path_factory.mktemp("other"), OTHER, library)


def test_each_schedule_row_carries_amount_trigger_conditions_and_due_date(other: Any) -> None:
    table = _table(other, "序号", "付款节点")
    header = [c.text for c in table.rows[0].cells]
    assert header == ["序号", "付款节点", "付款触发事件", "付款比例", "金额（元）", "付款条件", "付款期限"]
    rows = [[c.text for c in r.cells] for r in table.rows[1:]]
    assert len(rows) == 4 + 1
    want = [("首付款", "本合同生效", "10%", "200,000.00", "收到合格发票", 10),
            ("上线验收款", "监控平台上线并验收合格", "30%", "600,000.00", "验收合格、收到合格发票", 20),
            ("第一年度服务费", "第十二个月考核完成", "35%", "700,000.00", "考核完成、收到合格发票", 30),
            ("尾款", "服务期限届满", "25%", "500,000.00", "考核完成、交接完成、收到合格发票", 45)]
    for row, (name, trigger, pct, amount, conds, days) in zip(rows[:-1], want, strict=True):
        assert row[1:4] == [name, trigger, pct]
        assert f"人民币{amount}元（大写：" in row[4]
        assert row[5] == conds
        assert row[6] == f"付款条件全部满足且收到合格发票之日（以较晚者为准）起{days}日内"
    assert rows[-1][0] == "合计" and "2,000,000.00" in rows[-1][4] and rows[-1][3] == "100%"


def test_scorecard_columns_rows_and_notes(other: Any) -> None:
    table = _table(other, "序号", "考核指标")
    assert [c.text for c in table.rows[0].cells] == ["序号", "考核指标", "权重", "关键指标", "评分规则", "未达标扣减"]
    rows = [[c.text for c in r.cells] for r in table.rows[1:]]
    assert [r[1] for r in rows[:-1]] == [s["metric"] for s in OTHER["service_levels"]]
    assert [r[2] for r in rows[:-1]] == ["35%", "25%", "15%", "15%", "10%"]
    assert [r[3] for r in rows[:-1]] == ["是", "是", "否", "否", "否"]
    assert rows[-1][2] == "100%"
    assert rows[4][5] == "该考核期服务费用的0.5%"
    sla = _table(other, "序号", "服务指标")
    assert [c.text for c in sla.rows[0].cells] == ["序号", "服务指标", "目标值", "计量方式", "数据来源"]
    assert sla.rows[1].cells[4].text == "交易监控平台"
    arts = _articles(other)
    notes = arts["附件三 服务质量考核表"]
    evaluation_no, _ = _article(arts, "考核与评估")
    standards_no, _ = _article(arts, "服务标准与验收")
    assert f"考核等级按照本合同{evaluation_no}的约定确定" in notes
    assert "“关键服务指标”" in notes
    assert f"按照本合同{standards_no}的约定执行" in notes
    assert "一级事件：网上银行全部交易中断" in notes and "二级事件：" in notes


def test_articles_point_at_the_schedules_and_define_their_terms(other: Any) -> None:
    arts = _articles(other)
    titles = [h for h in arts if h.startswith("附件")]
    assert titles == ["附件一 付款计划", "附件二 服务水平", "附件三 服务质量考核表", "附件四 委托处理个人信息清单"]
    _, payment = _article(arts, "付款方式")
    assert payment.count("附件一《付款计划》") >= 3
    _, evaluation = _article(arts, "考核与评估")
    assert "按照附件三《服务质量考核表》所列考核指标、权重、评分规则和计分公式进行" in evaluation
    assert "考核期为服务期限内的每一个自然月" in evaluation and "“考核期服务费用”" in evaluation
    _, standards = _article(arts, "服务标准与验收")
    assert "“关键服务指标”，是指附件三《服务质量考核表》“关键指标”栏标明为“是”的考核指标" in standards
    assert "（以下简称“服务费用扣减”）" in standards
    assert "服务费用扣减系双方对服务价值降低所作的价格调整，不属于违约金" in standards and "不重复计算" in standards
    _, damages = _article(arts, "违约金")
    assert "附件三《服务质量考核表》" in damages
    _, termination = _article(arts, "合同的解除与终止")
    assert "同一项关键服务指标（见附件三《服务质量考核表》）连续2个考核期未达到目标值" in termination
    listed = "附件一《付款计划》、附件二《服务水平》、附件三《服务质量考核表》和附件四《委托处理个人信息清单》以及双方"
    assert any(listed in t for t in arts.values())


def test_it_example_review_quotes_gone(drafted: dict[str, Path]) -> None:
    """P0-2: the prepayment falls due, 中期评估 is gone, the clock runs from the later of conditions and invoice."""
    doc = Document(str(drafted["it_contract_zh.yaml"]))
    text = "\n".join(p.text for p in iter_paragraphs(doc))
    for old in ("中期评估", "上述条件全部满足后，甲方应在收到乙方发票之日起", "乙方不存在尚未纠正的重大违约行为",
                "附件一《付款计划》约定奖励的", "人员配置标准以附件二《服务水平》", "按照本合同总价款的0.05%",
                "对违反保密义务的违约金另有约定的，适用该约定", "乙方在甲方的定期考核中被评定为不合格的",
                "服务水平违约金总额"):
        assert old not in text, old
    arts = _articles(doc)
    _, payment = _article(arts, "付款方式")
    assert "付款条件全部满足且收到合格发票之日（以较晚者为准）起" in payment
    assert "“付款条件”栏仅载明收到合格发票的款项（如预付款）" in payment and "不以验收、考核或者交接为条件" in payment
    first = _table(doc, "序号", "付款节点").rows[1].cells
    assert (first[1].text, first[2].text, first[5].text) == ("预付款", "本合同生效", "收到合格发票")


def test_it_example_one_period_each_and_termination_follows_the_evaluation(drafted: dict[str, Path]) -> None:
    """P1-10: termination for failed evaluations = the evaluation article's rule; rectification after an
    inspection has one period in the audit and information-security articles (11.4 vs 13.6)."""
    arts = _articles(Document(str(drafted["it_contract_zh.yaml"])))
    evaluation_no, evaluation = _article(arts, "考核与评估")
    _, termination = _article(arts, "合同的解除与终止")
    assert f"乙方的考核结果出现{evaluation_no}约定的可以解除本合同的情形的" in termination
    assert "连续2个季度考核结果为不合格" in evaluation
    _, audit = _article(arts, "监督检查")
    _, security = _article(arts, "信息安全")
    days = {re.search(r"乙方应(?:当)?在收到(?:整改)?通知之日起(\d+)日内", t).group(1) for t in (audit, security)}
    assert len(days) == 1, days


def test_penalties_do_not_stack(drafted: dict[str, Path]) -> None:
    """P1-6: delay damages on the affected period's fees; credits a price adjustment with an election;
    "一次" defined; the damages in excess of loss set off what was already received."""
    arts = _articles(Document(str(drafted["it_contract_zh.yaml"])))
    evaluation_no, evaluation = _article(arts, "考核与评估")
    standards_no, _ = _article(arts, "服务标准与验收")
    _, damages = _article(arts, "违约金")
    assert "每逾期一日，应当按照受影响考核期服务费用的0.05%" in damages
    assert f"考核期及考核期服务费用按照{evaluation_no}的约定确定" in damages
    assert f"按照{standards_no}的约定进行服务费用扣减，本条不另行约定服务水平违约金" in damages
    assert "甲方可以选择适用服务费用扣减或者逾期违约金，但不得同时适用" in damages
    assert "本款所称“一次”，是指一项违约行为" in damages
    assert "已收取的违约金和已扣减的服务费用从损失中扣除，不重复计算" in damages
    assert f"两者合计不超过本合同{standards_no}约定的上限" in evaluation


def test_bpo_example_quarterly_rows_and_english(drafted: dict[str, Path]) -> None:
    doc = Document(str(drafted["bpo_contract_bilingual.yaml"]))
    table = _table(doc, "序号", "付款节点")
    rows = table.rows[1:-1]
    assert len(rows) == 8
    for i, row in enumerate(rows):
        cells = [c.text for c in row.cells]
        assert cells[0] == str(i + 1)  # a value the same in both languages is shown once
        assert "人民币450,000.00元" in cells[4] and "RMB 450,000.00" in cells[4]
        assert "该季度考核完成" in cells[2] and "its evaluation completed" in cells[2]
        assert cells[6].endswith("within 30 days of the later of: conditions met, valid invoice received")
        assert "验收" not in cells[5]
    text = "\n".join(p.text for p in iter_paragraphs(doc))
    assert "Schedule 3 (Service Quality Scorecard)" in text
    assert 'In this Contract, "key service indicators" are the indicators marked "Yes"' in text
    assert "第一服务年度（按季度支付" not in text


def test_monthly_in_arrears_asks_no_acceptance(tmp_path: Path, library: Library) -> None:
    data = copy.deepcopy(OTHER)
    data["variants"] = {"payment": "monthly_in_arrears"}
    data["payment_schedule"] = [
        {"milestone": f"第{i}个月服务费", "trigger": f"第{i}个月结束", "amount": 2_000_000 / 18,
         "conditions": ["evaluation"] + (["handover"] if i == 18 else []), "due_days": 30}
        for i in range(1, 19)]
    amounts = [round(2_000_000 / 18, 2)] * 17
    amounts.append(round(2_000_000 - sum(amounts), 2))
    for row, amount in zip(data["payment_schedule"], amounts, strict=True):
        row["amount"] = amount
    _, payment = _article(_articles(_docx(tmp_path, data, library)), "付款方式")
    assert "各期服务费用不以验收为付款条件" in payment
    assert "验收合格" not in payment and "交付成果" not in payment
    assert "甲方应自该计费期间结束、付款条件全部满足且收到合格发票之日（以较晚者为准）起" in payment


def _set(data: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    data = copy.deepcopy(data)
    node: Any = data
    keys = re.sub(r"\[(\d+)\]", r".\1", path).split(".")
    for k in keys[:-1]:
        node = node[int(k)] if k.isdigit() else node[k]
    last: Any = int(keys[-1]) if keys[-1].isdigit() else keys[-1]
    if value is None:
        del node[last]
    else:
        node[last] = value
    return data


REFUSED = [
    ("instalments short of the price", "payment_schedule[3].amount", 400_000.00, "payment_schedule",
     "the instalments add up to 1,900,000.00, not the price 2,000,000.00"),
    ("row without an amount", "payment_schedule[1].amount", None, "payment_schedule[1]", "lacks its amount"),
    ("row without a trigger", "payment_schedule[2].trigger", None, "payment_schedule[2]", "lacks its trigger"),
    ("row without a due date", "payment_schedule[0].due_days", None, "payment_schedule[0]", "lacks its due date"),
    ("row without conditions", "payment_schedule[0].conditions", None, "payment_schedule[0]", "lacks its conditions"),
    ("percent that is not the amount's share", "payment_schedule[0].percent", 20, "payment_schedule",
     "is 10% of the price, not 20%"),
    ("unknown condition", "payment_schedule[1].conditions", ["approval"], "payment_schedule[1].conditions[0]",
     "acceptance"),
    ("old free-text condition", "payment_schedule[1].condition", "中期评估合格", "payment_schedule[1].condition",
     "unknown field"),
    ("weights not 100", "service_levels[0].weight", 30, "service_levels", "weights add up to 95%"),
    ("no key indicator", "service_levels", [dict(OTHER["service_levels"][2], weight=100)], "service_levels",
     "no indicator is marked key"),
    ("indicator without data source", "service_levels[0].data_source", None, "service_levels[0].data_source",
     "required"),
    ("severity grade not defined", "severity_levels", [], "service_levels", "'一级事件', which severity_levels"),
    ("acceptance in a monthly-in-arrears schedule", "variants", {"payment": "monthly_in_arrears"},
     "payment_schedule", "instalment 2 asks for acceptance"),
]


@pytest.mark.parametrize(("label", "path", "value", "field", "fragment"), REFUSED, ids=[c[0] for c in REFUSED])
def test_schedule_and_scorecard_refused_with_a_clear_message(
    label: str, path: str, value: Any, field: str, fragment: str
) -> None:
    with pytest.raises(RequestError) as info:
        parse_request(_set(OTHER, path, value))
    assert any(p.field == field and fragment in p.message for p in info.value.problems), \
        [(p.field, p.message) for p in info.value.problems]


def test_the_other_request_assembles_with_every_reference_resolved(library: Library) -> None:
    doc = assemble(library, parse_request(OTHER))
    assert [t.schedule_id for t in doc.tables] == ["schedule.payment", "schedule.service_levels",
                                                     "schedule.scorecard", "schedule.personal_information"]
    text = "\n".join(p.text[lang] for a in doc.articles for p in a.paras for lang in doc.langs)
    assert "ref(" not in text and "schedule." not in text
    assert sum(Decimal(str(m["amount"])) for m in OTHER["payment_schedule"]) == Decimal("2000000")


def test_sme_vendor_is_paid_within_60_days_undisputed_part_first(drafted: dict[str, Path]) -> None:
    """P0-2 / P2-14, 保障中小企业款项支付条例: the BPO vendor is an SME (sme_vendor: yes), the IT vendor is not."""
    assert BPO["sme_vendor"] is True and IT["sme_vendor"] is False
    bpo = _articles(Document(str(drafted["bpo_contract_bilingual.yaml"])))
    it = _articles(Document(str(drafted["it_contract_zh.yaml"])))
    _, payment = _article(bpo, "付款方式")
    assert "前款付款期限最长不超过60日" in payment
    assert "the time for payment under the preceding paragraph shall not exceed 60 days" in payment
    assert "甲方应当在付款期限内支付无争议部分" in payment
    assert "但扣除的金额以乙方书面确认或者生效法律文书确定的金额为限" in payment
    _, breach = _article(bpo, "违约责任")
    assert "按照本合同订立时全国银行间同业拆借中心公布的一年期贷款市场报价利率" in breach
    assert "无争议部分应当照付" in breach
    _, it_payment = _article(it, "付款方式")
    _, it_breach = _article(it, "违约责任")
    assert "中小企业" not in it_payment + it_breach
    assert "经乙方书面催告后仍未支付的" in it_breach


@pytest.mark.parametrize(("path", "value", "fragment"), [
    ("payment_schedule[3].due_days", 90, "instalment 4 has due_days 90"),
    ("values", {"payment_days": 75}, "values.payment_days is 75"),
])
def test_sme_vendor_payment_over_60_days_refused(path: str, value: Any, fragment: str) -> None:
    data = _set(OTHER | {"sme_vendor": True}, path, value)
    with pytest.raises(RequestError) as info:
        parse_request(data)
    assert any(p.field == "sme_vendor" and fragment in p.message and "60" in p.message
               for p in info.value.problems), [(p.field, p.message) for p in info.value.problems]
    parse_request(_set(OTHER | {"sme_vendor": False}, path, value))  # a large vendor may agree longer


def test_price_states_vat_apart(drafted: dict[str, Path], tmp_path: Path, library: Library) -> None:
    """P2-14: the price exclusive of VAT and the VAT stated apart (印花税法 art. 5), inclusive or not."""
    _, price = _article(_articles(Document(str(drafted["it_contract_zh.yaml"]))), "服务价格")
    assert "其中不含增值税价款为人民币1,132,075.47元（大写：" in price and "增值税额为人民币67,924.53元" in price
    data = _set(OTHER, "price.tax_inclusive", False)
    _, price = _article(_articles(_docx(tmp_path, data, library)), "服务价格")
    assert "该金额为不含税价，甲方另行按照6%的税率向乙方支付增值税人民币120,000.00元" in price
    assert "含增值税价款为人民币2,120,000.00元" in price


def test_schedules_cited_one_way_and_termination_has_a_deadline(drafted: dict[str, Path]) -> None:
    """P3-15 (附件二《服务水平》 vs 附件二服务水平) and P2-14 (民法典 art. 564: a period to exercise termination)."""
    doc = Document(str(drafted["bpo_contract_bilingual.yaml"]))
    text = "\n".join(p.text for p in iter_paragraphs(doc))
    for loose in ("附件一付款计划", "附件二服务水平", "Schedule 1 Payment Schedule or", "Schedule 2 Service Levels,"):
        assert loose not in text, loose
    _, termination = _article(_articles(doc), "合同的解除与终止")
    assert "应当自知道或者应当知道解除事由之日起180日内行使解除权" in termination
    assert "within 180 days of the date on which it knew or ought to have known" in termination


def test_score_disputes_may_go_to_the_dispute_clause(drafted: dict[str, Path]) -> None:
    """P1-5 (10.3 "复核结果为最终考核结果") and P3-15 (五个工作日 beside 10个工作日 in one paragraph)."""
    arts = _articles(Document(str(drafted["it_contract_zh.yaml"])))
    _, evaluation = _article(arts, "考核与评估")
    disputes_no, _ = _article(arts, "争议解决")
    assert "复核结果为最终考核结果" not in evaluation
    assert f"乙方对复核结果仍有异议的，可以依照本合同{disputes_no}的约定解决" in evaluation
    assert "多退少补" in evaluation
    assert not re.search(r"[一二三四五六七八九十]个工作日", evaluation)
