"""The portal's pages: who may open each (every route as every role and as nobody), forms refused without their
token, sign-in throttled, security headers on every response, the session cookie's flags, the key kept."""

from __future__ import annotations

import hashlib
import re
import stat
from pathlib import Path

import pytest
from starlette.routing import Mount, Route
from starlette.testclient import TestClient

from portal.accounts import PortalRole, add_account, disable_account
from portal.filestore import path_of
from portal.reviews import stored_review
from portal.throttle import PER_USERNAME
from portal.web import ANYONE, SIGNED_IN, access_table, create_app, secret_key
from tests.databases import database_url
from tests.portal.packs_helpers import jobs_run_at_once, post_pack, roster_csv, roster_rows

PASSWORD = "correct horse battery"
ROLES = [r.value for r in PortalRole]
ACCESS = access_table()


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """One database for the module (argon2 makes each account cost a tenth of a second): an account per role,
    never changed, and one of its own for each test that changes its account."""
    found = database_url(tmp_path_factory.mktemp('portal'))
    for role in ROLES:
        add_account(f"{role}.user", f"{role} 用户", [role], PASSWORD, url=found)
    for name in ("throttled", "disabled", "changer", "other", "sessions"):
        add_account(f"{name}.user", f"{name} 用户", ["requester"], PASSWORD, url=found)
    return found


@pytest.fixture
def client(url: str) -> TestClient:
    return TestClient(create_app(url=url, key="k" * 48), follow_redirects=False)


def _token(client: TestClient, path: str = "/login") -> str:
    m = re.search(r'name="csrf" value="([^"]+)"', client.get(path).text)
    assert m, f"no form token on {path}"
    return m.group(1)


def _sign_in(client: TestClient, username: str, password: str = PASSWORD) -> int:
    return client.post("/login", data={"csrf": _token(client), "username": username, "password": password}).status_code


# The routes that only take a POST, and a harmless form for each (the matrix sends it with the session's token).
_POST_BODIES: dict[str, dict[str, str]] = {
    "/logout": {}, "/admin/command-line": {"command_line": "allowed"},
    "/documents/{document_id:int}/signoff/decide": {"role": "none", "decision": "approve"},  # refused: 400
    "/documents/{document_id:int}/signoff/pack": {},
}
# Pages of one object of requester.user's that only its owner and some roles open (403 for the other accounts).
_OWNER_AND = {"/jobs/{job_id:int}": {"legal", "admin"}, "/jobs/{job_id:int}/progress": {"legal", "admin"},
              "/jobs/{job_id:int}/files/{name}": {"legal", "admin"}}


def _visit(client: TestClient, path: str, review_id: int, pack: tuple[int, str]) -> tuple[int, bool]:
    """The status of a visit to ``path`` (and whether it sent the browser to sign in)."""
    if path == "/documents/{document_id:int}/versions":
        return _new_version(client, review_id)
    route = path
    if "{document_id:int}" in path:  # the document requester.user's review is version 1 of
        path = path.replace("{document_id:int}", str(_document_of(client, review_id)))
    if route in _POST_BODIES:
        token = _token(client, "/") if client.cookies else ""
        response = client.post(path, data={"csrf": token, **_POST_BODIES[route]})
    else:
        path = path.replace("{code}", "en").replace("/static", "/static/portal.css")
        path = path.replace("{draft_kind}", "nda")
        path = path.replace("{job_id:int}", str(pack[0])).replace("{name}", pack[1])
        response = client.get(path.replace("{review_id:int}", str(review_id)))
    return response.status_code, response.headers.get("location") == "/login"


def _document_of(client: TestClient, review_id: int) -> int:
    found = stored_review(review_id, url=client.app.state.url)  # type: ignore[attr-defined]
    assert found is not None
    return found.document_id


def _new_version(client: TestClient, review_id: int) -> tuple[int, bool]:
    """A new version of the document (the contract again), sent with the session's form token."""
    token = _token(client, "/") if client.cookies else ""
    response = client.post(f"/documents/{_document_of(client, review_id)}/versions", data={"csrf": token},
                           files={"document": ("v2.txt", CONTRACT, "text/plain")})
    return response.status_code, response.headers.get("location") == "/login"


@pytest.fixture(scope="module")
def requesters_review(url: str) -> int:
    """A review that requester.user asked for (its report may be read by its owner, the approvers and admins)."""
    client = TestClient(create_app(url=url, key="k" * 48), follow_redirects=False)
    assert _sign_in(client, "requester.user") == 303
    return _upload(client, "contract.txt", CONTRACT)


