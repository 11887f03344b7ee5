"""The portal in a real browser: Debian's headless Chromium, driven by its own chromedriver (Selenium), against
`contracts serve`'s application on loopback. A person signs in, reads their page in Chinese and in English,
changes their password and signs out. Screenshots of each page go to $CONTRACTS_SCREENSHOTS (or the test's
temporary folder): to look at, not assertions."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from portal.accounts import add_account
from portal.web import create_app
from tests.databases import database_url
from tests.portal.browser_helpers import NEEDS_CHROMIUM, PASSWORD, By, WebDriver, free_port, start_chromium, wait_for
from tests.portal.browser_helpers import shot as _any_shot

pytestmark = NEEDS_CHROMIUM


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The portal on a loopback port, in a thread, over a database with one legal account."""
    url = database_url(tmp_path_factory.mktemp('portal'))
    add_account("li.na", "李娜", ["legal", "requester"], PASSWORD, url=url)
    add_account("wang.fw", "王法务", ["legal"], PASSWORD, url=url)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(url=url, key="k" * 48), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the portal did not start within 20 s")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
    driver = start_chromium()
    yield driver
    driver.quit()


def _shot(driver: WebDriver, tmp_path: Path, name: str) -> None:
    _any_shot(driver, tmp_path, f"portal-{name}")


def test_a_person_signs_in_changes_their_password_and_signs_out(portal: str, browser: WebDriver,
                                                                tmp_path: Path) -> None:
    d = browser
    d.get(portal + "/")
    assert d.current_url.endswith("/login") and d.title.startswith("登录")
    _shot(d, tmp_path, "1-sign-in")
    d.find_element(By.NAME, "username").send_keys("li.na")
    d.find_element(By.NAME, "password").send_keys("wrong password here")
    d.find_element(By.CSS_SELECTOR, "form.card button").click()
    wait_for(d, ".problem", "用户名或密码不正确")
    _shot(d, tmp_path, "2-wrong-password")
    d.find_element(By.NAME, "password").send_keys(PASSWORD)
    d.find_element(By.CSS_SELECTOR, "form.card button").click()
    wait_for(d, "h1", "李娜")
    page = d.find_element(By.TAG_NAME, "main").text
    assert "法务" in page and "业务申请人" in page and "年" in page
    _shot(d, tmp_path, "3-home-zh")
    d.find_element(By.LINK_TEXT, "English").click()
    wait_for(d, "main", "Legal")
    _shot(d, tmp_path, "4-home-en")
    d.find_element(By.LINK_TEXT, "Change password").click()
    for name, value in (("current", PASSWORD), ("new", "a new secret phrase"), ("repeat", "a new secret phrase")):
        d.find_element(By.NAME, name).send_keys(value)
    d.find_element(By.CSS_SELECTOR, "form.card button").click()
    wait_for(d, ".done", "Password changed")
    _shot(d, tmp_path, "5-password-changed")
    d.find_element(By.CSS_SELECTOR, "header form button").click()
    wait_for(d, "h1", "Sign in")
    d.get(portal + "/")
    assert d.current_url.endswith("/login")
    cookies = {c["name"]: c for c in d.get_cookies()}
    assert cookies["contracts_session"]["httpOnly"] is True


def test_a_reviewer_uploads_a_contract_and_reads_the_report(portal: str, browser: WebDriver, tmp_path: Path) -> None:
    d = browser
    contract = tmp_path / "供应商合同.txt"
    contract.write_text("技术服务合同\n合同编号：T-2026-0009\n甲方：北京示例科技股份有限公司\n乙方：____________\n"
                        "第一条 服务内容\n乙方向甲方提供运维服务，服务费为人民币____元。\n第二条 争议解决\n"
                        "双方可以向北京仲裁委员会申请仲裁，也可以向甲方住所地人民法院提起诉讼。\n", encoding="utf-8")
    d.get(portal + "/login")
    d.find_element(By.NAME, "username").send_keys("wang.fw")
    d.find_element(By.NAME, "password").send_keys(PASSWORD)
    d.find_element(By.CSS_SELECTOR, "form.card button").click()
    wait_for(d, "h1", "王法务")
    d.get(portal + "/lang/zh")  # the language chosen before stays with the browser
    d.get(portal + "/review")
    d.find_element(By.NAME, "document").send_keys(str(contract))
    _shot(d, tmp_path, "6-review-upload")
    d.find_element(By.CSS_SELECTOR, "form.card button").click()
    verdict = wait_for(d, ".verdict", "阻断问题")
    page = d.find_element(By.TAG_NAME, "main").text
    assert "供应商合同.txt" in page and "或裁或审" in page, page
    _shot(d, tmp_path, "7-review-report")
    assert verdict.endswith("个阻断问题")
