"""`contracts clauses check` catches each problem in small broken libraries built in code."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from clause_library.catalogue import lint_library
from clause_library.loader import DATA_DIR
from contracts.cli import app

GOOD_CLAUSE = """\
  - id: t.alpha
    category: confidentiality
    version: "1.0"
    status: approved
    effective: 2026-01-01
    applies: {kinds: [service_contract]}
    title: {zh: 保密, en: Confidentiality}
    variables:
      confidentiality_years: {type: integer, label: {zh: 年, en: years}, default: 3}
    body:
      zh: 保密期限为{{ confidentiality_years }}年。
      en: Confidentiality lasts {{ confidentiality_years }} years.
"""


def _library(tmp_path: Path, extra: str, *, playbook_extra: str = "") -> Path:
    """A copy of the shipped library plus one more clause file holding ``extra``."""
    root = tmp_path / "lib"
    shutil.copytree(DATA_DIR, root)
    (root / "clauses" / "zz_test.yaml").write_text("clauses:\n" + extra, encoding="utf-8")
    if playbook_extra:
        pb = root / "playbooks.yaml"
        pb.write_text(pb.read_text(encoding="utf-8") + playbook_extra, encoding="utf-8")
    return root


def test_shipped_library_is_clean() -> None:
    _, problems = lint_library()
    assert problems == []


def test_good_extra_clause_is_clean_except_ambiguity(tmp_path: Path) -> None:
    _, problems = lint_library(_library(tmp_path, GOOD_CLAUSE))
    # t.alpha competes with svc.confidentiality for the same documents: that is reported.
    assert all("applies as equally" in p.message for p in problems), problems


CASES = [
    ("yaml syntax", GOOD_CLAUSE.replace("title: {zh: 保密, en: Confidentiality}", "title: {zh: 保密, en: [oops"),
     "YAML syntax error", 9),
    ("unknown key", GOOD_CLAUSE.replace("    status: approved", "    status: approved\n    colour: red"),
     "unknown field 'colour': misspelt, or not one of the fields here", 6),
    ("duplicate id", GOOD_CLAUSE.replace("t.alpha", "svc.confidentiality"), "duplicate clause id", 2),
    ("undeclared variable", GOOD_CLAUSE.replace("{{ confidentiality_years }}年", "{{ years }}年"),
     "undeclared variable 'years'", 12),
    ("declared never used", GOOD_CLAUSE.replace(
        "      confidentiality_years:", "      unused_thing: {type: text, label: {zh: 无, en: none}}\n"
        "      confidentiality_years:"), "declares variable 'unused_thing'", 10),
    ("zh and en differ", GOOD_CLAUSE.replace("lasts {{ confidentiality_years }} years", "lasts three years"),
     "zh and en texts use different variables", 11),
    ("missing translation", GOOD_CLAUSE.replace("      en: Confidentiality lasts {{ confidentiality_years }} years.\n",
                                                ""), "missing translation", 11),
    ("jinja syntax", GOOD_CLAUSE.replace("{{ confidentiality_years }}年", "{{ confidentiality_years 年"),
     "Jinja syntax error", 12),
    ("schedule number by hand", GOOD_CLAUSE.replace("保密期限为", "见附件二，保密期限为").replace(
        "Confidentiality lasts", "See Schedule 2. Confidentiality lasts"), "writes the schedule number '附件二'", 12),
    ("schedule that does not exist", GOOD_CLAUSE.replace("保密期限为", "见{{ ref('schedule.prices') }}，保密期限为")
     .replace("Confidentiality lasts", "See {{ ref('schedule.prices') }}. Confidentiality lasts"),
     "neither a category, a clause id nor a schedule", 12),
    ("retired reference", GOOD_CLAUSE.replace("保密期限为", "见{{ ref('t.old') }}，保密期限为").replace(
        "Confidentiality lasts", "See {{ ref('t.old') }}. Confidentiality lasts") + GOOD_CLAUSE.replace(
        "t.alpha", "t.old").replace("status: approved", "status: retired"), "refers to retired clause 't.old'", 12),
]


@pytest.mark.parametrize(("label", "text", "expected", "line"), CASES, ids=[c[0] for c in CASES])
def test_each_problem_is_caught_with_file_and_line(
    tmp_path: Path, label: str, text: str, expected: str, line: int
) -> None:
    root = _library(tmp_path, text)
    _, problems = lint_library(root)
    hits = [p for p in problems if expected in p.message]
    assert hits, f"{label}: not caught; got {[str(p) for p in problems]}"
    assert hits[0].file.endswith("zz_test.yaml") or "duplicate" in expected
    assert hits[0].line == line, str(hits[0])


def test_playbook_naming_a_category_without_approved_clause(tmp_path: Path) -> None:
    root = _library(tmp_path, GOOD_CLAUSE.replace("status: approved", "status: draft").replace(
        "category: confidentiality", "category: insurance").replace("t.alpha", "t.ins"))
    # Retire the only approved insurance clause: the playbooks that name insurance must be flagged.
    legal = root / "clauses" / "legal.yaml"
    text = legal.read_text(encoding="utf-8")
    start = text.index("id: svc.insurance")
    status_at = text.index("status: approved", start)
    legal.write_text(text[:status_at] + "status: retired" + text[status_at + len("status: approved"):],
                     encoding="utf-8")
    _, problems = lint_library(root)
    assert any("names category 'insurance', which has no approved clause" in p.message for p in problems)
    assert any("category 'insurance' has no approved clause for service_contract" in p.message for p in problems)


def test_check_command_lists_everything_and_exits_non_zero(tmp_path: Path) -> None:
    root = _library(tmp_path, CASES[3][1] + CASES[4][1].replace("t.alpha", "t.beta"))
    result = CliRunner().invoke(app, ["clauses", "check", "--root", str(root)])
    assert result.exit_code == 1
    assert "undeclared variable" in result.output and "declares variable" in result.output
    assert "zz_test.yaml:" in result.output


def test_check_command_passes_on_shipped_library() -> None:
    result = CliRunner().invoke(app, ["clauses", "check"])
    assert result.exit_code == 0, result.output
    assert "library OK" in result.output


@pytest.mark.parametrize("kind", ["headings", "body", "weak", "exclude"])
def test_bad_detection_regex_is_caught(tmp_path: Path, kind: str) -> None:
    import yaml

    root = _library(tmp_path, GOOD_CLAUSE)
    cats = root / "categories.yaml"
    data = yaml.safe_load(cats.read_text(encoding="utf-8"))
    warranty = next(c for c in data["categories"] if c["id"] == "warranty")
    warranty[kind] = {"zh": ["(unclosed"], "en": []}
    cats.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    _, problems = lint_library(root)
    assert any("bad regular expression" in p.message and p.field == f"warranty.{kind}.zh" for p in problems)


def _with_categories(tmp_path: Path, edit: str, new: str) -> Path:
    root = _library(tmp_path, GOOD_CLAUSE)
    cats = root / "categories.yaml"
    text = cats.read_text(encoding="utf-8")
    assert edit in text
    cats.write_text(text.replace(edit, new, 1), encoding="utf-8")
    return root


def test_terms_are_written_once_and_expanded_in_patterns() -> None:
    from clause_library.loader import read_library

    lib, problems = read_library()
    assert problems == []
    payment = lib.categories["payment"].body.zh
    # {payer} became the alternation itself: the lessee paying rent is a payer like 甲方
    assert not any("{payer}" in p for p in payment)
    assert any(p.startswith("(?:甲方|委托方") for p in payment)


def test_unknown_term_is_named_with_its_line(tmp_path: Path) -> None:
    root = _with_categories(tmp_path, "'(?:付款|支付|结算)方式(?:为|如下|是|[:：])'",
                            "'(?:付款|支付|结算)方式(?:为|如下|是|[:：])', '{payor}应当付款'")
    _, problems = lint_library(root)
    bad = [p for p in problems if "unknown term {payor}" in p.message]
    assert bad and bad[0].line is not None and bad[0].file.endswith("categories.yaml")
    assert bad[0].field == "payment.body.zh"  # named as a bad regular expression is


@pytest.mark.parametrize("term", ["  Party: '甲方'\n", "  empty: ''\n", "  nested: '{party}|丁方'\n"])
def test_bad_term_definitions_are_refused(tmp_path: Path, term: str) -> None:
    root = _with_categories(tmp_path, "terms:\n", "terms:\n" + term)
    _, problems = lint_library(root)
    assert any(p.field and p.field.startswith("terms.") for p in problems), problems


def test_a_regex_quantifier_is_not_a_term() -> None:
    from clause_library.loader import _TERM

    assert _TERM.findall("不得{0,6}|\\d{2,4}|{party}") == ["party"]
