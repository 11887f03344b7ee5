"""Issue 13: the paper of a contract's life. A change agreement and a termination agreement recompute their
figures exactly from the main contract (awkward amounts: fen rounding, several instalments, deductions) and
refuse inconsistent input with a message naming the field; later family documents read the main contract as
the change agreements left it."""

from __future__ import annotations

import re
import shutil
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from docx import Document

from clause_library.errors import RequestError
from clause_library.figures import capital_amount
from contracts.cli import main
from generator.draft import draft
from generator.lifecycle import settle
from generator.request import ChangeAgreementRequest, TerminationAgreementRequest, load_request
from tests.conftest import EXAMPLES, draft_example, example_request

MAIN = "IT-2026-0001"


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The IT contract drafted as the demo does: the main contract of the shipped change and termination."""
    folder = tmp_path_factory.mktemp("lifecycle")
    draft_example("it_contract_zh.yaml", folder)
    return folder


def _write(tmp: Path, name: str, data: dict[str, Any]) -> Path:
    path = tmp / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _text(path: Path) -> str:
    doc = Document(str(path))
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def _problems(excinfo: pytest.ExceptionInfo[RequestError]) -> str:
    return "\n".join(f"{p.field}: {p.message}" for p in excinfo.value.problems)


def _refused(out: Path, tmp: Path, name: str, data: dict[str, Any]) -> str:
    with pytest.raises(RequestError) as e:
        load_request(_write(tmp, name, data), out_dir=out)
    return _problems(e)


# ------------------------------------------------------------------ change agreement


def _change(**changes: Any) -> dict[str, Any]:
    data = example_request("change_it_zh.yaml")
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _own_family(out: Path, tmp: Path) -> Path:
    """A copy of the drafted main contract in ``tmp``: a change drafted there changes no other test's contract."""
    shutil.copytree(out / MAIN, tmp / MAIN)
    return tmp


def test_the_change_agreement_quotes_the_old_text_and_recomputes_the_price(out: Path, tmp_path: Path) -> None:
    out = _own_family(out, tmp_path / "out")
    req = load_request(_write(tmp_path, "c.yaml", _change()), out_dir=out)
    assert isinstance(req, ChangeAgreementRequest)
    text = _text(draft(_write(tmp_path, "c.yaml", _change()), out).folder / "change-agreement.docx")
    # the old text is the main contract's paragraph 1.1 as drafted, quoted whole (its own quotes become ‘…’)
    old = req.main_contract.texts["1.1"][next(iter(req.main_contract.texts["1.1"]))]
    assert old.split("\n")[0].replace("“", "‘").replace("”", "’") in text
    # the contract's other paragraphs stating the old end of term and the old price change with them
    assert "主合同第14.5款、第24.1款中载明的服务期限届满日2027年3月31日，均相应变更为2027年6月30日" in text
    assert "主合同第21.1款中载明的原合同总价款金额，均相应变更为变更后的服务费用总额" in text
    assert "变更后的服务费用按以下方法计算：原服务费用总额人民币1,200,000.00元" in text
    # price 1,200,000.00 -> 1,463,333.33: the difference and the VAT split (6 %, inclusive) to the fen
    assert "由人民币1,200,000.00元（大写：人民币壹佰贰拾万元整）变更为人民币1,463,333.33元" in text
    assert f"增加人民币263,333.33元（大写：人民币{capital_amount(Decimal('263333.33'))}）" in text
    net = (Decimal("1463333.33") / Decimal("1.06")).quantize(Decimal("0.01"))
    assert net == Decimal("1380503.14")
    assert "不含增值税价款为人民币1,380,503.14元" in text and "增值税额为人民币82,830.19元" in text
    assert net + Decimal("82830.19") == Decimal("1463333.33")
    # the payment schedule as changed: five rows adding up to the new price, and its total in capitals
    assert "附件一 变更后付款计划" in text
    assert f"人民币1,463,333.33元（大写：人民币{capital_amount(Decimal('1463333.33'))}）" in text
    assert "2026年4月1日起至2027年3月31日止，变更为2026年4月1日起至2027年6月30日止" in text


