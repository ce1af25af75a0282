"""A young person reports a concern in a real Chromium, without an account."""

from __future__ import annotations

import pytest
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from schutzkonzept.models import Meldung


@pytest.mark.e2e
def test_a_young_person_sends_a_concern_without_login(live_server, browser, transactional_db):
    browser.get(f"{live_server.url}/schutz/sag-es-uns/")
    assert "116 111" in browser.page_source
    trap = browser.find_element(By.NAME, "website")
    assert not trap.is_displayed()  # hidden from people by the stylesheet, not inline styles
    browser.find_element(By.NAME, "description").send_keys(
        "Jemand in der Gruppe nimmt mir immer mein Handy weg und droht mir."
    )
    browser.find_element(By.CSS_SELECTOR, "#jugend-meldung button[type=submit]").click()
    WebDriverWait(browser, 15, ignored_exceptions=[WebDriverException]).until(
        lambda driver: "Danke" in driver.find_element(By.TAG_NAME, "h1").text
    )
    meldung = Meldung.objects.get()
    assert meldung.kanal == Meldung.Kanal.JUGENDLICHE and meldung.reporter is None
    assert "Handy" in meldung.description
