"""The mentor's match in the portal: what consents allow, the agreement, the phone-first diary
with its 7-day correction and the concern flag; the facility's page in the staff area."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from einrichtungen.models import Einwilligung
from matching.models import Treffen
from schutzkonzept.models import Meldung
from tests.matching.factories import make_active, make_anfrage, make_mentor, propose, to_agreement

pytestmark = pytest.mark.django_db


@pytest.fixture
def active(alice, staff_a, anfrage_a, mentor_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return make_active(alice, staff_a, anfrage_a, mentor_a)


def _diary(client, begleitung, **extra):
    data = {
        "datum": timezone.localdate().isoformat(),
        "dauer_minuten": "90",
        "art": "persoenlich",
        "aktivitaet": "Eis essen im Park",
        "stimmung": "gut",
        "notiz": "",
        **extra,
    }
    return client.post(reverse("matching:treffen_create", args=[begleitung.pk]), data)


def test_portal_shows_the_mentee_as_consents_allow(active, client, mentor_a):
    from wegbegleitung.models import AuditEvent

    client.force_login(mentor_a.user)
    page = client.get(reverse("matching:portal")).content.decode()
    assert "Malik" in page and "Fußball spielen" in page and "Deutsch, Arabisch" in page
    assert AuditEvent.objects.filter(action="jugendliche.mentor_view", actor=mentor_a.user).exists()
    active.jugendliche.einwilligungen.filter(bereich=Einwilligung.Bereich.DATENWEITERGABE).update(
        widerrufen_am=timezone.now()
    )
    page = client.get(reverse("matching:portal")).content.decode()
    assert "Malik" in page and "Deutsch, Arabisch" not in page


def test_portal_start_links_the_match(active, client, mentor_a):
    client.force_login(mentor_a.user)
    assert reverse("matching:portal") in client.get(reverse("portal:start")).content.decode()


def test_mentor_confirms_the_agreement_in_the_portal(alice, anfrage_a, mentor_a, client):
    begleitung = propose(alice, anfrage_a, mentor_a)
    to_agreement(alice, begleitung)
    from matching import services

    services.vereinbarung_save(
        acting_user=alice, begleitung=begleitung, **services.default_agreement_texts()
    )
    client.force_login(mentor_a.user)
    response = client.post(reverse("matching:confirm", args=[begleitung.pk]), follow=True)
    assert "Sie haben die Vereinbarung bestätigt" in response.content.decode()
    assert begleitung.vereinbarung.bestaetigungen.get().name == "Mara Berg"


def test_log_a_meeting_and_correct_it_within_seven_days(active, client, mentor_a):
    client.force_login(mentor_a.user)
    response = _diary(client, active)
    assert response.status_code == 302
    treffen = Treffen.objects.get()
    assert treffen.dauer_minuten == 90 and treffen.art == "persoenlich"
    url = reverse("matching:treffen_update", args=[treffen.pk])
    data = {"datum": treffen.datum.isoformat(), "dauer_minuten": "60", "art": "telefon",
            "aktivitaet": "Telefonat", "stimmung": "mittel"}  # fmt: skip
    assert client.post(url, data).status_code == 302
    assert Treffen.objects.get().art == "telefon"
    Treffen.objects.update(created_at=timezone.now() - timedelta(days=8))
    response = client.post(url, {**data, "art": "video"}, follow=True)
    assert "nicht mehr korrigiert" in response.content.decode()
    assert Treffen.objects.get().art == "telefon"


def test_bad_diary_input_is_refused_with_a_message(active, client, mentor_a):
    client.force_login(mentor_a.user)
    future = (timezone.localdate() + timedelta(days=2)).isoformat()
    response = _diary(client, active, datum=future)
    assert response.status_code == 200
    assert "nicht in der Zukunft" in response.content.decode()
    assert not Treffen.objects.exists()


def test_something_worried_me_opens_a_concern_report(active, client, mentor_a):
    client.force_login(mentor_a.user)
    response = _diary(client, active, sorge="on")
    assert "Bitte beschreiben Sie" in response.content.decode()
    assert not Treffen.objects.exists() and not Meldung.objects.exists()
    _diary(client, active, sorge="on", sorge_text="Malik hatte blaue Flecken.")
    meldung = Meldung.objects.get()
    assert meldung.description == "Malik hatte blaue Flecken." and meldung.kanal == "wegbegleitung"
    treffen = Treffen.objects.get()
    assert treffen.meldung == meldung and "blaue Flecken" not in treffen.notiz


def test_other_volunteer_sees_nothing_and_cannot_write(active, client, region_a):
    other = make_mentor(region_a, email="otto@example.org")
    client.force_login(other.user)
    page = client.get(reverse("matching:portal")).content.decode()
    assert "Malik" not in page
    assert _diary(client, active).status_code == 404
    client.force_login(active.wegbegleiter.user)
    _diary(client, active)
    treffen = Treffen.objects.get()
    client.force_login(other.user)
    assert client.get(reverse("matching:treffen_update", args=[treffen.pk])).status_code == 404
    assert client.post(reverse("matching:confirm", args=[active.pk])).status_code == 404


def test_anonymous_is_sent_to_login(active, client):
    for url in (
        reverse("matching:portal"),
        reverse("matching:treffen_create", args=[active.pk]),
        reverse("matching:staff_list"),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/konto/login/" in response["Location"]


def test_portal_queries_do_not_grow_with_the_diary(
    active, client, mentor_a, django_assert_max_num_queries
):
    client.force_login(mentor_a.user)
    _diary(client, active)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("matching:portal"))
    baseline = len(few)  # read now: a later capture clears the log
    assert baseline < 30
    for _ in range(5):
        _diary(client, active)
    with django_assert_max_num_queries(baseline):
        page = client.get(reverse("matching:portal")).content.decode()
    assert page.count("Eis essen im Park") == 6


def test_staff_area_lists_own_facilitys_matches_only(
    active, client, staff_a, staff_b, einrichtung_b, region_b, bob, django_assert_max_num_queries
):
    client.force_login(staff_a)
    with django_assert_max_num_queries(20):
        page = client.get(reverse("matching:staff_list")).content.decode()
    assert "Malik" in page and "Mara Berg" in page
    client.force_login(staff_b)
    assert "Malik" not in client.get(reverse("matching:staff_list")).content.decode()


def test_staff_confirm_for_facility_and_young_person(
    alice, staff_a, staff_b, anfrage_a, mentor_a, client
):
    from matching import services

    begleitung = propose(alice, anfrage_a, mentor_a)
    to_agreement(alice, begleitung)
    services.vereinbarung_save(
        acting_user=alice, begleitung=begleitung, **services.default_agreement_texts()
    )
    client.force_login(staff_b)
    url = reverse("matching:staff_confirm", args=[begleitung.pk, "einrichtung"])
    assert client.post(url).status_code == 404
    client.force_login(staff_a)
    client.post(url)
    jugend = reverse("matching:staff_confirm", args=[begleitung.pk, "jugendliche"])
    response = client.post(jugend, {"name": ""}, follow=True)
    assert "Bitte nennen Sie" in response.content.decode()
    client.post(jugend, {"name": "Malik"})
    names = dict(begleitung.vereinbarung.bestaetigungen.values_list("partei", "name"))
    assert names["jugendliche"] == "Malik" and "einrichtung" in names


def test_matches_of_other_young_people_stay_hidden(active, client, staff_a, einrichtung_b):
    make_anfrage(einrichtung_b)
    client.force_login(staff_a)
    assert client.get(reverse("matching:staff_list")).status_code == 200


def test_facility_states_matching_wishes(anfrage_a, staff_a, staff_b, client, alice):
    from matching.models import Wunsch

    url = reverse("matching:wunsch", args=[anfrage_a.jugendliche_id])
    client.force_login(staff_a)
    assert (
        "Wünsche für die Vermittlung" in client.get(reverse("matching:staff_list")).content.decode()
    )
    client.post(url, {"mentor_geschlecht": "w", "zeiten": ["mo-nachmittag", "sa-vormittag"]})
    wunsch = Wunsch.objects.get(jugendliche=anfrage_a.jugendliche)
    assert wunsch.mentor_geschlecht == "w" and wunsch.zeiten == ["mo-nachmittag", "sa-vormittag"]
    for other in (staff_b, alice):  # another facility; coordinators use the admin
        client.force_login(other)
        assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_staff_list_queries_do_not_grow(alice, staff_a, einrichtung_a, region_a, client):
    from matching import services
    from tests.matching.factories import make_mentor

    propose(alice, make_anfrage(einrichtung_a), make_mentor(region_a))
    client.force_login(staff_a)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("matching:staff_list"))
    baseline = len(few)
    for _ in range(4):
        begleitung = propose(alice, make_anfrage(einrichtung_a), make_mentor(region_a))
        to_agreement(alice, begleitung)
        services.vereinbarung_save(
            acting_user=alice, begleitung=begleitung, **services.default_agreement_texts()
        )
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("matching:staff_list")).content.decode()
    assert len(many) <= baseline + 1  # + the confirmations, prefetched once
    assert page.count("Für die Einrichtung bestätigen") == 4


def test_diary_form_offers_mood_without_an_empty_choice(active, client, mentor_a):
    client.force_login(mentor_a.user)
    page = client.get(reverse("matching:treffen_create", args=[active.pk])).content.decode()
    assert 'name="stimmung" value=""' not in page and 'value="gut"' in page
    assert "Select an option" not in page


def test_without_clearance_the_mentor_sees_no_details(active, client, mentor_a):
    from schutzkonzept.models import Schutzschulung

    Schutzschulung.objects.filter(wegbegleiter=mentor_a).delete()
    client.force_login(mentor_a.user)
    page = client.get(reverse("matching:portal")).content.decode()
    assert "Fußball spielen" not in page and "Malik" not in page
    assert "Angaben zur:zum Jugendlichen bleiben bis dahin verborgen" in page
