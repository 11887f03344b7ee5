"""Batch review: several contracts uploaded at once become one job that reviews them one by one, each a document of
one version as a single upload is; a file that cannot be read is told by name and the others go on; a job run again
(its worker died) makes no document twice; a batch refused keeps nothing; its pages in Chinese and English."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx2
import pytest
from sqlalchemy import func, select, update
from starlette.testclient import TestClient

from portal import batches, jobs
from portal.accounts import add_account
from portal.database import documents, engine, reviews
from portal.database import jobs as jobs_table
from portal.jobs import JobState, job, queue
from portal.pages import batches as batch_pages
from portal.reviews import review_stored
from portal.texts import texts
from portal.web import create_app
from signoff.store import contracts_home
from tests.databases import database_url
from tests.portal.document_builders import contract_docx
from tests.portal.packs_helpers import form_token
from tests.portal.session_helpers import session_cookies

PASSWORD = "correct horse battery"
CONTRACT = ("技术服务合同\n合同编号：B-2026-0001\n甲方：北京示例科技股份有限公司\n乙方：____________\n"
            "第一条 服务内容\n乙方向甲方提供运维服务，服务费为人民币____元。\n")
GOOD_TXT = ("服务合同.txt", CONTRACT.encode())
GOOD_DOCX = ("采购合同.docx", contract_docx(CONTRACT.replace("B-2026-0001", "B-2026-0002").splitlines(),
                                            [["项目", "金额"], ["运维", "100元"]]))
BAD_PDF = ("扫描件.pdf", b"%PDF-1.4\nnot really a PDF at all\n")


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> str:
    found = database_url(tmp_path_factory.mktemp("batches"))
    for name, role in (("owner", "requester"), ("other", "requester"), ("legal", "legal")):
        add_account(f"{name}.user", f"{name} 用户", [role], PASSWORD, url=found)
    return found


@pytest.fixture(scope="module")
def immediate() -> Iterator[None]:
    queue().immediate = True
    try:
        yield
    finally:
        queue().immediate = False


_SIGNED_IN: dict[tuple[str, str], TestClient] = {}


def _client(url: str, who: str | None = "owner") -> TestClient:
    """A client signed in as ``who`` (``None``: nobody), one per account and database."""
    if who is not None and (url, who) in _SIGNED_IN:
        return _SIGNED_IN[url, who]
    client = TestClient(create_app(url=url, key="k" * 48), follow_redirects=False)
    if who is not None:
        client.cookies.update(session_cookies(url, f"{who}.user", PASSWORD))
        _SIGNED_IN[url, who] = client
    return client


def _token(client: TestClient) -> str:
    return form_token(client, "/review/batch")


def _post(client: TestClient, files: list[tuple[str, bytes]]) -> httpx2.Response:
    return client.post("/review/batch", data={"csrf": _token(client)},
                       files=[("documents", (name, data, "application/octet-stream")) for name, data in files])


def _job_id(response: httpx2.Response) -> int:
    assert response.status_code == 303, response.text
    location = response.headers["location"]
    assert location.startswith("/jobs/")
    return int(location.rsplit("/", 1)[1])


def _counts(url: str) -> tuple[int, int, int]:
    """(documents, reviews, jobs) in the database."""
    with engine(url).connect() as conn:
        return tuple(conn.execute(select(func.count()).select_from(t)).scalar_one()  # type: ignore[return-value]
                     for t in (documents, reviews, jobs_table))


def _stored() -> set[Path]:
    root = contracts_home() / "files"
    return {p for p in root.rglob("*") if p.is_file() and p.parent.name != "tmp"} if root.is_dir() else set()


@pytest.fixture(scope="module")
def batch(url: str, immediate: None) -> int:
    """A batch of three that owner.user uploaded: two contracts and a file that is no PDF."""
    return _job_id(_post(_client(url), [GOOD_TXT, GOOD_DOCX, BAD_PDF]))


def test_a_batch_reviews_each_file_and_tells_the_one_it_cannot_read(url: str, batch: int) -> None:
    done = job(batch, url=url)
    assert done is not None and done.state is JobState.done and done.kind == "review_batch"
    assert (done.done, done.total, done.percent) == (3, 3, 100)
    entries = done.result["reviews"]
    assert [e["name"] for e in entries] == ["服务合同.txt", "采购合同.docx", "扫描件.pdf"]
    assert (done.result["reviewed"], done.result["unreadable"]) == (2, 1)
    assert "error" not in entries[0] and "error" not in entries[1] and entries[2]["error"]
    with engine(url).connect() as conn:
        kept = conn.execute(select(reviews.c.id, reviews.c.file_name, reviews.c.version, documents.c.title)
                            .join(documents, documents.c.id == reviews.c.document_id)
                            .where(reviews.c.id.in_([e["review_id"] for e in entries[:2]]))
                            .order_by(reviews.c.id)).all()
    assert [(r.file_name, r.version, r.title) for r in kept] == [("服务合同.txt", 1, "服务合同.txt"),
                                                                 ("采购合同.docx", 1, "采购合同.docx")]
    assert all(e["blockers"] > 0 and e["readable"] for e in entries[:2])  # the blanks left to fill

    client = _client(url)
    page = client.get(f"/jobs/{batch}").text
    assert "批量审阅" in page and "已审阅 2 份，1 份无法读取" in page
    for e in entries[:2]:
        assert f'<a href="/reviews/{e["review_id"]}">{e["name"]}</a>' in page
        assert f'href="/documents/{e["document_id"]}"' in page
        assert client.get(f"/reviews/{e['review_id']}").status_code == 200
    assert f"{entries[0]['blockers']} 个阻断问题" in page
    assert f"扫描件.pdf</td><td class=\"problem\">无法读取：{entries[2]['error']}" in page
    assert f'href="/jobs/{batch}"' in client.get("/review/batch").text  # in the list of my batches
    assert "/review/batch" in client.get("/review").text  # the review page leads to it


def test_the_stage_names_the_file_under_review(url: str, batch: int) -> None:
    with engine(url).begin() as conn:  # the job as a worker has it half-way: one file done, the second under way
        conn.execute(update(jobs_table).where(jobs_table.c.id == batch).values(
            state="running", stage="review_file", done=1, total=3))
    try:
        progress = _client(url).get(f"/jobs/{batch}/progress").json()
    finally:
        with engine(url).begin() as conn:
            conn.execute(update(jobs_table).where(jobs_table.c.id == batch).values(
                state="done", stage="reviewed", done=3, total=3))
    assert progress["stage_text"] == "正在审阅：采购合同.docx" and progress["counts_text"] == "1 / 3"


def test_a_job_run_again_makes_no_document_twice(url: str, batch: int) -> None:
    """Its worker did every file and died before the job was marked done: the job is queued again and run again."""
    before, result = _counts(url), job(batch, url=url).result  # type: ignore[union-attr]
    with engine(url).begin() as conn:
        conn.execute(update(jobs_table).where(jobs_table.c.id == batch).values(state="queued"))
    jobs._run(batch, url)
    again = job(batch, url=url)
    assert again is not None and again.state is JobState.done and again.result == result
    assert _counts(url) == before


class _WorkerDied(BaseException):
    """The worker's process ending in the middle of a job (no ``except Exception`` catches it)."""


