"""Work the portal does off the request thread: building NDA packs, drafting, converting to PDF.

A job is a row of the ``jobs`` table (what was asked, how far it is, what it made) and a message on huey's queue
carrying only the row's id. The queue is Redis when ``$CONTRACTS_REDIS_URL`` names one (a queue per portal
database, so portals sharing a Redis never take each other's jobs), else an SQLite file in $CONTRACTS_HOME
(``jobs.sqlite3``); ``contracts worker`` runs its consumer, and ``contracts serve`` starts some unless told not to.
Pages read the row, never wait for the work.

A worker may die holding a job (killed, out of memory, its machine gone), and the message it took is gone with it:
the row is the truth. A worker claims a job with one UPDATE (only one claim of a job succeeds, so a message
delivered twice does the work once), holds it by a heartbeat written every few seconds, and every worker puts the
jobs whose heartbeat is older than the lease ($CONTRACTS_JOB_LEASE seconds) back on the queue; the third
interrupted attempt fails the job (``MAX_ATTEMPTS``). A retried job starts again from its payload: a work function
keeps its files in the file store (whole files, by an atomic rename) and the row gets its result only when it is
done, so nothing half made is ever offered. Heartbeats are compared on the database's clock, not the workers'.

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
import shutil
import signal
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

from huey import Huey
from sqlalchemy import ColumnElement, Float, and_, insert, or_, select, update
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from clause_library.errors import ContractsError

from .database import database_url, engine, jobs
from .filestore import sweep_parts
from .queues import REDIS_ENV, QueueError, RedisError, check_broker, huey_of, queue_name, redis_trouble
from .scratch import sweep_scratch, use_scratch

__all__ = ["LEASE_ENV", "MAX_ATTEMPTS", "REDIS_ENV", "WORK_MODULES", "Job", "JobState", "Progress", "QueueError",
           "check_queue", "job", "jobs_of", "lease_seconds", "queue", "queue_name", "run_worker", "submit", "work"]

# The modules whose @work functions a worker can run; each imports this one.
WORK_MODULES: tuple[str, ...] = ("portal.packs", "portal.drafts", "portal.signoffs", "portal.batches")
LEASE_ENV = "CONTRACTS_JOB_LEASE"
MAX_ATTEMPTS = 3  # a job whose worker died this many times is failed, not tried again: it may be what kills them
_LEASE = 60.0  # seconds without a heartbeat after which a running job's worker is taken for dead
_BEAT_EVERY = 5.0  # seconds between heartbeats (a quarter of the lease when that is shorter)
_SWEEP_EVERY = 3600.0  # seconds between looks for what killed workers left (the store's temporary files, scratch)
_PROGRESS_EVERY = 0.25  # seconds between progress writes
_log = logging.getLogger("contracts.portal.jobs")



class Progress(Protocol):
    """What a job's work is handed. Called with ``(stage, done, total)`` as it goes. ``job_id``: its job.
    ``kept()``: the result an earlier, interrupted attempt of the job recorded (``{}``: none), and ``keep(partial)``
    records one now: shown while the job runs, replaced by the work's own result at the end. A work function that
    would otherwise redo what an interrupted attempt finished (reviews kept as documents) uses them. Both refuse
    (stopping the work) once another worker has taken the job over."""

    job_id: int

    def __call__(self, stage: str, done: int, total: int) -> None: ...

    def kept(self) -> dict[str, Any]: ...

    def keep(self, partial: dict[str, Any]) -> None: ...


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
    work returned (JSON). ``attempts``: how many times a worker took it (2 or more: a worker running it died and
    it started again); ``worker`` the ``host:pid`` running it (``""``: none)."""

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
    attempts: int
    worker: str

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


# ------------------------------------------------------------------ the queue


@functools.cache
def _task(front: Huey) -> Any:
    """The queue's one task, run_job: a message carrying a job's id (and its database's URL)."""
    return front.task(name="run_job", retries=0)(_run)


def _queue_of(url: str | None) -> tuple[Huey, Any]:
    """The queue (and its one task) of the portal whose database is at ``url`` (``None``: ``database_url()``)."""
    front = huey_of(url or database_url())
    return front, _task(front)


def queue() -> Huey:
    """The job queue of this portal's database (``database_url()``). Tests set ``queue().immediate = True`` to run
    jobs as they are submitted, whatever database they are for."""
    return _queue_of(None)[0]


