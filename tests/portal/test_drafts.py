"""Drafting on the portal: the questionnaire walked from the request models (every field labelled in Chinese and
English), the answers checked as the CLI checks a request (each message beside its field, every value kept), the
clause list the generator assembles before drafting, the draft made as a job by the CLI's function, and the request
kept as YAML that the CLI drafts into the same bytes."""

from __future__ import annotations

import re
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from markupsafe import escape
from pydantic import BaseModel
from starlette.testclient import TestClient

from clause_library.models import Lang
from generator.draft import draft
from generator.pdf import soffice_path
from generator.request import load_request, request_hash
from generator.request.labels import field_help, field_words
from generator.request.reading import FAMILY_KINDS, MODELS
from portal.drafts import draft_kind, draft_kinds
from portal.filestore import path_of
from portal.jobs import JobState, job, queue
from portal.questionnaire import SKIPPED, questions, walk
from tests.conftest import EXAMPLES
from tests.portal.drafts_helpers import error_messages, form_items, post_items, question_block
from tests.portal.session_helpers import client_of, one_legal_account, session_cookies

PASSWORD = "correct horse battery"
SLUGS = [k.slug for k in draft_kinds()]
IT = "/drafts/new/service_contract-it"


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return one_legal_account(tmp_path_factory.mktemp("drafts"), PASSWORD)


@pytest.fixture(scope="module")
def session(url: str) -> dict[str, str]:
    """legal.user's session cookie, signed in once (a password check costs a few tenths of a second)."""
    return session_cookies(url, "legal.user", PASSWORD)


@pytest.fixture
def client(url: str, session: dict[str, str]) -> TestClient:
    return client_of(url, session)


@pytest.fixture
def immediate() -> Iterator[None]:
    queue().immediate = True
    yield
    queue().immediate = False


def _models(model: type[BaseModel], seen: set[type[BaseModel]] | None = None) -> set[type[BaseModel]]:
    """``model`` and every model its fields hold (the fields the questionnaire skips left out), found from the
    annotations themselves, not from the questionnaire."""
    seen = set() if seen is None else seen
    seen.add(model)
    for name, info in model.model_fields.items():
        stack: list[Any] = [info.annotation]
        while stack and name not in SKIPPED:
            a = stack.pop()
            stack += typing.get_args(a)
            if isinstance(a, type) and issubclass(a, BaseModel) and a not in seen:
                _models(a, seen)
    return seen


def test_the_kinds_offered_are_the_models_a_request_alone_drafts() -> None:
    assert {k.kind for k in draft_kinds()} == set(MODELS) - set(FAMILY_KINDS)
    assert SLUGS == ["service_contract-it", "service_contract-bpo", "service_contract-hr", "nda", "pledge"]
    assert draft_kind("nda") is not None and draft_kind("nda").example == "nda_mutual_en.yaml"  # type: ignore[union-attr]


@pytest.mark.parametrize("kind", sorted({k.kind for k in draft_kinds()}))
def test_every_field_and_choice_has_words_in_both_languages(kind: str) -> None:
    """No field without a label in Chinese and English, no hint in one language only, no choice unnamed."""
    for model in _models(MODELS[kind]):
        for name in model.model_fields:
            if name in SKIPPED:
                continue
            words = field_words(model, name)
            assert words is not None and words.zh and words.en, f"{model.__name__}.{name} has no label"
            assert set(field_help(model, name)) in (set(), {Lang.zh, Lang.en}), f"{model.__name__}.{name}'s hint"
    for q in walk(questions(MODELS[kind], lambda _path: 1)):
        assert set(q.label) == {Lang.zh, Lang.en}, q.path
        for c in q.choices:
            assert set(c.label) == {Lang.zh, Lang.en}, (q.path, c.value)


@pytest.mark.parametrize("slug", SLUGS)
def test_the_questionnaire_of_each_kind_shows_every_label(client: TestClient, slug: str) -> None:
    kind = draft_kind(slug)
    assert kind is not None
    found = walk(questions(MODELS[kind.kind], lambda _path: 1))
    for lang in (Lang.zh, Lang.en):
        client.get(f"/lang/{lang.value}")
        page = client.get(f"/drafts/new/{slug}")
        assert page.status_code == 200
        html = page.text
        assert "<script" not in html and "style=" not in html and "<style" not in html
        for q in found:
            assert str(escape(q.label[lang])) in html, (lang, q.path)
            for c in q.choices:
                assert str(escape(c.label[lang])) in html, (lang, q.path, c.value)
    client.get("/lang/zh")


