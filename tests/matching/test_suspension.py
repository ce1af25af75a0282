"""The concern step "match suspended" really stops contact until a child-protection lead lifts
it (issue 10, 3; DOMAIN.md "Safeguarding")."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from matching.models import Aussetzung, Treffen
from matching.services.suspension import begleitung_suspension_lift
from schutzkonzept.models import Meldung, MeldungSchritt
from schutzkonzept.services.concerns import meldung_record_step, meldung_report
from tests.factories import make_user
from tests.matching.factories import make_active
from wegbegleitung.models import AuditEvent
from wegbegleitung.roles import Role

pytestmark = pytest.mark.django_db
A = MeldungSchritt.Art
PAUSED = "Der Kontakt in dieser Begleitung ruht vorerst"


@pytest.fixture
def active(alice, staff_a, anfrage_a, mentor_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return make_active(alice, staff_a, anfrage_a, mentor_a)


@pytest.fixture
def lead_a(region_a):
    return make_user(Role.KINDERSCHUTZ, region=region_a, email="sabine@example.org")


@pytest.fixture
def lead_b(region_b):
    return make_user(Role.KINDERSCHUTZ, region=region_b, email="kim@example.org")


@pytest.fixture
def decided(staff_a, einrichtung_a, lead_a, django_capture_on_commit_callbacks):
    """A concern about the facility's young person, assessed: steps may now be taken."""
    with django_capture_on_commit_callbacks(execute=True):
        meldung = meldung_report(
            acting_user=staff_a,
            description="Geheimnis: Streit beim Treffen.",
            einrichtung=einrichtung_a,
        )
    meldung_record_step(
        acting_user=lead_a, meldung=meldung, art=A.EINSCHAETZUNG_BEGONNEN, specialist="Frau Dr. K."
    )
    meldung_record_step(
        acting_user=lead_a, meldung=meldung, art=A.EINGESCHAETZT, note="Schutz nötig"
    )
    return meldung


def _diary(client, begleitung):
    data = {
        "datum": timezone.localdate().isoformat(),
        "dauer_minuten": "60",
        "art": "persoenlich",
        "aktivitaet": "Kino",
        "stimmung": "gut",
    }
    return client.post(reverse("matching:treffen_create", args=[begleitung.pk]), data)


def _suspend_on_the_concern_page(client, lead, meldung, begleitung):
    client.force_login(lead)
    return client.post(
        reverse("schutzkonzept:meldung_detail", args=[meldung.pk]),
        {"art": A.BEGLEITUNG_AUSGESETZT, "note": "", "begleitung_id": str(begleitung.pk)},
    )


def test_the_lead_suspends_the_match_and_no_meeting_can_be_logged(
    client, active, decided, lead_a, mentor_a
):
    page = client.force_login(lead_a) or client.get(
        reverse("schutzkonzept:meldung_detail", args=[decided.pk])
    )
    assert f'value="{active.pk}"' in page.content.decode()  # offered as the match to suspend
    response = _suspend_on_the_concern_page(client, lead_a, decided, active)
    assert response.status_code == 302
    aussetzung = Aussetzung.objects.get(begleitung=active)
    assert aussetzung.meldung == decided and aussetzung.by == lead_a and aussetzung.is_open
    assert decided.schritte.filter(art=A.BEGLEITUNG_AUSGESETZT).exists()
    assert AuditEvent.objects.filter(action="begleitung.suspend", object_id=str(active.pk)).exists()
    concern_page = client.get(reverse("schutzkonzept:meldung_detail", args=[decided.pk]))
    body = concern_page.content.decode()
    assert "Ausgesetzte Begleitungen" in body and "Aussetzung aufheben" in body
    assert reverse("admin:matching_aussetzung_change", args=[aussetzung.pk]) in body

    client.force_login(mentor_a.user)
    refused = _diary(client, active)
    assert refused.status_code == 200
    assert PAUSED in refused.content.decode()
    assert not Treffen.objects.filter(begleitung=active).exists()


def test_the_portal_says_contact_is_paused_without_the_concern(
    client, active, decided, lead_a, mentor_a, django_assert_max_num_queries
):
    _suspend_on_the_concern_page(client, lead_a, decided, active)
    client.force_login(mentor_a.user)
    with django_assert_max_num_queries(30):
        page = client.get(reverse("matching:portal")).content.decode()
    assert "Der Kontakt in dieser Begleitung ruht vorerst" in page
    assert "Koordination" in page
    assert reverse("matching:treffen_create", args=[active.pk]) not in page
    assert "Geheimnis" not in page and "Schutz nötig" not in page


def test_without_a_chosen_match_the_step_is_refused_and_nothing_changes(
    client, active, decided, lead_a
):
    client.force_login(lead_a)
    response = client.post(
        reverse("schutzkonzept:meldung_detail", args=[decided.pk]),
        {"art": A.BEGLEITUNG_AUSGESETZT, "note": ""},
    )
    assert response.status_code == 200
    assert "Bitte wählen Sie die Begleitung aus, die ausgesetzt wird." in response.content.decode()
    assert not Aussetzung.objects.exists()
    assert not decided.schritte.filter(art=A.BEGLEITUNG_AUSGESETZT).exists()


