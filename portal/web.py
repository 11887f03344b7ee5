"""The portal's web application (Starlette): sign-in, sessions, CSRF, security headers, and each page's access.

Pages are rendered on the server with Jinja2; the browser runs no script. A session is a signed, HttpOnly,
SameSite=Lax cookie holding the account id and the form token; the account is read again on every request,
so a disabled account is out at once. Every POST carries the session's form token (CSRF). ``ACCESS`` says who
may open each page, and the authorization test calls every route as every role.
"""

from __future__ import annotations

import hmac
import os
import re
import secrets
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile as StarletteUploadFile
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from clause_library.errors import DocumentReadError
from clause_library.models import Lang
from clause_library.resources import shipped
from signoff.store import contracts_home

from .accounts import MIN_PASSWORD, Account, AccountError, account, authenticate, change_password
from .filestore import MAX_UPLOAD, TooLarge, store
from .reviews import group_findings, kind_text, review_stored, reviews_by, shown_name, stored_review
from .texts import date_text, text
from .throttle import blocked_for, forget, record_failure

__all__ = ["ACCESS", "ANYONE", "SECRET_ENV", "SIGNED_IN", "create_app", "requires", "secret_key"]

SECRET_ENV = "CONTRACTS_SECRET_KEY"
ANYONE = "anyone"
SIGNED_IN = "any account"
# Who may open each page: anyone, any signed-in account, or the accounts with one of the roles named.
ACCESS: dict[str, str | frozenset[str]] = {
    "/login": ANYONE,
    "/lang/{code}": ANYONE,
    "/static": ANYONE,
    "/": SIGNED_IN,
    "/logout": SIGNED_IN,
    "/account/password": SIGNED_IN,
    "/review": SIGNED_IN,
    "/reviews/{review_id:int}": SIGNED_IN,  # and then: the one who asked, or an approver or admin
}
# Where the language switch may send the browser back to: a path of this site, never another site ("//x").
_LOCAL_PATH = re.compile(r"/(?:[A-Za-z0-9_-]+(?:/[A-Za-z0-9_-]+)*)?")
# Who may read any review, not only their own: the approvers and the admins.
_READ_ALL_REVIEWS = frozenset({"legal", "finance", "business", "admin"})
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


def _lang(request: Request) -> Lang:
    return Lang.en if request.session.get("lang") == "en" else Lang.zh


def _csrf(request: Request) -> str:
    token = request.session.get("csrf")
    if not isinstance(token, str):
        token = request.session["csrf"] = secrets.token_urlsafe(32)
    return token


def _page(request: Request, template: str, status: int = 200, **values: object) -> HTMLResponse:
    lang = _lang(request)
    values.setdefault("account", getattr(request.state, "account", None))
    values.setdefault("here", request.url.path)
    body = _TEMPLATES.get_template(template).render(
        lang=lang.value, t=lambda key, **kw: text(key, lang, **kw), csrf=_csrf(request), **values)
    return HTMLResponse(body, status_code=status)


def _error(request: Request, status: int, key: str) -> HTMLResponse:
    return _page(request, "error.html", status, message=key)


def _signed_in(request: Request) -> Account | None:
    account_id = request.session.get("account")
    found = account(account_id, url=request.app.state.url) if isinstance(account_id, int) else None
    if found is None or found.disabled:
        request.session.pop("account", None)
        return None
    return found


def _token_ok(request: Request, sent: object) -> bool:
    """Whether a form's token is the session's: a form from this site, in this session (CSRF)."""
    expected = request.session.get("csrf")
    return isinstance(sent, str) and isinstance(expected, str) and hmac.compare_digest(sent.encode(), expected.encode())


async def _form(request: Request) -> dict[str, str] | None:
    """The POSTed form's fields, or ``None`` when its token is not the session's (a forged or stale form)."""
    form = await request.form(max_files=0, max_fields=20, max_part_size=16 * 1024)
    fields = {k: v for k, v in form.items() if isinstance(v, str)}
    return fields if _token_ok(request, fields.get("csrf")) else None


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
                return _error(request, 403, "forbidden")
            request.state.account = who
            return await handler(request)

        return guarded

    return guard


