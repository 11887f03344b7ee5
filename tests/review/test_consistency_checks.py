"""The checks for a contract that disagrees with itself, each tested both ways (found / silent), zh and en."""

from __future__ import annotations

from pathlib import Path

import pytest

from clause_library.models import DocumentKind
from review.check_base import numeral
from review.review import review_document

ZH_BASE = """服务合同

甲方：北京甲公司
乙方：上海乙公司

第一条 服务内容
乙方向甲方提供系统运维服务。

第二条 服务费用
服务费用总额为人民币100,000.00元（大写：人民币壹拾万元整），付款安排见附件一。{pay}

第三条 保密
乙方对甲方的保密信息承担保密义务。违反本条约定的，乙方应支付违约金人民币50,000.00元。

第四条 信息安全
乙方发现信息安全事件的，应在{incident}内以书面形式向甲方报告。

第五条 违约责任
乙方违约的，应按照第{ref}条约定的违约金承担责任。乙方应在收到通知之日起10日内完成整改。

第六条 合同终止
合同终止后，乙方应删除其持有的甲方数据，但法律法规另有规定的除外。

第七条 争议解决
因本合同发生的争议，提交北京仲裁委员会仲裁。

附件一 付款计划
期次 | 付款条件 | 金额 | 付款时间
第一期 | 合同签订 | 人民币50,000.00元 | 收到发票后30日内
第二期 | 服务满六个月 | {amount2} | 收到发票后30日内

甲方（盖章）：北京甲公司
乙方（盖章）：上海乙公司
乙方开户银行及账号：{bank}
"""

EN_BASE = """SERVICES AGREEMENT

This Services Agreement (the "Agreement") is made between Alpha Ltd (the "Client") and Beta Ltd (the "Vendor").

1. Services
The Vendor shall provide the services described in Schedule 1 (the "Services").

2. Fees
The Client shall pay the fees in Schedule {schedule}. Late payments bear interest.

3. Confidentiality
Each party shall keep Confidential Information secret. "Confidential Information" means all non-public information.
A breach of this Clause 3 entitles the Client to liquidated damages of USD 10,000.

4. Security
The Vendor shall report any security incident to the Client in writing within {incident}.

5. Liability
The Vendor shall pay the liquidated damages set out in Clause {ref} for each breach. {used}

6. Termination
Either party may terminate this Agreement on 30 days' notice.

Schedule 1 Services and Fees
Item | Amount | Trigger | Due date
Set-up | USD 20,000 | signing | within 30 days of invoice

Notices to the Vendor: Beta Ltd
Address: {address}
"""

ZH_DEFAULTS = {"pay": "", "incident": "24小时", "ref": "三", "amount2": "人民币50,000.00元",
               "bank": "中国银行上海分行 1234567890"}
EN_DEFAULTS = {"schedule": "1", "incident": "24 hours", "ref": "3", "used": "", "address": "1 Main Street, Shanghai"}


def _checks(tmp_path: Path, text: str, kind: DocumentKind | None = None) -> dict[str, list[str]]:
    path = tmp_path / "doc.txt"
    path.write_text(text, encoding="utf-8")
    report = review_document(path, kind=kind)
    out: dict[str, list[str]] = {}
    for f in report.findings:
        out.setdefault(f.check, []).append(f.message_en)
    return out


NEW = {"dangling_reference", "undefined_term", "schedule_row_incomplete", "blank_field", "period_conflict",
       "no_special_notice", "nda_term_short"}


def test_clean_documents_raise_none(tmp_path: Path) -> None:
    assert NEW.isdisjoint(_checks(tmp_path, ZH_BASE.format(**ZH_DEFAULTS)))
    assert NEW.isdisjoint(_checks(tmp_path, EN_BASE.format(**EN_DEFAULTS)))


@pytest.mark.parametrize(("lang", "change", "check"), [
    ("zh", {"ref": "九"}, "dangling_reference"),  # no article 9
    ("zh", {"ref": "七"}, "dangling_reference"),  # article 7 is about disputes, not 违约金
    ("zh", {"pay": "第二期款项按附件三执行。"}, "dangling_reference"),  # no 附件三
    # 附件一 is there but lists no rates: "所列的计费标准" points at nothing
    ("zh", {"pay": "增加服务的费用按照附件一《付款计划》所列的计费标准计算。"}, "dangling_reference"),
    ("en", {"ref": "9"}, "dangling_reference"),
    ("en", {"ref": "6"}, "dangling_reference"),  # clause 6 says nothing of liquidated damages
    ("en", {"schedule": "2"}, "dangling_reference"),
    ("en", {"used": "Any Service Credits are deducted from the fees. The Service Credits are capped."},
     "undefined_term"),
    ("zh", {"amount2": "—"}, "schedule_row_incomplete"),
    ("zh", {"bank": "，"}, "blank_field"),
    ("en", {"address": "____________"}, "blank_field"),
    ("zh", {"incident": "2小时"}, "period_conflict"),  # vs 24小时 in an article the test adds
])
def test_each_planted_defect_is_found(tmp_path: Path, lang: str, change: dict[str, str], check: str) -> None:
    base, defaults = (ZH_BASE, ZH_DEFAULTS) if lang == "zh" else (EN_BASE, EN_DEFAULTS)
    text = base.format(**{**defaults, **change})
    if check == "period_conflict":  # a second article giving the same duty another period
        added = "第七条 安全事件\n发生信息安全事件的，乙方应在24小时内书面报告甲方。\n\n第八条 争议解决"
        text = text.replace("第七条 争议解决", added)
    found = _checks(tmp_path, text)
    assert check in found, found


