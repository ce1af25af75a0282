"""Small helpers for the browser journeys."""

from __future__ import annotations

import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings
from django.test import Client
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait


def totp_now(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def fill(driver: WebDriver, name: str, value: str) -> None:
    """Type ``value`` into the field called ``name``; a date field gets its ISO value set directly
    (typing into it depends on the browser's locale)."""
    field = driver.find_element(By.NAME, name)
    if field.get_attribute("type") == "date":
        driver.execute_script("arguments[0].value = arguments[1];", field, value)
        return
    field.clear()
    field.send_keys(value)


def log_in_as(driver: WebDriver, base: str, user: object) -> None:
    """Start the browser's session as ``user`` (skipping the login form and its second factor,
    which the login journeys test on their own)."""
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    driver.get(f"{base}/")
    driver.delete_all_cookies()
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    driver.add_cookie({"name": settings.SESSION_COOKIE_NAME, "value": cookie})


def and_wait(driver: WebDriver, element: WebElement) -> None:
    """Click ``element`` and wait until the next page has replaced this one and finished loading."""
    driver.execute_script("window.wbOldPage = true;")
    element.click()
    WebDriverWait(driver, 15).until(
        lambda d: d.execute_script(
            "return window.wbOldPage === undefined && document.readyState === 'complete';"
        )
    )


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
