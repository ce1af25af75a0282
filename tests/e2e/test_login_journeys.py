"""In a real headless Chromium: each role logs in and lands on its own start page."""

import pytest
from selenium.webdriver.common.by import By

from tests.e2e.helpers import fill, login, submit, totp_now
from tests.factories import PASSWORD, TOTP_SECRET

pytestmark = pytest.mark.e2e


def test_coordinator_logs_in_with_two_factor_and_lands_in_the_admin(browser, live_server, alice):
    login(browser, live_server.url, alice.email, PASSWORD)
    assert "/konto/2fa/authenticate/" in browser.current_url
    fill(browser, "code", totp_now(TOTP_SECRET))
    submit(browser)
    assert browser.current_url == f"{live_server.url}/admin/"
    assert "Wegbegleitung – Verwaltung" in browser.page_source


def test_volunteer_logs_in_and_lands_in_the_portal(browser, live_server, volunteer):
    login(browser, live_server.url, volunteer.email, PASSWORD)
    assert browser.current_url == f"{live_server.url}/portal/"
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("Hallo")


def test_wrong_password_is_answered_in_german(browser, live_server, volunteer):
    login(browser, live_server.url, volunteer.email, "falsch-falsch")
    assert "/konto/login/" in browser.current_url
    assert "nicht korrekt" in browser.page_source or "falsch" in browser.page_source


def test_anonymous_is_sent_to_login(browser, live_server, db):
    browser.get(f"{live_server.url}/admin/")
    assert "/konto/login/" in browser.current_url
    assert browser.find_element(By.NAME, "login")
