"""Reviews in processes of their own (`contracts serve --review-processes N`): the same report as in the web
process, and a file that cannot be read told as such, naming the uploaded name."""

from __future__ import annotations

import re

import pytest
from starlette.testclient import TestClient

from portal.accounts import add_account
from portal.web import create_app
from tests.databases import database_url

PASSWORD = "correct horse battery"
CONTRACT = ("技术服务合同\n合同编号：T-2026-0101\n甲方：北京示例科技股份有限公司\n乙方：____________\n"
            "第一条 服务内容\n乙方向甲方提供运维服务，服务费为人民币____元。\n").encode()


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> str:
    found = database_url(tmp_path_factory.mktemp('pool'))
    add_account("pool.user", "审阅人", ["requester"], PASSWORD, url=found)
    return found


def _signed_in(client: TestClient) -> str:
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text)
    assert token
    assert client.post("/login", data={"csrf": token.group(1), "username": "pool.user",
                                       "password": PASSWORD}).status_code == 303
    found = re.search(r'name="csrf" value="([^"]+)"', client.get("/review").text)
    assert found
    return found.group(1)


def _report(client: TestClient, token: str, name: str, data: bytes) -> tuple[int, str]:
    sent = client.post("/review", data={"csrf": token}, files={"document": (name, data, "application/octet-stream")})
    if sent.status_code != 303:
        return sent.status_code, sent.text
    page = client.get(sent.headers["location"]).text
    return 200, re.sub(r"/reviews/\d+", "/reviews/N", re.sub(r"/documents/\d+", "/documents/N", page))


def test_a_review_in_the_pool_reads_as_in_the_web_process(url: str) -> None:
    with TestClient(create_app(url=url, key="k" * 48, review_processes=1), follow_redirects=False) as pooled:
        token = _signed_in(pooled)
        in_pool = _report(pooled, token, "合同.txt", CONTRACT)
        junk = _report(pooled, token, "坏文件.docx", b"PK\x03\x04 not a zip")
    plain = TestClient(create_app(url=url, key="k" * 48), follow_redirects=False)
    in_thread = _report(plain, _signed_in(plain), "合同.txt", CONTRACT)
    strip = re.compile(r"审阅日期.*?</dd>|sha256 [0-9a-f]+|name=\"csrf\" value=\"[^\"]+\"", re.S)
    assert in_pool[0] == 200 and strip.sub("", in_pool[1]) == strip.sub("", in_thread[1])
    assert junk[0] == 400 and "坏文件.docx: " in junk[1]
