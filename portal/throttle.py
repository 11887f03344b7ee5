"""Login throttling: too many failed sign-ins for one username, or from one address, and sign-in waits."""

from __future__ import annotations

import time
from collections.abc import Callable

from sqlalchemy import delete, insert, select

from .database import engine, login_failures

__all__ = ["PER_ADDRESS", "PER_USERNAME", "WINDOW_S", "blocked_for", "forget", "record_failure"]

WINDOW_S = 15 * 60  # failures count for a quarter of an hour
PER_USERNAME = 5  # then that username waits, whoever is trying
PER_ADDRESS = 20  # then that address waits, whichever usernames it tries

Clock = Callable[[], float]


def record_failure(username: str, address: str, *, url: str | None = None, clock: Clock = time.time) -> None:
    """Note a failed sign-in; failures older than the window are dropped on the way."""
    now = clock()
    with engine(url).begin() as conn:
        conn.execute(delete(login_failures).where(login_failures.c.at < now - WINDOW_S))
        conn.execute(insert(login_failures).values(username=username[:64], address=address[:64], at=now))


def blocked_for(username: str, address: str, *, url: str | None = None, clock: Clock = time.time) -> int:
    """Seconds until a sign-in as ``username`` from ``address`` may be tried again; 0 when it may be now."""
    now = clock()
    since = now - WINDOW_S
    waits = []
    with engine(url).connect() as conn:
        for column, limit, value in ((login_failures.c.username, PER_USERNAME, username[:64]),
                                     (login_failures.c.address, PER_ADDRESS, address[:64])):
            times = conn.execute(select(login_failures.c.at).where(column == value, login_failures.c.at >= since)
                                 .order_by(login_failures.c.at.desc()).limit(limit)).scalars().all()
            if len(times) >= limit:  # the limit-th latest failure leaves the window when the wait is over
                waits.append(int(times[-1] + WINDOW_S - now) + 1)
    return max(waits, default=0)


def forget(username: str, *, url: str | None = None) -> None:
    """A successful sign-in clears its username's failures (the address keeps its own)."""
    with engine(url).begin() as conn:
        conn.execute(delete(login_failures).where(login_failures.c.username == username[:64]))