@pytest.mark.parametrize("when", ["while_reviewing", "after_keeping"])
def test_a_job_whose_worker_died_half_way_is_finished_without_duplicates(
        url: str, immediate: None, monkeypatch: pytest.MonkeyPatch, when: str) -> None:
    """The second file's review dies before its document is kept, or after it is kept and before the job recorded
    it: the run again reviews the second file once in all, and the third."""
    monkeypatch.setattr(queue(), "immediate", False)  # queued: the test runs it as a worker would
    files = [GOOD_TXT, (f"第二份-{when}.txt", CONTRACT.replace("B-2026-0001", "B-2026-0099").encode()), GOOD_DOCX]
    job_id = _job_id(_post(_client(url), files))
    docs_before = _counts(url)[0]
    real = review_stored
    calls: list[str] = []

    def dying(sha256: str, name: str, account_id: int, **kw: Any) -> int:
        calls.append(name)
        if len(calls) == 2 and when == "while_reviewing":
            raise _WorkerDied
        review_id = real(sha256, name, account_id, **kw)
        if len(calls) == 2:
            raise _WorkerDied
        return review_id

    monkeypatch.setattr(batches, "review_stored", dying)
    with pytest.raises(_WorkerDied):
        jobs._run(job_id, url)
    died = job(job_id, url=url)
    assert died is not None and died.state is JobState.running and len(died.result["reviews"]) == 1
    under_way = _client(url).get(f"/jobs/{job_id}").text  # what is done is shown while the job runs
    assert "已审阅的文件" in under_way and f'<a href="/reviews/{died.result["reviews"][0]["review_id"]}">' in under_way
    monkeypatch.setattr(batches, "review_stored", real)
    with engine(url).begin() as conn:  # its lease ran out: the job is queued again (portal.jobs), and run again
        conn.execute(update(jobs_table).where(jobs_table.c.id == job_id).values(state="queued"))
    jobs._run(job_id, url)
    finished = job(job_id, url=url)
    assert finished is not None and finished.state is JobState.done and (finished.done, finished.total) == (3, 3)
    entries = finished.result["reviews"]
    assert [e["name"] for e in entries] == [name for name, _ in files] and not any("error" in e for e in entries)
    assert _counts(url)[0] == docs_before + 3  # one document per file, however many runs
    assert len({e["document_id"] for e in entries}) == 3


