"""`contracts db setup`: the owner makes or migrates the portal's tables and the ledger, and grants the role the web
nodes and workers log in as what they need: that role then runs the portal and appends sign-offs, but can change no
table's shape and no sign-off (docs/deploy.md)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url
from starlette.testclient import TestClient

from portal.accounts import add_account
from portal.web import create_app
from tests.databases import postgres_url

PASSWORD = "a long password 2026"
ROOT = Path(__file__).resolve().parents[2]


def _setup(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """`contracts db setup ARGS` with these variables (and no database or ledger of the caller's)."""
    clean = {k: v for k, v in os.environ.items() if k not in ("CONTRACTS_DATABASE_URL", "CONTRACTS_SIGNOFF_DB")}
    return subprocess.run([sys.executable, "-m", "contracts", "db", "setup", *args], env={**clean, **env},
                          cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)


def _sql(url: str, *statements: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)  # type: ignore[arg-type]  # statements written here, not from outside


def test_on_sqlite_it_makes_both_files_and_refuses_a_role(tmp_path: Path) -> None:
    result = _setup(CONTRACTS_HOME=str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "portal.sqlite3").is_file() and (tmp_path / "signoff.sqlite3").is_file()
    assert f"portal tables: up to date in {tmp_path / 'portal.sqlite3'}" in result.stdout
    refused = _setup("--app-role", "contracts_app", CONTRACTS_HOME=str(tmp_path))
    assert refused.returncode == 2 and "--app-role is for PostgreSQL" in refused.stderr
    assert "Traceback" not in refused.stderr


@pytest.fixture
def owner_and_app() -> Iterator[tuple[str, str, str]]:
    """A schema of its own (its owner's URL), a login role that owns nothing there, and that role's URL."""
    owner = postgres_url()
    name = f"app_{uuid.uuid4().hex[:12]}"
    _sql(owner, f"CREATE ROLE {name} LOGIN")
    as_app = make_url(owner).set(username=name).render_as_string(hide_password=False)
    try:
        yield owner, name, as_app
    finally:
        from portal.database import _engine
        from signoff.engines import _dispose_engines

        _dispose_engines()
        _engine(as_app).dispose()  # the role's pooled connections closed before the role goes (the engines of other
        # tests stay cached: dropping them unclosed leaves their connections to the garbage collector)
        _sql(owner, f"DROP OWNED BY {name}", f"DROP ROLE {name}")


def test_the_app_role_runs_the_portal_but_changes_no_table_and_no_sign_off(
        owner_and_app: tuple[str, str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    owner, name, as_app = owner_and_app
    bad = _setup("--app-role", 'x"; DROP TABLE accounts; --', CONTRACTS_DATABASE_URL=owner)
    assert bad.returncode == 2 and "is not a role name" in bad.stderr and "Traceback" not in bad.stderr
    result = _setup("--app-role", name, CONTRACTS_DATABASE_URL=owner)
    assert result.returncode == 0, result.stderr
    assert "sign-off ledger: up to date in" in result.stdout
    assert f"{name}: may read and write the portal's tables, and only read and append the ledger" in result.stdout

    monkeypatch.setenv("CONTRACTS_DATABASE_URL", as_app)
    monkeypatch.delenv("CONTRACTS_SIGNOFF_DB", raising=False)
    add_account("li.na", "李娜", ["legal", "admin"], PASSWORD, url=as_app)
    client = TestClient(create_app(url=as_app, key="k" * 48), follow_redirects=False)
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text)
    assert token is not None
    assert client.post("/login", data={"csrf": token[1], "username": "li.na", "password": PASSWORD}
                       ).status_code == 303
    assert client.get("/admin").status_code == 200  # the page that reads the ledger's settings
    for statement in ("DROP TABLE accounts", "ALTER TABLE accounts ADD COLUMN x TEXT", "UPDATE schema_version SET "
                      "version = 1", "UPDATE signoffs SET person = 'x'", "DELETE FROM signoffs", "TRUNCATE signoffs"):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            _sql(as_app, statement)
    rerun = _setup("--app-role", name, CONTRACTS_DATABASE_URL=owner)
    assert rerun.returncode == 0, rerun.stderr  # a second run changes nothing and fails on nothing
