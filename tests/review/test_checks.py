"""The reviewer's checks, each both ways (present → no finding, planted → finding), zh and en."""

from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from pathlib import Path

import docx
import pytest

from clause_library.loader import Library
from clause_library.models import Condition, DocumentKind, OutsourcingKind, Role, Severity
from review.document import Block, Comment, Part, ReadResult, Revision
from review.findings import Finding, Report
from review.library_text import template_regex
from review.review import review_document, review_result
from tests.conftest import EXAMPLES

Row = Sequence[str]


def read(*items: str | list[Row], properties: dict[str, str] | None = None) -> ReadResult:
    """A ReadResult from paragraphs (str) and tables (list of rows of cells), in order."""
    result = ReadResult(path="test.docx", format="docx", properties=dict(properties or {}))
    n_para = n_table = 0
    for item in items:
        if isinstance(item, str):
            n_para += 1
            result.blocks.append(Block(item, len(result.blocks), f"paragraph {n_para}"))
        else:
            n_table += 1
            for r, row in enumerate(item, 1):
                result.blocks.append(Block(" | ".join(row), len(result.blocks), f"table {n_table} row {r}",
                                           Part.table, cells=tuple(row)))
    return result


def review(result: ReadResult, library: Library, kind: DocumentKind = DocumentKind.service_contract,
           **kw: object) -> Report:
    return review_result(result, kind=kind, outsourcing=kw.pop("outsourcing", OutsourcingKind.it),  # type: ignore[arg-type]
                         library=library, **kw)  # type: ignore[arg-type]


def of(report: Report, check: str) -> list[Finding]:
    return [f for f in report.findings if f.check == check]


SIGN_ZH = [["甲方（盖章）：", "乙方（盖章）："], ["北京示例科技股份有限公司", "上海云服信息技术有限公司"],
           ["法定代表人或授权代表（签字）：", "法定代表人或授权代表（签字）："], ["日期：____", "日期：____年__月__日"]]
SIGN_EN = [["Client (company seal):", "Vendor (company seal):"], ["Acme Ltd.", "Vendor Co., Ltd."],
           ["Signature: ________", "Signature: ________"], ["Date: ________", "Date: ________"]]
PREAMBLE_ZH = ["服务合同", "甲方（委托方）：北京示例科技股份有限公司\n统一社会信用代码：91110000600037341L",
               "乙方（受托方）：上海云服信息技术有限公司"]
PREAMBLE_EN = ['Party A (the "Client"): Acme Ltd.', 'Party B (the "Vendor"): Vendor Co., Ltd.']


def zh_contract(*body: str | list[Row], sign: list[Row] | None = None) -> ReadResult:
    return read(*PREAMBLE_ZH, "第一条 服务内容", *body, "（以下无正文）", SIGN_ZH if sign is None else sign)


def en_contract(*body: str | list[Row], sign: list[Row] | None = None) -> ReadResult:
    return read("Services Agreement", *PREAMBLE_EN, "Article 1 Services", *body,
                "IN WITNESS WHEREOF the Parties have signed this Agreement.", SIGN_EN if sign is None else sign)


# ---- readability and missing categories ----------------------------------------------------------

def test_no_text_is_not_missing_clauses(library: Library) -> None:
    result = ReadResult(path="scan.pdf", format="pdf", page_count=3, pages_without_text=[1, 2, 3])
    report = review(result, library)
    assert report.readable is False
    assert [f.check for f in report.findings] == ["no_text"]
    f = report.findings[0]
    assert f.severity is not Severity.blocker and f.owner is Role.legal and "scanned image?" in f.message_en
    assert report.blockers == []


def test_missing_mandatory_category_has_playbook_owner_and_severity(library: Library) -> None:
    report = review(zh_contract("乙方应按照附件提供运维服务。"), library)
    missing = {f.category: f for f in of(report, "missing_category")}
    assert missing["price"].severity is Severity.blocker and missing["price"].owner is Role.finance
    assert missing["service_term"].owner is Role.business
    assert "缺少必备条款" in missing["price"].message_zh and "mandatory" in missing["price"].message_en
    assert all(f.severity is not Severity.blocker for f in missing.values() if "recommended" in f.message_en)


def test_personal_information_entrusted_makes_data_protection_a_blocker(library: Library) -> None:
    plain = review(zh_contract("乙方应按照附件提供运维服务。"), library)
    assert all(f.severity is Severity.warning for f in of(plain, "missing_category") if f.category == "data_protection")
    entrusted = review(zh_contract("甲方委托乙方处理其客户的个人信息，用于客服回访。"), library)
    assert Condition.personal_information_entrusted.value in entrusted.conditions
    en = review(en_contract("The Vendor shall process personal data on behalf of the Client."), library)
    assert Condition.personal_information_entrusted.value in en.conditions
    given = review(zh_contract("乙方应按照附件提供运维服务。"), library,
                   conditions=[Condition.personal_information_entrusted])
    dp = [f for f in of(given, "missing_category") if f.category == "data_protection"]
    assert dp and dp[0].severity is Severity.blocker and dp[0].owner is Role.legal
    assert "personal information" in dp[0].message_en