@pytest.fixture(scope="module")
def requesters_pack(url: str) -> tuple[int, str]:
    """A pack that requester.user asked for, made (its pages are its owner's, legal's and the admins'), and the
    name of a file it made."""
    client = TestClient(create_app(url=url, key="k" * 48), follow_redirects=False)
    assert _sign_in(client, "requester.user") == 303
    with jobs_run_at_once():
        response = post_pack(client, ("名单.csv", roster_csv(roster_rows(2))))
    assert response.status_code == 303, response.text
    return int(response.headers["location"].rsplit("/", 1)[1]), "NDA-2026-0042-pack.zip"


CONTRACT = ("技术服务合同\n合同编号：T-2026-0001\n甲方：北京示例科技股份有限公司\n乙方：____________\n"
            "第一条 服务内容\n乙方向甲方提供运维服务，服务费为人民币____元。\n第二条 争议解决\n"
            "双方可以向北京仲裁委员会申请仲裁，也可以向甲方住所地人民法院提起诉讼。\n").encode()


def _upload(client: TestClient, name: str, data: bytes, token: str | None = None) -> int:
    response = client.post("/review", data={"csrf": token if token is not None else _token(client, "/review")},
                           files={"document": (name, data, "application/octet-stream")})
    assert response.status_code == 303, response.text
    return int(response.headers["location"].rsplit("/", 1)[1])


def test_every_route_is_in_the_access_table(client: TestClient) -> None:
    paths = {r.path for r in client.app.routes if isinstance(r, Route | Mount)}  # type: ignore[attr-defined]
    assert paths == set(ACCESS)


_SESSIONS: dict[tuple[str, str], dict[str, str]] = {}


def _resume(client: TestClient, url: str, who: str) -> None:
    """Sign ``client`` in as ``who``: with the role's session kept from an earlier case while it holds (a password
    check costs a tenth of a second, and the matrix has two hundred cases), else by signing in again (the /logout
    case ends every session of its account)."""
    kept = _SESSIONS.get((url, who))
    if kept is not None:
        client.cookies.update(kept)
        if client.get("/account/password").status_code == 200:
            return
        client.cookies.clear()
    assert _sign_in(client, f"{who}.user") == 303
    _SESSIONS[url, who] = dict(client.cookies)


@pytest.mark.parametrize("who", [None, *ROLES])
@pytest.mark.parametrize("path", sorted(ACCESS))
def test_authorization_matrix(url: str, requesters_review: int, requesters_pack: tuple[int, str], path: str,
                              who: str | None) -> None:
    """Anonymous visitors reach only the pages for anyone (the others send them to sign in); an account reaches
    the pages for any account and those of its roles (an object's pages: its owner's and those roles'), and gets
    403 elsewhere. Reached, a page may still refuse what was sent (400), never as forbidden."""
    client = TestClient(create_app(url=url, key="k" * 48), follow_redirects=False)
    if who is not None:
        _resume(client, url, who)
    status, to_login = _visit(client, path, requesters_review, requesters_pack)
    access = ACCESS[path]
    allowed = access == ANYONE or (who is not None and (access == SIGNED_IN or who in access))
    if path in _OWNER_AND:
        allowed = who == "requester" or who in _OWNER_AND[path]
    if allowed:
        assert status in (200, 303, 400) and (not to_login or path == "/logout"), (path, who, status)
    elif who is None:
        assert status == 303 and to_login, (path, who, status)  # to the sign-in page
    else:
        assert status == 403, (path, who, status)


def test_sign_in_and_out(client: TestClient) -> None:
    assert client.get("/").headers["location"] == "/login"
    assert _sign_in(client, "legal.user") == 303
    page = client.get("/").text
    assert "legal 用户" in page and "法务" in page and "开通日期" in page and "年" in page
    assert client.post("/logout", data={"csrf": _token(client, "/")}).headers["location"] == "/login"
    assert client.get("/").status_code == 303


def test_a_wrong_password_says_no_more_than_no(client: TestClient) -> None:
    wrong = client.post("/login", data={"csrf": _token(client), "username": "legal.user", "password": "x" * 12})
    unknown = client.post("/login", data={"csrf": _token(client), "username": "nobody", "password": PASSWORD})
    assert wrong.status_code == unknown.status_code == 401
    assert "用户名或密码不正确" in wrong.text and "用户名或密码不正确" in unknown.text


def test_forms_without_their_token_are_refused(client: TestClient) -> None:
    assert client.post("/login", data={"username": "legal.user", "password": PASSWORD}).status_code == 403
    assert _sign_in(client, "legal.user") == 303
    assert client.post("/logout", data={"csrf": "forged"}).status_code == 403
    assert client.get("/").status_code == 200  # still signed in
    changed = client.post("/account/password", data={"current": PASSWORD, "new": "n" * 14, "repeat": "n" * 14})
    assert changed.status_code == 403


