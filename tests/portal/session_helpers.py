"""Signing in on the portal in tests: an account's session cookie, got once per module (argon2 makes each password
check cost a few tenths of a second) and set on each test's client."""

from __future__ import annotations

from pathlib import Path

from starlette.testclient import TestClient

from portal.accounts import add_account
from portal.web import create_app
from tests.databases import database_url
from tests.portal.packs_helpers import form_token

__all__ = ["KEY", "client_of", "one_legal_account", "session_cookies"]

KEY = "k" * 48  # the session key the tests' apps sign with


def session_cookies(url: str, username: str, password: str) -> dict[str, str]:
    """``username``'s session cookie on the portal over the database ``url``, signed in with ``password``."""
    client = TestClient(create_app(url=url, key=KEY), follow_redirects=False)
    signed = client.post("/login", data={"csrf": form_token(client, "/login"), "username": username,
                                         "password": password})
    assert signed.status_code == 303, signed.text
    return dict(client.cookies)


def one_legal_account(folder: Path, password: str) -> str:
    """A new portal database (tests/databases) with one account, legal.user (legal); its URL."""
    found = database_url(folder)
    add_account("legal.user", "法务用户", ["legal"], password, url=found)
    return found


def client_of(url: str, session: dict[str, str]) -> TestClient:
    """A client of a new app over ``url``, in the session of these cookies."""
    client = TestClient(create_app(url=url, key=KEY), follow_redirects=False)
    client.cookies.update(session)
    return client
