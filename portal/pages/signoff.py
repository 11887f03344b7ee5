"""Sign-off pages: an approver's queue, a document's sign-off (each role's state for its current version, who
decided, approvals voided by a newer version and why, overrides for everyone to see), the decision form, and the
sign-off pack made by a job."""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from clause_library.errors import LedgerError, SignoffRefused
from clause_library.models import Lang, Role
from signoff.ledger import Entry, SignoffStatus

from ..accounts import Account, PortalRole
from ..documents import Document, Version, current_version, versions
from ..jobs import jobs_of, submit
from ..reviews import stored_review
from ..signoffs import approver_roles, decide, queue, state_of
from ..texts import date_text, text
from ..web import SIGNED_IN, error, form_fields, lang_of, page, requires
from .documents import readable_document

__all__ = ["APPROVERS", "ROUTES"]

APPROVERS = frozenset(r.value for r in PortalRole if r.approves_as is not None)  # legal, finance, business


@requires(APPROVERS)
async def queue_page(request: Request) -> Response:
    who: Account = request.state.account
    waiting = await run_in_threadpool(queue, who, url=request.app.state.url)
    lang = lang_of(request)
    return page(request, "signoff_queue.html", waiting=waiting, date_text=lambda d: date_text(d, lang),
                role_text=lambda r: text(f"role_{r.value}", lang))


def _readable(request: Request) -> tuple[Document, Version] | Response:
    """The document of the path and its current version, when the account may read it; else the error page."""
    doc = readable_document(request)
    if isinstance(doc, Response):
        return doc
    version = current_version(doc.id, url=request.app.state.url)
    return error(request, 404, "not_found") if version is None else (doc, version)


def _role_blockers(version: Version, url: str | None) -> dict[Role, int]:
    """Each role's blockers in the version's review (its report's summary)."""
    found = stored_review(version.review_id, url=url)
    summary = found.report.get("summary", {}) if found else {}
    return {role: summary.get(role.value, {}).get("blocker", 0) for role in Role}


def _entry_view(e: Entry, lang: Lang, numbers: dict[str, int]) -> dict[str, Any]:
    return {"id": e.id, "role": text(f"role_{e.role.value}", lang), "person": e.person, "on": date_text(e.at, lang),
            "time": e.at.strftime("%H:%M UTC"), "decision": text(f"decision_{e.decision.value}", lang),
            "comment": e.comment, "override_reason": e.override_reason, "version": numbers.get(e.doc_sha256),
            "recorded_by": text("recorded_portal", lang, username=e.account_username, id=e.account_id)
            if e.source == "portal" else text("recorded_cli" if e.source == "cli" else "recorded_unknown", lang)}


def _view(request: Request, doc: Document, version: Version, state: SignoffStatus,
          status: int = 200, problem: str = "") -> Response:
    lang, url = lang_of(request), request.app.state.url
    numbers = {v.sha256: v.number for v in versions(doc.id, url=url)}
    roles = [{"role": role, "name": text(f"role_{role.value}", lang), "state": rs.state.value,
              "state_text": text(f"state_{rs.state.value}", lang),
              "entry": _entry_view(rs.entry, lang, numbers) if rs.entry else None,
              "void": [_entry_view(e, lang, numbers) for e in rs.void]} for role, rs in state.roles.items()]
    overrides = [_entry_view(e, lang, numbers) for e in state.entries if e.override]
    return page(request, "signoff.html", status, doc=doc, version=version, roles=roles, overrides=overrides,
                mine=approver_roles(request.state.account), blockers=_role_blockers(version, url),
                all_approved=state.all_approved, problem=problem, head=state.chain.head[:16],
                rows=state.chain.rows)


@requires(SIGNED_IN)
async def signoff_page(request: Request) -> Response:
    found = await run_in_threadpool(_readable, request)
    if isinstance(found, Response):
        return found
    doc, version = found
    return _view(request, doc, version, await run_in_threadpool(state_of, doc, version))


def _decision(fields: dict[str, str], mine: list[Role]) -> tuple[Role, bool, str, str | None] | str:
    """The decision the form asks for, or the key of what is wrong with it."""
    role = next((r for r in mine if r.value == fields.get("role")), None)
    if role is None or fields.get("decision") not in ("approve", "reject"):
        return "bad_decision"
    reason = fields.get("reason", "").strip() or None
    approve = fields["decision"] == "approve"
    if reason and not approve:
        return "override_on_reject"
    return role, approve, fields.get("comment", "").strip(), reason


@requires(APPROVERS)
async def decide_page(request: Request) -> Response:
    found = await run_in_threadpool(_readable, request)
    if isinstance(found, Response):
        return found
    fields = await form_fields(request)
    if fields is None:
        return error(request, 403, "stale_form")
    doc, version = found
    who: Account = request.state.account
    lang = lang_of(request)
    asked = _decision(fields, approver_roles(who))
    if not isinstance(asked, str) and fields.get("sha256") != version.sha256:  # a newer version since it was read
        asked = "newer_version"
    if isinstance(asked, str):
        state = await run_in_threadpool(state_of, doc, version)
        return _view(request, doc, version, state, 409 if asked == "newer_version" else 400, text(asked, lang))
    role, approve, comment, reason = asked
    try:
        await run_in_threadpool(decide, who, doc, version, role, approve=approve, comment=comment,
                                override_reason=reason)
    except (SignoffRefused, LedgerError) as e:
        state = await run_in_threadpool(state_of, doc, version)
        key = "needs_override" if isinstance(e, SignoffRefused) else "not_recorded"
        return _view(request, doc, version, state, 409, text(key, lang, reason=str(e).split("\n", 1)[0]))
    return RedirectResponse(f"/documents/{doc.id}/signoff", status_code=303)


@requires(SIGNED_IN)
async def pack_page(request: Request) -> Response:
    found = await run_in_threadpool(_readable, request)
    if isinstance(found, Response):
        return found
    if await form_fields(request) is None:
        return error(request, 403, "stale_form")
    doc, version = found
    job_id = await run_in_threadpool(_pack_job, request.state.account.id, doc, version, request.app.state.url)
    return RedirectResponse(f"/jobs/{job_id}", status_code=303)


def _pack_job(account_id: int, doc: Document, version: Version, url: str | None) -> int:
    """The account's pack job for this version still to finish, else a new one: pressing the button again (or
    twenty times) queues one LibreOffice run, not twenty."""
    payload = {"document_id": doc.id, "sha256": version.sha256, "url": url}
    waiting = [j for j in jobs_of(account_id, "signoff_pack", url=url) if not j.over and j.payload == payload]
    return waiting[0].id if waiting else submit("signoff_pack", payload, account_id, url=url)


ROUTES = [
    Route("/signoff", queue_page),
    Route("/documents/{document_id:int}/signoff", signoff_page),
    Route("/documents/{document_id:int}/signoff/decide", decide_page, methods=["POST"]),
    Route("/documents/{document_id:int}/signoff/pack", pack_page, methods=["POST"]),
]
