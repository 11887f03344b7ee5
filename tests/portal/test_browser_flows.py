"""Whole tasks on the portal in a real browser (headless Chromium, see browser_helpers), against two web nodes
(`contracts serve --workers 0`) and two `contracts worker` processes sharing one database, queue and file store, as
deployed (tests/portal/nodes_helpers): a requester asks for an NDA pack of 40 people on one node and downloads its
zip from the other once the job is done; a vendor's PDF is reviewed; legal, finance and business sign off a drafted
contract in turn, each on the node the last one did not use, and a new version voids their approvals. LibreOffice
is kept off the processes' PATH, so packs are made without their merged PDF (minutes for 40 people). Each page
visited is saved to $CONTRACTS_SCREENSHOTS (or the test's temporary folder) as NN-what.png.

Over the same nodes, without a browser: approvers deciding at the same moment on different nodes lose no decision
and fork no ledger, and a worker killed in the middle of a 1,000-person pack leaves nothing half made to download
while the other worker finishes the job. (One module, so that the nodes are started once.)"""

from __future__ import annotations

import hashlib
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
from docx import Document as Docx
from sqlalchemy import select

from clause_library.errors import LedgerNotFound
from portal.accounts import add_account
from portal.database import engine, jobs
from signoff import ledger
from tests.conftest import EXAMPLES, draft_example
from tests.databases import database_url, on_postgres
from tests.pdfs import text_pdf
from tests.portal.browser_helpers import (
    CHROMEDRIVER,
    CHROMIUM,
    NEEDS_CHROMIUM,
    PASSWORD,
    By,
    WebDriver,
    absent,
    shot,
    sign_in,
    start_chromium,
    wait_for,
)
from tests.portal.nodes_helpers import Nodes, proc_stat, start_nodes
from tests.portal.packs_helpers import FORM, roster_csv, roster_rows, roster_xlsx

NAMES = {"requester": "申请人张三", "legal": "法务李娜", "finance": "财务王芳", "business": "业务赵强"}
APPROVERS = ("legal", "finance", "business")
PACK_DONE = "已生成保密协议及 40 份保密承诺书"
LEASE = 4  # seconds: a killed worker's job is taken over this long after its last heartbeat


@pytest.fixture(scope="module")
def nodes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Nodes]:
    """Two web nodes and two workers over a fresh database and $CONTRACTS_HOME with an account per role (Redis's
    queue and a PostgreSQL schema in .ci/run's second pass). Their log is home/processes.log."""
    home = tmp_path_factory.mktemp("home")
    url = database_url(home)
    for who, name in NAMES.items():
        add_account(f"{who}.user", name, [who], PASSWORD, url=url)
    with start_nodes(home, url, webs=2, workers=2, env={"CONTRACTS_JOB_LEASE": str(LEASE)}) as found:
        yield found


@pytest.fixture(scope="module")
def portal(nodes: Nodes) -> str:
    """The first web node's address; each flow also passes through the second (``other``)."""
    return nodes.bases[0]


@pytest.fixture(scope="module")
def other(nodes: Nodes) -> str:
    return nodes.bases[1]


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
    if not (CHROMIUM and CHROMEDRIVER):
        pytest.skip(str(NEEDS_CHROMIUM.kwargs["reason"]))
    driver = start_chromium()
    yield driver
    driver.quit()


def _as(d: WebDriver, base: str, who: str) -> None:
    """Sign in as the account of role ``who``, in a fresh session (the previous one's cookie forgotten)."""
    d.delete_all_cookies()
    sign_in(d, base, f"{who}.user", NAMES[who])


def _fill_pack_form(d: WebDriver, roster: Path) -> None:
    for name, value in FORM.items():
        field = d.find_element(By.NAME, name)
        if field.get_attribute("type") == "radio":
            d.find_element(By.CSS_SELECTOR, f'input[name="{name}"][value="{value}"]').click()
        elif field.get_attribute("type") == "date":  # typed keys would follow the locale's order of day and month
            d.execute_script("arguments[0].value = arguments[1]", field, value)
        else:
            field.clear()
            field.send_keys(value)
    d.find_element(By.NAME, "roster").send_keys(str(roster))


