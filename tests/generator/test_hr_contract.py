"""Legal review 1, P0-4 and P3-15 (HR): the drafted HR payroll contract, opened as a lawyer reads it.

The company stays the tax withholding agent and the contributing employer; pass-through funds are
outside the fee, the liability cap and special VAT invoices; the vendor warrants its HR licence or
filing; the fee follows a headcount band. Checked on the shipped example and on a different request.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from clause_library.errors import RequestError
from clause_library.loader import Library
from tests.conftest import example_request
from tests.generator.docx_articles import drafted_docx, read_articles

HR = example_request("hr_payroll_zh.yaml")

# What the first read quoted, and must not come back in any HR contract.
GONE = [
    "个人所得税代扣代缴申报",  # 1.1(一): the vendor named as withholding agent
    "个人所得税代扣代缴协助",
    "交由乙方代为发放或缴纳",  # 1.4: paid by the vendor, not in the company's name
    "约1,200名员工",  # 5.4: a fixed price for an approximate headcount
    "招聘服务（如岗位需求分析",  # 1.2: recruitment and training not bought
    "培训服务（如培训需求分析",
    "不得向求职者收取任何费用",  # 1.5
    "质量保证期为自甲方验收合格之日起",  # 18: a 12-month warranty on payroll reports
]


@pytest.fixture(scope="module")
def hr_example(library: Library) -> Any:
    return read_articles(drafted_docx(library, HR))


def test_the_quoted_wrong_sentences_are_gone(hr_example: Any) -> None:
    text = hr_example.all_text()
    for quote in GONE:
        assert quote not in text, quote


def test_company_is_withholding_agent_and_contributing_employer(hr_example: Any) -> None:
    scope = hr_example.text(hr_example.find("服务内容"))
    assert "以甲方为扣缴义务人，由乙方受托办理申报" in scope
    assert "乙方不因受托办理申报而成为扣缴义务人" in scope
    assert "以甲方（或者其依法设立的分支机构）为缴费单位，在员工实际工作地" in scope
    assert "乙方仅为甲方的经办代理人，以甲方名义办理上述事项，不得以乙方自身或者任何第三方的名义" in scope
    assert "不得安排异地挂靠缴纳" in scope
    assert "数字证书（UKey）" in scope and "归甲方所有" in scope


def test_pass_through_funds_custody_guarantee_and_cap(hr_example: Any) -> None:
    scope_no = hr_example.find("服务内容")
    cap_no = hr_example.find("责任限制")
    scope = hr_example.text(scope_no)
    assert "（以下合称“代收代付款项”）" in scope
    assert "不属于本合同服务费用，不计入本合同总价款" in scope
    # review 2, N2: by default the money stays in the company's accounts (tests/generator/test_hr_funds.py)
    assert "代发专户" not in scope and "员工工资由甲方委托其开户银行从甲方账户代发，乙方负责制作代发文件" in scope
    assert f"不受本合同{cap_no}约定的责任上限的限制" in scope
    cap = hr_example.text(cap_no)
    assert f"代收代付款项（定义见{scope_no}）造成的损失，包括该等款项本身" in cap
    assert "因乙方原因致使甲方被加收滞纳金或者被处以罚款的责任" in cap


def test_invoices_cover_the_fee_only_and_no_funds_pass_through_the_vendor(hr_example: Any) -> None:
    invoice = hr_example.text(hr_example.find("发票与税费"))
    # review 2, N2: wages, tax and contributions stay in the company's accounts, so they are not the vendor's
    # turnover at all: no "差额征收", no invoice of any kind for them
    assert "代收代付款项不经乙方账户，不是乙方的收入" in invoice and "差额" not in invoice
    assert "员工工资由甲方委托其开户银行从甲方账户代发" in invoice
    assert "乙方不就该等款项向甲方开具任何发票" in invoice and "可以开具增值税普通发票" not in invoice
    # the example elects the simplified method: 5% on the fee (财税〔2016〕47号 第三条)
    assert "财税〔2016〕47号）第三条第（一）项" in invoice
    assert "选择简易计税方法，以其收取的服务费用为销售额" in invoice and "按照5%的征收率计算缴纳增值税" in invoice


def test_licence_warranty_and_no_warranty_period_on_payroll(hr_example: Any) -> None:
    warranty = hr_example.text(hr_example.find("资质与质量保证"))
    assert "《人力资源市场暂行条例》第十八条、第十九条" in warranty
    assert "人力资源服务许可证或者办理人力资源服务外包业务备案" in warranty
    assert "不适用交付成果质量保证期" in warranty


def test_headcount_band_replaces_a_fixed_headcount(hr_example: Any) -> None:
    scope = hr_example.text(hr_example.find("服务内容"))
    price_no = hr_example.find("服务价格")
    assert "基准服务人数为1200人" in scope
    assert "上下10%（含本数）以内的，服务费用不作调整" in scope
    assert "每人每月人民币30.00元（大写：人民币叁拾元整）" in scope
    assert f"本合同{price_no}关于服务费用固定不变的约定不适用于依照本款进行的调整" in scope


def _other_request() -> dict[str, Any]:
    """An HR request unlike the example: bilingual, the company pays wages itself, 6% VAT, 300 people."""
    data = copy.deepcopy(HR)
    data.update(
        contract_no="HR-2026-0100", language="bilingual",
        project_name={"zh": "社保公积金经办服务", "en": "Social Insurance Handling"},
        sign_place={"zh": "上海市", "en": "Shanghai"},
        services=[{"zh": "经办员工社会保险和住房公积金的增员、减员与基数申报",
                   "en": "Handling additions, removals and base declarations for social insurance and housing fund"}],
        deliverables=[],
        conditions=[], pass_through_funds=False,
        values={"hr_headcount_base": 300, "hr_fee_per_head": 25, "hr_headcount_band_pct": 5,
                "integrity_report_email": "jubao@client.example.cn"},
    )
    for party in ("client", "vendor"):
        data[party] = {k: ({"zh": v, "en": f"{k} of the {party}"} if k in ("name", "address", "representative",
                                                                              "contact", "bank_name") else v)
                       for k, v in HR[party].items()}
    data["service_levels"] = [{"metric": {"zh": "办理时限", "en": "Handling time"},
                               "target": {"zh": "3个工作日", "en": "3 working days"},
                               "measurement": {"zh": "每件业务分别计时", "en": "each case timed"},
                               "data_source": {"zh": "工单记录", "en": "ticket records"},
                               "weight": 100, "key": True, "credit": 2}]
    data["payment_schedule"] = [{"milestone": {"zh": "服务费", "en": "Fees"},
                                 "trigger": {"zh": "服务期限届满", "en": "end of the service term"},
                                 "amount": 90000.00, "conditions": ["evaluation", "handover"], "due_days": 30}]
    data["price"] = {"amount": 90000.00, "currency": "CNY", "tax_rate": 6, "tax_inclusive": True}
    return data


def test_an_hr_request_without_pass_through_funds(library: Library) -> None:
    arts = read_articles(drafted_docx(library, _other_request()))
    text = arts.all_text()
    assert "代收代付款项" not in text and "Pass-through Funds" not in text
    assert "履约保函" not in text and "雇员忠诚保证保险" not in text
    scope = arts.text(arts.find("服务内容"))
    assert "甲方自行向其员工发放工资" in scope
    assert "the Client is the withholding agent and the Vendor files on its behalf" in scope
    assert "基准服务人数为300人" in scope and "上下5%（含本数）" in scope
    assert "per person per month" in scope
    invoice = arts.text(arts.find("发票与税费"))
    assert "简易计税方法" not in invoice and "5%的征收率" not in invoice
    for quote in GONE:
        assert quote not in text, quote


def test_an_hr_request_must_give_its_headcount(library: Library) -> None:
    data = _other_request()
    data["values"] = {"hr_fee_per_head": 25}
    with pytest.raises(RequestError) as info:
        drafted_docx(library, data)
    assert any(p.field == "values.hr_headcount_base" for p in info.value.problems), str(info.value)