def test_a_lead_of_another_region_cannot_suspend_it(active, decided, lead_b):
    Meldung.objects.filter(pk=decided.pk).update(region=None)  # make the concern visible to B
    decided.refresh_from_db()
    with pytest.raises(PermissionDenied):
        meldung_record_step(
            acting_user=lead_b,
            meldung=decided,
            art=A.BEGLEITUNG_AUSGESETZT,
            begleitung_id=active.pk,
        )
    assert not Aussetzung.objects.exists()


def test_only_a_child_protection_lead_lifts_it(client, active, decided, lead_a, alice, mentor_a):
    _suspend_on_the_concern_page(client, lead_a, decided, active)
    aussetzung = Aussetzung.objects.get()
    change = reverse("admin:matching_aussetzung_change", args=[aussetzung.pk])

    client.force_login(alice)  # coordinator of the region, not a lead: reads, cannot lift
    assert client.get(change).status_code == 200
    assert client.post(change, {"aufhebung_notiz": "passt schon"}).status_code == 403
    with pytest.raises(PermissionDenied):
        begleitung_suspension_lift(acting_user=alice, begleitung=active, note="passt schon")
    assert Aussetzung.objects.get().is_open

    client.force_login(lead_a)
    assert client.post(change, {"aufhebung_notiz": ""}).status_code == 200  # a reason is needed
    assert Aussetzung.objects.get().is_open
    assert client.post(change, {"aufhebung_notiz": "Gespräch geführt"}).status_code == 302
    lifted = Aussetzung.objects.get()
    assert not lifted.is_open and lifted.aufgehoben_von == lead_a
    assert AuditEvent.objects.filter(action="begleitung.suspension_lift").exists()

    client.force_login(mentor_a.user)
    assert _diary(client, active).status_code == 302
    assert Treffen.objects.filter(begleitung=active).count() == 1
    with pytest.raises(ValidationError):
        begleitung_suspension_lift(acting_user=lead_a, begleitung=active, note="nochmal")


def test_the_match_list_shows_the_suspension_to_coordinators(
    client, active, decided, lead_a, alice
):
    _suspend_on_the_concern_page(client, lead_a, decided, active)
    client.force_login(alice)
    page = client.get(reverse("admin:matching_begleitung_changelist")).content.decode()
    assert "Ausgesetzt (Kinderschutz)" in page
    assert "Geheimnis" not in page


def test_others_do_not_open_the_suspensions(
    client, active, decided, lead_a, bob, staff_a, volunteer
):
    _suspend_on_the_concern_page(client, lead_a, decided, active)
    change = reverse("admin:matching_aussetzung_change", args=[Aussetzung.objects.get().pk])
    client.force_login(bob)
    assert client.get(change).status_code in {302, 403}  # the admin: not in bob's region
    for who in (staff_a, volunteer):
        client.force_login(who)
        assert "/admin/login/" in client.get(change)["Location"]
    client.logout()
    assert client.get(change).status_code == 302


def test_coordinators_cannot_restart_contact_but_may_pause_or_close(
    client, active, decided, lead_a, alice
):
    from matching.models import Begleitung
    from matching.services import TransitionRefused, begleitung_transition

    _suspend_on_the_concern_page(client, lead_a, decided, active)
    paused = begleitung_transition(
        acting_user=alice, begleitung=active, action="pause", reason="Schutz"
    )
    assert paused.status == Begleitung.Status.PAUSIERT
    with pytest.raises(TransitionRefused) as refused:
        begleitung_transition(acting_user=alice, begleitung=active, action="resume")
    assert "Kinderschutz" in str(refused.value)
    assert Begleitung.objects.get(pk=active.pk).status == Begleitung.Status.PAUSIERT


def test_a_concern_from_the_diary_offers_exactly_its_match(
    active, lead_a, mentor_a, alice, staff_a, einrichtung_a, django_capture_on_commit_callbacks
):
    from matching.lists import suspension_candidates
    from matching.services import treffen_create
    from tests.matching.factories import make_anfrage, make_mentor

    other_mentor = make_mentor(einrichtung_a.region, email="otto@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        other = make_active(
            alice, staff_a, make_anfrage(einrichtung_a, vorname="Nora"), other_mentor
        )
        treffen = treffen_create(
            acting_user=mentor_a.user,
            begleitung=active,
            datum=timezone.localdate(),
            dauer_minuten=60,
            art="persoenlich",
            aktivitaet="Park",
            stimmung="gut",
            sorge=True,
            sorge_text="Er hatte Angst, nach Hause zu gehen.",
        )
    meldung = treffen.meldung
    assert [b.pk for b in suspension_candidates(meldung=meldung, user=lead_a)] == [active.pk]
    assert other.pk != active.pk


def test_an_entry_cannot_be_corrected_while_suspended(client, active, decided, lead_a, mentor_a):
    client.force_login(mentor_a.user)
    assert _diary(client, active).status_code == 302
    treffen = Treffen.objects.get(begleitung=active)
    _suspend_on_the_concern_page(client, lead_a, decided, active)
    client.force_login(mentor_a.user)
    url = reverse("matching:treffen_update", args=[treffen.pk])
    response = client.post(
        url,
        {"datum": timezone.localdate().isoformat(), "dauer_minuten": "90", "art": "persoenlich",
         "aktivitaet": "Geändert", "stimmung": "gut"},
    )  # fmt: skip
    assert PAUSED in response.content.decode()
    assert Treffen.objects.get(pk=treffen.pk).aktivitaet == "Kino"