@pytest.mark.parametrize("pay", [
    "第二期款项的付款条件按照附件一所列的付款条件执行。",  # 附件一 has a 付款条件 column
    # a heading only: its text is not in this file
    "增加服务的费用按照附件二所列的计费标准计算。附件二另行签署。\n\n附件二 计费标准",
    "增加服务的费用按照附件一所列的服务内容确定。",  # not one of the things a schedule is read for
])
def test_a_schedule_that_says_what_is_referred_to_is_fine(tmp_path: Path, pay: str) -> None:
    text = ZH_BASE.format(**{**ZH_DEFAULTS, "pay": pay})
    if "\n\n附件二" in pay:  # the heading goes after 附件一, where schedules are
        text = text.replace(pay, pay.split("\n")[0]) + "\n附件二 计费标准\n"
    assert "dangling_reference" not in _checks(tmp_path, text)


def test_two_periods_for_one_duty_in_english_and_a_tiered_duty_is_fine(tmp_path: Path) -> None:
    added = "6. Incidents\nThe Vendor shall notify the Client of any data breach within 72 hours.\n\n7. Termination"
    text = EN_BASE.format(**EN_DEFAULTS).replace("6. Termination", added)
    assert "period_conflict" in _checks(tmp_path, text)
    tiered = EN_BASE.format(**{**EN_DEFAULTS, "incident": "2 hours by phone and a written report within 24 hours"})
    assert "period_conflict" not in _checks(tmp_path, tiered)


def test_keeping_data_while_deleting_every_copy(tmp_path: Path) -> None:
    keep = ZH_BASE.format(**ZH_DEFAULTS).replace(
        "乙方向甲方提供系统运维服务。", "乙方向甲方提供系统运维服务。乙方应保存服务过程中形成的数据至合同终止后三年。")
    assert "period_conflict" not in _checks(tmp_path, keep)  # deletion has an exception for the law
    strict = keep.replace("乙方应删除其持有的甲方数据，但法律法规另有规定的除外。",
                          "乙方应删除其持有的全部数据及其副本、备份。")
    assert "period_conflict" in _checks(tmp_path, strict)


def test_standard_form_needs_a_notice(tmp_path: Path) -> None:
    form = ZH_BASE.format(**ZH_DEFAULTS).replace(
        "第一条 服务内容",
        "本合同为甲方的格式合同，供重复使用。乙方的赔偿责任累计不超过服务费用总额。\n\n第一条 服务内容")
    assert "no_special_notice" in _checks(tmp_path, form)
    noticed = form.replace("本合同为甲方的格式合同", "特别提示：请乙方仔细阅读加粗的条款。本合同为甲方的格式合同")
    assert "no_special_notice" not in _checks(tmp_path, noticed)


@pytest.mark.parametrize(("nda_years", "short"), [("一", True), ("五", False)])
def test_nda_ending_before_its_main_contract(tmp_path: Path, nda_years: str, short: bool) -> None:
    text = f"""保密协议

甲方：北京甲公司
乙方：上海乙公司

鉴于双方于2026年1月1日签订《系统运维服务合同》（主合同），主合同期限自2026年1月1日至2028年12月31日。

第一条 保密信息
保密信息指甲方披露的全部非公开信息。

第二条 保密义务
乙方应对保密信息严格保密，不得向第三方披露。

第三条 协议期限
本协议自2026年1月1日起生效，有效期为{nda_years}年。

第四条 争议解决
争议提交北京仲裁委员会仲裁。

甲方（盖章）：
乙方（盖章）：
"""
    found = _checks(tmp_path, text, kind=DocumentKind.nda)
    assert ("nda_term_short" in found) is short, found


@pytest.mark.parametrize(("text", "value"), [("15", 15), ("１５", 15), ("十五", 15), ("一百零二", 102), ("x", None)])
def test_numeral(text: str, value: int | None) -> None:
    assert numeral(text) == value


def test_laws_and_other_contracts_are_not_this_documents_articles(tmp_path: Path) -> None:
    text = ZH_BASE.format(**ZH_DEFAULTS).replace(
        "乙方向甲方提供系统运维服务。",
        "乙方向甲方提供系统运维服务。依照《中华人民共和国民法典》第五百八十五条和第五百八十六条，以及主合同第三十条处理。")
    assert "dangling_reference" not in _checks(tmp_path, text)