@pytest.mark.parametrize("slug", [k.slug for k in draft_kinds() if k.example])
def test_each_example_gives_the_request_the_cli_reads(client: TestClient, slug: str) -> None:
    """Started from the shipped example and sent unchanged, the questionnaire keeps a request the CLI reads as it
    reads the example itself."""
    kind = draft_kind(slug)
    assert kind is not None and kind.example
    sent = post_items(client, f"/drafts/new/{slug}", form_items(client.get(f"/drafts/new/{slug}?example=1").text))
    assert sent.status_code == 200, error_messages(sent.text) or sent.text[:3000]
    kept = path_of(_request_sha(sent.text))
    assert request_hash(load_request(kept)) == request_hash(load_request(EXAMPLES / kind.example))


def _request_sha(html: str) -> str:
    found = re.search(r'name="request" value="([0-9a-f]{64})"', html)
    assert found, "no request on the preview"
    return found[1]


def test_a_wrong_value_is_said_beside_its_field_and_every_value_is_kept(client: TestClient) -> None:
    items = [(k, v) for k, v in form_items(client.get(f"{IT}?example=1").text) if k != "sme_vendor"]
    sent = post_items(client, IT, items, client__uscc="91110000600037341X", price__amount="一百万",
                      contract_no="IT-2026-0042")
    assert sent.status_code == 400
    html = sent.text
    uscc = question_block(html, "client.uscc")
    assert 'value="91110000600037341X"' in uscc and "field-problem" in uscc
    amount = question_block(html, "price.amount")
    assert 'value="一百万"' in amount and "valid decimal" in amount
    facts = question_block(html, "sme_vendor")
    assert "required, missing" in facts and "small or medium-sized" in facts  # a decisive fact: answered, never assumed
    assert "field-problem" not in question_block(html, "contract_no")
    again = dict(form_items(html))
    assert again["contract_no"] == "IT-2026-0042" and again["client.name.zh"] == dict(items)["client.name.zh"]
    assert again["payment_schedule[3].amount"] == dict(items)["payment_schedule[3].amount"]
    assert "<script" not in html and "style=" not in html


def test_a_row_is_added_by_the_server(client: TestClient) -> None:
    items = form_items(client.get(IT).text)
    assert "payment_schedule[1].amount" not in dict(items)
    more = post_items(client, IT, [*items, ("add", "payment_schedule")], contract_no="IT-2026-0043")
    assert more.status_code == 200 and "field-problem" not in more.text
    again = dict(form_items(more.text))
    assert "payment_schedule[1].amount" in again and again["rows:payment_schedule"] == "2"
    assert again["contract_no"] == "IT-2026-0043"


def test_a_clause_value_the_assembly_needs_gets_a_row_beside_its_message(client: TestClient) -> None:
    items = form_items(client.get(f"{IT}?example=1").text)
    sent = post_items(client, IT, items, **{"values[0]__key": "", "values[0]__value": ""})
    assert sent.status_code == 400
    row = question_block(sent.text, "values[0].value")
    assert "integrity_report_email" in row and "field-problem" in row
    assert dict(form_items(sent.text))["values[0].key"] == "integrity_report_email"


def _drafted(client: TestClient, url: str, preview: str) -> dict[str, Any]:
    token = re.search(r'name="csrf" value="([^"]+)"', preview)
    assert token is not None
    went = client.post("/drafts", data={"csrf": token[1], "request": _request_sha(preview)})
    assert went.status_code == 303 and went.headers["location"].startswith("/jobs/")
    job_id = int(went.headers["location"].rsplit("/", 1)[1])
    found = job(job_id, url=url)
    assert found is not None and found.state is JobState.done, found
    return {"id": job_id, **found.result}


def _text(path: Path) -> str:
    doc = Document(str(path))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


