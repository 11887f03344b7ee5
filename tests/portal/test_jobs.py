"""Jobs: queued with the request's answer at once, run by a worker (here: as submitted, or by a real consumer process),
their progress and result kept, what the person can fix told to them, an internal error told as such."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from clause_library.errors import ContractsError
from portal import jobs
from portal.accounts import add_account
from portal.jobs import JobState, Progress, job, jobs_of, queue, submit, work


@work("test.count")
def _count(payload: dict[str, Any], progress: Progress) -> dict[str, Any]:
    for i in range(payload["n"] + 1):
        progress("counting", i, payload["n"])
    if payload.get("refuse"):
        raise ContractsError("row 3, column id_number: not an ID number; correct it and upload again")
    if payload.get("crash"):
        raise KeyError("a bug")
    return {"counted": payload["n"]}


@pytest.fixture
def url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("CONTRACTS_HOME", str(tmp_path))
    found = f"sqlite:///{tmp_path / 'portal.sqlite3'}"
    add_account("requester.user", "申请人", ["requester"], "correct horse battery", url=found)
    yield found


@pytest.fixture
def immediate(url: str) -> Iterator[None]:
    queue().immediate = True
    yield
    queue().immediate = False


def test_a_job_runs_and_keeps_its_result(url: str, immediate: None) -> None:
    done = job(submit("test.count", {"n": 40}, 1, url=url), url=url)
    assert done is not None and done.state is JobState.done and done.result == {"counted": 40}
    assert (done.stage, done.done, done.total, done.percent) == ("counting", 40, 40, 100)
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
    assert (found := job(job_id, url=url)) is not None and found.state is JobState.queued
    worker = subprocess.Popen(
        [sys.executable, "-c", "import sys; sys.path.insert(0, 'tests/portal'); import test_jobs; "
         "from portal.jobs import run_worker; run_worker(1)"],
        env={**os.environ, "CONTRACTS_HOME": str(tmp_path)}, cwd=Path(__file__).parents[2],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while (found := job(job_id, url=url)) is not None and not found.over and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        worker.terminate()
        _, log = worker.communicate(timeout=10)
    assert found is not None and found.state is JobState.done, log.decode()
    assert found.result == {"counted": 3}


def test_the_work_modules_exist() -> None:
    for name in jobs.WORK_MODULES:
        __import__(name)
