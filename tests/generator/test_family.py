"""Contract families (issue 11 item 4, review P1-7, P2-12, P2-13): an NDA, a pack and a pledge made for a
service contract cite it, agree with it, and carry one damages regime; read in the drafted .docx files."""

from __future__ import annotations

import re
import sys
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from docx import Document

from clause_library.errors import RequestError, RosterError
from clause_library.loader import Library
from contracts.cli import main
from generator.draft import draft
from generator.pack import PackResult, build_pack
from generator.pledge_template import compile_pledge, naive_pledge, pledge_base, pledge_contract_no, pledge_values
from generator.request import NdaRequest, PledgeRequest, load_request
from generator.roster import read_roster
from tests.conftest import EXAMPLES, draft_main_contract, example_request
from tests.generator.rosters import write_roster

MAIN = "BPO-2026-0007"


def _text(path: Path) -> str:
    return "\n".join(p.text for p in Document(str(path)).paragraphs)


def _article(text: str, heading: str) -> str:
    """The text of the article whose heading contains ``heading`` (up to the next article)."""
    m = re.search(rf"^第[一二三四五六七八九十]+条 [^\n]*{heading}[^\n]*\n(.*?)(?=^第[一二三四五六七八九十]+条 |\Z)",
                  text, re.M | re.S)
    assert m, f"no article {heading!r}"
    return m.group(1)


def _run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    """Run ``contracts ARGS`` as the command line does (errors become messages): exit code and all output."""
    monkeypatch.setattr(sys, "argv", ["contracts", *args])
    with pytest.raises(SystemExit) as info:
        main()
    out = capsys.readouterr()
    return (info.value.code if isinstance(info.value.code, int) else 0), out.out + out.err


def _request(tmp: Path, name: str, **changes: object) -> Path:
    data = example_request(name)
    data.update(changes)
    path = tmp / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def family(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, PackResult]:
    """The BPO contract, its pledge and its NDA pack (the shipped roster), drafted as the demo does."""
    out = tmp_path_factory.mktemp("family")
    draft_main_contract(out)
    draft(EXAMPLES / "pledge_zh.yaml", out)
    return out, build_pack(EXAMPLES / "nda_pack_zh.yaml", EXAMPLES / "roster.xlsx", out)


# ------------------------------------------------------------------ the family agrees and cites


def test_nda_and_every_pledge_cite_the_main_contract(family: tuple[Path, PackResult]) -> None:
    out, pack = family
    nda = _text(pack.folder / "nda.docx")
    assert f"《业务流程外包服务合同》（合同编号：{MAIN}，以下简称“主合同”）" in nda
    assert f"本协议有效期至主合同（合同编号：{MAIN}）期满或者终止之日止" in nda
    assert "有效期为3年" not in nda and "有效期为" not in nda
    for p in pack.pledges:
        text = _text(pack.folder / p.file)
        assert f"合同编号：{MAIN}" in text and "保密协议（编号：NDA-2026-0042）" in text, p.file
        assert f"承诺书编号：{MAIN}-P{p.number:03d}" in text
    single = _text(out / "BPO-2026-0007-P001" / "pledge.docx")
    assert f"合同编号：{MAIN}" in single and "NDA-2026-0042" in single


def test_one_damages_figure_across_the_family(family: tuple[Path, PackResult]) -> None:
    out, pack = family
    contract = _text(out / MAIN / "contract.docx")
    figures = set(re.findall(r"违约金(人民币[\d,]+\.\d{2}元)", contract))
    assert figures == {"人民币100,000.00元"}  # the contract's one figure per breach of confidentiality
    assert "同一违约行为不因同时违反本合同和该保密协议而重复承担违约金" in _article(contract, "保密")
    nda = _text(pack.folder / "nda.docx")
    assert set(re.findall(r"违约金(人民币[\d,]+\.\d{2}元)", nda)) == figures
    liability = _article(nda, "违约责任")
    assert "按照主合同第二十条的约定向甲方支付违约金人民币100,000.00元" in liability
    assert "只计算一次，不重复承担" in liability
    closing = nda.split("第十六条")[-1]
    assert "与主合同第十五条同时适用" in closing and "不因同时违反主合同和本协议而重复承担违约金" in closing


