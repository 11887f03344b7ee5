"""Work the portal does off the request thread: building NDA packs, drafting, converting to PDF.

A job is a row of the ``jobs`` table (what was asked, how far it is, what it made) and a message on huey's queue
carrying only the row's id. The queue is an SQLite file in $CONTRACTS_HOME (``jobs.sqlite3``); ``contracts worker``
runs its consumer, and ``contracts serve`` starts one unless told not to. Pages read the row, never wait for the work.

A kind of work is a function ``(payload, progress) -> result`` registered with ``@work("kind")`` in a module named in
``WORK_MODULES`` (the worker imports them). It raises ContractsError for what the person asking can fix: the job fails
with that message. ``progress(stage, done, total)`` may be called as often as the work likes; the row is written at
most every ``_PROGRESS_EVERY`` seconds.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib
import json
import logging
import os
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from huey import Huey, SqliteHuey
from sqlalchemy import insert, select, update

from clause_library.errors import ContractsError
from signoff.store import contracts_home

from .database import engine, jobs

__all__ = ["WORK_MODULES", "Job", "JobState", "Progress", "job", "jobs_of", "queue", "run_worker", "submit", "work"]

# The modules whose @work functions a worker can run; each imports this one.
WORK_MODULES: tuple[str, ...] = ("portal.packs", "portal.drafts", "portal.signoffs")
QUEUE_NAME = "jobs.sqlite3"
_PROGRESS_EVERY = 0.25  # seconds between progress writes
_log = logging.getLogger("contracts.portal.jobs")

Progress = Callable[[str, int, int], None]
Work = Callable[[dict[str, Any], Progress], dict[str, Any]]
_WORK: dict[str, Work] = {}


class JobState(StrEnum):
    queued = "queued"
    running = "running"
    done = "done"
    failed = "failed"


@dataclass(frozen=True)
class Job:
    """A job's row: ``stage``/``done``/``total`` say how far it is; ``message`` why it failed; ``result`` what the
    work returned (JSON)."""

    id: int
    kind: str
    account_id: int
    state: JobState
    stage: str
    done: int
    total: int
    message: str
    payload: dict[str, Any]
    result: dict[str, Any]
    created_at: dt.datetime
    finished_at: dt.datetime | None

    @property
    def percent(self) -> int:
        if self.state is JobState.done:
            return 100
        return min(99, self.done * 100 // self.total) if self.total else 0

    @property
    def over(self) -> bool:
        return self.state in (JobState.done, JobState.failed)


def work(kind: str) -> Callable[[Work], Work]:
    """Register ``fn`` as the work done for jobs of ``kind``."""

    def register(fn: Work) -> Work:
        _WORK[kind] = fn
        return fn

    return register


@functools.cache
def _queue(path: str) -> tuple[Huey, Any]:
    found = SqliteHuey("contracts", filename=path, results=False, utc=True)
    return found, found.task(name="run_job", retries=0)(_run)


def _queued() -> tuple[Huey, Any]:
    home = contracts_home()
    home.mkdir(parents=True, exist_ok=True)
    return _queue(str(home / QUEUE_NAME))


def queue() -> Huey:
    """The job queue: huey on ``jobs.sqlite3`` in $CONTRACTS_HOME. Tests set ``queue().immediate = True`` to run
    jobs as they are submitted."""
    return _queued()[0]


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def submit(kind: str, payload: dict[str, Any], account_id: int, *, url: str | None = None) -> int:
    """Record a job of ``kind`` for ``account_id`` and queue it; return its id at once."""
    if kind not in _WORK:
        _load_work()
    if kind not in _WORK:
        raise ValueError(f"no work of kind {kind!r}")
    with engine(url).begin() as conn:
        key = conn.execute(insert(jobs).values(
            kind=kind, account_id=account_id, state=JobState.queued.value, stage="", done=0, total=0, message="",
            payload=json.dumps(payload, ensure_ascii=False, sort_keys=True), result="{}",
            created_at=_now())).inserted_primary_key
    job_id = int(key[0]) if key is not None else 0
    _queued()[1](job_id, url)
    return job_id


def job(job_id: int, *, url: str | None = None) -> Job | None:
    """The job with this id, ``None`` when there is none."""
    with engine(url).connect() as conn:
        row = conn.execute(select(jobs).where(jobs.c.id == job_id)).first()
    return None if row is None else _job(row)


def jobs_of(account_id: int, kind: str, *, url: str | None = None, limit: int = 20) -> list[Job]:
    """The account's latest jobs of ``kind``, newest first."""
    with engine(url).connect() as conn:
        rows = conn.execute(select(jobs).where(jobs.c.account_id == account_id, jobs.c.kind == kind)
                            .order_by(jobs.c.id.desc()).limit(limit)).all()
    return [_job(r) for r in rows]


def _job(row: Any) -> Job:
    return Job(row.id, row.kind, row.account_id, JobState(row.state), row.stage, row.done, row.total, row.message,
               json.loads(row.payload), json.loads(row.result), dt.datetime.fromisoformat(row.created_at),
               dt.datetime.fromisoformat(row.finished_at) if row.finished_at else None)


def _load_work() -> None:
    for name in WORK_MODULES:
        importlib.import_module(name)


def _set(job_id: int, url: str | None, **values: Any) -> None:
    with engine(url).begin() as conn:
        conn.execute(update(jobs).where(jobs.c.id == job_id).values(**values))


def _progress(job_id: int, url: str | None) -> Progress:
    last = [0.0]

    def report(stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if now - last[0] >= _PROGRESS_EVERY or done >= total:
            last[0] = now
            _set(job_id, url, stage=stage, done=done, total=total)

    return report


def _run(job_id: int, url: str | None) -> None:
    """Do job ``job_id`` (the queue's one task). A job already over is left as it is, so a message delivered twice
    does the work once."""
    found = job(job_id, url=url)
    if found is None or found.over:
        return
    _load_work()
    _set(job_id, url, state=JobState.running.value)
    try:
        result = _WORK[found.kind](found.payload, _progress(job_id, url))
    except ContractsError as e:
        _set(job_id, url, state=JobState.failed.value, message=str(e), finished_at=_now())
    except Exception as e:  # the worker goes on with the next job; the person is told it failed, the log says why
        _log.exception("job %s (%s) failed", job_id, found.kind)
        _set(job_id, url, state=JobState.failed.value, message=f"internal error ({type(e).__name__}); "
             "the administrator will find it in the worker's log", finished_at=_now())
    else:
        _set(job_id, url, state=JobState.done.value, result=json.dumps(result, ensure_ascii=False, sort_keys=True),
             finished_at=_now())


def run_worker(threads: int = 2, *, parent: int | None = None) -> None:
    """Run jobs until interrupted (SIGINT or SIGTERM): ``contracts worker``. ``parent``: the process that started
    this one (``contracts serve``); the worker stops when it is gone, however it ended."""
    _load_work()
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    if parent is not None:
        threading.Thread(target=_stop_with, args=(parent,), name="parent-watch", daemon=True).start()
    queue().create_consumer(workers=threads, worker_type="thread").run()


def _stop_with(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1)
    os.kill(os.getpid(), signal.SIGTERM)  # the consumer's own way to stop
