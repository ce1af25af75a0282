"""The staff area start (issue 11 §5): upcoming help-plan conferences, reviews due, requests
waiting and consents missing, each with one click to act; the staff member's own facility only,
young people who moved out left out; a constant number of queries as data grows."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from einrichtungen.models import Anfrage
from einrichtungen.permissions import einrichtungen_for_staff
from einrichtungen.selectors import staff_todo_for
from tests.einrichtungen.factories import HilfeplangespraechFactory as Hpg
from tests.einrichtungen.factories import JugendlicheFactory, consent_all

pytestmark = pytest.mark.django_db


def _days(n: int):
    return timezone.localdate() + timedelta(days=n)


def _request(jugendliche, days_ago: int, **kw) -> Anfrage:
    return Anfrage.objects.create(
        jugendliche=jugendliche, angefragt_am=timezone.now() - timedelta(days=days_ago), **kw
    )


@pytest.fixture
def designed(einrichtung_a, einrichtung_b, jugendliche_a, jugendliche_b):
    """Facility A: Amira (conference in 10 days), Ben (review in 20 days, request 12 days
    old), Cem (review overdue but a later conference is recorded; one 70 days ahead), Dana (no
    consents), Emil moved out (everything due, nothing shown). Facility B: Boris (conference,
    request), Bruno (review overdue), Bea (no consents)."""
    Hpg(jugendliche=jugendliche_a, datum=_days(10), naechste_ueberpruefung=None)
    ben = JugendlicheFactory.create(einrichtung=einrichtung_a, vorname="Ben")
    consent_all(ben)
    Hpg(jugendliche=ben, datum=_days(-100), naechste_ueberpruefung=_days(20))
    _request(ben, 12)
    _request(ben, 40, status=Anfrage.Status.ZURUECKGEZOGEN, abgeschlossen_am=timezone.now())
    cem = JugendlicheFactory.create(einrichtung=einrichtung_a, vorname="Cem")
    consent_all(cem)
    Hpg(jugendliche=cem, datum=_days(-200), naechste_ueberpruefung=_days(-10))
    Hpg(jugendliche=cem, datum=_days(-5), naechste_ueberpruefung=_days(180))
    Hpg(jugendliche=cem, datum=_days(70), naechste_ueberpruefung=None)
    JugendlicheFactory.create(einrichtung=einrichtung_a, vorname="Dana")
    emil = JugendlicheFactory.create(einrichtung=einrichtung_a, vorname="Emil", auszug_am=_days(-1))
    Hpg(jugendliche=emil, datum=_days(5), naechste_ueberpruefung=None)
    Hpg(jugendliche=emil, datum=_days(-300), naechste_ueberpruefung=_days(-30))
    _request(emil, 3)
    Hpg(jugendliche=jugendliche_b, datum=_days(3), naechste_ueberpruefung=None)
    bruno = JugendlicheFactory.create(einrichtung=einrichtung_b, vorname="Bruno")
    Hpg(jugendliche=bruno, datum=_days(-200), naechste_ueberpruefung=_days(-1))
    _request(jugendliche_b, 9)
    JugendlicheFactory.create(einrichtung=einrichtung_b, vorname="Bea")
    return {"ben": ben, "cem": cem}


def _section(page: str, element_id: str) -> str:
    """The text of one list of the to-do card (empty when the list is not there)."""
    start = page.find(f'id="{element_id}"')
    return page[start : page.find("</ul>", start)] if start >= 0 else ""


def test_staff_a_sees_what_is_due_in_facility_a(client, staff_a, designed, jugendliche_a):
    client.force_login(staff_a)
    page = client.get(reverse("einrichtungen:start")).content.decode()
    conferences = _section(page, "todo-conferences")
    assert "Amira" in conferences and _days(10).strftime("%d.%m.%Y") in conferences
    assert "Cem" not in conferences  # 70 days ahead
    assert "Emil" not in conferences  # moved out
    reviews = _section(page, "todo-reviews")
    assert "Ben" in reviews and f"Überprüfung fällig am {_days(20):%d.%m.%Y}" in reviews
    assert "Cem" not in reviews  # the review was held: a later conference is recorded
    create = reverse("einrichtungen:hilfeplangespraech_create", args=[designed["ben"].pk])
    assert f'href="{create}">Hilfeplangespräch erfassen</a>' in reviews
    waiting = _section(page, "todo-waiting")
    assert "Ben" in waiting and "wartet seit 12 Tagen" in waiting and "Offen" in waiting
    assert waiting.count("<li>") == 1  # the withdrawn request and Emil's are not waiting
    consents = _section(page, "todo-consents")
    assert "Dana" in consents and "Teilnahme" in consents and "Ben" not in consents
    for other in ("Boris", "Bruno", "Bea", "Emil"):
        assert other not in _section(page, "todo")
        assert other not in conferences + reviews + waiting + consents


def test_staff_b_sees_none_of_facility_a(client, staff_b, designed):
    client.force_login(staff_b)
    page = client.get(reverse("einrichtungen:start")).content.decode()
    todo = "".join(
        _section(page, i)
        for i in ("todo-conferences", "todo-reviews", "todo-waiting", "todo-consents")
    )
    for name in ("Amira", "Ben", "Cem", "Dana", "Emil"):
        assert name not in todo
    assert "Boris" in _section(page, "todo-conferences")
    assert "Bruno" in _section(page, "todo-reviews") and "Boris" in _section(page, "todo-waiting")
    assert "Bea" in _section(page, "todo-consents")


def test_anonymous_goes_to_login_and_volunteer_is_refused(client, volunteer, designed):
    response = client.get(reverse("einrichtungen:start"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    client.force_login(volunteer)
    assert client.get(reverse("einrichtungen:start")).status_code == 403


def test_nothing_due_says_so(client, staff_a, einrichtung_a):
    client.force_login(staff_a)
    page = client.get(reverse("einrichtungen:start")).content.decode()
    assert "Kein Hilfeplangespräch in den nächsten 60 Tagen." in page
    assert "Keine Anfrage wartet." in page and "Keine Einwilligung fehlt." in page


def _grow(einrichtung, n: int) -> None:
    for i in range(n):
        j = JugendlicheFactory.create(einrichtung=einrichtung, vorname=f"Kim{i}")
        Hpg(jugendliche=j, datum=_days(-100), naechste_ueberpruefung=_days(5))
        Hpg(jugendliche=j, datum=_days(20), naechste_ueberpruefung=None)
        _request(j, i + 1)


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("einrichtungen:start")).status_code == 200
    return len(ctx.captured_queries)


def test_start_page_queries_do_not_grow_with_the_data(
    client, staff_a, einrichtung_a, designed, django_assert_max_num_queries
):
    client.force_login(staff_a)
    _grow(einrichtung_a, 2)
    small = _queries(client)
    _grow(einrichtung_a, 15)
    assert _queries(client) == small
    with django_assert_max_num_queries(25):
        page = client.get(reverse("einrichtungen:start")).content.decode()
    assert _section(page, "todo-conferences").count("<li>") == 17 + 1  # and Amira
    assert _section(page, "todo-waiting").count("<li>") == 17 + 1  # and Ben


@pytest.mark.parametrize("who", ["staff_a", "staff_b"])
def test_the_to_do_list_is_the_same_from_the_facility_ids_read_first(who, request, designed):
    """The start page hands its facilities' ids to the to-do list instead of the permission
    subquery (issue 13): the same conferences, reviews, requests and people either way."""
    user = request.getfixturevalue(who)
    ids = list(einrichtungen_for_staff(user).values_list("pk", flat=True))
    by_subquery = staff_todo_for(user=user)
    by_ids = staff_todo_for(user=user, einrichtung_ids=ids)
    assert by_ids == by_subquery
    assert by_ids.conferences and by_ids.reviews and by_ids.waiting
