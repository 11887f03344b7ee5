"""Jobs: queued with the request's answer at once, run by a worker (here: as submitted, or by a real consumer process),
their progress and result kept, what the person can fix told to them, an internal error told as such; claimed once
however often their message comes, held by a heartbeat, queued again when their worker falls silent, failed after
three interrupted attempts (tests/portal/test_job_recovery.py kills real workers)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert, update

from clause_library.errors import ContractsError
from portal import jobs
from portal.database import accounts, engine
from portal.database import jobs as jobs_table
from portal.jobs import JobState, Progress, QueueError, job, jobs_of, queue, queue_name, submit, work
from tests.databases import REDIS_ENV, database_url

_STARTED: list[int] = []  # the work begun and finished in this process, by n
_FINISHED: list[int] = []
_GATE, _AT_GATE = threading.Event(), threading.Event()  # a "wait" job waits at its first report for the test


@work("test.count")
def _count(payload: dict[str, Any], progress: Progress) -> dict[str, Any]:
    _STARTED.append(payload["n"])
    for i in range(payload["n"] + 1):
        progress("counting", i, payload["n"])
        if payload.get("wait") and i == 0:
            _AT_GATE.set()
            assert _GATE.wait(10), "the test never opened the gate"
    if payload.get("refuse"):
        raise ContractsError("row 3, column id_number: not an ID number; correct it and upload again")
    if payload.get("crash"):
        raise KeyError("a bug")
    _FINISHED.append(payload["n"])
    return {"counted": payload["n"]}


@pytest.fixture
def url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A database of the test's own, its queue on this run's Redis when there is one, else in the test's home."""
    monkeypatch.setenv("CONTRACTS_HOME", str(tmp_path))
    monkeypatch.delenv("CONTRACTS_REDIS_URL", raising=False)
    if os.environ.get(REDIS_ENV):
        monkeypatch.setenv("CONTRACTS_REDIS_URL", os.environ[REDIS_ENV])
    found = database_url(tmp_path)
    with engine(found).begin() as conn:  # the account the jobs are for (a real one costs an argon2 hash)
        conn.execute(insert(accounts).values(id=1, username="requester.user", display_name="申请人", password_hash="-",
                                             disabled=False, created_at="2026-12-05T00:00:00+00:00"))
    yield found


@pytest.fixture
def immediate(url: str) -> Iterator[None]:
    queue().immediate = True
    yield
    queue().immediate = False


def test_a_job_runs_and_keeps_its_result(url: str, immediate: None) -> None:
    done = job(submit("test.count", {"n": 40}, 1, url=url), url=url)
    assert done is not None and done.state is JobState.done and done.result == {"counted": 40}
    assert (done.stage, done.done, done.total, done.percent, done.attempts) == ("counting", 40, 40, 100, 1)
    assert [j.id for j in jobs_of(1, "test.count", url=url)] == [done.id]


def test_what_the_person_can_fix_is_told_and_a_bug_is_not_shown(url: str, immediate: None) -> None:
    refused = job(submit("test.count", {"n": 1, "refuse": True}, 1, url=url), url=url)
    assert refused is not None and refused.state is JobState.failed and "row 3, column id_number" in refused.message
    crashed = job(submit("test.count", {"n": 1, "crash": True}, 1, url=url), url=url)
    assert crashed is not None and crashed.state is JobState.failed
    assert "internal error (KeyError)" in crashed.message and "a bug" not in crashed.message


def test_a_job_of_no_known_kind_is_refused(url: str) -> None:
    with pytest.raises(ValueError, match="no work of kind"):
        submit("no.such.kind", {}, 1, url=url)


