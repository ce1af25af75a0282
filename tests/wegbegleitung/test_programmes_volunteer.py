"""Two programmes with different rules side by side on the volunteer's side (issue 15 §1):
training minimum, supervision interval, minimum commitment, and who changes a volunteer's
programmes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import reduce
from operator import or_
from typing import Any

import pytest
from django.db.models import Q
from django.urls import reverse

from programme.models import Programm
from programme.rules import standard
from tests.schutzkonzept.factories import make_cleared
from tests.wegbegleitung.factories import complete_application, make_volunteer, record_screening
from wegbegleitung.models import AuditEvent, Benachrichtigung, Programmteilnahme, Wegbegleiter
from wegbegleitung.notifications import providers
from wegbegleitung.notifications.reminders import reminders_run
from wegbegleitung.programmes import (
    only_trained,
    programmes_by_volunteer,
    programmes_of,
    serving_in,
    with_programmes,
)
from wegbegleitung.selectors import checklist_for, screening_missing
from wegbegleitung.services.application import bewerbung_missing, bewerbung_submit

S = Wegbegleiter.Status


@pytest.fixture
def kurz(db):
    """A programme with a short path: 2 hours of training, supervision every 4 weeks."""
    return Programm.objects.create(
        name="Programm Kurz", schulung_min_stunden=2, schulung_ziel_stunden=4,
        supervision_wochen=4, mindestengagement_monate=6,
    )  # fmt: skip


@pytest.fixture
def lang(db):
    """A demanding programme: 10 hours of training, supervision every 12 weeks."""
    return Programm.objects.create(
        name="Programm Lang", schulung_min_stunden=10, schulung_ziel_stunden=12,
        supervision_wochen=12, mindestengagement_monate=24,
    )  # fmt: skip


def _serve(wegbegleiter, *programmes):
    for programm in programmes:
        Programmteilnahme.objects.create(wegbegleiter=wegbegleiter, programm=programm)


def _fresh(wegbegleiter):
    return with_programmes(Wegbegleiter.objects.all()).get(pk=wegbegleiter.pk)


# --- the volunteer's programmes -----------------------------------------------------------------


def test_without_rows_a_volunteer_serves_in_the_default_programme(region_a, kurz, lang):
    plain = make_volunteer(region_a)
    both = make_volunteer(region_a)
    _serve(both, lang, kurz)
    assert programmes_of(_fresh(plain)) == [standard()]
    assert programmes_of(_fresh(both)) == [kurz, lang]
    assert set(serving_in(Wegbegleiter.objects.all(), standard().pk)) == {plain}
    assert set(serving_in(Wegbegleiter.objects.all(), kurz.pk)) == {both}


def test_programmes_of_a_list_in_a_fixed_number_of_queries(
    region_a, kurz, lang, django_assert_num_queries
):
    for n in range(6):
        _serve(make_volunteer(region_a), *([kurz, lang][: n % 3]))
    with django_assert_num_queries(3):  # volunteers, their rows with programmes, the default
        found = programmes_by_volunteer(with_programmes(Wegbegleiter.objects.all()))
    assert sorted(len(p) for p in found.values()) == [1, 1, 1, 1, 2, 2]


# --- training minimum ---------------------------------------------------------------------------


def _applicant_with_hours(region, coordinator, hours, *programmes):
    wegbegleiter = make_volunteer(region, status=S.IN_PRUEFUNG)
    complete_application(wegbegleiter, submitted=True)
    record_screening(wegbegleiter, coordinator, hours=Decimal(hours))
    make_cleared(wegbegleiter)
    _serve(wegbegleiter, *programmes)
    return wegbegleiter


def test_four_hours_train_for_the_short_programme_but_not_the_long_one(alice, kurz, lang):
    vera = _applicant_with_hours(alice.regions.get(), alice, "4", kurz, lang)
    training = next(s for s in checklist_for(_fresh(vera)) if s.key == "training")
    assert training.done  # trained for one programme: the step is done
    assert training.details == [
        "Programm Kurz: 4 von mindestens 2 Stunden (erreicht)",
        "Programm Lang: 4 von mindestens 10 Stunden (noch nicht erreicht)",
    ]
    assert screening_missing(vera) == []  # may be accepted: ready for Programm Kurz


def test_only_in_the_long_programme_the_training_is_missing_for_acceptance(alice, lang):
    vera = _applicant_with_hours(alice.regions.get(), alice, "4", lang)
    assert screening_missing(vera) == ["mindestens 10 Stunden Schulung"]
    training = next(s for s in checklist_for(_fresh(vera)) if s.key == "training")
    assert not training.done
    assert training.summary.startswith("4 von mindestens 10 Stunden")


def test_neither_programme_ready_names_each_programmes_open_steps(alice, kurz, lang):
    vera = _applicant_with_hours(alice.regions.get(), alice, "1", kurz, lang)
    assert screening_missing(vera) == [
        "Programm Kurz: mindestens 2 Stunden Schulung",
        "Programm Lang: mindestens 10 Stunden Schulung",
    ]


def test_only_trained_filters_by_the_programmes_minimum(alice, kurz, lang):
    region = alice.regions.get()
    four = _applicant_with_hours(region, alice, "4", kurz, lang)
    twelve = _applicant_with_hours(region, alice, "12", lang)
    everyone = Wegbegleiter.objects.filter(pk__in=[four.pk, twelve.pk])
    assert set(only_trained(everyone, kurz)) == {four, twelve}
    assert set(only_trained(everyone, lang)) == {twelve}


# --- supervision interval -----------------------------------------------------------------------


def _mentor(region, email, *programmes):
    wegbegleiter = make_volunteer(region, status=S.VERFUEGBAR, email=email)
    Wegbegleiter.objects.filter(pk=wegbegleiter.pk).update(activity_started_on=date(2026, 1, 1))
    _serve(wegbegleiter, *programmes)
    return wegbegleiter


def _reminded():
    rows = Benachrichtigung.objects.filter(kind="supervision_due").select_related("recipient")
    return sorted((r.recipient.email, r.context["weeks"]) for r in rows)


def test_the_reminder_run_uses_each_volunteers_programme_interval(
    region_a, kurz, lang, active_matches
):
    a = _mentor(region_a, "kurz@example.org", kurz)
    b = _mentor(region_a, "lang@example.org", lang)
    active_matches.set({a.pk, b.pk})
    reminders_run(day=date(2026, 2, 12))  # six weeks after the start
    assert _reminded() == [("kurz@example.org", 4)]
    reminders_run(day=date(2026, 3, 27))  # twelve weeks and a day
    assert _reminded() == [("kurz@example.org", 4), ("lang@example.org", 12)]


def test_the_programme_of_the_active_match_decides_before_the_volunteers_own(
    region_a, kurz, lang, active_matches
):
    both = _mentor(region_a, "beide@example.org", lang, kurz)
    active_matches.set({both.pk})
    # her only active match belongs to the long programme: every 12 weeks, not 4
    answer = {both.pk: {lang.pk}}
    with providers.override("active_match_programme_ids", _as_subquery(answer)):
        reminders_run(day=date(2026, 2, 12))
    assert _reminded() == []


def _as_subquery(answer: dict[int, set[int]]) -> Any:
    """The matching app's subquery answer for the designed matches: the programmes of the
    volunteer ``wegbegleiter`` (an outer reference)."""

    def ids(day: date, wegbegleiter: Any) -> Any:
        rows = [Q(volunteer=w, pk__in=list(p)) for w, p in answer.items()]
        return Programm.objects.alias(volunteer=wegbegleiter).filter(reduce(or_, rows)).values("pk")

    return ids


def test_supervision_selection_asks_a_fixed_number_of_queries(
    region_a, kurz, lang, active_matches, django_assert_num_queries
):
    from wegbegleitung.selectors import supervision_due_list

    made = [_mentor(region_a, f"m{n}@example.org", [kurz, lang][n % 2]) for n in range(6)]
    # the programmes' intervals, then the list: each volunteer's interval (the programmes of
    # their running matches, else their own) is worked out inside it
    with django_assert_num_queries(2):
        due = list(
            supervision_due_list(in_active_match=[m.pk for m in made], today=date(2026, 2, 12))
        )
    assert {m.supervision_weeks for m in due} == {4}


# --- minimum commitment ------------------------------------------------------------------------


def test_the_commitment_asked_is_the_chosen_programmes(region_a, kurz, lang):
    vera = make_volunteer(region_a)
    bewerbung = complete_application(vera)
    bewerbung.commitment_months = 12
    bewerbung.save()
    # three programmes open (the default one too): the choice is missing
    assert "das Programm, für das Sie sich bewerben" in bewerbung_missing(vera)
    bewerbung.programme.set([kurz])
    assert bewerbung_missing(vera) == []
    bewerbung.programme.set([kurz, lang])
    assert bewerbung_missing(vera) == ["eine Verpflichtung von mindestens 24 Monaten"]


def test_on_submission_the_chosen_programmes_become_the_volunteers(region_a, kurz, lang):
    vera = make_volunteer(region_a)
    bewerbung = complete_application(vera)
    bewerbung.programme.set([kurz, lang])
    bewerbung.commitment_months = 24
    bewerbung.save()
    bewerbung_submit(acting_user=vera.user, wegbegleiter=vera)
    assert programmes_of(_fresh(vera)) == [kurz, lang]
    assert AuditEvent.objects.filter(action="wegbegleiter.programmes").count() == 1


def test_with_one_open_programme_there_is_nothing_to_choose(region_a):
    vera = make_volunteer(region_a)
    complete_application(vera)
    assert bewerbung_missing(vera) == []
    bewerbung_submit(acting_user=vera.user, wegbegleiter=vera)
    assert not Programmteilnahme.objects.filter(wegbegleiter=vera).exists()


def test_the_public_page_lists_each_open_programmes_rules(client, kurz, lang):
    text = client.get(reverse("become_mentor")).content.decode()
    assert "Programm Kurz" in text and "Programm Lang" in text
    assert "mindestens alle 12 Wochen" in text and "mindestens alle 4 Wochen" in text


# --- coordinators set a volunteer's programmes -------------------------------------------------


def _url(wegbegleiter):
    return reverse("admin:wegbegleitung_wegbegleiter_programme", args=[wegbegleiter.pk])


def test_the_coordinator_of_the_region_sets_the_programmes(client, alice, region_a, kurz, lang):
    vera = make_volunteer(region_a)
    client.force_login(alice)
    assert client.get(_url(vera)).status_code == 200
    response = client.post(_url(vera), {"programme": [kurz.pk, lang.pk]})
    assert response.status_code == 302
    assert set(Programmteilnahme.objects.filter(wegbegleiter=vera).values_list(
        "programm__name", flat=True)) == {"Programm Kurz", "Programm Lang"}  # fmt: skip
    event = AuditEvent.objects.get(action="wegbegleiter.programmes")
    assert event.actor == alice and event.details["added"] == sorted([kurz.pk, lang.pk])
    page = client.get(reverse("admin:wegbegleitung_wegbegleiter_change", args=[vera.pk]))
    assert "Programm Kurz, Programm Lang" in page.content.decode()
    client.post(_url(vera), {"programme": []})  # none: back to the default programme
    assert programmes_of(_fresh(vera)) == [standard()]


def test_a_coordinator_of_another_region_is_refused(client, bob, region_a, kurz):
    vera = make_volunteer(region_a)
    client.force_login(bob)
    assert client.get(_url(vera)).status_code in (403, 404)
    assert client.post(_url(vera), {"programme": [kurz.pk]}).status_code in (403, 404)
    assert not Programmteilnahme.objects.exists()


def test_a_volunteer_and_anonymous_are_sent_to_the_login(client, volunteer, kurz):
    own = Wegbegleiter.objects.get(user=volunteer)
    for login in (volunteer, None):
        client.logout()
        if login is not None:
            client.force_login(login)
        response = client.post(_url(own), {"programme": [kurz.pk]})
        assert response.status_code == 302 and "login" in response["Location"]
    assert not Programmteilnahme.objects.exists()


def test_the_changelist_filters_by_programme_in_a_fixed_number_of_queries(
    client, alice, region_a, kurz
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(alice)
    url = reverse("admin:wegbegleitung_wegbegleiter_changelist")
    _serve(make_volunteer(region_a), kurz)
    make_volunteer(region_a)
    filtered = client.get(url, {"programm": kurz.pk})
    assert filtered.context["cl"].result_count == 1
    assert client.get(url, {"programm": standard().pk}).context["cl"].result_count == 1
    with CaptureQueriesContext(connection) as few:
        client.get(url, {"programm": kurz.pk})
    for _ in range(5):
        _serve(make_volunteer(region_a), kurz)
    with CaptureQueriesContext(connection) as more:
        assert client.get(url, {"programm": kurz.pk}).context["cl"].result_count == 6
    assert len(more.captured_queries) == len(few.captured_queries)


# --- what the volunteer sees ------------------------------------------------------------------


def test_the_portal_start_shows_each_programmes_training_and_clearance(client, alice, kurz, lang):
    vera = _applicant_with_hours(alice.regions.get(), alice, "4", kurz, lang)
    client.force_login(vera.user)
    text = " ".join(client.get(reverse("portal:start")).content.decode().split())
    assert "Ihre Programmlinien" in text
    assert "<strong>Programm Kurz</strong>: geschult" in text
    assert "<strong>Programm Lang</strong>: Schulung noch nicht abgeschlossen" in text
    assert "Programm Lang: 4 von mindestens 10 Stunden (noch nicht erreicht)" in text


def test_the_application_form_asks_for_the_programmes_while_several_are_open(
    client, region_a, kurz, lang
):
    vera = make_volunteer(region_a)
    client.force_login(vera.user)
    page = client.get(reverse("portal:bewerbung")).content.decode()
    assert "Programm Lang (Zusage von mindestens 24 Monaten)" in page
    client.post(reverse("portal:bewerbung"), {"programme": [lang.pk], "save": "1"})
    assert list(vera.bewerbung.programme.all()) == [lang]
    Programm.objects.exclude(pk=lang.pk).update(aktiv=False)
    page = client.get(reverse("portal:bewerbung")).content.decode()
    assert "Programm Lang (Zusage" not in page  # one open programme: nothing to choose
