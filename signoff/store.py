"""Where the sign-off ledger is (an SQLite file, or a PostgreSQL database named by its URL), opening it through
SQLAlchemy Core, what counts as a ledger, its schema migrations (signoff.schema), and the command-line setting."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import platformdirs
from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from clause_library.errors import LedgerBroken, LedgerError, LedgerNotFound

from .databases import DATABASE_ENV, describe_url, is_url, server_url
from .engines import BUSY_TIMEOUT_MS, SETUP, engine_of, translate, unreachable
from .schema import MIGRATIONS, PG_MIGRATIONS, Schema, ledger_grants, schema_of

__all__ = ["BUSY_TIMEOUT_MS", "DB_ENV", "HOME_ENV", "MIGRATIONS", "PG_MIGRATIONS", "command_line_allowed",
           "command_line_allowed_in", "contracts_home", "default_db", "describe_db", "high_water", "ledger_grants",
           "locate_db", "open_ledger", "resolve_db", "set_command_line", "transaction"]

HOME_ENV = "CONTRACTS_HOME"
DB_ENV = "CONTRACTS_SIGNOFF_DB"
LEDGER_NAME = "signoff.sqlite3"
_SQLITE_MAGIC = b"SQLite format 3\x00"


def contracts_home() -> Path:
    """The folder that keeps what outlives one command (the sign-off ledger): ``$CONTRACTS_HOME`` when set,
    else the user's data folder (``platformdirs``: ~/.local/share/contracts on Linux). Never relative to
    the current folder, so running from elsewhere never silently starts a new ledger."""
    env = os.environ.get(HOME_ENV)
    if not env:
        return Path(platformdirs.user_data_dir("contracts", appauthor=False))
    home = Path(env).expanduser()
    if not home.is_absolute():
        raise LedgerError(f"${HOME_ENV} is {env!r}, a path relative to the current folder: give an absolute one, "
                          "so that every command finds the same ledger from any folder")
    return home


def default_db() -> Path:
    """The ledger used when neither ``--db``, ``$CONTRACTS_SIGNOFF_DB`` nor a server database names one: in
    ``contracts_home()``."""
    return contracts_home() / LEDGER_NAME


@dataclass(frozen=True)
class _Where:
    """The ledger: its SQLite file (``url`` None) or its server database's URL, password and all (``path`` None),
    and, for messages, where that came from."""

    path: Path | None
    url: str | None
    source: str

    @property
    def shown(self) -> Path | str:
        """The file, or the URL with its password hidden: what messages and pages show."""
        return self.path if self.path is not None else describe_url(self.url or "")

    @property
    def kind(self) -> str:
        return "path" if self.path is not None else "URL"


def _named(db: str | Path, source: str) -> _Where:
    """``db`` as given: a database URL stays one (``sqlite:///PATH`` is the file PATH), anything else is a path."""
    if isinstance(db, str) and is_url(db):
        if db.startswith("sqlite:///"):
            return _Where(Path(db.removeprefix("sqlite:///")), None, source)
        return _Where(None, db, source)
    return _Where(Path(db), None, source)


def _where(db: str | Path | None) -> _Where:
    if db is not None:
        return _named(db, "given with --db")
    env = os.environ.get(DB_ENV)
    if env:
        return _named(env, f"taken from ${DB_ENV}")
    server = server_url()
    if server:
        return _Where(None, server, f"the portal's database, ${DATABASE_ENV}, as neither --db nor ${DB_ENV} is set")
    if os.environ.get(HOME_ENV):
        return _Where(default_db(), None, f"in ${HOME_ENV}, as neither --db nor ${DB_ENV} is set")
    return _Where(default_db(), None,
                  f"by default: in the user's data folder, as neither --db, ${DB_ENV} nor ${HOME_ENV} is set")


def resolve_db(db: str | Path | None = None) -> Path | str:
    """The ledger: ``db`` if given, else $CONTRACTS_SIGNOFF_DB, else the server database $CONTRACTS_DATABASE_URL
    names, else ``default_db()``. A file's Path, or a database URL (a str, with its password: not for showing)."""
    where = _where(db)
    return where.path if where.path is not None else where.url or ""


def locate_db(db: str | Path | None = None) -> Path | str:
    """Where the ledger is, for people: its file, or its database URL with the password hidden."""
    return _where(db).shown


def describe_db(db: str | Path | None = None) -> str:
    """Where the ledger is and why, for people: "/home/a/.local/share/contracts/signoff.sqlite3 (by default: …)",
    or "postgresql://app:***@db/contracts (the portal's database, …)"."""
    where = _where(db)
    return f"{where.shown} ({where.source})"


@contextmanager
def transaction(conn: Connection, mode: str) -> Iterator[None]:
    """A transaction. IMMEDIATE takes the ledger's write lock at once, so concurrent writers queue, not fail
    (SQLite: BEGIN IMMEDIATE; PostgreSQL: the ledger's advisory lock, with reads committed before it was granted);
    DEFERRED is a consistent snapshot for reading (PostgreSQL: REPEATABLE READ, READ ONLY). Each wait is bounded by
    BUSY_TIMEOUT_MS."""
    server = conn.dialect.name != "sqlite"
    if server:
        writing = mode == "IMMEDIATE"
        conn.execution_options(isolation_level="READ COMMITTED" if writing else "REPEATABLE READ",
                               postgresql_readonly=not writing)
    else:
        conn.execution_options(ledger_begin=mode)  # engines.py's begin event says BEGIN <mode>
    with conn.begin():
        if server and mode == "IMMEDIATE":
            # Keyed by the ledger's schema: ledgers in other schemas of the database do not wait for this one.
            conn.execute(text(f"SET LOCAL lock_timeout = {BUSY_TIMEOUT_MS}"))
            conn.execute(text("SELECT pg_advisory_xact_lock(hashtextextended("
                              "'contracts sign-off ledger ' || current_schema(), 0))"))
        yield


def _existing(path: Path, source: str, *, create: bool) -> bool:
    """Whether the ledger file exists (and looks like SQLite); refuses what cannot be a ledger."""
    try:
        with path.open("rb") as f:
            head = f.read(len(_SQLITE_MAGIC))
    except FileNotFoundError:
        if create:
            return False
        raise LedgerNotFound(f"{path}: no sign-off ledger there (path {source}); nothing was created. "
                             "Check the path; a ledger is created by the first `contracts signoff FILE --role R "
                             "--by NAME`") from None
    except IsADirectoryError:
        raise LedgerError(f"{path}: is a folder, not a sign-off ledger file (path {source}); "
                          "give the ledger file itself") from None
    except OSError as e:
        raise LedgerError(f"{path}: cannot open the sign-off ledger: {e.strerror or e}") from e
    if head and head != _SQLITE_MAGIC:
        raise LedgerError(f"{path}: not a sign-off ledger: not an SQLite database (path {source}); "
                          "check the path")
    return True


def _check_tables(tables: set[str], where: _Where, schema: Schema, *, create: bool) -> None:
    """Refuse a database that is not a ledger; a missing ledger is fine when creating (LedgerNotFound when reading
    a server database: its file, the database, exists)."""
    ours = {"signoffs", schema.version_table}
    if ours <= tables:
        return
    if where.url is None:
        if create and not tables:
            return  # a new (or empty) file: _migrate makes it a ledger
        what = "an empty database" if not tables else "an SQLite database without a signoffs table"
        raise LedgerError(f"{where.shown}: not a sign-off ledger: {what} (path {where.source}); check the path")
    found = sorted(ours & tables)
    if found:
        raise LedgerError(f"{where.shown}: not a sign-off ledger: the database has a {found[0]} table without "
                          f"{sorted(ours - tables)[0]} (URL {where.source}); check the URL")
    if not create:
        raise LedgerNotFound(f"{where.shown}: no sign-off ledger in that database (URL {where.source}); nothing "
                             f"was created. Check the URL; a ledger is created by the first `contracts signoff FILE "
                             f"--role R --by NAME`, or by {SETUP}")


def _version(conn: Connection, schema: Schema) -> object:
    """How many migrations the ledger has had (0 when none is recorded)."""
    found = conn.execute(text(f"SELECT max(version) FROM {schema.version_table}")).scalar()
    return 0 if found is None else found


def _check_version(current: object, where: _Where, schema: Schema, *, upgrade: bool) -> int:
    """The ledger's schema version, refused when newer than the program's, or older when not upgrading."""
    if type(current) is not int:
        raise LedgerBroken(f"{where.shown}: the ledger's {schema.version_table} holds {current!r}, not a version "
                           "number; restore the ledger from a backup")
    known = len(schema.migrations)
    if current > known:
        raise LedgerError(f"{where.shown}: ledger schema version {current} is newer than this program knows "
                          f"({known}); upgrade the program")
    if current < known and not upgrade:
        how = ("record a sign-off with this program" if where.url is None
               else f"run {SETUP}, or record a sign-off as the database owner,")
        raise LedgerError(f"{where.shown}: ledger schema version {current} is older than this program's "
                          f"({known}); {how} to upgrade it")
    return current


def _migrate(conn: Connection, where: _Where, schema: Schema, *, fresh: bool) -> bool:
    """Apply the migrations not applied yet, in one write transaction (``fresh``: the ledger's tables were not
    there, and another process may be making them now); True when this made the ledger."""
    with transaction(conn, "IMMEDIATE"):
        if fresh:
            conn.exec_driver_sql(f"CREATE TABLE IF NOT EXISTS {schema.version_table} (version INTEGER NOT NULL)")
        current = _check_version(_version(conn, schema), where, schema, upgrade=True)
        for version in range(current + 1, len(schema.migrations) + 1):
            for statement in schema.migrations[version - 1]:
                conn.exec_driver_sql(statement)
            conn.execute(text(f"INSERT INTO {schema.version_table} (version) VALUES (:version)"),
                         {"version": version})
    return current == 0


def _prepare(conn: Connection, where: _Where, *, create: bool) -> bool:
    """Check that the database is a ledger of a schema this program reads, creating or migrating it when
    ``create``; True when this made the ledger."""
    schema = schema_of(conn.dialect.name)
    with transaction(conn, "DEFERRED"):
        tables = {str(r[0]) for r in conn.execute(text(schema.tables))}
        current = _version(conn, schema) if {"signoffs", schema.version_table} <= tables else None
    fresh = current is None
    if current is None:
        _check_tables(tables, where, schema, create=create)
        current = 0
    if _check_version(current, where, schema, upgrade=create) == len(schema.migrations):
        return False
    try:
        return _migrate(conn, where, schema, fresh=fresh)
    except DBAPIError as e:
        if getattr(e.orig, "sqlstate", None) != "42501":  # insufficient_privilege
            raise
        raise LedgerError(f"{where.shown}: the sign-off ledger's schema is at version {current} and this program's at "
                          f"{len(schema.migrations)}, and this database user may not "
                          f"{'create' if current == 0 else 'upgrade'} it ({str(e.orig).splitlines()[0]}); run "
                          f"{SETUP}") from e


@contextmanager
def open_ledger(
    db: str | Path | None = None, *, create: bool = False, on_create: Callable[[Path | str], None] | None = None,
) -> Iterator[Connection]:
    """Open the ledger: a SQLAlchemy Connection, closed after; run its statements in ``transaction``.

    ``create`` False (reading): a missing ledger raises LedgerNotFound and nothing is created; the
    ledger is never written. ``create`` True: a missing ledger is created (then ``on_create(where)``, where is
    ``locate_db``'s) and an older schema migrated. Either way what is not a ledger raises LedgerError, a
    damaged one LedgerBroken, a database server that cannot be reached LedgerError.
    """
    where = _where(db)
    if where.path is not None:
        exists = _existing(where.path, where.source, create=create)
        if not exists:
            try:
                where.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as e:
                raise LedgerError(f"{where.path}: cannot create the sign-off ledger: {e.strerror or e}") from e
    eng: Engine = engine_of(where.path, where.url, create=create, shown=where.shown)
    try:
        conn = eng.connect()
    except SQLAlchemyError as e:
        raise unreachable(e, where.shown, f"{where.kind} {where.source}") from e
    try:
        if _prepare(conn, where, create=create) and on_create is not None:
            on_create(where.shown)
        if where.url is not None:  # as a new connection is, whatever _prepare's reading set
            conn.execution_options(isolation_level="READ COMMITTED", postgresql_readonly=False)
        yield conn
    except SQLAlchemyError as e:
        raise translate(e, where.shown) from e
    finally:
        conn.close()
        if where.path is not None:
            eng.dispose()


def high_water(conn: Connection) -> tuple[object, str]:
    """The highest id the ledger's signoffs ever held (``None``: it never had a row) and the name of what keeps it
    (SQLite's AUTOINCREMENT counter sqlite_sequence, PostgreSQL's signoff_high_water)."""
    schema = schema_of(conn.dialect.name)
    return conn.execute(text(schema.high_water)).scalar(), schema.counter


_COMMAND_LINE = "command_line"  # ledger_settings: "allowed" (the default) or "forbidden"


def command_line_allowed_in(conn: Connection) -> bool:
    """Whether the ledger open on ``conn`` takes command-line sign-offs (its administrator's setting)."""
    value = conn.execute(text("SELECT value FROM ledger_settings WHERE name = :name"), {"name": _COMMAND_LINE}).scalar()
    return value != "forbidden"


def command_line_allowed(db: str | Path | None = None) -> bool:
    """Whether ``contracts signoff`` may record rows in this ledger (LedgerNotFound when there is none)."""
    with open_ledger(db) as conn, transaction(conn, "DEFERRED"):
        return command_line_allowed_in(conn)


def set_command_line(allowed: bool, db: str | Path | None = None) -> None:
    """Allow or forbid command-line sign-offs in this ledger (the portal's admin setting for a shared ledger);
    the ledger is created if missing."""
    with open_ledger(db, create=True) as conn, transaction(conn, "IMMEDIATE"):
        conn.execute(text("INSERT INTO ledger_settings (name, value) VALUES (:name, :value) ON CONFLICT (name) "
                          "DO UPDATE SET value = excluded.value"),
                     {"name": _COMMAND_LINE, "value": "allowed" if allowed else "forbidden"})
