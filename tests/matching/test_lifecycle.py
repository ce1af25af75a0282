"""Every allowed and refused step of a match's life, and what each step changes."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from einrichtungen.models import Anfrage, Einwilligung
from einrichtungen.services import jugendliche_auszug
from matching import services
from matching.models import Begleitung
from matching.services import TRANSITIONS, TransitionRefused
from schutzkonzept.models import Schutzschulung
from tests.matching.factories import (
    confirm_all,
    make_active,
    make_anfrage,
    make_mentor,
    propose,
    to_agreement,
)
from wegbegleitung.models import AuditEvent, Wegbegleiter

S = Begleitung.Status
pytestmark = pytest.mark.django_db


def test_proposal_reserves_the_pair_and_puts_the_request_in_progress(alice, anfrage_a, mentor_a):
    begleitung = propose(alice, anfrage_a, mentor_a)
    assert begleitung.status == S.VORGESCHLAGEN and begleitung.slot == 1
    anfrage_a.refresh_from_db()
    assert anfrage_a.status == Anfrage.Status.IN_BEARBEITUNG
    assert AuditEvent.objects.filter(action="begleitung.propose").exists()


def test_full_life_to_active_sets_the_activity_start_and_marks_the_request(
    alice, staff_a, anfrage_a, mentor_a
):
    begleitung = make_active(alice, staff_a, anfrage_a, mentor_a)
    assert begleitung.status == S.AKTIV and begleitung.started_on == timezone.localdate()
    mentor_a.refresh_from_db()
    anfrage_a.refresh_from_db()
    assert mentor_a.activity_started_on == timezone.localdate()
    assert anfrage_a.status == Anfrage.Status.VERMITTELT


def test_not_cleared_volunteer_cannot_be_proposed(alice, anfrage_a, region_a):
    mentor = make_mentor(region_a, cleared=False)
    with pytest.raises(TransitionRefused, match="nicht freigegeben"):
        propose(alice, anfrage_a, mentor)
    assert not Begleitung.objects.exists()


def test_missing_consent_refuses_the_proposal(alice, anfrage_a, mentor_a):
    anfrage_a.jugendliche.einwilligungen.filter(
        bereich=Einwilligung.Bereich.DATENWEITERGABE
    ).update(widerrufen_am=timezone.now())
    with pytest.raises(TransitionRefused, match="Einwilligung fehlt"):
        propose(alice, anfrage_a, mentor_a)
    assert not Begleitung.objects.exists()


def test_coordinator_of_another_region_may_not_propose(bob, anfrage_a, mentor_a):
    with pytest.raises(PermissionDenied):
        propose(bob, anfrage_a, mentor_a)


def test_volunteer_at_capacity_is_refused_unless_raised(alice, einrichtung_a, mentor_a):
    propose(alice, make_anfrage(einrichtung_a), mentor_a)
    second = make_anfrage(einrichtung_a)
    with pytest.raises(TransitionRefused, match="keine freie Kapazität"):
        propose(alice, second, mentor_a)
    services.kapazitaet_set(acting_user=alice, wegbegleiter=mentor_a, max_begleitungen=2)
    assert propose(alice, second, mentor_a).slot == 2


def test_activation_refused_while_clearance_lapsed(alice, staff_a, anfrage_a, mentor_a):
    begleitung = propose(alice, anfrage_a, mentor_a)
    to_agreement(alice, begleitung)
    confirm_all(alice, staff_a, begleitung)
    Schutzschulung.objects.filter(wegbegleiter=mentor_a).delete()
    with pytest.raises(TransitionRefused, match="nicht freigegeben"):
        services.begleitung_transition(acting_user=alice, begleitung=begleitung, action="activate")
    begleitung.refresh_from_db()
    assert begleitung.status == S.VEREINBARUNG and begleitung.started_on is None
    assert Wegbegleiter.objects.get(pk=mentor_a.pk).activity_started_on is None


def test_agreement_needs_both_yes(alice, anfrage_a, mentor_a):
    begleitung = propose(alice, anfrage_a, mentor_a)
    services.kennenlernen_record(
        acting_user=alice,
        begleitung=begleitung,
        datum=timezone.localdate(),
        teilnehmende="alle",
        zusage_wegbegleiter="ja",
        zusage_jugendliche="nein",
    )
    with pytest.raises(TransitionRefused, match="beide Seiten"):
        services.begleitung_transition(
            acting_user=alice, begleitung=begleitung, action="to_agreement"
        )
    assert Begleitung.objects.get().status == S.KENNENLERNEN


def test_activation_needs_all_confirmations(alice, anfrage_a, mentor_a):
    begleitung = propose(alice, anfrage_a, mentor_a)
    to_agreement(alice, begleitung)
    services.vereinbarung_save(
        acting_user=alice, begleitung=begleitung, **services.default_agreement_texts()
    )
    with pytest.raises(TransitionRefused, match="Bestätigung"):
        services.begleitung_transition(acting_user=alice, begleitung=begleitung, action="activate")


# Every (status, action) pair: allowed ones move, the others are refused and change nothing.
ALL_STATES = list(S.values)


def _force(begleitung, status):
    Begleitung.objects.filter(pk=begleitung.pk).update(
        status=status,
        started_on=timezone.localdate()
        if status in ("aktiv", "care_leaver", "pausiert", "ende_angefragt")
        else None,
        resume_status="aktiv" if status == "pausiert" else "",
    )
    begleitung.refresh_from_db()


@pytest.mark.parametrize("status", ALL_STATES)
@pytest.mark.parametrize("action", [a for a in TRANSITIONS if a != "close"])
def test_transition_matrix(alice, staff_a, anfrage_a, mentor_a, status, action):
    begleitung = propose(alice, anfrage_a, mentor_a)
    _force(begleitung, status)
    allowed = status in TRANSITIONS[action].sources
    if not allowed:
        with pytest.raises(TransitionRefused):
            services.begleitung_transition(
                acting_user=alice, begleitung=begleitung, action=action, reason="Grund"
            )
        begleitung.refresh_from_db()
        assert begleitung.status == status
        return
    _prepare(alice, staff_a, begleitung, action)
    services.begleitung_transition(
        acting_user=alice, begleitung=begleitung, action=action, reason="Grund"
    )
    begleitung.refresh_from_db()
    expected = TRANSITIONS[action].target or "aktiv"
    assert begleitung.status == expected


def _prepare(alice, staff_a, begleitung, action):
    """What each guard needs, so the matrix tests the transition itself."""
    if action == "to_agreement":
        services.kennenlernen_record(
            acting_user=alice, begleitung=begleitung, datum=timezone.localdate(),
            teilnehmende="alle", zusage_wegbegleiter="ja", zusage_jugendliche="ja",
        )  # fmt: skip
    if action == "activate":
        confirm_all(alice, staff_a, begleitung)
    if action == "care_leaver":
        jugendliche_auszug(
            acting_user=alice, jugendliche=begleitung.jugendliche, auszug_am=timezone.localdate()
        )


def test_pause_needs_a_reason_and_resume_returns_to_the_phase(alice, staff_a, anfrage_a, mentor_a):
    begleitung = make_active(alice, staff_a, anfrage_a, mentor_a)
    with pytest.raises(TransitionRefused, match="Begründung"):
        services.begleitung_transition(acting_user=alice, begleitung=begleitung, action="pause")
    services.begleitung_transition(
        acting_user=alice, begleitung=begleitung, action="pause", reason="Urlaub"
    )
    assert Begleitung.objects.get().status == S.PAUSIERT
    services.begleitung_transition(acting_user=alice, begleitung=begleitung, action="resume")
    assert Begleitung.objects.get().status == S.AKTIV


def test_care_leaver_phase_needs_the_move_out(alice, staff_a, anfrage_a, mentor_a):
    begleitung = make_active(alice, staff_a, anfrage_a, mentor_a)
    with pytest.raises(TransitionRefused, match="Auszug"):
        services.begleitung_transition(
            acting_user=alice, begleitung=begleitung, action="care_leaver"
        )
    day = timezone.localdate()
    jugendliche_auszug(acting_user=alice, jugendliche=begleitung.jugendliche, auszug_am=day)
    services.begleitung_transition(acting_user=alice, begleitung=begleitung, action="care_leaver")
    begleitung.refresh_from_db()
    assert begleitung.status == S.CARE_LEAVER and begleitung.care_leaver_since == day


def test_declining_a_proposal_reopens_the_request(alice, anfrage_a, mentor_a):
    begleitung = propose(alice, anfrage_a, mentor_a)
    services.begleitung_transition(
        acting_user=alice, begleitung=begleitung, action="decline", reason="passt nicht"
    )
    anfrage_a.refresh_from_db()
    assert anfrage_a.status == Anfrage.Status.OFFEN
    assert propose(alice, anfrage_a, mentor_a).status == S.VORGESCHLAGEN


def test_volunteer_of_another_region_cannot_be_proposed(alice, anfrage_a, region_b):
    elsewhere = make_mentor(region_b)
    with pytest.raises(
        TransitionRefused,
        match="nicht vorgeschlagen werden: nicht freigegeben oder in dieser Region nicht verfügbar",
    ):
        propose(alice, anfrage_a, elsewhere)
    assert not Begleitung.objects.exists()


def test_the_score_is_kept_with_the_proposal(alice, anfrage_a, mentor_a):
    begleitung = propose(alice, anfrage_a, mentor_a)
    assert begleitung.score is not None and 0 < begleitung.score <= 100
    assert [p["label"] for p in begleitung.score_parts] == [
        "Entfernung", "Gemeinsame Interessen", "Gemeinsame Sprachen", "Gemeinsame Zeiten",
    ]  # fmt: skip


@pytest.mark.parametrize("status", ALL_STATES)
def test_closure_matrix(alice, anfrage_a, mentor_a, status):
    from matching.models import Abschluss

    begleitung = propose(alice, anfrage_a, mentor_a)
    _force(begleitung, status)
    data = {
        "art": "geplant", "grund": "ziel_erreicht", "kontakt_danach": "kein",
        "wegbegleiter_danach": "verfuegbar",
    }  # fmt: skip
    if status in TRANSITIONS["close"].sources:
        services.begleitung_close(acting_user=alice, begleitung=begleitung, **data)
        assert Begleitung.objects.get().status == S.BEENDET
    else:
        with pytest.raises(TransitionRefused):
            services.begleitung_close(acting_user=alice, begleitung=begleitung, **data)
        assert Begleitung.objects.get().status == status
        assert not Abschluss.objects.exists()
