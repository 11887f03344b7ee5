"""The portal on two web nodes and two workers sharing one database, queue and file store (tests/portal/nodes_helpers;
on PostgreSQL and Redis in .ci/run's second pass): approvers deciding at the same moment on different nodes lose no
decision and fork no ledger, and a worker killed in the middle of a 1,000-person pack leaves nothing half made to
download while the other worker finishes the job."""

from __future__ import annotations

import io
import os
import re
import signal
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import httpx2
import pytest
from sqlalchemy import select

from portal.accounts import add_account
from portal.database import engine, jobs
from signoff import ledger
from tests.conftest import draft_example
from tests.databases import database_url, on_postgres
from tests.portal.nodes_helpers import Nodes, start_nodes
from tests.portal.packs_helpers import FORM, roster_csv, roster_rows

PASSWORD = "a long password 2026"
APPROVERS = ("legal", "finance", "business")
LEASE = 4  # seconds: a killed worker's job is taken over this long after its last heartbeat


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Nodes, str, Path]]:
    """Two web nodes and two workers (one thread each), a short lease; the database's URL and $CONTRACTS_HOME."""
    home = tmp_path_factory.mktemp("nodes")
    url = database_url(home)
    for role in ("requester", *APPROVERS):
        add_account(f"{role}.user", f"{role} 用户", [role], PASSWORD, url=url)
    with start_nodes(home, url, webs=2, workers=2, env={"CONTRACTS_JOB_LEASE": str(LEASE)}) as nodes:
        yield nodes, url, home


