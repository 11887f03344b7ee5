"""The portal in a real browser: Debian's headless Chromium, driven by its own chromedriver (Selenium), against
`contracts serve`'s application on loopback. A person signs in, reads their page in Chinese and in English,
changes their password and signs out. Screenshots of each page go to $CONTRACTS_SCREENSHOTS (or the test's
temporary folder): to look at, not assertions."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from portal.accounts import add_account
from portal.web import create_app

CHROMIUM, CHROMEDRIVER = shutil.which("chromium"), shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER),
                                reason="Debian's chromium and chromium-driver are not installed (scripts/setup.sh "
                                       "installs them as root)")
PASSWORD = "correct horse battery"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The portal on a loopback port, in a thread, over a database with one legal account."""
    url = f"sqlite:///{tmp_path_factory.mktemp('portal') / 'portal.sqlite3'}"
    add_account("li.na", "李娜", ["legal", "requester"], PASSWORD, url=url)
    add_account("wang.fw", "王法务", ["legal"], PASSWORD, url=url)
    port = _free_port()
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
def browser() -> Iterator[object]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1100,800",
                "--lang=zh-CN"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    driver.implicitly_wait(5)
    yield driver
    driver.quit()


def _shot(driver: object, tmp_path: Path, name: str) -> None:
    folder = Path(os.environ.get("CONTRACTS_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(folder / f"portal-{name}.png"))  # type: ignore[attr-defined]


def _wait_for(d: object, css: str, words: str) -> str:
    """The text of the element ``css`` once it holds ``words`` (a click's page load is not waited for by itself)."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    # while the next page loads, the element may be missing, stale or of the old document: try again
    wait = WebDriverWait(d, 10, ignored_exceptions=(WebDriverException,))
    wait.until(lambda drv: words in drv.find_element(By.CSS_SELECTOR, css).text)  # type: ignore[attr-defined]
    return str(d.find_element(By.CSS_SELECTOR, css).text)  # type: ignore[attr-defined]


def test_a_person_signs_in_changes_their_password_and_signs_out(portal: str, browser: object, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    d = browser
    d.get(portal + "/")  # type: ignore[attr-defined]
    assert d.current_url.endswith("/login") and d.title.startswith("登录")  # type: ignore[attr-defined]
    _shot(d, tmp_path, "1-sign-in")
    d.find_element(By.NAME, "username").send_keys("li.na")  # type: ignore[attr-defined]
    d.find_element(By.NAME, "password").send_keys("wrong password here")  # type: ignore[attr-defined]
    d.find_element(By.CSS_SELECTOR, "form.card button").click()  # type: ignore[attr-defined]
    _wait_for(d, ".problem", "用户名或密码不正确")
    _shot(d, tmp_path, "2-wrong-password")
    d.find_element(By.NAME, "password").send_keys(PASSWORD)  # type: ignore[attr-defined]
    d.find_element(By.CSS_SELECTOR, "form.card button").click()  # type: ignore[attr-defined]
    _wait_for(d, "h1", "李娜")
    page = d.find_element(By.TAG_NAME, "main").text  # type: ignore[attr-defined]
    assert "法务" in page and "业务申请人" in page and "年" in page
    _shot(d, tmp_path, "3-home-zh")
    d.find_element(By.LINK_TEXT, "English").click()  # type: ignore[attr-defined]
    _wait_for(d, "main", "Legal")
    _shot(d, tmp_path, "4-home-en")
    d.find_element(By.LINK_TEXT, "Change password").click()  # type: ignore[attr-defined]
    for name, value in (("current", PASSWORD), ("new", "a new secret phrase"), ("repeat", "a new secret phrase")):
        d.find_element(By.NAME, name).send_keys(value)  # type: ignore[attr-defined]
    d.find_element(By.CSS_SELECTOR, "form.card button").click()  # type: ignore[attr-defined]
    _wait_for(d, ".done", "Password changed")
    _shot(d, tmp_path, "5-password-changed")
    d.find_element(By.CSS_SELECTOR, "header form button").click()  # type: ignore[attr-defined]
    _wait_for(d, "h1", "Sign in")
    d.get(portal + "/")  # type: ignore[attr-defined]
    assert d.current_url.endswith("/login")  # type: ignore[attr-defined]
    cookies = {c["name"]: c for c in d.get_cookies()}  # type: ignore[attr-defined]
    assert cookies["contracts_session"]["httpOnly"] is True


def test_a_reviewer_uploads_a_contract_and_reads_the_report(portal: str, browser: object, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    d = browser
    contract = tmp_path / "供应商合同.txt"
    contract.write_text("技术服务合同\n合同编号：T-2026-0009\n甲方：北京示例科技股份有限公司\n乙方：____________\n"
                        "第一条 服务内容\n乙方向甲方提供运维服务，服务费为人民币____元。\n第二条 争议解决\n"
                        "双方可以向北京仲裁委员会申请仲裁，也可以向甲方住所地人民法院提起诉讼。\n", encoding="utf-8")
    d.get(portal + "/login")  # type: ignore[attr-defined]
    d.find_element(By.NAME, "username").send_keys("wang.fw")  # type: ignore[attr-defined]
    d.find_element(By.NAME, "password").send_keys(PASSWORD)  # type: ignore[attr-defined]
    d.find_element(By.CSS_SELECTOR, "form.card button").click()  # type: ignore[attr-defined]
    _wait_for(d, "h1", "王法务")
    d.get(portal + "/lang/zh")  # type: ignore[attr-defined]  # the language chosen before stays with the browser
    d.get(portal + "/review")  # type: ignore[attr-defined]
    d.find_element(By.NAME, "document").send_keys(str(contract))  # type: ignore[attr-defined]
    _shot(d, tmp_path, "6-review-upload")
    d.find_element(By.CSS_SELECTOR, "form.card button").click()  # type: ignore[attr-defined]
    verdict = _wait_for(d, ".verdict", "阻断问题")
    page = d.find_element(By.TAG_NAME, "main").text  # type: ignore[attr-defined]
    assert "供应商合同.txt" in page and "或裁或审" in page, page
    _shot(d, tmp_path, "7-review-report")
    assert verdict.endswith("个阻断问题")
