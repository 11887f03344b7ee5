"""The portal's database: one SQLAlchemy engine (SQLite in $CONTRACTS_HOME, or $CONTRACTS_DATABASE_URL), its tables
and their migrations."""

from __future__ import annotations

import contextlib
import functools
import os
import re

from sqlalchemy import (
    Boolean,
    Column,
    Engine,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
    insert,
    inspect,
    select,
    update,
)
from sqlalchemy import text as sql
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError

from clause_library.errors import ContractsError
from signoff.databases import DATABASE_ENV, describe_url, server_said, sqlalchemy_url
from signoff.store import contracts_home

__all__ = ["DATABASE_ENV", "DATABASE_NAME", "DatabaseError", "account_roles", "accounts", "database_url",
           "describe_url", "documents", "engine", "jobs", "login_failures", "metadata", "review_texts", "reviews"]

DATABASE_NAME = "portal.sqlite3"
# 1: accounts, account_roles; 2: login_failures; 3: reviews; 4: jobs; 5: documents, review_texts, and the reviews'
# document_id and version; 6: the accounts' session_epoch; 7: the jobs' attempts, worker and heartbeat_at (leases)
# and their index on state. A new table is made by create_all; a changed one needs a step in _migrate. Bump it with
# every change.
_SCHEMA_VERSION = 7

metadata = MetaData()
accounts = Table(
    "accounts", metadata,
    Column("id", Integer, primary_key=True),
    Column("username", String(64), nullable=False, unique=True),
    Column("display_name", String(200), nullable=False),
    Column("password_hash", String(200), nullable=False),
    Column("disabled", Boolean, nullable=False, default=False),
    Column("created_at", String(40), nullable=False),
    # Raised when the account signs out or changes its password: a session signed with an older one is over, so a
    # copied session cookie stops working then, not only when it expires (portal.web).
    Column("session_epoch", Integer, nullable=False, default=0, server_default="0"),
)
account_roles = Table(
    "account_roles", metadata,
    Column("account_id", Integer, ForeignKey("accounts.id"), primary_key=True),
    Column("role", String(20), primary_key=True),
)
# Failed sign-ins, kept for the throttling window (portal.throttle): in the database, so every web node sees them.
login_failures = Table(
    "login_failures", metadata,
    Column("id", Integer, primary_key=True),
    Column("username", String(64), nullable=False, index=True),
    Column("address", String(64), nullable=False, index=True),
    Column("at", Float, nullable=False),  # seconds since the epoch
)
# A contract on the portal, uploaded in versions (portal.documents): its title is the first upload's shown name, its
# contract number as the reviewer read it (NULL: none found).
documents = Table(
    "documents", metadata,
    Column("id", Integer, primary_key=True),
    Column("title", String(255), nullable=False),
    Column("contract_no", String(64)),
    Column("created_by", Integer, ForeignKey("accounts.id"), nullable=False, index=True),
    Column("created_at", String(40), nullable=False),
)
# A version of a document reviewed on the portal: who uploaded it, its bytes (by SHA-256, in the file store) and the
# report's JSON. document_id and version are NULL in no row; they are nullable only because a migrated table gained
# them by ALTER TABLE, which adds no NOT NULL column without a default.
reviews = Table(
    "reviews", metadata,
    Column("id", Integer, primary_key=True),
    Column("account_id", Integer, ForeignKey("accounts.id"), nullable=False, index=True),
    Column("file_name", String(255), nullable=False),
    Column("sha256", String(64), nullable=False, index=True),
    Column("created_at", String(40), nullable=False),
    Column("report", Text, nullable=False),
    Column("document_id", Integer, ForeignKey("documents.id")),
    Column("version", Integer),  # 1, 2, … within its document
)
_VERSIONS = Index("reviews_document_version", reviews.c.document_id, reviews.c.version, unique=True)
# What a review read: its blocks as JSON [[text, location, page or null], …], kept so that the text view and the
# differences between versions do not read the file again. Bounded by the reader's limits (max_chars).
review_texts = Table(
    "review_texts", metadata,
    Column("review_id", Integer, ForeignKey("reviews.id"), primary_key=True),
    Column("paragraphs", Text, nullable=False),
)
# Work done off the request thread (portal.jobs): what was asked (payload), how far it is, and what it made (result).
# A worker holds a running job by its heartbeat: attempts counts the claims, worker is the holder (host:pid),
# heartbeat_at its last sign of life (queued: when it was queued), in seconds since the epoch by the database's clock.
jobs = Table(
    "jobs", metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(40), nullable=False),
    Column("account_id", Integer, ForeignKey("accounts.id"), nullable=False, index=True),
    Column("state", String(10), nullable=False),  # queued, running, done, failed
    Column("stage", String(40), nullable=False, default=""),
    Column("done", Integer, nullable=False, default=0),
    Column("total", Integer, nullable=False, default=0),
    Column("message", Text, nullable=False, default=""),
    Column("payload", Text, nullable=False),  # JSON
    Column("result", Text, nullable=False, default="{}"),  # JSON
    Column("created_at", String(40), nullable=False),
    Column("finished_at", String(40)),
    Column("attempts", Integer, nullable=False, default=0, server_default="0"),
    Column("worker", String(100)),
    Column("heartbeat_at", Float),
)
_JOB_STATES = Index("jobs_state", jobs.c.state)  # every worker looks for silent running jobs every few seconds
_schema = Table("schema_version", metadata, Column("version", Integer, nullable=False))