@pytest.mark.parametrize(("changes", "says"), [
    ({"payment_schedule": None}, "give the whole payment schedule as changed"),
    ({"price": 1463333.34}, "add up to 1,463,333.33, not the new price 1,463,333.34"),
    ({"price": 1200000.00}, "is the main contract's price already"),
    ({"term_end": "2026-03-01"}, "the term would end before it starts"),
    ({"effective_date": "2027-09-01"}, "outside the main contract"),
    ({"changes": [{"article": "99.9", "new": "x"}]}, "has no article or numbered paragraph '99.9'"),
    ({"changes": [{"article": "1", "new": "x"}, {"article": "1.1", "new": "y"}]}, "changed twice"),
    ({"language": "bilingual"}, "drafted in zh only"),
    ({"changes": [], "price": None, "payment_schedule": None, "term_end": None}, "nothing changes"),
])
def test_an_inconsistent_change_is_refused_naming_the_field(out: Path, tmp_path: Path, changes: dict[str, Any],
                                                            says: str) -> None:
    data = _change(**{k: v for k, v in changes.items() if v is not None})
    for k, v in changes.items():
        if v is None:
            data.pop(k, None)
    problems = _refused(out, tmp_path, "c.yaml", data)
    assert says in problems, problems


def test_instalments_in_fen_that_do_not_add_up_name_payment_schedule(out: Path, tmp_path: Path) -> None:
    data = _change()
    data["payment_schedule"][3]["amount"] = 263333.32  # one fen short
    problems = _refused(out, tmp_path, "c.yaml", data)
    assert "payment_schedule" in problems and "1,463,333.32" in problems and "1,463,333.33" in problems


# ------------------------------------------------------------------ termination and settlement


def _termination(**changes: Any) -> dict[str, Any]:
    """The shipped termination with a settlement of awkward amounts: fees in three quarters, two instalments
    paid, a deduction, liquidated damages and a deposit returned, each with its fen."""
    data = example_request("termination_it_zh.yaml")
    data["settlement"] = {
        "fees_earned": [{"item": "2026年第一季度服务费", "amount": 300000.00},
                        {"item": "2026年第二季度服务费", "amount": 300000.00},
                        {"item": "2026年第三季度服务费", "amount": 300000.00}],
        "paid": 840000.00,
        "deductions": [{"item": "第二季度服务质量考核扣减", "amount": 4567.89}],
        "liquidated_damages": [{"item": "违约金", "amount": 10000.00}],
        "deposits_returned": [{"item": "履约保证金退还", "amount": 30000.01}],
        "due_days": 30}
    data.update(changes)
    return data


def test_the_settlement_sums_exactly_and_says_who_pays(out: Path, tmp_path: Path) -> None:
    out = _own_family(out, tmp_path / "out")
    path = _write(tmp_path, "t.yaml", _termination())
    req = load_request(path, out_dir=out)
    assert isinstance(req, TerminationAgreementRequest)
    f = settle(req.settlement)
    # 900,000.00 - 840,000.00 - 4,567.89 - 10,000.00 + 30,000.01: no rounding anywhere
    assert f.balance == Decimal("75432.12")
    text = _text(draft(path, out).folder / "termination-agreement.docx")
    assert ("起30日内，向乙方支付结算余额人民币75,432.12元"
            f"（大写：人民币{capital_amount(f.balance)}）") in text
    # the client pays after the handover, the deletion confirmation and a valid invoice for the fees
    assert "甲方应自交接完成、收到第三条约定的书面删除确认及乙方依照主合同第七条的约定开具的合法有效发票之日" in text
    for figure in ("900,000.00", "840,000.00", "4,567.89", "10,000.00", "30,000.01"):
        assert figure in text
    assert "附件一 清算确认书" in text and "附件二 交接清单" in text
    # every handover row has its receipt columns
    doc = Document(str(out / "IT-2026-0001-ZZ" / "termination-agreement.docx"))
    handover = next(t for t in doc.tables if "接收人（签字）" in t.rows[0].cells[-2].text)
    assert len(handover.rows) == 1 + len(req.handover.items)


def test_a_balance_owed_by_the_vendor_is_paid_by_the_vendor(out: Path, tmp_path: Path) -> None:
    out = _own_family(out, tmp_path / "out")
    data = _termination()
    data["settlement"]["paid"] = 900000.00
    data["settlement"]["deposits_returned"] = []
    path = _write(tmp_path, "t.yaml", data)
    req = load_request(path, out_dir=out)
    assert isinstance(req, TerminationAgreementRequest)
    assert settle(req.settlement).balance == Decimal("-14567.89")
    text = _text(draft(path, out).folder / "termination-agreement.docx")
    assert "乙方应于本协议生效之日起30日内向甲方支付结算余额人民币14,567.89元" in text
    assert "结算余额：乙方应向甲方支付" in text


