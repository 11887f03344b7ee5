"""Database URLs, shared by the ledger (signoff.store) and the portal (portal.database): which database a URL names,
how SQLAlchemy is told to reach it, and how it is shown to people.

The embedded default is SQLite files in $CONTRACTS_HOME. ``$CONTRACTS_DATABASE_URL`` names a database server
(``postgresql://user:password@host:5432/name``) that then holds the portal's tables and, unless the ledger is named
on its own, the sign-off ledger (docs/deploy.md).
"""

from __future__ import annotations

import os

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError

__all__ = ["DATABASE_ENV", "describe_url", "is_url", "server_said", "server_url", "sqlalchemy_url"]

DATABASE_ENV = "CONTRACTS_DATABASE_URL"
# The driver SQLAlchemy uses for a plain postgresql:// URL is psycopg2, which is not installed: psycopg 3 is.
_DRIVERS = {"postgresql": "postgresql+psycopg", "postgres": "postgresql+psycopg"}


def is_url(text: str) -> bool:
    """Whether ``text`` is a database URL (``scheme://…``), not a file path."""
    scheme, sep, _ = text.partition("://")
    return bool(sep) and scheme.replace("+", "").isalnum()


def sqlalchemy_url(url: str) -> str:
    """``url`` as SQLAlchemy's create_engine takes it: ``postgresql://`` and ``postgres://`` go through psycopg 3."""
    scheme, sep, rest = url.partition("://")
    return f"{_DRIVERS[scheme]}://{rest}" if sep and scheme in _DRIVERS else url


def server_url() -> str | None:
    """``$CONTRACTS_DATABASE_URL`` when it names a database server (not an SQLite file), else ``None``."""
    url = os.environ.get(DATABASE_ENV, "")
    return url if url and not url.startswith("sqlite") else None


def describe_url(url: str) -> str:
    """Where the database is, for people: an SQLite file's path, else the URL with its password hidden."""
    if url.startswith("sqlite:///"):
        return url.removeprefix("sqlite:///")
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):  # ValueError: a port that is no number
        return url.split("://", 1)[0] + "://…"  # not a URL SQLAlchemy reads: show none of it


def server_said(e: Exception) -> str:
    """A database error in the database's own words, their first line (SQLAlchemy's str adds the statement and a
    link, PostgreSQL's the place in the statement): what a message to people quotes."""
    orig = e.orig if isinstance(e, DBAPIError) else e
    said = str(orig).strip().removeprefix("connection failed: ")
    return said.splitlines()[0] if said else type(orig).__name__