def check_queue() -> None:
    """Check that jobs can be queued and taken: the lease is a number, the queue opens (Redis, when configured,
    answers). QueueError saying what to do when not."""
    lease_seconds()
    check_broker(database_url())


def _send(job_id: int, url: str | None) -> None:
    """Put a message for job ``job_id`` on its queue (or run it now, when the tests made the queue immediate)."""
    front, task = _queue_of(None)
    if not front.immediate:
        front, task = _queue_of(url)
    try:
        task(job_id, url)
    except RedisError as e:
        raise redis_trouble(e) from e


# ------------------------------------------------------------------ the rows


class _DbSeconds(FunctionElement[float]):
    """Seconds since the epoch by the database's clock, the one clock every worker's heartbeat is compared on."""

    type = Float()
    inherit_cache = True


@compiles(_DbSeconds)
def _sqlite_seconds(_element: _DbSeconds, _compiler: SQLCompiler, **_kw: Any) -> str:
    return "((julianday('now') - 2440587.5) * 86400.0)"


@compiles(_DbSeconds, "postgresql")
def _postgresql_seconds(_element: _DbSeconds, _compiler: SQLCompiler, **_kw: Any) -> str:
    return "CAST(extract(epoch FROM clock_timestamp()) AS DOUBLE PRECISION)"


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def submit(kind: str, payload: dict[str, Any], account_id: int, *, url: str | None = None) -> int:
    """Record a job of ``kind`` for ``account_id`` and queue it; return its id at once. QueueError when the queue
    cannot be reached (the job is then failed, saying so)."""
    if kind not in _WORK:
        _load_work()
    if kind not in _WORK:
        raise ValueError(f"no work of kind {kind!r}")
    with engine(url).begin() as conn:
        key = conn.execute(insert(jobs).values(
            kind=kind, account_id=account_id, state=JobState.queued.value, stage="", done=0, total=0, message="",
            payload=json.dumps(payload, ensure_ascii=False, sort_keys=True), result="{}",
            created_at=_now(), attempts=0, heartbeat_at=_DbSeconds())).inserted_primary_key
    job_id = int(key[0]) if key is not None else 0
    try:
        _send(job_id, url)
    except QueueError as e:
        _set(job_id, url, state=JobState.failed.value, message=str(e), finished_at=_now())
        raise
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
               dt.datetime.fromisoformat(row.finished_at) if row.finished_at else None, row.attempts,
               row.worker or "")


def _load_work() -> None:
    for name in WORK_MODULES:
        importlib.import_module(name)


def _set(job_id: int, url: str | None, **values: Any) -> None:
    with engine(url).begin() as conn:
        conn.execute(update(jobs).where(jobs.c.id == job_id).values(**values))


# ------------------------------------------------------------------ claims, heartbeats, leases


def lease_seconds() -> float:
    """How long a running job's worker may be silent before it is taken for dead: ``$CONTRACTS_JOB_LEASE`` seconds
    (at least 1), 60 when unset."""
    text = os.environ.get(LEASE_ENV, "").strip()
    try:
        found = float(text) if text else _LEASE
    except ValueError:
        found = 0.0
    if not found >= 1:  # NaN too
        raise QueueError(f"${LEASE_ENV}={text!r}: expected a number of seconds, at least 1 (default {_LEASE:g})")
    return found


def _me() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _stale(lease: float) -> ColumnElement[bool]:
    """The row's heartbeat (or, queued, the time it was queued) is older than ``lease``; NULL: from before leases."""
    return or_(jobs.c.heartbeat_at.is_(None), jobs.c.heartbeat_at < _DbSeconds() - lease)


def _mine(job_id: int, attempt: int) -> ColumnElement[bool]:
    """Job ``job_id`` is still this process's ``attempt``: no other worker took it over since."""
    return and_(jobs.c.id == job_id, jobs.c.state == JobState.running.value, jobs.c.worker == _me(),
                jobs.c.attempts == attempt)


class _Superseded(Exception):
    """Raised in a job's work when another worker has taken the job over (this one was silent past the lease)."""


