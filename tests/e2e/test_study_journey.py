"""In real Chromium on a phone-sized window: a volunteer in a running match agrees to take part
in the study, fills half of wave 0, saves, comes back and sends it; the scores are stored."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from forschung.models import Welle
from tests.forschung.factories import item_ids, published
from tests.matching.factories import make_active, make_anfrage, make_mentor

pytestmark = pytest.mark.e2e


def _as(browser, base, user):
    client = Client()
    client.force_login(user)
    browser.get(f"{base}/")
    browser.delete_all_cookies()
    browser.add_cookie(
        {
            "name": settings.SESSION_COOKIE_NAME,
            "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        }
    )


def _and_wait(browser, element):
    browser.execute_script("window.wbOldPage = true;")
    element.click()
    WebDriverWait(browser, 15).until(
        lambda b: b.execute_script(
            "return window.wbOldPage === undefined && document.readyState === 'complete';"
        )
    )


def _choose(browser, item_id, value):
    radio = browser.find_element(By.CSS_SELECTOR, f'input[name="item_{item_id}"][value="{value}"]')
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", radio)
    radio.click()


def test_volunteer_takes_part_saves_and_sends_wave_zero(
    live_server, browser, alice, staff_a, einrichtung_a, region_a, settings, tmp_path
):
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    instrument = published(alice)
    mentor = make_mentor(region_a, email="mara@example.org", first_name="Mara", last_name="Berg")
    match = make_active(alice, staff_a, make_anfrage(einrichtung_a, vorname="Malik"), mentor)
    ids = item_ids(instrument)
    browser.set_window_size(400, 900)
    _as(browser, live_server.url, mentor.user)
    browser.get(f"{live_server.url}/portal/")
    _and_wait(browser, browser.find_element(By.PARTIAL_LINK_TEXT, "Über die Teilnahme entscheiden"))
    browser.find_element(By.NAME, "teilnahme").click()
    _and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    assert "Sie nehmen seit dem" in browser.page_source
    _and_wait(browser, browser.find_element(By.PARTIAL_LINK_TEXT, "Fragebogen ausfüllen"))
    _choose(browser, ids[0], 4)
    _choose(browser, ids[1], 5)
    _and_wait(browser, browser.find_element(By.NAME, "save"))
    assert "Gespeichert" in browser.page_source
    # later: back from the portal start, the saved answers are there
    browser.get(f"{live_server.url}/portal/")
    _and_wait(browser, browser.find_element(By.PARTIAL_LINK_TEXT, "Fragebogen fortsetzen"))
    checked = browser.find_element(By.CSS_SELECTOR, f'input[name="item_{ids[0]}"][value="4"]')
    assert checked.is_selected()
    for item_id, value in zip(ids[2:], [2, 3, 4, 1], strict=True):
        _choose(browser, item_id, value)
    _and_wait(browser, browser.find_element(By.NAME, "submit"))
    assert "Vielen Dank" in browser.page_source
    welle = Welle.objects.get(begleitung=match)
    # zusammenarbeit 4, 5, 6-2=4 -> 4.33; zuversicht 3, 4, 6-1=5 -> 4.00; total 25/6 -> 4.17
    assert welle.status == Welle.Status.ABGESCHLOSSEN
    assert welle.scores["gesamt"] == "4.17"
    assert welle.scores["subskalen"] == {"zusammenarbeit": "4.33", "zuversicht": "4.00"}
