"""In real Chromium: a coordinator creates a training of the cooperation network open to partner
staff and volunteers in the admin; a staff member of another member provider registers on a
phone-sized window, as does a volunteer in her portal; after the training the coordinator
records attendance and the volunteer's training hours grow. And a member provider's lead
organises a training herself on her phone and records the attendance that gives the hours."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from netzwerk.models import Anmeldung, Veranstaltung
from tests.e2e.helpers import and_wait, log_in_as
from tests.factories import make_user
from tests.netzwerk.factories import join, make_provider, make_traeger
from tests.schutzkonzept.factories import make_wegbegleiter
from wegbegleitung.roles import Role
from wegbegleitung.selectors import training_hours

pytestmark = pytest.mark.e2e
PHONE = (390, 844)


def _set(browser, name: str, value: str) -> None:
    field = browser.find_element(By.NAME, name)
    browser.execute_script("arguments[0].value = arguments[1];", field, value)


def _fits_the_phone(browser) -> bool:
    return bool(browser.execute_script(
        "return document.documentElement.scrollWidth <= window.innerWidth;"
    ))  # fmt: skip


def _create_training(browser, base: str, region_id: int) -> None:
    browser.get(f"{base}/admin/netzwerk/veranstaltung/add/")
    Select(browser.find_element(By.NAME, "region")).select_by_value(str(region_id))
    Select(browser.find_element(By.NAME, "art")).select_by_value("schulung")
    browser.find_element(By.NAME, "titel").send_keys("Traumapädagogik im Alltag")
    start = timezone.localtime(timezone.now() + timedelta(days=7)).replace(hour=17, minute=0)
    for name, moment in (("beginn", start), ("ende", start + timedelta(hours=3))):
        _set(browser, f"{name}_0", f"{moment:%d.%m.%Y}")
        _set(browser, f"{name}_1", f"{moment:%H:%M:%S}")
    browser.find_element(By.NAME, "ort").send_keys("Bürgerhaus Bornheim")
    _set(browser, "kapazitaet", "12")
    Select(browser.find_element(By.NAME, "zielgruppe")).select_by_value("beide")
    browser.find_element(By.NAME, "zaehlt_als_schulung").click()
    _set(browser, "stunden", "3")
    and_wait(browser, browser.find_element(By.NAME, "_save"))
    assert "erfolgreich hinzugefügt" in browser.page_source


def _register(browser, *, via: str) -> None:
    and_wait(browser, browser.find_element(By.LINK_TEXT, via))
    and_wait(browser, browser.find_element(By.LINK_TEXT, "Traumapädagogik im Alltag"))
    assert _fits_the_phone(browser)
    and_wait(browser, browser.find_element(By.XPATH, "//button[normalize-space()='Anmelden']"))
    assert "Sie sind angemeldet." in browser.page_source
    assert "Anmeldung absagen" in browser.page_source and _fits_the_phone(browser)


def _hours_in_the_list(browser, base: str) -> str:
    browser.get(f"{base}/admin/wegbegleitung/wegbegleiter/")
    row = browser.find_element(By.XPATH, "//tr[.//*[contains(., 'Vera Wagner')]]")
    return str(row.find_element(By.CSS_SELECTOR, "td.field-hours").text.strip())


def test_a_network_training_from_the_admin_to_the_training_hours(
    live_server, browser, region_a, alice, einrichtung_a, staff_a
):
    nord = make_traeger("Jugendhilfe Nord e.V.", einrichtung_a)
    sonne, haus_sonne = make_provider(region_a, "Kinderhaus Sonne gGmbH", "Haus Sonne")
    paul = make_user(Role.EINRICHTUNG, einrichtung=haus_sonne, email="paul@example.org",
                     first_name="Paul", last_name="Pfeiffer")  # fmt: skip
    vera = make_wegbegleiter(region_a, email="vera.wagner@example.org", first_name="Vera",
                             last_name="Wagner")  # fmt: skip
    join(alice, nord, region_a)
    join(alice, sonne, region_a, bezirke="Innenstadt")
    base = live_server.url

    log_in_as(browser, base, alice)
    _create_training(browser, base, region_a.pk)
    event = Veranstaltung.objects.get()
    assert (event.region, event.stunden, event.zielgruppe) == (region_a, 3, "beide")

    browser.set_window_size(*PHONE)
    log_in_as(browser, base, paul)  # staff of another member provider, on the phone
    browser.get(f"{base}/einrichtung/")
    and_wait(browser, browser.find_element(By.LINK_TEXT, "Kooperationsnetzwerk"))
    assert "Jugendhilfe Nord e.V." in browser.page_source  # the other member's profile
    _register(browser, via="Alle Veranstaltungen")

    log_in_as(browser, base, vera.user)  # the volunteer, in her portal
    browser.get(f"{base}/portal/")
    _register(browser, via="Netzwerkveranstaltungen")
    assert Anmeldung.objects.filter(status="angemeldet").count() == 2

    # the evening of the training has come
    start = timezone.now() - timedelta(hours=4)
    Veranstaltung.objects.filter(pk=event.pk).update(beginn=start, ende=start + timedelta(hours=3))
    browser.set_window_size(1280, 900)
    log_in_as(browser, base, alice)
    assert _hours_in_the_list(browser, base) == "0"
    browser.get(f"{base}/admin/netzwerk/veranstaltung/{event.pk}/change/")
    rows = browser.find_elements(By.CSS_SELECTOR, "#anmeldungen-group tbody tr.form-row")
    assert len(rows) == 2
    for row in rows:
        Select(row.find_element(By.CSS_SELECTOR, "select[name$='-anwesenheit']")).select_by_value(
            "ja"
        )
    and_wait(browser, browser.find_element(By.NAME, "_continue"))
    assert "erfolgreich geändert" in browser.page_source
    assert set(Anmeldung.objects.values_list("status", flat=True)) == {"teilgenommen"}
    assert training_hours(vera) == 3
    assert _hours_in_the_list(browser, base) == "3,0"


def _organise(browser, base: str) -> None:
    """The lead opens a training of her provider to the network, on her phone."""
    browser.get(f"{base}/netzwerk/")
    and_wait(browser, browser.find_element(By.LINK_TEXT, "Veranstaltungen organisieren"))
    assert _fits_the_phone(browser)
    browser.find_element(By.NAME, "titel").send_keys("Biografiearbeit in der Wohngruppe")
    start = timezone.localtime(timezone.now() + timedelta(days=5)).replace(hour=10, minute=0)
    _set(browser, "beginn", f"{start:%Y-%m-%dT%H:%M}")
    _set(browser, "ende", f"{start + timedelta(hours=2):%Y-%m-%dT%H:%M}")
    browser.find_element(By.NAME, "ort").send_keys("Wohngruppe Lindenhof")
    _set(browser, "kapazitaet", "8")
    Select(browser.find_element(By.NAME, "zielgruppe")).select_by_value("beide")
    browser.find_element(By.NAME, "zaehlt_als_schulung").click()
    _set(browser, "stunden", "2")
    and_wait(
        browser,
        browser.find_element(
            By.XPATH, "//button[@type='submit' and contains(., 'Anmeldung öffnen')]"
        ),
    )
    assert "Ihre Veranstaltung ist jetzt zur Anmeldung offen." in browser.page_source


def test_a_providers_lead_organises_a_training_and_records_attendance_on_her_phone(
    live_server, browser, region_a, alice, einrichtung_a, staff_a
):
    from einrichtungen.services.einrichtungen import einrichtung_lead_set

    nord = make_traeger("Jugendhilfe Nord e.V.", einrichtung_a)
    join(alice, nord, region_a)
    einrichtung_lead_set(acting_user=None, einrichtung=einrichtung_a, user=staff_a, is_lead=True)
    vera = make_wegbegleiter(region_a, email="vera.wagner@example.org", first_name="Vera",
                             last_name="Wagner")  # fmt: skip
    base = live_server.url
    browser.set_window_size(*PHONE)
    log_in_as(browser, base, staff_a)
    _organise(browser, base)
    event = Veranstaltung.objects.get()
    assert (event.veranstalter, event.stunden, event.angelegt_von) == (nord, 2, staff_a)

    log_in_as(browser, base, vera.user)
    browser.get(f"{base}/netzwerk/veranstaltungen/{event.pk}/")
    and_wait(browser, browser.find_element(By.XPATH, "//button[normalize-space()='Anmelden']"))
    assert "Sie sind angemeldet." in browser.page_source

    start = timezone.now() - timedelta(hours=1)
    Veranstaltung.objects.filter(pk=event.pk).update(beginn=start, ende=start + timedelta(hours=2))
    log_in_as(browser, base, staff_a)
    browser.get(f"{base}/netzwerk/veranstaltungen/{event.pk}/")
    and_wait(browser, browser.find_element(By.LINK_TEXT, "Anmeldungen und Anwesenheit"))
    assert "Vera W." in browser.page_source and "Wagner" not in browser.page_source
    assert _fits_the_phone(browser)
    and_wait(browser, browser.find_element(By.XPATH, "//button[normalize-space()='Teilgenommen']"))
    assert "Anwesenheit erfasst." in browser.page_source
    assert training_hours(vera) == 2
