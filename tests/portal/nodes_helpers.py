"""The portal as deployed on several nodes, in subprocesses on loopback: `contracts serve --workers 0` web nodes and
`contracts worker` processes sharing one database, one job queue and one file store (docs/deploy.md). On the
embedded default they share a $CONTRACTS_HOME (SQLite, huey's SQLite queue); in .ci/run's second pass the database
is a PostgreSQL schema of the test's own and the queue is on Redis (tests/databases)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx2

from tests.databases import services_env
from tests.portal.browser_helpers import free_port

__all__ = ["SECRET", "Nodes", "path_without_soffice", "proc_stat", "start_nodes"]

ROOT = Path(__file__).resolve().parents[2]
SECRET = "k" * 48  # every node signs sessions with the same key: a session opened on one is good on the others


def proc_stat(pid: int | str) -> list[str] | None:
    """The fields of Linux's /proc/PID/stat after the command's name (state, parent pid, …, utime at index 11);
    ``None`` when there is no such process."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None


def path_without_soffice() -> str:
    """$PATH without the folders holding LibreOffice's soffice: packs are then made without PDF."""
    folders = os.environ.get("PATH", "").split(os.pathsep)
    return os.pathsep.join(f for f in folders if f and not (Path(f) / "soffice").exists())


@dataclass
class Nodes:
    """The running processes: ``bases`` the web nodes' addresses, ``workers`` the worker processes (a test may kill
    one), ``env`` their environment, ``log`` where they all write."""

    bases: list[str]
    workers: list[subprocess.Popen[bytes]]
    env: dict[str, str]
    log: Path
    webs: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def start_worker(self, threads: int = 1) -> subprocess.Popen[bytes]:
        with self.log.open("ab") as log:
            proc = subprocess.Popen([sys.executable, "-m", "contracts", "worker", "--threads", str(threads)],
                                    env=self.env, cwd=ROOT, stdout=log, stderr=log)
        self.workers.append(proc)
        return proc

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


def _stop(procs: list[subprocess.Popen[bytes]]) -> None:
    for proc in procs:
        if proc.poll() is None:
            proc.terminate()
    for proc in procs:
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


@contextmanager
def start_nodes(home: Path, url: str, *, webs: int = 2, workers: int = 2, threads: int = 1,
                env: dict[str, str] | None = None) -> Iterator[Nodes]:
    """``webs`` web nodes and ``workers`` workers over the database ``url`` and the file store in ``home``, without
    LibreOffice on their PATH; stopped (and waited for) on leaving. ``env``: more variables for every process."""
    clean = {k: v for k, v in os.environ.items()
             if k not in ("CONTRACTS_DATABASE_URL", "CONTRACTS_SIGNOFF_DB", "CONTRACTS_REDIS_URL")}
    clean.update(CONTRACTS_HOME=str(home), CONTRACTS_SECRET_KEY=SECRET, PATH=path_without_soffice(),
                 CONTRACTS_DATABASE_URL=url, **services_env(), **(env or {}))
    log = home / "processes.log"
    ports = [free_port() for _ in range(webs)]
    nodes = Nodes([f"http://127.0.0.1:{p}" for p in ports], [], clean, log)
    try:
        with log.open("ab") as out:
            nodes.webs = [subprocess.Popen([sys.executable, "-m", "contracts", "serve", "--port", str(p),
                                            "--workers", "0"], env=clean, cwd=ROOT, stdout=out, stderr=out)
                          for p in ports]
        for _ in range(workers):
            nodes.start_worker(threads)
        deadline = time.monotonic() + 60
        for base, proc in zip(nodes.bases, nodes.webs, strict=True):
            while True:
                try:
                    httpx2.get(base + "/login", timeout=2)
                    break
                except httpx2.TransportError:
                    if proc.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError(f"{base} did not start:\n{nodes.log_tail()}") from None
                    time.sleep(0.1)
        yield nodes
    finally:
        _stop(nodes.webs + nodes.workers)
