"""Support contacts and their due dates, reviews, diary silence, agreements waiting, closure and
the care-leaver phase."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from einrichtungen.models import Anfrage
from einrichtungen.services import jugendliche_auszug
from matching import lists, schedule, services
from matching.models import Abschluss, Begleitung, Treffen
from matching.services import TransitionRefused
from programme.models import Programm
from tests.matching.factories import make_active, make_anfrage, propose, to_agreement
from wegbegleitung.models import Wegbegleiter

pytestmark = pytest.mark.django_db
START = date(2026, 1, 1)


@pytest.mark.parametrize(
    ("last", "care_leaver", "due"),
    [
        (None, False, date(2026, 1, 16)),  # twice in the first month
        (date(2026, 1, 16), False, date(2026, 1, 31)),
        (date(2026, 2, 10), False, date(2026, 3, 12)),  # then monthly
        (date(2027, 2, 1), False, date(2027, 5, 3)),  # quarterly after a year
        (date(2026, 2, 10), True, date(2026, 5, 12)),  # the care-leaver rhythm
    ],
)
def test_next_support_contact(last, care_leaver, due):
    rhythmus = schedule.Rhythmus.of(Programm())  # a new programme: the settings' values
    assert (
        schedule.next_contact_due(
            started_on=START, last_contact=last, care_leaver=care_leaver, rhythmus=rhythmus
        )
        == due
    )


def test_a_new_programme_starts_with_the_settings_rhythm(settings):
    settings.WB_SUPPORT_CARE_LEAVER_DAYS = 180
    rhythmus = schedule.Rhythmus.of(Programm())
    got = schedule.next_contact_due(
        started_on=START, last_contact=START, care_leaver=True, rhythmus=rhythmus
    )
    assert got == START + timedelta(days=180)


def test_reviews_after_three_months_then_yearly():
    rhythmus = schedule.Rhythmus.of(Programm())
    assert schedule.next_review_due(started_on=START, last_review=None, rhythmus=rhythmus) == date(
        2026, 4, 1
    )
    again = schedule.next_review_due(
        started_on=START, last_review=date(2026, 4, 3), rhythmus=rhythmus
    )
    assert again == date(2027, 4, 3)


def _kontakt(user, begleitung, **kw):
    data = {
        "mit": "wegbegleiter", "datum": timezone.localdate(), "dauer_minuten": 30,
        "kanal": "telefon", "aktivitaeten": "Kino", "beziehung": "gut",
        "kinderschutz": "nichts", "wirkung": "mehr Mut", **kw,
    }  # fmt: skip
    return services.kontakt_create(acting_user=user, begleitung=begleitung, **data)


def test_due_and_overdue_contacts_are_listed(alice, staff_a, anfrage_a, mentor_a):
    begleitung = make_active(alice, staff_a, anfrage_a, mentor_a)
    today = timezone.localdate()
    Begleitung.objects.filter(pk=begleitung.pk).update(started_on=today - timedelta(days=40))
    [due] = lists.support_due_list()
    assert due.begleitung == begleitung and due.kontakt_overdue
    _kontakt(alice, begleitung)
    assert lists.support_due_list() == []


def test_contacts_only_while_running_and_not_with_the_facility_after_leaving(
    alice, bob, staff_a, anfrage_a, mentor_a
):
    begleitung = propose(alice, anfrage_a, mentor_a)
    with pytest.raises(TransitionRefused):
        _kontakt(alice, begleitung)
    services.begleitung_transition(
        acting_user=alice, begleitung=begleitung, action="decline", reason="passt nicht"
    )
    with pytest.raises(TransitionRefused):
        _kontakt(alice, begleitung)
    active = make_active(alice, staff_a, anfrage_a, mentor_a)
    with pytest.raises(PermissionDenied):
        _kontakt(bob, active)


def test_care_leaver_phase_drops_the_facility(alice, staff_a, anfrage_a, mentor_a):
    begleitung = make_active(alice, staff_a, anfrage_a, mentor_a)
    jugendliche_auszug(
        acting_user=alice, jugendliche=begleitung.jugendliche, auszug_am=timezone.localdate()
    )
    services.begleitung_transition(acting_user=alice, begleitung=begleitung, action="care_leaver")
    with pytest.raises(ValidationError, match="Care-Leaver-Phase"):
        _kontakt(alice, begleitung, mit="einrichtung")
    _kontakt(alice, begleitung, mit="jugendliche")
    assert lists.begleitungen_of_facility(user=staff_a).count() == 0
    # the mentor keeps logging meetings
    services.treffen_create(
        acting_user=mentor_a.user, begleitung=begleitung, datum=timezone.localdate(),
        dauer_minuten=60, art="video", aktivitaet="Bewerbung geschrieben", stimmung="gut",
    )  # fmt: skip
    assert Treffen.objects.count() == 1


def test_diary_silence_and_waiting_agreements(
    alice, staff_a, anfrage_a, mentor_a, einrichtung_a, region_a
):
    begleitung = make_active(alice, staff_a, anfrage_a, mentor_a)
    assert lists.diary_silent_list() == []
    Begleitung.objects.filter(pk=begleitung.pk).update(
        started_on=timezone.localdate() - timedelta(weeks=4)
    )
    assert lists.diary_silent_list() == [begleitung]
    from tests.matching.factories import make_mentor

    other = propose(alice, make_anfrage(einrichtung_a), make_mentor(region_a))
    to_agreement(alice, other)
    services.vereinbarung_save(
        acting_user=alice, begleitung=other, **services.default_agreement_texts()
    )
    [(vereinbarung, missing)] = lists.vereinbarung_waiting_list()
    assert vereinbarung.begleitung == other and len(missing) == 4


def _close(alice, begleitung, **kw):
    data = {
        "art": Abschluss.Art.GEPLANT, "grund": Abschluss.Grund.ZIEL_ERREICHT,
        "kontakt_danach": Abschluss.Kontakt.UEBER_VEREIN,
        "wegbegleiter_danach": Abschluss.Danach.VERFUEGBAR,
        "gespraech_wegbegleiter": "gut", "beendet_am": timezone.localdate(), **kw,
    }  # fmt: skip
    return services.begleitung_close(acting_user=alice, begleitung=begleitung, **data)


def test_closure_frees_the_volunteer_and_can_ask_for_a_new_mentor(
    alice, staff_a, anfrage_a, mentor_a
):
    begleitung = make_active(alice, staff_a, anfrage_a, mentor_a)
    _close(alice, begleitung, neue_anfrage=True)
    begleitung.refresh_from_db()
    assert (
        begleitung.status == Begleitung.Status.BEENDET
        and begleitung.ended_on == timezone.localdate()
    )
    assert Wegbegleiter.objects.get(pk=mentor_a.pk).status == Wegbegleiter.Status.VERFUEGBAR
    new = Anfrage.objects.get(jugendliche=begleitung.jugendliche, status=Anfrage.Status.OFFEN)
    assert propose(alice, new, mentor_a).status == Begleitung.Status.VORGESCHLAGEN


def test_closure_when_the_volunteer_leaves_starts_the_retention_clock(
    alice, staff_a, anfrage_a, mentor_a
):
    begleitung = make_active(alice, staff_a, anfrage_a, mentor_a)
    _close(
        alice,
        begleitung,
        art="ungeplant",
        grund="zeit_wegbegleiter",
        wegbegleiter_danach="ausscheiden",
    )
    mentor_a.refresh_from_db()
    assert mentor_a.status == Wegbegleiter.Status.AUSGESCHIEDEN
    assert mentor_a.activity_ended_on == timezone.localdate()


def test_closure_with_bad_input_changes_nothing(alice, staff_a, anfrage_a, mentor_a):
    begleitung = make_active(alice, staff_a, anfrage_a, mentor_a)
    with pytest.raises(ValidationError):
        _close(alice, begleitung, grund="")
    with pytest.raises(ValidationError, match="Zukunft"):
        _close(alice, begleitung, beendet_am=timezone.localdate() + timedelta(days=3))
    assert Begleitung.objects.get().status == Begleitung.Status.AKTIV
    assert not Abschluss.objects.exists()


def test_closure_refused_before_the_match_runs(alice, anfrage_a, mentor_a):
    begleitung = propose(alice, anfrage_a, mentor_a)
    with pytest.raises(TransitionRefused):
        _close(alice, begleitung)


def test_introduction_meeting_validation(alice, anfrage_a, mentor_a):
    begleitung = propose(alice, anfrage_a, mentor_a)
    with pytest.raises(ValidationError, match="wer dabei war"):
        services.kennenlernen_record(
            acting_user=alice, begleitung=begleitung, datum=timezone.localdate(), teilnehmende=" "
        )
    assert Begleitung.objects.get().status == Begleitung.Status.VORGESCHLAGEN


def test_lapsed_clearance_flags_the_match_without_ending_it(alice, staff_a, anfrage_a, mentor_a):
    from schutzkonzept.models import Schutzschulung
    from schutzkonzept.services.lapses import clearance_lapses_check

    begleitung = make_active(alice, staff_a, anfrage_a, mentor_a)
    Schutzschulung.objects.filter(wegbegleiter=mentor_a).delete()
    clearance_lapses_check()
    row = lists.begleitung_queryset().get(pk=begleitung.pk)
    assert row.freigabe_verloren is True and row.status == Begleitung.Status.AKTIV
