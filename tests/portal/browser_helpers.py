"""What the browser tests share: Debian's headless Chromium driven by its own chromedriver (Selenium), the skip
when they are not installed, a free loopback port, signing in, waiting for a page's words, and screenshots into
$CONTRACTS_SCREENSHOTS (or the test's temporary folder): to look at, not assertions."""

from __future__ import annotations

import os
import shutil
import socket
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.chrome.webdriver import WebDriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

__all__ = ["CHROMEDRIVER", "CHROMIUM", "NEEDS_CHROMIUM", "PASSWORD", "By", "WebDriver", "absent", "free_port", "shot",
           "sign_in", "start_chromium", "wait_for"]

CHROMIUM, CHROMEDRIVER = shutil.which("chromium"), shutil.which("chromedriver")
NEEDS_CHROMIUM = pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER),
                                    reason="Debian's chromium and chromium-driver are not installed (scripts/setup.sh "
                                           "installs them as root)")
PASSWORD = "correct horse battery"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_chromium() -> WebDriver:
    """Headless Chromium in Chinese, 1100×800, waiting up to 5 s for an element to appear; quit it when done."""
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1100,800",
                "--lang=zh-CN"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    driver.implicitly_wait(5)
    return driver


def shot(driver: WebDriver, tmp_path: Path, name: str, *, full_page: bool = False) -> None:
    """Save a screenshot of the window as ``name``.png; of the whole page when ``full_page`` (the window made as
    tall as the page, up to 5000 pixels, and scrolled to its top for the shot)."""
    folder = Path(os.environ.get("CONTRACTS_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    if not full_page:
        driver.save_screenshot(str(folder / f"{name}.png"))
        return
    size = driver.get_window_size()
    page, inner = driver.execute_script("window.scrollTo(0, 0); "
                                        "return [document.documentElement.scrollHeight, window.innerHeight]")
    driver.set_window_size(size["width"], min(max(size["height"] - int(inner) + int(page), size["height"]), 5000))
    try:
        driver.save_screenshot(str(folder / f"{name}.png"))
    finally:
        driver.set_window_size(size["width"], size["height"])


def absent(d: WebDriver, css: str) -> bool:
    """Whether no element matches ``css`` now (without the implicit wait for one to appear)."""
    d.implicitly_wait(0)
    try:
        return not d.find_elements(By.CSS_SELECTOR, css)
    finally:
        d.implicitly_wait(5)


def wait_for(d: WebDriver, css: str, words: str, timeout: float = 10) -> str:
    """The text of the element ``css`` once it holds ``words`` (a click's page load is not waited for by itself)."""
    # while the next page loads, the element may be missing, stale or of the old document: try again
    wait = WebDriverWait(d, timeout, ignored_exceptions=(WebDriverException,))
    wait.until(lambda drv: words in drv.find_element(By.CSS_SELECTOR, css).text)
    return str(d.find_element(By.CSS_SELECTOR, css).text)


def sign_in(d: WebDriver, base: str, username: str, name: str) -> None:
    """Sign in as ``username`` on the portal at ``base`` and wait for their page (headed by ``name``)."""
    d.get(base + "/login")
    d.find_element(By.NAME, "username").send_keys(username)
    d.find_element(By.NAME, "password").send_keys(PASSWORD)
    d.find_element(By.CSS_SELECTOR, "form.card button").click()
    wait_for(d, "h1", name)