def _cookies(d: WebDriver) -> dict[str, str]:
    return {str(c["name"]): str(c["value"]) for c in d.get_cookies()}


def test_a_requester_asks_for_a_pack_of_40_and_downloads_its_zip(portal: str, other: str, browser: WebDriver,
                                                                 tmp_path: Path) -> None:
    d = browser
    roster = tmp_path / "外包人员名单.xlsx"
    roster.write_bytes(roster_xlsx(roster_rows(40)))
    _as(d, portal, "requester")
    d.get(portal + "/packs/new")
    _fill_pack_form(d, roster)
    shot(d, tmp_path, "01-pack-form", full_page=True)
    d.find_element(By.CSS_SELECTOR, "form.pack-form button[type=submit]").click()
    wait_for(d, "h1", FORM["contract_no"])
    assert re.search(r"/jobs/\d+$", d.current_url), d.current_url
    shot(d, tmp_path, "02-job-running")
    assert not (absent(d, ".job-progress progress") and absent(d, ".done")), "no progress bar, and not done"
    wait_for(d, ".done", PACK_DONE, timeout=90)  # progress.js reloads the page when the job is over
    assert "已完成" in d.find_element(By.CSS_SELECTOR, "[data-state]").text
    shot(d, tmp_path, "03-job-done", full_page=True)
    links = {a.text: str(a.get_attribute("href")) for a in d.find_elements(By.CSS_SELECTOR, "ul.files a[download]")}
    assert set(links) >= {"NDA-2026-0042-pack.zip", "NDA-2026-0042-index.xlsx"}, links
    zip_path = links["NDA-2026-0042-pack.zip"].removeprefix(portal)
    assert zip_path.startswith("/"), links
    d.get(other + d.current_url.removeprefix(portal))  # the job's page on the other node, in the same session
    wait_for(d, ".done", PACK_DONE)
    response = httpx2.get(other + zip_path, cookies=_cookies(d), timeout=30)
    assert response.status_code == 200 and response.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as z:
        names = z.namelist()
    assert len([n for n in names if n.startswith("pledges/") and n.endswith(".docx")]) == 40
    assert "nda.docx" in names and not any(n.endswith(".pdf") for n in names)  # no LibreOffice, no PDF
    assert httpx2.get(other + zip_path, timeout=30).status_code != 200  # not without the session


VENDOR_PDF = [
    "SERVICES AGREEMENT", "Contract No.: VS-2026-0311",
    "Party A: Beijing Example Technology Co., Ltd.", "Party B: ____________",
    "1. Services. Party B shall provide IT operation and maintenance services to Party A.",
    "2. Fees. Party A shall pay Party B a service fee of USD ____ within 30 days of each invoice.",
    "3. Liability. Party B's total liability shall not exceed the fees paid in the preceding month.",
    "4. Disputes. Any dispute may be submitted to arbitration or brought before a competent court.",
]


