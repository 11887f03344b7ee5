"""Amounts written twice (figures and words), both orders, zh and en; instalments against their share of the total."""

from __future__ import annotations

from decimal import Decimal

import pytest

from clause_library.loader import Library
from clause_library.models import Role, Severity
from review.check_amounts import amount_pairs, english_amount_value
from review.check_base import CJK
from review.document import ReadResult
from tests.review.checks_helpers import en_contract, of, review, zh_contract

MISMATCH = "capital_mismatch"

ZH_AGREE = [
    "合同总价为¥1,250,000.00（人民币壹佰贰拾伍万元整）。",  # figures first, capitals in brackets, no 大写
    "合同总价为人民币1,250,000.00元（大写：人民币壹佰贰拾伍万元整）。",
    "合同总价为人民币壹佰贰拾伍万元整（¥1,250,000.00）。",  # capitals first, figures in brackets
    "合同总价为大写：人民币壹佰贰拾伍万元整（小写：¥1,250,000.00）。",
    "合同总价为125万元（大写：壹佰贰拾伍万元整）。",  # 万元
    "合同总价为125万元（壹佰贰拾伍万元整）。",
    "合同总价为38.4万元，大写：叁拾捌万肆仟元整。",
    "合同总价为壹佰贰拾伍万元整（125万元）。",
    "合同总价为人民币360,000.50元（大写：人民币叁拾陆万元伍角整）。",
    # a zero before the fen (no jiao): read whole, not as 叁万元
    "应退还保证金人民币30,000.01元（大写：人民币叁万元零壹分）。",
    "扣减人民币1,000.05元（大写：人民币壹仟元零伍分）。",
    "差额人民币0.01元（大写：人民币壹分）。",
]
ZH_DISAGREE = [
    ("合同总价为¥1,250,000.00（人民币壹佰伍拾贰万元整）。", "1,250,000.00", "1,520,000.00"),
    ("合同总价为人民币1,250,000.00元（大写：人民币壹佰贰拾叁万元整）。", "1,250,000.00", "1,230,000.00"),
    ("合同总价为人民币捌拾陆万肆仟元整（¥846,000.00）。", "846,000.00", "864,000.00"),
    ("合同总价为大写：叁拾陆万元整（小写：¥306,000.00）。", "306,000.00", "360,000.00"),
    ("合同总价为38.4万元（大写：叁拾肆万捌仟元整）。", "384,000.00", "348,000.00"),
    ("合同总价为125万元（壹佰贰拾叁万元整）。", "1,250,000.00", "1,230,000.00"),
    ("合同总价为壹佰贰拾伍万元整（123万元）。", "1,230,000.00", "1,250,000.00"),
    ("应退还保证金人民币30,000.01元（大写：人民币叁万元零贰分）。", "30,000.01", "30,000.02"),
]
EN_AGREE = [
    "The total fee is USD 240,000 (two hundred and forty thousand US dollars).",
    "The total fee is two hundred and forty thousand US dollars (USD 240,000).",
    "The Client shall pay Two Hundred Forty-Five Thousand Dollars ($245,000) per year.",
    "The fee is RMB 1,200,000.05 (RMB one million two hundred thousand yuan and five fen only).",
    "The fee is $1.2 million (One Million Two Hundred Thousand Dollars).",
    "The fee is €12,500 (twelve thousand five hundred euros).",
]
EN_DISAGREE = [
    ("The total fee is USD 240,000 (two hundred and fourteen thousand US dollars).", "240,000.00", "214,000.00"),
    ("The total fee is two hundred and forty thousand US dollars (USD 420,000).", "420,000.00", "240,000.00"),
    ("The Client shall pay Two Hundred Forty-Five Thousand Dollars ($254,000) per year.", "254,000.00", "245,000.00"),
    ("The fee is RMB 1,200,000.50 (RMB one million two hundred thousand yuan and five fen only).", "1,200,000.50",
     "1,200,000.05"),
    # £ and € in a text without any Chinese character (the first look for strings outside ASCII must still see them)
    ("The charges are a fixed sum of Ninety-Six Thousand Pounds Sterling (£69,000).", "69,000.00", "96,000.00"),
    ("The fee is €12,500 (twelve thousand and fifty euros).", "12,500.00", "12,050.00"),
]
# Brackets after an amount that hold no amount in words, and figures in brackets after capitals that are no amount.
NOT_PAIRS = [
    "The fee is USD 500 (exclusive of VAT).",
    "The fee is USD 500 (the \"Fee\").",
    "乙方应在三十（30）日内付款。",
    "保证金为人民币壹万元整（第3期缴纳）。",
    "本合同项下的服务费（含税）按月结算。",
    "a minimum fee of Four and One-Half Million Dollars ($4,500,000).",  # "One-Half" is not read: no pair
    "in excess of three (3) million dollars ($3,000,000).",
]


def _contract(text: str) -> ReadResult:
    return zh_contract(text) if CJK.search(text) else en_contract(text)


@pytest.mark.parametrize("text", ZH_AGREE + EN_AGREE)
def test_amounts_that_agree_are_silent(library: Library, text: str) -> None:
    assert amount_pairs(text), f"no pair read in {text}"
    assert of(review(_contract(text), library), MISMATCH) == []


