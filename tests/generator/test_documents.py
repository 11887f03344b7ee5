"""Open every drafted .docx as a lawyer would: clauses, numbers, references, figures, tables, fonts."""

from __future__ import annotations

import json
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from lxml import etree

from clause_library.figures import parse_capital_amount
from clause_library.loader import Library
from clause_library.models import SCHEDULES, Condition, DocumentKind, Lang, OutsourcingKind
from clause_library.vocabulary import ArticleStyle
from generator.ooxml import CJK, iter_paragraphs
from generator.values import article_number, schedule_number
from tests.conftest import EXAMPLES

EXAMPLE_NAMES = sorted(p.name for p in EXAMPLES.glob("*.yaml"))


def _request(name: str, drafted: dict[str, Path]) -> dict:
    """The example's request as drafted: an NDA or pledge completed from its main contract's manifest."""
    from generator.request import load_request

    return load_request(EXAMPLES / name, out_dir=drafted[name].parent.parent).model_dump(mode="json")


def _text(doc) -> str:
    return "\n".join(p.text for p in iter_paragraphs(doc))


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_mandatory_categories_present_with_values(name: str, drafted: dict[str, Path], library: Library) -> None:
    req = _request(name, drafted)
    doc = Document(str(drafted[name]))
    from docxcompose.properties import CustomProperties

    custom = CustomProperties(doc)
    clause_refs = json.loads(custom["contracts.clauses"])
    used = {library.clauses[r.split("@")[0]].category for r in clause_refs}
    kind = DocumentKind(req["kind"])
    out = OutsourcingKind(req["outsourcing"]) if req.get("outsourcing") else None
    conds = {Condition(c) for c in req.get("conditions", [])}
    for r in library.playbook(kind, out).mandatory:
        if set(r.when) <= conds:
            assert r.category in used, f"{name}: mandatory {r.category} missing"
    text = _text(doc)
    name_zh = req["client"]["name"] if isinstance(req["client"]["name"], str) else req["client"]["name"]["zh"]
    name_en = req["client"]["name"] if isinstance(req["client"]["name"], str) else req["client"]["name"]["en"]
    assert name_zh in text or name_en in text
    assert req["contract_no"] in text or kind is DocumentKind.pledge
    if kind is DocumentKind.service_contract:
        price = Decimal(str(req["price"]["amount"]))
        assert f"{price:,.2f}" in text
    if kind is DocumentKind.pledge:
        pid = req["pledgor"]["id_number"]
        assert pid not in text, "full ID number must not appear by default"
        assert pid[:6] + "********" + pid[-4:] in text


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_article_numbering_is_continuous(name: str, drafted: dict[str, Path]) -> None:
    doc = Document(str(drafted[name]))
    heads = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert heads, "no articles"
    lang = Lang.en if _request(name, drafted).get("language") == "en" else Lang.zh
    style = ArticleStyle.of(DocumentKind(_request(name, drafted)["kind"]))
    for i, head in enumerate(heads, start=1):
        assert head.startswith(article_number(i, lang, style=style)), (i, head)


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_cross_references_point_at_the_right_article(name: str, drafted: dict[str, Path], library: Library) -> None:
    from docxcompose.properties import CustomProperties

    doc = Document(str(drafted[name]))
    refs = json.loads(CustomProperties(doc)["contracts.clauses"])
    lang = Lang.en if _request(name, drafted).get("language") == "en" else Lang.zh
    heads = [p for p in doc.paragraphs if p.style.name == "Heading 1"]
    number_of = {}
    n = 0
    for r in refs:
        clause = library.clauses[r.split("@")[0]]
        if clause.placement.value == "article":
            n += 1
            number_of[clause.category] = n
            number_of[clause.id] = n
    checked = 0
    for r in refs:
        cid = r.split("@")[0]
        clause = library.clauses[cid]
        variant = r.split("#")[1] if "#" in r else None
        _, _, body = clause.pick(variant)
        for target in re.findall(r"ref\('([^']+)'\)", body.get(lang)):
            if target.startswith("schedule."):
                # numbered in the order the document's schedules come (a service contract's in SCHEDULES order)
                assert target in SCHEDULES
                name_of = library.labels[target.replace(".", "_")].get(lang)
                titles = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
                n_schedule = next((i + 1 for i, t in enumerate(titles) if name_of in t), None)
                if n_schedule is None:  # cited in a branch not drafted here (an NDA's staff list is a pack's)
                    assert name_of not in _text(doc), (target, "cited but not in the document")
                    continue
                assert titles[n_schedule - 1].startswith(schedule_number(n_schedule, lang)), (target, titles)
                checked += 1
                continue
            want = article_number(number_of[target], lang)
            head = heads[number_of[target] - 1].text
            assert head.startswith(want)
            checked += 1
    if _request(name, drafted)["kind"] == "service_contract":
        assert checked > 0, "service contracts cross-refer between articles"


