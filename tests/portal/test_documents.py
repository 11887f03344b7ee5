"""Documents in versions: the document page lists them, the diff shows exactly what was edited and how the findings
changed, each finding links to its paragraph in the text view (.txt, .docx, .pdf), who may read them, a version-4
database migrated, and a diff of large documents bounded."""

from __future__ import annotations

import re
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from portal.accounts import Account, add_account, list_accounts
from portal.database import _SCHEMA_VERSION
from portal.documents import current_version, document, readable_by, record_version, version_text, versions
from portal.filestore import path_of
from portal.places import Paragraph, anchors
from portal.reviews import stored_review
from portal.textdiff import MAX_WORK, diff_texts
from portal.web import create_app
from tests.databases import database_url
from tests.pdfs import text_pdf as contract_pdf
from tests.portal.document_builders import contract_docx

PASSWORD = "correct horse battery"
V1 = ("技术服务合同\n合同编号：T-2026-0007\n甲方：北京示例科技股份有限公司\n乙方：上海示例信息技术有限公司\n"
      "第一条 服务内容\n乙方向甲方提供运维服务，服务费为人民币____元。\n第二条 争议解决\n"
      "双方可以向北京仲裁委员会申请仲裁，也可以向甲方住所地人民法院提起诉讼。\n第三条 其他\n本合同一式两份。\n")
# The second version fills in the amount and keeps arbitration only: paragraphs 6 and 8 change, nothing else.
V2 = V1.replace("人民币____元", "人民币100,000元").replace(
    "可以向北京仲裁委员会申请仲裁，也可以向甲方住所地人民法院提起诉讼", "应向北京仲裁委员会申请仲裁")


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> str:
    found = database_url(tmp_path_factory.mktemp('documents'))
    for name, role in (("maker", "requester"), ("other", "requester"), ("legal", "legal"), ("late", "requester")):
        add_account(f"{name}.user", f"{name} 用户", [role], PASSWORD, url=found)
    return found


_SIGNED_IN: dict[tuple[str, str], TestClient] = {}


def _client(url: str, username: str) -> TestClient:
    """A client signed in as ``username``, one per account and database (argon2 makes each sign-in cost)."""
    if (url, username) not in _SIGNED_IN:
        _SIGNED_IN[url, username] = _new_client(url, username)
    return _SIGNED_IN[url, username]


def _new_client(url: str, username: str) -> TestClient:
    client = TestClient(create_app(url=url, key="k" * 48), follow_redirects=False)
    token = _token(client, "/login")
    assert client.post("/login", data={"csrf": token, "username": username, "password": PASSWORD}).status_code == 303
    return client


def _token(client: TestClient, path: str) -> str:
    m = re.search(r'name="csrf" value="([^"]+)"', client.get(path).text)
    assert m, f"no form token on {path}"
    return m.group(1)


def _upload(client: TestClient, path: str, name: str, data: bytes, form: str = "/review") -> int:
    response = client.post(path, data={"csrf": _token(client, form)}, files={"document": (name, data, "text/plain")})
    assert response.status_code == 303, response.text
    return int(response.headers["location"].rsplit("/", 1)[1])


@pytest.fixture(scope="module")
def two_versions(url: str) -> tuple[int, int, int]:
    """(document id, review of version 1, review of version 2): maker.user uploads V1, then V2 as its version."""
    client = _client(url, "maker.user")
    first = _upload(client, "/review", "服务合同.txt", V1.encode())
    doc_id = document_of(first, url)
    second = _upload(client, f"/documents/{doc_id}/versions", "服务合同-修订.txt", V2.encode(), f"/documents/{doc_id}")
    return doc_id, first, second