class _Held:
    """The attempts this process is running, ``(url, id, attempt)``, those another worker took over (``lost``),
    and the databases it has seen jobs of."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.jobs: set[tuple[str | None, int, int]] = set()
        self.lost: set[tuple[str | None, int, int]] = set()
        self.urls: set[str | None] = set()


_held = _Held()


def _claim(job_id: int, url: str | None) -> Job | None:
    """Take job ``job_id`` for this process: one UPDATE, which succeeds for one worker only, of a queued job or
    of a running one whose worker fell silent past the lease. The job as taken (its progress reset, its
    ``attempts`` counting this one); ``None`` when another worker has it or it is over."""
    with engine(url).begin() as conn:
        taken = conn.execute(update(jobs).where(
            jobs.c.id == job_id, jobs.c.attempts < MAX_ATTEMPTS,
            or_(jobs.c.state == JobState.queued.value,
                and_(jobs.c.state == JobState.running.value, _stale(lease_seconds()))))
            .values(state=JobState.running.value, attempts=jobs.c.attempts + 1, worker=_me(),
                    heartbeat_at=_DbSeconds(), stage="", done=0, total=0, message="")).rowcount
        row = conn.execute(select(jobs).where(jobs.c.id == job_id)).first() if taken == 1 else None
    return None if row is None else _job(row)


def _write_mine(job_id: int, url: str | None, attempt: int, **values: Any) -> bool:
    """Write ``values`` to the job while it is this process's ``attempt``; whether it still was."""
    with engine(url).begin() as conn:
        return bool(conn.execute(update(jobs).where(_mine(job_id, attempt)).values(**values)).rowcount == 1)


class _Reporter:
    """The Progress of one attempt at a job: every write is made only while the job is still this attempt's."""

    def __init__(self, found: Job, url: str | None) -> None:
        self.job_id, self._url, self._attempt, self._kept = found.id, url, found.attempts, found.result
        self._last = 0.0

    def _write(self, **values: Any) -> None:
        if (self._url, self.job_id, self._attempt) in _held.lost or not _write_mine(
                self.job_id, self._url, self._attempt, heartbeat_at=_DbSeconds(), **values):
            raise _Superseded(self.job_id)

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self._last >= _PROGRESS_EVERY or done >= total:
            self._write(stage=stage, done=done, total=total)
            self._last = now
        elif (self._url, self.job_id, self._attempt) in _held.lost:
            raise _Superseded(self.job_id)

    def kept(self) -> dict[str, Any]:
        return dict(self._kept)

    def keep(self, partial: dict[str, Any]) -> None:
        self._write(result=json.dumps(partial, ensure_ascii=False, sort_keys=True))
        self._kept = dict(partial)


def _run(job_id: int, url: str | None) -> None:
    """Do job ``job_id`` (the queue's one task) if this process can claim it. Its end (done with the result, or
    failed with why) is written only while the job is still this attempt's: a worker taken for dead and overtaken
    by another writes nothing."""
    _held.urls.add(url or database_url())
    found = _claim(job_id, url)
    if found is None:
        return
    _load_work()
    attempt = found.attempts
    key = (url, job_id, attempt)
    with _held.lock:
        _held.jobs.add(key)
    try:
        result = _WORK[found.kind](found.payload, _Reporter(found, url))
    except _Superseded:
        _log.warning("job %s (%s): another worker took it over; this attempt (%s) stops", job_id, found.kind, attempt)
    except ContractsError as e:
        _write_mine(job_id, url, attempt, state=JobState.failed.value, message=str(e), finished_at=_now())
    except Exception as e:  # the worker goes on with the next job; the person is told it failed, the log says why
        _log.exception("job %s (%s) failed", job_id, found.kind)
        _write_mine(job_id, url, attempt, state=JobState.failed.value, message=f"internal error "
                    f"({type(e).__name__}); the administrator will find it in the worker's log", finished_at=_now())
    else:
        _write_mine(job_id, url, attempt, state=JobState.done.value, finished_at=_now(),
                    result=json.dumps(result, ensure_ascii=False, sort_keys=True))
    finally:
        with _held.lock:
            _held.jobs.discard(key)
            _held.lost.discard(key)


def _beat() -> None:
    """Write the heartbeat of every job this process runs; a job another worker has taken over is marked lost,
    and its work stops at its next progress report."""
    with _held.lock:
        running = list(_held.jobs)
    for url, job_id, attempt in running:
        if not _write_mine(job_id, url, attempt, heartbeat_at=_DbSeconds()):
            with _held.lock:
                _held.lost.add((url, job_id, attempt))


_INTERRUPTED = (f"interrupted {MAX_ATTEMPTS} times: the worker running it stopped each time (killed, out of memory, "
                "or its machine went down), so it is not tried again; ask again, and tell the administrator if this "
                "happens again")


