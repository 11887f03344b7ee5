"""How the classifier decides: headings, run-in headings, weak cues, the hit's location and evidence, normalize."""

from __future__ import annotations

import pytest

from clause_library.models import Category, DocumentKind
from review.classify import Hit, classify, normalize
from tests.review.classify_helpers import _seg


@pytest.mark.parametrize(("heading", "text", "category"), [
    ("知识产权", "乙方保证其提供的服务不侵犯第三方的知识产权。", "ip_ownership"),  # a warranty, not ownership
    ("日志审计与安全审计", "乙方负责部署日志审计系统并出具月度报告。", "audit_rights"),  # a service, not a right
])
def test_a_heading_naming_a_subject_loosely_does_not_decide(
    categories: dict[str, Category], heading: str, text: str, category: str
) -> None:
    assert category not in classify([_seg(text, heading)], categories, model=None)


@pytest.mark.parametrize(
    ("heading", "category"),
    [
        ("第十二条 争议解决", "dispute_resolution"),
        ("保密条款", "confidentiality"),
        ("违约金", "liquidated_damages"),
        ("责任限制", "liability_cap"),
        ("不可抗力", "force_majeure"),
        ("Governing Law", "governing_law"),
        ("Limitation of Liability", "liability_cap"),
        ("Termination for Convenience", "termination_for_convenience"),
        ("Insurance", "insurance"),
        ("Transition Assistance", "post_termination_services"),
        ("终止清算与交接", "post_termination_services"),
        ("Intellectual Property", "ip_ownership"),
        ("知识产权归属", "ip_ownership"),
        ("Hosting Services", "service_scope"),
        ("监督检查", "audit_rights"),
        ("甲方的检查与审计权", "audit_rights"),
    ],
)
def test_headings_decide(categories: dict[str, Category], heading: str, category: str) -> None:
    hits = classify([_seg("双方另行约定。", heading)], categories, model=None)
    assert hits[category][0].via == "heading"


def test_hits_say_where_and_why(categories: dict[str, Category]) -> None:
    segs = [_seg("Definitions."), _seg("This Agreement is governed by the laws of England.", "Miscellaneous")]
    hit = classify(segs, categories, model=None)["governing_law"][0]
    assert isinstance(hit, Hit)
    assert (hit.segment, hit.location, hit.via) == (1, "p. 1", "body")
    assert "laws of England" in hit.evidence
    assert 0 < hit.score < 1


def test_a_run_in_heading_counts_as_heading(categories: dict[str, Category]) -> None:
    hits = classify([_seg("12.3 Governing Law. The parties agree as follows.")], categories, model=None)
    assert hits["governing_law"][0].via == "heading"


def test_weak_cues_need_each_other() -> None:
    cat = Category(id="x", zh="x", en="x", kinds=[DocumentKind.nda],
                   weak={"en": ["alpha", "beta"]}, exclude={"en": ["gamma"]})  # type: ignore[arg-type]
    assert classify([_seg("alpha only")], {"x": cat}, model=None) == {}
    assert classify([_seg("alpha and beta")], {"x": cat}, model=None)["x"][0].score == 0.5
    assert classify([_seg("alpha and beta but gamma")], {"x": cat}, model=None) == {}


def test_normalize_joins_broken_lines() -> None:
    assert normalize("governed\n by the   laws") == "governed by the laws"
    assert normalize("适用 中华 人民共和国\n法律") == "适用中华人民共和国法律"
    assert normalize("termi-\nnation") == "termination"


@pytest.mark.parametrize("heading", ["Effect of Termination", "Effects of Termination; Survival", "合同终止的效力"])
def test_an_effect_of_termination_heading_alone_is_not_a_handover(
    categories: dict[str, Category], heading: str
) -> None:
    hits = classify([_seg("Sections 5 and 7 survive. 第五条、第七条继续有效。", heading)], categories, model=None)
    assert "post_termination_services" not in hits