def test_too_many_files_are_refused_and_nothing_is_kept(url: str, immediate: None) -> None:
    before, stored = _counts(url), _stored()
    many = [(f"合同{i:02d}-unique.txt", CONTRACT.replace("B-2026-0001", f"M-{i:04d}").encode())
            for i in range(batches.MAX_BATCH_FILES + 1)]
    response = _post(_client(url), many)
    assert response.status_code == 400
    assert "一次最多上传 50 份文件，请分批上传。未保存任何文件。" in response.text
    assert _counts(url) == before and _stored() == stored


@pytest.mark.parametrize(("files", "status", "says"), [
    ([GOOD_TXT, ("报价单.xlsx", b"PK\x03\x04 a workbook")], 400, "不支持文件“报价单.xlsx”的类型"),
    ([GOOD_TXT, ("巨大合同.txt", b"x" * 2048)], 413, "文件“巨大合同.txt”超过 50 MB"),
    ([], 400, "请选择要上传的文件"),
])
def test_a_batch_with_a_file_it_cannot_take_is_refused_naming_it(
        url: str, immediate: None, monkeypatch: pytest.MonkeyPatch, files: list[tuple[str, bytes]], status: int,
        says: str) -> None:
    monkeypatch.setattr(batch_pages, "MAX_UPLOAD", 1024)  # the cap on each file, as 50 MB is for a real upload
    before, stored = _counts(url), _stored()
    unique = [(name, data + b"\n" + name.encode()) for name, data in files]  # bytes no other test keeps
    response = _post(_client(url), unique) if unique else _client(url).post(
        "/review/batch", data={"csrf": _token(_client(url))}, files={"documents": ("", b"", "text/plain")})
    assert response.status_code == status and says in response.text
    assert _counts(url) == before and _stored() == stored


def test_the_batch_is_the_signed_in_accounts_and_its_job_its_owners(url: str, batch: int) -> None:
    """Every role may review a single upload, so every signed-in account may send a batch; an anonymous visitor is
    sent to sign in; the job's page opens to its owner, legal and the admins (the job pages' rule), and the reports
    to who may read the documents."""
    anonymous = _client(url, None)
    assert anonymous.get("/review/batch").headers["location"] == "/login"
    sent = anonymous.post("/review/batch", files=[("documents", GOOD_TXT)])
    assert sent.status_code == 303 and sent.headers["location"] == "/login"
    assert anonymous.get(f"/jobs/{batch}").headers["location"] == "/login"
    other = _client(url, "other")
    assert other.get("/review/batch").status_code == 200
    assert other.get(f"/jobs/{batch}").status_code == 403
    assert other.get(f"/jobs/{batch}/progress").status_code == 403
    review_id = job(batch, url=url).result["reviews"][0]["review_id"]  # type: ignore[union-attr]
    assert other.get(f"/reviews/{review_id}").status_code == 403
    legal = _client(url, "legal")
    assert legal.get(f"/jobs/{batch}").status_code == 200 and legal.get(f"/reviews/{review_id}").status_code == 200
    forged = _client(url).post("/review/batch", data={"csrf": "forged"}, files=[("documents", GOOD_TXT)])
    assert forged.status_code == 403


def test_the_words_are_in_chinese_and_english(url: str, batch: int) -> None:
    words = texts()
    keys = [k for k in words if k.startswith(("batch_", "my_batches", "no_batches")) or k.endswith("review_batch")]
    assert len(keys) > 20 and all(words[k][lang] for k in keys for lang in words[k])
    client = TestClient(create_app(url=url, key="k" * 48), follow_redirects=False)
    client.post("/login", data={"csrf": form_token(client, "/login"), "username": "owner.user", "password": PASSWORD})
    client.get("/lang/en")
    form = client.get("/review/batch").text
    assert "<h1>Batch review</h1>" in form and "at most 50 files" in form and "My batch reviews" in form
    page = client.get(f"/jobs/{batch}").text
    assert "2 reviewed, 1 could not be read." in page and "Cannot be read: " in page and "blocker(s)" in page
    for text in (form, page):
        assert not re.search(r"[\u4e00-\u9fff]", re.sub(r"服务合同|采购合同|扫描件|中文", "", text)), text


def test_a_batch_sent_while_the_queue_is_down_is_told_so_not_a_server_error(
        url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONTRACTS_REDIS_URL", "redis://:s3cret@127.0.0.1:1/0")  # nothing listens on port 1
    sent = _post(_client(url), [GOOD_TXT])
    assert sent.status_code == 503, sent.text
    assert "任务队列暂时无法连接，本次申请未能提交" in sent.text and "s3cret" not in sent.text
