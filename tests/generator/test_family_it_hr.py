"""Families of IT and HR contracts (review 2 N19, policy 八(二)1: every vendor person signs a pledge): the
shipped NDA packs for IT-2026-0001's operations staff and HR-2026-0012's payroll staff cite their contract
by number and agree with it (parties, project, term, damages, periods, engagement facts), read in the drafted
.docx files; a request disagreeing with its contract is refused, naming both values."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from clause_library.errors import RequestError
from generator.draft import draft
from generator.pack import PackResult, build_pack
from generator.request import NdaRequest, PledgeRequest, load_request
from generator.roster import read_roster
from tests.conftest import EXAMPLES, draft_example, draft_main_contract, example_request
from tests.generator.test_family import _article, _request, _run, _text


@dataclass(frozen=True)
class Kind:
    contract: str  # the contract's example request
    pack: str  # the NDA's example request
    roster: str
    no: str  # the contract's number
    nda_no: str
    title: str
    vendor: str
    project: str


IT = Kind("it_contract_zh.yaml", "nda_pack_it_zh.yaml", "roster_it.csv", "IT-2026-0001", "NDA-2026-0036",
          "信息技术外包服务合同", "上海云服信息技术有限公司", "核心业务系统运维服务")
HR = Kind("hr_payroll_zh.yaml", "nda_pack_hr_zh.yaml", "roster_hr.csv", "HR-2026-0012", "NDA-2026-0058",
          "人力资源外包服务合同", "成都仁和人力资源服务有限公司", "员工薪酬核算与社保公积金代理服务")
KINDS = [pytest.param(IT, id="it"), pytest.param(HR, id="hr")]
HEADING = re.compile(r"^第([一二三四五六七八九十]+)条 (\S+)", re.M)


def _headings(text: str) -> dict[str, str]:
    """Article heading → its number as cited (第十五条)."""
    return {title: f"第{number}条" for number, title in HEADING.findall(text)}


@pytest.fixture(scope="module")
def families(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, PackResult]]:
    """The IT and HR contracts and their shipped NDA packs, drafted into one --out as the demo does."""
    out = tmp_path_factory.mktemp("families")
    packs = {}
    for kind in (IT, HR):
        draft_example(kind.contract, out)
        packs[kind.no] = build_pack(EXAMPLES / kind.pack, EXAMPLES / kind.roster, out)
    return out, packs


def _texts(families: tuple[Path, dict[str, PackResult]], kind: Kind) -> tuple[str, str]:
    """The drafted contract's text and its NDA's."""
    out, packs = families
    return _text(out / kind.no / "contract.docx"), _text(packs[kind.no].folder / "nda.docx")


# ------------------------------------------------------------------ the shipped families agree and cite


@pytest.mark.parametrize("kind", KINDS)
def test_the_nda_cites_its_contract_and_takes_its_parties_and_term(
        families: tuple[Path, dict[str, PackResult]], kind: Kind) -> None:
    contract, nda = _texts(families, kind)
    assert f"鉴于甲乙双方已签订《{kind.title}》（合同编号：{kind.no}，以下简称“主合同”）" in nda
    assert f"本协议有效期至主合同（合同编号：{kind.no}）期满或者终止之日止" in nda and "有效期为" not in nda
    # the parties' names, USCCs, addresses and representatives are the contract's, word for word
    for role in ("甲方", "乙方"):
        (block,) = [b for b in contract.split("\n\n") if re.match(rf"{role}（\w+方）：", b)] or [
            "\n".join(contract.split("\n")[i:i + 4]) for i, line in enumerate(contract.split("\n"))
            if re.match(rf"{role}（\w+方）：", line)][:1]
        name, *details = block.split("\n")
        assert f"{role}：{name.split('：', 1)[1]}" in nda.split("\n"), role
        assert len(details) == 3 and all(line in nda.split("\n") for line in details), (role, details)
    assert f"乙方：{kind.vendor}" in nda
    assert "在主合同期满或者终止后继续有效5年" in _article(nda, "保密期限")
    assert "至本合同期满或者终止后5年止" in _article(contract, "保密")  # the contract's survival: the same 5 years


@pytest.mark.parametrize("kind", KINDS)
def test_one_damages_regime_and_references_that_resolve(
        families: tuple[Path, dict[str, PackResult]], kind: Kind) -> None:
    contract, nda = _texts(families, kind)
    numbers = _headings(contract)
    figures = set(re.findall(r"违约金(人民币[\d,]+\.\d{2}元)", contract))
    assert figures == {"人民币100,000.00元"}
    assert set(re.findall(r"违约金(人民币[\d,]+\.\d{2}元)", nda)) == figures
    # the NDA's references to the contract's articles name the articles that say it
    assert f"按照主合同{numbers['违约金']}的约定向甲方支付违约金人民币100,000.00元" in _article(nda, "违约责任")
    assert "只计算一次，不重复承担" in _article(nda, "违约责任")
    assert "违约金人民币100,000.00元" in _article(contract, "违约金")
    assert f"与主合同{numbers['保密']}同时适用" in nda


@pytest.mark.parametrize("kind", KINDS)
def test_the_nda_repeats_the_contract_s_periods(families: tuple[Path, dict[str, PackResult]], kind: Kind) -> None:
    contract, nda = _texts(families, kind)
    months = re.search(r"终止或者解除后(\d+)个月内", _article(contract, "不招揽"))
    assert months and f"本协议期满或终止后{months.group(1)}个月内" in _article(nda, "不招揽")
    days = re.search(r"以寄出之日起(\d+)日届满之日为送达日", _article(contract, "通知与送达"))
    assert days and f"以寄出之日起{days.group(1)}日届满之日为送达日" in _article(nda, "通知与送达")
    assert "其返还、删除及期限适用主合同的约定" in _article(nda, "返还或销毁")
    # the incident periods the NDA takes (for its incident clause) are the contract's 2 and 24 hours
    req = load_request(EXAMPLES / kind.pack, out_dir=families[0])
    assert isinstance(req, NdaRequest)
    assert (req.values["incident_notice_hours"], req.values["incident_report_hours"]) == (2, 24)
    assert "在知悉后2小时内以电话或者电子邮件通知甲方，并在24小时内书面报告" in contract


@pytest.mark.parametrize("kind", KINDS)
def test_every_pledge_cites_the_contract_and_its_nda(families: tuple[Path, dict[str, PackResult]],
                                                     kind: Kind) -> None:
    out, packs = families
    pack = packs[kind.no]
    people = read_roster(EXAMPLES / kind.roster)
    assert len(pack.pledges) == len(people) >= 5
    facts = json.loads((out / kind.no / "manifest.json").read_text(encoding="utf-8"))["contract"]
    start, end = facts["term"]["start"], facts["term"]["end"]
    for p, person in zip(pack.pledges, people, strict=True):
        text = _text(pack.folder / p.file)
        assert f"已与贵公司签订《{kind.title}》（合同编号：{kind.no}，以下简称“主合同”）" in text, p.file
        assert f"保密协议（编号：{kind.nda_no}）" in text and f"承诺书编号：{kind.no}-P{p.number:03d}" in text
        assert f"系{kind.vendor}（以下简称“本人所在单位”）员工，担任{person.role}" in text
        assert f"参与贵公司的{kind.project}项目" in text
        assert "致：北京示例科技股份有限公司（以下简称“贵公司”）" in text
        assert "离开本项目" in text and "继续有效5年" in text
        assert f"本人所在单位（盖章）：{kind.vendor}" in text
        assert start <= person.start_date.isoformat() <= end
        # no on-site staff under these contracts (onsite_staff: no): no sentence about the client's premises
        assert "在贵公司场所（即主合同约定的服务地点）" not in text
    manifest = json.loads((pack.folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["main_contract"]["contract_no"] == kind.no


def test_a_pledge_drafted_alone_for_the_it_contract(families: tuple[Path, dict[str, PackResult]],
                                                    tmp_path: Path) -> None:
    out, _ = families
    person = read_roster(EXAMPLES / IT.roster)[1]
    # numbered after the IT pack's six pledges, IT-2026-0001-P001..P006 (one scheme per family, N23)
    request = _request(tmp_path, "pledge_zh.yaml", contract_no="IT-2026-0001-P007", main_contract=IT.no,
                       nda_no=IT.nda_no, pledgor={"name": person.name, "id_number": person.id_number,
                                                  "role": person.role, "start_date": person.start_date})
    req = load_request(request, out_dir=out)
    assert isinstance(req, PledgeRequest) and req.outsourcing is not None and req.outsourcing.value == "it"
    assert req.vendor.name.zh == IT.vendor and req.project_name.zh == IT.project
    text = _text(draft(request, out).folder / "pledge.docx")
    assert f"合同编号：{IT.no}" in text and f"保密协议（编号：{IT.nda_no}）" in text


# ------------------------------------------------------------------ any request, not only the examples


def test_another_it_contract_gives_its_nda_its_own_figures(tmp_path: Path) -> None:
    """A contract with other damages, non-solicitation and notice periods: the NDA says those, not the defaults."""
    values = example_request(IT.contract)["values"]
    contract = _request(tmp_path, IT.contract, values={
        **values, "ld_confidentiality_per_breach": 200000, "non_solicitation_months": 24, "notices_courier_days": 5,
        "incident_notice_hours": 1, "incident_report_hours": 12})
    out = tmp_path / "out"
    draft(contract, out)
    nda = _text(draft(EXAMPLES / IT.pack, out).folder / "nda.docx")
    assert "违约金人民币200,000.00元（大写：人民币贰拾万元整）" in nda and "100,000.00" not in nda
    assert "本协议期满或终止后24个月内" in _article(nda, "不招揽")
    assert "以寄出之日起5日届满之日为送达日" in _article(nda, "通知与送达")
    req = load_request(EXAMPLES / IT.pack, out_dir=out)
    assert isinstance(req, NdaRequest)
    assert (req.values["incident_notice_hours"], req.values["incident_report_hours"]) == (1, 12)


@pytest.mark.parametrize(("kind", "changes", "field", "ours", "theirs"), [
    (IT, {"vendor": {"name": "北京另一家运维有限公司"}}, "vendor.name", "北京另一家运维有限公司", IT.vendor),
    (IT, {"outsourcing": "bpo"}, "outsourcing", "bpo", "it"),
    (IT, {"conditions": ["onsite_staff"]}, "conditions", "onsite_staff", "no onsite_staff"),
    (IT, {"values": {"nda_non_solicit_months": 6}}, "values.nda_non_solicit_months", "says 6", "says 12"),
    (IT, {"values": {"nda_liquidated_damages": 50000}}, "values.nda_liquidated_damages", "says 50000",
     "says 100000"),
    (IT, {"values": {"nda_liquidated_damages_apply": False}}, "values.nda_liquidated_damages_apply", "says False",
     "liquidated damages of 100000 per breach"),
    (HR, {"project_name": "薪酬外包"}, "project_name", "薪酬外包", HR.project),
    (HR, {"effective_date": "2027-07-01"}, "effective_date", "2027-07-01", "2027-06-30"),
    (HR, {"values": {"incident_notice_hours": 24}}, "values.incident_notice_hours", "says 24", "says 2:"),
    (HR, {"confidentiality_years": 3}, "confidentiality_years", "3", "5"),
])
def test_a_pack_disagreeing_with_its_it_or_hr_contract_exits_2(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], kind: Kind,
        changes: dict[str, object], field: str, ours: str, theirs: str) -> None:
    out = tmp_path / "out"
    draft_example(kind.contract, out)
    request = _request(tmp_path, kind.pack, **changes)
    with pytest.raises(RequestError) as e:
        load_request(request, out_dir=out)
    problem = next(p for p in e.value.problems if p.field == field)
    assert ours in problem.message and theirs in problem.message and kind.no in problem.message
    code, output = _run(monkeypatch, capsys, "nda-pack", str(request), "--roster", str(EXAMPLES / kind.roster),
                        "--out", str(out))
    assert code == 2 and f"[{field}]" in output and ours in output and theirs in output
    assert not (out / f"{kind.nda_no}-pack").exists()


def test_a_pledge_citing_another_contract_s_nda_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    """A pledge under IT-2026-0001 citing the BPO contract's NDA NDA-2026-0042 (drafted in the same --out): refused,
    naming both contracts; citing the IT contract's own NDA (its pack) is accepted."""
    out = tmp_path / "out"
    draft_main_contract(out)
    build_pack(EXAMPLES / "nda_pack_zh.yaml", EXAMPLES / "roster.xlsx", out)
    draft_example(IT.contract, out)
    build_pack(EXAMPLES / IT.pack, EXAMPLES / IT.roster, out)
    person = read_roster(EXAMPLES / IT.roster)[0]
    pledgor = {"name": person.name, "id_number": person.id_number, "role": person.role,
               "start_date": person.start_date}
    wrong = _request(tmp_path, "pledge_zh.yaml", contract_no="IT-2026-0001-P007", main_contract=IT.no,
                     nda_no="NDA-2026-0042", pledgor=pledgor)
    with pytest.raises(RequestError) as e:
        load_request(wrong, out_dir=out)
    (problem,) = e.value.problems
    assert problem.field == "nda_no" and "BPO-2026-0007" in problem.message and IT.no in problem.message
    code, output = _run(monkeypatch, capsys, "draft", str(wrong), "--out", str(out))
    assert code == 2 and "[nda_no]" in output and not (out / "IT-2026-0001-P007").exists()
    right = _request(tmp_path, "pledge_zh.yaml", contract_no="IT-2026-0001-P007", main_contract=IT.no,
                     nda_no=IT.nda_no, pledgor=pledgor)
    assert isinstance(load_request(right, out_dir=out), PledgeRequest)
