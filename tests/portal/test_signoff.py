"""Sign-off on the portal: each approver's queue, decisions recorded under the signed-in account (never a typed
name), a new version voiding earlier approvals with the reason shown, overrides past blockers visible to all, the
decision refused when a newer version arrived, and the command line forbidden by the administrator.

With $CONTRACTS_TEST_POSTGRES set, the portal's tables and each test's ledger are PostgreSQL schemas."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
from docx import Document as Docx
from sqlalchemy import select
from starlette.testclient import TestClient

from clause_library.errors import LedgerNotFound, SignoffRefused
from clause_library.models import Role
from portal.accounts import add_account
from portal.database import engine, reviews
from portal.jobs import queue
from portal.web import create_app
from signoff import ledger, store
from tests.conftest import EXAMPLES
from tests.databases import database_url, on_postgres, postgres_url

PASSWORD = "correct horse battery"
APPROVERS = ("legal", "finance", "business")


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> str:
    found = database_url(tmp_path_factory.mktemp("signoff"))
    for role in ("requester", *APPROVERS, "admin"):
        add_account(f"{role}.user", f"{role} 审批人", [role], PASSWORD, url=found)
    return found


@pytest.fixture(scope="module")
def contract(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """Our IT contract as drafted (no blockers), and the bytes of it."""
    from generator.draft import draft

    result = draft(EXAMPLES / "it_contract_zh.yaml", tmp_path_factory.mktemp("draft"))
    return next(p for p in result.files if p.suffix == ".docx").read_bytes()


@pytest.fixture(autouse=True)
def _own_ledger(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ledger.DB_ENV, postgres_url() if on_postgres() else str(tmp_path / "signoff.sqlite3"))


def _ledger_rows() -> int:
    """How many rows the test's ledger holds, verified (0: there is none yet)."""
    try:
        return ledger.verify().rows
    except LedgerNotFound:
        return 0


def _edited(data: bytes) -> bytes:
    """The contract with one more sentence in its last paragraph: new bytes, the same contract."""
    doc = Docx(io.BytesIO(data))
    doc.paragraphs[-1].add_run("（本版新增一句。）")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _client(url: str, who: str) -> TestClient:
    client = TestClient(create_app(url=url, key="k" * 48), follow_redirects=False)
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text)
    assert token
    signed = client.post("/login", data={"csrf": token.group(1), "username": f"{who}.user", "password": PASSWORD})
    assert signed.status_code == 303
    return client


def _token(client: TestClient, path: str) -> str:
    m = re.search(r'name="csrf" value="([^"]+)"', client.get(path).text)
    assert m, path
    return m.group(1)


def _upload(client: TestClient, path: str, name: str, data: bytes) -> int:
    """Upload to ``path`` (/review or a document's versions); the document's id."""
    response = client.post(path, data={"csrf": _token(client, "/review")},
                           files={"document": (name, data, "application/octet-stream")})
    assert response.status_code == 303, response.text
    review_id = int(response.headers["location"].rsplit("/", 1)[1])
    with engine(client.app.state.url).connect() as conn:  # type: ignore[attr-defined]
        return int(conn.execute(select(reviews.c.document_id).where(reviews.c.id == review_id)).scalar_one())


def _decide(client: TestClient, doc: int, role: str, decision: str = "approve", **extra: str) -> int:
    page = client.get(f"/documents/{doc}/signoff").text
    sha = re.search(r'name="sha256" value="([0-9a-f]{64})"', page)
    assert sha, page
    data = {"csrf": _token(client, f"/documents/{doc}/signoff"), "role": role, "decision": decision,
            "sha256": sha.group(1), **extra}
    return client.post(f"/documents/{doc}/signoff/decide", data=data).status_code


def test_three_approvers_then_a_new_version_voids_them(url: str, contract: bytes) -> None:
    requester = _client(url, "requester")
    doc = _upload(requester, "/review", "IT服务合同.docx", contract)
    clients = {role: _client(url, role) for role in APPROVERS}
    assert "IT服务合同.docx" in clients["legal"].get("/signoff").text  # in the legal queue
    for role, client in clients.items():
        assert _decide(client, doc, role, comment=f"{role} 同意") == 303
        assert "IT服务合同.docx" not in client.get("/signoff").text  # out of the queue once decided
    page = requester.get(f"/documents/{doc}/signoff").text
    assert "均已批准当前版本" in page and "平台账户 finance.user" in page and "生成签核包" in page
    rows = ledger.verify()
    assert rows.ok and rows.rows == 3
    finance = ledger.status_of(_identity_of(url, doc)).roles[Role.finance].entry
    assert finance is not None and (finance.source, finance.account_username, finance.person) == (
        "portal", "finance.user", "finance 审批人")

    _upload(requester, f"/documents/{doc}/versions", "IT服务合同-修改.docx", _edited(contract))
    page = requester.get(f"/documents/{doc}/signoff").text
    assert "尚未获法务、财务、业务全部批准" in page and "生成签核包" not in page
    assert page.count("批准的是第 1 版；此后上传了第 2 版") == 3  # every approval void, and why
    assert "IT服务合同" in clients["business"].get("/signoff").text  # back in the queues


def _identity_of(url: str, doc_id: int) -> ledger.DocumentIdentity:  # type: ignore[name-defined]
    from portal.documents import current_version, document
    from portal.signoffs import _identity

    doc, version = document(doc_id, url=url), current_version(doc_id, url=url)
    assert doc is not None and version is not None
    return _identity(doc, version)


