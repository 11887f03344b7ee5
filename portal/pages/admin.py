"""The administrator's page: the accounts (managed with `contracts users`), and the shared ledger's setting that
allows or forbids sign-offs recorded from the command line."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from clause_library.errors import LedgerNotFound
from signoff.ledger import command_line_allowed, set_command_line
from signoff.store import locate_db

from ..accounts import list_accounts
from ..texts import date_text, text
from ..web import error, form_fields, lang_of, page, requires

__all__ = ["ROUTES"]

ADMIN = frozenset({"admin"})


def _allowed() -> bool:
    try:
        return command_line_allowed()
    except LedgerNotFound:
        return True  # no ledger yet: nothing forbids it


@requires(ADMIN)
async def admin_page(request: Request) -> Response:
    lang = lang_of(request)
    accounts = await run_in_threadpool(list_accounts, url=request.app.state.url)
    return page(request, "admin.html", accounts=accounts, ledger=locate_db(),
                command_line=await run_in_threadpool(_allowed),
                roles_text=lambda a: "、".join(text(f"role_{r.value}", lang) for r in sorted(a.roles)),
                date_text=lambda d: date_text(d, lang))


@requires(ADMIN)
async def command_line(request: Request) -> Response:
    fields = await form_fields(request)
    if fields is None:
        return error(request, 403, "stale_form")
    if fields.get("command_line") not in ("allowed", "forbidden"):
        return error(request, 400, "bad_setting")
    await run_in_threadpool(set_command_line, fields["command_line"] == "allowed")
    return RedirectResponse("/admin", status_code=303)


ROUTES = [Route("/admin", admin_page), Route("/admin/command-line", command_line, methods=["POST"])]
