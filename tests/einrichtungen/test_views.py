"""The staff area as a matrix: own facility, other facility, coordinators, anonymous."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from einrichtungen.models import Anfrage, Einwilligung, Hilfeplangespraech, Jugendliche
from tests.einrichtungen.factories import (
    AnfrageFactory,
    B,
    EinwilligungFactory,
    HilfeplangespraechFactory,
    JugendlicheFactory,
    consent_all,
)
from wegbegleitung.models import AuditEvent, Einladung

GET_PAGES = [
    "jugendliche_detail",
    "jugendliche_update",
    "jugendliche_auszug",
    "einwilligung_create",
    "anfrage_create",
    "hilfeplangespraech_create",
]


def _urls(j):
    hpg = HilfeplangespraechFactory.create(jugendliche=j)
    anfrage = AnfrageFactory.create(jugendliche=j)
    consent = j.einwilligungen.first()
    gets = [reverse(f"einrichtungen:{name}", args=[j.pk]) for name in GET_PAGES]
    gets.append(reverse("einrichtungen:hilfeplangespraech_detail", args=[hpg.pk]))
    gets.append(reverse("einrichtungen:hilfeplangespraech_update", args=[hpg.pk]))
    posts = [
        reverse("einrichtungen:einwilligung_revoke", args=[consent.pk]),
        reverse("einrichtungen:anfrage_withdraw", args=[anfrage.pk]),
        *gets[1:6],
        gets[7],
    ]
    return gets, posts


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("staff_a", 200),
        ("alice", 200),
        ("staff_b", 404),
        ("bob", 404),
        ("charlie", 403),
        ("volunteer", 403),
        (None, 302),
    ],
)
def test_every_url_of_a_young_person_by_role(client, request, jugendliche_a, who, expected):
    gets, posts = _urls(jugendliche_a)
    if who:
        client.force_login(request.getfixturevalue(who))
    for url in gets:
        response = client.get(url)
        assert response.status_code == expected, url
        if who is None:
            assert response["Location"].startswith(reverse("account_login"))
    if expected == 200:
        return
    for url in posts:  # nothing guessed changes anything
        response = client.post(url, {"vorname": "X", "datum": "2026-01-01"})
        assert response.status_code == expected, url
    assert Einwilligung.objects.filter(widerrufen_am__isnull=False).count() == 0
    assert Anfrage.objects.get().status == Anfrage.Status.OFFEN
    assert Hilfeplangespraech.objects.count() == 1


def test_guessing_ids_of_another_facility_is_not_found(client, staff_a, jugendliche_b):
    client.force_login(staff_a)
    gets, _ = _urls(jugendliche_b)
    for url in gets:
        assert client.get(url).status_code == 404
    assert (
        client.get(reverse("einrichtungen:team", args=[jugendliche_b.einrichtung.pk])).status_code
        == 404
    )
    assert client.get(reverse("einrichtungen:jugendliche_detail", args=[99999])).status_code == 404


def test_opening_a_record_is_an_audit_event(client, staff_a, jugendliche_a):
    client.force_login(staff_a)
    hpg = HilfeplangespraechFactory.create(jugendliche=jugendliche_a)
    client.get(reverse("einrichtungen:jugendliche_detail", args=[jugendliche_a.pk]))
    client.get(reverse("einrichtungen:hilfeplangespraech_detail", args=[hpg.pk]))
    events = AuditEvent.objects.filter(actor=staff_a).values_list("action", "object_id")
    assert set(events) == {
        ("jugendliche.view", str(jugendliche_a.pk)),
        ("hilfeplangespraech.view", str(hpg.pk)),
    }


def test_start_lists_own_young_people_in_german(client, staff_a, jugendliche_a, jugendliche_b):
    client.force_login(staff_a)
    page = client.get(reverse("einrichtungen:start")).content.decode()
    assert "Amira" in page and "Boris" not in page
    assert "Bereich für Fachkräfte" in page


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url_name", ["einrichtungen:start", "einrichtungen:anfrage_list"])
def test_staff_lists_query_count_is_constant(
    client, staff_a, einrichtung_a, url_name, django_assert_max_num_queries
):
    client.force_login(staff_a)
    url = reverse(url_name)

    def add(n):
        for _ in range(n):
            j = JugendlicheFactory.create(einrichtung=einrichtung_a)
            consent_all(j)
            AnfrageFactory.create(jugendliche=j)

    add(2)
    few = _queries(client, url)
    add(20)
    with django_assert_max_num_queries(few):
        page = client.get(url)
    assert page.content.decode().count("/einrichtung/jugendliche/") >= 22


def test_staff_enter_young_person_through_the_form(client, staff_a, einrichtung_a):
    client.force_login(staff_a)
    url = reverse("einrichtungen:jugendliche_create")
    form_page = client.get(url).content.decode()
    assert 'name="vorname"' in form_page and 'name="nachname"' not in form_page
    assert 'name="diagnos' not in form_page
    response = client.post(
        url,
        {
            "einrichtung": einrichtung_a.pk,
            "vorname": "Noah",
            "geburtsmonat": "7",
            "geburtsjahr": str(timezone.localdate().year - 12),
            "geschlecht": "maennlich",
            "sorgerecht": "vormund",
            "sprachen": "Deutsch",
            "interessen": "Lesen",
        },
    )
    j = Jugendliche.objects.get()
    assert response["Location"] == reverse("einrichtungen:jugendliche_detail", args=[j.pk])
    assert (j.vorname, j.created_by) == ("Noah", staff_a)


def test_bad_input_shows_german_message_and_stores_nothing(client, staff_a, einrichtung_a):
    client.force_login(staff_a)
    response = client.post(
        reverse("einrichtungen:jugendliche_create"),
        {
            "einrichtung": einrichtung_a.pk,
            "vorname": "Noah",
            "geburtsmonat": "7",
            "geburtsjahr": "1960",
            "geschlecht": "maennlich",
            "sorgerecht": "eltern",
        },
    )
    assert response.status_code == 400
    assert "Bitte ein Geburtsjahr zwischen" in response.content.decode()
    assert not Jugendliche.objects.exists()


def test_request_page_says_which_consents_are_missing(client, staff_a, einrichtung_a):
    client.force_login(staff_a)
    j = JugendlicheFactory.create(einrichtung=einrichtung_a)
    EinwilligungFactory.create(jugendliche=j, bereich=B.TEILNAHME)
    url = reverse("einrichtungen:anfrage_create", args=[j.pk])
    response = client.post(url, {"bemerkung": ""})
    assert response.status_code == 400
    assert "Fehlende Einwilligung: Weitergabe von Daten an die Wegbegleiter:in" in (
        response.content.decode()
    )
    assert not Anfrage.objects.exists()


def test_request_and_waiting_time_shown(client, staff_a, jugendliche_a):
    client.force_login(staff_a)
    client.post(reverse("einrichtungen:anfrage_create", args=[jugendliche_a.pk]), {"bemerkung": ""})
    Anfrage.objects.update(angefragt_am=timezone.now() - timedelta(days=5))
    page = client.get(reverse("einrichtungen:anfrage_list")).content.decode()
    assert "Offen" in page and "5 Tage" in page


def test_revoke_button_revokes(client, staff_a, jugendliche_a):
    client.force_login(staff_a)
    consent = jugendliche_a.einwilligungen.get(bereich=B.DATENWEITERGABE)
    response = client.post(
        reverse("einrichtungen:einwilligung_revoke", args=[consent.pk]), follow=True
    )
    assert "gilt ab sofort nicht mehr" in response.content.decode()
    consent.refresh_from_db()
    assert consent.widerrufen_am is not None


def test_after_move_out_pages_are_read_only(client, staff_a, jugendliche_a):
    client.force_login(staff_a)
    client.post(
        reverse("einrichtungen:jugendliche_auszug", args=[jugendliche_a.pk]),
        {"auszug_am": timezone.localdate().isoformat()},
    )
    detail = client.get(reverse("einrichtungen:jugendliche_detail", args=[jugendliche_a.pk]))
    assert detail.status_code == 200 and "ausgezogen" in detail.content.decode()
    for name in GET_PAGES[1:]:
        assert (
            client.get(reverse(f"einrichtungen:{name}", args=[jugendliche_a.pk])).status_code == 403
        )


def test_lead_invites_staff_who_then_works_in_the_facility(
    client, lead_a, staff_a, einrichtung_a, django_capture_on_commit_callbacks
):
    client.force_login(lead_a)
    url = reverse("einrichtungen:team", args=[einrichtung_a.pk])
    assert "Mitarbeitende einladen" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"email": "neu@example.org"})
    einladung = Einladung.objects.get(email="neu@example.org")
    assert einladung.einrichtung == einrichtung_a and einladung.created_by == lead_a
    assert mail.outbox and mail.outbox[0].to == ["neu@example.org"]
    # a member of the staff who is not lead sees the team but cannot invite
    client.force_login(staff_a)
    assert "Mitarbeitende einladen" not in client.get(url).content.decode()
    assert client.post(url, {"email": "x@example.org"}).status_code == 403
    assert not Einladung.objects.filter(email="x@example.org").exists()


def test_invite_refuses_existing_staff(client, lead_a, staff_a, einrichtung_a):
    client.force_login(lead_a)
    url = reverse("einrichtungen:team", args=[einrichtung_a.pk])
    response = client.post(url, {"email": staff_a.email})
    assert "arbeitet bereits in der Einrichtung" in response.content.decode()


def test_hpg_recorded_and_shared(client, staff_a, jugendliche_a):
    client.force_login(staff_a)
    client.post(
        reverse("einrichtungen:hilfeplangespraech_create", args=[jugendliche_a.pk]),
        {
            "datum": "2026-03-01",
            "wegbegleitung_erwogen": "on",
            "wegbegleiter_eingeladen": "on",
            "ziele": "Praktikum finden",
            "mit_wegbegleitung_geteilt": "on",
            "naechste_ueberpruefung": "2026-09-01",
        },
    )
    hpg = Hilfeplangespraech.objects.get()
    assert hpg.mit_wegbegleitung_geteilt and hpg.datum == date(2026, 3, 1)


@pytest.mark.parametrize(
    ("who", "expected"),
    [("staff_a", 200), ("charlie", 403), ("volunteer", 403), (None, 302)],
)
def test_area_pages_by_role(client, request, einrichtung_a, who, expected):
    """A volunteer or a person without a role is told no (403), not shown an empty list."""
    if who:
        client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("einrichtungen:jugendliche_create")).status_code == expected
    team = reverse("einrichtungen:team", args=[einrichtung_a.pk])
    assert client.get(team).status_code == expected
    for name in ("einrichtungen:start", "einrichtungen:anfrage_list"):
        assert client.get(reverse(name)).status_code == expected


def test_area_pages_show_nothing_of_others(client, charlie, jugendliche_a):
    AnfrageFactory.create(jugendliche=jugendliche_a)
    client.force_login(charlie)
    for name in ("einrichtungen:start", "einrichtungen:anfrage_list"):
        assert "Amira" not in client.get(reverse(name)).content.decode()


def test_detail_page_query_count_constant(
    client, staff_a, jugendliche_a, django_assert_max_num_queries
):
    client.force_login(staff_a)
    url = reverse("einrichtungen:jugendliche_detail", args=[jugendliche_a.pk])
    HilfeplangespraechFactory.create(jugendliche=jugendliche_a)
    few = _queries(client, url)
    HilfeplangespraechFactory.create_batch(15, jugendliche=jugendliche_a)
    for consent in jugendliche_a.einwilligungen.all():
        consent.widerrufen_am = timezone.now()
        consent.save()
    consent_all(jugendliche_a)
    with django_assert_max_num_queries(few):
        page = client.get(url)
    assert page.content.decode().count("/einrichtung/hilfeplangespraeche/") == 16


def test_sharing_can_be_switched_off_later(client, staff_a, jugendliche_a):
    from einrichtungen.selectors import hilfeplangespraech_for_mentor

    client.force_login(staff_a)
    hpg = HilfeplangespraechFactory.create(jugendliche=jugendliche_a, shared=True)
    url = reverse("einrichtungen:hilfeplangespraech_update", args=[hpg.pk])
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v not in (None, False)}
    data.pop("mit_wegbegleitung_geteilt")
    data.pop("id", None)
    response = client.post(url, {**data, "datum": "2026-03-10", "naechste_ueberpruefung": ""})
    assert response.status_code == 302
    hpg.refresh_from_db()
    assert not hpg.mit_wegbegleitung_geteilt
    seen = hilfeplangespraech_for_mentor(hpg)
    assert seen is not None and seen.ziele is None
    assert AuditEvent.objects.filter(action="hilfeplangespraech.update").exists()
