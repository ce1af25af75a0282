"""Small helpers for the browser journeys."""

from __future__ import annotations

import time
from pathlib import Path
from urllib.parse import urlsplit

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
    # one page as the logged-in user first, as after a real login, so the browser holds its CSRF
    # cookie before the test's first page: without it, the form on that first page failed the
    # CSRF check now and then (403; a third of the runs of the keyboard diary test here)
    driver.get(f"{base}/")


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


# --- accessibility (axe-core, bundled with axe-selenium-python; no network) ----------------------

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_WIDTHS = (1280, 390)
AXE_FAILING_IMPACTS = {"serious", "critical"}
_AXE_SCRIPT: str | None = None


def _axe_source() -> str:
    global _AXE_SCRIPT
    if _AXE_SCRIPT is None:
        from axe_selenium_python.axe import _DEFAULT_SCRIPT

        _AXE_SCRIPT = Path(_DEFAULT_SCRIPT).read_text(encoding="utf-8")
    return _AXE_SCRIPT


def axe_violations(driver: WebDriver, exclude: tuple[str, ...] = ()) -> list[dict[str, object]]:
    """axe-core's WCAG 2.1 A/AA violations on the page as it is now, outside ``exclude``."""
    if not driver.execute_script("return typeof window.axe === 'object';"):
        driver.execute_script(_axe_source())
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "const context = arguments[1].length ? {exclude: arguments[1].map(s => [s])} : document;"
        "axe.run(context, arguments[0]).then(r => done(r.violations), e => done(String(e)));",
        options,
        list(exclude),
    )
    assert isinstance(result, list), f"axe failed: {result}"
    return result


def axe_check(
    driver: WebDriver, widths: tuple[int, ...] = AXE_WIDTHS, exclude: tuple[str, ...] = ()
) -> list[str]:
    """The serious and critical violations on the current page at each width, one line per
    element: width, rule id, impact, target selector and what axe says to fix."""
    problems: list[str] = []
    original = driver.get_window_size()
    try:
        for width in widths:
            driver.set_window_size(width, 900)
            shown = driver.execute_script("return window.innerWidth;")
            assert shown == width, f"the window is {shown} px wide, not {width}"
            for violation in axe_violations(driver, exclude):
                if violation["impact"] not in AXE_FAILING_IMPACTS:
                    continue
                for node in violation["nodes"]:  # type: ignore[attr-defined]
                    summary = " ".join(str(node.get("failureSummary", "")).split())[:200]
                    problems.append(
                        f"[{width}px] {violation['id']} ({violation['impact']}) "
                        f"{node['target']}: {summary}"
                    )
    finally:
        driver.set_window_size(original["width"], original["height"])
    return problems


_SKIP_SUFFIXES = (".pdf", ".csv", ".xlsx", ".ics", ".png", ".jpg", ".svg")
# Links that act, leave the site's pages, or start a download: never followed by the crawl.
_SKIP_URL_NAMES = {"account_logout", "set_language", "logout", "javascript-catalog"}


def crawl_key(url: str) -> str:
    """One page per view and set of query keys (the same view with another object looks alike)."""
    from django.urls import Resolver404, resolve

    parts = urlsplit(url)
    try:
        match = resolve(parts.path)
    except Resolver404:
        return url
    keys = sorted(k.split("=")[0] for k in parts.query.split("&") if k)
    return f"{match.route}|{match.url_name}|{','.join(keys)}"


def followable(url: str) -> bool:
    """A page of ours outside the admin that a GET only shows."""
    from django.urls import Resolver404, resolve

    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return False
    if parts.path.startswith(("/static/", "/media/", "/admin/", "/exporte/", "/i18n/")):
        return False
    if parts.path.endswith(_SKIP_SUFFIXES) or "/pdf/" in parts.path:
        return False
    try:
        return resolve(parts.path).url_name not in _SKIP_URL_NAMES
    except Resolver404:
        return False
