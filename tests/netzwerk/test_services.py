"""Registrations, the waiting list, attendance as training hours, and standing-in requests."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from netzwerk.models import Anmeldung, Einspringanfrage, Veranstaltung
from netzwerk.services.netz import einspringanfrage_create, einspringantwort_create
from netzwerk.services.veranstaltungen import (
    anmeldung_attendance_record,
    anmeldung_cancel,
    anmeldung_register,
    veranstaltung_save,
)
from programme import rules
from programme.models import Programm
from tests.netzwerk.conftest import Cast
from tests.netzwerk.factories import make_event, start_now
from wegbegleitung.models import Benachrichtigung, Schulungsteilnahme, User
from wegbegleitung.selectors import training_hours

St = Anmeldung.Status
Z = Veranstaltung.Zielgruppe


def test_registrations_fill_the_places_then_the_waiting_list(cast: Cast):
    event = make_event(cast.alice, cast.region_a, kapazitaet=2)
    first = anmeldung_register(acting_user=cast.staff_a, veranstaltung=event)
    second = anmeldung_register(acting_user=cast.vera.user, veranstaltung=event)
    third = anmeldung_register(acting_user=cast.paul, veranstaltung=event)
    assert (first.status, second.status, third.status) == (St.ANGEMELDET, St.ANGEMELDET,
                                                           St.WARTELISTE)  # fmt: skip
    assert (first.traeger, first.wegbegleiter, second.wegbegleiter) == (cast.nord, None, cast.vera)
    event.refresh_from_db()
    assert event.belegt == 2
    with pytest.raises(ValidationError, match="bereits angemeldet"):
        anmeldung_register(acting_user=cast.staff_a, veranstaltung=event)


def test_a_cancellation_moves_the_first_on_the_waiting_list_up_and_tells_them(
    cast: Cast, django_capture_on_commit_callbacks, mailoutbox
):
    event = make_event(cast.alice, cast.region_a, kapazitaet=1)
    sina = anmeldung_register(acting_user=cast.staff_a, veranstaltung=event)
    paul = anmeldung_register(acting_user=cast.paul, veranstaltung=event)
    vera = anmeldung_register(acting_user=cast.vera.user, veranstaltung=event)
    with django_capture_on_commit_callbacks(execute=True):
        anmeldung_cancel(acting_user=cast.staff_a, anmeldung=sina)
    statuses = dict(Anmeldung.objects.values_list("pk", "status"))
    assert statuses == {sina.pk: St.ABGESAGT, paul.pk: St.ANGEMELDET, vera.pk: St.WARTELISTE}
    notice = Benachrichtigung.objects.get(kind="netzwerk_moved_up")
    assert notice.recipient == cast.paul and notice.subject_id == paul.pk
    (mail,) = mailoutbox
    assert mail.to == [cast.paul.email] and "Deeskalation im Alltag" in mail.subject
    assert "von der Warteliste nachgerückt" in mail.body
    # re-registering after a cancellation queues behind those already waiting
    again = anmeldung_register(acting_user=cast.staff_a, veranstaltung=event)
    assert again.pk == sina.pk and again.status == St.WARTELISTE
    event.refresh_from_db()
    assert event.belegt == 1


def test_more_places_move_people_up(cast: Cast):
    event = make_event(cast.alice, cast.region_a, kapazitaet=1)
    anmeldung_register(acting_user=cast.staff_a, veranstaltung=event)
    waiting = anmeldung_register(acting_user=cast.paul, veranstaltung=event)
    event.kapazitaet = 2
    veranstaltung_save(acting_user=cast.alice, veranstaltung=event)
    waiting.refresh_from_db()
    assert waiting.status == St.ANGEMELDET
    event.kapazitaet = 1
    with pytest.raises(ValidationError, match="2 Plätze sind bereits belegt"):
        veranstaltung_save(acting_user=cast.alice, veranstaltung=event)


def test_the_database_refuses_more_places_taken_than_there_are(cast: Cast):
    event = make_event(cast.alice, cast.region_a, kapazitaet=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Veranstaltung.objects.filter(pk=event.pk).update(belegt=2)


@pytest.mark.parametrize("who", ["frieda", "staff_b", "wanda", "bob"])
def test_only_members_staff_and_the_regions_volunteers_register(cast: Cast, who: str):
    event = make_event(cast.alice, cast.region_a)
    user = cast.wanda.user if who == "wanda" else getattr(cast, who)
    with pytest.raises(PermissionDenied):
        anmeldung_register(acting_user=user, veranstaltung=event)
    assert not Anmeldung.objects.exists()


def test_the_audience_decides_who_registers(cast: Cast):
    staff_only = make_event(cast.alice, cast.region_a, zielgruppe=Z.FACHKRAEFTE)
    volunteers_only = make_event(cast.alice, cast.region_a, zielgruppe=Z.WEGBEGLEITUNG)
    with pytest.raises(PermissionDenied):
        anmeldung_register(acting_user=cast.vera.user, veranstaltung=staff_only)
    with pytest.raises(PermissionDenied):
        anmeldung_register(acting_user=cast.staff_a, veranstaltung=volunteers_only)


def test_nobody_registers_or_cancels_after_the_start(cast: Cast):
    event = make_event(cast.alice, cast.region_a)
    anmeldung = anmeldung_register(acting_user=cast.staff_a, veranstaltung=event)
    start_now(event)
    with pytest.raises(ValidationError, match="bereits begonnen"):
        anmeldung_cancel(acting_user=cast.staff_a, anmeldung=anmeldung)
    with pytest.raises(ValidationError, match="bereits begonnen"):
        anmeldung_register(acting_user=cast.paul, veranstaltung=event)


def test_only_the_person_cancels_their_registration(cast: Cast):
    event = make_event(cast.alice, cast.region_a)
    anmeldung = anmeldung_register(acting_user=cast.vera.user, veranstaltung=event)
    for user in (cast.staff_a, cast.alice, cast.wanda.user):
        with pytest.raises(PermissionDenied):
            anmeldung_cancel(acting_user=user, anmeldung=anmeldung)


def test_attendance_of_a_volunteer_grows_her_training_hours(cast: Cast):
    event = make_event(cast.alice, cast.region_a, stunden=Decimal("3.5"))
    vera = anmeldung_register(acting_user=cast.vera.user, veranstaltung=event)
    sina = anmeldung_register(acting_user=cast.staff_a, veranstaltung=event)
    with pytest.raises(ValidationError, match="sobald die Veranstaltung begonnen"):
        anmeldung_attendance_record(acting_user=cast.alice, anmeldung=vera, attended=True)
    start_now(event)
    before = training_hours(cast.vera)
    anmeldung_attendance_record(acting_user=cast.alice, anmeldung=vera, attended=True)
    anmeldung_attendance_record(acting_user=cast.alice, anmeldung=sina, attended=True)
    assert training_hours(cast.vera) == before + Decimal("3.5")
    event.refresh_from_db()
    assert event.schulungstermin is not None and event.schulungstermin.region == cast.region_a
    assert Schulungsteilnahme.objects.count() == 1  # staff have no training hours of ours
    # recorded wrongly: absent after all takes the hours back
    anmeldung_attendance_record(acting_user=cast.alice, anmeldung=vera, attended=False)
    assert training_hours(cast.vera) == before
    assert Anmeldung.objects.get(pk=vera.pk).status == St.NICHT_ERSCHIENEN


def test_a_programme_that_does_not_count_network_trainings_gets_no_hours(cast: Cast):
    Programm.objects.filter(pk=rules.standard_id()).update(netzwerk_schulung_zaehlt=False)
    event = make_event(cast.alice, cast.region_a)
    vera = anmeldung_register(acting_user=cast.vera.user, veranstaltung=event)
    start_now(event)
    anmeldung_attendance_record(acting_user=cast.alice, anmeldung=vera, attended=True)
    assert Anmeldung.objects.get(pk=vera.pk).status == St.TEILGENOMMEN
    assert training_hours(cast.vera) == 0


def test_an_event_that_is_no_training_gives_no_hours(cast: Cast):
    event = make_event(cast.alice, cast.region_a, art=Veranstaltung.Art.TREFFEN,
                       zaehlt_als_schulung=False, stunden=None)  # fmt: skip
    vera = anmeldung_register(acting_user=cast.vera.user, veranstaltung=event)
    start_now(event)
    anmeldung_attendance_record(acting_user=cast.alice, anmeldung=vera, attended=True)
    assert training_hours(cast.vera) == 0


def test_only_the_regions_coordinators_record_attendance(cast: Cast):
    event = make_event(cast.alice, cast.region_a)
    vera = anmeldung_register(acting_user=cast.vera.user, veranstaltung=event)
    start_now(event)
    for user in (cast.bob, cast.staff_a, cast.vera.user):
        with pytest.raises(PermissionDenied):
            anmeldung_attendance_record(acting_user=user, anmeldung=vera, attended=True)


def test_events_are_organised_in_ones_own_region_by_members_only(cast: Cast):
    with pytest.raises(PermissionDenied):
        make_event(cast.bob, cast.region_a)
    with pytest.raises(ValidationError, match="kein Mitglied"):
        make_event(cast.alice, cast.region_a, veranstalter=cast.fern)
    with pytest.raises(ValidationError, match="Schulungsstunden"):
        make_event(cast.alice, cast.region_a, stunden=None)
    with pytest.raises(ValidationError, match="nach ihrem Beginn enden"):
        make_event(cast.alice, cast.region_a, ende=timezone.now())
    assert make_event(cast.alice, cast.region_a, veranstalter=cast.sonne).veranstalter == cast.sonne


def _anfrage(cast: Cast, **kwargs) -> Einspringanfrage:
    values = {"acting_user": cast.staff_a, "region": cast.region_a, "traeger": cast.nord,
              "bezirk": "Nord", "bedarf": "Zwei Nachtdienste in der Wohngruppe",
              "gueltig_bis": timezone.localdate() + timedelta(days=7)}  # fmt: skip
    values.update(kwargs)
    return einspringanfrage_create(**values)


def test_a_member_asks_for_help_and_another_answers(
    cast: Cast, django_capture_on_commit_callbacks, mailoutbox
):
    anfrage = _anfrage(cast)
    with django_capture_on_commit_callbacks(execute=True):
        antwort = einspringantwort_create(
            acting_user=cast.paul, anfrage=anfrage, traeger=cast.sonne,
            text="Wir können Dienstag übernehmen.",
        )  # fmt: skip
    assert antwort.anfrage == anfrage and antwort.erstellt_von == cast.paul
    notice = Benachrichtigung.objects.get(kind="netzwerk_answer")
    assert notice.recipient == cast.staff_a
    (mail,) = mailoutbox
    assert "Kinderhaus Sonne gGmbH hat auf Ihre Einspringanfrage geantwortet" in mail.subject
    assert "Dienstag" not in mail.body  # the text is read on the page, after login
    with pytest.raises(PermissionDenied):  # a provider does not answer itself
        einspringantwort_create(acting_user=cast.staff_a, anfrage=anfrage, traeger=cast.nord,
                                text="Selbst")  # fmt: skip


@pytest.mark.parametrize("who", ["frieda", "staff_b", "alice"])
def test_only_members_post_and_answer(cast: Cast, who: str):
    user = getattr(cast, who)
    with pytest.raises(PermissionDenied):
        _anfrage(cast, acting_user=user)
    anfrage = _anfrage(cast)
    with pytest.raises(PermissionDenied):
        einspringantwort_create(acting_user=user, anfrage=anfrage, traeger=cast.fern, text="Hilfe")


def test_requests_are_time_limited(cast: Cast):
    today = timezone.localdate()
    with pytest.raises(ValidationError, match="höchstens 60 Tage"):
        _anfrage(cast, gueltig_bis=today + timedelta(days=61))
    with pytest.raises(ValidationError, match="mindestens bis heute"):
        _anfrage(cast, gueltig_bis=today - timedelta(days=1))
    anfrage = _anfrage(cast)
    Einspringanfrage.objects.filter(pk=anfrage.pk).update(gueltig_bis=today - timedelta(days=1))
    anfrage.refresh_from_db()
    with pytest.raises(PermissionDenied):  # expired: no more answers
        einspringantwort_create(acting_user=cast.paul, anfrage=anfrage, traeger=cast.sonne,
                                text="Zu spät")  # fmt: skip


def test_a_member_who_left_is_out_of_the_network(cast: Cast):
    cast.mitglied_nord.ausgetreten_am = timezone.localdate()
    from netzwerk.services.netz import mitgliedschaft_save

    mitgliedschaft_save(acting_user=cast.alice, mitgliedschaft=cast.mitglied_nord)
    event = make_event(cast.alice, cast.region_a)
    sina = User.objects.get(pk=cast.staff_a.pk)  # as on her next request
    with pytest.raises(PermissionDenied):
        anmeldung_register(acting_user=sina, veranstaltung=event)


def test_a_called_off_event_tells_everyone_and_takes_no_more_registrations(
    cast: Cast, django_capture_on_commit_callbacks, mailoutbox
):
    from netzwerk.services.veranstaltungen import veranstaltung_call_off

    event = make_event(cast.alice, cast.region_a, kapazitaet=1)
    sina = anmeldung_register(acting_user=cast.staff_a, veranstaltung=event)
    anmeldung_register(acting_user=cast.vera.user, veranstaltung=event)  # waiting
    with pytest.raises(PermissionDenied):
        veranstaltung_call_off(acting_user=cast.bob, veranstaltung=event)
    with django_capture_on_commit_callbacks(execute=True):
        assert veranstaltung_call_off(acting_user=cast.alice, veranstaltung=event) == 2
    assert sorted(m.to[0] for m in mailoutbox) == sorted([cast.staff_a.email, cast.vera.user.email])
    assert all(m.subject == "Abgesagt: Deeskalation im Alltag" for m in mailoutbox)
    with pytest.raises(ValidationError, match="abgesagt"):
        anmeldung_register(acting_user=cast.paul, veranstaltung=event)
    with pytest.raises(ValidationError, match="abgesagt"):
        anmeldung_cancel(acting_user=cast.staff_a, anmeldung=sina)
    with pytest.raises(ValidationError, match="abgesagt"):
        veranstaltung_call_off(acting_user=cast.alice, veranstaltung=event)