@pytest.mark.parametrize(("change", "says"), [
    (lambda d: d.update(termination="expiry", ground=None, ground_detail=None), "is not the end of the main contract"),
    (lambda d: d.update(ground=None), "states its ground"),
    (lambda d: d.update(ground="vendor_breach", ground_detail=None), "ground_detail"),
    (lambda d: d.update(termination_date="2027-05-01"), "not within the main contract"),
    (lambda d: d["settlement"]["fees_earned"].append({"item": "x", "amount": 400000.00}),
     "settlement.fees_earned add up to 1,300,000.00, more than the main contract's price 1,200,000.00"),
    (lambda d: d["handover"].update(date="2027-06-30"), "handover.date"),
    (lambda d: d["handover"].update(items=[i for i in d["handover"]["items"] if i["category"] != "access"]),
     "lists no access row"),
    (lambda d: d["settlement"]["deductions"].append({"item": "x", "amount": 0.001}), "at most two decimals"),
])
def test_an_inconsistent_termination_is_refused(out: Path, tmp_path: Path, change: Any, says: str) -> None:
    data = _termination()
    change(data)
    data = {k: v for k, v in data.items() if v is not None}
    assert says in _refused(out, tmp_path, "t.yaml", data)


def test_later_documents_read_the_main_contract_as_changed(tmp_path: Path) -> None:
    draft_example("it_contract_zh.yaml", tmp_path)
    draft(EXAMPLES / "change_it_zh.yaml", tmp_path)
    # the term now ends on 2027-06-30: an expiry then is right, on the old end wrong
    expiry = _termination(termination="expiry", termination_date="2027-06-30")
    expiry.pop("ground")
    expiry.pop("ground_detail")
    expiry["handover"]["date"] = "2027-07-10"
    req = load_request(_write(tmp_path, "t.yaml", expiry), out_dir=tmp_path)
    assert isinstance(req, TerminationAgreementRequest)
    assert req.main_contract.amended_by == ["IT-2026-0001-BG01"]
    assert req.main_contract.price is not None and req.main_contract.price.amount == Decimal("1463333.33")
    text = _text(draft(_write(tmp_path, "t.yaml", expiry), tmp_path).folder / "termination-agreement.docx")
    assert "经编号为IT-2026-0001-BG01的变更协议变更" in text and "至2027年6月30日止" in text
    # a second change quotes paragraph 1.1 as the first one left it, and the price it set
    second = _change(contract_no="IT-2026-0001-BG02", effective_date="2027-01-01", reason="服务范围再次调整",
                     changes=[{"article": "1.1", "new": "第二次变更后的服务范围。"}])
    for key in ("price", "payment_schedule", "term_end"):
        second.pop(key)
    req2 = load_request(_write(tmp_path, "c2.yaml", second), out_dir=tmp_path)
    assert isinstance(req2, ChangeAgreementRequest)
    assert "每月至少一次" in req2.main_contract.texts["1.1"][next(iter(req2.main_contract.texts["1.1"]))]


def test_a_family_document_without_its_main_contract_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    data = _termination()
    data.pop("main_contract")
    monkeypatch.setattr(sys, "argv", ["contracts", "draft", str(_write(tmp_path, "t.yaml", data)), "--out",
                                      str(tmp_path / "o")])
    with pytest.raises(SystemExit) as info:
        main()
    said = capsys.readouterr()
    assert info.value.code == 2
    assert "main_contract" in said.err and "made for a main service contract" in said.err
    assert "Traceback" not in said.err and not (tmp_path / "o").exists()
    assert re.search(r"t\.yaml", said.err)


@pytest.mark.parametrize(("name", "values", "says"), [
    ("security_it_zh.yaml", {"incident_notice_hours": 4}, "the request says 4 but the main contract"),
    ("security_it_zh.yaml", {"rectification_days": 30}, "the request says 30 but the main contract"),
    ("integrity_it_zh.yaml", {"integrity_report_email": "other@example.cn", "integrity_report_phone": "010-1"},
     "the request says 'other@example.cn' but the main contract"),
    ("integrity_it_zh.yaml", {"integrity_damages_min": 1000, "integrity_report_phone": "010-1"},
     "the request says 1000 but the main contract"),
])
def test_a_family_document_repeats_the_contracts_periods_and_regime(out: Path, tmp_path: Path, name: str,
                                                                     values: dict[str, Any], says: str) -> None:
    """One number for each period and one integrity regime across the family: the contract's values are taken,
    another is refused naming the field."""
    data = example_request(name)
    req = load_request(_write(tmp_path, name, data), out_dir=out)
    for key in values:
        if key != "integrity_report_phone":
            assert str(req.values[key]) == str(req.main_contract.values[key])
    data["values"] = values
    problems = _refused(out, tmp_path, name, data)
    assert says in problems and f"values.{next(iter(values))}" in problems


