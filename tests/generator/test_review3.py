"""Legal review 3 (docs/reviews/legal-review-3.md), R3-10: policy 三(一)4 asks every vendor to have no major
violation of law in the last three years. HR's warranty said so and its termination article acted on it; IT's and
BPO's did neither. Now every service contract warrants it (18.1(二)), says what happens when it proves untrue or a
major penalty or a blacklist follows during the term, and 24.2 gives the Client the ground to terminate for it.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from clause_library.loader import Library
from tests.conftest import example_request
from tests.generator.docx_articles import Articles, drafted_docx, read_articles

NO_VIOLATIONS = "乙方近三年内无重大违法违规记录，未被列入经营异常名录或者严重违法失信名单"


def _bpo_zh() -> dict[str, Any]:
    """A BPO request unlike the example: Chinese only, not an SME vendor."""
    data = copy.deepcopy(example_request("bpo_contract_bilingual.yaml"))
    data.update(contract_no="BPO-2026-0900", language="zh", sme_vendor=False)
    for party in ("client", "vendor"):
        data[party] = {k: (v["zh"] if isinstance(v, dict) and "zh" in v else v) for k, v in data[party].items()}
    for key in ("project_name", "service_location"):
        if isinstance(data.get(key), dict):
            data[key] = data[key]["zh"]
    return data


REQUESTS = {"IT": example_request("it_contract_zh.yaml"), "BPO": example_request("bpo_contract_bilingual.yaml"),
            "BPO-zh": _bpo_zh(), "HR": example_request("hr_payroll_zh.yaml")}


@pytest.fixture(scope="module")
def drafted(library: Library) -> dict[str, Articles]:
    return {name: read_articles(drafted_docx(library, data)) for name, data in REQUESTS.items()}


def _article(arts: Articles, heading: str) -> str:
    """The number of the one article whose heading contains ``heading`` (a bilingual heading holds both)."""
    (number,) = [n for n, h in arts.heading.items() if heading in h]
    return number


@pytest.mark.parametrize("name", sorted(REQUESTS))
def test_every_contract_warrants_no_major_violations_and_can_be_ended_for_it(name: str,
                                                                              drafted: dict[str, Articles]) -> None:
    arts = drafted[name]
    warranty_no = _article(arts, "质量保证")
    termination_no = _article(arts, "合同的解除与终止")
    warranty, termination = arts.text(warranty_no), arts.text(termination_no)
    assert f"（二） {NO_VIOLATIONS}；" in warranty
    assert f"甲方有权依照本合同{termination_no}的约定解除本合同" in warranty or \
        f"甲方有权依照{termination_no}的约定解除本合同" in warranty
    assert f"{warranty_no}第一款第（二）项" in termination  # the ground 24.2 gives cites the warranty item


@pytest.mark.parametrize("name", sorted(REQUESTS))
def test_a_handover_condition_cannot_hold_the_last_instalment_forever(name: str, drafted: dict[str, Articles]) -> None:
    # R3-3: the last row waits for 交接完成; on renewal there is nothing to hand over, and a Client that names no
    # recipient would hold the money indefinitely (for an SME vendor, against 保障中小企业款项支付条例)
    payment = drafted[name].text(_article(drafted[name], "付款方式"))
    assert ("本合同续约而无需交接的，或者甲方未在服务期限届满或者本合同终止后15日内指定交接的接收人的，"
            "本项条件自续约之日或者该期限届满之日起视为满足") in payment