def _reap(url: str | None, lease: float) -> None:
    """Put back on the queue the running jobs whose worker fell silent past ``lease`` (fail those interrupted
    ``MAX_ATTEMPTS`` times), and queue again the queued jobs that have no message (their worker died between taking
    the message and claiming the job, or the queue was unreachable when they were submitted). Each UPDATE changes
    a row for one worker only, so two workers reaping at once queue a job once. Nothing is written (no lock taken,
    SQLite's is the whole file) when no job is silent."""
    silent = and_(jobs.c.state == JobState.running.value, _stale(lease))
    again: list[int] = []
    with engine(url).begin() as conn:
        if conn.execute(select(jobs.c.id).where(silent).limit(1)).first() is not None:
            conn.execute(update(jobs).where(silent, jobs.c.attempts >= MAX_ATTEMPTS)
                         .values(state=JobState.failed.value, message=_INTERRUPTED, finished_at=_now(), worker=None))
            again += conn.execute(update(jobs).where(silent, jobs.c.attempts < MAX_ATTEMPTS)
                                  .values(state=JobState.queued.value, worker=None, heartbeat_at=_DbSeconds(),
                                          stage="", done=0, total=0)
                                  .returning(jobs.c.id)).scalars()
        waiting = list(conn.execute(select(jobs.c.id).where(jobs.c.state == JobState.queued.value, _stale(lease)))
                       .scalars())
    for job_id in again:
        _log.warning("job %s: its worker fell silent for %g s; queued again", job_id, lease)
        _send(job_id, url)
    if waiting:
        mine = url or database_url()
        sent = {t.args[0] for t in _queue_of(url)[0].pending() if len(t.args) == 2 and (t.args[1] or database_url())
                == mine}
        for job_id in sorted(set(waiting) - sent):
            with engine(url).begin() as conn:
                if not conn.execute(update(jobs).where(jobs.c.id == job_id, jobs.c.state == JobState.queued.value,
                                                       _stale(lease)).values(heartbeat_at=_DbSeconds())).rowcount:
                    continue
            _log.warning("job %s: queued for %g s without a message on the queue; queued again", job_id, lease)
            _send(job_id, url)


def _release() -> None:
    """Put the jobs this process still runs back on the queue, when it stops in order (SIGTERM, Ctrl-C): another
    worker takes them at once instead of after the lease, and the attempt does not count."""
    with _held.lock:
        running = list(_held.jobs)
    for url, job_id, attempt in running:
        try:
            if _write_mine(job_id, url, attempt, state=JobState.queued.value, attempts=attempt - 1, worker=None,
                           heartbeat_at=_DbSeconds()):
                _send(job_id, url)
        except Exception:  # left running or queued without a message: a worker's lease keeper queues it again
            _log.exception("job %s: could not put it back on the queue", job_id)


def _keep(stop: threading.Event, lease: float) -> None:
    """The lease keeper: heartbeats, reaping and sweeping, until ``stop``; a database or queue that fails is
    logged and tried again next time."""
    every, swept = min(_BEAT_EVERY, lease / 4), float("-inf")  # the first sweep at once
    while True:
        try:
            _beat()
            for url in list(_held.urls):
                _reap(url, lease)
            if time.monotonic() - swept >= _SWEEP_EVERY:
                swept = time.monotonic()
                sweep_parts()
                sweep_scratch()
        except Exception:
            _log.exception("keeping the jobs' leases failed; trying again in %g s", every)
        if stop.wait(every):
            return


def run_worker(threads: int = 2, *, parent: int | None = None) -> None:
    """Run jobs until interrupted (SIGINT or SIGTERM): ``contracts worker``. ``parent``: the process that started
    this one (``contracts serve``); the worker stops when it is gone, however it ended. QueueError when the queue
    cannot be used."""
    check_queue()
    _load_work()
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    if parent is not None:
        threading.Thread(target=_stop_with, args=(parent,), name="parent-watch", daemon=True).start()
    scratch = use_scratch()
    _held.urls.add(database_url())
    stop = threading.Event()
    keeper = threading.Thread(target=_keep, args=(stop, lease_seconds()), name="job-leases", daemon=True)
    keeper.start()
    try:  # max_delay: an idle SQLite queue is looked at every second, not every ten (huey's default)
        queue().create_consumer(workers=threads, worker_type="thread", max_delay=1.0).run()
    finally:
        stop.set()
        keeper.join(10)
        _release()
        shutil.rmtree(scratch, ignore_errors=True)


def _stop_with(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1)
    os.kill(os.getpid(), signal.SIGTERM)  # the consumer's own way to stop
