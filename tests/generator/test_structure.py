"""Legal review 2, N13, N22, N24 (BPO 21.1, 25.2(一)) and N25, read in the drafted .docx as a lawyer reads them.

- N13: every "有权按照本合同第二十四条的约定解除本合同" points to a ground art. 24 lists (acceptance failed twice,
  rectification not done in serious cases, HR: the pass-through guarantee, the licence warranty), and a ground is
  drafted only when the clause that refers to it is.
- N22: effectiveness, place, counterparts, schedules and 未尽事宜 are their own numbered article "其他 /
  Miscellaneous" (service contracts and NDAs), counterparts "本合同一式肆份，甲乙双方各执贰份，具有同等法律效力".
- N24: the strict cap states its amount without nested brackets; 25.2(一) says which calculation applies.
- N25: the arbitration clause names its seat.
Checked on the shipped requests and on requests unlike them.
"""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest

from clause_library.loader import Library
from clause_library.sandbox import capital_count
from tests.conftest import example_request
from tests.generator.docx_articles import Articles, drafted_docx, read_articles

CONTRACTS = ["it_contract_zh.yaml", "bpo_contract_bilingual.yaml", "hr_payroll_zh.yaml"]
_TERMINATE = re.compile(r"(?:按照|依照)本合同(第[一二三四五六七八九十]+条)的约定解除本合同")



def _hr_without_pass_through() -> dict[str, Any]:
    data = copy.deepcopy(example_request("hr_payroll_zh.yaml"))
    data["contract_no"] = "HR-2026-0998"
    data["pass_through_funds"] = False
    return data


def _other_it() -> dict[str, Any]:
    """An IT request unlike the example: three originals each, another seat, court for the cap test elsewhere."""
    data = copy.deepcopy(example_request("it_contract_zh.yaml"))
    data["contract_no"] = "IT-2026-0998"
    data.setdefault("values", {}).update({"signatures_copies_each": 3, "dispute_arbitration_seat": "上海",
                                          "dispute_arbitration_seat_en": "Shanghai"})
    data.setdefault("variants", {})["liability_cap"] = "strict"
    data["values"]["liability_cap_multiple"] = 1.5
    return data


@pytest.fixture(scope="module")
def docs(library: Library) -> dict[str, Articles]:
    out = {name: read_articles(drafted_docx(library, example_request(name))) for name in CONTRACTS}
    out["hr_no_funds"] = read_articles(drafted_docx(library, _hr_without_pass_through()))
    out["other_it"] = read_articles(drafted_docx(library, _other_it()))
    out["nda"] = read_articles(drafted_docx(library, example_request("nda_mutual_en.yaml")))
    return out


def _zh(arts: Articles, number: str) -> str:
    """The Chinese paragraphs of an article (a bilingual document alternates zh and en)."""
    return "\n".join(p.text for p in arts.paras[number] if re.search(r"[\u4e00-\u9fff]", p.text))


def _heading(arts: Articles, zh: str) -> str:
    found = [n for n, h in arts.heading.items() if h.split("  ")[0] == zh]
    assert len(found) == 1, (zh, arts.heading)
    return found[0]


# ------------------------------------------------------------------ N13
@pytest.mark.parametrize("key", [*CONTRACTS, "hr_no_funds", "other_it"])
def test_every_termination_reference_has_a_ground_in_the_termination_article(docs: dict[str, Articles],
                                                                             key: str) -> None:
    arts = docs[key]
    term = _heading(arts, "合同的解除与终止")
    grounds = _zh(arts, term)
    std, audit = _heading(arts, "服务标准与验收"), _heading(arts, "监督检查")
    # Each sentence that terminates "按照第二十四条" names the termination article ...
    refs = {m.group(1) for n in arts.paras for m in _TERMINATE.finditer(_zh(arts, n))}
    assert refs == {term}
    # ... and the grounds those sentences rely on are listed there, citing the article that holds them.
    assert "经两次验收仍不合格" in _zh(arts, std)
    assert f"依照{std}的约定经两次验收仍不合格的；" in grounds
    assert "情节严重的，甲方有权按照本合同" in _zh(arts, audit)
    assert f"乙方未在{audit}约定的期限内完成整改或者整改不符合要求，情节严重的；" in grounds
    hr = key.startswith("hr")
    assert "履约保函" not in grounds  # the guarantee is only in HR's vendor-payout variant (N2); not a ground yet
    assert ("人力资源服务许可或者备案被撤销" in grounds) is hr
    if hr:
        warranty = _heading(arts, "资质与质量保证")
        assert f"{warranty}第一款第（二）项所列情形的；" in grounds


