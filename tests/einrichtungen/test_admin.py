"""Coordinators in the admin: scoped to their regions, saving through services, audited reads."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from einrichtungen.models import Anfrage, Einrichtung, Jugendliche
from einrichtungen.permissions import can_invite_staff, can_work_in
from tests.einrichtungen.factories import (
    AnfrageFactory,
    HilfeplangespraechFactory,
    JugendlicheFactory,
    consent_all,
)
from wegbegleitung.models import AuditEvent

MODELS = ["jugendliche", "anfrage", "einwilligung", "hilfeplangespraech", "einrichtung"]


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize(
    ("who", "sees_a", "status"),
    [("alice", True, 200), ("bob", False, 200), ("staff_a", False, 302), (None, False, 302)],
)
def test_changelists_are_scoped(
    client, request, jugendliche_a, jugendliche_b, model, who, sees_a, status
):
    for j in (jugendliche_a, jugendliche_b):
        AnfrageFactory.create(jugendliche=j)
        HilfeplangespraechFactory.create(jugendliche=j)
    if who:
        client.force_login(request.getfixturevalue(who))
    response = client.get(reverse(f"admin:einrichtungen_{model}_changelist"))
    assert response.status_code == status
    page = response.content.decode()
    marker = "Wohngruppe Lindenhof" if model == "einrichtung" else "Amira"
    assert (marker in page) is sees_a


def test_other_region_cannot_open_a_young_person(client, bob, jugendliche_a):
    client.force_login(bob)
    url = reverse("admin:einrichtungen_jugendliche_change", args=[jugendliche_a.pk])
    response = client.get(url)
    assert response.status_code == 302 and "Amira" not in response.content.decode()
    assert not AuditEvent.objects.filter(action="jugendliche.view").exists()


def test_opening_young_person_in_admin_is_audited(client, alice, jugendliche_a):
    client.force_login(alice)
    url = reverse("admin:einrichtungen_jugendliche_change", args=[jugendliche_a.pk])
    assert client.get(url).status_code == 200
    assert AuditEvent.objects.filter(
        action="jugendliche.view", actor=alice, object_id=str(jugendliche_a.pk)
    ).exists()
    # from the admin the coordinator reaches the record in the staff area (care-leaver phase)
    assert jugendliche_a.get_absolute_url() in client.get(url).content.decode()


def _facility_form(**extra):
    return {
        "name": "WG Sonnenhang",
        "art": "wohngruppe",
        "kooperation_status": "keine",
        "postleitzahl": "",
        "strasse": "",
        "ort": "",
        "ansprechperson": "",
        "ansprechperson_email": "",
        "ansprechperson_telefon": "",
        "kooperation_seit": "",
        "traeger": "",
        **extra,
    }


def test_coordinator_creates_facility_through_the_service(client, alice, region_a, region_b):
    client.force_login(alice)
    url = reverse("admin:einrichtungen_einrichtung_add")
    response = client.post(url, _facility_form(region=region_a.pk, postleitzahl="60311"))
    assert response.status_code == 302
    e = Einrichtung.objects.get(name="WG Sonnenhang")
    assert e.staff_group.name.startswith("Einrichtung")
    assert AuditEvent.objects.filter(action="einrichtung.create", actor=alice).exists()
    # a region of someone else is no choice
    response = client.post(url, _facility_form(region=region_b.pk, name="Fremd"))
    assert response.status_code == 200 and not Einrichtung.objects.filter(name="Fremd").exists()


def test_postal_code_and_agreement_checked_with_german_messages(client, alice, einrichtung_a):
    client.force_login(alice)
    url = reverse("admin:einrichtungen_einrichtung_change", args=[einrichtung_a.pk])
    response = client.post(url, _facility_form(postleitzahl="1234", kooperation_status="aktiv"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Datum der Unterzeichnung" in page
    einrichtung_a.refresh_from_db()
    assert einrichtung_a.name == "Wohngruppe Lindenhof"
    response = client.post(url, _facility_form(postleitzahl="1234"))
    assert "Postleitzahl mit 5 Ziffern" in response.content.decode()
    einrichtung_a.refresh_from_db()
    assert einrichtung_a.postleitzahl == ""


def test_update_goes_through_service_and_sets_lead(client, alice, staff_a, einrichtung_a):
    client.force_login(alice)
    url = reverse("admin:einrichtungen_einrichtung_change", args=[einrichtung_a.pk])
    assert not can_invite_staff(staff_a, einrichtung_a)
    response = client.post(
        url,
        _facility_form(
            name="Lindenhof",
            postleitzahl="60311",
            kooperation_status="aktiv",
            kooperation_seit="2026-01-15",
            leads=[staff_a.pk],
        ),
    )
    assert response.status_code == 302
    einrichtung_a.refresh_from_db()
    assert (einrichtung_a.name, einrichtung_a.postleitzahl) == ("Lindenhof", "60311")
    staff_a = type(staff_a).objects.get(pk=staff_a.pk)  # fresh permission cache
    assert can_invite_staff(staff_a, einrichtung_a) and can_work_in(staff_a, einrichtung_a)
    assert AuditEvent.objects.filter(action="einrichtung.update").exists()
    assert AuditEvent.objects.filter(action="einrichtung.lead_set").exists()


def test_requests_admin_query_count_constant_and_action(
    client, alice, einrichtung_a, django_assert_max_num_queries
):
    client.force_login(alice)
    url = reverse("admin:einrichtungen_anfrage_changelist")
    for _ in range(2):
        AnfrageFactory.create(jugendliche=factory_j(einrichtung_a))
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(15):
        AnfrageFactory.create(jugendliche=factory_j(einrichtung_a))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)
    ids = list(Anfrage.objects.values_list("pk", flat=True))
    client.post(url, {"action": "mark_in_progress", "_selected_action": ids})
    assert set(Anfrage.objects.values_list("status", flat=True)) == {"in_bearbeitung"}


def factory_j(einrichtung):
    return JugendlicheFactory.create(einrichtung=einrichtung)


def _objects(jugendliche):
    return {
        "jugendliche": jugendliche,
        "einrichtung": jugendliche.einrichtung,
        "anfrage": AnfrageFactory.create(jugendliche=jugendliche),
        "hilfeplangespraech": HilfeplangespraechFactory.create(jugendliche=jugendliche),
        "einwilligung": jugendliche.einwilligungen.first(),
    }


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize(("who", "status"), [("alice", 200), ("bob", 302), (None, 302)])
def test_change_pages_by_role(client, request, jugendliche_a, model, who, status):
    obj = _objects(jugendliche_a)[model]
    if who:
        client.force_login(request.getfixturevalue(who))
    response = client.get(reverse(f"admin:einrichtungen_{model}_change", args=[obj.pk]))
    assert response.status_code == status
    if who == "bob":  # "does not exist": back to the admin index, nothing of the record shown
        assert response["Location"] == reverse("admin:index")
    if who is None:
        assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize("model", MODELS)
def test_admin_changelists_query_count_constant(
    client, alice, einrichtung_a, model, django_assert_max_num_queries
):
    client.force_login(alice)
    url = reverse(f"admin:einrichtungen_{model}_changelist")
    j = factory_j(einrichtung_a)
    consent_all(j)
    _objects(j)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for _ in range(8):
        more = factory_j(einrichtung_a)
        consent_all(more)
        _objects(more)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_coordinator_enters_young_person_through_the_service(client, alice, einrichtung_a):
    client.force_login(alice)
    year = str(timezone.localdate().year - 15)
    response = client.post(
        reverse("admin:einrichtungen_jugendliche_add"),
        {
            "einrichtung": einrichtung_a.pk,
            "vorname": "Lio",
            "geburtsmonat": "2",
            "geburtsjahr": year,
            "geschlecht": "divers",
            "sorgerecht": "vormund",
            **_empty_inlines(),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    j = Jugendliche.objects.get(vorname="Lio")
    assert j.created_by == alice
    assert AuditEvent.objects.filter(action="jugendliche.create", actor=alice).exists()


def _empty_inlines():
    data = {}
    for prefix in ("einwilligungen", "anfragen", "hilfeplangespraeche"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    return data
