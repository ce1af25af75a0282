"""In real Chromium: a staff member invited by email joins, sets up two-factor login, enters a
young person with consents, requests a mentor and records a help-plan conference shared with
the mentor."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import struct
import time
from urllib.parse import urlparse

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from guardian.shortcuts import assign_perm
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from einrichtungen.models import Anfrage, Jugendliche
from einrichtungen.selectors import hilfeplangespraeche_for_mentor, jugendliche_for_mentor
from einrichtungen.services import einrichtung_staff_invite
from tests.e2e.helpers import and_wait, fill
from tests.factories import make_user
from wegbegleitung.roles import Role

pytestmark = pytest.mark.e2e


@pytest.fixture
def lead_a(einrichtung_a):
    user = make_user(Role.EINRICHTUNG, einrichtung=einrichtung_a, email="lead-a@example.org")
    assign_perm("einrichtungen.invite_staff", user, einrichtung_a)
    return user


def totp(secret: str, at: float | None = None) -> str:
    """RFC 6238 with SHA-1, 30 s steps, 6 digits: what an authenticator app shows."""
    key = base64.b32decode(secret.replace(" ", "").upper() + "=" * (-len(secret) % 8))
    counter = struct.pack(">Q", int((at or time.time()) // 30))
    digest = hmac.new(key, counter, hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    code = (struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000
    return f"{code:06d}"


def test_totp_matches_rfc_6238_vector():
    secret = base64.b32encode(b"12345678901234567890").decode()
    assert totp(secret, at=59) == "287082"


def _set_date(browser, name, iso):
    field = browser.find_element(By.NAME, name)
    browser.execute_script("arguments[0].value = arguments[1];", field, iso)


def _click_link(browser, text):
    and_wait(browser, browser.find_element(By.LINK_TEXT, text))


def _submit(browser):
    and_wait(browser, browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))


def _record_consent(browser, bereich, inhaber):
    _click_link(browser, "Einwilligung erfassen")
    Select(browser.find_element(By.NAME, "bereich")).select_by_value(bereich)
    Select(browser.find_element(By.NAME, "inhaber")).select_by_value(inhaber)
    _submit(browser)
    assert "Die Einwilligung wurde erfasst." in browser.page_source


def test_invited_staff_member_works_with_a_young_person(
    live_server, browser, lead_a, einrichtung_a, alice, bob
):
    # the facility's lead invites by email; the link comes from the mail
    einrichtung_staff_invite(
        acting_user=lead_a, einrichtung=einrichtung_a, email="nele@example.org"
    )
    [message] = mail.outbox
    found = re.search(r"https?://\S+/einladung/\S+/", str(message.body))
    assert found is not None
    link = found.group(0)
    browser.get(live_server.url + urlparse(link).path)

    # join
    # (the foundation's own pages are not translated yet: check what does not depend on it)
    assert "nele@example.org" in browser.page_source
    assert "Wohngruppe Lindenhof" in browser.page_source
    fill(browser, "first_name", "Nele")
    fill(browser, "last_name", "Neumann")
    fill(browser, "password1", "Lindenhof-Sommer-2026")
    fill(browser, "password2", "Lindenhof-Sommer-2026")
    _submit(browser)

    # two-factor setup is required before anything else; allauth first asks for the password
    # again (a fresh login is required to change security settings)
    if "/totp/activate/" not in browser.current_url and browser.find_elements(By.NAME, "password"):
        fill(browser, "password", "Lindenhof-Sommer-2026")
        _submit(browser)
    assert urlparse(browser.current_url).path.endswith("/totp/activate/")
    secret = browser.find_element(By.ID, "authenticator_secret").get_attribute("value")
    if time.time() % 30 > 25:  # not at the end of a 30 s window: the server checks this window
        time.sleep(30 - time.time() % 30 + 0.5)
    fill(browser, "code", totp(secret))
    _submit(browser)
    browser.get(live_server.url + "/einrichtung/")
    assert "Bereich für Fachkräfte" in browser.page_source
    assert "Wohngruppe Lindenhof" in browser.page_source

    # enter a young person
    _click_link(browser, "Jugendliche:n erfassen")
    fill(browser, "vorname", "Samira")
    Select(browser.find_element(By.NAME, "geburtsmonat")).select_by_value("4")
    fill(browser, "geburtsjahr", str(time.localtime().tm_year - 13))
    Select(browser.find_element(By.NAME, "geschlecht")).select_by_value("weiblich")
    fill(browser, "sprachen", "Deutsch, Farsi")
    fill(browser, "interessen", "Basketball, Malen")
    fill(browser, "wuensche", "Eine Frau, die mit mir in die Stadtbibliothek geht")
    _submit(browser)
    assert "Die:der Jugendliche wurde erfasst." in browser.page_source

    # a request without consents is refused with a message saying which are missing
    _click_link(browser, "Wegbegleitung anfragen")
    _submit(browser)
    assert "Fehlende Einwilligung: Teilnahme an der Wegbegleitung" in browser.page_source
    _click_link(browser, "Zurück zu Samira")

    for bereich in ("teilnahme", "datenweitergabe", "hilfeplan"):
        _record_consent(browser, bereich, "sorgeberechtigte")

    _click_link(browser, "Wegbegleitung anfragen")
    fill(browser, "bemerkung", "Gern eine Wegbegleiterin")
    _submit(browser)
    assert "an die Koordination geschickt" in browser.page_source
    assert "Offen" in browser.page_source and "wartet seit 0 Tagen" in browser.page_source

    # help-plan conference, shared with the mentor
    _click_link(browser, "Hilfeplangespräch erfassen")
    _set_date(browser, "datum", "2026-03-02")
    fill(browser, "teilnehmende", "Jugendamt, Bezugsbetreuerin, Samira")
    for box in ("wegbegleitung_erwogen", "wegbegleiter_eingeladen", "mit_wegbegleitung_geteilt"):
        browser.find_element(By.NAME, box).click()
    fill(browser, "ziele", "Hausaufgaben regelmäßig machen")
    fill(browser, "zusammenfassung", "Samira freut sich auf eine Wegbegleitung.")
    _set_date(browser, "naechste_ueberpruefung", "2026-09-02")
    _submit(browser)
    assert "Das Hilfeplangespräch wurde erfasst." in browser.page_source
    assert "02.03.2026" in browser.page_source
    assert "mit der Wegbegleiter:in geteilt" in browser.page_source

    samira = Jugendliche.objects.get(vorname="Samira")
    assert samira.einrichtung == einrichtung_a and samira.created_by is not None
    assert samira.created_by.email == "nele@example.org"
    assert Anfrage.objects.get(jugendliche=samira).status == Anfrage.Status.OFFEN
    [seen] = hilfeplangespraeche_for_mentor(samira)
    assert seen.eingeladen and seen.ziele == "Hausaufgaben regelmäßig machen"
    view = jugendliche_for_mentor(samira)
    assert (
        view is not None and view.wuensche == "Eine Frau, die mit mir in die Stadtbibliothek geht"
    )

    # the coordination of the region sees the request and its waiting time, others do not
    for coordinator, sees in [(alice, True), (bob, False)]:
        client = Client()
        client.force_login(coordinator)
        page = client.get(reverse("admin:einrichtungen_anfrage_changelist")).content.decode()
        assert ("Samira" in page) is sees
