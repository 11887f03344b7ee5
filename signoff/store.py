"""The sign-off ledger's SQLite file: where it is, what counts as a ledger, its schema migrations,
and SQLite's errors translated into ours."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import platformdirs

from clause_library.errors import LedgerBroken, LedgerError, LedgerNotFound

__all__ = ["BUSY_TIMEOUT_MS", "DB_ENV", "HOME_ENV", "MIGRATIONS", "command_line_allowed", "command_line_allowed_in",
           "contracts_home", "default_db", "describe_db", "open_ledger", "resolve_db", "set_command_line",
           "transaction"]

HOME_ENV = "CONTRACTS_HOME"
DB_ENV = "CONTRACTS_SIGNOFF_DB"
LEDGER_NAME = "signoff.sqlite3"
BUSY_TIMEOUT_MS = 30_000
_SQLITE_MAGIC = b"SQLite format 3\x00"

# Each migration is applied once, in order, inside one IMMEDIATE transaction; schema_version
# holds how many have been applied. Never edit a shipped migration: append a new one.
MIGRATIONS: list[list[str]] = [
    [
        """CREATE TABLE signoffs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            doc_sha256 TEXT NOT NULL,
            file_name TEXT NOT NULL,
            contract_no TEXT,
            role TEXT NOT NULL CHECK (role IN ('legal', 'finance', 'business')),
            person TEXT NOT NULL CHECK (length(person) > 0),
            decision TEXT NOT NULL CHECK (decision IN ('approve', 'reject')),
            comment TEXT NOT NULL DEFAULT '',
            override INTEGER NOT NULL CHECK (override IN (0, 1)),
            override_reason TEXT,
            at_utc TEXT NOT NULL,
            report_sha256 TEXT NOT NULL,
            blockers INTEGER NOT NULL,
            role_blockers INTEGER NOT NULL,
            prev_hash TEXT NOT NULL,
            row_hash TEXT NOT NULL UNIQUE
        )""",
        "CREATE INDEX signoffs_doc ON signoffs (doc_sha256)",
        "CREATE INDEX signoffs_contract ON signoffs (contract_no)",
        "CREATE INDEX signoffs_file ON signoffs (file_name)",
        """CREATE TRIGGER signoffs_no_update BEFORE UPDATE ON signoffs
           BEGIN SELECT RAISE(ABORT, 'the sign-off ledger is append-only: rows cannot be updated'); END""",
        """CREATE TRIGGER signoffs_no_delete BEFORE DELETE ON signoffs
           BEGIN SELECT RAISE(ABORT, 'the sign-off ledger is append-only: rows cannot be deleted'); END""",
    ],
    # 2: who recorded a row: the command line (source 'cli') or a portal account (source 'portal', its id and
    # username); NULL on rows written before. And the ledger's settings (whether command-line rows are allowed).
    [
        "ALTER TABLE signoffs ADD COLUMN source TEXT CHECK (source IS NULL OR source IN ('cli', 'portal'))",
        "ALTER TABLE signoffs ADD COLUMN account_id INTEGER",
        "ALTER TABLE signoffs ADD COLUMN account_username TEXT",
        "CREATE TABLE ledger_settings (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
    ],
]


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
    """The ledger used when neither ``--db`` nor ``$CONTRACTS_SIGNOFF_DB`` names one: in ``contracts_home()``."""
    return contracts_home() / LEDGER_NAME


def _source(db: str | Path | None) -> tuple[Path, str]:
    """The ledger file and, for messages, where that path came from."""
    if db is not None:
        return Path(db), "given with --db"
    env = os.environ.get(DB_ENV)
    if env:
        return Path(env), f"taken from ${DB_ENV}"
    if os.environ.get(HOME_ENV):
        return default_db(), f"in ${HOME_ENV}, as neither --db nor ${DB_ENV} is set"
    return default_db(), f"by default: in the user's data folder, as neither --db, ${DB_ENV} nor ${HOME_ENV} is set"


def resolve_db(db: str | Path | None = None) -> Path:
    """The ledger file: ``db`` if given, else $CONTRACTS_SIGNOFF_DB, else ``default_db()``."""
    return _source(db)[0]


def describe_db(db: str | Path | None = None) -> str:
    """Where the ledger is and why, for people: "/home/a/.local/share/contracts/signoff.sqlite3 (by default: …)"."""
    path, source = _source(db)
    return f"{path} ({source})"


@contextmanager
def transaction(conn: sqlite3.Connection, mode: str) -> Iterator[None]:
    """A transaction: IMMEDIATE takes the write lock at once, so concurrent writers queue, not fail;
    DEFERRED is a consistent snapshot for reading."""
    conn.execute(f"BEGIN {mode}")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _migrate(conn: sqlite3.Connection, path: Path) -> None:
    with transaction(conn, "IMMEDIATE"):
        conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        _check_version(conn, path, upgrade=True)
        row = conn.execute("SELECT max(version) FROM schema_version").fetchone()
        for version in range((row[0] or 0) + 1, len(MIGRATIONS) + 1):
            for statement in MIGRATIONS[version - 1]:
                conn.execute(statement)
            conn.execute("INSERT INTO schema_version (version) VALUES (?)", (version,))


def _check_version(conn: sqlite3.Connection, path: Path, *, upgrade: bool) -> None:
    current = conn.execute("SELECT max(version) FROM schema_version").fetchone()[0] or 0
    if type(current) is not int:
        raise LedgerBroken(f"{path}: the ledger's schema_version holds {current!r}, not a version number; "
                           "restore the ledger from a backup")
    if current > len(MIGRATIONS):
        raise LedgerError(f"{path}: ledger schema version {current} is newer than this program knows "
                          f"({len(MIGRATIONS)}); upgrade the program")
    if current < len(MIGRATIONS) and not upgrade:
        raise LedgerError(f"{path}: ledger schema version {current} is older than this program's "
                          f"({len(MIGRATIONS)}); record a sign-off with this program to upgrade it")


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


def _check_tables(conn: sqlite3.Connection, path: Path, source: str, *, create: bool) -> None:
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if create and not tables:
        return  # a new (or empty) database: _migrate makes it a ledger
    if not {"signoffs", "schema_version"} <= tables:
        what = "an empty database" if not tables else "an SQLite database without a signoffs table"
        raise LedgerError(f"{path}: not a sign-off ledger: {what} (path {source}); check the path")


def _translate(e: sqlite3.Error, path: Path) -> LedgerError:
    """SQLite's error as ours: busy or unwritable is the environment (exit 2), the rest a damaged ledger."""
    name = getattr(e, "sqlite_errorname", "")
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return LedgerError(f"{path}: the ledger stayed locked by another sign-off for "
                           f"{BUSY_TIMEOUT_MS // 1000} s ({e}); try again")
    if name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_IOERR", "SQLITE_FULL",
                        "SQLITE_AUTH")):
        return LedgerError(f"{path}: cannot use the sign-off ledger file: {e}")
    return LedgerBroken(f"{path}: the sign-off ledger file is damaged ({e}); restore it from a backup")


