"""The young people's form: no login, plain language, limited, with a trap for robots."""

from __future__ import annotations

from django.urls import reverse

from schutzkonzept.models import Meldung

URL = "/schutz/sag-es-uns/"


def test_the_form_needs_no_login_and_stores_the_report(
    client, db, schutz_a, mailoutbox, django_capture_on_commit_callbacks
):
    assert reverse("schutzkonzept:jugend_meldung") == URL
    page = client.get(URL)
    assert page.status_code == 200
    assert "116 111" in page.content.decode()  # a phone number for those who would rather call
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            URL, {"description": "Mein Betreuer schreit mich an.", "contact": ""}
        )
    assert response.status_code == 200
    meldung = Meldung.objects.get()
    assert meldung.kanal == Meldung.Kanal.JUGENDLICHE and meldung.reporter is None
    assert meldung.description == "Mein Betreuer schreit mich an."
    assert [m.to for m in mailoutbox] == [["sabine@example.org"]]


def test_a_filled_trap_field_stores_nothing_but_looks_the_same(client, db):
    response = client.post(URL, {"description": "Buy pills", "website": "http://spam.example"})
    assert response.status_code == 200
    assert not Meldung.objects.exists()


def test_an_address_is_limited_per_hour(client, db, settings):
    settings.WB_CONCERN_LIMIT_PER_ADDRESS = 3
    for n in range(3):
        assert client.post(URL, {"description": f"Nachricht {n}"}).status_code == 200
    blocked = client.post(URL, {"description": "noch eine"})
    assert blocked.status_code == 429
    assert "116 111" in blocked.content.decode()
    assert Meldung.objects.count() == 3
    other = client.post(URL, {"description": "von woanders"}, REMOTE_ADDR="10.1.2.3")
    assert other.status_code == 200 and Meldung.objects.count() == 4


def test_a_flood_from_many_addresses_is_stopped_in_total(client, db, settings):
    settings.WB_CONCERN_LIMIT_TOTAL = 5
    codes = [
        client.post(URL, {"description": "flood"}, REMOTE_ADDR=f"10.0.0.{n}").status_code
        for n in range(8)
    ]
    assert codes == [200] * 5 + [429] * 3
    assert Meldung.objects.count() == 5


def test_an_empty_message_is_explained_and_not_stored(client, db):
    response = client.post(URL, {"description": ""})
    assert response.status_code == 200 and 'class="error"' in response.content.decode()
    assert not Meldung.objects.exists()


def test_the_form_page_has_no_inline_script_or_style(client, db):
    body = client.get(URL).content.decode()
    assert "<script" not in body and "style=" not in body
