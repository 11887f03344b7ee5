"""Signing in and out, the home page, changing one's password, and the language switch."""

from __future__ import annotations

import re
import secrets

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from ..accounts import MIN_PASSWORD, Account, AccountError, authenticate, change_password, end_sessions
from ..texts import date_text, text
from ..throttle import blocked_for, forget, record_failure
from ..web import ANYONE, SIGNED_IN, error, form_fields, lang_of, page, requires

__all__ = ["ROUTES"]

# Where the language switch may send the browser back to: a path of this site, never another site ("//x").
_LOCAL_PATH = re.compile(r"/(?:[A-Za-z0-9_-]+(?:/[A-Za-z0-9_-]+)*)?")


@requires(ANYONE)
async def login(request: Request) -> Response:
    if request.method == "GET":
        return page(request, "login.html")
    fields = await form_fields(request)
    if fields is None:
        return error(request, 403, "stale_form")
    username, address = fields.get("username", "").strip().lower()[:64], request.client.host if request.client else "-"
    wait = blocked_for(username, address, url=request.app.state.url)
    if wait:
        return page(request, "login.html", 429, problem=text("wait", lang_of(request), minutes=(wait + 59) // 60),
                     username=username)
    who = authenticate(username, fields.get("password", ""), url=request.app.state.url)
    if who is None:
        record_failure(username, address, url=request.app.state.url)
        return page(request, "login.html", 401, problem=text("bad_sign_in", lang_of(request)), username=username)
    forget(username, url=request.app.state.url)
    lang = request.session.get("lang")
    request.session.clear()  # a new session for the signed-in account: no fixation
    request.session.update({"account": who.id, "epoch": who.session_epoch, "csrf": secrets.token_urlsafe(32),
                            **({"lang": lang} if lang else {})})
    return RedirectResponse("/", status_code=303)


@requires(SIGNED_IN)
async def logout(request: Request) -> Response:
    if await form_fields(request) is None:
        return error(request, 403, "stale_form")
    await run_in_threadpool(end_sessions, request.state.account.id, url=request.app.state.url)  # copies too
    lang = request.session.get("lang")
    request.session.clear()  # the account and its form token go; the language chosen stays
    if lang:
        request.session["lang"] = lang
    return RedirectResponse("/login", status_code=303)


@requires(SIGNED_IN)
async def home(request: Request) -> Response:
    who: Account = request.state.account
    lang = lang_of(request)
    return page(request, "home.html", account=who, roles=[text(f"role_{r.value}", lang) for r in sorted(who.roles)],
                 since=date_text(who.created_at, lang))


@requires(SIGNED_IN)
async def password(request: Request) -> Response:
    who: Account = request.state.account
    if request.method == "GET":
        return page(request, "password.html", min_password=MIN_PASSWORD)
    fields = await form_fields(request)
    if fields is None:
        return error(request, 403, "stale_form")
    new = fields.get("new", "")
    if new != fields.get("repeat", ""):
        return page(request, "password.html", 400, min_password=MIN_PASSWORD,
                     problem=text("passwords_differ", lang_of(request)))
    try:
        change_password(who, fields.get("current", ""), new, url=request.app.state.url)
    except AccountError as e:
        return page(request, "password.html", 400, min_password=MIN_PASSWORD, problem=str(e))
    request.session["epoch"] = who.session_epoch + 1  # this session goes on; the others are over
    return page(request, "password.html", min_password=MIN_PASSWORD, done=text("password_changed", lang_of(request)))


@requires(ANYONE)
async def language(request: Request) -> Response:
    code = request.path_params["code"]
    if code not in ("zh", "en"):
        return error(request, 404, "not_found")
    request.session["lang"] = code
    back = request.query_params.get("next", "/")
    return RedirectResponse(back if _LOCAL_PATH.fullmatch(back) else "/", status_code=303)


ROUTES = [
    Route("/", home), Route("/login", login, methods=["GET", "POST"]), Route("/logout", logout, methods=["POST"]),
    Route("/account/password", password, methods=["GET", "POST"]), Route("/lang/{code}", language),
]
