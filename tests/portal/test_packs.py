"""Asking for an NDA pack on the portal: the form checked by the request model the CLI uses, the roster's bad rows
shown as a table (and no job), the pack built by the CLI's function as a job, its files downloaded by the one who
asked, legal and the admins only, by the names the job recorded and nothing else, and the stored request
reproducing the same pack on the command line."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from starlette.testclient import TestClient

from clause_library.errors import RosterError
from clause_library.yamlio import read_yaml
from generator.pack import nda_pack
from portal import packs
from portal.accounts import add_account
from portal.database import engine, jobs
from portal.filestore import path_of
from portal.pages import jobs as job_pages
from portal.pages.jobs import content_disposition
from portal.web import create_app
from tests.databases import database_url
from tests.portal.packs_helpers import (
    XLSX,
    jobs_run_at_once,
    post_pack,
    roster_csv,
    roster_rows,
    roster_xlsx,
)

PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> str:
    found = database_url(tmp_path_factory.mktemp('packs'))
    for name, role in (("requester", "requester"), ("other", "requester"), ("legal", "legal"),
                       ("finance", "finance"), ("admin", "admin")):
        add_account(f"{name}.user", f"{name} 用户", [role], PASSWORD, url=found)
    return found


@pytest.fixture(scope="module")
def immediate() -> Iterator[None]:
    with jobs_run_at_once():
        yield


_SIGNED_IN: dict[tuple[str, str], TestClient] = {}


def _client(url: str, who: str | None = "requester", *, fresh: bool = False) -> TestClient:
    """A client signed in as ``who`` (``None``: nobody); one per account and database unless ``fresh`` (argon2
    makes a sign-in cost a tenth of a second)."""
    if who is not None and not fresh and (url, who) in _SIGNED_IN:
        return _SIGNED_IN[url, who]
    client = TestClient(create_app(url=url, key="k" * 48), follow_redirects=False)
    if who is not None:
        token = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text)
        assert token is not None
        signed = client.post("/login", data={"csrf": token[1], "username": f"{who}.user", "password": PASSWORD})
        assert signed.status_code == 303
        if not fresh:
            _SIGNED_IN[url, who] = client
    return client


def _job_id(response: Any) -> int:
    assert response.status_code == 303, response.text
    return int(response.headers["location"].rsplit("/", 1)[1])


@pytest.fixture(scope="module")
def pack40(url: str, immediate: None) -> int:
    """A 40-person pack requester.user asked for through the form (roster in the example roster's columns)."""
    return _job_id(post_pack(_client(url), ("外包人员名单.xlsx", roster_xlsx(roster_rows(40)))))


def _job_count(url: str) -> int:
    with engine(url).connect() as conn:
        return len(conn.execute(jobs.select()).all())


def _files(client: TestClient, job_id: int) -> dict[str, str]:
    """The download links of the job's page: name → href."""
    page = client.get(f"/jobs/{job_id}").text
    return {m[2]: m[1] for m in re.finditer(r'<a href="(/jobs/\d+/files/[^"]+)" download>([^<]+)</a>', page)}


def test_the_form_builds_a_pack_of_40_pledges_and_offers_its_files(url: str, pack40: int) -> None:
    client = _client(url)
    page = client.get(f"/jobs/{pack40}").text
    assert "已完成" in page and "已生成保密协议及 40 份保密承诺书" in page
    files = _files(client, pack40)
    assert set(files) == {"NDA-2026-0042-pack.zip", "NDA-2026-0042-index.xlsx", "NDA-2026-0042-request.yaml",
                          "外包人员名单.xlsx"}
    response = client.get(files["NDA-2026-0042-pack.zip"])
    assert response.status_code == 200 and response.headers["content-type"] == "application/zip"
    assert response.headers["x-content-type-options"] == "nosniff"
    with zipfile.ZipFile(io.BytesIO(response.content)) as z:
        pledges = sorted(n for n in z.namelist() if n.startswith("pledges/") and n.endswith(".docx"))
    assert len(pledges) == 40 and "nda.docx" in z.namelist()
    index = client.get(files["NDA-2026-0042-index.xlsx"])
    assert index.headers["content-type"] == XLSX
    ws = load_workbook(io.BytesIO(index.content), read_only=True).active
    rows = list(ws.iter_rows(values_only=True))[1:]  # type: ignore[union-attr]
    assert [r[2] for r in rows] == [f"员工{i + 1:03d}" for i in range(40)]
    assert sorted(str(r[6]) for r in rows) == pledges
    assert f'href="/jobs/{pack40}"' in client.get("/packs").text  # in the list of my packs


def test_the_stored_request_reproduces_the_pack_with_the_cli(url: str, pack40: int, tmp_path: Path) -> None:
    client = _client(url, "legal")  # legal reproduces requests
    files = _files(client, pack40)
    request = tmp_path / "NDA-2026-0042-request.yaml"
    request.write_bytes(client.get(files["NDA-2026-0042-request.yaml"]).content)
    roster = tmp_path / "外包人员名单.xlsx"
    roster.write_bytes(client.get(files["外包人员名单.xlsx"]).content)
    doc, problems = read_yaml(request)
    assert doc is not None and not problems and doc.data["kind"] == "nda"
    assert "contracts nda-pack NDA-2026-0042-request.yaml --roster '外包人员名单.xlsx'" in request.read_text("utf-8")
    again = nda_pack(request, roster, tmp_path / "out")
    with zipfile.ZipFile(io.BytesIO(client.get(files["NDA-2026-0042-pack.zip"]).content)) as z:
        portal_pledges = {n: z.read(n) for n in z.namelist() if n.startswith("pledges/")}
    assert {p.file: p.sha256 for p in again.pledges} == {
        n: hashlib.sha256(data).hexdigest() for n, data in portal_pledges.items()}


def test_the_job_page_is_live_without_inline_script_or_style(url: str, pack40: int) -> None:
    client = _client(url)
    progress = client.get(f"/jobs/{pack40}/progress").json()
    assert progress["state"] == "done" and progress["over"] and progress["percent"] == 100
    for path in (f"/jobs/{pack40}", "/packs/new", "/packs"):
        page = client.get(path).text
        assert "style=" not in page and "<style" not in page, path
        assert all(s == '<script src="/static/progress.js" defer></script>'
                   for s in re.findall(r"<script[^>]*>.*?</script>", page, flags=re.S)), path
    assert client.get("/static/progress.js").status_code == 200


def test_a_running_job_shows_a_progress_bar_that_moves_without_script(url: str, immediate: None,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from portal import jobs

    monkeypatch.setattr(jobs.queue(), "immediate", False)  # queued, never run: the page of a job under way
    job_id = _job_id(post_pack(_client(url), ("名单.csv", roster_csv(roster_rows(2)))))
    page = _client(url).get(f"/jobs/{job_id}").text
    assert '<progress max="100" value="0">' in page and "排队中" in page
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in page
    assert f'data-progress="/jobs/{job_id}/progress"' in page and 'src="/static/progress.js"' in page
    assert "/files/" not in page


def test_bad_rows_are_shown_as_a_table_and_nothing_is_made(url: str, immediate: None) -> None:
    rows = roster_rows(5)
    rows[1][2] = "110101199001011230"  # a wrong check digit
    rows[3][1] = ""  # no name
    client = _client(url)
    before = _job_count(url)
    response = post_pack(client, ("名单.csv", roster_csv(rows)))
    assert response.status_code == 400
    table = re.search(r'<table class="summary roster-problems">.*?</table>', response.text, flags=re.S)
    assert table is not None and "2 行需要修改" in response.text
    cells = [re.findall(r"<td>(.*?)</td>", tr) for tr in re.findall(r"<tr>(.*?)</tr>", table[0], flags=re.S)]
    assert [c[:2] for c in cells if c] == [["3", "身份证号码 (column C)"], ["5", "姓名 (column B)"]]
    assert "check digit" in table[0] and "required, empty" in table[0]
    assert _job_count(url) == before
    kept = hashlib.sha256(roster_csv(rows)).hexdigest()
    assert not path_of(kept).exists()  # a refused roster of ID numbers is not kept


def test_problems_are_shown_beside_their_fields_by_the_request_model(url: str, immediate: None) -> None:
    response = post_pack(_client(url), ("名单.csv", roster_csv(roster_rows(2))), vendor_uscc="12345",
                         purpose="", mutual="", contract_no="../etc", effective_date="2026-02-30")
    assert response.status_code == 400
    problems = dict(re.findall(r'<span class="field-problem" id="(\w+)-problem">([^<]+)</span>', response.text))
    assert "18 characters" in problems["vendor_uscc"] and "required, missing" in problems["purpose"]
    assert problems["mutual"] == "请选择“是”或“否”。" and "contract number" in problems["contract_no"]
    assert "date" in problems["effective_date"]
    assert 'value="深圳声联客服外包有限公司"' in response.text  # what was typed is kept


@pytest.mark.parametrize(("name", "data", "says"), [
    ("名单.csv", bytes(range(256)) * 40, "名单.csv：文件名是 .csv，内容却不是文本"),
    ("名单.xlsx", "序号,姓名\n1,张三\n".encode(), "名单.xlsx：文件名是 .xlsx，内容却不是 Excel 工作簿"),
    ("setup.xlsx", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(2000), "setup.xlsx：文件名是 .xlsx"),
    ("名单.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "名单.xls：人员名单须为 .xlsx 工作簿或 .csv 文件"),
    ("broken.xlsx", b"PK\x03\x04 not really a zip", "broken.xlsx: not an .xlsx workbook"),
])
def test_a_roster_that_is_not_what_its_name_says_is_refused(url: str, immediate: None, name: str, data: bytes,
                                                            says: str) -> None:
    before = _job_count(url)
    response = post_pack(_client(url), (name, data))
    assert response.status_code == 400 and says in response.text, response.text
    assert "/tmp/" not in response.text and "Traceback" not in response.text
    assert _job_count(url) == before


def test_only_the_owner_legal_and_admins_download(url: str, pack40: int) -> None:
    href = _files(_client(url), pack40)["NDA-2026-0042-pack.zip"]
    for who, status in (("other", 403), ("finance", 403), ("legal", 200), ("admin", 200), ("requester", 200)):
        client = _client(url, who)
        for path in (href, f"/jobs/{pack40}", f"/jobs/{pack40}/progress"):
            assert client.get(path).status_code == status, (who, path)
    assert _client(url, None).get(href).status_code == 303


# (a bare ".." never reaches the server: the client resolves it, as browsers do)
@pytest.mark.parametrize("name", ["no-such-file.zip", "%2e%2e", "%2E%2E%2Fportal.sqlite3", "..%2f..%2fportal.sqlite3",
                                  "../../etc/passwd", "%2Fetc%2Fpasswd", "/etc/passwd", "0" * 64,
                                  "NDA-2026-0042-pack.zip%00"])
def test_names_not_in_the_jobs_result_are_404_and_read_nothing(url: str, pack40: int, name: str,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    looked_up: list[str] = []
    monkeypatch.setattr(job_pages, "path_of", lambda sha: looked_up.append(sha))
    response = _client(url).get(f"/jobs/{pack40}/files/{name}")
    assert response.status_code == 404 and "root:" not in response.text
    assert looked_up == []
    assert _client(url).get(f"/jobs/{pack40 + 1000}/files/NDA-2026-0042-pack.zip").status_code == 404


def test_a_chinese_name_is_sent_whole_in_the_content_disposition(url: str, pack40: int) -> None:
    response = _client(url).get(_files(_client(url), pack40)["外包人员名单.xlsx"])
    assert response.headers["content-disposition"] == content_disposition("外包人员名单.xlsx") == (
        "attachment; filename=\"______.xlsx\"; filename*=UTF-8''%E5%A4%96%E5%8C%85%E4%BA%BA%E5%91%98%E5%90%8D%E5%8D%95"
        ".xlsx")
    assert content_disposition('a"b\r\n.zip').startswith('attachment; filename="a_b__.zip"; ')


def test_a_failed_pack_says_why_by_the_names_the_person_knows(url: str, immediate: None,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(request: Path, roster: Path, out: Path, **kw: Any) -> Any:
        raise RosterError(f"{roster}: row 7 starts before the NDA; nothing was written")

    monkeypatch.setattr(packs, "nda_pack", refuse)
    job_id = _job_id(post_pack(_client(url), ("名单.csv", roster_csv(roster_rows(2)))))
    page = _client(url).get(f"/jobs/{job_id}").text
    assert "失败" in page and "名单.csv: row 7 starts before the NDA" in page and "/tmp" not in page
    assert _files(_client(url), job_id) == {}


def test_a_merged_pdf_is_offered_when_the_pack_has_one(url: str, immediate: None,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[bool] = []

    def with_pdf(request: Path, roster: Path, out: Path, **kw: Any) -> Any:
        asked.append(kw["pdf"])
        made = nda_pack(request, roster, out, sheet=kw.get("sheet"))
        (made.folder / "pledges-merged.pdf").write_bytes(b"%PDF-1.7 stand-in for LibreOffice's")
        return made

    monkeypatch.setattr(packs, "nda_pack", with_pdf)
    monkeypatch.setattr(packs, "_soffice", lambda: "/usr/bin/soffice")
    client = _client(url)
    assert 'name="pdf"' in client.get("/packs/new").text  # offered where LibreOffice is
    _job_id(post_pack(client, ("名单.csv", roster_csv(roster_rows(2)))))
    job_id = _job_id(post_pack(client, ("名单.csv", roster_csv(roster_rows(2))), pdf="yes"))
    assert asked == [False, True]  # PDFs only when asked for: LibreOffice takes minutes for a big pack
    response = client.get(_files(client, job_id)["NDA-2026-0042-pledges.pdf"])
    assert response.headers["content-type"] == "application/pdf" and response.content.startswith(b"%PDF")


def test_requesters_and_admins_ask_in_chinese_or_english(url: str) -> None:
    client = _client(url, fresh=True)  # its language changes
    assert "申请保密协议套件" in client.get("/packs/new").text and 'href="/packs"' in client.get("/").text
    client.get("/lang/en")
    page = client.get("/packs/new").text
    assert "Request an NDA pack" in page and "Do both sides disclose" in page
    assert _client(url, "legal").get("/packs/new").status_code == 403
    assert 'href="/packs"' not in _client(url, "legal").get("/").text
