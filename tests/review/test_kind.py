"""Document kind and outsourcing kind: employee NDAs are NDAs, each outsourcing kind by what is
outsourced, and an uncertain kind said so and reviewed against every candidate's playbook."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from clause_library.loader import Library
from clause_library.models import DocumentKind, OutsourcingKind, Severity
from contracts.cli import app
from review.kind import read_kind
from review.review import review_document

HR, IT, BPO = OutsourcingKind.hr, OutsourcingKind.it, OutsourcingKind.bpo


@pytest.mark.parametrize("text", [
    # an employee signs it, it speaks of the job and of "本人承诺": still an NDA, not a pledge or a service contract
    "员工保密协议\n甲方（用人单位）：某科技有限公司\n乙方（员工）：李四\n身份证号：\n"
    "乙方在甲方任职期间提供的服务及知悉的技术信息均属保密信息。本人承诺不向第三方披露。",
    "保密、竞业限制协议\n甲方：某公司\n乙方：王五\n乙方离职后两年内不得到与甲方有竞争关系的单位任职。",
    "保密及竞业限制协议\n甲方：某公司\n乙方：赵六\n服务费：无",
    "竞业限制协议\n甲方：某公司\n乙方：员工",
    "EMPLOYEE CONFIDENTIALITY AND NON-COMPETITION AGREEMENT\nThe Employee shall provide the services of ...",
    "Proprietary Information and Inventions Assignment Agreement\nI hereby agree to keep confidential ...",
])
def test_employee_confidentiality_agreements_are_ndas(text: str) -> None:
    assert read_kind(text).kind is DocumentKind.nda


def test_a_company_promising_confidentiality_makes_an_nda_a_person_a_pledge() -> None:
    company = ("保密承诺函\n致：某电力集团有限公司\n"
               "我公司某数字工程有限公司（统一社会信用代码：略）特向贵公司承诺对磋商资料保密。")
    person = ("保密承诺书\n致：某保险公司\n承诺人姓名：张三\n居民身份证号码：略\n"
              "所属单位：某数据服务有限公司\n本人承诺保密。")
    assert read_kind(company).kind is DocumentKind.nda
    assert read_kind(person).kind is DocumentKind.pledge


def test_a_company_naming_itself_in_an_undertaking_makes_it_an_nda() -> None:
    letter = ("CONFIDENTIALITY UNDERTAKING\n\nTo: Harbour Holdings Limited\n\n"
              "We, Blue Reef Partners Pte. Ltd. (the \"Bidder\"), are considering an acquisition and undertake "
              "to keep the information secret.")
    assert read_kind(letter).kind is DocumentKind.nda
    person = ("CONFIDENTIALITY UNDERTAKING\n\nI, the undersigned, passport number E1234567, undertake to keep "
              "the information of Harbour Holdings Limited secret.")
    assert read_kind(person).kind is DocumentKind.pledge


def test_a_titled_promise_not_called_confidential_is_still_no_service_contract() -> None:
    # 承诺函 / 承诺书 / undertaking with no 保密 in the title: a one-sided promise, nobody engaged to serve
    company = ("承诺函\n致：某物流集团有限公司\n本公司某算法科技有限公司拟参加贵司调度系统的询价，"
               "收到的运单样本和接口说明仅用于报价，不转给他人。")
    person = ("客户资料使用承诺书\n本人姓名：李四，身份证号码：略，系某外包公司质检员。\n"
              "本人在此承诺：只在工单需要时查看客户资料，离岗后不带走任何记录。")
    undertaking = ("Data Handling Undertaking\nI, the undersigned, a contractor of Example Services Ltd, "
                   "undertake to use the client's records only for my assigned tickets.")
    assert read_kind(company).kind is DocumentKind.nda
    assert read_kind(person).kind is DocumentKind.pledge
    assert read_kind(undertaking).kind is DocumentKind.pledge


@pytest.mark.parametrize("text", [
    # the title names a service; an NDA it mentions in its opening does not make it one
    "翻译服务框架合同\n委托人：某公司\n服务商：某翻译公司\n双方另行签订的保密协议继续有效。",
    "软件定制开发合同\n委托方：某公司\n受托方：某软件公司\n双方已签署保密协议。",
])
def test_a_titled_service_contract_is_one(text: str) -> None:
    assert read_kind(text).kind is DocumentKind.service_contract


def test_a_title_naming_nothing_leaves_it_to_the_text() -> None:
    assert read_kind("协议书\n披露方：某公司\n接收方：某公司\n本保密协议约定双方的保密义务。").kind is DocumentKind.nda
    assert read_kind("协议书\n甲方：某公司\n乙方：某公司\n乙方向甲方提供服务，服务费按月结算。").kind \
        is DocumentKind.service_contract


_HR = ["代发工资及薪酬核算", "社保代理和公积金代缴", "招聘服务及招聘流程外包", "劳务外包人员的管理",
       "人力资源服务及派遣人员", "员工培训及培训课程设计", "payroll processing and staffing services"]
_BPO = ["客服中心坐席服务", "呼叫中心外呼服务", "数据录入及数据标注", "财务共享中心运营", "档案整理及档案数字化",
        "应付账款处理及费用报销审核", "档案寄存及档案保管", "仓储服务及配送服务",
        "customer support from its contact centres",
        "call centre and back-office data entry"]
_IT = ["系统运维及软件开发", "信息系统运行维护与云服务", "数据清洗服务及数据分析服务",
       "software development and hosting services"]


@pytest.mark.parametrize(("cues", "kind"),
                         [*((c, HR) for c in _HR), *((c, BPO) for c in _BPO), *((c, IT) for c in _IT)])
def test_the_outsourcing_kind_is_what_is_outsourced(cues: str, kind: OutsourcingKind) -> None:
    got = read_kind(f"外包服务合同\n甲方：某公司\n乙方：某公司\n乙方为甲方提供{cues}。本合同约定的{cues}按月结算。")
    assert (got.kind, got.outsourcing, got.candidates) == (DocumentKind.service_contract, kind, ())


# Past the title and preamble, where cue words count once.
_BOTH = "乙方为甲方提供薪酬核算服务，并负责系统运维。薪酬核算结果经甲方确认；系统运维按月考核。"
_PREAMBLE = "服务合同\n甲方：某公司\n乙方：某公司\n" + "双方遵循平等自愿原则订立本合同。" * 30 + "\n"


def test_a_party_named_for_its_trade_is_not_what_is_outsourced() -> None:
    # a logistics company buys software testing: its name says 物流, the contract says IT
    got = read_kind("软件测试外包合同\n甲方：某某物流有限公司\n乙方：某软件公司\n"
                    "乙方为甲方提供软件测试服务，系统运维另行约定。")
    assert got.outsourcing is IT


def test_a_function_the_client_keeps_is_not_what_is_outsourced() -> None:
    # an insurer's claims hotline is answered by its own staff; the vendor only runs the telephony platform
    kept = ("呼叫平台运维服务合同\n甲方：某保险公司\n乙方：某信息技术公司\n"
            "理赔热线的接听和回访工作仍由甲方自行负责，乙方不接听任何客户来电。"
            "乙方负责呼叫中心系统的运行维护、话务平台升级和故障处理，提供系统运维服务。")
    assert read_kind(kept).outsourcing is IT
    # the same words, the hotline itself handed over: business process outsourcing
    handed = ("呼叫中心外包服务合同\n甲方：某保险公司\n乙方：某客服公司\n"
              "乙方安排客服坐席接听甲方理赔热线来电并完成回访，呼叫中心的坐席人员由乙方招聘管理。")
    assert read_kind(handed).outsourcing is BPO


def test_a_process_a_system_serves_is_the_system_s_subject() -> None:
    # a payroll module of a subscribed system is software, not payroll outsourcing
    got = read_kind("人事系统订阅合同\n甲方：某制造公司\n乙方：某软件公司\n"
                    "甲方订阅乙方的人事管理系统，功能包括：薪酬计算、个人所得税预扣、社保代缴台账。"
                    "乙方负责系统部署和上线，以及订阅期内的系统运维。")
    assert got.outsourcing is IT
    # payroll done by the vendor is HR outsourcing, even with a system named
    assert read_kind("薪酬外包服务合同\n甲方：某制造公司\n乙方：某人力资源公司\n"
                     "乙方负责甲方员工的薪酬核算与代发工资，并代缴社会保险；乙方使用自有系统处理。").outsourcing is HR


def test_processing_entrusted_data_is_it_and_placing_staff_is_hr() -> None:
    # POLICY.md's scope: data processing is IT outsourcing; supplying people who work under the client is HR
    data = read_kind("会员数据委托处理合同\n委托方：某零售公司\n受托方：某科技公司\n"
                     "受托方按委托方的指示对会员资料进行清洗和统计。")
    assert data.outsourcing is IT
    staff = read_kind("工程师外派合同\n需方：某银行\n供方：某人才公司\n"
                      "供方按需方要求外派工程师到需方项目组工作，工程师服从需方项目经理安排。")
    assert staff.outsourcing is HR


def test_logistics_run_for_the_client_is_bpo_and_running_its_network_is_it() -> None:
    picking = read_kind("电商仓库作业服务合同\n委托方：某电商公司\n服务方：某供应链公司\n"
                        "服务方在委托方仓库内负责收货上架、拣货、复核和打包，按件计费。")
    assert picking.outsourcing is BPO
    network = read_kind("园区网络运行维护服务合同\n甲方：某管委会\n乙方：某通信公司\n"
                        "乙方负责园区网络的运行维护，包括交换机巡检和链路故障处理，并提供机房运维。")
    assert network.outsourcing is IT


def test_tax_filing_by_an_agent_is_bpo() -> None:
    got = read_kind("税务代理合同\n委托人：某贸易公司\n受托人：某税务师事务所\n"
                    "受托人按月为委托人办理增值税和企业所得税的纳税申报代理。")
    assert got.outsourcing is BPO


def test_a_letter_about_secrecy_is_an_nda() -> None:
    letter = ("关于图纸资料的保密函\n致：某模具公司\n发函人：某新能源公司\n"
              "我司为询价向贵司提供的图纸，贵司应予保密，不得用于询价以外的用途。")
    assert read_kind(letter).kind is DocumentKind.nda


def test_advice_bought_is_no_kind_of_outsourcing() -> None:
    # a consulting contract about information systems buys advice, not IT outsourcing (POLICY.md's scope)
    got = read_kind("技术咨询合同\n委托方：某公司\n受托方：某咨询公司\n"
                    "乙方诊断甲方信息系统并提出软件开发和系统集成规划。")
    assert (got.outsourcing, got.candidates) == (None, ())
    assert read_kind("IT咨询外包服务合同\n甲方：某公司\n乙方：某公司\n乙方提供系统运维和软件开发。").outsourcing is IT


def test_split_evidence_is_uncertain_between_the_kinds() -> None:
    got = read_kind(_PREAMBLE + _BOTH)
    assert got.outsourcing is None and got.candidates == (HR, IT) and got.uncertain
    assert "hr 2" in got.evidence and "it 2" in got.evidence


def test_one_weak_cue_is_uncertain() -> None:
    got = read_kind(_PREAMBLE + "乙方按月提交工资条。")
    assert (got.outsourcing, got.candidates) == (None, (HR,))


def test_no_cue_is_no_outsourcing_kind_and_not_uncertain() -> None:
    got = read_kind("保洁服务合同\n甲方：某医院\n乙方：某物业公司\n乙方负责病区的日常保洁。")
    assert (got.outsourcing, got.candidates, got.uncertain) == (None, (), False)


def test_the_union_playbook_asks_what_any_candidate_asks(library: Library) -> None:
    union = library.union_playbook(DocumentKind.service_contract, [IT, HR])
    hr = library.playbook(DocumentKind.service_contract, HR)
    it = library.playbook(DocumentKind.service_contract, IT)
    mandatory = {(r.category, r.severity, tuple(r.when)) for r in union.mandatory}
    for pb in (hr, it):
        for r in pb.mandatory:
            # as severe as the most demanding candidate under the same conditions
            assert any(c == r.category and w == tuple(r.when) and (s is Severity.blocker or s is r.severity)
                       for c, s, w in mandatory), r
    assert ("personnel", Severity.blocker, ()) in mandatory  # hr's only
    assert ("ip_ownership", Severity.warning, ()) in mandatory  # it's only
    assert not {r.category for r in union.recommended} & {r.category for r in union.mandatory}
    # blockers first, so that the checks take a category's most severe requirement
    ranks = [r.severity is not Severity.blocker for r in union.mandatory]
    assert ranks == sorted(ranks)
    assert library.union_playbook(DocumentKind.service_contract, [HR]) == hr


_SPLIT = _PREAMBLE + "第一条 服务内容\n" + _BOTH + "\n"


def test_an_uncertain_kind_is_reported_and_reviewed_against_every_candidate(tmp_path: Path) -> None:
    doc = tmp_path / "split.txt"
    doc.write_text(_SPLIT, encoding="utf-8")
    report = review_document(doc)
    assert report.outsourcing == "uncertain"
    said = [f for f in report.findings if f.check == "outsourcing_uncertain"]
    assert len(said) == 1 and "hr, it" in said[0].message_en and said[0].evidence
    missing = {f.category: f.severity for f in report.findings if f.check == "missing_category"}
    assert missing["personnel"] is Severity.blocker  # HR's playbook, though IT's would only recommend it
    assert missing["data_protection"] is Severity.blocker  # HR: unconditional


def test_the_outsourcing_flag_overrides_an_uncertain_reading(tmp_path: Path) -> None:
    doc = tmp_path / "split.txt"
    doc.write_text(_SPLIT, encoding="utf-8")
    result = CliRunner().invoke(app, ["review", str(doc), "--outsourcing", "it", "--format", "json"])
    report = json.loads(result.output)
    assert report["outsourcing"] == "it"
    assert not [f for f in report["findings"] if f["check"] == "outsourcing_uncertain"]
    missing = {f["category"]: f["severity"] for f in report["findings"] if f["check"] == "missing_category"}
    assert missing["personnel"] == "warning"