class DatabaseError(ContractsError, RuntimeError):
    """Raised when the portal's database cannot be opened or is not the portal's (exit 2)."""


def database_url() -> str:
    """``$CONTRACTS_DATABASE_URL`` when set (e.g. ``postgresql://…``), else SQLite in ``$CONTRACTS_HOME``."""
    return os.environ.get(DATABASE_ENV) or f"sqlite:///{contracts_home() / DATABASE_NAME}"


def engine(url: str | None = None) -> Engine:
    """The engine of ``url`` (``None``: ``database_url()``), its tables made or migrated on first use."""
    return _engine(url or database_url())


@functools.cache
def _engine(url: str) -> Engine:
    path = url.removeprefix("sqlite:///") if url.startswith("sqlite:///") else ""
    try:
        if path and path != ":memory:":
            os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
            with contextlib.suppress(FileExistsError):  # it will hold password hashes: its owner's only
                os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        eng = create_engine(sqlalchemy_url(url), connect_args={"timeout": 30} if url.startswith("sqlite") else {})
        if url.startswith("sqlite"):
            event.listen(eng, "connect", _sqlite_pragmas)
        _migrate(eng)
    except (SQLAlchemyError, OSError) as e:
        said = server_said(e)  # no SQL echoed
        if getattr(getattr(e, "orig", None), "sqlstate", None) == "42501":  # insufficient_privilege: may not migrate
            raise DatabaseError(f"{describe_url(url)}: the portal's tables must be made or brought up to date, and "
                                f"this database user may not ({said}); run `contracts db setup` as the database's "
                                "owner") from e
        raise DatabaseError(f"{describe_url(url)}: cannot open the portal's database: {said}") from e
    return eng


def _sqlite_pragmas(conn: object, _record: object) -> None:
    cursor = conn.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def _migrate(eng: Engine) -> None:
    """Create the tables of a new database, bring an older one up to date; refuse one written by a newer program."""
    with eng.begin() as conn:
        metadata.create_all(conn)
        version = conn.execute(select(_schema.c.version)).scalar()
        if version is None:
            conn.execute(insert(_schema).values(version=_SCHEMA_VERSION))
        elif version < _SCHEMA_VERSION:
            if version < 5:
                _to_documents(conn)
            _to_session_epochs(conn)
            _to_job_leases(conn)
            conn.execute(update(_schema).values(version=_SCHEMA_VERSION))
        elif version > _SCHEMA_VERSION:
            raise DatabaseError(f"the portal's database has schema version {version}, newer than this program's "
                                f"({_SCHEMA_VERSION}); upgrade the program")


