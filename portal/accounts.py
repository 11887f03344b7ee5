"""The portal's accounts: who may sign in, with which roles; passwords kept only as argon2id hashes."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Row, insert, select, update
from sqlalchemy.exc import IntegrityError

from clause_library.errors import ContractsError
from clause_library.models import Role
from clause_library.safety import check_text

from .database import account_roles, accounts, engine

__all__ = [
    "MIN_PASSWORD",
    "Account",
    "AccountError",
    "PortalRole",
    "account",
    "add_account",
    "authenticate",
    "change_password",
    "disable_account",
    "end_sessions",
    "list_accounts",
]

MIN_PASSWORD = 12  # characters; NIST SP 800-63B asks at least 8, and these accounts approve contracts
MAX_PASSWORD = 1024  # hashing a longer one is work an attacker could make us do for nothing
MAX_NAME = 200
_USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{1,63}")
_HASHER = PasswordHasher()  # argon2id, RFC 9106's low-memory profile
# Verified when the account is unknown or disabled, so that a wrong name costs what a wrong password costs.
_DUMMY_HASH = _HASHER.hash("not a password anyone has")

Clock = Callable[[], dt.datetime]


class AccountError(ContractsError, ValueError):
    """Raised when an account cannot be added or changed as asked: a bad name, role or password (exit 2)."""


class PortalRole(StrEnum):
    """What an account may do on the portal: request packs and drafts, approve as one of the sign-off roles,
    or administer the accounts."""

    requester = "requester"  # a business unit: asks for NDA packs, drafts and reviews
    legal = "legal"
    finance = "finance"
    business = "business"
    admin = "admin"

    @property
    def approves_as(self) -> Role | None:
        """The sign-off role an account with this role approves as; ``None`` for requester and admin."""
        return Role(self.value) if self.value in Role.__members__ else None


@dataclass(frozen=True)
class Account:
    """A portal account: ``username`` signs in, ``display_name`` is shown and recorded with its decisions."""

    id: int
    username: str
    display_name: str
    roles: frozenset[PortalRole]
    disabled: bool
    created_at: dt.datetime
    session_epoch: int = 0  # sessions signed in under another epoch are over (signed out, password changed)


def _checked_username(username: str) -> str:
    name = username.strip()
    if not _USERNAME.fullmatch(name):
        raise AccountError(f"username {username!r}: 2–64 characters, lower-case letters, digits and . _ -, "
                           "starting with a letter or digit (e.g. li.na)")
    return name


def _checked_password(password: str, username: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"the password has {len(password)} characters: use at least {MIN_PASSWORD}")
    if len(password) > MAX_PASSWORD:
        raise AccountError(f"the password is longer than {MAX_PASSWORD} characters")
    if password.strip().lower() in (username.lower(), ""):
        raise AccountError("the password must not be the username")
    return password


def _checked_roles(roles: Iterable[PortalRole | str]) -> frozenset[PortalRole]:
    try:
        got = frozenset(PortalRole(r) for r in roles)
    except ValueError as e:
        raise AccountError(f"{e}; roles are {', '.join(r.value for r in PortalRole)}") from None
    if not got:
        raise AccountError(f"an account needs at least one role: {', '.join(r.value for r in PortalRole)}")
    return got


def add_account(username: str, display_name: str, roles: Iterable[PortalRole | str], password: str, *,
                url: str | None = None, clock: Clock | None = None) -> Account:
    """Add an account; its password is kept only as an argon2id hash. AccountError for a bad username, name,
    role or password, or a username already taken (nothing is written then)."""
    name = _checked_username(username)
    try:
        shown = check_text(display_name.strip(), MAX_NAME)
    except ValueError as e:
        raise AccountError(f"the name {e}") from None
    if not shown:
        raise AccountError("an account needs the person's name as colleagues know it (e.g. 李娜)")
    wanted = _checked_roles(roles)
    hashed = _HASHER.hash(_checked_password(password, name))
    at = (clock or (lambda: dt.datetime.now(dt.UTC)))().astimezone(dt.UTC)
    try:
        with engine(url).begin() as conn:
            key = conn.execute(insert(accounts).values(
                username=name, display_name=shown, password_hash=hashed, disabled=False,
                created_at=at.isoformat(timespec="seconds"))).inserted_primary_key
            account_id = int(key[0]) if key is not None else 0
            conn.execute(insert(account_roles), [{"account_id": account_id, "role": r.value} for r in sorted(wanted)])
    except IntegrityError:
        raise AccountError(f"username {name!r} is taken: choose another, or disable the old account") from None
    return Account(account_id, name, shown, wanted, False, at)


def list_accounts(*, url: str | None = None) -> list[Account]:
    """Every account, by username."""
    with engine(url).connect() as conn:
        rows = conn.execute(select(accounts).order_by(accounts.c.username)).all()
        roles = _roles_of(conn.execute(select(account_roles)).all())
    return [_account(row, roles.get(row.id, frozenset())) for row in rows]


def disable_account(username: str, *, url: str | None = None) -> Account:
    """Disable an account: it can no longer sign in; what it did stays recorded. AccountError when unknown."""
    name = _checked_username(username)
    with engine(url).begin() as conn:
        done = conn.execute(update(accounts).where(accounts.c.username == name).values(disabled=True))
        account_id = conn.execute(select(accounts.c.id).where(accounts.c.username == name)).scalar()
    found = account(account_id, url=url) if done.rowcount and account_id is not None else None
    if found is None:
        raise AccountError(f"no account {name!r}: `contracts users list` shows them")
    return found


def authenticate(username: str, password: str, *, url: str | None = None) -> Account | None:
    """The account whose username and password these are, ``None`` otherwise (unknown, disabled or wrong: the
    caller says no more than that). A hash made with older parameters is renewed on success."""
    name = username.strip().lower()
    with engine(url).connect() as conn:
        row = conn.execute(select(accounts).where(accounts.c.username == name)).first()
    if row is None or row.disabled or len(password) > MAX_PASSWORD:
        _verify(_DUMMY_HASH, password[:MAX_PASSWORD])
        return None
    if not _verify(row.password_hash, password):
        return None
    if _HASHER.check_needs_rehash(row.password_hash):
        with engine(url).begin() as conn:
            conn.execute(update(accounts).where(accounts.c.id == row.id).values(password_hash=_HASHER.hash(password)))
    return account(row.id, url=url)


def account(account_id: int, *, url: str | None = None) -> Account | None:
    """The account with this id, ``None`` when there is none (a session's account is looked up on each request,
    so that disabling it takes effect at once)."""
    with engine(url).connect() as conn:
        row = conn.execute(select(accounts).where(accounts.c.id == account_id)).first()
        roles = _roles_of(conn.execute(select(account_roles).where(account_roles.c.account_id == account_id)).all())
    return None if row is None else _account(row, roles.get(account_id, frozenset()))


def change_password(who: Account, current: str, new: str, *, url: str | None = None) -> None:
    """Set ``who``'s password to ``new`` once ``current`` is proven; AccountError otherwise (nothing changes)."""
    if authenticate(who.username, current, url=url) is None:
        raise AccountError("the current password is not right")
    hashed = _HASHER.hash(_checked_password(new, who.username))
    with engine(url).begin() as conn:  # and every session signed in with the old password is over
        conn.execute(update(accounts).where(accounts.c.id == who.id).values(
            password_hash=hashed, session_epoch=accounts.c.session_epoch + 1))


def end_sessions(account_id: int, *, url: str | None = None) -> None:
    """End every session of the account (signing out: a copied session cookie is over too)."""
    with engine(url).begin() as conn:
        conn.execute(update(accounts).where(accounts.c.id == account_id).values(
            session_epoch=accounts.c.session_epoch + 1))


def _verify(hashed: str, password: str) -> bool:
    try:
        return _HASHER.verify(hashed, password)
    except (VerificationError, InvalidHashError):
        return False


def _roles_of(rows: Iterable[Row[tuple[object, ...]]]) -> dict[int, frozenset[PortalRole]]:
    out: dict[int, set[PortalRole]] = {}
    for row in rows:
        out.setdefault(row.account_id, set()).add(PortalRole(row.role))
    return {k: frozenset(v) for k, v in out.items()}


def _account(row: Row[tuple[object, ...]], roles: frozenset[PortalRole]) -> Account:
    return Account(row.id, row.username, row.display_name, roles, bool(row.disabled),
                   dt.datetime.fromisoformat(row.created_at), row.session_epoch)
