"""In real Chromium: a coordinator opens the import from "Alle Bereiche", uploads the sample file
of volunteers, reads the preview, confirms, and finds the volunteers in the changelist."""

from __future__ import annotations

from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from tests.e2e.helpers import fill, login, submit, totp_now
from tests.factories import PASSWORD, TOTP_SECRET
from wegbegleitung.models import Wegbegleiter

pytestmark = pytest.mark.e2e
SAMPLE = Path(__file__).resolve().parents[2] / "uebernahme" / "samples" / "wegbegleiter.csv"


def test_a_coordinator_imports_volunteers_through_the_admin(browser, live_server, alice):
    base = live_server.url
    browser.set_window_size(1280, 1000)
    login(browser, base, alice.email, PASSWORD)
    fill(browser, "code", totp_now(TOTP_SECRET))
    submit(browser)
    browser.get(f"{base}/admin/uebersicht/")
    submit(browser, "a#uebernahme")  # "Aus Tabelle übernehmen"
    assert browser.find_element(By.TAG_NAME, "h1").text == "Aus Tabelle übernehmen"
    Select(browser.find_element(By.NAME, "art")).select_by_visible_text("Wegbegleiter:innen")
    Select(browser.find_element(By.NAME, "region")).select_by_visible_text("Rhein-Main (DE)")
    browser.find_element(By.NAME, "datei").send_keys(str(SAMPLE))
    submit(browser, "#vorschau-zeigen")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Vorschau der Übernahme"
    summary = browser.find_element(By.ID, "zusammenfassung").text
    assert summary == (
        "Wegbegleiter:innen nach Rhein-Main: 3 neu anzulegen, 0 schon vorhanden, 0 abgelehnt."
    )
    rows = browser.find_elements(By.CSS_SELECTOR, "#vorschau tbody tr")
    assert [r.find_elements(By.TAG_NAME, "td")[1].text for r in rows] == ["wird angelegt"] * 3
    assert "übernommen als „In Prüfung“" in rows[2].text  # the file said "verfügbar"
    assert not Wegbegleiter.objects.exists()  # nothing written before the confirmation
    submit(browser, "#bestaetigen")
    assert "Übernommen: 3 angelegt, 0 schon vorhanden, 0 abgelehnt." in browser.page_source
    listing = browser.find_element(By.ID, "result_list").text
    for name in ["Lena", "Tarik", "Ruth"]:
        assert name in listing, name
    assert Wegbegleiter.objects.count() == 3
