"""Whole tasks on the portal in a real browser (headless Chromium, see browser_helpers), against two web nodes
(`contracts serve --workers 0`) and two `contracts worker` processes sharing one database, queue and file store, as
deployed (tests/portal/nodes_helpers): a requester asks for an NDA pack of 40 people on one node and downloads its
zip from the other once the job is done; a vendor's PDF is reviewed; legal, finance and business sign off a drafted
contract in turn, each on the node the last one did not use, and a new version voids their approvals. LibreOffice
is kept off the processes' PATH, so packs are made without their merged PDF (minutes for 40 people). Each page
visited is saved to $CONTRACTS_SCREENSHOTS (or the test's temporary folder) as NN-what.png."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import httpx2
import pytest
from docx import Document as Docx

from portal.accounts import add_account
from tests.conftest import EXAMPLES
from tests.databases import database_url
from tests.pdfs import text_pdf
from tests.portal.browser_helpers import (
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
from tests.portal.nodes_helpers import Nodes, start_nodes
from tests.portal.packs_helpers import FORM, roster_rows, roster_xlsx

pytestmark = NEEDS_CHROMIUM
NAMES = {"requester": "申请人张三", "legal": "法务李娜", "finance": "财务王芳", "business": "业务赵强"}
APPROVERS = ("legal", "finance", "business")
PACK_DONE = "已生成保密协议及 40 份保密承诺书"


@pytest.fixture(scope="module")
def nodes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Nodes]:
    """Two web nodes and two workers over a fresh database and $CONTRACTS_HOME with an account per role (Redis's
    queue and a PostgreSQL schema in .ci/run's second pass). Their log is home/processes.log."""
    home = tmp_path_factory.mktemp("home")
    url = database_url(home)
    for who, name in NAMES.items():
        add_account(f"{who}.user", name, [who], PASSWORD, url=url)
    with start_nodes(home, url, webs=2, workers=2) as found:
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