def test_a_decision_on_a_version_no_longer_current_is_refused(url: str, contract: bytes) -> None:
    requester, legal = _client(url, "requester"), _client(url, "legal")
    doc = _upload(requester, "/review", "旧版.docx", contract)
    page = legal.get(f"/documents/{doc}/signoff").text
    old_sha = re.search(r'name="sha256" value="([0-9a-f]{64})"', page)
    assert old_sha
    _upload(requester, f"/documents/{doc}/versions", "新版.docx", _edited(contract))
    stale = legal.post(f"/documents/{doc}/signoff/decide", data={
        "csrf": _token(legal, "/signoff"), "role": "legal", "decision": "approve", "sha256": old_sha.group(1)})
    assert stale.status_code == 409 and "上传了新版本" in stale.text
    assert _ledger_rows() == 0


def test_an_approval_past_blockers_needs_a_reason_everyone_sees(url: str) -> None:
    blank = ("技术服务合同\n合同编号：T-2026-0777\n甲方：北京示例科技股份有限公司\n乙方：____________\n"
             "第一条 服务内容\n乙方向甲方提供运维服务，服务费为人民币____元。\n").encode()
    requester, legal = _client(url, "requester"), _client(url, "legal")
    doc = _upload(requester, "/review", "有空白.txt", blank)
    page = legal.get(f"/documents/{doc}/signoff").text
    assert "超越阻断的理由" in page
    refused = _decide(legal, doc, "legal")
    assert refused == 409
    assert _decide(legal, doc, "legal", reason="乙方名称签署前由法务补齐") == 303
    seen = requester.get(f"/documents/{doc}/signoff").text
    assert "在存在阻断问题的情况下批准，理由：乙方名称签署前由法务补齐" in seen
    assert _decide(legal, doc, "legal", decision="reject", reason="x") == 400  # a reason overrides approvals only


def test_only_the_roles_an_account_holds_are_decided(url: str, contract: bytes) -> None:
    requester, legal = _client(url, "requester"), _client(url, "legal")
    doc = _upload(requester, "/review", "角色.docx", contract)
    assert _decide(legal, doc, "finance") == 400  # legal cannot approve as finance
    forged = requester.post(f"/documents/{doc}/signoff/decide", data={
        "csrf": _token(requester, "/review"), "role": "legal", "decision": "approve", "sha256": "0" * 64})
    assert forged.status_code == 403  # a requester approves nothing
    no_token = legal.post(f"/documents/{doc}/signoff/decide", data={"role": "legal", "decision": "approve"})
    assert no_token.status_code == 403
    assert requester.get("/signoff").status_code == 403


def test_the_admin_can_forbid_the_command_line_and_the_portal_still_records(url: str, contract: bytes,
                                                                           tmp_path: Path) -> None:
    requester, legal, admin = _client(url, "requester"), _client(url, "legal"), _client(url, "admin")
    doc = _upload(requester, "/review", "共享账本.docx", contract)
    assert str(store.locate_db()) in admin.get("/admin").text  # where the ledger is: a file, or a URL
    assert admin.post("/admin/command-line", data={"csrf": _token(admin, "/admin"),
                                                   "command_line": "forbidden"}).status_code == 303
    local = tmp_path / "合同.docx"
    local.write_bytes(contract)
    with pytest.raises(SignoffRefused, match="sign off on the portal"):
        ledger.sign_off(local, Role.legal, "王律师")
    assert _decide(legal, doc, "legal") == 303
    assert ledger.verify().rows == 1


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is needed to make the pack")
def test_the_pack_downloads_once_all_three_approved(url: str, contract: bytes) -> None:
    requester = _client(url, "requester")
    doc = _upload(requester, "/review", "签核包.docx", contract)
    for role in APPROVERS:
        assert _decide(_client(url, role), doc, role) == 303
    queue().immediate = True
    try:
        made = requester.post(f"/documents/{doc}/signoff/pack", data={"csrf": _token(requester, "/review")})
    finally:
        queue().immediate = False
    assert made.status_code == 303
    job_page = requester.get(made.headers["location"]).text
    link = re.search(r'href="(/jobs/\d+/files/[^"]+)"', job_page)
    assert link, job_page
    pdf = requester.get(link.group(1))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_the_form_says_what_was_decided_and_a_clean_report_says_so(url: str, contract: bytes) -> None:
    requester, legal = _client(url, "requester"), _client(url, "legal")
    doc = _upload(requester, "/review", "已决定.docx", contract)
    assert _decide(legal, doc, "legal") == 303
    assert "当前状态：已批准（legal 审批人" in legal.get(f"/documents/{doc}/signoff").text
    review = re.search(r'href="/reviews/(\d+)"', requester.get(f"/documents/{doc}").text)
    assert review and "未发现问题" in requester.get(f"/reviews/{review.group(1)}").text


def test_asking_for_the_pack_again_while_it_is_made_queues_one_job(url: str, contract: bytes) -> None:
    requester = _client(url, "requester")
    doc = _upload(requester, "/review", "一次.docx", contract)
    asked = [requester.post(f"/documents/{doc}/signoff/pack", data={"csrf": _token(requester, "/review")})
             for _ in range(3)]
    assert len({a.headers["location"] for a in asked}) == 1  # queued (no worker here): the same job each time