def test_a_bilingual_change_quotes_both_texts_and_its_quotes_cite_the_main_contract(tmp_path: Path) -> None:
    """A change to the bilingual BPO contract: old and new text in both languages; a price that falls reads
    "a decrease"; the schedules the quoted old text names are the main contract's, not missing ones."""
    from review.review import review_document
    from tests.conftest import ROOT

    draft_example("bpo_contract_bilingual.yaml", tmp_path)
    data = yaml.safe_load((ROOT / "tests" / "data" / "change_bpo_bilingual.yaml").read_text(encoding="utf-8"))
    data["price"] = 3599999.99
    data["payment_schedule"][-1]["amount"] = 199999.99  # 3,400,000.00 + 199,999.99
    text = _text(draft(_write(tmp_path, "c.yaml", data), tmp_path).folder / "change-agreement.docx")
    assert 'Clause 2.1 of the Main Contract, which read: "2.1 The Vendor shall provide the Services' in text
    assert "主合同第2.1款原约定为：“2.1 乙方应按照本合同、附件二《服务水平》" in text
    assert "a decrease of RMB 0.01 (RMB one fen only)" in text  # not "zero yuan and one fen"
    assert "减少人民币0.01元（大写：人民币壹分）" in text
    report = review_document(tmp_path / "BPO-2026-0007-BG01" / "change-agreement.docx")
    assert not report.blockers
    assert not [f for f in report.findings if f.check == "dangling_reference"], report.findings


@pytest.mark.parametrize("keep", [("changes",), ("term_end",), ("price", "payment_schedule")])
def test_a_change_of_only_text_term_or_price_drafts_and_reviews(out: Path, tmp_path: Path,
                                                                keep: tuple[str, ...]) -> None:
    out = _own_family(out, tmp_path / "out")
    data = _change()
    for key in ("changes", "price", "payment_schedule", "term_end"):
        if key not in keep:
            data.pop(key)
    from review.review import review_document

    text = _text(draft(_write(tmp_path, "c.yaml", data), out).folder / "change-agreement.docx")
    assert ("原约定为" in text) == ("changes" in keep)
    assert ("变更为人民币1,463,333.33元" in text) == ("price" in keep)
    assert ("变更为2026年4月1日起至2027年6月30日止" in text) == ("term_end" in keep)
    assert not review_document(out / "IT-2026-0001-BG01" / "change-agreement.docx").blockers


def _schedules_change(**changes: Any) -> dict[str, Any]:
    """A change of the IT contract's service levels and personal information list alone."""
    it = example_request("it_contract_zh.yaml")
    levels = it["service_levels"]
    levels[0]["target"] = "每月不低于99.95%"
    data = _change(**changes)
    for key in ("changes", "price", "payment_schedule", "term_end", "price_basis"):
        data.pop(key, None)
    data["service_levels"] = levels
    pi = dict(it["personal_information"])
    pi["systems"] = [*pi["systems"], "异地灾备系统"]
    data["personal_information"] = pi
    return data


def test_a_change_replaces_the_service_levels_and_the_personal_information_list(out: Path, tmp_path: Path) -> None:
    from review.review import review_document

    out = _own_family(out, tmp_path / "out")
    folder = draft(_write(tmp_path, "c.yaml", _schedules_change()), out).folder
    text = _text(folder / "change-agreement.docx")
    assert "以附件一《变更后服务水平及考核表》为准" in text and "每月不低于99.95%" in text
    assert "主合同附件《委托处理个人信息清单》变更为附件二《变更后委托处理个人信息清单》" in text
    assert "异地灾备系统" in text and "个人信息保护影响评估" in text
    assert not review_document(folder / "change-agreement.docx").blockers
    # a later document reads the contract with them
    later = load_request(_write(tmp_path, "t.yaml", _termination()), out_dir=out)
    assert later.main_contract.personal_information is not None
    assert [t.zh for t in later.main_contract.personal_information.systems][-1] == "异地灾备系统"
    assert later.main_contract.service_levels[0].target.zh == "每月不低于99.95%"


def test_service_levels_that_cannot_be_scored_are_refused(out: Path, tmp_path: Path) -> None:
    data = _schedules_change()
    data["service_levels"][0]["weight"] = 20  # the weights now add up to 90
    assert "service_levels: weights add up to 90%, not 100%" in _refused(out, tmp_path, "c.yaml", data)


def test_a_contract_that_entrusts_no_personal_information_has_no_list_to_change(tmp_path: Path) -> None:
    it = example_request("it_contract_zh.yaml")
    it.update(personal_information_entrusted=False)
    it.pop("personal_information")
    draft(_write(tmp_path, "it.yaml", it), tmp_path)
    problems = _refused(tmp_path, tmp_path, "c.yaml", _schedules_change())
    assert "personal_information: the main contract IT-2026-0001 entrusts no personal information" in problems
