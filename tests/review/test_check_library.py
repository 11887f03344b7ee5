"""The library check on generated documents: template regexes, the diff, clean examples, edited or unknown clauses."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import docx
import pytest

from clause_library.loader import Library
from clause_library.models import Role, Severity
from review.library_text import template_regex
from review.review import review_document
from tests.conftest import EXAMPLES
from tests.review.checks_helpers import of, review, zh_contract


def test_template_regex_wildcards_and_optional_blocks() -> None:
    import re

    rx = re.compile(template_regex("甲方：{{ client.name }}\n{% if cond.x %}可选段落。\n{% endif %}"
                                   "{% for i in items %}\n- {{ i }}\n{% endfor %}结束。"))
    assert rx.fullmatch("甲方：某某公司\n可选段落。\n\u2022 一\n\u2022 二\n结束。")
    assert rx.fullmatch("甲方：某某公司\n结束。")
    assert not rx.fullmatch("甲方：某某公司\n改过的段落。\n结束。")


def test_template_regex_reads_jinjas_branches_and_ignores_a_loops_else() -> None:
    import re

    rx = re.compile(template_regex("{% if a %}甲{% elif b %}乙{% else %}丙{% endif %}："
                                   "{% for i in xs %}{{ i }}；{% else %}无{% endfor %}完。"))
    assert all(rx.fullmatch(text) for text in ("甲：完。", "乙：一；二；完。", "丙：完。"))
    assert not rx.fullmatch("：完。") and not rx.fullmatch("甲：无完。")


def test_library_diff_shows_a_missing_line_with_its_values_as_written() -> None:
    from review.library_text import Line, unified_diff

    source = "甲方：{{ client.name }}\n{% if cond.x %}可选段落。{% endif %}\n乙方应于{{days}}日内付款。\n结束。\n"
    diff = unified_diff(source, [Line("甲方：某某公司", False), Line("结束。", False)], "zh").splitlines()
    assert "-乙方应于{{days}}日内付款。" in diff and " 甲方：某某公司" in diff
    assert not any("可选段落" in line for line in diff)  # optional: not expected when absent


GENERATED = sorted(p.name for p in EXAMPLES.glob("*.yaml"))


@pytest.mark.parametrize("example", GENERATED)
def test_generated_document_has_every_mandatory_category_and_no_blocker(
    example: str, drafted: dict[str, Path], library: Library
) -> None:
    report = review_document(drafted[example], library=library)
    problems = [f"{f.check} {f.category or ''} {f.message_en} @ {f.location}" for f in report.blockers]
    assert problems == [], "\n".join(problems)
    assert report.readable and report.categories_found


def test_edited_generated_clause_is_a_library_diff_blocker(
    drafted: dict[str, Path], library: Library, tmp_path: Path
) -> None:
    path = tmp_path / "contract.docx"
    shutil.copy(drafted["it_contract_zh.yaml"], path)
    assert of(review_document(path, library=library), "library_clause_changed") == []
    d = docx.Document(str(path))
    edited = False
    for p in d.paragraphs:
        for run in p.runs:
            if "质量保证金" in run.text and not edited:
                run.text = run.text.replace("质量保证金", "履约保证金", 1)
                edited = True
    assert edited
    d.save(str(path))
    found = of(review_document(path, library=library), "library_clause_changed")
    assert len(found) == 1
    f = found[0]
    assert f.severity is Severity.blocker and f.owner is Role.legal and f.category == "payment"
    assert "-" in f.evidence and "+" in f.evidence and "履约保证金" in f.evidence and "质量保证金" in f.evidence


def test_unknown_claimed_clause_is_a_warning(library: Library) -> None:
    result = zh_contract("乙方提供服务。")
    result.properties["contracts.clauses"] = '["svc.nonexistent@1.0", "svc.parties@9.9"]'
    found = of(review(result, library), "library_clause_unknown")
    assert len(found) == 2 and all(f.severity is Severity.warning for f in found)


@pytest.mark.parametrize("claims", [
    ["svc.parties@1.0"] * 50_000,  # one clause claimed over and over
    [f"svc.x{i}@1.0" for i in range(5_000)],  # more clauses than the library holds
])
def test_a_forged_clause_list_is_one_warning_and_nothing_is_compared(library: Library, claims: list[str]) -> None:
    result = zh_contract("乙方提供服务。")
    result.properties["contracts.clauses"] = json.dumps(claims)
    report = review(result, library)
    found = of(report, "library_clause_unknown")
    assert len(found) == 1 and f"{len(claims)}" in found[0].message_en
    assert of(report, "library_clause_changed") == []