@requires(ANYONE)
async def login(request: Request) -> Response:
    if request.method == "GET":
        return _page(request, "login.html")
    fields = await _form(request)
    if fields is None:
        return _error(request, 403, "stale_form")
    username, address = fields.get("username", "").strip().lower()[:64], request.client.host if request.client else "-"
    wait = blocked_for(username, address, url=request.app.state.url)
    if wait:
        return _page(request, "login.html", 429, problem=text("wait", _lang(request), minutes=(wait + 59) // 60),
                     username=username)
    who = authenticate(username, fields.get("password", ""), url=request.app.state.url)
    if who is None:
        record_failure(username, address, url=request.app.state.url)
        return _page(request, "login.html", 401, problem=text("bad_sign_in", _lang(request)), username=username)
    forget(username, url=request.app.state.url)
    lang = request.session.get("lang")
    request.session.clear()  # a new session for the signed-in account: no fixation
    request.session.update({"account": who.id, "csrf": secrets.token_urlsafe(32), **({"lang": lang} if lang else {})})
    return RedirectResponse("/", status_code=303)


@requires(SIGNED_IN)
async def logout(request: Request) -> Response:
    if await _form(request) is None:
        return _error(request, 403, "stale_form")
    lang = request.session.get("lang")
    request.session.clear()  # the account and its form token go; the language chosen stays
    if lang:
        request.session["lang"] = lang
    return RedirectResponse("/login", status_code=303)


@requires(SIGNED_IN)
async def home(request: Request) -> Response:
    who: Account = request.state.account
    lang = _lang(request)
    return _page(request, "home.html", account=who, roles=[text(f"role_{r.value}", lang) for r in sorted(who.roles)],
                 since=date_text(who.created_at, lang))


@requires(SIGNED_IN)
async def password(request: Request) -> Response:
    who: Account = request.state.account
    if request.method == "GET":
        return _page(request, "password.html", min_password=MIN_PASSWORD)
    fields = await _form(request)
    if fields is None:
        return _error(request, 403, "stale_form")
    new = fields.get("new", "")
    if new != fields.get("repeat", ""):
        return _page(request, "password.html", 400, min_password=MIN_PASSWORD,
                     problem=text("passwords_differ", _lang(request)))
    try:
        change_password(who, fields.get("current", ""), new, url=request.app.state.url)
    except AccountError as e:
        return _page(request, "password.html", 400, min_password=MIN_PASSWORD, problem=str(e))
    return _page(request, "password.html", min_password=MIN_PASSWORD, done=text("password_changed", _lang(request)))


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
        if not _token_ok(request, form.get("csrf")):
            return _error(request, 403, "stale_form")
        upload = form.get("document")
        if not isinstance(upload, StarletteUploadFile) or not upload.filename:
            return _review_form(request, who, 400, "no_file")
        try:
            sha = await store(_chunks(upload))
        except TooLarge:
            return _review_form(request, who, 413, "too_large")
        name = shown_name(upload.filename)
    try:
        review_id = await run_in_threadpool(review_stored, sha, name, who.id, url=request.app.state.url)
    except DocumentReadError as e:
        return _review_form(request, who, 400, "unreadable", reason=f"{name}: {e.reason}")
    return RedirectResponse(f"/reviews/{review_id}", status_code=303)


async def _chunks(upload: StarletteUploadFile) -> AsyncIterator[bytes]:
    while chunk := await upload.read(1 << 20):
        yield chunk


def _review_form(request: Request, who: Account, status: int = 200, problem: str = "", **values: object) -> Response:
    lang = _lang(request)
    return _page(request, "review.html", status, mine=reviews_by(who.id, url=request.app.state.url),
                 problem=text(problem, lang, **values) if problem else "", date_text=lambda d: date_text(d, lang))


@requires(SIGNED_IN)
async def report_page(request: Request) -> Response:
    who: Account = request.state.account
    found = stored_review(request.path_params["review_id"], url=request.app.state.url)
    if found is None:
        return _error(request, 404, "not_found")
    if found.account_id != who.id and not {r.value for r in who.roles} & _READ_ALL_REVIEWS:
        return _error(request, 403, "forbidden")
    lang = _lang(request)
    report = found.report
    return _page(request, "report.html", found=found, report=report, groups=group_findings(report),
                 kind=kind_text(report.get("kind", ""), report.get("outsourcing"), lang),
                 blockers=sum(1 for f in report.get("findings", []) if f["severity"] == "blocker"),
                 message=f"message_{lang.value}", reviewed_on=date_text(found.created_at, lang))


@requires(ANYONE)
async def language(request: Request) -> Response:
    code = request.path_params["code"]
    if code not in ("zh", "en"):
        return _error(request, 404, "not_found")
    request.session["lang"] = code
    back = request.query_params.get("next", "/")
    return RedirectResponse(back if _LOCAL_PATH.fullmatch(back) else "/", status_code=303)


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


def create_app(*, url: str | None = None, key: str | None = None, https_only: bool = False) -> Starlette:
    """The portal's application over the database ``url`` (``None``: ``portal.database.database_url()``),
    sessions signed with ``key`` (``None``: ``secret_key()``); ``https_only`` marks the cookie Secure (behind
    TLS)."""
    app = Starlette(
        routes=[
            Route("/", home), Route("/login", login, methods=["GET", "POST"]),
            Route("/logout", logout, methods=["POST"]), Route("/account/password", password, methods=["GET", "POST"]),
            Route("/review", review_page, methods=["GET", "POST"]), Route("/reviews/{review_id:int}", report_page),
            Route("/lang/{code}", language), Mount("/static", StaticFiles(directory=shipped("portal", "static"))),
        ],
        middleware=[
            Middleware(_SecurityHeaders),
            Middleware(SessionMiddleware, secret_key=key or secret_key(), session_cookie="contracts_session",
                       max_age=8 * 3600, same_site="lax", https_only=https_only),
        ],
    )
    app.state.url = url
    return app