def test_the_nda_takes_the_contract_s_figure_whatever_it_is(tmp_path: Path) -> None:
    """Not the example's figure: a contract with another one gives the NDA that one."""
    values = example_request("bpo_contract_bilingual.yaml").get("values", {})
    bpo = _request(tmp_path, "bpo_contract_bilingual.yaml", values={**values, "ld_confidentiality_per_breach": 250000})
    draft(bpo, tmp_path / "out")
    nda = load_request(EXAMPLES / "nda_pack_zh.yaml", out_dir=tmp_path / "out")
    assert isinstance(nda, NdaRequest) and nda.main_contract is not None
    assert nda.main_contract.confidentiality_damages == Decimal(250000)
    result = draft(EXAMPLES / "nda_pack_zh.yaml", tmp_path / "out")
    text = _text(result.folder / "nda.docx")
    assert "违约金人民币250,000.00元（大写：人民币贰拾伍万元整）" in text and "100,000.00" not in text


def test_terms_come_from_the_contract(family: tuple[Path, PackResult]) -> None:
    _, pack = family
    nda = _text(pack.folder / "nda.docx")
    term = _article(nda, "保密期限")
    assert "在主合同期满或者终止后继续有效5年" in term
    assert "依法不再构成商业秘密之时" in term  # trade secrets for as long as they remain secret (default variant)
    returning = _article(nda, "返还或销毁")
    assert ("（二） 主合同或者本协议期满或者终止的，自主合同第二十六条约定的交接及过渡协助完成之日起10日内。"
            in returning)
    # one period for returning and deleting data: the contract's
    assert "甲方数据（依主合同的定义）和个人信息，其返还、删除及期限适用主合同的约定" in returning
    pledge = _text(pack.folder / pack.pledges[0].file)
    # on-site staff, as the contract answers, at its place of service (review 2, N1)
    assert ("在主合同约定的服务地点，即贵公司客户服务中心（北京市朝阳区建国路88号），以及贵公司其他场所工作期间"
            in pledge)
    for p in pack.pledges[:2]:
        assert "继续有效5年" in _text(pack.folder / p.file)


# ------------------------------------------------------------------ disagreement is refused, naming both values


@pytest.mark.parametrize(("changes", "field", "ours", "theirs"), [
    ({"vendor": {"name": "深圳另一家客服有限公司", "uscc": "91440300MA5FBP001M", "address": "深圳",
                 "representative": "陈刚"}},
     "vendor.name", "深圳另一家客服有限公司", "深圳声联客服外包有限公司"),
    ({"project_name": "呼叫中心外包"}, "project_name", "呼叫中心外包", "客户服务热线外包"),
    ({"confidentiality_years": 3}, "confidentiality_years", "3", "5"),
    ({"effective_date": "2028-06-01"}, "effective_date", "2028-06-01", "2028-04-30"),
    ({"conditions": ["source_code_delivered", "onsite_staff"], "outsourcing": "it"}, "outsourcing", "it", "bpo"),
])
def test_a_pack_disagreeing_with_its_contract_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str], changes: dict, field: str,
                                                     ours: str, theirs: str) -> None:
    draft_main_contract(tmp_path / "out")
    request = _request(tmp_path, "nda_pack_zh.yaml", **changes)
    with pytest.raises(RequestError) as e:
        load_request(request, out_dir=tmp_path / "out")
    problem = next(p for p in e.value.problems if p.field == field)
    assert ours in problem.message and theirs in problem.message and MAIN in problem.message
    code, output = _run(monkeypatch, capsys, "nda-pack", str(request), "--roster", str(EXAMPLES / "roster.xlsx"),
                        "--out", str(tmp_path / "out"))
    assert code == 2
    assert f"[{field}]" in output and ours in output and theirs in output
    assert not (tmp_path / "out" / "NDA-2026-0042-pack").exists()


def test_no_drafted_main_contract_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    code, output = _run(monkeypatch, capsys, "draft", str(EXAMPLES / "pledge_zh.yaml"), "--out", str(tmp_path))
    assert code == 2
    assert "[main_contract]" in output and "no drafted contract 'BPO-2026-0007'" in output


def test_main_contract_by_path_beside_the_request(tmp_path: Path) -> None:
    folder = draft_main_contract(tmp_path / "drafts")
    request = _request(tmp_path, "pledge_zh.yaml", main_contract=f"drafts/{folder.name}/manifest.json")
    req = load_request(request)
    assert isinstance(req, PledgeRequest) and req.main_contract is not None
    assert req.main_contract.contract_no == MAIN and req.vendor.name.zh == "深圳声联客服外包有限公司"