def test_a_reviewer_uploads_a_vendor_pdf_and_reads_the_report(other: str, browser: WebDriver,
                                                              tmp_path: Path) -> None:
    d, portal = browser, other
    vendor = tmp_path / "vendor-agreement.pdf"
    vendor.write_bytes(text_pdf([VENDOR_PDF]))
    _as(d, portal, "requester")
    d.get(portal + "/review")
    d.find_element(By.NAME, "document").send_keys(str(vendor))
    shot(d, tmp_path, "04-review-upload")
    d.find_element(By.CSS_SELECTOR, "form.card button").click()
    wait_for(d, "h1", "审阅报告")
    verdict = d.find_element(By.CSS_SELECTOR, "main .verdict").text
    assert re.fullmatch(r"\d+ 个阻断问题|无阻断问题", verdict), verdict
    main = d.find_element(By.TAG_NAME, "main").text
    assert "vendor-agreement.pdf" in main
    roles = [r.find_element(By.TAG_NAME, "td").text for r in d.find_elements(By.CSS_SELECTOR, "table.summary tbody tr")]
    assert [r[:2] for r in roles] == ["法务", "财务", "业务"], roles  # the summary: a row per role
    groups = d.find_elements(By.CSS_SELECTOR, "details.group summary")
    assert groups and all(g.text.strip() for g in groups)
    if verdict != "无阻断问题":
        assert not absent(d, "details.group.blocker[open]")  # blockers are shown opened
    shot(d, tmp_path, "05-review-report", full_page=True)


@pytest.fixture(scope="module")
def drafted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Our IT contract drafted from the shipped example (no blockers), and a second version of it with one more
    sentence: (first, second), named as a requester would upload them."""
    from generator.draft import draft

    folder = tmp_path_factory.mktemp("drafted")
    data = next(p for p in draft(EXAMPLES / "it_contract_zh.yaml", folder / "out").files if p.suffix == ".docx")
    first, second = folder / "IT服务合同.docx", folder / "IT服务合同-修改.docx"
    first.write_bytes(data.read_bytes())
    doc = Docx(io.BytesIO(data.read_bytes()))
    doc.paragraphs[-1].add_run("（本版新增一句。）")
    doc.save(str(second))
    return first, second


def _approve_in_turn(d: WebDriver, bases: list[str], doc: int, tmp_path: Path) -> None:
    """Legal, finance and business each find the document in their queue, open it and approve it, each on the web
    node after the one the last used."""
    for n, role in enumerate(APPROVERS):
        base = bases[(n + 1) % len(bases)]
        _as(d, base, role)
        d.get(base + "/signoff")
        wait_for(d, "table.queue", "IT服务合同")
        shot(d, tmp_path, f"{7 + 2 * n:02d}-{role}-queue")
        d.find_element(By.CSS_SELECTOR, f'table.queue a[href="/documents/{doc}/signoff"]').click()
        wait_for(d, "form.decide h2", "签核")
        d.find_element(By.CSS_SELECTOR, "form.decide textarea[name=comment]").send_keys(f"{NAMES[role]}：同意签署")
        d.find_element(By.CSS_SELECTOR, "form.decide button[value=approve]").click()
        wait_for(d, "table.roles", f"{NAMES[role]}：同意签署")
        shot(d, tmp_path, f"{8 + 2 * n:02d}-{role}-approved", full_page=True)
        d.get(base + "/signoff")
        assert "IT服务合同" not in d.find_element(By.TAG_NAME, "main").text  # out of the queue once decided


def test_three_approvers_sign_off_and_a_new_version_voids_their_approvals(
        nodes: Nodes, portal: str, browser: WebDriver, tmp_path: Path, drafted: tuple[Path, Path]) -> None:
    d, (first, second) = browser, drafted
    _as(d, portal, "requester")
    d.get(portal + "/review")
    d.find_element(By.NAME, "document").send_keys(str(first))
    d.find_element(By.CSS_SELECTOR, "form.card button").click()
    assert wait_for(d, ".verdict", "无阻断问题")
    shot(d, tmp_path, "06-contract-report", full_page=True)
    href = str(d.find_element(By.CSS_SELECTOR, "dd.version a").get_attribute("href"))
    found = re.fullmatch(r".*/documents/(\d+)", href)
    assert found, href
    doc = int(found[1])

    _approve_in_turn(d, nodes.bases, doc, tmp_path)
    d.get(f"{portal}/documents/{doc}/signoff")
    assert wait_for(d, ".verdict", "均已批准") == "法务、财务、业务均已批准当前版本。"
    assert [td.text for td in d.find_elements(By.CSS_SELECTOR, "table.roles td:nth-child(2)")] == ["已批准"] * 3

    _as(d, portal, "requester")
    d.get(f"{portal}/documents/{doc}")
    shot(d, tmp_path, "13-document", full_page=True)
    d.find_element(By.CSS_SELECTOR, f'form[action="/documents/{doc}/versions"] input[name=document]').send_keys(
        str(second))
    d.find_element(By.CSS_SELECTOR, f'form[action="/documents/{doc}/versions"] button').click()
    wait_for(d, "dd.version", "第 2 版")
    shot(d, tmp_path, "14-version-2-report", full_page=True)
    d.get(f"{portal}/documents/{doc}/signoff")
    assert wait_for(d, ".verdict", "尚未获") == "当前版本尚未获法务、财务、业务全部批准。"
    void = [li.text for li in d.find_elements(By.CSS_SELECTOR, "ul.void li")]
    assert len(void) == 3 and all("批准的是第 1 版；此后上传了第 2 版" in v for v in void), void
    assert {v.split(" ")[1] for v in void} == {NAMES[r] for r in APPROVERS}
    assert absent(d, 'form[action$="/signoff/pack"]')  # no pack to make any more
    shot(d, tmp_path, "15-signoff-void", full_page=True)


# ------------------------------------------------------------------ races and a killed worker, no browser


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
        nodes: Nodes, tmp_path: Path, clients: list[httpx2.Client]) -> None:
    url, home = nodes.env["CONTRACTS_DATABASE_URL"], Path(nodes.env["CONTRACTS_HOME"])
    before = _rows(_ledger(url, home))  # the browser flows' sign-offs, when they ran first
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
    assert chain.ok and chain.rows == before + 3 * len(docs), chain


def _children(pid: int) -> list[int]:
    """The processes ``pid`` started (its pledge pool)."""
    stats = ((int(entry.name), proc_stat(entry.name)) for entry in Path("/proc").glob("[0-9]*"))
    return [child for child, fields in stats if fields is not None and int(fields[1]) == pid]


def _alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie, dead but not yet reaped, does not)."""
    fields = proc_stat(pid)
    return fields is not None and fields[0] != "Z"


