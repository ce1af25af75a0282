"""Coordinators' admin: suggestions on the request, the region proposal, a match's page and
steps; allowed, other region and anonymous as one matrix; query counts as rows grow."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from matching.models import Begleitung, Gewichtung, Kapazitaet
from tests.matching.factories import make_active, make_anfrage, make_mentor, propose
from wegbegleitung.models import Wegbegleiter

pytestmark = pytest.mark.django_db


def _urls(begleitung, anfrage, region):
    return [
        reverse("admin:matching_begleitung_changelist"),
        reverse("admin:matching_begleitung_change", args=[begleitung.pk]),
        reverse("admin:matching_begleitung_step", args=[begleitung.pk, "decline"]),
        reverse("admin:matching_begleitung_kennenlernen", args=[begleitung.pk]),
        reverse("admin:matching_vermittlung_changelist"),
        reverse("admin:matching_vermittlung_change", args=[anfrage.pk]),
        reverse("admin:matching_vermittlung_region", args=[region.pk]),
        reverse("admin:matching_begleitung_vereinbarung", args=[begleitung.pk]),
        reverse("admin:matching_begleitung_confirm", args=[begleitung.pk, "koordination"]),
        reverse("admin:matching_begleitung_kontakt", args=[begleitung.pk]),
        reverse("admin:matching_begleitung_abschluss", args=[begleitung.pk]),
    ]


@pytest.fixture
def scene(alice, einrichtung_a, region_a, mentor_a):
    begleitung = propose(alice, make_anfrage(einrichtung_a, vorname="Paul"), mentor_a)
    anfrage = make_anfrage(einrichtung_a, vorname="Malik")
    make_mentor(region_a, email="second@example.org", first_name="Sina", last_name="Sommer")
    return begleitung, anfrage


@pytest.mark.parametrize("who", ["alice", "bob", "staff_a", "anonymous"])
def test_admin_pages_matrix(scene, region_a, client, request, who):
    begleitung, anfrage = scene
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    for index, url in enumerate(_urls(begleitung, anfrage, region_a)):
        response = client.get(url)
        if who == "alice":
            assert response.status_code == 200, url
        elif who == "bob":
            # the lists are empty for bob; any object of region A is "not found"
            if index in (0, 4):
                assert response.status_code == 200
                assert "Paul" not in response.content.decode()
                assert "Malik" not in response.content.decode()
            else:
                assert response.status_code in (302, 404), url
                assert "Malik" not in response.content.decode()
        else:
            assert response.status_code == 302 and "login" in response["Location"], url


def test_suggestions_page_shows_the_top_ten_explained(scene, client, alice):
    _, anfrage = scene
    client.force_login(alice)
    page = client.get(
        reverse("admin:matching_vermittlung_change", args=[anfrage.pk])
    ).content.decode()
    assert "Die zehn besten Vorschläge" in page
    assert "Sina Sommer" in page
    assert "Gemeinsame Interessen" in page and "1 von 2: fußball" in page
    assert "km entfernt" in page


def test_propose_from_the_suggestions_page(scene, client, alice):
    _, anfrage = scene
    sina = Wegbegleiter.objects.get(user__email="second@example.org")
    client.force_login(alice)
    url = reverse("admin:matching_vermittlung_change", args=[anfrage.pk])
    response = client.post(url, {"wegbegleiter": sina.pk}, follow=True)
    assert "Die Begleitung wurde vorgeschlagen." in response.content.decode()
    begleitung = Begleitung.objects.get(jugendliche=anfrage.jugendliche)
    assert begleitung.wegbegleiter == sina and begleitung.score is not None
    assert any(p["label"] == "Entfernung" for p in begleitung.score_parts)


def test_bob_cannot_propose_in_region_a(scene, client, bob, mentor_a):
    _, anfrage = scene
    client.force_login(bob)
    url = reverse("admin:matching_vermittlung_change", args=[anfrage.pk])
    assert client.post(url, {"wegbegleiter": mentor_a.pk}).status_code in (302, 404)
    assert not Begleitung.objects.filter(jugendliche=anfrage.jugendliche).exists()


def test_region_page_accept_and_reject(scene, client, alice, region_a):
    _, anfrage = scene
    client.force_login(alice)
    url = reverse("admin:matching_vermittlung_region", args=[region_a.pk])
    page = client.get(url).content.decode()
    assert "Malik" in page and "Sina Sommer" in page
    sina = Wegbegleiter.objects.get(user__email="second@example.org")
    client.post(url, {"anfrage": anfrage.pk, "wegbegleiter": sina.pk, "decision": "reject"})
    assert "Sina Sommer" not in client.get(url).content.decode()
    assert not Begleitung.objects.filter(jugendliche=anfrage.jugendliche).exists()


def test_step_refused_shows_the_message_and_changes_nothing(scene, client, alice):
    begleitung, _ = scene
    client.force_login(alice)
    url = reverse("admin:matching_begleitung_step", args=[begleitung.pk, "activate"])
    page = client.post(url, {"reason": ""}).content.decode()
    assert "ist nicht möglich, solange die Begleitung" in page
    assert Begleitung.objects.get(pk=begleitung.pk).status == Begleitung.Status.VORGESCHLAGEN


def test_introduction_meeting_through_the_admin(scene, client, alice):
    begleitung, _ = scene
    client.force_login(alice)
    url = reverse("admin:matching_begleitung_kennenlernen", args=[begleitung.pk])
    data = {"datum": timezone.localdate().isoformat(), "teilnehmende": "Alle",
            "zusage_wegbegleiter": "ja", "zusage_jugendliche": "ja", "notiz": ""}  # fmt: skip
    assert client.post(url, data).status_code == 302
    assert Begleitung.objects.get(pk=begleitung.pk).status == Begleitung.Status.KENNENLERNEN


def test_changelist_flags_lapse_and_due_contacts_with_constant_queries(
    alice, staff_a, einrichtung_a, region_a, client
):
    from schutzkonzept.models import FreigabeVerlust

    client.force_login(alice)
    url = reverse("admin:matching_begleitung_changelist")
    mentor = make_mentor(region_a)
    make_active(alice, staff_a, make_anfrage(einrichtung_a), mentor)
    FreigabeVerlust.objects.create(wegbegleiter=mentor, detected_on=timezone.localdate())
    with CaptureQueriesContext(connection) as few:
        page = client.get(url).content.decode()
    baseline = len(few)
    assert "Freigabe verloren" in page and "fällig am" in page
    for _ in range(4):
        make_active(alice, staff_a, make_anfrage(einrichtung_a), make_mentor(region_a))
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) <= baseline
    assert "Freigabe verloren" in client.get(url + "?freigabe=verloren").content.decode()
    from datetime import timedelta

    today = timezone.localdate()
    Begleitung.objects.update(started_on=today - timedelta(days=10))  # first contact in 5 days
    Begleitung.objects.filter(wegbegleiter=mentor).update(started_on=today - timedelta(days=20))
    cell = 'class="field-kontakt_due">'
    soon = client.get(url + "?faellig=bald").content.decode()
    assert soon.count(cell + "fällig am") == 4 and soon.count(cell + "überfällig seit") == 1
    overdue = client.get(url + "?faellig=ueberfaellig").content.decode()
    assert overdue.count(cell) == 1 and overdue.count(cell + "überfällig seit") == 1


def test_vermittlung_changelist_queries_constant(alice, einrichtung_a, client):
    client.force_login(alice)
    url = reverse("admin:matching_vermittlung_changelist")
    make_anfrage(einrichtung_a)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    baseline = len(few)
    for _ in range(4):
        make_anfrage(einrichtung_a)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) <= baseline


def test_weights_and_capacity_through_the_admin(alice, bob, region_a, region_b, client, mentor_a):
    client.force_login(alice)
    data = {"region": region_a.pk, "distance": "1", "interests": "4", "languages": "1",
            "availability": "1", "default_max_km": "30"}  # fmt: skip
    client.post(reverse("admin:matching_gewichtung_add"), data)
    assert Gewichtung.objects.get(region=region_a).interests == 4
    response = client.post(
        reverse("admin:matching_gewichtung_add"), {**data, "region": region_b.pk}
    )
    assert response.status_code == 200 and not Gewichtung.objects.filter(region=region_b).exists()
    client.post(
        reverse("admin:matching_kapazitaet_add"),
        {"wegbegleiter": mentor_a.pk, "max_begleitungen": "2", "grund": "erfahren"},
    )
    assert Kapazitaet.objects.get(wegbegleiter=mentor_a).max_begleitungen == 2


def test_overview_shows_what_is_due_in_own_regions_only(
    alice, bob, staff_a, einrichtung_a, region_a, client
):
    from datetime import timedelta

    from tests.einrichtungen.factories import HilfeplangespraechFactory

    begleitung = make_active(
        alice, staff_a, make_anfrage(einrichtung_a, vorname="Malik"), make_mentor(region_a)
    )
    Begleitung.objects.filter(pk=begleitung.pk).update(
        started_on=timezone.localdate() - timedelta(days=40)
    )
    HilfeplangespraechFactory.create(
        jugendliche=begleitung.jugendliche,
        datum=timezone.localdate(),
        naechste_ueberpruefung=None,
        wegbegleiter_eingeladen=True,
        wegbegleiter_teilgenommen=True,
    )
    url = reverse("admin:matching_begleitung_uebersicht")
    client.force_login(alice)
    page = client.get(url).content.decode()
    assert "1 laufende Begleitung" in page and "Malik" in page and "überfällig" in page
    assert "Wegbegleiter:in anwesend (vermittelte Jugendliche): 1 / 1" in page
    client.force_login(bob)
    page = client.get(url).content.decode()
    assert "0 laufende Begleitungen" in page and "Malik" not in page
    client.logout()
    assert client.get(url).status_code == 302


@pytest.mark.parametrize("who", ["alice", "bob", "anonymous"])
def test_settings_pages_matrix(who, alice, region_a, mentor_a, anfrage_a, client, request):
    from matching.models import Wunsch

    Gewichtung.objects.create(region=region_a)
    Kapazitaet.objects.create(wegbegleiter=mentor_a, max_begleitungen=2)
    Wunsch.objects.create(jugendliche=anfrage_a.jugendliche, mentor_geschlecht="w")
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    for model, shown in (
        ("gewichtung", "Rhein-Main"),
        ("kapazitaet", "Mara Berg"),
        ("wunsch", "Malik"),
    ):
        response = client.get(reverse(f"admin:matching_{model}_changelist"))
        if who == "anonymous":
            assert response.status_code == 302
            continue
        assert response.status_code == 200
        assert (shown in response.content.decode()) is (who == "alice"), model


def test_capacity_below_open_matches_is_refused_on_the_form(
    alice, mentor_a, anfrage_a, einrichtung_a, client
):
    services_propose = propose(alice, anfrage_a, mentor_a)
    assert services_propose.slot == 1
    from matching import services

    services.kapazitaet_set(acting_user=alice, wegbegleiter=mentor_a, max_begleitungen=2)
    propose(alice, make_anfrage(einrichtung_a), mentor_a)
    client.force_login(alice)
    kapazitaet = Kapazitaet.objects.get()
    url = reverse("admin:matching_kapazitaet_change", args=[kapazitaet.pk])
    response = client.post(url, {"wegbegleiter": mentor_a.pk, "max_begleitungen": "1", "grund": ""})
    assert response.status_code == 200
    assert "bereits 2 offene Begleitungen" in response.content.decode()
    assert Kapazitaet.objects.get().max_begleitungen == 2


def test_support_contact_and_closure_through_the_admin(alice, staff_a, anfrage_a, mentor_a, client):
    begleitung = make_active(alice, staff_a, anfrage_a, mentor_a)
    client.force_login(alice)
    today = timezone.localdate().isoformat()
    url = reverse("admin:matching_begleitung_kontakt", args=[begleitung.pk])
    data = {"mit": "jugendliche", "datum": today, "dauer_minuten": "20", "kanal": "telefon",
            "aktivitaeten": "Kino", "beziehung": "vertraut", "kinderschutz": "nichts",
            "wirkung": "mehr Mut", "ist_review": ""}  # fmt: skip
    assert client.post(url, {**data, "aktivitaeten": ""}).status_code == 200  # a question left open
    assert client.post(url, data).status_code == 302
    assert begleitung.kontakte.get().mit == "jugendliche"
    url = reverse("admin:matching_begleitung_abschluss", args=[begleitung.pk])
    data = {"art": "geplant", "grund": "ziel_erreicht", "beendet_am": today,
            "kontakt_danach": "ueber_verein", "wegbegleiter_danach": "verfuegbar",
            "gespraech_wegbegleiter": "dankbar", "gespraech_jugendliche": "stolz"}  # fmt: skip
    assert client.post(url, data).status_code == 302
    begleitung.refresh_from_db()
    assert begleitung.status == Begleitung.Status.BEENDET
    assert begleitung.abschluss.gespraech_jugendliche == "stolz"