def test_a_pledge_starting_before_the_contract_is_refused(tmp_path: Path) -> None:
    draft_main_contract(tmp_path)
    request = _request(tmp_path, "pledge_zh.yaml", pledgor={
        "name": "林晓", "id_number": "440305199603140231", "role": "客服专员", "start_date": "2026-04-27"})
    with pytest.raises(RequestError) as e:
        load_request(request, out_dir=tmp_path)
    (problem,) = e.value.problems
    assert problem.field == "pledgor.start_date" and "2026-04-27" in problem.message and "2026-05-01" in problem.message


def test_roster_rows_starting_before_the_contract_are_refused(tmp_path: Path) -> None:
    draft_main_contract(tmp_path / "out")
    people = read_roster(EXAMPLES / "roster.xlsx")
    rows = [[i + 1, p.name, p.id_number, p.role, p.start_date.isoformat()] for i, p in enumerate(people[:3])]
    rows[1][4] = "2026-04-27"
    roster = write_roster(tmp_path / "r.csv", rows)
    with pytest.raises(RosterError) as e:
        build_pack(EXAMPLES / "nda_pack_zh.yaml", roster, tmp_path / "out")
    (problem,) = e.value.problems
    assert problem.line == 3 and "2026-04-27" in problem.message and "2026-05-01" in problem.message
    result = build_pack(EXAMPLES / "nda_pack_zh.yaml", roster, tmp_path / "out", skip_invalid=True)
    assert len(result.pledges) == 2 and result.skipped_rows == [3]


def test_a_roster_row_with_another_pledge_of_the_same_person_is_flagged(tmp_path: Path) -> None:
    """pledge_zh.yaml and the roster once gave 林晓 two ID numbers and start dates (P2-13)."""
    out = tmp_path / "out"
    draft_main_contract(out)
    other = _request(tmp_path, "pledge_zh.yaml", pledgor={
        "name": "林晓", "id_number": "110101199003071233", "role": "客服专员", "start_date": "2026-05-01"})
    draft(other, out)
    result = build_pack(EXAMPLES / "nda_pack_zh.yaml", EXAMPLES / "roster.xlsx", out)
    (note,) = [n for n in result.notes if "林晓" in n]
    assert "BPO-2026-0007-P001" in note and "110101********1233" in note and "440305********0231" in note
    assert "2026-05-01" in note and "2026-05-06" in note


def test_the_shipped_pledge_and_roster_agree(family: tuple[Path, PackResult]) -> None:
    """林晓's standalone pledge and her roster row: the same person, so the pack skips her (N23), no conflict."""
    _, pack = family
    assert [n for n in pack.notes if "already has pledge" in n] == [
        "row 2: 林晓 already has pledge BPO-2026-0007-P001 under BPO-2026-0007 (in BPO-2026-0007-P001/); no second "
        "pledge is made for the same person"]


def test_fast_pledges_of_a_family_are_the_normal_ones(family: tuple[Path, PackResult], library: Library) -> None:
    out, _ = family
    nda = load_request(EXAMPLES / "nda_pack_zh.yaml", out_dir=out)
    assert isinstance(nda, NdaRequest)
    base = pledge_base(nda)
    compiled = compile_pledge(library, base)
    for number, person in enumerate(read_roster(EXAMPLES / "roster.xlsx")[:3], start=1):
        no = pledge_contract_no(nda, number)
        assert compiled.fill(pledge_values(base, person, no)) == naive_pledge(library, base, person, no)


def test_manifests_record_the_family(family: tuple[Path, PackResult]) -> None:
    import json

    out, pack = family
    facts = json.loads((out / MAIN / "manifest.json").read_text(encoding="utf-8"))["contract"]
    assert facts["term"] == {"start": "2026-05-01", "end": "2028-04-30"} and facts["confidentiality_years"] == 5
    assert facts["confidentiality_damages"] == "100000" and facts["damages_article"] == 20
    assert "onsite_staff" in facts["conditions"] and facts["service_location"]["zh"].startswith("甲方客户服务中心")
    assert json.loads((pack.folder / "manifest.json").read_text(encoding="utf-8"))["main_contract"][
        "contract_no"] == MAIN
    pledge = json.loads((out / "BPO-2026-0007-P001" / "manifest.json").read_text(encoding="utf-8"))
    assert pledge["main_contract"]["contract_no"] == MAIN and pledge["pledge"]["id_number"] == "440305********0231"