def _to_documents(conn: Connection) -> None:
    """Version 5: the reviews table gains document_id and version, and each review kept before becomes a document
    of one version (its title the uploaded name, its creator the one who asked). The read text of those reviews was
    not kept; portal.documents reads it once when first asked."""
    have = {c["name"] for c in inspect(conn).get_columns("reviews")}
    if "document_id" not in have:
        conn.execute(sql("ALTER TABLE reviews ADD COLUMN document_id INTEGER REFERENCES documents (id)"))
    if "version" not in have:
        conn.execute(sql("ALTER TABLE reviews ADD COLUMN version INTEGER"))
    _VERSIONS.create(conn, checkfirst=True)
    loose = conn.execute(select(reviews.c.id, reviews.c.account_id, reviews.c.file_name, reviews.c.created_at)
                         .where(reviews.c.document_id.is_(None)).order_by(reviews.c.id)).all()
    for row in loose:  # one by one: ids from the database's own sequence (PostgreSQL's too), none chosen here
        key = conn.execute(insert(documents).values(title=row.file_name, contract_no=None, created_by=row.account_id,
                                                    created_at=row.created_at)).inserted_primary_key
        conn.execute(update(reviews).where(reviews.c.id == row.id).values(document_id=key[0] if key else None,
                                                                          version=1))


def _to_session_epochs(conn: Connection) -> None:
    """Version 6: accounts gain session_epoch (0: the sessions signed in before stay valid until they expire)."""
    if "session_epoch" not in {c["name"] for c in inspect(conn).get_columns("accounts")}:
        conn.execute(sql("ALTER TABLE accounts ADD COLUMN session_epoch INTEGER NOT NULL DEFAULT 0"))


def _to_job_leases(conn: Connection) -> None:
    """Version 7: jobs gain attempts, worker and heartbeat_at (NULL: a job of before, which a worker takes for
    silent and queues again, the same job counted from its first attempt)."""
    have = {c["name"] for c in inspect(conn).get_columns("jobs")}
    if "attempts" not in have:
        conn.execute(sql("ALTER TABLE jobs ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0"))
    if "worker" not in have:
        conn.execute(sql("ALTER TABLE jobs ADD COLUMN worker VARCHAR(100)"))
    if "heartbeat_at" not in have:
        conn.execute(sql("ALTER TABLE jobs ADD COLUMN heartbeat_at FLOAT"))
    _JOB_STATES.create(conn, checkfirst=True)


_ROLE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


def role_name(role: str) -> str:
    """``role`` when it is a plain PostgreSQL role name (lower-case letters, digits, _; at most 63), else
    DatabaseError: it goes into GRANT statements, quoted, and nothing else may."""
    if not _ROLE_NAME.fullmatch(role):
        raise DatabaseError(f"{role!r} is not a role name this program grants to: use lower-case letters, digits "
                            "and _, starting with a letter or _, at most 63 characters (e.g. contracts_app)")
    return role


def portal_grants(conn: Connection, role: str) -> list[str]:
    """The statements a PostgreSQL database's owner runs so that ``role`` (the web nodes' and workers' login) may
    read and write the portal's tables and draw their ids, and do nothing else (no DDL). The ledger's own grants
    are signoff.store.ledger_grants: append and read only."""
    quoted = f'"{role_name(role)}"'
    tables = sorted(t.name for t in metadata.sorted_tables if t is not _schema)
    schema = conn.execute(sql("SELECT quote_ident(current_schema())")).scalar()
    numbered = [t.name for t in metadata.sorted_tables if "id" in t.c and t.c.id.primary_key]
    sequences = sorted(filter(None, (conn.execute(sql("SELECT pg_get_serial_sequence(:table, 'id')"),
                                                  {"table": name}).scalar() for name in numbered)))
    found = [f"GRANT USAGE ON SCHEMA {schema} TO {quoted}",
             f"GRANT SELECT, INSERT, UPDATE, DELETE ON {', '.join(tables)} TO {quoted}",
             f"GRANT SELECT ON {_schema.name} TO {quoted}"]
    if sequences:
        found.append(f"GRANT USAGE, SELECT ON SEQUENCE {', '.join(sequences)} TO {quoted}")
    return found
