"""Each reminder kind on real dates: when it is due, to whom, once, and with consent."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from einrichtungen.models import Einwilligung
from schutzkonzept.notifications import certificate_stage
from tests.einrichtungen.factories import (
    EinwilligungFactory,
    HilfeplangespraechFactory,
    JugendlicheFactory,
    consent_all,
)
from tests.factories import make_einrichtung
from tests.schutzkonzept.factories import FuehrungszeugnisFactory, make_kodex, sign
from tests.wegbegleitung.factories import make_volunteer
from wegbegleitung.models import (
    Benachrichtigung,
    Supervision,
    SupervisionEinladung,
    Wegbegleiter,
)
from wegbegleitung.notifications import registry
from wegbegleitung.notifications.reminders import reminders_run

BERLIN = ZoneInfo("Europe/Berlin")


def sent(kind: str) -> list[tuple[str, str]]:
    """(recipient email, period) of the logged notices of a kind."""
    rows = Benachrichtigung.objects.filter(kind=kind).order_by("recipient__email", "period")
    return [(r.recipient.email, r.period) for r in rows.select_related("recipient")]


def renewals(kind: str = "certificate_renewal") -> list[tuple[str, str]]:
    """(recipient email, "<end as rendered now>/<stage>") of the certificate reminders; the row
    itself keeps only the inspection's id and the stage."""
    rows = Benachrichtigung.objects.filter(kind=kind).select_related("recipient")
    result = []
    for row in rows:
        assert row.subject_type == "schutzkonzept.fuehrungszeugnis"
        assert row.context == {"stage": int(row.period.removeprefix("stufe-"))}
        rendered = registry.context_for(row)
        result.append((row.recipient.email, f"{rendered['expires']}/{rendered['stage']}"))
    return sorted(result)


@pytest.fixture
def wiebke(region_a):
    return make_volunteer(
        region_a, status=Wegbegleiter.Status.VERFUEGBAR, email="wiebke@example.org"
    )


# --- supervision ------------------------------------------------------------------------------


def _started(wegbegleiter, day):
    Wegbegleiter.objects.filter(pk=wegbegleiter.pk).update(activity_started_on=day)


def test_supervision_is_due_eight_weeks_after_the_start_and_overdue_four_weeks_later(
    wiebke, alice, bob, active_matches
):
    _started(wiebke, date(2026, 1, 1))
    active_matches.set({wiebke.pk})
    reminders_run(day=date(2026, 2, 26))  # exactly 8 weeks: not yet
    assert sent("supervision_due") == []
    reminders_run(day=date(2026, 2, 27))
    assert sent("supervision_due") == [("wiebke@example.org", "seit-2026-01-01")]
    assert sent("supervision_overdue") == []
    reminders_run(day=date(2026, 3, 26))
    assert sent("supervision_overdue") == []
    reminders_run(day=date(2026, 3, 27))
    reminders_run(day=date(2026, 3, 28))
    # the coordinators of her region only (not bob), once; the volunteer still only once
    assert sent("supervision_overdue") == [("alice@example.org", "seit-2026-01-01")]
    assert len(sent("supervision_due")) == 1


def test_supervision_attended_restarts_the_clock(wiebke, region_a, active_matches):
    _started(wiebke, date(2026, 1, 1))
    active_matches.set({wiebke.pk})
    reminders_run(day=date(2026, 3, 1))
    session = Supervision.objects.create(
        region=region_a,
        starts_at=datetime(2026, 3, 10, 18, tzinfo=BERLIN),
        place="Raum 1",
        facilitator="Frau Berg",
    )
    SupervisionEinladung.objects.create(supervision=session, wegbegleiter=wiebke, attended=True)
    reminders_run(day=date(2026, 5, 5))  # 8 weeks after 10 March is 5 May: not yet
    reminders_run(day=date(2026, 5, 6))
    assert sent("supervision_due") == [
        ("wiebke@example.org", "seit-2026-01-01"),
        ("wiebke@example.org", "seit-2026-03-10"),
    ]


def test_no_supervision_reminder_without_an_active_match(wiebke):
    _started(wiebke, date(2025, 1, 1))
    reminders_run(day=date(2026, 3, 1))  # matching provides no active match yet
    assert sent("supervision_due") == []


# --- certificate renewal ----------------------------------------------------------------------


def _certificate(wegbegleiter, issued_on, **kwargs):
    return FuehrungszeugnisFactory(
        wegbegleiter=wegbegleiter,
        issued_on=issued_on,
        inspected_on=kwargs.pop("inspected_on", issued_on + timedelta(days=5)),
        **kwargs,
    )


@pytest.mark.parametrize(
    ("days_left", "stage"),
    [(61, None), (60, 60), (15, 60), (14, 14), (1, 14), (0, 0), (-6, 0), (-7, None)],
)
def test_certificate_stages(days_left, stage):
    assert certificate_stage(days_left) == stage


