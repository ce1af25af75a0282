"""In real Chromium: a coordinator takes a request from the suggestions to an active match; the
volunteer confirms the agreement and logs a meeting from a phone-sized window."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from matching import services
from matching.models import Begleitung, Partei, Treffen
from tests.matching.factories import make_anfrage, make_mentor

pytestmark = pytest.mark.e2e


def _as(browser, base, user):
    client = Client()
    client.force_login(user)
    browser.get(f"{base}/")
    browser.delete_all_cookies()
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    browser.add_cookie({"name": settings.SESSION_COOKIE_NAME, "value": cookie})


def _and_wait(browser, element):
    browser.execute_script("window.wbOldPage = true;")
    element.click()
    WebDriverWait(browser, 15).until(
        lambda b: b.execute_script(
            "return window.wbOldPage === undefined && document.readyState === 'complete';"
        )
    )


def _click(browser, text):
    _and_wait(browser, browser.find_element(By.PARTIAL_LINK_TEXT, text))


def _fill(browser, name, value):
    field = browser.find_element(By.NAME, name)
    if field.get_attribute("type") == "date":
        browser.execute_script("arguments[0].value = arguments[1];", field, value)
    else:
        field.clear()
        field.send_keys(value)


def _save(browser):
    _and_wait(browser, browser.find_element(By.CSS_SELECTOR, "#content-main form [type=submit]"))


def test_from_suggestion_to_active_match_and_a_logged_meeting(
    live_server, browser, alice, staff_a, einrichtung_a, region_a, settings, tmp_path
):
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    anfrage = make_anfrage(einrichtung_a, vorname="Malik")
    mentor = make_mentor(region_a, email="mara@example.org", first_name="Mara", last_name="Berg")
    base = live_server.url

    # the coordinator opens the request's suggestions and proposes Mara
    _as(browser, base, alice)
    browser.get(base + reverse("admin:matching_vermittlung_change", args=[anfrage.pk]))
    card = browser.find_element(By.ID, f"vorschlag-{mentor.pk}")
    assert "Mara Berg" in card.text and "Gemeinsame Interessen" in card.text
    assert "1 von 2: fußball" in card.text
    _and_wait(browser, card.find_element(By.CSS_SELECTOR, "input[type=submit]"))
    assert "Die Begleitung wurde vorgeschlagen." in browser.page_source
    begleitung = Begleitung.objects.get()

    # introduction meeting: both say yes; on to the agreement
    _click(browser, "Kennenlernen dokumentieren")
    # the meeting took place after the proposal (a fixed date would drift out of the rule that a
    # meeting cannot precede the proposal by months)
    _fill(browser, "datum", timezone.localdate().isoformat())
    _fill(browser, "teilnehmende", "Mara, Malik, Bezugsbetreuerin")
    for name in ("zusage_wegbegleiter", "zusage_jugendliche"):
        browser.find_element(By.CSS_SELECTOR, f"select[name={name}] option[value=ja]").click()
    _save(browser)
    _click(browser, "Weiter zur Vereinbarung")
    _save(browser)
    assert Begleitung.objects.get().status == Begleitung.Status.VEREINBARUNG
    _click(browser, "Vereinbarung schreiben")
    assert "Keine Treffen in der Wohnung" in browser.page_source  # the default rules
    _save(browser)
    _click(browser, "Für die Koordination bestätigen")
    _save(browser)
    _click(browser, "Bestätigung der:des Jugendlichen erfassen")
    _fill(browser, "name", "Malik")
    _save(browser)
    services.vereinbarung_confirm(
        acting_user=staff_a, begleitung=begleitung, partei=Partei.EINRICHTUNG
    )

    # the volunteer confirms the agreement on the phone
    browser.set_window_size(390, 844)
    _as(browser, base, mentor.user)
    browser.get(base + reverse("portal:start"))
    _click(browser, "Meine Begleitung")
    assert "Malik" in browser.page_source
    _and_wait(browser, browser.find_element(By.ID, "confirm-agreement"))
    assert "Sie haben die Vereinbarung bestätigt" in browser.page_source

    # the coordinator activates
    browser.set_window_size(1280, 900)
    _as(browser, base, alice)
    browser.get(base + reverse("admin:matching_begleitung_change", args=[begleitung.pk]))
    _click(browser, "Aktivieren")
    _save(browser)
    assert Begleitung.objects.get().status == Begleitung.Status.AKTIV
    assert "Aktiv" in browser.page_source

    # the volunteer logs a meeting from the phone
    browser.set_window_size(390, 844)
    _as(browser, base, mentor.user)
    browser.get(base + reverse("matching:portal"))
    _click(browser, "Treffen eintragen")
    concern = browser.find_element(By.NAME, "sorge_text")
    assert not concern.is_displayed()  # shown only when "something worried me" is ticked
    browser.find_element(By.NAME, "sorge").click()
    assert concern.is_displayed()
    browser.find_element(By.NAME, "sorge").click()
    _fill(browser, "dauer_minuten", "90")
    browser.find_element(By.CSS_SELECTOR, "input[name=art][value=persoenlich]").click()
    _fill(browser, "aktivitaet", "Fußball im Park")
    browser.find_element(By.CSS_SELECTOR, "input[name=stimmung][value=gut]").click()
    _and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    assert "Das Treffen wurde eingetragen." in browser.page_source
    assert "Fußball im Park" in browser.page_source
    # nothing sticks out of the phone-sized page
    width = browser.execute_script("return document.documentElement.scrollWidth")
    assert width <= 390
    treffen = Treffen.objects.get()
    assert treffen.begleitung == begleitung and treffen.dauer_minuten == 90
