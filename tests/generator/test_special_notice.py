"""Legal review 1, P1-5 and P1-9: the 特别提示, the marked sentences, the one-sided texts and the integrity article.

The 特别提示 opens every service contract and names, by reference, the articles that exclude or limit a
party's liability or rights; each of them holds sentences drafted bold and underlined (the clause texts
mark them ``**…**``). Checked on the shipped contracts and on a request unlike them.
"""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest

from clause_library.lint import check_library
from clause_library.loader import Library
from clause_library.models import Text
from tests.conftest import example_request
from tests.generator.docx_articles import Articles, drafted_docx, emphasised, read_articles

CONTRACTS = ["it_contract_zh.yaml", "bpo_contract_bilingual.yaml", "hr_payroll_zh.yaml"]
# What the special notice names, by the article's category, and a sentence of it that must be marked.
MARKED = {
    # legal review 2, N12: service credits (2.6), set-off (6.8), payment suspended on an unremedied finding
    # (11.4) and for a breach (19.3(二)), the cost cap on termination for convenience (25.2(二)), and the
    # withholding until handover (26.3)
    "service_standards": "甲方有权按照附件三《服务质量考核表》所列扣减比例，在该考核期服务费用中扣减相应金额",
    "payment": "甲方有权从应付乙方的任何款项中直接扣除",
    "audit_rights": "甲方有权暂停支付与整改事项直接相关的款项",
    "breach_liability": "暂停支付与违约事项相关的服务费用，直至乙方纠正违约行为",
    "post_termination_services": "交接完成并经甲方书面确认前，甲方有权暂缓支付与交接事项直接相关的剩余款项",
    "service_term": "乙方未及时通知的，无权主张顺延。",
    "renewal": "乙方不得因此要求甲方给予任何补偿。",
    "evaluation": "甲方有权扣减",
    "liability_cap": "累计总额不超过",
    "termination": "乙方不得单方解除本合同",
    "termination_for_convenience": "其他费用、赔偿或者违约责任，包括",
    "termination_for_convenience#cost_cap": "累计不超过3个月的服务费用（按照服务费用总额在服务期限内平均分摊计算）",
    "integrity": "甲方有权书面通知乙方立即解除本合同，无需给予纠正期限",
}



def _other_request() -> dict[str, Any]:
    """An IT request unlike the example: court, mutual termination for convenience, vendor-friendly cap."""
    data = copy.deepcopy(example_request("it_contract_zh.yaml"))
    data["contract_no"] = "IT-2026-0999"
    data["onsite_staff"] = True
    data["variants"] = {"liability_cap": "vendor_friendly", "termination_for_convenience": "mutual",
                        "dispute_resolution": "court", "evaluation": "monthly"}
    data["values"] = {"integrity_report_email": "compliance@other.example.cn", "integrity_damages_multiple": 3}
    return data


@pytest.fixture(scope="module")
def contracts(library: Library) -> dict[str, Articles]:
    out = {name: read_articles(drafted_docx(library, example_request(name))) for name in CONTRACTS}
    out["other"] = read_articles(drafted_docx(library, _other_request()))
    return out


def _numbers(library: Library, arts: Articles) -> dict[str, str]:
    """Category → article number ("第七条"), from the headings the library gives each category."""
    out = {}
    for number, heading in arts.heading.items():
        for clause in library.clauses.values():
            if heading in (clause.title.zh, *(v.title.zh for v in clause.variants if v.title)):
                out[clause.category] = number
    return out


@pytest.mark.parametrize("name", [*CONTRACTS, "other"])
def test_special_notice_names_the_marked_articles(name: str, contracts: dict[str, Articles],
                                                   library: Library) -> None:
    arts = contracts[name]
    notice = [p for p in arts.preamble if p.text.startswith("特别提示：")]
    assert len(notice) == 1, "the 特别提示 opens the contract"
    parties = next(i for i, p in enumerate(arts.preamble) if p.text.startswith("甲方（委托方）"))
    assert arts.preamble.index(notice[0]) < parties, "the 特别提示 comes before the parties"
    items = arts.preamble[arts.preamble.index(notice[0]) + 1: parties]
    named = [m for p in items for m in re.findall(r"第[一二三四五六七八九十百]+条", p.text)]
    numbers = _numbers(library, arts)
    assert sorted(named) == sorted({numbers[c.split("#")[0]] for c in MARKED}), (named, numbers)
    for key, sentence in MARKED.items():
        category = key.split("#")[0]
        marked = [span for p in arts.paras[numbers[category]] for span in emphasised(p)]
        assert any(sentence in span for span in marked), (category, marked)
    # and nothing outside the named articles is marked
    for number, paras in arts.paras.items():
        if number not in named:
            assert not [s for p in paras for s in emphasised(p)], number


