"""In real Chromium: a coordinator takes a request from the suggestions to an active match; the
volunteer confirms the agreement and logs a meeting from a phone-sized window."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone
from selenium.webdriver.common.by import By

from matching import services
from matching.models import Begleitung, Partei, Treffen
from tests.e2e.helpers import and_wait, fill, log_in_as
from tests.matching.factories import make_anfrage, make_mentor

pytestmark = pytest.mark.e2e


def _click(browser, text):
    and_wait(browser, browser.find_element(By.PARTIAL_LINK_TEXT, text))


def _save(browser):
    and_wait(browser, browser.find_element(By.CSS_SELECTOR, "#content-main form [type=submit]"))


def test_from_suggestion_to_active_match_and_a_logged_meeting(
    live_server, browser, alice, staff_a, einrichtung_a, region_a, settings, tmp_path
):
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    anfrage = make_anfrage(einrichtung_a, vorname="Malik")
    mentor = make_mentor(region_a, email="mara@example.org", first_name="Mara", last_name="Berg")
    base = live_server.url

    # the coordinator opens the request's suggestions and proposes Mara
    log_in_as(browser, base, alice)
    browser.get(base + reverse("admin:matching_vermittlung_change", args=[anfrage.pk]))
    card = browser.find_element(By.ID, f"vorschlag-{mentor.pk}")
    assert "Mara Berg" in card.text and "Gemeinsame Interessen" in card.text
    assert "1 von 2: fußball" in card.text
    and_wait(browser, card.find_element(By.CSS_SELECTOR, "input[type=submit]"))
    assert "Die Begleitung wurde vorgeschlagen." in browser.page_source
    begleitung = Begleitung.objects.get()

    # introduction meeting: both say yes; on to the agreement
    _click(browser, "Kennenlernen dokumentieren")
    # the meeting took place after the proposal (a fixed date would drift out of the rule that a
    # meeting cannot precede the proposal by months)
    fill(browser, "datum", timezone.localdate().isoformat())
    fill(browser, "teilnehmende", "Mara, Malik, Bezugsbetreuerin")
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
    fill(browser, "name", "Malik")
    _save(browser)
    services.vereinbarung_confirm(
        acting_user=staff_a, begleitung=begleitung, partei=Partei.EINRICHTUNG
    )

    # the volunteer confirms the agreement on the phone
    browser.set_window_size(390, 844)
    log_in_as(browser, base, mentor.user)
    browser.get(base + reverse("portal:start"))
    _click(browser, "Meine Begleitung")
    assert "Malik" in browser.page_source
    and_wait(browser, browser.find_element(By.ID, "confirm-agreement"))
    assert "Sie haben die Vereinbarung bestätigt" in browser.page_source

    # the coordinator activates
    browser.set_window_size(1280, 900)
    log_in_as(browser, base, alice)
    browser.get(base + reverse("admin:matching_begleitung_change", args=[begleitung.pk]))
    _click(browser, "Aktivieren")
    _save(browser)
    assert Begleitung.objects.get().status == Begleitung.Status.AKTIV
    assert "Aktiv" in browser.page_source

    # the volunteer logs a meeting from the phone
    browser.set_window_size(390, 844)
    log_in_as(browser, base, mentor.user)
    browser.get(base + reverse("matching:portal"))
    _click(browser, "Treffen eintragen")
    concern = browser.find_element(By.NAME, "sorge_text")
    assert not concern.is_displayed()  # shown only when "something worried me" is ticked
    browser.find_element(By.NAME, "sorge").click()
    assert concern.is_displayed()
    browser.find_element(By.NAME, "sorge").click()
    fill(browser, "dauer_minuten", "90")
    browser.find_element(By.CSS_SELECTOR, "input[name=art][value=persoenlich]").click()
    fill(browser, "aktivitaet", "Fußball im Park")
    browser.find_element(By.CSS_SELECTOR, "input[name=stimmung][value=gut]").click()
    and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    assert "Das Treffen wurde eingetragen." in browser.page_source
    assert "Fußball im Park" in browser.page_source
    # nothing sticks out of the phone-sized page
    width = browser.execute_script("return document.documentElement.scrollWidth")
    assert width <= 390
    treffen = Treffen.objects.get()
    assert treffen.begleitung == begleitung and treffen.dauer_minuten == 90