@contextmanager
def open_ledger(
    db: str | Path | None = None, *, create: bool = False, on_create: Callable[[Path], None] | None = None,
) -> Iterator[sqlite3.Connection]:
    """Open the ledger (an autocommit connection, closed after).

    ``create`` False (reading): a missing path raises LedgerNotFound and nothing is created; the
    file is never written. ``create`` True: a missing ledger is created (then ``on_create(path)``)
    and an older schema migrated. Either way a file that is not a ledger raises LedgerError, a
    damaged one LedgerBroken.
    """
    path, source = _source(db)
    exists = _existing(path, source, create=create)
    try:
        if not exists:
            path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode={'rwc' if create else 'rw'}", uri=True,
                               timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    except OSError as e:
        raise LedgerError(f"{path}: cannot create the sign-off ledger: {e.strerror or e}") from e
    except sqlite3.Error as e:
        raise _translate(e, path) from e
    try:
        conn.row_factory = sqlite3.Row
        conn.text_factory = _text
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        _check_tables(conn, path, source, create=create)
        if create:
            _migrate(conn, path)
        else:
            _check_version(conn, path, upgrade=False)
        if not exists and on_create is not None:
            on_create(path)
        yield conn
    except sqlite3.Error as e:
        raise _translate(e, path) from e
    finally:
        conn.close()


def _text(raw: bytes) -> str | bytes:
    """A TEXT cell: its string, or its bytes when they are not UTF-8 (verification reports the cell)."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw


_COMMAND_LINE = "command_line"  # ledger_settings: "allowed" (the default) or "forbidden"


def command_line_allowed_in(conn: sqlite3.Connection) -> bool:
    """Whether the ledger open on ``conn`` takes command-line sign-offs (its administrator's setting)."""
    row = conn.execute("SELECT value FROM ledger_settings WHERE name = ?", (_COMMAND_LINE,)).fetchone()
    return row is None or row[0] != "forbidden"


def command_line_allowed(db: str | Path | None = None) -> bool:
    """Whether ``contracts signoff`` may record rows in this ledger (LedgerNotFound when there is none)."""
    with open_ledger(db) as conn:
        return command_line_allowed_in(conn)


def set_command_line(allowed: bool, db: str | Path | None = None) -> None:
    """Allow or forbid command-line sign-offs in this ledger (the portal's admin setting for a shared ledger);
    the ledger is created if missing."""
    with open_ledger(db, create=True) as conn, transaction(conn, "IMMEDIATE"):
        conn.execute("INSERT INTO ledger_settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET "
                     "value = excluded.value", (_COMMAND_LINE, "allowed" if allowed else "forbidden"))