# ---- placeholders --------------------------------------------------------------------------------

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


# ---- identifiers and parties ---------------------------------------------------------------------

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


def test_signature_block_missing(library: Library) -> None:
    found = review(zh_contract("乙方提供服务。", sign=[]), library)
    assert [f for f in found.findings if f.category == "signatures" and f.severity is Severity.blocker]
    present = review(zh_contract("乙方提供服务。"), library)
    assert of(present, "no_signature_block") == []
    assert not [f for f in present.findings if f.category == "signatures"]


# ---- confidentiality term -------------------------------------------------------------------------

NDA_EN = ["Mutual Non-Disclosure Agreement", 'Party A (the "Client"): Acme Ltd.',
          'Party B (the "Vendor"): Vendor Co., Ltd.', "Article 1 Confidential Information",
          '"Confidential Information" means all non-public information disclosed by either Party.']


@pytest.mark.parametrize(("term", "bad"), [
    ("The confidentiality obligations survive termination for a period of three (3) years.", False),
    ("The Receiving Party shall keep Confidential Information confidential for so long as it remains a trade "
     "secret.", False),
    ("The confidentiality obligations survive termination for 0 years.", True),
    ("The Receiving Party shall keep Confidential Information confidential.", True),
    # in an NDA every duty is a confidentiality duty: surviving articles, or the agreement's own term
    ("The obligations under Articles 1 and 2 shall survive termination for two (2) years.", False),
    ("This Agreement shall remain in effect for three years from the Effective Date.", False),
    ("This Agreement shall remain in effect until terminated by either Party.", True),
])
def test_confidentiality_term_nda_en(library: Library, term: str, bad: bool) -> None:
    report = review(read(*NDA_EN, term, "IN WITNESS WHEREOF", SIGN_EN), library, kind=DocumentKind.nda,
                    outsourcing=None)
    found = of(report, "confidentiality_term")
    assert bool(found) is bad
    if bad:
        assert found[0].severity is Severity.blocker and found[0].owner is Role.legal


@pytest.mark.parametrize(("term", "severity"), [
    ("本人的保密义务在本人离开本项目后继续有效5年。", None),
    ("本人的保密义务持续至该信息依法不再构成商业秘密之时。", None),
    ("本人的保密期限为0年。", Severity.blocker),
])
def test_confidentiality_term_pledge_zh(library: Library, term: str, severity: Severity | None) -> None:
    result = read("保密承诺书", "本人张三承诺对甲方的保密信息严格保密。", term, "承诺人（签字）：", "日期：")
    found = of(review(result, library, kind=DocumentKind.pledge, outsourcing=None), "confidentiality_term")
    assert (found[0].severity if found else None) is severity


NDA_ZH = ["保密协议", "甲方（披露方）：甲公司", "乙方（接收方）：乙公司", "第一条 保密信息",
          "本协议所称“保密信息”，是指披露方向接收方提供的全部非公开信息。", "第二条 保密义务",
          "接收方应对保密信息严格保密，不得向任何第三方披露。"]


@pytest.mark.parametrize(("term", "bad"), [
    ("第五条 期限 接收方在第一条、第二条项下的义务在本协议期满或者终止后继续有效二年。", False),
    ("第五条 期限 本协议有效期为两年，自双方签字盖章之日起计算。在本协议有效期内，双方均应遵守保密义务。", False),
    ("第五条 期限 本协议自双方签字盖章之日起生效。", True),
    ("第五条 期限 终止后十二个月内，任何一方不得招揽对方员工。", True),  # a non-solicit period, not the term
])
def test_confidentiality_term_nda_zh(library: Library, term: str, bad: bool) -> None:
    report = review(read(*NDA_ZH, term, "甲方（盖章）：", "乙方（盖章）："), library, kind=DocumentKind.nda,
                    outsourcing=None)
    assert bool(of(report, "confidentiality_term")) is bad


@pytest.mark.parametrize("term", ["本条约定在本合同终止后二年内仍然有效。", "本条义务不因本合同的终止而终止。"])
def test_a_term_in_the_confidentiality_article_counts_without_the_word(library: Library, term: str) -> None:
    report = review(zh_contract("第十五条 保密", "乙方对甲方的保密信息负有保密义务，不得向第三方披露。", term), library)
    assert of(report, "confidentiality_term") == []


def test_a_duration_under_the_document_title_is_not_the_confidentiality_term(library: Library) -> None:
    # the title heads everything before the first article: a non-compete period there is no term
    report = review(read("NON-DISCLOSURE AGREEMENT",
                         "The Vendor has agreed not to compete with the Client for a period of three (3) years.",
                         *NDA_EN[1:], "The Receiving Party shall keep Confidential Information confidential.",
                         "IN WITNESS WHEREOF", SIGN_EN), library, kind=DocumentKind.nda, outsourcing=None)
    assert of(report, "confidentiality_term")


def test_confidentiality_term_is_a_warning_in_service_contracts(library: Library) -> None:
    report = review(zh_contract("第十五条 保密", "乙方对甲方的保密信息负有保密义务，不得向第三方披露。"), library)
    found = of(report, "confidentiality_term")
    assert found and found[0].severity is Severity.warning