def test_bilingual_contract_marks_the_english_too(contracts: dict[str, Articles], library: Library) -> None:
    arts = contracts["bpo_contract_bilingual.yaml"]
    cap = arts.paras[_numbers(library, arts)["liability_cap"]]
    english = [s for p in cap for s in emphasised(p) if "aggregate liability" in s]
    assert english, "the English cap sentence is marked too"
    notice = next(p for p in arts.preamble if p.text.startswith("Special notice:"))
    assert notice is not None


def test_the_one_sided_texts_the_review_quotes(contracts: dict[str, Articles], library: Library) -> None:
    bpo = contracts["bpo_contract_bilingual.yaml"]
    text = bpo.all_text()
    numbers = _numbers(library, bpo)
    # BPO 21.2: the Client's liability capped at its own unpaid fees
    assert "不超过甲方依照本合同应付而未付的服务费用" not in text
    assert "甲方在本合同项下承担的赔偿责任累计总额不超过本合同总价款" in bpo.text(numbers["liability_cap"])
    # BPO 25.2: nothing but accepted services, whatever art. 933 says; 25.3: demobilisation costs
    tfc = bpo.text(numbers["termination_for_convenience"])
    assert "已经提供并经甲方验收合格的服务的费用" not in tfc
    assert "《中华人民共和国民法典》第九百三十三条" in tfc and "撤场" in tfc and "不可撤销的第三方采购承诺" in tfc
    # BPO 10.3: the review result is final
    assert "复核结果为最终考核结果" not in text and "the result of the review is final" not in text
    evaluation = bpo.text(numbers["evaluation"])
    assert f"可以依照本合同{numbers['dispute_resolution']}的约定解决" in evaluation


def test_integrity_article(contracts: dict[str, Articles], library: Library) -> None:
    for name, arts in contracts.items():
        numbers = _numbers(library, arts)
        text = arts.text(numbers["integrity"])
        assert "任何一方及其工作人员均不得有下列行为" in text, name
        assert "投资、任职、借贷、亲属或者其他利害关系" in text
        assert f"按照{numbers['audit_rights']}约定的期限保存" in text
        assert f"不受{numbers['liability_cap']}约定的责任上限的限制" in text
        assert "不合格供应商名单" in text
        rights = arts.text(numbers["rights_obligations"])
        assert "不得向甲方工作人员提供或者承诺提供回扣" not in rights
        assert f"履行本合同{numbers['integrity']}约定的廉洁义务" in rights
    other = contracts["other"].text(_numbers(library, contracts["other"])["integrity"])
    assert "compliance@other.example.cn" in other and "金额的3倍" in other
    assert "integrity@client.example.cn" in contracts["it_contract_zh.yaml"].all_text()


def test_the_reporting_mailbox_is_required(library: Library) -> None:
    from clause_library.errors import RequestError

    data = _other_request()
    data["values"] = {}
    with pytest.raises(RequestError) as info:
        drafted_docx(library, data)
    assert any(p.field == "values.integrity_report_email" for p in info.value.problems), str(info.value)


def test_markers_typed_into_a_request_stay_text(library: Library) -> None:
    data = _other_request()
    data["project_name"] = "A**B**C 系统运维"
    doc = drafted_docx(library, data)
    scope = next(p for p in doc.paragraphs if "A**B**C 系统运维" in p.text and "信息技术外包服务" in p.text)
    assert not emphasised(scope)


def test_lint_finds_unpaired_and_unmatched_markers(library: Library) -> None:
    lib = copy.copy(library)
    clause = library.clauses["svc.non_solicitation"]
    body = clause.body
    assert body is not None
    broken = {
        "unpaired": Text(zh=body.zh.replace("。", "。**", 1), en=body.en.replace(".", ".**", 1) + "**"),
        "unmatched": Text(zh="**" + body.zh.replace("\n", "**\n", 1), en=body.en),
    }
    for what, text in broken.items():
        lib.clauses = {**library.clauses, clause.id: clause.model_copy(update={"body": text})}
        messages = [p.message for p in check_library(lib) if "non_solicitation" in p.message]
        want = "unpaired emphasis marker" if what == "unpaired" else "emphasise a different number"
        assert any(want in m for m in messages), (what, messages)

