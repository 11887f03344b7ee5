"""The portal's accounts: argon2id hashes, roles, disabling, sign-in that says no more than no; and
`contracts users` managing them from the command line, the first admin included."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from clause_library.models import Role
from contracts.cli import app
from portal.accounts import AccountError, PortalRole, add_account, authenticate, disable_account, list_accounts
from portal.database import accounts, engine
from tests.databases import database_url

PASSWORD = "correct horse battery"


@pytest.fixture
def url(tmp_path: Path) -> str:
    return database_url(tmp_path)


def test_an_account_signs_in_with_its_password_only(url: str) -> None:
    added = add_account("li.na", "李娜", ["legal", "requester"], PASSWORD, url=url,
                        clock=lambda: dt.datetime(2026, 12, 5, 9, 0, tzinfo=dt.UTC))
    assert added.roles == {PortalRole.legal, PortalRole.requester}
    assert authenticate("li.na", PASSWORD, url=url) == added
    assert authenticate("Li.Na ", PASSWORD, url=url) == added  # as typed on a phone
    assert authenticate("li.na", PASSWORD + "!", url=url) is None
    assert authenticate("nobody", PASSWORD, url=url) is None
    with engine(url).connect() as conn:
        stored = conn.execute(select(accounts.c.password_hash)).scalar_one()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


def test_a_disabled_account_cannot_sign_in_but_stays_listed(url: str) -> None:
    add_account("wang.kj", "王会计", ["finance"], PASSWORD, url=url)
    assert disable_account("wang.kj", url=url).disabled
    assert authenticate("wang.kj", PASSWORD, url=url) is None
    assert [(a.username, a.disabled) for a in list_accounts(url=url)] == [("wang.kj", True)]
    with pytest.raises(AccountError, match="no account 'zhao'"):
        disable_account("zhao", url=url)


@pytest.mark.parametrize(("username", "name", "roles", "password", "message"), [
    ("Li Na", "李娜", ["legal"], PASSWORD, "username 'Li Na': 2–64 characters"),
    ("li.na", "", ["legal"], PASSWORD, "needs the person's name"),
    ("li.na", "李娜\x07", ["legal"], PASSWORD, "the name"),
    ("li.na", "李娜", [], PASSWORD, "at least one role"),
    ("li.na", "李娜", ["approver"], PASSWORD, "'approver' is not a valid PortalRole; roles are requester, legal"),
    ("li.na", "李娜", ["legal"], "short", "has 5 characters: use at least 12"),
    ("li.na.long", "李娜", ["legal"], "LI.NA.LONG  ", "must not be the username"),
])
def test_bad_input_adds_nothing(url: str, username: str, name: str, roles: list[str], password: str,
                                message: str) -> None:
    with pytest.raises(AccountError, match=message):
        add_account(username, name, roles, password, url=url)
    assert list_accounts(url=url) == []


def test_a_username_is_taken_once(url: str) -> None:
    add_account("li.na", "李娜", ["legal"], PASSWORD, url=url)
    with pytest.raises(AccountError, match=r"username 'li\.na' is taken"):
        add_account("li.na", "李娜（法务部）", ["business"], PASSWORD, url=url)
    assert len(list_accounts(url=url)) == 1


def test_approver_roles_are_the_sign_off_roles() -> None:
    assert {r: r.approves_as for r in PortalRole} == {
        PortalRole.requester: None, PortalRole.legal: Role.legal, PortalRole.finance: Role.finance,
        PortalRole.business: Role.business, PortalRole.admin: None}


def test_the_first_admin_is_added_from_the_command_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No default account or password: `contracts users add` asks for the password twice, hidden; the database
    is portal.sqlite3 in $CONTRACTS_HOME."""
    monkeypatch.setenv("CONTRACTS_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("CONTRACTS_DATABASE_URL", raising=False)
    runner = CliRunner()
    out = runner.invoke(app, ["users", "add", "admin.zhang", "--name", "张管理员", "--role", "admin"],
                        input=f"{PASSWORD}\n{PASSWORD}\n")
    assert out.exit_code == 0, out.output
    assert PASSWORD not in out.output
    assert "added admin.zhang (张管理员): admin; in " in out.output
    assert (tmp_path / "home" / "portal.sqlite3").stat().st_mode & 0o777 == 0o600  # it holds password hashes
    assert runner.invoke(app, ["users", "add", "li.na", "--name", "李娜", "--role", "legal", "--role", "business",
                               "--password-stdin"], input=f"{PASSWORD}\n").exit_code == 0
    listed = runner.invoke(app, ["users", "list"], env={"COLUMNS": "160"}).output
    assert "admin.zhang" in listed and "business, legal" in listed and "active" in listed
    assert runner.invoke(app, ["users", "disable", "li.na"]).exit_code == 0
    assert "disabled" in runner.invoke(app, ["users", "list"], env={"COLUMNS": "160"}).output


def test_a_weak_password_is_a_message_not_a_traceback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    import sys

    from contracts.cli import main

    monkeypatch.setenv("CONTRACTS_HOME", str(tmp_path / "home"))
    monkeypatch.setattr(sys, "argv", ["contracts", "users", "add", "li.na", "--name", "李娜", "--role", "legal",
                                      "--password-stdin"])
    monkeypatch.setattr(sys, "stdin", __import__("io").StringIO("short\n"))
    with pytest.raises(SystemExit) as e:
        main()
    err = capsys.readouterr().err
    assert e.value.code == 2 and "use at least 12" in err and "Traceback" not in err


def test_the_database_is_named_without_its_password() -> None:
    from portal.database import describe_url

    assert describe_url("postgresql://app:s3cret@db:5432/contracts") == "postgresql://app:***@db:5432/contracts"
    assert describe_url("sqlite:////srv/contracts/portal.sqlite3") == "/srv/contracts/portal.sqlite3"
    assert describe_url("postgresql://app:s3cret@db:port/contracts") == "postgresql://…"  # no port: none of it


def test_every_word_of_the_portal_is_in_both_languages() -> None:
    from clause_library.models import Lang
    from portal.texts import texts

    found = texts()
    assert {"portal", "review", "sign_in"} <= set(found)
    assert all(words[Lang.zh] and words[Lang.en] for words in found.values())
