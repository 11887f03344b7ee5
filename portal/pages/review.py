"""Reviewing an uploaded contract, and reading the report."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from clause_library.errors import DocumentReadError

from ..accounts import Account
from ..documents import READ_ALL, Document, blocker_count, document, readable_by, version_text
from ..filestore import MAX_UPLOAD, TooLarge, store
from ..places import anchors
from ..reviews import StoredReview, group_findings, kind_text, review_stored, reviews_by, shown_name, stored_review
from ..texts import date_text, text
from ..web import SIGNED_IN, error, lang_of, page, requires, token_ok, upload_chunks

__all__ = ["READ_ALL_REVIEWS", "ROUTES", "Refused", "Upload", "readable_review", "receive_upload"]

# Who may read any review, not only their own: the approvers and the admins (portal.documents.READ_ALL).
READ_ALL_REVIEWS = READ_ALL


@dataclass(frozen=True)
class Upload:
    """A contract uploaded with its form: its bytes kept by ``sha256``, its name as shown."""

    sha256: str
    name: str


@dataclass(frozen=True)
class Refused:
    """An upload refused: the HTTP status and the words saying why (``stale_form``: a forged or stale form), and what
    fills them in (``values``: the file's name, a limit)."""

    status: int
    problem: str
    values: tuple[tuple[str, object], ...] = ()


async def receive_upload(request: Request) -> Upload | Refused:
    """Keep the contract POSTed as ``document`` with the session's form token: its size is refused before a
    byte of the body is read, and again while it is kept."""
    length = request.headers.get("content-length")
    if length is None or not length.isdigit():
        return Refused(411, "no_file")
    if int(length) > MAX_UPLOAD + 64 * 1024:
        return Refused(413, "too_large")
    async with request.form(max_files=1, max_fields=5, max_part_size=16 * 1024) as form:
        if not token_ok(request, form.get("csrf")):
            return Refused(403, "stale_form")
        upload = form.get("document")
        if not isinstance(upload, UploadFile) or not upload.filename:
            return Refused(400, "no_file")
        try:
            sha = await store(upload_chunks(upload))
        except TooLarge:
            return Refused(413, "too_large")
        return Upload(sha, shown_name(upload.filename))


@requires(SIGNED_IN)
async def review_page(request: Request) -> Response:
    who: Account = request.state.account
    if request.method == "GET":
        return _review_form(request, who)
    got = await receive_upload(request)
    if isinstance(got, Refused):
        if got.problem == "stale_form":
            return error(request, 403, "stale_form")
        return _review_form(request, who, got.status, got.problem)
    try:
        review_id = await run_in_threadpool(review_stored, got.sha256, got.name, who.id, url=request.app.state.url,
                                            pool=request.app.state.review_pool)
    except DocumentReadError as e:
        return _review_form(request, who, 400, "unreadable", reason=f"{got.name}: {e.reason}")
    return RedirectResponse(f"/reviews/{review_id}", status_code=303)


def _review_form(request: Request, who: Account, status: int = 200, problem: str = "", **values: object) -> Response:
    lang = lang_of(request)
    return page(request, "review.html", status, mine=reviews_by(who.id, url=request.app.state.url),
                 problem=text(problem, lang, **values) if problem else "", date_text=lambda d: date_text(d, lang))


def readable_review(request: Request) -> tuple[StoredReview, Document | None] | Response:
    """The review ``review_id`` of the path and its document, when the signed-in account may read them (its
    document's rule: ``portal.documents.readable_by``); else the 404 or 403 page."""
    who: Account = request.state.account
    url = request.app.state.url
    found = stored_review(request.path_params["review_id"], url=url)
    if found is None:
        return error(request, 404, "not_found")
    doc = document(found.document_id, url=url)
    if doc is None:  # no document's version (none is, once migrated): the one who asked, the approvers and admins
        allowed = found.account_id == who.id or bool({r.value for r in who.roles} & READ_ALL)
    else:
        allowed = readable_by(who, doc, url=url)
    return (found, doc) if allowed else error(request, 403, "forbidden")


@requires(SIGNED_IN)
async def report_page(request: Request) -> Response:
    readable = readable_review(request)
    if isinstance(readable, Response):
        return readable
    found, doc = readable
    lang = lang_of(request)
    report = found.report
    findings = report.get("findings", [])
    paragraphs = await run_in_threadpool(version_text, found.id, found.sha256, url=request.app.state.url)
    for f, anchor in zip(findings, anchors(findings, paragraphs), strict=True):
        f["anchor"] = anchor
    return page(request, "report.html", found=found, doc=doc, report=report, groups=group_findings(report),
                 kind=kind_text(report.get("kind", ""), report.get("outsourcing"), lang),
                 blockers=blocker_count(report),
                 message=f"message_{lang.value}", reviewed_on=date_text(found.created_at, lang))


ROUTES = [Route("/review", review_page, methods=["GET", "POST"]), Route("/reviews/{review_id:int}", report_page)]
