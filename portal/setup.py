"""Installing or upgrading the portal's database (``contracts db setup``): its tables and the sign-off ledger made or
migrated by the database's owner, and, on PostgreSQL, the application role granted what it needs and no more."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from signoff.store import describe_db, ledger_grants, open_ledger
from signoff.store import transaction as ledger_transaction

from .database import DatabaseError, database_url, describe_url, engine, portal_grants, role_name

__all__ = ["setup_database"]


def setup_database(app_role: str | None = None) -> list[str]:
    """Make or migrate the portal's tables and the ledger; with ``app_role`` (PostgreSQL only), grant that role the
    portal's tables and only SELECT and INSERT on the ledger. What was done, a line each, for people."""
    url = database_url()
    if app_role is not None:
        role_name(app_role)
        if url.startswith("sqlite"):
            raise DatabaseError("--app-role is for PostgreSQL: the portal's database is the SQLite file "
                                f"{describe_url(url)}, which has no roles (set $CONTRACTS_DATABASE_URL to the "
                                "server's URL, as its owner)")
    engine(url)  # made or migrated on first use
    done = [f"portal tables: up to date in {describe_url(url)}"]
    with open_ledger(None, create=True) as conn:
        done.append(f"sign-off ledger: up to date in {describe_db()}")
        if app_role is not None and conn.dialect.name == "sqlite":
            done.append("the sign-off ledger is an SQLite file: no role is granted there; its file's permissions "
                        "are its protection")
        elif app_role is not None:
            with ledger_transaction(conn, "IMMEDIATE"):
                for statement in ledger_grants(app_role):
                    conn.execute(text(statement))
    if app_role is not None:
        try:
            with engine(url).begin() as conn:
                for statement in portal_grants(conn, app_role):
                    conn.execute(text(statement))
        except SQLAlchemyError as e:
            raise DatabaseError(f"{describe_url(url)}: cannot grant {app_role} the portal's tables: "
                                f"{getattr(e, 'orig', e)}; run this as the database's owner") from e
        done.append(f"{app_role}: may read and write the portal's tables, and only read and append the ledger "
                    "(no UPDATE, DELETE or TRUNCATE of a sign-off)")
    return done
