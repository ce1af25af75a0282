"""In real Chromium: staff invite a 16-year-old; on a phone-sized window (390×844) the young
person accepts the invitation, sets a password, fills wave 0 and takes back a consent; the
volunteer fills the paired wave; the research role downloads the export, in which the pair's two
rows share the match pseudonym."""

from __future__ import annotations

import csv
import io

import pytest
from selenium.webdriver.common.by import By

from einrichtungen.models import Einwilligung
from forschung.demo import CODE
from forschung.models import Welle
from tests.e2e.helpers import and_wait, fill, log_in_as, submit
from tests.einrichtungen.factories import consent_all
from tests.factories import PASSWORD, make_user
from tests.forschung.factories import consent, item_ids, published
from tests.matching.factories import make_active, make_anfrage, make_mentor
from wegbegleitung.models import Einladung
from wegbegleitung.roles import Role
from wegbegleitung.services.invitations import einladung_token

pytestmark = pytest.mark.e2e


def _choose(browser, item_id, value):
    radio = browser.find_element(By.CSS_SELECTOR, f'input[name="item_{item_id}"][value="{value}"]')
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", radio)
    radio.click()


def test_young_person_journey(live_server, browser, alice, staff_a, einrichtung_a, region_a,
                              settings, tmp_path):  # fmt: skip
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    base = live_server.url
    instrument = published(alice)
    ids = item_ids(instrument)
    mentor = make_mentor(region_a, email="mara@example.org", first_name="Mara", last_name="Berg")
    anfrage = make_anfrage(einrichtung_a, vorname="Malik", nachname="Sommer", sixteen=True)
    jugendliche = anfrage.jugendliche
    consent_all(jugendliche, Einwilligung.Inhaber.JUGENDLICHE)  # 16: own consent counts too
    match = make_active(alice, staff_a, anfrage, mentor)

    # staff invite Malik from his record
    browser.set_window_size(1200, 900)
    log_in_as(browser, base, staff_a)
    browser.get(f"{base}{jugendliche.get_absolute_url()}")
    and_wait(browser, browser.find_element(By.PARTIAL_LINK_TEXT, "Eigener Zugang"))
    fill(browser, "email", "malik@example.org")
    submit(browser)
    assert "Die Einladung wurde verschickt." in browser.page_source
    einladung = Einladung.objects.get(email="malik@example.org", role=Role.JUGENDLICHE)

    # Malik on his phone: the link from the mail, a password, his page
    browser.delete_all_cookies()
    browser.set_window_size(390, 844)
    browser.get(f"{base}/einladung/{einladung_token(einladung)}/")
    fill(browser, "first_name", "Malik")
    fill(browser, "last_name", "Sommer")
    fill(browser, "password1", PASSWORD)
    fill(browser, "password2", PASSWORD)
    submit(browser)
    assert "Hallo Malik!" in browser.page_source and "Mara" in browser.page_source
    assert browser.execute_script("return document.documentElement.scrollWidth") <= 390
    and_wait(browser, browser.find_element(By.PARTIAL_LINK_TEXT, "Loslegen"))
    for item_id, value in zip(ids, [5, 4, 1, 2, 3, 3], strict=True):
        _choose(browser, item_id, value)
    and_wait(browser, browser.find_element(By.NAME, "submit"))
    assert "Danke! Deine Antworten sind abgeschickt." in browser.page_source
    mentee = Welle.objects.get(begleitung=match, seite="mentee")
    # zusammenarbeit 5, 4, 6-1=5 -> 4.67; zuversicht 2, 3, 6-3=3 -> 2.67; total 22/6 -> 3.67
    assert mentee.scores["gesamt"] == "3.67"
    # he takes back his consent to the mentor in the help-plan conference
    line = browser.find_element(By.ID, "consent-hilfeplan")
    assert "gilt" in line.text
    and_wait(browser, line.find_element(By.NAME, "widerrufen"))
    assert "Du hast deine Einwilligung zurückgenommen." in browser.page_source
    assert "gilt nicht" in browser.find_element(By.ID, "consent-hilfeplan").text
    assert Einwilligung.objects.get(jugendliche=jugendliche, bereich="hilfeplan",
                                    inhaber="jugendliche").widerrufen_am is not None  # fmt: skip

    # the volunteer fills the paired wave
    consent(mentor)
    browser.set_window_size(1200, 900)
    log_in_as(browser, base, mentor.user)
    browser.get(f"{base}/studie/{match.pk}/{CODE}/0/")
    for item_id, value in zip(ids, [4, 5, 2, 3, 4, 1], strict=True):
        _choose(browser, item_id, value)
    and_wait(browser, browser.find_element(By.NAME, "submit"))
    assert Welle.objects.get(begleitung=match, seite="mentor").status == "abgeschlossen"

    # the research role downloads the export
    rita = make_user(Role.FORSCHUNG, email="rita@example.org")
    log_in_as(browser, base, rita)
    browser.get(f"{base}/forschung/")
    assert "Zusammenarbeit und Zuversicht" in browser.page_source
    link = browser.find_element(By.CSS_SELECTOR, f'a[href="/forschung/{instrument.pk}/daten.csv"]')
    text = browser.execute_async_script(
        "fetch(arguments[0]).then(r => r.text()).then(arguments[1]);", link.get_attribute("href")
    )
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert sorted(r["side"] for r in rows) == ["mentee", "mentor"]
    assert rows[0]["match"] == rows[1]["match"] and rows[0]["person"] != rows[1]["person"]
    assert "Malik" not in text and "Mara" not in text and "@" not in text
