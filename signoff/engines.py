"""The sign-off ledger's SQLAlchemy engines (an SQLite file's, a PostgreSQL server's) and their errors translated
into ours: the environment's (locked, unreachable, not allowed) exit 2, a damaged ledger LedgerBroken (exit 1)."""

from __future__ import annotations

import atexit
import os
import sqlite3
import threading
from collections import OrderedDict
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.pool import NullPool

from clause_library.errors import LedgerBroken, LedgerError

from .databases import server_said, sqlalchemy_url

__all__ = ["BUSY_TIMEOUT_MS", "CONNECT_TIMEOUT_S", "SETUP", "engine_of", "translate", "unreachable"]

BUSY_TIMEOUT_MS = 30_000  # how long a sign-off waits for another's write lock
CONNECT_TIMEOUT_S = 10  # how long a connection to a database server may take
SETUP = "`contracts db setup` as the database owner"  # what makes or upgrades a server's ledger, and grants its use
_KEPT_ENGINES = 8  # server engines (each with its pool) kept for reuse; the least recently used is disposed of


def engine_of(path: Path | None, url: str | None, *, create: bool, shown: Path | str) -> Engine:
    """The engine of the ledger file ``path`` (opened read-write; created only when ``create``) or of the server
    database ``url``. LedgerError for a URL that is not a PostgreSQL database's."""
    if path is not None:
        return _sqlite_engine(path, create=create)
    try:
        backend = make_url(sqlalchemy_url(url or "")).get_backend_name()
    except ArgumentError:
        backend = ""
    if backend != "postgresql":
        raise LedgerError(f"{shown}: the sign-off ledger is an SQLite file or a PostgreSQL database "
                          "(postgresql://user:password@host:5432/name); check the URL")
    return _server_engine(url or "", shown)


def _text(raw: bytes) -> str | bytes:
    """A TEXT cell: its string, or its bytes when they are not UTF-8 (verification reports the cell)."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw


def _sqlite_engine(path: Path, *, create: bool) -> Engine:
    """One file's engine, its connection opened as sqlite3 would be (mode rw never creates the file), autocommit:
    the begin event says BEGIN with the transaction's mode (store.transaction), which pysqlite's own handling cannot.
    """
    uri = f"{path.absolute().as_uri()}?mode={'rwc' if create else 'rw'}"

    def connect() -> sqlite3.Connection:
        conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        conn.text_factory = _text
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        return conn

    eng = create_engine("sqlite://", creator=connect, poolclass=NullPool)
    event.listen(eng, "begin", _begin)
    return eng


def _begin(conn: Connection) -> None:
    conn.exec_driver_sql(f"BEGIN {conn.get_execution_options().get('ledger_begin', 'DEFERRED')}")


_engines: OrderedDict[tuple[str, int], Engine] = OrderedDict()
_engines_lock = threading.Lock()


@atexit.register
def _dispose_engines() -> None:
    """Close the pools' connections (a connection left to the garbage collector warns)."""
    with _engines_lock:
        while _engines:
            (_, pid), eng = _engines.popitem()
            eng.dispose(close=pid == os.getpid())


def _server_engine(url: str, shown: Path | str) -> Engine:
    """The server database's engine, kept per process (a forked child makes its own: a pool's connections are not
    shared across processes)."""
    key = (url, os.getpid())
    with _engines_lock:
        eng = _engines.pop(key, None)
        if eng is None:
            try:
                eng = create_engine(sqlalchemy_url(url), pool_pre_ping=True,
                                    connect_args={"connect_timeout": CONNECT_TIMEOUT_S})
            except (ArgumentError, NoSuchModuleError, ImportError) as e:  # its words may show the password
                raise LedgerError(f"{shown}: cannot use that database URL for the sign-off ledger; "
                                  "check the URL") from e
        _engines[key] = eng
        while len(_engines) > _KEPT_ENGINES:
            (_, pid), old = _engines.popitem(last=False)
            old.dispose(close=pid == os.getpid())
    return eng


_CONNECT_HINTS = (
    ("password authentication failed", "check the user's password in the URL"),
    ("does not exist", "check the URL's user and database name; the database must be created first (createdb)"),
    ("no pg_hba.conf entry", "the server refuses this user from this host: check the server's pg_hba.conf"),
    ("timeout expired", "check that the server runs and that the host and port in the URL are right"),
    ("", "check that the server runs and that the host, port, user, password and database in the URL are right"),
)


def unreachable(e: SQLAlchemyError, shown: Path | str, source: str) -> LedgerError:
    """A connection that could not be made, as ours: a file SQLite cannot open, or a server that cannot be reached,
    refuses the user or has no such database; ``source`` says where the ledger's name came from."""
    if isinstance(shown, Path):
        return translate(e, shown)
    said = server_said(e)
    hint = next(h for words, h in _CONNECT_HINTS if words in said)
    return LedgerError(f"{shown}: cannot connect to the sign-off ledger's database ({source}): {said}; {hint}")


def translate(e: SQLAlchemyError, shown: Path | str) -> LedgerError:
    """An engine's error as ours."""
    orig = e.orig if isinstance(e, DBAPIError) else None
    if isinstance(orig, sqlite3.Error):
        return _sqlite_error(orig, shown)
    said = server_said(e)
    if isinstance(shown, Path):
        return LedgerError(f"{shown}: cannot use the sign-off ledger file: {said}")
    state = str(getattr(orig, "sqlstate", None) or "")
    if state == "55P03":  # lock_not_available: lock_timeout ran out
        return LedgerError(f"{shown}: the ledger stayed locked by another sign-off for {BUSY_TIMEOUT_MS // 1000} s "
                           f"({said}); try again")
    if state == "42501":
        return LedgerError(f"{shown}: this database user may not do that with the sign-off ledger ({said}); an "
                           f"application's role is given what it needs by {SETUP}")
    if state[:2] in ("40", "08", "57") or not state:  # rolled back, connection lost, server going down
        return LedgerError(f"{shown}: the sign-off ledger's database failed ({said}); try again")
    return LedgerBroken(f"{shown}: the sign-off ledger's tables are not as this program made them ({said}); "
                        "restore them from a backup")


def _sqlite_error(e: sqlite3.Error, path: Path | str) -> LedgerError:
    """SQLite's error as ours: busy or unwritable is the environment (exit 2), the rest a damaged ledger."""
    name = getattr(e, "sqlite_errorname", "")
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return LedgerError(f"{path}: the ledger stayed locked by another sign-off for "
                           f"{BUSY_TIMEOUT_MS // 1000} s ({e}); try again")
    if name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_IOERR", "SQLITE_FULL",
                        "SQLITE_AUTH")):
        return LedgerError(f"{path}: cannot use the sign-off ledger file: {e}")
    return LedgerBroken(f"{path}: the sign-off ledger file is damaged ({e}); restore it from a backup")
