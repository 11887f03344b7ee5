"""A document's versions, uploading a new version, what changed between two versions, and a version's text.

Each page is read by those who may read the document (``portal.documents.readable_by``): others get 403, an
unknown document or review 404.
"""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from clause_library.errors import DocumentReadError

from ..accounts import Account
from ..documents import (
    Document,
    Version,
    current_versions,
    document,
    documents_for,
    readable_by,
    version_text,
    versions,
)
from ..places import anchors, page_starts
from ..reviews import review_stored, stored_review
from ..textdiff import diff_texts, finding_changes
from ..texts import date_text, text
from ..web import SIGNED_IN, error, lang_of, page, requires
from .review import Refused, readable_review, receive_upload

__all__ = ["ROUTES", "readable_document"]


def readable_document(request: Request) -> Document | Response:
    """The document of the path when the signed-in account may read it; else the 404 or 403 page."""
    doc = document(request.path_params["document_id"], url=request.app.state.url)
    if doc is None:
        return error(request, 404, "not_found")
    if not readable_by(request.state.account, doc, url=request.app.state.url):
        return error(request, 403, "forbidden")
    return doc


@requires(SIGNED_IN)
async def document_page(request: Request) -> Response:
    doc = readable_document(request)
    return doc if isinstance(doc, Response) else _document_page(request, doc)


def _document_page(request: Request, doc: Document, status: int = 200, problem: str = "") -> Response:
    lang = lang_of(request)
    return page(request, "document.html", status, doc=doc, versions=versions(doc.id, url=request.app.state.url),
                 created_on=date_text(doc.created_at, lang), date_text=lambda d: date_text(d, lang), problem=problem)


@requires(SIGNED_IN)
async def new_version(request: Request) -> Response:
    """Upload a new version of the document: reviewed as the first was, numbered after the last."""
    who: Account = request.state.account
    doc = readable_document(request)
    if isinstance(doc, Response):
        return doc
    lang = lang_of(request)
    got = await receive_upload(request)
    if isinstance(got, Refused):
        if got.problem == "stale_form":
            return error(request, 403, "stale_form")
        return _document_page(request, doc, got.status, text(got.problem, lang))
    try:
        review_id = await run_in_threadpool(review_stored, got.sha256, got.name, who.id, document_id=doc.id,
                                            url=request.app.state.url, pool=request.app.state.review_pool)
    except DocumentReadError as e:
        return _document_page(request, doc, 400, text("unreadable", lang, reason=f"{got.name}: {e.reason}"))
    return RedirectResponse(f"/reviews/{review_id}", status_code=303)


@requires(SIGNED_IN)
async def diff_page(request: Request) -> Response:
    """What changed from version ``from`` to version ``to`` (by default the last two)."""
    doc = readable_document(request)
    if isinstance(doc, Response):
        return doc
    found = versions(doc.id, url=request.app.state.url)
    pair = _chosen(request, found)
    if pair is None:
        return error(request, 404, "not_found")
    if not pair:
        return page(request, "diff.html", doc=doc, old=None, new=None)
    old, new = pair
    compared = await run_in_threadpool(_compare, old, new, request.app.state.url)
    return page(request, "diff.html", doc=doc, old=old, new=new, **compared)


def _chosen(request: Request, found: list[Version]) -> tuple[Version, Version] | tuple[()] | None:
    """The two versions the query names (``from``, ``to``: version numbers), by default the last two; ``()``
    when the document has one version and none was named; ``None`` when a number named is no version's."""
    by_number = {v.number: v for v in found}
    asked = [request.query_params.get(name) for name in ("from", "to")]
    if asked == [None, None]:
        return (found[-2], found[-1]) if len(found) >= 2 else ()
    numbers = [int(a) if a is not None and a.isdigit() and len(a) < 9 else -1 for a in asked]
    if any(n not in by_number for n in numbers):
        return None
    return by_number[numbers[0]], by_number[numbers[1]]


def _compare(old: Version, new: Version, url: str | None) -> dict[str, Any]:
    """The text and the findings of two versions compared, for the diff page."""
    old_text, new_text = version_text(old.review_id, old.sha256, url=url), version_text(new.review_id, new.sha256,
                                                                                         url=url)
    diff = diff_texts([p.text for p in old_text], [p.text for p in new_text])
    old_review, new_review = stored_review(old.review_id, url=url), stored_review(new.review_id, url=url)
    added, gone = finding_changes(old_review.report.get("findings", []) if old_review else [],
                                  new_review.report.get("findings", []) if new_review else [])
    for findings, paragraphs in ((added, new_text), (gone, old_text)):
        for f, anchor in zip(findings, anchors(findings, paragraphs), strict=True):
            f["anchor"] = anchor
    return {"diff": diff, "added": added, "gone": gone}


@requires(SIGNED_IN)
async def text_page(request: Request) -> Response:
    """A version's text as the reviewer read it, each paragraph with its anchor (``#p12``; a PDF's pages
    ``#page-3``), where the report's findings link to."""
    readable = readable_review(request)
    if isinstance(readable, Response):
        return readable
    found, doc = readable
    paragraphs = await run_in_threadpool(version_text, found.id, found.sha256, url=request.app.state.url)
    return page(request, "text.html", found=found, doc=doc, paragraphs=paragraphs, page_starts=page_starts(paragraphs))


@requires(SIGNED_IN)
async def documents_page(request: Request) -> Response:
    """The documents the account may read, each with its current version (number, date, blockers)."""
    who: Account = request.state.account
    url = request.app.state.url

    def listed() -> list[tuple[Document, Version | None]]:
        found = documents_for(who, url=url)
        latest = current_versions([d.id for d in found], url=url)
        return [(d, latest.get(d.id)) for d in found]

    lang = lang_of(request)
    return page(request, "documents.html", listed=await run_in_threadpool(listed),
                date_text=lambda d: date_text(d, lang))


ROUTES = [
    Route("/documents", documents_page),
    Route("/documents/{document_id:int}", document_page),
    Route("/documents/{document_id:int}/versions", new_version, methods=["POST"]),
    Route("/documents/{document_id:int}/diff", diff_page),
    Route("/reviews/{review_id:int}/text", text_page),
]
