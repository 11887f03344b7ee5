"""Placeholders: date blanks in every spelling (zh, en), in the body and in the signing block; what each blank
stands for, read from its context; many blanks of one kind as one finding with a count and every location."""

from __future__ import annotations

import pytest

from clause_library.loader import Library
from clause_library.models import Role, Severity
from review.check_placeholders import placeholder_kind
from review.findings import Finding
from tests.review.checks_helpers import SIGN_EN, en_contract, of, review, zh_contract

PH = "placeholder"


def _placeholders(report_findings: list[Finding]) -> list[Finding]:
    return [f for f in report_findings if f.check == PH]


@pytest.mark.parametrize("text", [
    "本合同自XX年XX月XX日起生效。",
    "本合同自____年__月__日起生效。",
    "本合同自【】年【】月【】日起生效。",
    "本合同自【 】年【  】月【 】日起生效。",
    "本合同自20__年__月__日起生效。",
    "本合同自2026年XX月XX日起生效。",
    "服务期限自______年____月____日起至2028年4月30日止。",
])
def test_zh_date_placeholder_found(library: Library, text: str) -> None:
    found = of(review(zh_contract(text), library), PH)
    assert len(found) == 1, [f.message_en for f in found]
    f = found[0]
    assert (f.severity, f.owner) == (Severity.blocker, Role.business)
    assert "stands for a date" in f.message_en and "应为日期" in f.message_zh
    assert f.location == "paragraph 5"


@pytest.mark.parametrize("text", [
    "This Agreement is made on the ___ day of ________, 20__.",
    "This Agreement is made on the _____ day of _________ 2026.",
    "This Agreement is effective as of [DATE].",
    "This Agreement is effective as of [Effective Date].",
    "This Agreement is dated ____________, 20__.",
    "This Agreement is entered into as of March ___, 2026.",
])
def test_en_date_placeholder_found(library: Library, text: str) -> None:
    found = of(review(en_contract(text), library), PH)
    assert found and all("a date" in f.message_en for f in found), [f.message_en for f in found]
    assert found[0].severity is Severity.blocker


@pytest.mark.parametrize("text", [
    "本合同自2026年3月1日起生效。",
    "本合同自二〇二六年三月一日起生效。",
    "服务期限为2年。",
])
def test_zh_filled_dates_are_silent(library: Library, text: str) -> None:
    assert of(review(zh_contract(text), library), PH) == []


@pytest.mark.parametrize("text", [
    "This Agreement is made on the 3rd day of March, 2026.",
    "This Agreement is effective as of 1 March 2026 (the Effective Date).",
])
def test_en_filled_dates_are_silent(library: Library, text: str) -> None:
    assert of(review(en_contract(text), library), PH) == []


# ---- the signing block -------------------------------------------------------------------------------------

def _sign_zh(date_a: str, date_b: str) -> list[list[str]]:
    return [["甲方（盖章）：", "乙方（盖章）："], ["北京示例科技股份有限公司", "上海云服信息技术有限公司"],
            ["法定代表人或授权代表（签字）：____", "法定代表人或授权代表（签字）：____"],
            [f"签订日期：{date_a}", f"签订日期：{date_b}"]]


@pytest.mark.parametrize("blank", ["XX年XX月XX日", "【】年【】月【】日", "20XX年XX月XX日"])
def test_template_date_in_signing_block_is_found(library: Library, blank: str) -> None:
    found = of(review(zh_contract("乙方应按约提供服务。", sign=_sign_zh(blank, blank)), library), PH)
    assert len(found) == 1 and "a date" in found[0].message_en
    assert found[0].location == "table 1 row 4"


@pytest.mark.parametrize("blank", ["____年__月__日", "    年  月  日", "__________"])
def test_hand_filled_date_in_signing_block_found_when_the_other_is_dated(library: Library, blank: str) -> None:
    found = of(review(zh_contract("乙方应按约提供服务。", sign=_sign_zh("2027年2月26日", blank)), library), PH)
    assert len(found) == 1 and "a date" in found[0].message_en, [f.message_en for f in found]


@pytest.mark.parametrize("blank", ["____年__月__日", "    年  月  日", "__________", ""])
def test_signing_block_to_be_signed_by_hand_is_normal(library: Library, blank: str) -> None:
    """A document to be signed leaves the signing date (and the lines to sign on) blank: no finding."""
    assert of(review(zh_contract("乙方应按约提供服务。", sign=_sign_zh(blank, blank)), library), PH) == []


def test_signing_block_fully_dated_is_silent(library: Library) -> None:
    sign = _sign_zh("2027年2月26日", "2027年2月25日")
    assert of(review(zh_contract("乙方应按约提供服务。", sign=sign), library), PH) == []


def test_en_signing_block(library: Library) -> None:
    dated = [row[:] for row in SIGN_EN]
    dated[3] = ["Date: 1 March 2026", "Date: ________"]
    found = of(review(en_contract("The Vendor provides the Services.", sign=dated), library), PH)
    assert len(found) == 1 and "a date" in found[0].message_en
    template = [row[:] for row in SIGN_EN]
    template[3] = ["Date: [DATE]", "Date: [DATE]"]
    found = of(review(en_contract("The Vendor provides the Services.", sign=template), library), PH)
    assert len(found) == 1 and found[0].message_en.startswith("2 unfilled placeholders standing for a date")
    assert of(review(en_contract("The Vendor provides the Services.", sign=SIGN_EN), library), PH) == []