ZH_INSTALMENTS = """第二期（进度款）：系统上线并经甲方验收合格后，支付人民币30,000.00元，付款时间为收到发票后10日内；
第三期（尾款）：质保期满后，支付人民币20,000.00元{due3}；
第四期（保留款）：审计完成后，支付人民币10,000.00元，付款时间为审计报告出具后15日内。"""
EN_INSTALMENTS = """(a) Instalment 1 - 40% (USD 8,000) - on signature - due within fifteen (15) days after invoice;
(b) Instalment 2 - 40% (USD 8,000) - on acceptance{due2};
(c) Instalment 3 - 20% (USD 4,000) - on go-live - due within fifteen (15) days after invoice."""


@pytest.mark.parametrize(("lang", "missing"), [("zh", True), ("zh", False), ("en", True), ("en", False)])
def test_an_instalment_list_with_one_row_lacking_its_due_date(tmp_path: Path, lang: str, missing: bool) -> None:
    if lang == "zh":
        rows = ZH_INSTALMENTS.format(due3="" if missing else "，付款时间为质保期满后30日内")
        text = ZH_BASE.format(**ZH_DEFAULTS).replace("付款安排见附件一。", "付款安排如下：\n" + rows + "\n")
    else:
        rows = EN_INSTALMENTS.format(due2="" if missing else " - due within fifteen (15) days after invoice")
        text = EN_BASE.format(**EN_DEFAULTS).replace("Late payments bear interest.", "Instalments:\n" + rows + "\n")
    found = _checks(tmp_path, text)
    assert ("schedule_row_incomplete" in found) is missing, found


def test_the_step_a_period_belongs_to_is_read_from_its_own_part_of_the_sentence(tmp_path: Path) -> None:
    # "立即采取补救措施" (at once) does not make a written report within 2 hours a first notice: 2 h vs 48 h written.
    added = ("第七条 个人信息事件\n发生个人信息事件的，乙方应立即采取补救措施，"
             "并在知悉后2小时内向甲方提交书面报告。\n\n第八条 争议解决")
    text = ZH_BASE.format(**{**ZH_DEFAULTS, "incident": "48小时"}).replace("第七条 争议解决", added)
    assert "period_conflict" in _checks(tmp_path, text)
    tiered = text.replace("并在知悉后2小时内向甲方提交书面报告", "并在知悉后2小时内以电话通知甲方")
    assert "period_conflict" not in _checks(tmp_path, tiered)


def test_english_periods_in_words_and_figures(tmp_path: Path) -> None:
    added = ("6. Remedies\nThe Vendor shall rectify any failure found in an audit within ten (10) days.\n"
             "The Vendor shall rectify any failure found in an inspection within thirty (30) days.\n\n7. Termination")
    text = EN_BASE.format(**EN_DEFAULTS).replace("6. Termination", added)
    assert "period_conflict" in _checks(tmp_path, text)
    assert "period_conflict" not in _checks(tmp_path, text.replace("thirty (30)", "ten (10)"))


@pytest.mark.parametrize(("used", "undefined"), [("“关键岗位人员”", True), ("“服务对象”", False)])
def test_a_definitions_list_without_quotation_marks_defines(tmp_path: Path, used: str, undefined: bool) -> None:
    definitions = ("第一条 定义\n本合同中下列用语的含义：\n（一）服务对象：指甲方的在职员工；\n"
                   "（二）业务月：指每月1日至末日。\n\n第二条 服务内容")
    text = ZH_BASE.format(**ZH_DEFAULTS).replace("第一条 服务内容", definitions).replace(
        "乙方向甲方提供系统运维服务。", f"乙方向服务对象提供薪资服务。乙方更换{used}的，应提前15日通知甲方。")
    found = _checks(tmp_path, text)
    assert ("undefined_term" in found) is undefined, found


def test_sub_clauses_set_in_bold_in_plain_text_are_there(tmp_path: Path) -> None:
    bold = "第三条 保密\n3.1 乙方应保密。\n**3.2 乙方的赔偿责任以服务费用为限。** **3.3 乙方不承担间接损失。**\n"
    refs = ("1.1 乙方向甲方提供系统运维服务。\n1.2 服务地点为甲方机房。\n"
            "1.3 责任限制见第3.2款和第3.3款，第3.1款另有约定的除外。")
    text = ZH_BASE.format(**ZH_DEFAULTS).replace("第三条 保密\n", bold).replace("乙方向甲方提供系统运维服务。", refs)
    assert "dangling_reference" not in _checks(tmp_path, text)
    assert "dangling_reference" in _checks(tmp_path, text.replace("第3.3款", "第3.4款"))


def test_access_logs_kept_are_not_the_data_deleted(tmp_path: Path) -> None:
    text = ZH_BASE.format(**ZH_DEFAULTS).replace(
        "乙方向甲方提供系统运维服务。",
        "乙方向甲方提供系统运维服务。乙方应对个人信息加密存储，访问记录保存不少于6个月。").replace(
        "乙方应删除其持有的甲方数据，但法律法规另有规定的除外。", "乙方应删除其持有的全部数据及其副本、备份。")
    assert "period_conflict" not in _checks(tmp_path, text)
    kept = text.replace("访问记录保存不少于6个月", "个人信息保存不少于6个月")
    assert "period_conflict" in _checks(tmp_path, kept)