def _token(client: httpx2.Client, path: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', client.get(path).text)
    assert found, path
    return found[1]


@pytest.fixture
def clients() -> Iterator[list[httpx2.Client]]:
    """The test's HTTP clients, closed after it."""
    made: list[httpx2.Client] = []
    yield made
    for client in made:
        client.close()


def _signed_in(base: str, role: str, made: list[httpx2.Client]) -> httpx2.Client:
    client = httpx2.Client(base_url=base, timeout=60, follow_redirects=False)
    made.append(client)
    response = client.post("/login", data={"csrf": _token(client, "/login"), "username": f"{role}.user",
                                           "password": PASSWORD})
    assert response.status_code == 303, response.text
    return client


def _ledger(url: str, home: Path) -> str | Path:
    """Where the nodes keep the ledger: beside the portal's tables on PostgreSQL, else in $CONTRACTS_HOME."""
    return url if on_postgres() else home / "signoff.sqlite3"


def test_approvers_deciding_at_once_on_different_nodes_lose_nothing(
        cluster: tuple[Nodes, str, Path], tmp_path: Path, clients: list[httpx2.Client]) -> None:
    nodes, url, home = cluster
    contract = next(p for p in draft_example("it_contract_zh.yaml", tmp_path).iterdir() if p.suffix == ".docx")
    requester = _signed_in(nodes.bases[0], "requester", clients)
    approvers = {role: _signed_in(nodes.bases[n % 2], role, clients) for n, role in enumerate(APPROVERS)}  # 0, 1, 0
    docs = []
    for n in range(2):  # two contracts, each decided by the three at the same moment
        response = requester.post("/review", data={"csrf": _token(requester, "/review")}, files={
            "document": (f"IT服务合同-{n}.docx", contract.read_bytes() + b"", "application/octet-stream")})
        assert response.status_code == 303, response.text
        report = requester.get(response.headers["location"]).text
        found = re.search(r'href="/documents/(\d+)"', report)
        assert found, report
        docs.append(int(found[1]))
    for doc in docs:
        forms = {}
        for role, client in approvers.items():
            page = client.get(f"/documents/{doc}/signoff").text
            sha = re.search(r'name="sha256" value="([0-9a-f]{64})"', page)
            assert sha, page
            forms[role] = {"csrf": _token(client, f"/documents/{doc}/signoff"), "role": role, "decision": "approve",
                           "sha256": sha[1], "comment": f"{role} 同意"}
        start, codes = threading.Barrier(len(APPROVERS)), {}

        def decide(role: str, doc: int = doc, forms: dict[str, dict[str, str]] = forms,
                   start: threading.Barrier = start, codes: dict[str, int] = codes) -> None:
            start.wait()
            codes[role] = approvers[role].post(f"/documents/{doc}/signoff/decide", data=forms[role]).status_code

        threads = [threading.Thread(target=decide, args=(role,)) for role in APPROVERS]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        assert codes == dict.fromkeys(APPROVERS, 303), codes
        for base in nodes.bases:  # each node sees all three
            page = approvers["legal"].get(f"{base}/documents/{doc}/signoff").text
            assert "法务、财务、业务均已批准当前版本。" in page, page
    chain = ledger.verify(_ledger(url, home))
    assert chain.ok and chain.rows == 3 * len(docs), chain


def _children(pid: int) -> list[int]:
    """The processes ``pid`` started (Linux's /proc: its pledge pool)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie, dead but not yet reaped, does not)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _job_row(url: str, job_id: int) -> dict[str, object]:
    with engine(url).connect() as conn:
        return dict(conn.execute(select(jobs).where(jobs.c.id == job_id)).mappings().one())


def test_a_worker_killed_in_a_1000_person_pack_leaves_nothing_half_made(cluster: tuple[Nodes, str, Path],
                                                                       clients: list[httpx2.Client]) -> None:
    nodes, url, _ = cluster
    requester = _signed_in(nodes.bases[0], "requester", clients)
    other = _signed_in(nodes.bases[1], "requester", clients)
    response = requester.post("/packs/new", data={"csrf": _token(requester, "/packs/new"), **FORM},
                              files={"roster": ("名单.csv", roster_csv(roster_rows(1000)), "text/csv")})
    assert response.status_code == 303, response.text
    job_page = response.headers["location"]
    job_id = int(job_page.rsplit("/", 1)[1])
    zip_url = f"{job_page}/files/NDA-2026-0042-pack.zip"

    deadline = time.monotonic() + 120
    while True:  # until a worker is making the pledges (in a pool of processes of its own)
        row = _job_row(url, job_id)
        if row["state"] == "running" and row["stage"] == "pledges":
            pids = {p.pid: p for p in nodes.workers}
            victim = pids[int(str(row["worker"]).rsplit(":", 1)[1])]
            pool = _children(victim.pid)
            if pool:
                break
        assert row["state"] in ("queued", "running") and time.monotonic() < deadline, (row, nodes.log_tail())
        time.sleep(0.02)
    os.kill(victim.pid, signal.SIGKILL)
    victim.wait(10)
    killed_at = (int(str(row["done"])), int(str(row["total"])))

    seen_after = []
    deadline = time.monotonic() + 180
    while (row := _job_row(url, job_id))["state"] != "done":
        assert row["state"] in ("queued", "running") and time.monotonic() < deadline, (row, nodes.log_tail())
        for client in (requester, other):  # no download is offered, nor served, before the job is done
            offered = "NDA-2026-0042-pack.zip" in client.get(job_page).text
            served = client.get(zip_url).status_code != 404
            if offered or served:  # the job may have finished since the row was read: then it must be done
                assert _job_row(url, job_id)["state"] == "done", (offered, served)
        seen_after.append(row["state"])
        time.sleep(0.2)
    assert row["attempts"] == 2 and row["worker"] != f"{victim.pid}", row
    assert int(str(row["worker"]).rsplit(":", 1)[1]) in pids and int(str(row["worker"]).rsplit(":", 1)[1]) != victim.pid
    assert "running" in seen_after, "the job was never seen taken over"
    assert killed_at[0] < killed_at[1] == 1000, killed_at
    assert not [pid for pid in pool if Path(f"/proc/{pid}").exists() and _alive(pid)], (
        "the killed worker's pledge processes outlived it")
    done = other.get(zip_url)
    assert done.status_code == 200 and done.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(done.content)) as z:
        assert z.testzip() is None
        pledges = [n for n in z.namelist() if n.startswith("pledges/") and n.endswith(".docx")]
    assert len(pledges) == 1000
    shown = requester.get(job_page).text
    assert "NDA-2026-0042-pack.zip" in shown and "第 2 次：此前运行它的工作进程中断了" in shown