# ---- what a blank stands for -------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "kind"), [
    ("乙方：______________________", "party"),
    ("乙方（受托方）：【供应商名称】", "party"),
    ("开户行：徽商银行合肥蜀山支行；账号：【】；", "bank_account"),
    ("乙方开户银行：____________", "bank_account"),
    ("乙方联系人：□□□，手机：13970865312", "person"),
    ("甲方项目负责人：________", "person"),
    ("本合同总价为人民币____元。", "amount"),
    ("服务费用为{{ price_amount }}。", "amount"),
    ("本合同有效期为____年。", "term"),
    ("乙方应在____个工作日内完成交付。", "term"),
    ("甲方委托乙方处理____事务。", "scope"),
    ("服务地点：____________", "address"),
    ("乙方联系电话：________", "contact"),
    ("违约金比例为合同总价的____%。", "percent"),
    ("甲方每月向乙方派驻____名工作人员。", "quantity"),
    ("自XX年XX月XX日起", "date"),
    ("This Agreement is made between [insert name of Vendor] and the Client.", "party"),
    ("The fee is USD [●] per month.", "amount"),
    ("Bank account number: ______________", "bank_account"),
    ("Contact person: ______________", "person"),
    ("The Vendor shall deliver within ____ days.", "term"),
    ("Notices to: [Address]", "address"),
    ("Name How Kok Choong ______________________", "other"),  # a name, then the line to sign on
    ("委托人：____________________________", "party"),
    ("项目名称：________________智能制造诊断咨询", "scope"),  # 项目名称, not 名称 (a party's)
    ("账号：4305 0178 6108 0000 ____。", "bank_account"),  # a field filled in part keeps its label's kind
    ("账号：4378 6290 ____ ____。", "bank_account"),
    ("联系电话：0571-8796____", "contact"),
    ("（一）提交________仲裁委员会仲裁；", "forum"),
    ("（二）依法向____________人民法院起诉。", "forum"),
    ("Any dispute shall be settled by the courts of ______________.", "forum"),
    ("本合同一式____份。", "quantity"),
])
def test_blank_says_what_it_stands_for(text: str, kind: str) -> None:
    from review.check_placeholders import _PLACEHOLDER

    m = _PLACEHOLDER.search(text)
    assert m is not None, text
    got = "date" if m.lastgroup == "date" else placeholder_kind(text, m.start(), m.end())
    assert got == kind, text


@pytest.mark.parametrize(("text", "words", "severity", "owner"), [
    ("开户行：徽商银行合肥蜀山支行；账号：【】；", "a bank account", Severity.blocker, Role.finance),
    ("乙方联系人：□□□，手机：13970865312", "a person", Severity.warning, Role.legal),
    ("本合同有效期为____年。", "a term or period", Severity.blocker, Role.business),
    ("甲方委托乙方处理____事务。", "the services or matter", Severity.blocker, Role.business),
])
def test_blank_finding_says_what_it_stands_for(library: Library, text: str, words: str, severity: Severity,
                                               owner: Role) -> None:
    found = of(review(zh_contract(text), library), PH)
    assert len(found) == 1 and f"stands for {words}" in found[0].message_en
    assert (found[0].severity, found[0].owner) == (severity, owner)


def test_missing_is_not_said_of_a_clause_with_a_blank(library: Library) -> None:
    """A clause whose blank is left to fill is present: the blank is reported, not a missing clause."""
    report = review(zh_contract("第二条 服务期限", "本合同服务期限自____年__月__日起至____年__月__日止。"), library)
    assert of(report, PH)
    assert not [f for f in of(report, "missing_category") if f.category == "service_term"]


# ---- many blanks of one kind: one finding, a count, every location ------------------------------------------

def test_many_blanks_of_one_kind_are_one_finding_with_every_location(library: Library) -> None:
    body = [f"第{i}项 甲方名称：____________" for i in range(1, 40)]
    found = of(review(zh_contract(*body), library), PH)
    assert len(found) == 1
    f = found[0]
    assert f.message_en.startswith("39 unfilled placeholders standing for a party") and f.message_zh.startswith("39处")
    assert f.location == "paragraph 5"
    for i in range(5, 44):
        assert f"paragraph {i}" in f.evidence, i  # quoted, or listed among the "more at"
    assert "27 more at:" in f.evidence


def test_blanks_of_different_kinds_are_different_findings(library: Library) -> None:
    body = ("本合同总价为人民币____元。", "账号：________", "账号：________", "自XX年XX月XX日起")
    report = review(zh_contract(*body), library)
    messages = sorted(f.message_en for f in _placeholders(report.findings))
    assert len(messages) == 3
    assert any(m.startswith("2 unfilled placeholders standing for a bank account") for m in messages)


# ---- choices ----------------------------------------------------------------------------------------------

def test_choice_with_no_box_ticked(library: Library) -> None:
    found = of(review(zh_contract("发票类型：□增值税专用发票 □增值税普通发票"), library), PH)
    assert len(found) == 1 and found[0].message_en.startswith("no option ticked")
    assert of(review(zh_contract("发票类型：☑增值税专用发票 □增值税普通发票"), library), PH) == []
    assert of(review(zh_contract("发票类型：■增值税专用发票 □增值税普通发票"), library), PH) == []
    # in a text without any Chinese character too
    found = of(review(en_contract("Subcontracting permitted: ☐ Yes ☐ No"), library), PH)
    assert len(found) == 1 and found[0].message_en.startswith("no option ticked")
    assert of(review(en_contract("Subcontracting permitted: ☒ Yes ☐ No"), library), PH) == []
