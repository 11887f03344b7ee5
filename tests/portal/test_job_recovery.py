"""Jobs outlive their workers: a job whose `contracts worker`s are killed (SIGKILL) three times in the middle of an
NDA pack fails saying so (one killed once, whose job another worker finishes with nothing half made ever offered, is
tests/portal/test_browser_flows.py's, on two web nodes). On this run's database and
queue (PostgreSQL and Redis when configured: tests/databases.py). Also: the file store several nodes share, and the
jobs table of an older database gaining its lease columns."""

from __future__ import annotations

import asyncio
import hashlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, Text, create_engine, insert, inspect, select

from generator.pack import pack_folder_name
from portal import filestore, jobs
from portal.accounts import add_account
from portal.database import engine
from portal.database import jobs as jobs_table
from portal.filestore import path_of, store, store_file, sweep_parts
from portal.jobs import Job, JobState, job, submit
from signoff.databases import sqlalchemy_url
from tests.conftest import ROOT, STANDALONE_PACK
from tests.databases import REDIS_ENV, database_url
from tests.portal.packs_helpers import roster_rows, roster_xlsx

LEASE = 2  # seconds: a killed worker's job waits this long, plus a heartbeat's period, for another worker
PEOPLE = 250  # pledges in the pack: a few seconds of work (below generator.pack's pool of processes)
WAIT = 60  # seconds any one step may take on a busy machine before the test fails saying which


class Workers:
    """`contracts worker` processes on the test's database, queue and file store, each in a session of its own
    (so that a kill takes whatever it started too); those still running are killed at the end."""

    def __init__(self, env: dict[str, str], logs: Path) -> None:
        self.env, self.logs, self.started = env, logs, list[subprocess.Popen[bytes]]()

    def start(self) -> subprocess.Popen[bytes]:
        with (self.logs / f"worker-{len(self.started)}.log").open("wb") as log:
            proc = subprocess.Popen([sys.executable, "-m", "contracts", "worker", "--threads", "1"], env=self.env,
                                    cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        self.started.append(proc)
        return proc

    def kill_holder(self, found: Job) -> subprocess.Popen[bytes]:
        """SIGKILL the worker running ``found`` (by the pid its row names), and what it started."""
        holder = next((p for p in self.started if found.worker.endswith(f":{p.pid}")), None)
        assert holder is not None and holder.poll() is None, f"job held by {found.worker!r}, none of ours\n{self.log()}"
        os.killpg(holder.pid, signal.SIGKILL)
        holder.wait(10)
        return holder

    def log(self) -> str:
        return "\n".join(f"--- {p.name}\n{p.read_text(errors='replace')}" for p in sorted(self.logs.glob("*.log")))

    def close(self) -> None:
        for proc in self.started:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(10)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The test's home, queue (on this run's Redis, or jobs.sqlite3 in the home) and shared file store."""
    monkeypatch.setenv("CONTRACTS_HOME", str(tmp_path))
    monkeypatch.setenv("CONTRACTS_FILES_DIR", str(tmp_path / "shared-files"))
    monkeypatch.setenv("CONTRACTS_JOB_LEASE", str(LEASE))
    monkeypatch.delenv("CONTRACTS_REDIS_URL", raising=False)
    if os.environ.get(REDIS_ENV):
        monkeypatch.setenv("CONTRACTS_REDIS_URL", os.environ[REDIS_ENV])
    return tmp_path


@pytest.fixture
def url(home: Path) -> str:
    """The test's database, with the account its jobs are for."""
    found = database_url(home)
    add_account("requester.user", "申请人", ["requester"], "correct horse battery", url=found)
    return found


@pytest.fixture
def workers(url: str, tmp_path: Path) -> Iterator[Workers]:
    logs = tmp_path / "logs"
    logs.mkdir()
    started = Workers({**os.environ, "CONTRACTS_DATABASE_URL": url}, logs)
    try:
        yield started
    finally:
        started.close()


def _submit_pack(url: str) -> int:
    """Queue the pack of the standalone NDA request for ``PEOPLE`` people, as the pack form does."""
    roster = Path(os.environ["CONTRACTS_HOME"]) / "roster.xlsx"
    roster.write_bytes(roster_xlsx(roster_rows(PEOPLE)))
    payload = {"contract_no": "NDA-2026-0042", "folder": pack_folder_name("NDA-2026-0042"),
               "request_name": "NDA-2026-0042-nda-pack.yaml", "request_sha256": store_file(STANDALONE_PACK),
               "roster_name": "花名册.xlsx", "roster_sha256": store_file(roster), "sheet": None, "pdf": False}
    return submit("pack", payload, 1, url=url)


def _wait(url: str, job_id: int, until: Callable[[Job], bool], what: str, workers: Workers,
          seen: list[Job] | None = None) -> Job:
    """The job once ``until`` holds of it (every state looked at kept in ``seen``); fails saying ``what`` was
    awaited, the job as it was and the workers' logs."""
    deadline = time.monotonic() + WAIT
    while True:
        found = job(job_id, url=url)
        assert found is not None
        if seen is not None:
            seen.append(found)
        if until(found):
            return found
        assert time.monotonic() < deadline, f"waited {WAIT} s for {what}; the job: {found}\n{workers.log()}"
        time.sleep(0.05)


def _running(attempt: int) -> Callable[[Job], bool]:
    return lambda j: j.state is JobState.running and j.attempts == attempt


def _store_is_whole() -> None:
    """Every file under its name in the store holds the bytes of that name: none half written."""
    kept = [p for p in (Path(os.environ["CONTRACTS_FILES_DIR"])).glob("??/*") if p.is_file()]
    assert kept
    for path in kept:
        assert hashlib.sha256(path.read_bytes()).hexdigest() == path.name, path