def test_sign_in_is_throttled_per_username(client: TestClient) -> None:
    for _ in range(PER_USERNAME):
        assert _sign_in(client, "throttled.user", "wrong password!") == 401
    waiting = client.post("/login", data={"csrf": _token(client), "username": "throttled.user", "password": PASSWORD})
    assert waiting.status_code == 429 and "分钟后再试" in waiting.text
    assert _sign_in(client, "legal.user") == 303  # another username is not held up


def test_a_disabled_account_is_out_at_once(client: TestClient, url: str) -> None:
    assert _sign_in(client, "disabled.user") == 303
    disable_account("disabled.user", url=url)
    assert client.get("/").headers["location"] == "/login"


def test_the_password_is_changed_with_the_current_one(client: TestClient) -> None:
    assert _sign_in(client, "changer.user") == 303
    token = _token(client, "/account/password")
    differ = client.post("/account/password", data={"csrf": token, "current": PASSWORD, "new": "a" * 14,
                                                     "repeat": "b" * 14})
    assert differ.status_code == 400 and "不一致" in differ.text
    wrong = client.post("/account/password", data={"csrf": token, "current": "nope" * 4, "new": "a" * 14,
                                                    "repeat": "a" * 14})
    assert wrong.status_code == 400 and "current password is not right" in wrong.text
    done = client.post("/account/password", data={"csrf": token, "current": PASSWORD, "new": "a new secret phrase",
                                                   "repeat": "a new secret phrase"})
    assert done.status_code == 200 and "密码已修改" in done.text
    client.post("/logout", data={"csrf": _token(client, "/")})
    assert _sign_in(client, "changer.user") == 401
    assert _sign_in(client, "changer.user", "a new secret phrase") == 303


