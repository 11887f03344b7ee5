"""Legal review 2, N2 (HR): pass-through money does not flow through an account in the vendor's name.

Social insurance, housing fund and individual income tax are debited from the company's own account under its
三方协议 and the vendor only calculates and files; wages are paid by the company's bank (代发) from files the
vendor prepares — the default (wage_payout: client_bank, listed among the defaults). A company that wants the
vendor to pay out net wages chooses an account in its own name or a bank-supervised joint account
(wage_payout: client_named_account / escrow_account), net wages only, under a first-demand guarantee and
fidelity insurance sized on one month's net wages. Checked in the drafted .docx.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from clause_library.errors import RequestError
from clause_library.loader import Library
from generator.assemble import assemble
from generator.request import parse_request
from tests.conftest import example_request
from tests.generator.docx_articles import Articles, drafted_docx, read_articles

HR = example_request("hr_payroll_zh.yaml")
IT = example_request("it_contract_zh.yaml")

# What the second read quoted (1.8, 1.8(一), 7.2(三)) and must not come back in any HR contract.
GONE = [
    "乙方应以其名义开立专门用于本合同代收代付款项的银行账户",
    "代发专户",
    "乙方代为缴纳的个人所得税",
    "甲方委托乙方代为发放员工工资，或者代为缴纳社会保险费、住房公积金、个人所得税等款项",
]
TRIPARTITE = ("社会保险费、住房公积金和个人所得税由甲方通过其自有银行账户，"
              "依照甲方与税务机关、住房公积金管理中心及开户银行签订的三方（委托扣款）协议直接扣缴；"
              "乙方仅负责数据核算与申报，不经手上述款项")


def _variant(payout: str) -> dict[str, Any]:
    data = copy.deepcopy(HR)
    data.update(contract_no=f"HR-2026-09{len(payout)}", language="bilingual", wage_payout=payout)
    for party in ("client", "vendor"):
        data[party] = {k: ({"zh": v, "en": f"{k} of the {party}"} if k in ("name", "address", "representative",
                                                                              "contact", "bank_name") else v)
                       for k, v in HR[party].items()}
    return data


@pytest.fixture(scope="module")
def drafted(library: Library) -> dict[str, Articles]:
    return {"default": read_articles(drafted_docx(library, HR)),
            "escrow_account": read_articles(drafted_docx(library, _variant("escrow_account"))),
            "client_named_account": read_articles(drafted_docx(library, _variant("client_named_account")))}


@pytest.mark.parametrize("name", ["default", "escrow_account", "client_named_account"])
def test_no_vendor_named_account_and_taxes_from_the_company_account(drafted: dict[str, Articles],
                                                                     name: str) -> None:
    arts = drafted[name]
    text = arts.all_text()
    for quote in GONE:
        assert quote not in text, quote
    scope = arts.text("第一条")
    assert TRIPARTITE in scope
    assert "税款由甲方通过其自有账户缴纳，乙方不经手税款" in scope  # 1.5
    assert "所缴费用从甲方的银行账户扣缴并记入甲方的单位缴费账户，乙方不经手" in scope  # 1.6
    cap_no = arts.find("责任限制")
    assert f"该等责任不受本合同{cap_no}约定的责任上限的限制" in scope
    invoice = arts.text(arts.find("发票与税费"))
    assert ("个人所得税、社会保险费和住房公积金由甲方通过其自有账户依三方协议直接扣缴，"
            "均不经乙方账户、不计入乙方的销售额，乙方不就该等款项向甲方开具任何发票") in invoice
    assert "差额" not in invoice and "乙方受甲方委托代为向甲方员工发放的工资" not in invoice


def test_default_the_company_bank_pays_wages_from_the_vendor_files(drafted: dict[str, Articles]) -> None:
    arts = drafted["default"]
    scope = arts.text("第一条")
    assert "员工工资由甲方委托其开户银行从甲方账户代发，乙方负责制作代发文件" in scope
    assert "乙方不得要求甲方将代收代付款项划付给乙方或者任何第三方" in scope
    text = arts.all_text()
    # no money at risk with the vendor: no guarantee, no fidelity insurance, no vendor advance
    assert "履约保函" not in text and "雇员忠诚保证保险" not in text and "先行垫付" not in scope


@pytest.mark.parametrize("name", ["escrow_account", "client_named_account"])
def test_variant_vendor_pays_net_wages_only_under_a_guarantee(drafted: dict[str, Articles], name: str) -> None:
    arts = drafted[name]
    scope = arts.text("第一条")
    account = ("以甲方名义开立、由甲方、乙方与开户银行签订资金监管协议并由开户银行依照该协议监督资金用途的共管账户"
               if name == "escrow_account" else "以甲方名义开立、专门用于发放实发工资的银行账户")
    assert f"由乙方经由{account}（以下简称“工资发放账户”）发放" in scope
    assert "实发工资以外的任何款项均不得经由工资发放账户或者乙方的账户支付" in scope
    assert "不可撤销见索即付履约保函，担保金额不低于甲方书面确认的一个月实发工资总额" in scope
    assert f"并有权依照本合同{arts.find('合同的解除与终止')}的约定解除本合同" in scope
    assert "Net Wages" in scope and "Wage Account" in scope
    insurance = arts.text(arts.find("保险"))
    assert "雇员忠诚保证保险" in insurance and "一个月实发工资总额" in insurance


def test_the_default_way_is_listed_and_the_choice_is_refused_elsewhere(library: Library) -> None:
    assert dict(assemble(library, parse_request(HR)).defaults)["wage_payout"] == "client_bank"
    no_funds = copy.deepcopy(HR)
    no_funds["pass_through_funds"] = False
    assert "wage_payout" not in dict(assemble(library, parse_request(no_funds)).defaults)
    for data in (dict(no_funds, wage_payout="escrow_account"), dict(copy.deepcopy(IT), wage_payout="client_bank")):
        with pytest.raises(RequestError) as info:
            parse_request(data)
        assert "wage_payout" in str(info.value.problems), info.value.problems
