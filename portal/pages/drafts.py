"""Drafting a contract: the kinds offered, the questionnaire (its answers checked as the CLI checks a request), the
clause list before drafting, and the draft as a job whose page (``/jobs/{id}``) shows its progress and files."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from clause_library.errors import ContractsError
from clause_library.models import Lang
from clause_library.vocabulary import ArticleStyle
from generator.pdf import soffice_path
from generator.request import ServiceContractRequest
from generator.request.labels import field_words
from generator.request.reading import MODELS
from generator.values import article_number, format_money

from ..accounts import Account
from ..answers import Answers, rows_in_form
from ..drafts import (
    Checked,
    DraftKind,
    check_answers,
    draft_kind,
    draft_kinds,
    request_answers,
    request_file_name,
    start_answers,
    stored_request,
    value_names,
    variant_names,
)
from ..filestore import store
from ..jobs import jobs_of, submit
from ..questionnaire import questions
from ..texts import date_text
from ..web import error, lang_of, page, requires, token_ok

__all__ = ["DRAFTERS", "ROUTES"]

# Who drafts contracts: legal (the business units ask for NDA packs), and the admins.
DRAFTERS = frozenset({"legal", "admin"})
_MAX_FIELDS = 5000  # a service contract with every list at its longest


@requires(DRAFTERS)
async def drafts_page(request: Request) -> Response:
    """GET: my drafts; POST: draft the request checked on the preview, as a job."""
    who: Account = request.state.account
    if request.method == "GET":
        mine = await run_in_threadpool(jobs_of, who.id, "draft", url=request.app.state.url)
        return page(request, "drafts.html", mine=mine, date_text=lambda d: date_text(d, lang_of(request)))
    async with request.form(max_files=0, max_fields=10, max_part_size=1024) as form:
        fields = {k: v for k, v in form.items() if isinstance(v, str)}
    if not token_ok(request, fields.get("csrf")):
        return error(request, 403, "stale_form")
    sha = fields.get("request", "")
    try:
        req = await run_in_threadpool(stored_request, sha)
    except (ValueError, ContractsError):
        return error(request, 400, "draft_stale")
    payload = {"request_sha256": sha, "request_name": request_file_name(req), "contract_no": req.contract_no,
               "kind": req.kind, "pdf": fields.get("pdf") == "yes"}
    job_id = await run_in_threadpool(submit, "draft", payload, who.id, url=request.app.state.url)
    return RedirectResponse(f"/jobs/{job_id}", status_code=303)


@requires(DRAFTERS)
async def start_page(request: Request) -> Response:
    return page(request, "drafts_new.html", kinds=draft_kinds(), L=lang_of(request))


@requires(DRAFTERS)
async def questionnaire_page(request: Request) -> Response:
    kind = draft_kind(request.path_params["draft_kind"])
    if kind is None:
        return error(request, 404, "not_found")
    if request.method == "GET":
        sha = request.query_params.get("request")
        answers = (request_answers(kind, sha) if sha else
                   start_answers(kind, example=request.query_params.get("example") == "1"))
        if answers is None:
            return error(request, 404, "draft_stale")
        return _form(request, kind, answers)
    async with request.form(max_files=0, max_fields=_MAX_FIELDS, max_part_size=16 * 1024) as form:
        items = [(k, v) for k, v in form.multi_items() if isinstance(v, str)]
    sent = dict(items)
    if not token_ok(request, sent.get("csrf")):
        return error(request, 403, "stale_form")
    answers = Answers.of((k, v) for k, v in items if k not in ("csrf", "add"))
    if sent.get("add"):  # one more row of a list: the same answers again, nothing checked
        return _form(request, kind, answers, more=sent["add"])
    checked = await run_in_threadpool(check_answers, kind, answers, lang_of(request))
    if not checked.ok:
        return _form(request, kind, checked.answers, checked=checked)
    return await _preview(request, kind, checked)


def _form(request: Request, kind: DraftKind, answers: Answers, *, more: str = "",
          checked: Checked | None = None) -> Response:
    found = checked.questions if checked else questions(MODELS[kind.kind], rows_in_form(answers, more))
    categories, variants = variant_names()
    return page(request, "draft_form.html", 400 if checked else 200, kind=kind, questions=found, answers=answers,
                beside=checked.beside if checked else {}, general=checked.general if checked else [],
                L=lang_of(request), value_names=value_names(), categories=categories, variants=variants)


async def _once(data: bytes) -> AsyncIterator[bytes]:
    yield data


async def _preview(request: Request, kind: DraftKind, checked: Checked) -> Response:
    """The clause list of the checked request, its request kept (by SHA-256) for the draft button."""
    doc, req = checked.assembled, checked.request
    if doc is None or req is None:
        raise ValueError("a request with problems has no preview")
    sha = await store(_once(checked.yaml.encode("utf-8")))
    lang = lang_of(request)
    style = ArticleStyle.of(doc.kind)
    articles = [{"number": {ln: article_number(a.number, ln, style=style) for ln in doc.langs} if a.number else {},
                 "heading": a.heading, "draft": a.draft} for a in doc.articles]
    return page(request, "draft_preview.html", kind=kind, doc=doc, articles=articles, sha=sha, yaml=checked.yaml,
                summary=_summary(req, lang), L=lang, pdf=soffice_path() is not None)


def _summary(req: Any, lang: Lang) -> list[tuple[str, str]]:
    """What the request says in a line each: its number, the parties, the price and the term (or the day it takes
    effect), money and dates as Chinese documents write them."""
    def label(model: type[Any], name: str) -> str:
        words = field_words(model, name)
        return (words.zh if lang is Lang.zh else words.en) if words else name

    model = type(req)
    rows = [(label(model, "contract_no"), req.contract_no), (label(model, "client"), req.client.name.get(lang)),
            (label(model, "vendor"), req.vendor.name.get(lang))]
    if isinstance(req, ServiceContractRequest):
        rows.append((label(model, "price"), format_money(req.price.amount, req.price.currency, lang)))
        rows.append((label(model, "term"), f"{date_text(req.term.start, lang)} – {date_text(req.term.end, lang)}"))
    elif getattr(req, "effective_date", None) is not None:
        rows.append((label(model, "effective_date"), date_text(req.effective_date, lang)))
    return rows


ROUTES = [
    Route("/drafts", drafts_page, methods=["GET", "POST"]),
    Route("/drafts/new", start_page),
    Route("/drafts/new/{draft_kind}", questionnaire_page, methods=["GET", "POST"]),
]
