"""Whole-document checks both ways: no text, missing categories, signature block, confidentiality term, revisions."""

from __future__ import annotations

import pytest

from clause_library.loader import Library
from clause_library.models import Condition, DocumentKind, Role, Severity
from review.document import Comment, ReadResult, Revision
from tests.review.checks_helpers import SIGN_EN, en_contract, of, read, review, zh_contract

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


# ---- signature block ---------------------------------------------------------------------------

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