# ------------------------------------------------------------------ N22
@pytest.mark.parametrize("key", [*CONTRACTS, "other_it"])
def test_closing_clauses_are_their_own_article(docs: dict[str, Articles], key: str) -> None:
    arts = docs[key]
    numbers = list(arts.heading)
    last = numbers[-1]
    assert arts.heading[last].split("  ")[0] == "其他"
    dispute = _heading(arts, "争议解决")
    assert numbers.index(dispute) < numbers.index(last)
    text = _zh(arts, last)
    for words in ("生效", "签署地为", "未尽事宜", "组成部分"):
        assert words in text, words
        assert words not in _zh(arts, dispute), words
    copies = "本合同一式陆份，甲乙双方各执叁份" if key == "other_it" else "本合同一式肆份，甲乙双方各执贰份"
    assert f"{copies}，具有同等法律效力。" in text
    assert "正本由甲乙双方各执" not in arts.all_text()
    if key == "bpo_contract_bilingual.yaml":
        assert last == "第三十三条" and arts.heading[last] == "其他"
        assert "in 4 originals, 2 for each Party" in arts.text(last)


def test_nda_closing_clauses_are_their_own_article(docs: dict[str, Articles]) -> None:
    arts = docs["nda"]
    last = list(arts.heading)[-1]
    assert arts.heading[last].split("  ")[0] == "其他"
    assert "生效" in _zh(arts, last) and "未尽事宜" in _zh(arts, last)
    assert "未尽事宜" not in _zh(arts, _heading(arts, "争议解决"))


def test_counts_in_capitals() -> None:
    assert [capital_count(n) for n in (1, 2, 4, 10, 12, 20)] == ["壹", "贰", "肆", "拾", "拾贰", "贰拾"]
    with pytest.raises(ValueError):
        capital_count(0)


# ------------------------------------------------------------------ N25
@pytest.mark.parametrize(("key", "seat"), [("it_contract_zh.yaml", "北京（Beijing）"),
                                           ("bpo_contract_bilingual.yaml", "北京（Beijing）"),
                                           ("hr_payroll_zh.yaml", "北京（Beijing）"), ("other_it", "上海（Shanghai）")])
def test_arbitration_names_its_seat(docs: dict[str, Articles], key: str, seat: str) -> None:
    arts = docs[key]
    text = arts.text(_heading(arts, "争议解决"))
    assert f"仲裁地为{seat}。" in text
    if key.startswith("bpo"):
        assert "The seat of arbitration is Beijing (北京)." in text


# ------------------------------------------------------------------ N24
_NESTED = re.compile(r"（[^（）]*（")


def test_strict_cap_states_the_amount_without_nested_brackets(docs: dict[str, Articles]) -> None:
    bpo = docs["bpo_contract_bilingual.yaml"]
    cap = bpo.text(_heading(bpo, "责任限制"))
    assert "本合同总价款的2倍，即人民币7,200,000.00元（大写：人民币柒佰贰拾万元整）。" in cap
    assert "2 times the total contract price, namely RMB 7,200,000.00" in cap
    assert "（即人民币" not in cap and not _NESTED.search(cap.split("\n")[0])
    other = docs["other_it"]  # 1.5 × RMB 1,200,000.00
    assert "本合同总价款的1.5倍，即人民币1,800,000.00元（大写：人民币壹佰捌拾万元整）。" in other.text(
        _heading(other, "责任限制"))


@pytest.mark.parametrize("key", CONTRACTS)
def test_convenience_termination_says_which_calculation_applies(docs: dict[str, Articles], key: str) -> None:
    arts = docs[key]
    text = _zh(arts, _heading(arts, "任意解除"))
    assert "或者实际提供服务的比例计算" not in text
    assert ("按照实际提供服务的比例计算，即服务费用总额乘以自服务期限开始之日至解除生效之日的天数占服务期限总天数的比例"
            in text)