_IT_CHANGES = {
    "contract_no": "IT-2026-0077",
    "client.name.zh": "北京测试银行股份有限公司", "client.name.en": "北京测试银行股份有限公司",
    "price.amount": "1000000.00", "payment_schedule[0].amount": "300000", "payment_schedule[1].amount": "400000",
    "payment_schedule[2].amount": "250000", "payment_schedule[3].amount": "50000.00",
}


def test_an_it_contract_is_previewed_drafted_and_drafted_again_alike_by_the_cli(
        client: TestClient, url: str, immediate: None, tmp_path: Path) -> None:
    items = form_items(client.get(f"{IT}?example=1").text)
    preview = post_items(client, IT, items, **{k.replace(".", "__"): v for k, v in _IT_CHANGES.items()})
    assert preview.status_code == 200, error_messages(preview.text) or preview.text[:3000]
    assert "第一条" in preview.text and "服务内容" in preview.text and "附件一" in preview.text
    assert "人民币1,000,000.00元（大写：人民币壹佰万元整）" in preview.text and "2026年4月1日" in preview.text
    made = _drafted(client, url, preview.text)
    files = {f["name"]: f for f in made["files"]}
    assert set(files) == {"IT-2026-0077-contract.docx", "IT-2026-0077-manifest.json", "IT-2026-0077-request.yaml"}
    docx = path_of(files["IT-2026-0077-contract.docx"]["sha256"])
    body = _text(docx)
    assert "IT-2026-0077" in body and "北京测试银行股份有限公司" in body and "上海云服信息技术有限公司" in body
    assert "1,000,000.00" in body and "壹佰万元整" in body and "1,200,000" not in body
    page = client.get(f"/jobs/{made['id']}")
    assert page.status_code == 200 and "IT-2026-0077-request.yaml" in page.text
    got = client.get(f"/jobs/{made['id']}/files/IT-2026-0077-contract.docx")
    assert got.status_code == 200 and got.content == docx.read_bytes()
    request = tmp_path / "IT-2026-0077-request.yaml"
    request.write_bytes(path_of(files["IT-2026-0077-request.yaml"]["sha256"]).read_bytes())
    assert "contracts draft" in request.read_text(encoding="utf-8")
    again = draft(request, tmp_path / "out")
    assert (again.folder / "contract.docx").read_bytes() == docx.read_bytes()
    edit = client.get(f"{IT}?request={files['IT-2026-0077-request.yaml']['sha256']}")
    assert dict(form_items(edit.text))["price.amount"] == "1000000.0"  # as the YAML holds it


def test_the_draft_button_takes_a_kept_request_and_the_form_token_only(client: TestClient) -> None:
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/drafts/new").text)
    assert token is not None
    assert client.post("/drafts", data={"csrf": "forged", "request": "0" * 64}).status_code == 403
    for bad in ("../../portal.key", "0" * 64, ""):
        assert client.post("/drafts", data={"csrf": token[1], "request": bad}).status_code == 400, bad
    assert client.get("/drafts/new/termination_agreement").status_code == 404
    assert client.get(f"{IT}?request={'0' * 64}").status_code == 404
    assert client.post(IT, data={"csrf": "forged", "contract_no": "X-1"}).status_code == 403


@pytest.mark.libreoffice
@pytest.mark.skipif(soffice_path() is None, reason="LibreOffice (soffice) is not on PATH")
def test_the_pdf_is_made_when_asked_and_libreoffice_is_there(client: TestClient, url: str, immediate: None) -> None:
    nda = "/drafts/new/nda"
    preview = post_items(client, nda, form_items(client.get(f"{nda}?example=1").text), contract_no="NDA-2026-0099")
    assert preview.status_code == 200, error_messages(preview.text)
    token = re.search(r'name="csrf" value="([^"]+)"', preview.text)
    assert token is not None and 'name="pdf"' in preview.text
    went = client.post("/drafts", data={"csrf": token[1], "request": _request_sha(preview.text), "pdf": "yes"})
    found = job(int(went.headers["location"].rsplit("/", 1)[1]), url=url)
    assert found is not None and found.state is JobState.done, found
    pdf = next(f for f in found.result["files"] if f["name"] == "NDA-2026-0099-nda.pdf")
    assert path_of(pdf["sha256"]).read_bytes().startswith(b"%PDF")