# ------------------------------------------------------------------ the NDAs' wording (P2-12)


def test_nda_one_effective_date_covering_earlier_disclosure(drafted: dict[str, Path]) -> None:
    text = _text(drafted["nda_pack_zh.yaml"])
    assert "于2026年4月20日订立" not in text
    assert "自2026年4月20日起生效（签署日晚于该日期的，仍自该日期起适用）" in text
    assert "本协议生效前一方已向对方披露或者对方已经知悉的保密信息，同样适用本协议" in text
    en = "\n".join(p.text for p in Document(str(drafted["nda_mutual_en.yaml"])).paragraphs)
    assert "on 15 February 2026 and agree" not in en and "takes effect on 15 February 2026" in en


def test_one_way_nda_non_solicitation_asks_the_client(drafted: dict[str, Path]) -> None:
    text = _text(drafted["nda_pack_zh.yaml"])
    assert "未经对方事先书面同意，乙方不得" not in text and "未经甲方事先书面同意，乙方不得" in text


def test_mutual_nda_is_bilingual_chinese_prevailing(drafted: dict[str, Path]) -> None:
    text = _text(drafted["nda_mutual_en.yaml"])
    assert text.startswith("相互保密协议") and "以中文文本为准" in text and "the Chinese text shall prevail" in text
    assert "this Confidentiality Agreement" not in text and "this Mutual Non-Disclosure Agreement" in text


def test_mutual_nda_review_points(drafted: dict[str, Path]) -> None:
    text = _text(drafted["nda_mutual_en.yaml"])
    # 2.4: the company inspects the vendor, not the other way round
    assert "披露方有权在合理范围内检查接收方" not in text and "乙方无权检查甲方的场所、信息系统或者账簿资料" in text
    # 4.2: the pledge duty is explained for the company's own staff
    assert "甲方参与合作目的的人员受其劳动合同和甲方保密制度的约束" in text
    # 9.1: no ownership of third parties' personal data
    assert "保密信息及其载体均为披露方的财产" not in text and "其权益依法属于个人信息主体" in text
    # 13.2: survival names governing law and notices; a notices article with an address for service
    heads = [p.text for p in Document(str(drafted["nda_mutual_en.yaml"])).paragraphs
             if p.style is not None and p.style.name == "Heading 1"]
    assert heads
    number = {h.split()[1]: h.split()[0] for h in heads}  # "第十五条 适用法律  Article 15 Governing Law"
    survival = _article(text, "义务存续")
    assert number["适用法律"] in survival and number["通知与送达"] in survival
    assert "接收法律文书的送达地址" in _article(text, "通知与送达")


def test_trade_secrets_last_as_long_as_they_are_secret(drafted: dict[str, Path]) -> None:
    text = _text(drafted["nda_mutual_en.yaml"])
    term = _article(text, "保密期限")
    assert "依法不再构成商业秘密之时，不受前款期限的限制" in term and "本协议期满或终止后继续有效3年" in term


# ------------------------------------------------------------------ the pledges' wording (P2-13)


def test_pledge_review_points(family: tuple[Path, PackResult]) -> None:
    _, pack = family
    text = _text(pack.folder / pack.pledges[0].file)
    assert text.split("\n")[1] == "致：北京示例科技股份有限公司（以下简称“贵公司”）"
    assert "甲方" not in text and "本人单位" not in text.replace("本人所在单位", "")
    assert "一式两份" not in text and "一式三份，贵公司、本人所在单位和本人各执一份" in text
    assert "第二十三条" in text and "单独同意本人所在单位向贵公司提供本人的上述个人信息" in text
    assert "账号登录、访问和操作日志、运维操作会话录像（如有）以及门禁记录" in text  # logging is told, PIPL art. 17
    assert "合规、审计部门，或者向有关主管部门、监管机关如实反映违法违规行为的，不受本承诺书的限制" in text
    assert "本人所在单位确认" in text and "本人所在单位（盖章）：深圳声联客服外包有限公司" in text


def test_a_party_given_in_part_is_completed_from_the_contract(tmp_path: Path) -> None:
    draft_main_contract(tmp_path / "out")
    request = _request(tmp_path, "nda_pack_zh.yaml", vendor={"name": "深圳声联客服外包有限公司"})
    nda = load_request(request, out_dir=tmp_path / "out")
    assert nda.vendor.uscc == "91440300MA5FBP001M" and nda.vendor.representative.zh == "陈刚"
