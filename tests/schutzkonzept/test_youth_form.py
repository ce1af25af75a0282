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


def _post_all(client, posts):
    return [
        client.post(URL, {"description": text}, REMOTE_ADDR=address).status_code
        for address, text in posts
    ]


SUMMARY = "Viele Meldungen in einer Stunde"


def _mails(mailoutbox, to):
    """(single notices, summaries) that ``to`` received."""
    mine = [m for m in mailoutbox if m.to == [to]]
    return [m for m in mine if SUMMARY not in m.subject], [m for m in mine if SUMMARY in m.subject]


def test_above_the_hourly_cap_reports_are_stored_and_the_leads_get_one_summary(
    client, db, schutz_a, schutz_b, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.WB_CONCERN_LIMIT_TOTAL = 3
    with django_capture_on_commit_callbacks(execute=True):
        codes = _post_all(client, [(f"10.0.0.{n}", f"Meldung {n}") for n in range(8)])
    assert codes == [200] * 8  # the form never closes for everyone
    assert Meldung.objects.count() == 8
    for lead in (schutz_a, schutz_b):  # youth reports have no region: every lead hears
        singles, summaries = _mails(mailoutbox, lead.email)
        assert len(singles) == 3 and len(summaries) == 1
        assert all("eingegangen" in m.subject for m in singles)
    body = _mails(mailoutbox, schutz_a.email)[1][0].body
    assert "mehr als 3 Meldungen" in body and "/schutz/meldungen/" in body
    assert "Meldung 7" not in body  # a summary names no contents either


def test_refused_attempts_of_one_address_do_not_count_against_others(
    client, db, schutz_a, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.WB_CONCERN_LIMIT_PER_ADDRESS = 2
    settings.WB_CONCERN_LIMIT_TOTAL = 3
    with django_capture_on_commit_callbacks(execute=True):
        noisy = _post_all(client, [("10.9.9.9", f"Spam {n}") for n in range(20)])
        others = _post_all(client, [("10.1.1.1", "Hilfe"), ("10.2.2.2", "Bitte melden")])
    assert noisy == [200] * 2 + [429] * 18
    assert others == [200, 200]
    assert Meldung.objects.count() == 4
    # 4 stored > cap 3, but the 18 refused did not count: three single notices, then the summary
    singles, summaries = _mails(mailoutbox, schutz_a.email)
    assert len(singles) == 3 and len(summaries) == 1


def test_an_empty_message_is_explained_and_not_stored(client, db):
    response = client.post(URL, {"description": ""})
    assert response.status_code == 200 and 'class="error"' in response.content.decode()
    assert not Meldung.objects.exists()


def test_the_form_page_has_no_inline_script_or_style(client, db):
    body = client.get(URL).content.decode()
    assert "<script" not in body and "style=" not in body


def test_with_redis_unreachable_every_report_is_accepted_and_stored(client, db, settings):
    """The per-address limit fails open during an outage (README "When Redis or PostgreSQL is
    down"): a real young person's report is never refused because of us."""
    settings.CACHES = {
        "default": {
            "BACKEND": "wegbegleitung.cache.FailSoftRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
            "OPTIONS": {"socket_connect_timeout": 1},
        }
    }
    settings.WB_CONCERN_LIMIT_PER_ADDRESS = 2
    codes = [client.post(URL, {"description": f"Nachricht {n}"}).status_code for n in range(4)]
    assert codes == [200] * 4
    assert Meldung.objects.count() == 4