def test_certificate_reminders_60_and_14_days_before_and_on_the_day(wiebke, alice):
    _certificate(wiebke, date(2021, 3, 1))  # valid until 28 Feb 2026, ends on 1 March 2026
    for day in (date(2025, 12, 30), date(2025, 12, 31), date(2026, 1, 1)):
        reminders_run(day=day)
    # 1 March 2026 minus 60 days is 31 December 2025 (February has 28 days)
    assert renewals() == [("wiebke@example.org", "01.03.2026/60")]
    reminders_run(day=date(2026, 2, 14))
    assert len(renewals()) == 1
    reminders_run(day=date(2026, 2, 15))
    reminders_run(day=date(2026, 3, 1))
    reminders_run(day=date(2026, 3, 2))
    assert renewals() == [
        ("wiebke@example.org", "01.03.2026/0"),
        ("wiebke@example.org", "01.03.2026/14"),
        ("wiebke@example.org", "01.03.2026/60"),
    ]
    assert [p for _e, p in renewals("certificate_renewal_coordination")] == [
        "01.03.2026/0",
        "01.03.2026/14",
        "01.03.2026/60",
    ]
    row = Benachrichtigung.objects.get(kind="certificate_renewal", period="stufe-14")
    assert "01.03.2026" not in str(row.context) and "2026-03-01" not in row.period


def test_certificate_issued_on_29_february_ends_on_28_february(wiebke):
    _certificate(wiebke, date(2024, 2, 29))
    reminders_run(day=date(2029, 2, 27))
    assert renewals() == [("wiebke@example.org", "28.02.2029/14")]
    reminders_run(day=date(2029, 2, 28))
    assert ("wiebke@example.org", "28.02.2029/0") in renewals()


def test_certificate_at_a_month_end(wiebke):
    _certificate(wiebke, date(2021, 8, 31))  # ends on 31 August 2026
    reminders_run(day=date(2026, 7, 1))  # 61 days before
    assert renewals() == []
    reminders_run(day=date(2026, 7, 2))
    assert renewals() == [("wiebke@example.org", "31.08.2026/60")]


def test_a_missed_day_is_caught_up_once(wiebke):
    _certificate(wiebke, date(2021, 3, 1))
    reminders_run(day=date(2026, 1, 20))  # the run on 31 December did not happen
    reminders_run(day=date(2026, 1, 21))
    assert renewals() == [("wiebke@example.org", "01.03.2026/60")]


def test_no_certificate_reminder_for_a_newer_inspection_a_conviction_or_a_leaver(wiebke, region_a):
    _certificate(wiebke, date(2021, 3, 1))
    _certificate(wiebke, date(2025, 12, 1), inspected_on=date(2025, 12, 10))  # renewed
    convicted = make_volunteer(region_a, status=Wegbegleiter.Status.VERFUEGBAR)
    _certificate(convicted, date(2021, 3, 1), relevant_conviction=True)
    left = make_volunteer(region_a, status=Wegbegleiter.Status.AUSGESCHIEDEN)
    _certificate(left, date(2021, 3, 1))
    reminders_run(day=date(2026, 1, 1))
    assert renewals() == []


# --- code of conduct --------------------------------------------------------------------------


def test_code_of_conduct_to_be_signed_once_per_version(wiebke, region_a, db):
    first = make_kodex(version=1)
    make_volunteer(region_a, email="neu@example.org")  # applicant: not asked yet
    reminders_run(day=date(2026, 5, 4))
    reminders_run(day=date(2026, 5, 5))
    assert sent("conduct_sign") == [("wiebke@example.org", "v1")]
    sign(wiebke, first)
    make_kodex(version=2)
    reminders_run(day=date(2026, 6, 1))
    assert sent("conduct_sign") == [("wiebke@example.org", "v1"), ("wiebke@example.org", "v2")]


# --- help-plan conference ---------------------------------------------------------------------


@pytest.fixture
def conference(region_a, wiebke, active_matches):
    jugendliche = JugendlicheFactory(einrichtung=make_einrichtung(region_a), vorname="Mila")
    active_matches.mentor(jugendliche.pk, wiebke.pk)
    return HilfeplangespraechFactory(
        jugendliche=jugendliche,
        datum=date(2026, 12, 1),
        wegbegleiter_eingeladen=True,
        naechste_ueberpruefung=None,
    )


def test_mentor_is_reminded_of_a_conference_with_consent(conference):
    consent_all(conference.jugendliche)
    reminders_run(day=date(2026, 11, 23))  # 8 days ahead: not yet
    assert sent("hpg_upcoming") == []
    reminders_run(day=date(2026, 11, 24))
    reminders_run(day=date(2026, 11, 25))
    assert sent("hpg_upcoming") == [("wiebke@example.org", "2026-12-01")]
    row = Benachrichtigung.objects.get(kind="hpg_upcoming")
    assert row.context == {}  # references only: rendered when shown
    rendered = registry.context_for(row)
    assert rendered["date"] == "01.12.2026" and rendered["vorname"] == "Mila"


