"""Small helpers for the browser journeys."""

from __future__ import annotations

import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait


def totp_now(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def fill(driver: WebDriver, name: str, value: str) -> None:
    field = driver.find_element(By.NAME, name)
    field.clear()
    field.send_keys(value)


def submit(driver: WebDriver, selector: str = "main form button[type=submit]") -> None:
    """Click the form's submit button and wait until the next page has replaced this one."""
    button = driver.find_element(By.CSS_SELECTOR, selector)
    button.click()
    WebDriverWait(driver, 15).until(lambda _driver: _replaced(button))


def _replaced(element: object) -> bool:
    """True once the element's page is gone. While Chromium swaps the document, asking the old
    node may fail with "does not belong to the document" instead of a stale reference: both
    mean the page was replaced."""
    try:
        return bool(expected_conditions.staleness_of(element)(None))  # type: ignore[arg-type]
    except WebDriverException:
        return True


def login(driver: WebDriver, base: str, email: str, password: str) -> None:
    driver.get(f"{base}/konto/login/")
    fill(driver, "login", email)
    fill(driver, "password", password)
    submit(driver)