def test_the_document_page_lists_every_version(url: str, two_versions: tuple[int, int, int]) -> None:
    doc_id, first, second = two_versions
    page = _client(url, "maker.user").get(f"/documents/{doc_id}").text
    assert "服务合同.txt" in page and "T-2026-0007" in page  # the first upload's name; the number as read
    rows = re.findall(r"<tr><td>(第 \d 版)</td><td>([^<]+)</td><td>([^<]+)</td>\s*<td[^>]*>(\d+)</td>", page)
    assert [(v, who) for v, who, _, _ in rows] == [("第 1 版", "maker 用户"), ("第 2 版", "maker 用户")]
    assert all(re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", day) for _, _, day, _ in rows)
    assert int(rows[1][3]) < int(rows[0][3])  # the amount filled in: one blocker fewer
    assert f'href="/reviews/{first}"' in page and f'href="/reviews/{second}"' in page
    assert f'action="/documents/{doc_id}/versions"' in page
    report = _client(url, "maker.user").get(f"/reviews/{second}").text
    assert f'href="/documents/{doc_id}"' in report and "第 2 版" in report
    assert f"/documents/{doc_id}/diff?from=1&amp;to=2" in report
    assert [v.number for v in versions(doc_id, url=url)] == [1, 2]
    current = current_version(doc_id, url=url)
    assert current is not None and current.review_id == second and current.number == 2


def test_the_diff_shows_exactly_the_edited_paragraphs_and_the_findings_that_changed(
        url: str, two_versions: tuple[int, int, int]) -> None:
    doc_id, first, _ = two_versions
    page = _client(url, "maker.user").get(f"/documents/{doc_id}/diff").text  # the last two by default
    changes = re.findall(r'<div class="change (\w+)">\s*<div class="label">.*?#p(\d+)".*?#p(\d+)"', page, re.S)
    assert changes == [("changed", "6", "6"), ("changed", "8", "8")]
    assert "人民币<del>____</del>元" in page and "人民币<ins>100,000</ins>元" in page
    assert "<del>可以</del>" in page and "<ins>应</ins>" in page
    assert "<del>，也可以向甲方住所地人民法院提起诉讼</del>" in page
    new, gone = page.split("新出现的审阅意见", 1)[1].split("消失的审阅意见", 1)
    assert '<p>无</p>' in new  # nothing new in version 2
    assert "未填写的占位符" in gone and "或裁或审" in gone  # the blank and the 或裁或审 clause, both fixed
    assert f'href="/reviews/{first}/text#p6"' in gone and f'href="/reviews/{first}/text#p8"' in gone
    same = _client(url, "maker.user").get(f"/documents/{doc_id}/diff?from=2&to=2").text
    assert "两版文字相同" in same and same.count("<p>无</p>") == 2


@pytest.mark.parametrize("query", ["?from=1&to=9", "?from=x&to=2", "?from=1", "?to=-1"])
def test_a_diff_of_versions_the_document_has_not_is_not_found(url: str, two_versions: tuple[int, int, int],
                                                              query: str) -> None:
    assert _client(url, "maker.user").get(f"/documents/{two_versions[0]}/diff{query}").status_code == 404


def _linked_anchors_exist(client: TestClient, review_id: int) -> list[str]:
    """The anchors the report links its findings to, each checked to be in the text view."""
    links = re.findall(rf'href="/reviews/{review_id}/text#([\w-]+)"', client.get(f"/reviews/{review_id}").text)
    text = client.get(f"/reviews/{review_id}/text").text
    for anchor in links:
        assert f'id="{anchor}"' in text, anchor
    return links


def test_the_pages_are_in_english_too_and_run_no_inline_script_or_style(url: str,
                                                                       two_versions: tuple[int, int, int]) -> None:
    doc_id, first, second = two_versions
    client = _new_client(url, "legal.user")
    client.get("/lang/en")
    pages = {path: client.get(path).text for path in (f"/documents/{doc_id}", f"/documents/{doc_id}/diff",
                                                      f"/reviews/{second}", f"/reviews/{first}/text")}
    assert "Upload a new version" in pages[f"/documents/{doc_id}"] and "version 2" in pages[f"/reviews/{second}"]
    assert "Paragraph changed" in pages[f"/documents/{doc_id}/diff"]
    for path, page in pages.items():
        assert "<script" not in page and "style=" not in page and "<style" not in page, path


def test_findings_link_to_their_paragraph_in_each_format(url: str, two_versions: tuple[int, int, int]) -> None:
    client = _client(url, "maker.user")
    assert _linked_anchors_exist(client, two_versions[1]) == ["p6", "p8"]  # .txt: line N is one paragraph
    docx = contract_docx(["技术服务合同", "", "甲方：北京示例科技股份有限公司", "乙方：____________", "第一条 服务费",
                          "服务费为人民币____元。", "第二条 争议解决",
                          "双方可以向北京仲裁委员会申请仲裁，也可以向甲方住所地人民法院提起诉讼。"],
                         [["付款阶段", "金额"], ["首付款", "人民币____元"]])
    links = _linked_anchors_exist(client, _upload(client, "/review", "c.docx", docx))
    assert {"p3", "p5", "p7"} <= set(links)  # "paragraph 4" is the 3rd block: Word counts the empty paragraph
    pdf = contract_pdf([["SERVICES AGREEMENT", "Party A: Example Ltd.", "Party B: ______________"],
                        ["2. Term. This Agreement runs from [DATE] for two years.", "3. Notices. By email."]])
    assert set(_linked_anchors_exist(client, _upload(client, "/review", "c.pdf", pdf))) >= {"p3", "p4"}


def test_a_place_is_linked_only_where_it_is() -> None:
    paragraphs = [Paragraph(1, "SERVICES AGREEMENT", "p. 1", 1), Paragraph(2, "Party B: ____", "p. 1", 1),
                  Paragraph(3, "Notices by email.", "p. 2", 2), Paragraph(4, "Main text.", "paragraph 5"),
                  Paragraph(5, "Text in a box.", "paragraph 5")]
    findings = [{"location": "p. 1", "evidence": "p. 1: Party B: ____"},  # the page's paragraph it quotes
                {"location": "p. 1", "evidence": "something the page does not say"},  # the page, no closer
                {"location": "p. 2", "evidence": ""},  # one paragraph on that page
                {"location": "paragraph 5", "evidence": "…in a box."},  # a text box of paragraph 5
                {"location": "paragraph 5", "evidence": ""},  # where paragraph 5 starts
                {"location": "p. 9", "evidence": "Party B"}, {"location": "", "evidence": "x"},
                {"location": "comment", "evidence": ""}]
    assert anchors(findings, paragraphs) == ["p2", "page-1", "p3", "p5", "p4", None, None, None]


def test_who_may_read_a_document_and_add_a_version(url: str, two_versions: tuple[int, int, int]) -> None:
    doc_id, first, second = two_versions
    paths = [f"/documents/{doc_id}", f"/documents/{doc_id}/diff", f"/reviews/{first}", f"/reviews/{second}/text"]
    other, legal = _client(url, "other.user"), _client(url, "legal.user")
    for path in paths:
        assert other.get(path).status_code == 403, path
        assert legal.get(path).status_code == 200, path
    refused = other.post(f"/documents/{doc_id}/versions", data={"csrf": _token(other, "/review")},
                         files={"document": ("x.txt", V2.encode(), "text/plain")})
    assert refused.status_code == 403 and len(versions(doc_id, url=url)) == 2
    for path in ("/documents/999999", "/documents/999999/diff", "/reviews/999999/text"):
        assert other.get(path).status_code == 404, path
    assert other.post("/documents/999999/versions", data={"csrf": _token(other, "/review")}).status_code == 404


def test_anyone_who_uploaded_a_version_reads_the_document(url: str) -> None:
    """late.user uploaded a version (as an approver, say, whose role was then taken away): it still reads it."""
    maker, late = _account("maker.user", url), _account("late.user", url)
    at = maker.created_at
    doc_id = document_of(record_version(None, account_id=maker.id, file_name="a.txt", sha256="0" * 64, at=at,
                                        report={"findings": []}, paragraphs=[], contract_no=None, url=url), url)
    doc = document(doc_id, url=url)
    assert doc is not None and not readable_by(late, doc, url=url)
    client = _client(url, "late.user")
    assert client.get(f"/documents/{doc_id}").status_code == 403
    record_version(doc_id, account_id=late.id, file_name="b.txt", sha256="0" * 64, at=at, report={"findings": []},
                   paragraphs=[], contract_no="T-1", url=url)
    assert readable_by(late, doc, url=url) and readable_by(maker, doc, url=url)
    page = client.get(f"/documents/{doc_id}").text
    assert "late 用户" in page and "T-1" in page  # a number read from a later version, when the first had none
    with pytest.raises(LookupError):
        record_version(999999, account_id=late.id, file_name="c.txt", sha256="0" * 64, at=at, report={},
                       paragraphs=[], contract_no=None, url=url)


def test_versions_uploaded_at_once_are_numbered_one_after_the_other(url: str) -> None:
    maker = _account("maker.user", url)

    def upload(document_id: int | None) -> int:
        return record_version(document_id, account_id=maker.id, file_name="v.txt", sha256="0" * 64,
                              at=maker.created_at, report={}, paragraphs=[], contract_no=None, url=url)

    doc_id = document_of(upload(None), url)
    with ThreadPoolExecutor(8) as pool:
        made = list(pool.map(upload, [doc_id] * 8))
    assert len(set(made)) == 8 and [v.number for v in versions(doc_id, url=url)] == list(range(1, 10))


def _account(username: str, url: str) -> Account:
    return next(a for a in list_accounts(url=url) if a.username == username)


def document_of(review_id: int, url: str) -> int:
    found = stored_review(review_id, url=url)
    assert found is not None
    return found.document_id


def test_a_new_version_needs_its_token_and_a_readable_file(url: str, two_versions: tuple[int, int, int]) -> None:
    doc_id = two_versions[0]
    client = _client(url, "maker.user")
    forged = client.post(f"/documents/{doc_id}/versions", data={"csrf": "forged"},
                         files={"document": ("x.txt", V2.encode(), "text/plain")})
    assert forged.status_code == 403
    junk = client.post(f"/documents/{doc_id}/versions", data={"csrf": _token(client, f"/documents/{doc_id}")},
                       files={"document": ("x.docx", b"PK\x03\x04 not a zip", "application/zip")})
    assert junk.status_code == 400 and "x.docx: " in junk.text and "各版本" in junk.text


def test_a_large_diff_is_bounded(url: str) -> None:
    old = [f"第{i}条 甲方应于第{i}期支付人民币{i}元。" for i in range(3000)]
    new = list(old)
    new[10], new[2500] = new[10].replace("甲方", "乙方"), "新增的一段。"
    del new[1200]
    found = diff_texts(old, new)  # the unique paragraphs anchor the rest: every change found, little compared
    assert [(c.kind, c.old_number, c.new_number) for c in found.changes] == [
        ("changed", 11, 11), ("removed", 1201, None), ("removed", 2501, None), ("added", None, 2500)]
    assert not found.capped and found.compared <= 6
    repeated = diff_texts(["| |"] * 3000, ["| |", "| x |"] * 1500)  # no paragraph to anchor on: too much to compare
    assert repeated.capped and repeated.work <= MAX_WORK and repeated.changes == []
    assert repeated.not_compared == (2999, 2999)
    anchored = diff_texts(["| |"] * 1000 + ["end"], ["| |", "| x |"] * 500 + ["end"], max_work=10)
    assert anchored.capped and anchored.work == 0


# The tables of a version-4 database as that program made them (accounts, account_roles, reviews, schema_version).
_V4 = """
CREATE TABLE accounts (id INTEGER NOT NULL PRIMARY KEY, username VARCHAR(64) NOT NULL UNIQUE,
    display_name VARCHAR(200) NOT NULL, password_hash VARCHAR(200) NOT NULL, disabled BOOLEAN NOT NULL,
    created_at VARCHAR(40) NOT NULL);
CREATE TABLE account_roles (account_id INTEGER NOT NULL REFERENCES accounts (id), role VARCHAR(20) NOT NULL,
    PRIMARY KEY (account_id, role));
CREATE TABLE reviews (id INTEGER NOT NULL PRIMARY KEY, account_id INTEGER NOT NULL REFERENCES accounts (id),
    file_name VARCHAR(255) NOT NULL, sha256 VARCHAR(64) NOT NULL, created_at VARCHAR(40) NOT NULL,
    report TEXT NOT NULL);
CREATE INDEX ix_reviews_account_id ON reviews (account_id);
CREATE INDEX ix_reviews_sha256 ON reviews (sha256);
CREATE TABLE schema_version (version INTEGER NOT NULL);
INSERT INTO schema_version VALUES (4);
INSERT INTO accounts VALUES (1, 'old.user', '旧用户', 'x', 0, '2026-01-05T09:00:00+00:00');
INSERT INTO account_roles VALUES (1, 'requester');
"""


def test_a_version_4_database_is_migrated(tmp_path: Path) -> None:
    """Each review kept before becomes a document of one version; its text is read from the store once."""
    kept, gone = "a" * 64, "b" * 64
    path_of(kept).parent.mkdir(parents=True, exist_ok=True)
    path_of(kept).write_bytes(V1.encode())
    with sqlite3.connect(tmp_path / "old.sqlite3") as db:
        db.executescript(_V4)
        db.executemany("INSERT INTO reviews VALUES (?, 1, ?, ?, ?, ?)", [
            (7, "旧合同.txt", kept, "2026-02-01T10:00:00+00:00", '{"findings": [{"severity": "blocker"}]}'),
            (9, "另一份.pdf", gone, "2026-03-01T10:00:00+00:00", '{"findings": []}')])
    db.close()
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    first, second = stored_review(7, url=url), stored_review(9, url=url)  # the first use migrates
    assert first is not None and second is not None and first.document_id != second.document_id
    assert (first.version, second.version) == (1, 1)
    doc = document(first.document_id, url=url)
    assert doc is not None and (doc.title, doc.created_by, doc.contract_no) == ("旧合同.txt", 1, None)
    assert [(v.review_id, v.number, v.uploaded_by, v.blockers) for v in versions(doc.id, url=url)] == [
        (7, 1, "旧用户", 1)]
    assert [p.text for p in version_text(7, kept, url=url)][5] == "乙方向甲方提供运维服务，服务费为人民币____元。"
    path_of(kept).unlink()  # read once, kept since
    assert len(version_text(7, kept, url=url)) == 10 and version_text(9, gone, url=url) == []
    with sqlite3.connect(tmp_path / "old.sqlite3") as db:
        assert db.execute("SELECT version FROM schema_version").fetchall() == [(_SCHEMA_VERSION,)]  # to the latest
        columns = {row[1] for row in db.execute("PRAGMA table_info(reviews)")}
        assert {"document_id", "version"} <= columns
        assert db.execute("SELECT session_epoch FROM accounts").fetchall() == [(0,)]  # 6: sessions go on
        assert ("reviews_document_version", 1) in {(row[1], row[2]) for row in db.execute("PRAGMA index_list(reviews)")}
    db.close()
    newer = record_version(doc.id, account_id=1, file_name="旧合同-2.txt", sha256=kept, at=doc.created_at,
                           report={"findings": []}, paragraphs=[], contract_no=None, url=url)
    assert newer not in (7, 9) and [v.number for v in versions(doc.id, url=url)] == [1, 2]


def test_missing_clauses_are_one_group_per_severity_without_the_readers_internals() -> None:
    from portal.reviews import group_findings

    def missing(category: str, severity: str, kind: str = "必备") -> dict[str, str]:
        en = "mandatory" if kind == "必备" else "recommended"
        return {"check": "missing_category", "category": category, "severity": severity, "owner": "legal",
                "message_zh": f"缺少{kind}条款：{category}", "message_en": f"{en} clause missing: {category}",
                "evidence": f"no heading or text matched the {category!r} patterns in 5 clauses"}

    report = {"findings": [missing("parties", "blocker"), missing("term", "blocker"),
                           missing("ip", "warning", "建议"), missing("notices", "warning", "建议")]}
    groups = group_findings(report)
    assert [(g.severity, g.title, len(g.findings)) for g in groups] == [
        ("blocker", {"message_zh": "缺少必备条款", "message_en": "mandatory clause missing"}, 2),
        ("warning", {"message_zh": "缺少建议条款", "message_en": "recommended clause missing"}, 2)]


def test_the_list_of_documents_shows_each_account_what_it_may_read(url: str) -> None:
    mine, other, legal = _client(url, "late.user"), _client(url, "other.user"), _client(url, "legal.user")
    made = document_of(_upload(mine, "/review", "我的合同.txt", V1.encode()), url)
    listed = mine.get("/documents").text
    assert "我的合同.txt" in listed and f'href="/documents/{made}"' in listed
    assert "我的合同.txt" not in other.get("/documents").text
    assert "我的合同.txt" in legal.get("/documents").text  # approvers see every document


def test_the_current_versions_of_many_documents_are_read_at_once_as_one_by_one(
        url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import portal.documents as documents_module
    from portal.documents import current_versions, documents_for

    maker = _account("maker.user", url)
    at = maker.created_at
    for n in range(5):  # documents of 1 to 3 versions, by two people
        doc_id = document_of(record_version(None, account_id=maker.id, file_name=f"m{n}.txt", sha256="1" * 64, at=at,
                                            report={"findings": [{"severity": "blocker"}] * n}, paragraphs=[],
                                            contract_no=None, url=url), url)
        for extra in range(n % 3):
            record_version(doc_id, account_id=_account("late.user", url).id, file_name=f"m{n}-{extra}.txt",
                           sha256="2" * 64, at=at, report={"findings": []}, paragraphs=[], contract_no=None, url=url)
    every = [d.id for d in documents_for(_account("legal.user", url), url=url, limit=None)]
    one_by_one = {i: v for i in every if (v := current_version(i, url=url)) is not None}
    assert len(one_by_one) >= 5 and current_versions(every, url=url) == one_by_one
    monkeypatch.setattr(documents_module, "_IDS_AT_ONCE", 2)  # in several queries
    assert current_versions(every, url=url) == one_by_one
    assert current_versions([], url=url) == {} and current_versions([999999], url=url) == {}
