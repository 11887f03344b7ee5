"""Requesting an NDA pack: the form (vendor, project, term, the yes/no facts, the vendor's staff roster), the
roster's bad rows shown as a table, and a valid request made a job; the list of my packs."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from generator.pack import pack_folder_name
from generator.request import NdaRequest

from ..accounts import Account
from ..filestore import TooLarge, discard_unused, store
from ..jobs import jobs_of, submit
from ..pack_request import (
    FACTS,
    FIELDS,
    PARTIES,
    PARTY_FIELDS,
    PackForm,
    defaults,
    read_form,
    request_name,
    request_yaml,
)
from ..packs import MAX_ROSTER, RosterCheck, check_stored_roster, pdf_available
from ..reviews import shown_name
from ..texts import date_text, text
from ..web import error, lang_of, page, requires, token_ok, upload_chunks

__all__ = ["REQUEST_PACKS", "ROUTES"]

# Who may ask for a pack: the business units' requesters, and the admins.
REQUEST_PACKS = frozenset({"requester", "admin"})
_SHOWN_ROWS = 200  # bad roster rows listed on the page; the count says how many more
_MAX_FIELDS = len(FIELDS) + 4  # the form's fields, its token and the roster, and a few to spare


@requires(REQUEST_PACKS)
async def new_pack(request: Request) -> Response:
    who: Account = request.state.account
    if request.method == "GET":
        return _form_page(request, defaults(dt.date.today()))
    length = request.headers.get("content-length")
    if length is None or not length.isdigit():
        return _form_page(request, {}, 411, problem=text("no_roster", lang_of(request)))
    if int(length) > MAX_ROSTER + 256 * 1024:  # refused before a byte of the body is read
        return _form_page(request, {}, 413, problem=text("roster_too_large", lang_of(request)))
    async with request.form(max_files=1, max_fields=_MAX_FIELDS, max_part_size=16 * 1024) as form:
        if not token_ok(request, form.get("csrf")):
            return error(request, 403, "stale_form")
        filled = read_form({k: v for k, v in form.items() if isinstance(v, str)}, lang_of(request))
        pdf = form.get("pdf") == "yes"
        roster, refusal = await _stored_roster(form, request)
    if roster is None:
        return _form_page(request, filled.values, 400, filled, roster_problem=refusal)
    check = await run_in_threadpool(check_stored_roster, roster[0], roster[1], filled.sheet, lang_of(request))
    if filled.request is None or not filled.ok or check.refusal or check.rows:
        await run_in_threadpool(discard_unused, roster[0], url=request.app.state.url)  # ID numbers: not kept
        return _form_page(request, filled.values, 400, filled, check, roster_problem=check.refusal)
    job_id = await _submit(request, who, filled, filled.request, roster, pdf=pdf)
    return RedirectResponse(f"/jobs/{job_id}", status_code=303)


async def _stored_roster(form: FormData, request: Request) -> tuple[tuple[str, str] | None, str]:
    """The uploaded roster kept in the file store: its SHA-256 and shown name, or why there is none."""
    upload = form.get("roster")
    lang = lang_of(request)
    if not isinstance(upload, UploadFile) or not upload.filename:
        return None, text("no_roster", lang)
    name = shown_name(upload.filename)
    try:
        sha = await store(upload_chunks(upload), max_bytes=MAX_ROSTER)
    except TooLarge:
        return None, text("roster_too_large", lang)
    return (sha, name), ""


async def _one(data: bytes) -> AsyncIterator[bytes]:
    yield data


async def _submit(request: Request, who: Account, filled: PackForm, nda: NdaRequest, roster: tuple[str, str], *,
                  pdf: bool) -> int:
    """Keep the request ``nda`` as the CLI's YAML and queue the pack's job (``pdf``: with PDFs); the job's id."""
    name = request_name(nda)
    request_sha = await store(_one(request_yaml(filled, roster[1], roster[0]).encode("utf-8")))
    payload = {"contract_no": nda.contract_no, "folder": pack_folder_name(nda.contract_no),
               "request_name": name, "request_sha256": request_sha, "roster_name": roster[1],
               "roster_sha256": roster[0], "sheet": filled.sheet, "pdf": pdf}
    return await run_in_threadpool(submit, "pack", payload, who.id, url=request.app.state.url)


def _form_page(request: Request, values: dict[str, str], status: int = 200, filled: PackForm | None = None,
               check: RosterCheck | None = None, *, problem: str = "", roster_problem: str = "") -> Response:
    return page(request, "pack_new.html", status, values=values, problems=filled.problems if filled else {},
                general=filled.general if filled else [], problem=problem, roster_problem=roster_problem,
                pdf_available=pdf_available(), bad_rows=check.rows[:_SHOWN_ROWS] if check else [],
                more_rows=max(0, len(check.rows) - _SHOWN_ROWS) if check else 0,
                bad_row_count=len({r.row for r in check.rows}) if check else 0,
                facts=FACTS, parties=PARTIES, party_fields=PARTY_FIELDS)


@requires(REQUEST_PACKS)
async def my_packs(request: Request) -> Response:
    who: Account = request.state.account
    lang = lang_of(request)
    mine = await run_in_threadpool(jobs_of, who.id, "pack", url=request.app.state.url)
    return page(request, "packs.html", mine=mine, date_text=lambda d: date_text(d, lang))


ROUTES = [Route("/packs", my_packs), Route("/packs/new", new_pack, methods=["GET", "POST"])]
