"""Legal review 1 on personal data and security: P0-1 (PIPL art. 21 block and schedule 委托处理个人信息清单),
P1-10 (incident reporting, keep vs delete, onward disclosure, exclusions, holdover), P1-11 (blank field
lines), P2-14 (cross-border, background checks, 等级保护, call recordings). Checked in the drafted .docx."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from docx.oxml.ns import qn

from clause_library.errors import RequestError
from clause_library.loader import Library
from clause_library.models import Condition, DocumentKind, OutsourcingKind
from generator.draft import draft_request
from generator.request import ServiceContractRequest, parse_request
from tests.conftest import EXAMPLES, STANDALONE_PLEDGE, example_request

IT: dict[str, Any] = example_request("it_contract_zh.yaml")
BPO: dict[str, Any] = example_request("bpo_contract_bilingual.yaml")
_ZH_HEADING = re.compile(r"^第[一二三四五六七八九十百]+条 ")


def _lines(path: Path) -> list[str]:
    """Every paragraph and table row of the document, in order (a row's cells joined by " | ")."""
    out: list[str] = []
    for el in docx.Document(str(path)).element.body.iterchildren():
        if el.tag == qn("w:p"):
            text = "".join(t.text or "" for t in el.iter(qn("w:t")))
            if text.strip():
                out.append(text)
        elif el.tag == qn("w:tbl"):
            for tr in el.iter(qn("w:tr")):
                out.append(" | ".join("".join(t.text or "" for t in tc.iter(qn("w:t"))) for tc in tr.iter(qn("w:tc"))))
    return out


def _articles(lines: list[str]) -> dict[str, str]:
    """Chinese articles by title (数据与个人信息保护 …), each its heading's following text."""
    out: dict[str, str] = {}
    title = ""
    for line in lines:
        if _ZH_HEADING.match(line):
            title = line.split(" ", 1)[1]
            out[title] = ""
        elif title:
            out[title] += line + "\n"
    return out


def _draft(library: Library, tmp_path: Path, data: dict[str, Any]) -> list[str]:
    req = parse_request(data)
    result = draft_request(req, tmp_path, library=library)
    (path,) = [f for f in result.files if f.suffix == ".docx"]
    return _lines(path)


def _it(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(IT)
    for k, v in changes.items():
        if v is None:
            data.pop(k, None)
        else:
            data[k] = v
    return data


def test_it_contract_has_the_pipl_block_and_the_schedule_it_cites(library: Library, tmp_path: Path) -> None:
    lines = _draft(library, tmp_path, IT)
    art = _articles(lines)["数据与个人信息保护"]
    for words in ("第二十一条、第五十九条", "《网络数据安全管理条例》第十二条", "处理目的",
                  "处理期限：自本合同生效之日起", "处理方式", "保护措施",
                  "不得转委托", "返还或者删除个人信息", "有权对乙方处理个人信息的活动进行监督"):
        assert words in art, words
    assert "以附件四《委托处理个人信息清单》所列的个人信息主体、个人信息种类和处理系统为限" in art
    assert "录音" not in art  # the call-recording duty is for call centres (BPO) only
    start = lines.index("附件四 委托处理个人信息清单")
    rows = lines[start + 1:start + 6]
    assert rows == ["项目 | 内容", "个人信息主体 | 甲方客户；甲方员工",
                    "一般个人信息 | 姓名、联系电话、电子邮箱及通讯地址；客户账号及交易记录",
                    "敏感个人信息 | 身份证件号码；银行账户信息",
                    "处理系统 | 核心业务系统生产数据库；中间件及应用服务器；备份与恢复系统"]
    # P2-14: 等级保护 duties and a bastion host where the vendor has system access
    sec = _articles(lines)["信息安全"]
    assert "《中华人民共和国网络安全法》第二十一条规定的网络安全等级保护义务" in sec and "堡垒机" in sec


def test_system_access_with_an_explicit_no_drafts_no_entrustment(library: Library, tmp_path: Path) -> None:
    lines = _draft(library, tmp_path, _it(personal_information_entrusted=False, personal_information=None))
    art = _articles(lines)["数据与个人信息保护"]
    assert "第二十一条、第五十九条" not in art and "处理目的" not in art
    assert "双方确认，甲方未委托乙方处理个人信息" in art
    assert not any("委托处理个人信息清单" in line for line in lines)


def test_no_system_access_and_no_personal_information(library: Library, tmp_path: Path) -> None:
    lines = _draft(library, tmp_path, _it(personal_information_entrusted=False, personal_information=None,
                                          system_access=False))
    art = _articles(lines)["数据与个人信息保护"]
    assert "双方确认" not in art and "处理目的" not in art
    assert "堡垒机" not in _articles(lines)["信息安全"]


def test_the_bilingual_contract_cites_the_schedule_in_both_languages(library: Library, tmp_path: Path) -> None:
    text = "\n".join(_draft(library, tmp_path, BPO))
    assert "附件四《委托处理个人信息清单》" in text
    assert "Schedule 4 (List of Personal Information Entrusted for Processing)" in text
    assert "Articles 21 and 59 of the Personal Information Protection Law" in text
    # call recordings (P2-14): approved notice at the start of the call, limited retention
    assert "甲方审定的告知语" in text and "in the wording approved by the Client" in text


def test_data_protection_is_mandatory_with_system_access(library: Library) -> None:
    for outsourcing in (OutsourcingKind.it, OutsourcingKind.bpo, OutsourcingKind.hr):
        pb = library.playbook(DocumentKind.service_contract, outsourcing)
        assert any(r.category == "data_protection" and set(r.when) <= {Condition.system_access}
                   and r.severity.value == "blocker" for r in pb.mandatory), outsourcing


_INCIDENT = re.compile(r"(\d+)小时内(以电话或者电子邮件通知|书面报告|以书面形式)")


@pytest.mark.parametrize("values", [{}, {"incident_notice_hours": 1, "incident_report_hours": 12}])
def test_one_incident_reporting_period_across_the_document(library: Library, tmp_path: Path,
                                                           values: dict[str, int]) -> None:
    """P1-10: 8.3(七) said 2 hours in writing, 13.5 24 hours in writing; now one regime everywhere."""
    lines = _draft(library, tmp_path, _it(values={**IT.get("values", {}), **values}))  # the example's own values kept
    found = {(m.group(2), m.group(1)) for line in lines for m in _INCIDENT.finditer(line)}
    notice, report = values.get("incident_notice_hours", 2), values.get("incident_report_hours", 24)
    assert found == {("以电话或者电子邮件通知", str(notice)), ("书面报告", str(report)), ("以书面形式", str(report))}
    arts = _articles(lines)
    for title in ("双方权利义务", "信息安全", "数据与个人信息保护"):
        assert f"{notice}小时内以电话或者电子邮件通知甲方" in arts[title], title


def test_keep_only_own_work_records_delete_client_data(library: Library, tmp_path: Path) -> None:
    """P1-10: 11.6 kept 'records, documents and data' 3 years while 14.4 deletes every copy."""
    arts = _articles(_draft(library, tmp_path, IT))
    audit = arts["监督检查"]
    assert "完整保存与本服务有关的记录、文件和数据" not in audit
    assert "其自身与本服务有关的工作记录" in audit and "不得包含甲方数据" in audit
    assert "第十一条保存的其自身工作记录不得包含甲方数据" in arts["数据与个人信息保护"]


def test_confidentiality_onward_disclosure_and_exclusions(library: Library, tmp_path: Path) -> None:
    """P1-10: 15.2(三) let the vendor pass 甲方数据 to advisers; 15.4 had no personal-data carve-out."""
    for variant in ("standard", "strict"):
        art = _articles(_draft(library, tmp_path / variant, _it(variants={"confidentiality": variant})))["保密"]
        assert "但甲方数据和个人信息仅可提供给因履行本合同确需接触的乙方员工" in art
        assert "不得向专业顾问或者其他人员披露" in art
        assert "保密信息中的个人信息，不因属于前款情形而免除接收方依法承担的个人信息保护义务" in art


def test_holdover_extends_the_term_and_the_processing_period(library: Library, tmp_path: Path) -> None:
    """P1-10: 3.5 ended the contract at expiry while 4.5 let it continue; the PIPL period was not extended."""
    arts = _articles(_draft(library, tmp_path, IT))
    assert "依照第四条的约定继续提供服务的，服务期限延长至继续服务结束之日" in arts["服务期限"]
    assert "继续服务期间视为服务期限相应延长" in arts["续约"]
    assert "第十四条约定的数据处理（包括个人信息的处理期限）相应延长至继续服务结束之日" in arts["续约"]
    assert "服务期限依照第四条续约或者继续服务而延长的，处理期限相应延长" in arts["数据与个人信息保护"]


def test_cross_border_and_background_checks(library: Library, tmp_path: Path) -> None:
    arts = _articles(_draft(library, tmp_path, IT))
    dp = arts["数据与个人信息保护"]
    assert "第三十八条规定的条件" in dp and "依照该法第三十九条取得个人的单独同意" in dp
    staff = arts["人员管理"]
    assert "经本人单独同意" in staff and "第二十九条" in staff and "第二十三条" in staff


@pytest.mark.parametrize("name", ["it_contract_zh.yaml", "bpo_contract_bilingual.yaml", "hr_payroll_zh.yaml",
                                  "nda_mutual_en.yaml", "pledge_zh.yaml"])
def test_no_blank_field_line_in_any_example(library: Library, tmp_path: Path, name: str) -> None:
    """P1-11: "开户银行及账号：，" / "bank and account number: ," was printed for blank fields."""
    # The shipped pledge names its main contract, which parse_request does not look up: the same pledge without.
    path = STANDALONE_PLEDGE if name == "pledge_zh.yaml" else EXAMPLES / name
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for line in _draft(library, tmp_path, data):
        assert not re.search(r"[：:]\s*[，,；;]", line), line
        assert not re.search(r"\S- \S", line), line  # two items run together ("…cn- 乙方：")
        assert not _EMPTY_ITEM.match(line), line  # an item that is only a label: "（三） 银行账号："


_EMPTY_ITEM = re.compile(r"^(（[一二三四五六七八九十]+）|\([a-z]+\))\s*[^：:。.]{1,24}[：:]\s*$")


def test_blank_optional_fields_leave_no_dangling_label(library: Library, tmp_path: Path) -> None:
    data = copy.deepcopy(BPO)
    for who in ("client", "vendor"):
        for name in ("contact", "phone", "email"):
            data[who].pop(name, None)
    data["client"].pop("bank_name", None)
    text = "\n".join(_draft(library, tmp_path, data))
    assert not re.search(r"\S- \S", text)  # an item run into the one before it
    for bad in ("：，", "：；", "联系人：", "电话：", "开户银行及账号", ": ,", ": ;", "telephone:", "bank and account"):
        assert bad not in text, bad


def test_the_vendor_account_is_required(library: Library) -> None:
    data = copy.deepcopy(IT)
    del data["vendor"]["bank_account"]
    with pytest.raises(RequestError) as info:
        parse_request(data)
    assert info.value.problems[0].field == "vendor" and "bank_account" in info.value.problems[0].message


def test_examples_parse_as_service_contracts() -> None:
    assert isinstance(parse_request(IT), ServiceContractRequest)
