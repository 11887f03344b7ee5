"""The database a test's portal (and ledger) uses: an SQLite file of its own by default; with
``$CONTRACTS_TEST_POSTGRES`` set (.ci/run's second pass, scripts/services.sh), a PostgreSQL schema of its own in that
database, so that tests running side by side never see each other's rows. ``$CONTRACTS_TEST_REDIS`` likewise puts
the job queue on Redis (each portal database gets its own queue name, portal.jobs)."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

__all__ = ["POSTGRES_ENV", "REDIS_ENV", "database_url", "on_postgres", "postgres_url", "redis_url", "services_env"]

POSTGRES_ENV = "CONTRACTS_TEST_POSTGRES"
REDIS_ENV = "CONTRACTS_TEST_REDIS"


def on_postgres() -> bool:
    """Whether this run puts the tests' databases on PostgreSQL."""
    return bool(os.environ.get(POSTGRES_ENV))


def postgres_url() -> str:
    """A new, empty PostgreSQL schema's URL (its search_path set); skips the test when no server is configured."""
    admin = os.environ.get(POSTGRES_ENV)
    if not admin:
        pytest.skip(f"needs PostgreSQL: ${POSTGRES_ENV} is not set (.ci/run starts one with scripts/services.sh)")
    import psycopg

    schema = f"t_{uuid.uuid4().hex[:20]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    return f"{admin}{'&' if '?' in admin else '?'}options=-csearch_path%3D{schema}"


def redis_url() -> str:
    """The Redis server's URL; skips the test when none is configured."""
    found = os.environ.get(REDIS_ENV)
    if not found:
        pytest.skip(f"needs Redis: ${REDIS_ENV} is not set (.ci/run starts one with scripts/services.sh)")
    return found


def database_url(folder: Path) -> str:
    """The URL of a new, empty database for one test (or one module's app): ``portal.sqlite3`` in ``folder``, or a
    PostgreSQL schema when this run is on PostgreSQL."""
    return postgres_url() if on_postgres() else f"sqlite:///{folder / 'portal.sqlite3'}"


def services_env() -> dict[str, str]:
    """What a portal process started by a test adds to its environment for this run's services: the job queue on
    Redis when ``$CONTRACTS_TEST_REDIS`` is set (the database URL is the test's own, from ``database_url``)."""
    found = os.environ.get(REDIS_ENV)
    return {"CONTRACTS_REDIS_URL": found} if found else {}
