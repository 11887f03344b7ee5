"""Signing in on the portal in tests: an account's session cookie, got once per module (argon2 makes each password
check cost a few tenths of a second) and set on each test's client."""

from __future__ import annotations

from starlette.testclient import TestClient

from portal.web import create_app
from tests.portal.packs_helpers import form_token

__all__ = ["KEY", "session_cookies"]

KEY = "k" * 48  # the session key the tests' apps sign with


def session_cookies(url: str, username: str, password: str) -> dict[str, str]:
    """``username``'s session cookie on the portal over the database ``url``, signed in with ``password``."""
    client = TestClient(create_app(url=url, key=KEY), follow_redirects=False)
    signed = client.post("/login", data={"csrf": form_token(client, "/login"), "username": username,
                                         "password": password})
    assert signed.status_code == 303, signed.text
    return dict(client.cookies)
