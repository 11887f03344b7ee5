"""Reviewing an uploaded contract, and reading the report."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from clause_library.errors import DocumentReadError

from ..accounts import Account
from ..filestore import MAX_UPLOAD, TooLarge, store
from ..reviews import group_findings, kind_text, review_stored, reviews_by, shown_name, stored_review
from ..texts import date_text, text
from ..web import SIGNED_IN, error, lang_of, page, requires, token_ok, upload_chunks

__all__ = ["READ_ALL_REVIEWS", "ROUTES"]

# Who may read any review, not only their own: the approvers and the admins.
READ_ALL_REVIEWS = frozenset({"legal", "finance", "business", "admin"})


@requires(SIGNED_IN)
async def review_page(request: Request) -> Response:
    who: Account = request.state.account
    if request.method == "GET":
        return _review_form(request, who)
    length = request.headers.get("content-length")
    if length is None or not length.isdigit():
        return _review_form(request, who, 411, "no_file")
    if int(length) > MAX_UPLOAD + 64 * 1024:  # refused before a byte of the body is read
        return _review_form(request, who, 413, "too_large")
    async with request.form(max_files=1, max_fields=5, max_part_size=16 * 1024) as form:
        if not token_ok(request, form.get("csrf")):
            return error(request, 403, "stale_form")
        upload = form.get("document")
        if not isinstance(upload, UploadFile) or not upload.filename:
            return _review_form(request, who, 400, "no_file")
        try:
            sha = await store(upload_chunks(upload))
        except TooLarge:
            return _review_form(request, who, 413, "too_large")
        name = shown_name(upload.filename)
    try:
        review_id = await run_in_threadpool(review_stored, sha, name, who.id, url=request.app.state.url)
    except DocumentReadError as e:
        return _review_form(request, who, 400, "unreadable", reason=f"{name}: {e.reason}")
    return RedirectResponse(f"/reviews/{review_id}", status_code=303)


def _review_form(request: Request, who: Account, status: int = 200, problem: str = "", **values: object) -> Response:
    lang = lang_of(request)
    return page(request, "review.html", status, mine=reviews_by(who.id, url=request.app.state.url),
                 problem=text(problem, lang, **values) if problem else "", date_text=lambda d: date_text(d, lang))


@requires(SIGNED_IN)
async def report_page(request: Request) -> Response:
    who: Account = request.state.account
    found = stored_review(request.path_params["review_id"], url=request.app.state.url)
    if found is None:
        return error(request, 404, "not_found")
    if found.account_id != who.id and not {r.value for r in who.roles} & READ_ALL_REVIEWS:
        return error(request, 403, "forbidden")
    lang = lang_of(request)
    report = found.report
    return page(request, "report.html", found=found, report=report, groups=group_findings(report),
                 kind=kind_text(report.get("kind", ""), report.get("outsourcing"), lang),
                 blockers=sum(1 for f in report.get("findings", []) if f["severity"] == "blocker"),
                 message=f"message_{lang.value}", reviewed_on=date_text(found.created_at, lang))


ROUTES = [Route("/review", review_page, methods=["GET", "POST"]), Route("/reviews/{review_id:int}", report_page)]