def test_no_conference_reminder_without_consent(conference):
    for bereich in (Einwilligung.Bereich.TEILNAHME, Einwilligung.Bereich.DATENWEITERGABE):
        EinwilligungFactory(jugendliche=conference.jugendliche, bereich=bereich)
    reminders_run(day=date(2026, 11, 30))
    assert sent("hpg_upcoming") == []


def test_no_conference_reminder_after_the_consent_is_revoked(conference):
    consents = consent_all(conference.jugendliche)
    hilfeplan = next(c for c in consents if c.bereich == Einwilligung.Bereich.HILFEPLAN)
    Einwilligung.objects.filter(pk=hilfeplan.pk).update(
        widerrufen_am=datetime(2026, 11, 1, tzinfo=BERLIN)
    )
    reminders_run(day=date(2026, 11, 30))
    assert sent("hpg_upcoming") == []


def test_no_conference_reminder_when_not_invited_or_without_a_mentor(conference, region_a):
    consent_all(conference.jugendliche)
    conference.wegbegleiter_eingeladen = False
    conference.save()
    other = JugendlicheFactory(einrichtung=conference.jugendliche.einrichtung)
    consent_all(other)
    HilfeplangespraechFactory(
        jugendliche=other,
        datum=date(2026, 12, 1),
        wegbegleiter_eingeladen=True,
        naechste_ueberpruefung=None,
    )
    reminders_run(day=date(2026, 11, 30))
    assert sent("hpg_upcoming") == []


# --- the registry and the run -----------------------------------------------------------------


def test_the_matching_app_attached_the_selectors_of_its_kinds():
    for key in ("support_contact_due", "support_contact_overdue", "diary_missing",
                "agreement_confirmation"):  # fmt: skip
        kind = registry.get(key)
        assert kind.waiting_for == "" and kind.due is not None
        assert kind.template != "reminder_generic"


def test_the_run_reads_a_fixed_number_of_queries(
    region_a, alice, active_matches, django_assert_num_queries
):
    make_kodex(version=1)

    def volunteers(n):
        made = []
        for _ in range(n):
            w = make_volunteer(region_a, status=Wegbegleiter.Status.VERFUEGBAR)
            _certificate(w, date(2021, 3, 1))
            _started(w, date(2025, 1, 1))
            made.append(w.pk)
        active_matches.set(set(active_matches.ids) | set(made))

    volunteers(3)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        reminders_run(day=date(2026, 1, 1))
    volunteers(12)
    with CaptureQueriesContext(connection) as many:
        reminders_run(day=date(2026, 1, 2))
    assert len(many) == len(few)
    assert Benachrichtigung.objects.filter(kind="certificate_renewal").count() == 15


def test_beat_runs_the_reminders_daily_retries_often_and_the_digest_weekly(settings):
    from wegbegleitung.tasks import deliver_notifications, run_reminders, send_weekly_digest

    schedule = settings.CELERY_BEAT_SCHEDULE
    assert schedule["notifications-reminders"]["task"] == run_reminders.name
    assert schedule["notifications-deliver"]["task"] == deliver_notifications.name
    assert schedule["notifications-weekly-digest"]["task"] == send_weekly_digest.name
    assert schedule["notifications-deliver"]["schedule"] == 300
    assert schedule["notifications-weekly-digest"]["schedule"].day_of_week == {1}


def test_no_overdue_notice_when_the_match_ended_meanwhile(wiebke, alice):
    from wegbegleitung.notifications import providers

    _started(wiebke, date(2026, 1, 1))
    with providers.override(
        "active_match_wegbegleiter_ids",
        lambda day: {wiebke.pk} if day < date(2026, 3, 20) else set(),
    ):
        reminders_run(day=date(2026, 3, 1))
        reminders_run(day=date(2026, 3, 27))
    assert len(sent("supervision_due")) == 1
    assert sent("supervision_overdue") == []


def test_a_broken_kind_does_not_stop_the_others(wiebke, db, caplog):
    from wegbegleitung.notifications.registry import KINDS, Audience, Kind, register

    def broken(day):
        raise RuntimeError("selector failed")

    make_kodex(version=1)
    register(Kind("broken", "Broken", "Broken", "reminder_generic", Audience.VOLUNTEER, due=broken))
    try:
        result = reminders_run(day=date(2026, 5, 4))
    finally:
        KINDS.pop("broken")
    assert result["broken"] == -1 and "selector failed" in caplog.text
    assert sent("conduct_sign") == [("wiebke@example.org", "v1")]
