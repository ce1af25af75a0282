"""In real Chromium (issue 11 §5): a volunteer in a match logs a meeting from the portal start on a
phone-sized window; facility staff reach "Hilfeplangespräch erfassen" from the staff area start."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from selenium.webdriver.common.by import By

from matching.models import Treffen
from tests.e2e.helpers import and_wait, fill, log_in_as
from tests.einrichtungen.factories import HilfeplangespraechFactory, JugendlicheFactory
from tests.matching.factories import make_active, make_anfrage, make_mentor

pytestmark = pytest.mark.e2e


def test_volunteer_in_a_match_logs_a_meeting_from_the_start_page_on_a_phone(
    live_server, browser, alice, staff_a, einrichtung_a, region_a, settings, tmp_path
):
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    mentor = make_mentor(region_a, email="mara@example.org", first_name="Mara")
    begleitung = make_active(alice, staff_a, make_anfrage(einrichtung_a, vorname="Malik"), mentor)
    base = live_server.url
    browser.set_window_size(390, 844)
    log_in_as(browser, base, mentor.user)
    browser.get(base + reverse("portal:start"))
    assert "Ihre Begleitung mit Malik" in browser.page_source
    assert browser.find_element(By.ID, "status").text == "in Begleitung"
    assert not browser.find_elements(By.ID, "checklist-title")
    assert browser.execute_script("return document.documentElement.scrollWidth") <= 390
    button = browser.find_element(By.ID, "log-meeting")
    assert button.text == "Treffen eintragen" and button.is_displayed()
    and_wait(browser, button)
    fill(browser, "dauer_minuten", "75")
    browser.find_element(By.CSS_SELECTOR, "input[name=art][value=persoenlich]").click()
    fill(browser, "aktivitaet", "Tischtennis im Jugendhaus")
    browser.find_element(By.CSS_SELECTOR, "input[name=stimmung][value=gut]").click()
    and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    assert "Das Treffen wurde eingetragen." in browser.page_source
    treffen = Treffen.objects.get()
    assert treffen.begleitung == begleitung and treffen.aktivitaet == "Tischtennis im Jugendhaus"
    # back on the start page the diary's last entry shows
    browser.get(base + reverse("portal:start"))
    today = timezone.localdate().strftime("%d.%m.%Y")
    assert f"letztes am {today}" in browser.find_element(By.CLASS_NAME, "next-meeting").text


def test_staff_reach_record_help_plan_conference_from_their_start_page(
    live_server, browser, staff_a, einrichtung_a
):
    jonas = JugendlicheFactory.create(einrichtung=einrichtung_a, vorname="Jonas")
    today = timezone.localdate()
    HilfeplangespraechFactory.create(
        jugendliche=jonas,
        datum=today - timedelta(days=170),
        naechste_ueberpruefung=today + timedelta(days=10),
    )
    base = live_server.url
    browser.set_window_size(1280, 900)
    log_in_as(browser, base, staff_a)
    browser.get(base + reverse("einrichtungen:start"))
    reviews = browser.find_element(By.ID, "todo-reviews")
    assert "Jonas" in reviews.text
    and_wait(browser, reviews.find_element(By.LINK_TEXT, "Hilfeplangespräch erfassen"))
    expected = reverse("einrichtungen:hilfeplangespraech_create", args=[jonas.pk])
    assert browser.current_url == base + expected
    assert browser.find_element(By.NAME, "datum").is_displayed()