@pytest.mark.parametrize("path", ["/", "/login", "/static/portal.css", "/no/such/page", "/lang/en"])
def test_security_headers_on_every_response(client: TestClient, path: str) -> None:
    headers = client.get(path).headers
    csp = headers["content-security-policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    assert headers["x-content-type-options"] == "nosniff" and headers["x-frame-options"] == "DENY"


def test_pages_have_no_inline_script_or_style(client: TestClient) -> None:
    assert _sign_in(client, "admin.user") == 303
    for path in ("/", "/login", "/account/password"):
        page = client.get(path).text
        assert "<script" not in page and "style=" not in page and "<style" not in page, path


def test_the_session_cookie_is_httponly_and_samesite(url: str) -> None:
    plain = TestClient(create_app(url=url, key="k" * 48))
    cookie = plain.get("/login").headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "secure" not in cookie
    secure = TestClient(create_app(url=url, key="k" * 48, https_only=True))
    assert "secure" in secure.get("/login").headers["set-cookie"].lower()


def test_english_on_request(client: TestClient) -> None:
    assert client.get("/lang/en").status_code == 303
    assert "Sign in" in client.get("/login").text
    assert client.get("/lang/fr").status_code == 404


@pytest.mark.parametrize("path", ["/static/../web.py", "/static/%2e%2e/web.py", "/static/..%2fweb.py",
                                  "/static/templates/base.html"])
def test_static_files_stay_in_their_folder(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404 and "create_app" not in response.text


def test_the_session_key_is_made_once_and_kept_private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONTRACTS_HOME", str(tmp_path))
    monkeypatch.delenv("CONTRACTS_SECRET_KEY", raising=False)
    key = secret_key()
    assert len(key) >= 48 and secret_key() == key
    assert stat.S_IMODE((tmp_path / "portal.key").stat().st_mode) == 0o600
    monkeypatch.setenv("CONTRACTS_SECRET_KEY", "from the environment")
    assert secret_key() == "from the environment"


def test_a_review_shows_the_verdict_and_groups_findings_of_one_kind(client: TestClient) -> None:
    assert _sign_in(client, "requester.user") == 303
    review_id = _upload(client, "合同.txt", CONTRACT)
    page = client.get(f"/reviews/{review_id}").text
    assert "审阅报告" in page and "合同.txt" in page and "阻断问题" in page
    assert "或裁或审" in page  # the 或裁或审 warning, from the same reviewer the CLI runs
    blanks = re.findall(r"<summary>.*?</summary>", page, flags=re.S)
    assert any("2 处" in b for b in blanks), blanks  # the two blanks to fill, one group
    assert f'href="/reviews/{review_id}"' in client.get("/review").text  # in the list of my reviews


def test_a_review_is_read_by_its_owner_and_the_approvers_only(url: str, requesters_review: int) -> None:
    other = TestClient(create_app(url=url, key="k" * 48), follow_redirects=False)
    assert _sign_in(other, "other.user") == 303
    assert other.get(f"/reviews/{requesters_review}").status_code == 403
    assert other.get("/reviews/999999").status_code == 404
    assert other.get("/reviews/abc").status_code == 404


def test_uploads_are_checked_before_they_are_reviewed(client: TestClient) -> None:
    assert _sign_in(client, "requester.user") == 303
    forged = client.post("/review", data={"csrf": "forged"}, files={"document": ("a.txt", CONTRACT, "text/plain")})
    assert forged.status_code == 403
    junk = client.post("/review", data={"csrf": _token(client, "/review")},
                       files={"document": ("../../etc/x.docx", b"PK\x03\x04 not a zip at all", "application/zip")})
    assert junk.status_code == 400 and "x.docx: " in junk.text and "files/" not in junk.text
    assert not path_of(hashlib.sha256(b"PK\x03\x04 not a zip at all").hexdigest()).exists()  # not kept
    big = client.post("/review", content=b"x", headers={"content-length": str(60 * 1024 * 1024),
                                                          "content-type": "multipart/form-data; boundary=b"})
    assert big.status_code == 413 and "50 MB" in big.text
    empty = client.post("/review", data={"csrf": _token(client, "/review")})
    assert empty.status_code == 400


def test_an_uploaded_name_is_only_a_name() -> None:
    from portal.reviews import shown_name

    assert shown_name("../../etc/passwd") == "passwd"
    assert shown_name("C:\\Users\\li\\合同.docx") == "合同.docx"
    assert shown_name("evil\u202egnp.docx") == "document"
    assert shown_name("") == "document"


def test_the_language_switch_returns_to_the_page_but_never_to_another_site(client: TestClient) -> None:
    assert client.get("/lang/en?next=/account/password").headers["location"] == "/account/password"
    for elsewhere in ("//evil.example/x", "https://evil.example/", "/a/../b", "/x?y=1", ""):
        assert client.get("/lang/zh", params={"next": elsewhere}).headers["location"] == "/", elsewhere
    assert "/lang/en?next=/login" in client.get("/login").text.replace("%2F", "/")  # Chinese now: the switch to English


def test_the_report_names_the_kind_in_words(client: TestClient) -> None:
    assert _sign_in(client, "admin.user") == 303
    client.get("/lang/zh")
    page = client.get(f"/reviews/{_upload(client, 'c.txt', CONTRACT)}").text
    assert "信息技术外包服务合同" in page or "外包服务合同（外包类型不确定）" in page


def test_the_admin_forbids_command_line_sign_offs_on_the_shared_ledger(client: TestClient) -> None:
    from signoff.ledger import command_line_allowed

    assert _sign_in(client, "admin.user") == 303
    page = client.get("/admin").text
    assert "禁止命令行录入" in page and "requester.user" in page
    assert client.post("/admin/command-line", data={"csrf": "forged", "command_line": "forbidden"}).status_code == 403
    token = _token(client, "/admin")
    assert client.post("/admin/command-line", data={"csrf": token, "command_line": "maybe"}).status_code == 400
    assert client.post("/admin/command-line", data={"csrf": token, "command_line": "forbidden"}).status_code == 303
    assert not command_line_allowed()
    assert client.post("/admin/command-line", data={"csrf": token, "command_line": "allowed"}).status_code == 303
    assert command_line_allowed()


def test_signing_out_or_a_new_password_ends_copied_sessions(url: str) -> None:
    first = TestClient(create_app(url=url, key="k" * 48), follow_redirects=False)
    assert _sign_in(first, "sessions.user") == 303
    copied = TestClient(create_app(url=url, key="k" * 48), follow_redirects=False)
    copied.cookies.update(first.cookies)  # a stolen or copied session cookie
    assert copied.get("/").status_code == 200
    assert first.post("/logout", data={"csrf": _token(first, "/")}).status_code == 303
    assert copied.get("/").headers.get("location") == "/login"  # over with the sign-out, not in 8 hours
    a, b = (TestClient(create_app(url=url, key="k" * 48), follow_redirects=False) for _ in range(2))
    assert _sign_in(a, "sessions.user") == 303 and _sign_in(b, "sessions.user") == 303
    changed = a.post("/account/password", data={"csrf": _token(a, "/account/password"), "current": PASSWORD,
                                                "new": "another secret phrase", "repeat": "another secret phrase"})
    assert changed.status_code == 200
    assert a.get("/").status_code == 200 and b.get("/").headers.get("location") == "/login"
