"""Two programmes with different rules side by side in matching (issue 15 §1): the match takes its
request's programme; support contacts and reviews follow the programme's rhythm (due dates, the
lists and the reminders); the programme's age limits and membership are hard filters of the
suggestions and the region proposal; weights per programme change the ranking."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from einrichtungen.models import Anfrage
from matching import lists, schedule, suggestions
from matching.models import Begleitung, Gewichtung
from matching.services import TransitionRefused
from matching.services.lifecycle import check_programme
from programme import rules
from programme.models import Programm
from tests.matching.factories import KASSEL, make_active, make_anfrage, make_mentor, propose
from wegbegleitung.models import Benachrichtigung, Bewerbung, Programmteilnahme, Wegbegleiter
from wegbegleitung.notifications.reminders import reminders_run

pytestmark = pytest.mark.django_db
START = date(2025, 11, 30)


@pytest.fixture
def leaver() -> Programm:
    """A second programme: monthly contacts from the start, every two weeks in the first year,
    the first review after one month, then every two months; young people up to 21; the
    help-plan consent needed as well."""
    return Programm.objects.create(
        name="Care Leaver Begleitung",
        begleitet=Programm.Begleitet.CARE_LEAVER,
        alter_max=21,
        kontakte_erster_monat=1,
        kontakt_jahr_eins_tage=14,
        review_erste_monate=1,
        review_intervall_monate=2,
        einwilligungen=["teilnahme", "datenweitergabe", "hilfeplan"],
    )


def _in(anfrage: Anfrage, programm: Programm) -> Anfrage:
    Anfrage.objects.filter(pk=anfrage.pk).update(programm=programm)
    anfrage.refresh_from_db()
    return anfrage


def _serves(mentor: Wegbegleiter, *programmes: Programm) -> Wegbegleiter:
    for programm in programmes:
        Programmteilnahme.objects.create(wegbegleiter=mentor, programm=programm)
    return mentor


def _aged(anfrage: Anfrage, age: int) -> Anfrage:
    today = date.today()
    jugendliche = anfrage.jugendliche
    jugendliche.geburtsjahr, jugendliche.geburtsmonat = today.year - age - 1, 12
    jugendliche.save()
    if jugendliche.alter() != age:  # born in December of that year: not yet had the birthday
        jugendliche.geburtsjahr, jugendliche.geburtsmonat = today.year - age, 1
        jugendliche.save()
    assert jugendliche.alter() == age
    return anfrage


def _start(begleitung: Begleitung, day: date = START) -> Begleitung:
    Begleitung.objects.filter(pk=begleitung.pk).update(started_on=day)
    Wegbegleiter.objects.filter(pk=begleitung.wegbegleiter_id).update(activity_started_on=day)
    begleitung.refresh_from_db()
    return begleitung


@pytest.fixture
def two_matches(alice, staff_a, region_a, einrichtung_a, leaver):
    """One running match in the default programme, one in the care-leaver programme, both
    started on the same day."""
    standard = make_active(
        alice, staff_a, make_anfrage(einrichtung_a, vorname="Malik"),
        make_mentor(region_a, email="mara@example.org", first_name="Mara", last_name="Berg"),
    )  # fmt: skip
    anfrage = _in(make_anfrage(einrichtung_a, vorname="Lea"), leaver)
    mentor = _serves(make_mentor(region_a, email="lu@example.org", first_name="Lu"), leaver)
    other = make_active(alice, staff_a, anfrage, mentor)
    return _start(standard), _start(other)


# --- the match's programme ------------------------------------------------------------------


def test_a_match_belongs_to_its_requests_programme(two_matches, leaver):
    standard, other = two_matches
    assert standard.programm_id == rules.standard_id()
    assert other.programm == leaver == other.anfrage.programm
    other.programm = rules.standard()
    with pytest.raises(TransitionRefused, match="Programmlinie ihrer Anfrage"):
        check_programme(other)


def test_the_programmes_consents_are_needed_for_the_proposal(
    alice, region_a, einrichtung_a, leaver
):
    anfrage = _in(make_anfrage(einrichtung_a, vorname="Lea"), leaver)
    anfrage.jugendliche.einwilligungen.filter(bereich="hilfeplan").delete()
    mentor = _serves(make_mentor(region_a, email="lu@example.org"), leaver)
    with pytest.raises(TransitionRefused, match="Einwilligung fehlt"):
        propose(alice, anfrage, mentor)
    assert not Begleitung.objects.exists()


# --- rhythm and reviews ---------------------------------------------------------------------


def test_due_dates_follow_each_matchs_programme(two_matches):
    standard, other = two_matches
    today = START + timedelta(days=1)
    rows = {b.pk: b for b in lists.begleitung_queryset()}
    due = {pk: schedule.faelligkeit(b, today) for pk, b in rows.items()}
    # default: twice in the first month (15 days); care leavers: once (30 days)
    assert due[standard.pk].kontakt_due == START + timedelta(days=15)
    assert due[other.pk].kontakt_due == START + timedelta(days=30)
    # reviews: after three months by default, after one month in the other programme
    assert due[standard.pk].review_due == date(2026, 2, 28)
    assert due[other.pk].review_due == date(2025, 12, 30)
    # the due list (dates read in SQL with the programme joined) agrees with the single match
    listed = {f.begleitung.pk: f for f in lists.support_due(today=today, within_days=40)}
    assert listed[standard.pk].kontakt_due == due[standard.pk].kontakt_due
    assert listed[other.pk].kontakt_due == due[other.pk].kontakt_due
    assert listed[other.pk].review_due == due[other.pk].review_due


def test_changing_a_programmes_rhythm_moves_its_matches_due_dates_only(two_matches, leaver):
    standard, other = two_matches
    Programm.objects.filter(pk=leaver.pk).update(kontakte_erster_monat=3)
    listed = {f.begleitung.pk: f for f in lists.support_due(today=START, within_days=60)}
    assert listed[other.pk].kontakt_due == START + timedelta(days=10)
    assert listed[standard.pk].kontakt_due == START + timedelta(days=15)


def _sent(kind: str) -> list[str]:
    return sorted(Benachrichtigung.objects.filter(kind=kind).values_list("period", flat=True))


def test_the_reminder_run_reminds_each_match_on_its_programmes_days(two_matches):
    standard, other = two_matches
    # a week ahead: the default match's contact (15.12.) on 8.12., the other's (30.12.) on 23.12.
    reminders_run(day=date(2025, 12, 8))
    assert _sent("support_contact_due") == ["kontakt-2025-12-15"]
    reminders_run(day=date(2025, 12, 16))
    assert _sent("support_contact_overdue") == ["kontakt-2025-12-15"]
    assert _sent("support_contact_due") == ["kontakt-2025-12-15"]
    reminders_run(day=date(2025, 12, 23))
    # and the other programme's first review, after one month (30.12.), a week ahead too
    assert _sent("support_contact_due") == [
        "kontakt-2025-12-15",
        "kontakt-2025-12-30",
        "review-2025-12-30",
    ]
    # the other programme's first review (30.12.) is overdue long before the default one's
    reminders_run(day=date(2025, 12, 31))
    reviews = [p for p in _sent("support_contact_overdue") if p.startswith("review-")]
    assert reviews == ["review-2025-12-30"]


# --- hard filters: the programme's age limits and membership --------------------------------


def test_a_request_outside_its_programmes_age_limits_gets_no_suggestion(
    client, alice, region_a, einrichtung_a, leaver
):
    mentor = _serves(make_mentor(region_a, email="lu@example.org"), leaver, rules.standard())
    Bewerbung.objects.filter(wegbegleiter=mentor).update(mentee_age_min=None, mentee_age_max=None)
    too_old = _aged(_in(make_anfrage(einrichtung_a, vorname="Sami"), leaver), 25)
    assert suggestions.vorschlaege_for(suggestions.anfrage_for_suggestions(too_old.pk)) == []
    assert "25" in (suggestions.hindernis(too_old) or "")
    # the same 25-year-old in the default programme (no age limit) gets the volunteer
    _in(too_old, rules.standard())
    found = suggestions.vorschlaege_for(suggestions.anfrage_for_suggestions(too_old.pk))
    assert [v.wegbegleiter.user.email for v in found] == ["lu@example.org"]
    # the page says why in German
    _in(too_old, leaver)
    client.force_login(alice)
    page = client.get(reverse("admin:matching_vermittlung_change", args=[too_old.pk]))
    text = page.content.decode()
    assert "Altersgrenzen" in text and "ist 25" in text


def test_volunteers_are_suggested_only_in_their_programmes(region_a, einrichtung_a, leaver):
    standard_only = make_mentor(region_a, email="std@example.org")  # no rows: default programme
    leaver_only = _serves(make_mentor(region_a, email="cl@example.org"), leaver)
    both = _serves(make_mentor(region_a, email="both@example.org"), leaver, rules.standard())
    in_standard = make_anfrage(einrichtung_a, vorname="Malik")
    in_leaver = _in(make_anfrage(einrichtung_a, vorname="Lea"), leaver)

    def suggested(anfrage):
        found = suggestions.vorschlaege_for(suggestions.anfrage_for_suggestions(anfrage.pk))
        return {v.wegbegleiter.pk for v in found}

    assert suggested(in_standard) == {standard_only.pk, both.pk}
    assert suggested(in_leaver) == {leaver_only.pk, both.pk}
    reasons, suggestion = suggestions.pair_for(in_leaver.jugendliche, standard_only, leaver)
    assert suggestion is None and "Care Leaver Begleitung" in reasons[0]


def test_proposing_outside_the_volunteers_programmes_is_refused(
    alice, region_a, einrichtung_a, leaver
):
    mentor = make_mentor(region_a, email="std@example.org")
    anfrage = _in(make_anfrage(einrichtung_a, vorname="Lea"), leaver)
    with pytest.raises(TransitionRefused, match="nicht in der Programmlinie"):
        propose(alice, anfrage, mentor)


def test_the_region_proposal_keeps_each_volunteer_in_their_programmes(
    region_a, einrichtung_a, leaver
):
    leaver_only = _serves(make_mentor(region_a, email="cl@example.org"), leaver)
    standard_only = make_mentor(region_a, email="std@example.org", at=KASSEL)  # far away
    Bewerbung.objects.filter(wegbegleiter=standard_only).update(max_travel_km=500)
    in_standard = make_anfrage(einrichtung_a, vorname="Malik")
    in_leaver = _in(make_anfrage(einrichtung_a, vorname="Lea"), leaver)
    too_old = _aged(_in(make_anfrage(einrichtung_a, vorname="Sami"), leaver), 25)
    pairs = {p.anfrage.pk: p.wegbegleiter.pk for p in suggestions.regionsvorschlag_for(
        region_id=region_a.pk)}  # fmt: skip
    # the near volunteer would fit Malik better, but serves only in the other programme
    assert pairs == {in_standard.pk: standard_only.pk, in_leaver.pk: leaver_only.pk}
    assert too_old.pk not in pairs


# --- weights per programme ------------------------------------------------------------------


def test_weights_per_programme_change_the_ranking(region_a, einrichtung_a, leaver):
    near = _serves(make_mentor(region_a, email="near@example.org"), leaver, rules.standard())
    far = _serves(
        make_mentor(region_a, email="far@example.org", at=KASSEL), leaver, rules.standard()
    )
    Bewerbung.objects.filter(wegbegleiter=near).update(max_travel_km=500, languages="Englisch")
    Bewerbung.objects.filter(wegbegleiter=far).update(max_travel_km=500, languages="Arabisch")
    # the region weighs distance; its row for the care-leaver programme weighs languages
    Gewichtung.objects.create(region=region_a, distance=5, interests=0, languages=0, availability=0)
    Gewichtung.objects.create(
        region=region_a, programm=leaver, distance=0, interests=0, languages=5, availability=0
    )
    in_standard = make_anfrage(einrichtung_a, vorname="Malik", sprachen="Arabisch")
    in_leaver = _in(make_anfrage(einrichtung_a, vorname="Lea", sprachen="Arabisch"), leaver)

    def ranked(anfrage):
        found = suggestions.vorschlaege_for(suggestions.anfrage_for_suggestions(anfrage.pk))
        return [v.wegbegleiter.pk for v in found]

    assert ranked(in_standard) == [near.pk, far.pk]
    assert ranked(in_leaver) == [far.pk, near.pk]


def test_weights_fall_back_from_programme_to_region_to_default(region_a, region_b, leaver):
    from matching.profiles import weights_for

    Gewichtung.objects.create(region=None, distance=1, interests=1, languages=1, availability=1)
    assert weights_for(region_a.pk, leaver.pk)[0].distance == 1
    Gewichtung.objects.create(region=None, programm=leaver, distance=2)
    assert weights_for(region_a.pk, leaver.pk)[0].distance == 2
    Gewichtung.objects.create(region=region_a, distance=3)
    assert weights_for(region_a.pk, leaver.pk)[0].distance == 3
    Gewichtung.objects.create(region=region_a, programm=leaver, distance=4)
    assert weights_for(region_a.pk, leaver.pk)[0].distance == 4
    assert weights_for(region_a.pk, rules.standard_id())[0].distance == 3
    assert weights_for(region_b.pk, rules.standard_id())[0].distance == 1


def test_the_daily_task_mails_the_reminder_only_for_the_programme_due_now(two_matches, mailoutbox):
    from wegbegleitung.tasks import run_reminders

    standard, other = two_matches
    started = timezone.localdate() - timedelta(days=8)
    for begleitung in two_matches:
        _start(begleitung, started)
    # the default programme's first contact is due in seven days; the other's in 22 days
    run_reminders.delay()
    subjects = [m.subject for m in mailoutbox]
    due_on = (started + timedelta(days=15)).strftime("%d.%m.%Y")
    assert subjects == [f"Unterstützungskontakt fällig am {due_on}: Mara Berg – Malik"]
    assert _sent("support_contact_due") == [f"kontakt-{started + timedelta(days=15):%Y-%m-%d}"]


def test_supervision_follows_the_programme_of_the_running_match(
    alice, staff_a, region_a, einrichtung_a, leaver
):
    """Matching tells the volunteer side which programmes a mentor's running matches belong to:
    a mentor serving in both programmes, whose only running match is in the default one, keeps
    its supervision interval, not the care-leaver programme's shorter one."""
    from wegbegleitung.programmes import supervision_weeks_by_volunteer

    Programm.objects.filter(pk=leaver.pk).update(supervision_wochen=4)
    standard = rules.standard()
    mentor = _serves(make_mentor(region_a, email="both@example.org"), standard, leaver)
    idle = _serves(make_mentor(region_a, email="idle@example.org"), standard, leaver)
    _start(make_active(alice, staff_a, make_anfrage(einrichtung_a), mentor))
    weeks = supervision_weeks_by_volunteer([mentor.pk, idle.pk], START + timedelta(days=1))
    assert weeks == {mentor.pk: standard.supervision_wochen, idle.pk: 4}
