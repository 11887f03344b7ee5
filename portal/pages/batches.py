"""Batch review: several contracts uploaded at once, kept, and reviewed by one job; the list of my batches."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from ..accounts import Account
from ..batches import BATCH_KIND, MAX_BATCH_BYTES, MAX_BATCH_FILES, batch_entries, batch_payload, unsupported
from ..filestore import MAX_UPLOAD, TooLarge, discard_unused, store
from ..jobs import jobs_of, submit
from ..reviews import shown_name
from ..texts import date_text, text
from ..web import SIGNED_IN, error, lang_of, page, requires, token_ok, upload_chunks
from .review import Refused

__all__ = ["ROUTES"]

_FORM_SLACK = 256 * 1024  # the form's token and the parts' headers, beyond the files' bytes


@requires(SIGNED_IN)  # whoever may review a single upload (portal.pages.review)
async def batch_page(request: Request) -> Response:
    who: Account = request.state.account
    if request.method == "GET":
        return await _batch_form(request, who)
    got = await _receive_batch(request)
    if isinstance(got, Refused):
        if got.problem == "stale_form":
            return error(request, 403, "stale_form")
        return await _batch_form(request, who, got.status, text(got.problem, lang_of(request), **dict(got.values)))
    url = request.app.state.url
    job_id = await run_in_threadpool(submit, BATCH_KIND, batch_payload(got, who.id, url=url), who.id, url=url)
    return RedirectResponse(f"/jobs/{job_id}", status_code=303)


async def _receive_batch(request: Request) -> list[tuple[str, str]] | Refused:
    """Keep the contracts POSTed as ``documents`` with the session's form token: their (shown name, SHA-256), or
    why the batch is refused. Every file is looked at (count, type, size) before any is kept, so a refused batch
    keeps nothing."""
    length = request.headers.get("content-length")
    if length is None or not length.isdigit():
        return Refused(411, "no_file")
    if int(length) > MAX_BATCH_BYTES + _FORM_SLACK:  # refused before a byte of the body is read
        return Refused(413, "batch_too_large", (("mb", MAX_BATCH_BYTES >> 20),))
    try:
        async with request.form(max_files=MAX_BATCH_FILES, max_fields=5, max_part_size=16 * 1024) as form:
            if not token_ok(request, form.get("csrf")):
                return Refused(403, "stale_form")
            uploads = [u for u in form.getlist("documents") if isinstance(u, UploadFile) and u.filename]
            refusal = _refusal(uploads)
            if refusal is not None:
                return refusal
            return await _kept(uploads, request.app.state.url)
    except HTTPException as e:  # the form parser's limits: more files than a batch takes, or a forged form
        if "files" in str(e.detail):
            return Refused(400, "batch_too_many", (("n", MAX_BATCH_FILES),))
        return Refused(400, "no_file")


def _refusal(uploads: list[UploadFile]) -> Refused | None:
    if not uploads:
        return Refused(400, "no_file")
    for upload in uploads:
        name = shown_name(upload.filename or "")
        if unsupported(name):
            return Refused(400, "batch_unsupported", (("name", name),))
        if upload.size is not None and upload.size > MAX_UPLOAD:
            return Refused(413, "batch_file_too_large", (("name", name),))
    return None


async def _kept(uploads: list[UploadFile], url: str | None) -> list[tuple[str, str]] | Refused:
    kept: list[tuple[str, str]] = []
    for upload in uploads:
        name = shown_name(upload.filename or "")
        try:
            kept.append((name, await store(upload_chunks(upload))))
        except TooLarge:  # its size was not told with the form: nothing of the batch is kept
            for _, sha in kept:
                await run_in_threadpool(discard_unused, sha, url=url)
            return Refused(413, "batch_file_too_large", (("name", name),))
    return kept


async def _batch_form(request: Request, who: Account, status: int = 200, problem: str = "") -> Response:
    lang = lang_of(request)
    mine = await run_in_threadpool(jobs_of, who.id, BATCH_KIND, url=request.app.state.url)
    return page(request, "review_batch.html", status, problem=problem, mine=mine, entries=batch_entries,
                max_files=MAX_BATCH_FILES, max_mb=MAX_BATCH_BYTES >> 20, date_text=lambda d: date_text(d, lang))


ROUTES = [Route("/review/batch", batch_page, methods=["GET", "POST"])]