def _rows(db: str | Path) -> int:
    """The rows of the ledger at ``db`` (0: none made yet)."""
    try:
        return ledger.verify(db).rows
    except LedgerNotFound:
        return 0


def _store_is_whole(nodes: Nodes) -> None:
    """Every file in the nodes' store holds the bytes its name (their SHA-256) says: none half written."""
    kept = [p for p in (Path(nodes.env["CONTRACTS_HOME"]) / "files").glob("??/*") if p.is_file()]
    assert kept
    for path in kept:
        assert hashlib.sha256(path.read_bytes()).hexdigest() == path.name, path


def _job_row(url: str, job_id: int) -> dict[str, object]:
    with engine(url).connect() as conn:
        return dict(conn.execute(select(jobs).where(jobs.c.id == job_id)).mappings().one())


def test_a_worker_killed_in_a_1000_person_pack_leaves_nothing_half_made(nodes: Nodes,
                                                                       clients: list[httpx2.Client]) -> None:
    url = nodes.env["CONTRACTS_DATABASE_URL"]
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
    _store_is_whole(nodes)

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
    assert not [pid for pid in pool if _alive(pid)], (
        "the killed worker's pledge processes outlived it")
    _store_is_whole(nodes)
    done = other.get(zip_url)
    assert done.status_code == 200 and done.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(done.content)) as z:
        assert z.testzip() is None
        pledges = [n for n in z.namelist() if n.startswith("pledges/") and n.endswith(".docx")]
    assert len(pledges) == 1000
    shown = requester.get(job_page).text
    assert "NDA-2026-0042-pack.zip" in shown and "第 2 次：此前运行它的工作进程中断了" in shown