@pytest.mark.parametrize("name", [n for n in EXAMPLE_NAMES if "contract" in n or "payroll" in n])
def test_figures_agree_with_capitals_and_schedule_is_a_table(name: str, drafted: dict[str, Path]) -> None:
    req = _request(name, drafted)
    doc = Document(str(drafted[name]))
    text = _text(doc)
    pairs = re.findall(r"人民币([\d,]+\.\d{2})元（大写：人民币([^）]+)）", text)
    if req.get("language") != "en":
        assert pairs, "no amounts with capitals"
    for figures, capital in pairs:
        assert parse_capital_amount(capital) == Decimal(figures.replace(",", "")), (figures, capital)
    pay = [t for t in doc.tables if len(t.columns) == 7 and "%" in t.rows[-1].cells[3].text]
    assert pay, "payment schedule table missing"
    table = pay[0]
    assert len(table.rows) == 1 + len(req["payment_schedule"]) + 1
    amounts = [Decimal(re.search(r"([\d,]+\.\d{2})", r.cells[4].text).group(1).replace(",", ""))
               for r in table.rows[1:-1]]
    assert sum(amounts) == Decimal(str(req["price"]["amount"]))
    assert amounts == [Decimal(str(m["amount"])) for m in req["payment_schedule"]]


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_header_footer_fields_and_east_asian_fonts(name: str, drafted: dict[str, Path]) -> None:
    doc = Document(str(drafted[name]))
    footer = doc.sections[0].footer._element
    instr = " ".join(t.text for t in footer.iter(qn("w:instrText")))
    assert "PAGE" in instr and "NUMPAGES" in instr
    if _request(name, drafted)["kind"] != "pledge":
        assert _request(name, drafted)["contract_no"] in doc.sections[0].header.paragraphs[0].text
    cjk_runs = 0
    for p in iter_paragraphs(doc):
        for run in p.runs:
            if CJK.search(run.text):
                cjk_runs += 1
                fonts = run._r.rPr.find(qn("w:rFonts")) if run._r.rPr is not None else None
                assert fonts is not None and fonts.get(qn("w:eastAsia")), f"no eastAsia font: {run.text[:30]}"
    if _request(name, drafted).get("language") != "en":
        assert cjk_runs > 10


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_core_properties_are_in_their_own_namespace(name: str, drafted: dict[str, Path]) -> None:
    """docProps/core.xml holds each property once, all in the core-properties namespace (docxcompose's
    rebinding of the 'cp' prefix once wrote lastModifiedBy, revision and lastPrinted twice)."""
    with zipfile.ZipFile(drafted[name]) as z:
        root = etree.fromstring(z.read("docProps/core.xml"))
    core = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
    allowed = {core, "http://purl.org/dc/elements/1.1/", "http://purl.org/dc/terms/"}
    tags = [etree.QName(el) for el in root]
    assert {t.namespace for t in tags} <= allowed, sorted({t.namespace for t in tags} - allowed)
    assert len(tags) == len({t.text for t in tags})
    assert root.findtext(f"{{{core}}}lastModifiedBy") == "contracts generator"
    assert root.findtext(f"{{{core}}}revision") == "1"
