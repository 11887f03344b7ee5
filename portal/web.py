"""The portal's web application (Starlette): sign-in, sessions, CSRF, security headers, and each page's access.

Pages are rendered on the server with Jinja2 (one module per part in ``portal.pages``); the browser runs no
script of ours but a vendored file or two under /static. A session is a signed, HttpOnly,
SameSite=Lax cookie holding the account id and the form token; the account is read again on every request,
so a disabled account is out at once. Every POST carries the session's form token (CSRF). Each page says who
may open it (``requires``); ``access_table`` gathers them, and the authorization test calls every route as every role.
"""

from __future__ import annotations

import contextlib
import hmac
import logging
import multiprocessing
import os
import secrets
import tempfile
import threading
from collections.abc import AsyncIterator, Awaitable, Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from clause_library.models import Lang
from clause_library.resources import shipped
from signoff.store import contracts_home

from .accounts import Account, account
from .jobs import QueueError
from .texts import text

__all__ = ["ANYONE", "SECRET_ENV", "SIGNED_IN", "access_table", "create_app", "error", "form_fields", "lang_of", "page",
           "requires", "secret_key", "token_ok", "upload_chunks"]

SECRET_ENV = "CONTRACTS_SECRET_KEY"
_log = logging.getLogger("contracts.portal.web")
# Who may open a page (``requires``): anyone, any signed-in account, or the accounts with one of the roles named.
ANYONE = "anyone"
SIGNED_IN = "any account"
_HEADERS = [
    (b"content-security-policy", b"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
                                 b"form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"cache-control", b"no-store"),
]
_TEMPLATES = Environment(loader=FileSystemLoader(shipped("portal", "templates")),
                         autoescape=select_autoescape(default=True), auto_reload=False)

# The largest id a row may have (a signed 64-bit integer): a larger number in a path is no object's.
_MAX_ID = (1 << 63) - 1

Handler = Callable[[Request], Awaitable[Response]]


class _SecurityHeaders:
    """Adds the security headers to every response, pages, redirects and static files alike."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *_HEADERS]
            await send(message)

        await self.app(scope, receive, with_headers if scope["type"] == "http" else send)


def lang_of(request: Request) -> Lang:
    return Lang.en if request.session.get("lang") == "en" else Lang.zh


def _csrf(request: Request) -> str:
    token = request.session.get("csrf")
    if not isinstance(token, str):
        token = request.session["csrf"] = secrets.token_urlsafe(32)
    return token


def page(request: Request, template: str, status: int = 200, **values: object) -> HTMLResponse:
    lang = lang_of(request)
    values.setdefault("account", getattr(request.state, "account", None))
    values.setdefault("here", request.url.path)
    body = _TEMPLATES.get_template(template).render(
        lang=lang.value, t=lambda key, **kw: text(key, lang, **kw), csrf=_csrf(request), **values)
    return HTMLResponse(body, status_code=status)


def error(request: Request, status: int, key: str) -> HTMLResponse:
    return page(request, "error.html", status, message=key)


def _signed_in(request: Request) -> Account | None:
    account_id = request.session.get("account")
    found = account(account_id, url=request.app.state.url) if isinstance(account_id, int) else None
    if found is None or found.disabled or request.session.get("epoch") != found.session_epoch:
        request.session.pop("account", None)
        return None
    return found


def token_ok(request: Request, sent: object) -> bool:
    """Whether a form's token is the session's: a form from this site, in this session (CSRF)."""
    expected = request.session.get("csrf")
    return isinstance(sent, str) and isinstance(expected, str) and hmac.compare_digest(sent.encode(), expected.encode())


async def form_fields(request: Request) -> dict[str, str] | None:
    """The POSTed form's fields, or ``None`` when its token is not the session's (a forged or stale form)."""
    form = await request.form(max_files=0, max_fields=20, max_part_size=16 * 1024)
    fields = {k: v for k, v in form.items() if isinstance(v, str)}
    return fields if token_ok(request, fields.get("csrf")) else None


async def upload_chunks(upload: UploadFile) -> AsyncIterator[bytes]:
    """An uploaded file's bytes, a megabyte at a time (for ``filestore.store``)."""
    while chunk := await upload.read(1 << 20):
        yield chunk


def requires(access: str | frozenset[str]) -> Callable[[Handler], Handler]:
    """Guard a page: anonymous visitors go to the sign-in page; accounts without a role it needs get 403."""

    def guard(handler: Handler) -> Handler:
        async def guarded(request: Request) -> Response:
            if access == ANYONE:
                return await handler(request)
            who = _signed_in(request)
            if who is None:
                return RedirectResponse("/login", status_code=303)
            if access != SIGNED_IN and not {r.value for r in who.roles} & set(access):
                return error(request, 403, "forbidden")
            if any(isinstance(v, int) and v > _MAX_ID for v in request.path_params.values()):
                return error(request, 404, "not_found")  # no row has it, and the database cannot even compare it
            request.state.account = who
            return await handler(request)

        guarded.access = access  # type: ignore[attr-defined]  # read by access_table
        guarded.__name__, guarded.__doc__ = handler.__name__, handler.__doc__
        return guarded

    return guard


def secret_key() -> str:
    """The key sessions are signed with: ``$CONTRACTS_SECRET_KEY``, else ``portal.key`` in ``$CONTRACTS_HOME``,
    made (random, readable by its owner only) the first time. Several web nodes share it through either."""
    env = os.environ.get(SECRET_ENV)
    if env:
        return env
    path = contracts_home() / "portal.key"
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        _create_key(path)
        return path.read_text(encoding="ascii").strip()


def _create_key(path: Path) -> None:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first: use theirs
        return
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.write(secrets.token_urlsafe(48) + "\n")


def access_table() -> dict[str, str | frozenset[str]]:
    """Who may open each route (its path as routed, e.g. ``/reviews/{review_id:int}``): what its ``requires`` says."""
    from .pages import routes

    table: dict[str, str | frozenset[str]] = {r.path: r.endpoint.access for r in routes()}  # type: ignore[attr-defined]
    return {**table, "/static": ANYONE}


def _warm_up() -> None:
    """Review a few lines once, so that the first upload does not wait two seconds for the library and the
    reviewer's tables to load (run in a thread when the portal starts)."""
    from .reviews import review_file

    with tempfile.TemporaryDirectory(prefix="contracts-warm-") as tmp:
        sample = Path(tmp) / "sample.txt"
        sample.write_text("技术服务合同\n合同编号：W-1\n甲方：甲公司\n乙方：乙公司\n第一条 服务费为人民币100元。\n",
                          encoding="utf-8")
        review_file(str(sample), sample.name, "0" * 64)


@contextlib.asynccontextmanager
async def _lifespan(app: Starlette) -> AsyncIterator[None]:
    processes = app.state.review_processes
    if not processes:
        threading.Thread(target=_warm_up, name="warm-up", daemon=True).start()
        yield
        return
    # Reviews in processes of their own: a long review (a 500-page PDF) holds no page view up by the GIL.
    with ProcessPoolExecutor(max_workers=processes, mp_context=multiprocessing.get_context("spawn")) as pool:
        for _ in range(processes):
            pool.submit(_warm_up)
        app.state.review_pool = pool
        yield
        app.state.review_pool = None


async def _queue_down(request: Request, e: Exception) -> Response:
    """A page that submits a job, when the queue cannot be reached (Redis down): 503 and what to do, not a 500; the
    job's row says it failed, and the log says why."""
    _log.warning("%s %s: the job queue cannot be used: %s", request.method, request.url.path, e)
    return error(request, 503, "queue_down")


def create_app(*, url: str | None = None, key: str | None = None, https_only: bool = False,
               review_processes: int = 0) -> Starlette:
    """The portal's application over the database ``url`` (``None``: ``portal.database.database_url()``),
    sessions signed with ``key`` (``None``: ``secret_key()``); ``https_only`` marks the cookie Secure (behind
    TLS); ``review_processes``: reviews run in that many processes of their own (0: in the request's thread
    pool, as the tests run them)."""
    from .pages import routes

    app = Starlette(
        routes=[*routes(), Mount("/static", StaticFiles(directory=shipped("portal", "static")))],
        lifespan=_lifespan,
        exception_handlers={QueueError: _queue_down},
        middleware=[
            Middleware(_SecurityHeaders),
            Middleware(SessionMiddleware, secret_key=key or secret_key(), session_cookie="contracts_session",
                       max_age=8 * 3600, same_site="lax", https_only=https_only),
        ],
    )
    app.state.url = url
    app.state.review_processes = review_processes
    app.state.review_pool = None
    return app