# ---- tracked changes and comments -----------------------------------------------------------------

def test_revisions_and_comments(library: Library) -> None:
    result = zh_contract("乙方提供服务。")
    assert of(review(result, library), "tracked_changes") == []
    result.revisions.append(Revision("deletion", "不超过", "Vendor Legal", "paragraph 4"))
    result.comments.append(Comment("Client Legal", "cap too low", "paragraph 4"))
    report = review(result, library)
    tc, cm = of(report, "tracked_changes"), of(report, "comments")
    assert tc[0].severity is Severity.warning and tc[0].owner is Role.legal and "不超过" in tc[0].evidence
    assert cm[0].severity is Severity.info and "cap too low" in cm[0].evidence


# ---- generated documents --------------------------------------------------------------------------

def test_template_regex_wildcards_and_optional_blocks() -> None:
    import re

    rx = re.compile(template_regex("甲方：{{ client.name }}\n{% if cond.x %}可选段落。\n{% endif %}"
                                   "{% for i in items %}\n- {{ i }}\n{% endfor %}结束。"))
    assert rx.fullmatch("甲方：某某公司\n可选段落。\n\u2022 一\n\u2022 二\n结束。")
    assert rx.fullmatch("甲方：某某公司\n结束。")
    assert not rx.fullmatch("甲方：某某公司\n改过的段落。\n结束。")


def test_template_regex_reads_jinjas_branches_and_ignores_a_loops_else() -> None:
    import re

    rx = re.compile(template_regex("{% if a %}甲{% elif b %}乙{% else %}丙{% endif %}："
                                   "{% for i in xs %}{{ i }}；{% else %}无{% endfor %}完。"))
    assert all(rx.fullmatch(text) for text in ("甲：完。", "乙：一；二；完。", "丙：完。"))
    assert not rx.fullmatch("：完。") and not rx.fullmatch("甲：无完。")


def test_library_diff_shows_a_missing_line_with_its_values_as_written() -> None:
    from review.library_text import Line, unified_diff

    source = "甲方：{{ client.name }}\n{% if cond.x %}可选段落。{% endif %}\n乙方应于{{days}}日内付款。\n结束。\n"
    diff = unified_diff(source, [Line("甲方：某某公司", False), Line("结束。", False)], "zh").splitlines()
    assert "-乙方应于{{days}}日内付款。" in diff and " 甲方：某某公司" in diff
    assert not any("可选段落" in line for line in diff)  # optional: not expected when absent


GENERATED = sorted(p.name for p in EXAMPLES.glob("*.yaml"))


@pytest.mark.parametrize("example", GENERATED)
def test_generated_document_has_every_mandatory_category_and_no_blocker(
    example: str, drafted: dict[str, Path], library: Library
) -> None:
    report = review_document(drafted[example], library=library)
    problems = [f"{f.check} {f.category or ''} {f.message_en} @ {f.location}" for f in report.blockers]
    assert problems == [], "\n".join(problems)
    assert report.readable and report.categories_found


def test_edited_generated_clause_is_a_library_diff_blocker(
    drafted: dict[str, Path], library: Library, tmp_path: Path
) -> None:
    path = tmp_path / "contract.docx"
    shutil.copy(drafted["it_contract_zh.yaml"], path)
    assert of(review_document(path, library=library), "library_clause_changed") == []
    d = docx.Document(str(path))
    edited = False
    for p in d.paragraphs:
        for run in p.runs:
            if "质量保证金" in run.text and not edited:
                run.text = run.text.replace("质量保证金", "履约保证金", 1)
                edited = True
    assert edited
    d.save(str(path))
    found = of(review_document(path, library=library), "library_clause_changed")
    assert len(found) == 1
    f = found[0]
    assert f.severity is Severity.blocker and f.owner is Role.legal and f.category == "payment"
    assert "-" in f.evidence and "+" in f.evidence and "履约保证金" in f.evidence and "质量保证金" in f.evidence


def test_unknown_claimed_clause_is_a_warning(library: Library) -> None:
    result = zh_contract("乙方提供服务。")
    result.properties["contracts.clauses"] = '["svc.nonexistent@1.0", "svc.parties@9.9"]'
    found = of(review(result, library), "library_clause_unknown")
    assert len(found) == 2 and all(f.severity is Severity.warning for f in found)


@pytest.mark.parametrize("claims", [
    ["svc.parties@1.0"] * 50_000,  # one clause claimed over and over
    [f"svc.x{i}@1.0" for i in range(5_000)],  # more clauses than the library holds
])
def test_a_forged_clause_list_is_one_warning_and_nothing_is_compared(library: Library, claims: list[str]) -> None:
    result = zh_contract("乙方提供服务。")
    result.properties["contracts.clauses"] = json.dumps(claims)
    report = review(result, library)
    found = of(report, "library_clause_unknown")
    assert len(found) == 1 and f"{len(claims)}" in found[0].message_en
    assert of(report, "library_clause_changed") == []