@pytest.mark.parametrize(("text", "figures", "words"), ZH_DISAGREE + EN_DISAGREE)
def test_mismatch_quotes_both_and_names_the_clause(library: Library, text: str, figures: str, words: str) -> None:
    found = of(review(_contract(text), library), MISMATCH)
    assert len(found) == 1, text
    f = found[0]
    assert (f.severity, f.owner, f.category) == (Severity.blocker, Role.finance, "price")
    assert f.location == "paragraph 5" and f.evidence
    clause = "第一条 服务内容" if CJK.search(text) else "Article 1 Services"  # the clause it sits in
    for message in (f.message_zh, f.message_en):
        assert figures in message and words in message and clause in message


@pytest.mark.parametrize("text", NOT_PAIRS)
def test_brackets_without_an_amount_in_words_are_no_pair(library: Library, text: str) -> None:
    assert amount_pairs(text) == []
    assert of(review(zh_contract(text), library), MISMATCH) == []


def test_amounts_in_table_cells_are_checked_cell_by_cell(library: Library) -> None:
    table = [["付款节点", "金额"], ["首期", "¥300,000.00（人民币叁拾万元整）"],
             ["尾款", "¥200,000.00（人民币贰拾伍万元整）"]]
    found = of(review(zh_contract(table), library), MISMATCH)
    assert len(found) == 1 and "250,000.00" in found[0].message_en and found[0].location == "table 1 row 3"


@pytest.mark.parametrize(("words", "value"), [
    ("two hundred and forty thousand US dollars", "240000"),
    ("One Million Two Hundred Thousand Dollars", "1200000"),
    ("RMB one million two hundred thousand yuan and five fen only", "1200000.05"),
    ("ninety-nine dollars and ninety-nine cents", "99.99"),
    ("fifty cents", "0.50"),
    ("twelve", "12"),
])
def test_english_amount_value(words: str, value: str) -> None:
    assert english_amount_value(words) == Decimal(value)


@pytest.mark.parametrize("words", ["exclusive of VAT", "the Fee", "two hundred per month", "", "only",
                                   "five dollars and six dollars and seven cents", "ten dollars and five",
                                   "million dollars", "Hundred Dollars"])
def test_english_amount_value_refuses_what_is_not_one_amount(words: str) -> None:
    assert english_amount_value(words) is None


# ---- an instalment against its share of the total --------------------------------------------------------------

_TOTAL = "本合同总金额为人民币陆拾万元整（¥600,000.00），含税。"


def _instalments(second: str) -> list[str]:
    return [_TOTAL, "第五条 付款方式",
            "5.1 第一期：合同签订后10个工作日内，甲方支付合同总金额的30%，即人民币壹拾捌万元整（¥180,000.00）；",
            f"5.2 第二期：平台通过验收后10个工作日内，甲方支付合同总金额的40%，即{second}；",
            "5.3 第三期：运维期满后10个工作日内，甲方支付剩余30%，即人民币壹拾捌万元整（¥180,000.00）。"]


def test_instalment_that_is_its_share_of_the_total_is_silent(library: Library) -> None:
    report = review(zh_contract(*_instalments("人民币贰拾肆万元整（¥240,000.00）")), library)
    assert of(report, "payment_amounts") == [] and of(report, MISMATCH) == []


def test_instalment_that_is_not_its_share_of_the_total(library: Library) -> None:
    report = review(zh_contract(*_instalments("人民币贰拾陆万元整（¥260,000.00）")), library)
    found = of(report, "payment_amounts")
    assert len(found) == 1 and of(report, MISMATCH) == []  # figures and words agree with each other
    f = found[0]
    assert (f.severity, f.owner) == (Severity.blocker, Role.finance)
    assert "240,000.00" in f.message_en and "260,000.00" in f.message_en and "40%" in f.message_en


def test_en_instalment_against_total(library: Library) -> None:
    def doc(amount: str) -> list[str]:
        return ["The total contract price is USD 500,000.",
                f"The first instalment: upon signing, the Client shall pay 20% of the total price, i.e. USD {amount}."]
    assert of(review(en_contract(*doc("100,000")), library), "payment_amounts") == []
    found = of(review(en_contract(*doc("120,000")), library), "payment_amounts")
    assert len(found) == 1 and "100,000.00" in found[0].message_en


def test_share_of_another_base_is_not_checked_against_the_total(library: Library) -> None:
    text = "首期付款：甲方每月支付当月服务费的30%，即人民币叁万元整（¥30,000.00）。"
    assert of(review(zh_contract(_TOTAL, text), library), "payment_amounts") == []


# ---- percentages in running text that are no shares of the price ------------------------------------------------

@pytest.mark.parametrize(("text", "bad"), [
    # a milestone given as how much of the work is done is no share of the price
    ("付款方式：合同签订后支付合同总价的30%；完成50%工作量并经检验合格后支付30%；终验合格后支付35%；质保期满后支付剩余5%。",
     False),
    ("（二）合同签订后支付百分之二十作为预付款；完成总量百分之五十并经阶段验收后支付百分之三十；全部验收合格后支付百分之四十五；"
     "余下百分之五作为质量保证金。", False),
    ("付款方式：合同签订后支付合同总价的30%；完成50%工作量后支付30%；终验合格后支付30%；质保期满后支付剩余5%。", True),
    ("Payment: 30% upon signing, 40% upon completion of 50% of the work, and 20% on final acceptance.", True),
    # royalty tiers and fees read as instalments: not a split of one price
    ("Payment milestones: a royalty of 0.85% of net sales, and 5.25% upon the first commercial sale.", False),
    ("Milestone payments: 50% upon delivery, and 100% of any excess inventory at the end of the term.", False),
])
def test_payment_percentages_in_running_text(library: Library, text: str, bad: bool) -> None:
    found = of(review(_contract(text), library), "payment_percentages")
    assert bool(found) is bad, [f.message_en for f in found]
