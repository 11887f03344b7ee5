"""A job's page: how far it is (live, by a small script polling its progress; without script, by a refresh), why
it failed, and the files it made, downloaded by the one who asked, legal (who reproduces requests) and the admins."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route

from clause_library.models import Lang

from ..accounts import Account
from ..batches import batch_entries
from ..filestore import path_of
from ..jobs import Job, JobState, job
from ..packs import job_file, media_type
from ..texts import date_text, text, texts
from ..web import SIGNED_IN, error, lang_of, page, requires

__all__ = ["READ_ALL_JOBS", "ROUTES", "content_disposition"]

# Who may open any job's pages; every other account opens its own jobs' only (a pack, a draft, a sign-off pack).
READ_ALL_JOBS = frozenset({"legal", "admin"})


async def _visible_job(request: Request) -> Job | Response:
    """The job of the path, or the error page: 404 when there is none, 403 when it is not the account's to see."""
    who: Account = request.state.account
    found = await run_in_threadpool(job, request.path_params["job_id"], url=request.app.state.url)
    if found is None:
        return error(request, 404, "not_found")
    if found.account_id != who.id and not {r.value for r in who.roles} & READ_ALL_JOBS:
        return error(request, 403, "forbidden")
    return found


def _stage(found: Job, lang: Lang) -> str:
    return _known(f"stage_{found.stage}" if found.stage else "stage_queued", "stage_working", lang,
                  **_stage_values(found))


def _stage_values(found: Job) -> dict[str, object]:
    """What a stage's words may name: the file the job is at, of a job over a list of files (a batch review's
    ``files``, the ``done`` first of which are done)."""
    files = found.payload.get("files")
    if isinstance(files, list) and found.done < len(files) and isinstance(files[found.done], dict):
        return {"name": files[found.done].get("name", "")}
    return {}


def _known(key: str, otherwise: str, lang: Lang, **values: object) -> str:
    """The words ``key`` if a words file has them (a kind of job names its own), else ``otherwise``'s."""
    return text(key if key in texts() else otherwise, lang, **values)


def _counts(found: Job) -> str:
    return f"{found.done:,} / {found.total:,}" if found.total else ""


@requires(SIGNED_IN)
async def job_page(request: Request) -> Response:
    found = await _visible_job(request)
    if isinstance(found, Response):
        return found
    lang = lang_of(request)
    files: list[dict[str, Any]] = found.result.get("files", []) if found.state is JobState.done else []
    return page(request, "job.html", job=found, state=text(f"job_{found.state.value}", lang),
                title=_known(f"job_kind_{found.kind}", "job_title", lang), stage=_stage(found, lang),
                counts=_counts(found), files=files, quote=quote, asked_on=date_text(found.created_at, lang),
                done=_known(f"done_{found.kind}", "done_files", lang, n=found.result.get("people", 0)),
                role_text=lambda role: text(f"file_{role}", lang) if f"file_{role}" in texts() else "",
                notes=found.result.get("notes", []), reviewed=batch_entries(found.result),
                failed_help=_known(f"job_failed_help_{found.kind}", "job_failed_help", lang))


@requires(SIGNED_IN)
async def job_progress(request: Request) -> Response:
    found = await _visible_job(request)
    if isinstance(found, Response):
        return found
    lang = lang_of(request)
    return JSONResponse({"state": found.state.value, "state_text": text(f"job_{found.state.value}", lang),
                         "stage": found.stage, "stage_text": _stage(found, lang), "done": found.done,
                         "total": found.total, "counts_text": _counts(found), "percent": found.percent,
                         "over": found.over})


def content_disposition(name: str) -> str:
    """``attachment`` with ``name`` as an ASCII fallback (``filename=``) and in full, UTF-8 (RFC 5987/6266
    ``filename*``), so a Chinese name reaches the browser whole and no quote or line break breaks the header."""
    fallback = "".join(c if c.isascii() and c.isprintable() and c not in '"\\;' else "_" for c in name) or "download"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


@requires(SIGNED_IN)
async def job_download(request: Request) -> Response:
    found = await _visible_job(request)
    if isinstance(found, Response):
        return found
    name = request.path_params["name"]
    entry = job_file(found, name)
    if entry is None:
        return error(request, 404, "not_found")
    try:
        path = path_of(str(entry.get("sha256", "")))
    except ValueError:
        return error(request, 404, "not_found")
    if not path.is_file():
        return error(request, 404, "file_gone")
    return FileResponse(path, media_type=media_type(name), headers={"content-disposition": content_disposition(name)})


ROUTES = [
    Route("/jobs/{job_id:int}", job_page),
    Route("/jobs/{job_id:int}/progress", job_progress),
    Route("/jobs/{job_id:int}/files/{name}", job_download),
]