def test_a_job_whose_worker_is_killed_three_times_fails_saying_so(url: str, workers: Workers) -> None:
    job_id = _submit_pack(url)
    workers.start()
    workers.start()
    scratch, killed = Path(os.environ["CONTRACTS_HOME"]) / "scratch", []
    for attempt in (1, 2, 3):
        held = _wait(url, job_id, _running(attempt), f"attempt {attempt}", workers)
        mine = scratch / f"{socket.gethostname()}-{held.worker.rsplit(':', 1)[1]}"
        _wait(url, job_id, lambda _, mine=mine: any(mine.glob("pack-*")), "the pack built in its worker's scratch",
              workers)
        killed.append(mine)
        workers.kill_holder(held)
        workers.start()  # one idle worker stays, to take the job (or fail it) once the lease is over
    failed = _wait(url, job_id, lambda j: j.over, "the job to fail", workers)
    assert failed.state is JobState.failed and failed.attempts == 3
    assert "interrupted 3 times" in failed.message and failed.result == {}
    _store_is_whole()  # three killed attempts left no file half written under its name
    # what the killed workers were building is removed by the workers started after them
    _wait(url, job_id, lambda _: not any(f.exists() for f in killed), "the killed workers' scratch removed", workers)


# ------------------------------------------------------------------ the shared file store


def test_the_store_is_where_contracts_files_dir_says(url: str, tmp_path: Path) -> None:
    sha = store_file(STANDALONE_PACK)
    assert path_of(sha) == tmp_path / "shared-files" / sha[:2] / sha and path_of(sha).read_bytes() == (
        STANDALONE_PACK.read_bytes())
    assert list((tmp_path / "shared-files" / "tmp").iterdir()) == [], "a temporary file was left"


def test_two_nodes_keeping_the_same_bytes_at_once_both_succeed(url: str, tmp_path: Path) -> None:
    data = os.urandom(3 << 20)
    source = tmp_path / "made.bin"
    source.write_bytes(data)

    async def chunks() -> AsyncIterator[bytes]:
        for i in range(0, len(data), 1 << 16):
            yield data[i:i + (1 << 16)]

    shas: list[str] = []
    start = threading.Barrier(8)

    def keep(i: int) -> None:
        start.wait(10)
        shas.append(store_file(source) if i % 2 else asyncio.run(store(chunks())))

    threads = [threading.Thread(target=keep, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert shas == [hashlib.sha256(data).hexdigest()] * 8
    assert path_of(shas[0]).read_bytes() == data
    assert list((tmp_path / "shared-files" / "tmp").iterdir()) == []


def test_temporary_files_a_killed_writer_left_are_swept_once_old(url: str, tmp_path: Path) -> None:
    parts = tmp_path / "shared-files" / "tmp"
    parts.mkdir(parents=True)
    old, young = parts / "old.part", parts / "young.part"
    old.write_bytes(b"half")
    young.write_bytes(b"being written")
    os.utime(old, (time.time() - 2 * 86400, time.time() - 2 * 86400))
    assert sweep_parts() == 1
    assert sorted(p.name for p in parts.iterdir()) == ["young.part"]
    assert filestore.FILES_ENV == "CONTRACTS_FILES_DIR"


# ------------------------------------------------------------------ an older database


def test_the_jobs_of_an_older_database_gain_their_lease_and_are_taken_up(home: Path) -> None:
    """A schema-6 database: its jobs table gains attempts, worker and heartbeat_at; a job left running by a
    worker of before (no heartbeat) is queued again by the first reaper, counted from its first attempt."""
    url = database_url(home)
    old = MetaData()
    Table("accounts", old, Column("id", Integer, primary_key=True), Column("username", String(64)),
          Column("display_name", String(200)), Column("password_hash", String(200)), Column("disabled", Integer),
          Column("created_at", String(40)), Column("session_epoch", Integer, nullable=False, server_default="0"))
    columns = [Column("id", Integer, primary_key=True), Column("kind", String(40)), Column("account_id", Integer),
               Column("state", String(10)), Column("stage", String(40)), Column("done", Integer),
               Column("total", Integer), Column("message", Text), Column("payload", Text), Column("result", Text),
               Column("created_at", String(40)), Column("finished_at", String(40))]
    old_jobs = Table("jobs", old, *columns)
    version = Table("schema_version", old, Column("version", Integer, nullable=False))
    raw = create_engine(sqlalchemy_url(url))
    with raw.begin() as conn:
        old.create_all(conn)
        conn.execute(insert(version).values(version=6))
        conn.execute(insert(old.tables["accounts"]).values(id=1, username="a", display_name="A", password_hash="-",
                                                           disabled=0, created_at="2026-01-01T00:00:00+00:00"))
        conn.execute(insert(old_jobs).values(id=7, kind="pack", account_id=1, state="running", stage="pledges",
                                             done=3, total=9, message="", payload="{}", result="{}",
                                             created_at="2026-01-01T00:00:00+00:00"))
    raw.dispose()
    with engine(url).connect() as conn:
        assert {"attempts", "worker", "heartbeat_at"} <= {c["name"] for c in inspect(conn).get_columns("jobs")}
        assert "jobs_state" in {i["name"] for i in inspect(conn).get_indexes("jobs")}
        assert conn.execute(select(jobs_table.c.attempts, jobs_table.c.heartbeat_at)).one() == (0, None)
    jobs._reap(url, 60.0)
    found = job(7, url=url)
    assert found is not None and found.state is JobState.queued and found.attempts == 0
    assert [t.args[0] for t in jobs._queue_of(url)[0].pending()] == [7]
