"""The job queue's broker (portal.jobs puts a message per job on it): Redis when ``$CONTRACTS_REDIS_URL`` names one,
with a queue per portal database so that portals sharing a Redis never take each other's jobs; else an SQLite file
in $CONTRACTS_HOME (``jobs.sqlite3``), the embedded default. Errors say what to do, with any password hidden."""

from __future__ import annotations

import functools
import hashlib
import os
import sqlite3

from huey import Huey, RedisHuey, SqliteHuey
from redis import ConnectionPool, Redis, RedisError

from clause_library.errors import ContractsError
from signoff.databases import describe_url
from signoff.store import contracts_home

__all__ = ["QUEUE_NAME", "REDIS_ENV", "QueueError", "RedisError", "check_broker", "huey_of", "queue_name",
           "redis_trouble"]

QUEUE_NAME = "jobs.sqlite3"
REDIS_ENV = "CONTRACTS_REDIS_URL"


class QueueError(ContractsError, ConnectionError):
    """Raised when the job queue cannot be used: $CONTRACTS_REDIS_URL is no Redis URL or its server cannot be
    reached, or $CONTRACTS_JOB_LEASE is no number of seconds."""


def queue_name(url: str) -> str:
    """The Redis queue of the portal whose database is at ``url``: portals sharing a Redis never share a queue."""
    return f"contracts-{hashlib.sha256(url.encode()).hexdigest()[:12]}"


@functools.cache
def _redis_pool(redis_url: str) -> ConnectionPool:
    try:  # timeouts: an unreachable host is an error in seconds, not minutes; a read outlasts huey's 1 s BRPOP
        return ConnectionPool.from_url(redis_url, socket_connect_timeout=5, socket_timeout=15,
                                       health_check_interval=30)
    except ValueError as e:
        raise _not_redis(redis_url, e) from e


def _not_redis(redis_url: str, e: Exception) -> QueueError:
    return QueueError(f"${REDIS_ENV}={describe_url(redis_url)} is not a Redis URL ({e}); give one such as "
                      "redis://host:6379/0, or unset it for the queue in $CONTRACTS_HOME")


def redis_trouble(e: Exception) -> QueueError:
    """Redis's error ``e`` as ours: where (password hidden), what it said, what to do."""
    where, why = describe_url(os.environ.get(REDIS_ENV, "")), str(e).rstrip(".")
    return QueueError(f"cannot reach the job queue's Redis at {where} (${REDIS_ENV}): {why}; start it, correct the "
                      "URL, or unset it for the queue in $CONTRACTS_HOME")


@functools.cache
def _redis_queue(redis_url: str, name: str) -> Huey:
    return RedisHuey(name, connection_pool=_redis_pool(redis_url), clean_name=False, results=False, utc=True)


@functools.cache
def _sqlite_queue(path: str) -> Huey:
    return SqliteHuey("contracts", filename=path, results=False, utc=True)


def huey_of(url: str) -> Huey:
    """The queue of the portal whose database is at ``url``: on $CONTRACTS_REDIS_URL's Redis when set, else in
    $CONTRACTS_HOME."""
    redis_url = os.environ.get(REDIS_ENV)
    if redis_url:
        return _redis_queue(redis_url, queue_name(url))
    home = contracts_home()
    home.mkdir(parents=True, exist_ok=True)
    return _sqlite_queue(str(home / QUEUE_NAME))


def check_broker(url: str) -> None:
    """Check that the queue of the portal at ``url`` opens and, on Redis, answers; QueueError saying what to do."""
    redis_url = os.environ.get(REDIS_ENV)
    if not redis_url:
        try:
            huey_of(url)
        except (OSError, sqlite3.Error) as e:
            raise QueueError(f"cannot open the job queue {contracts_home() / QUEUE_NAME}: {e}") from e
        return
    try:
        Redis(connection_pool=_redis_pool(redis_url)).ping()
    except RedisError as e:
        raise redis_trouble(e) from e
    except ValueError as e:  # a part of the URL read only when connecting, e.g. a port that is no number
        raise _not_redis(redis_url, e) from e