def test_a_job_is_queued_until_a_worker_runs_it(url: str, tmp_path: Path) -> None:
    """Submitting returns at once; a worker in its own process (``contracts worker``) runs the job."""
    job_id = submit("test.count", {"n": 3}, 1, url=url)
    found = _row(url, job_id)
    assert found.state is JobState.queued and found.attempts == 0
    env = {**os.environ, "CONTRACTS_HOME": str(tmp_path), "CONTRACTS_DATABASE_URL": url}
    worker = subprocess.Popen(
        [sys.executable, "-c", "import sys; sys.path.insert(0, 'tests/portal'); import test_jobs; "
         "from portal.jobs import run_worker; run_worker(1)"],
        env=env, cwd=Path(__file__).parents[2], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while (found := job(job_id, url=url)) is not None and not found.over and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        worker.terminate()
        _, log = worker.communicate(timeout=10)
    assert found is not None and found.state is JobState.done, log.decode()
    assert found.result == {"counted": 3} and found.attempts == 1 and found.worker.endswith(f":{worker.pid}")


def test_the_work_modules_exist() -> None:
    for name in jobs.WORK_MODULES:
        __import__(name)


# ------------------------------------------------------------------ claims and leases, in this process


def _row(url: str, job_id: int) -> jobs.Job:
    found = job(job_id, url=url)
    assert found is not None, f"no job {job_id}"
    return found


def _silent(url: str, job_id: int) -> None:
    """Make the job's heartbeat (or the time it was queued) older than any lease."""
    with engine(url).begin() as conn:
        conn.execute(update(jobs_table).where(jobs_table.c.id == job_id).values(heartbeat_at=0.0))


def _pending(url: str) -> list[int]:
    return [t.args[0] for t in jobs._queue_of(url)[0].pending()]


def test_a_message_delivered_twice_does_the_work_once(url: str) -> None:
    job_id = submit("test.count", {"n": 5}, 1, url=url)
    started = len(_STARTED)
    jobs._run(job_id, url)
    jobs._run(job_id, url)
    found = _row(url, job_id)
    assert found.state is JobState.done and found.attempts == 1
    assert len(_STARTED) == started + 1


def test_a_running_job_is_not_claimed_while_its_heartbeat_is_fresh(url: str) -> None:
    job_id = submit("test.count", {"n": 5}, 1, url=url)
    first = jobs._claim(job_id, url)
    assert first is not None and first.attempts == 1
    jobs._Reporter(first, url)("counting", 2, 5)
    assert jobs._claim(job_id, url) is None
    _silent(url, job_id)
    assert (second := jobs._claim(job_id, url)) is not None and second.attempts == 2
    assert (second.stage, second.done, second.total, second.percent) == ("", 0, 0, 0), "progress starts again"


def test_a_job_queued_again_while_its_worker_lives_is_finished_once(url: str) -> None:
    """The first worker was silent past the lease (not dead): the job is queued again and done by a second; the
    first learns at its next progress report that it lost the job, stops, and writes nothing."""
    job_id = submit("test.count", {"n": 3, "wait": True}, 1, url=url)
    started, finished = len(_STARTED), len(_FINISHED)
    _GATE.clear()
    _AT_GATE.clear()
    first = threading.Thread(target=jobs._run, args=(job_id, url))
    first.start()
    assert _AT_GATE.wait(10), "the first attempt never reported its progress"
    _silent(url, job_id)
    jobs._reap(url, 5.0)
    found = _row(url, job_id)
    assert found.state is JobState.queued and found.attempts == 1
    assert job_id in _pending(url)
    _GATE.set()  # the second attempt runs past the gate at once
    jobs._run(job_id, url)
    first.join(10)
    assert not first.is_alive()
    found = _row(url, job_id)
    assert found.state is JobState.done and found.attempts == 2
    assert found.result == {"counted": 3} and (found.done, found.total) == (3, 3)
    assert (len(_STARTED) - started, len(_FINISHED) - finished) == (2, 1)


def test_a_job_interrupted_three_times_fails_saying_so(url: str) -> None:
    job_id = submit("test.count", {"n": 1}, 1, url=url)
    for attempt in (1, 2, 3):
        assert (taken := jobs._claim(job_id, url)) is not None and taken.attempts == attempt
        _silent(url, job_id)
        jobs._reap(url, 5.0)
    assert jobs._claim(job_id, url) is None
    found = _row(url, job_id)
    assert found.state is JobState.failed and found.over
    assert "interrupted 3 times" in found.message and found.result == {} and found.finished_at is not None


def test_a_queued_job_whose_message_was_lost_is_queued_again(url: str) -> None:
    """The worker that took the message died before claiming the job: the job is queued again, once."""
    kept, lost, fresh = (submit("test.count", {"n": n}, 1, url=url) for n in (1, 2, 3))
    jobs._queue_of(url)[0].storage.flush_queue()
    jobs._send(kept, url)
    _silent(url, kept)
    _silent(url, lost)
    jobs._reap(url, 5.0)
    jobs._reap(url, 5.0)
    # fresh was queued less than a lease ago: its message may still be on its way to a worker
    assert sorted(_pending(url)) == [kept, lost]
    found = _row(url, fresh)
    assert found.state is JobState.queued


def test_a_worker_stopping_in_order_puts_its_jobs_back_without_counting_them(url: str) -> None:
    job_id = submit("test.count", {"n": 1}, 1, url=url)
    jobs._queue_of(url)[0].storage.flush_queue()
    taken = jobs._claim(job_id, url)
    assert taken is not None
    jobs._held.jobs.add((url, job_id, taken.attempts))
    try:
        jobs._release()
    finally:
        jobs._held.jobs.discard((url, job_id, taken.attempts))
    found = _row(url, job_id)
    assert found.state is JobState.queued
    assert (found.attempts, found.worker) == (0, "") and _pending(url) == [job_id]


# ------------------------------------------------------------------ configuration


@pytest.mark.parametrize("value", ["abc", "0", "0.5", "-3", "nan"])
def test_a_lease_that_is_no_number_of_seconds_is_refused(value: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(jobs.LEASE_ENV, value)
    with pytest.raises(QueueError, match=r"CONTRACTS_JOB_LEASE=.*expected a number of seconds, at least 1"):
        jobs.check_queue()


def test_the_lease_is_a_minute_unless_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(jobs.LEASE_ENV, raising=False)
    assert jobs.lease_seconds() == 60
    monkeypatch.setenv(jobs.LEASE_ENV, "2.5")
    assert jobs.lease_seconds() == 2.5


def test_each_portal_database_has_a_queue_of_its_own() -> None:
    names = {queue_name(f"sqlite:////srv/{n}/portal.sqlite3") for n in "ab"}
    assert len(names) == 2 and all(n.startswith("contracts-") and len(n) == 22 for n in names)


@pytest.mark.parametrize(("redis_url", "expected"), [
    ("redis://:s3cret@127.0.0.1:1/0", r"cannot reach the job queue's Redis at redis://:\*\*\*@127.0.0.1:1/0 "
                                      r"\(\$CONTRACTS_REDIS_URL\).*start it"),
    ("http://user:s3cret@127.0.0.1/0", r"\$CONTRACTS_REDIS_URL=http://user:\*\*\*@127.0.0.1/0 is not a Redis URL"),
    ("redis://:s3cret@127.0.0.1:port/0", r"\$CONTRACTS_REDIS_URL=redis://… is not a Redis URL \(Port could not"),
])
def test_a_redis_that_cannot_be_used_is_said_so_without_its_password(
        redis_url: str, expected: str, url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONTRACTS_REDIS_URL", redis_url)
    with pytest.raises(QueueError, match=expected) as caught:
        jobs.check_queue()
    assert "s3cret" not in str(caught.value)
    with pytest.raises(QueueError, match=expected):
        submit("test.count", {"n": 1}, 1, url=url)
    refused = jobs_of(1, "test.count", url=url)[0]
    assert refused.state is JobState.failed and "s3cret" not in refused.message


def test_contracts_worker_says_what_is_wrong_with_redis_without_a_traceback(tmp_path: Path) -> None:
    env = {**os.environ, "CONTRACTS_HOME": str(tmp_path), "CONTRACTS_REDIS_URL": "redis://:s3cret@127.0.0.1:1/0"}
    for command in (["worker"], ["serve", "--workers", "0", "--port", "1"]):
        done = subprocess.run([sys.executable, "-m", "contracts", *command], env=env, capture_output=True, text=True,
                              timeout=60, cwd=Path(__file__).parents[2])
        assert done.returncode == 2, done.stderr
        assert "cannot reach the job queue's Redis at redis://:***@127.0.0.1:1/0" in done.stderr
        assert "Traceback" not in done.stderr and "s3cret" not in done.stderr
