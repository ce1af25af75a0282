"""Deletion on schedule (§ 72a(5) SGB VIII) with real matches, against real calendar dates."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from matching import services as matching
from matching.models import Abschluss, Begleitung
from matching.retention import match_history, open_states
from schutzkonzept.models import Fuehrungszeugnis
from schutzkonzept.notifications import ZEUGNIS
from schutzkonzept.services.certificates import fuehrungszeugnis_record
from schutzkonzept.services.deletion import fuehrungszeugnis_purge
from schutzkonzept.services.lapses import clearance_lapses_check
from tests.matching.factories import make_active, make_anfrage, make_mentor, propose
from tests.schutzkonzept.factories import FuehrungszeugnisFactory, make_wegbegleiter
from wegbegleitung.models import AuditEvent, Benachrichtigung, Wegbegleiter
from wegbegleitung.notifications.delivery import record
from wegbegleitung.notifications.registry import Due

S = Wegbegleiter.Status
Danach = Abschluss.Danach


def _inspected(wegbegleiter, day):
    Fuehrungszeugnis.objects.filter(wegbegleiter=wegbegleiter).update(
        inspected_on=day, issued_on=day - timedelta(days=10)
    )


def _matched(alice, staff_a, einrichtung_a, mentor, *, started, inspected):
    begleitung = make_active(alice, staff_a, make_anfrage(einrichtung_a), mentor)
    Begleitung.objects.filter(pk=begleitung.pk).update(started_on=started)
    _inspected(mentor, inspected)
    begleitung.refresh_from_db()
    return begleitung


def _close(alice, begleitung, ended, afterwards):
    return matching.begleitung_close(
        acting_user=alice, begleitung=begleitung, art=Abschluss.Art.GEPLANT,
        grund=Abschluss.Grund.ZIEL_ERREICHT, kontakt_danach=Abschluss.Kontakt.UEBER_VEREIN,
        wegbegleiter_danach=afterwards, beendet_am=ended,
    )  # fmt: skip


@pytest.mark.parametrize("afterwards", [Danach.AUSSCHEIDEN, Danach.VERFUEGBAR])
def test_the_clock_starts_at_the_end_of_the_last_match_also_for_those_who_stay(
    alice, staff_a, einrichtung_a, region_a, afterwards
):
    """Closed on 30 November with the end date 31 August: deleted on 28 February, not six
    months after the day the closure was recorded (or never, for a volunteer who stays)."""
    mentor = make_mentor(region_a, email="mara@example.org")
    begleitung = _matched(
        alice, staff_a, einrichtung_a, mentor, started=date(2025, 1, 10), inspected=date(2025, 1, 2)
    )
    _close(alice, begleitung, date(2026, 8, 31), afterwards)
    zeugnis = Fuehrungszeugnis.objects.get(wegbegleiter=mentor)
    assert fuehrungszeugnis_purge(today=date(2027, 2, 27)) == []
    [deleted] = fuehrungszeugnis_purge(today=date(2027, 2, 28))
    assert (deleted.zeugnis_id, deleted.rule, deleted.delete_on) == (
        zeugnis.pk, "last_activity", date(2027, 2, 28),
    )  # fmt: skip
    assert not Fuehrungszeugnis.objects.filter(wegbegleiter=mentor).exists()


def test_deleting_the_data_of_a_volunteer_who_stays_in_the_pool_is_no_lapse(
    alice, staff_a, einrichtung_a, region_a, mailoutbox
):
    mentor = make_mentor(region_a, email="mara@example.org")
    begleitung = _matched(
        alice, staff_a, einrichtung_a, mentor, started=date(2025, 1, 10), inspected=date(2025, 1, 2)
    )
    _close(alice, begleitung, date(2026, 8, 31), Danach.VERFUEGBAR)
    assert len(fuehrungszeugnis_purge(today=date(2027, 2, 28))) == 1
    mailoutbox.clear()
    assert clearance_lapses_check() == ([], [])
    assert mailoutbox == []


def test_a_new_match_stops_the_clock(alice, staff_a, einrichtung_a, region_a):
    mentor = make_mentor(region_a, email="mara@example.org")
    first = _matched(
        alice, staff_a, einrichtung_a, mentor, started=date(2025, 1, 10), inspected=date(2025, 1, 2)
    )
    _close(alice, first, date(2026, 8, 31), Danach.VERFUEGBAR)
    _inspected(mentor, date(2025, 1, 2) + timedelta(days=2000))  # valid again for the proposal
    propose(alice, make_anfrage(einrichtung_a), mentor)
    _inspected(mentor, date(2025, 1, 2))
    assert fuehrungszeugnis_purge(today=date(2027, 3, 1)) == []
    assert Fuehrungszeugnis.objects.filter(wegbegleiter=mentor).exists()


def test_a_certificate_no_match_started_for_is_deleted_after_three_months(
    alice, einrichtung_a, region_a
):
    unused = make_mentor(region_a, email="ulla@example.org")
    proposed = make_mentor(region_a, email="paul@example.org")
    propose(alice, make_anfrage(einrichtung_a), proposed)  # the activity is being taken up
    for mentor in (unused, proposed):
        _inspected(mentor, date(2026, 8, 31))
    assert fuehrungszeugnis_purge(today=date(2026, 11, 29)) == []
    [deleted] = fuehrungszeugnis_purge(today=date(2026, 11, 30))
    assert (deleted.wegbegleiter_id, deleted.rule) == (unused.pk, "unused")
    assert Fuehrungszeugnis.objects.filter(wegbegleiter=proposed).exists()


def test_a_setting_of_one_month_deletes_unused_data_sooner(settings, region_a):
    settings.WB_CERTIFICATE_UNUSED_MONTHS = 1
    mentor = make_mentor(region_a, email="ulla@example.org")
    _inspected(mentor, date(2026, 1, 31))
    assert fuehrungszeugnis_purge(today=date(2026, 2, 27)) == []
    assert len(fuehrungszeugnis_purge(today=date(2026, 2, 28))) == 1


def test_every_open_state_of_a_match_counts_as_an_activity(alice, einrichtung_a, region_a):
    """Whatever open or running state matching defines (also states added later, such as
    "ending requested"), the volunteer's certificate is kept while it holds."""
    mentor = make_mentor(region_a, email="mara@example.org")
    begleitung = propose(alice, make_anfrage(einrichtung_a), mentor)
    assert set(Begleitung.OPEN_STATES) <= open_states()
    for state in sorted(open_states()):
        Begleitung.objects.filter(pk=begleitung.pk).update(
            status=state, started_on=date(2025, 1, 10)
        )
        assert match_history([mentor.pk])[mentor.pk].open, state
    Begleitung.objects.filter(pk=begleitung.pk).update(status=Begleitung.Status.ABGELEHNT)
    assert not match_history([mentor.pk])[mentor.pk].open


@pytest.mark.parametrize(
    "change",
    [
        {"status": S.ABGELEHNT},
        {"status": S.AUSGESCHIEDEN},
        {"user_inactive": True},
    ],
)
def test_a_person_who_leaves_before_any_match_is_purged_on_the_next_run(region_a, change):
    wegbegleiter = make_wegbegleiter(region_a, email="never@example.org")
    zeugnis = FuehrungszeugnisFactory(wegbegleiter=wegbegleiter)
    assert fuehrungszeugnis_purge() == []
    if change.get("user_inactive"):
        wegbegleiter.user.is_active = False
        wegbegleiter.user.save()
    else:
        Wegbegleiter.objects.filter(pk=wegbegleiter.pk).update(status=change["status"])
    deleted = fuehrungszeugnis_purge()
    assert [(d.zeugnis_id, d.rule) for d in deleted] == [(zeugnis.pk, "left_without_activity")]
    assert not Fuehrungszeugnis.objects.exists()


def test_recording_a_newer_inspection_deletes_the_older_one_and_its_notices(alice, region_a):
    mentor = make_mentor(region_a, email="mara@example.org")
    older = Fuehrungszeugnis.objects.get(wegbegleiter=mentor)
    record("certificate_renewal", [Due(mentor.user_id, ZEUGNIS, older.pk, "stufe-60")])
    today = timezone.localdate()
    newer = fuehrungszeugnis_record(
        acting_user=alice, wegbegleiter=mentor, issued_on=today - timedelta(days=3),
        relevant_conviction=False,
    )  # fmt: skip
    assert list(Fuehrungszeugnis.objects.filter(wegbegleiter=mentor)) == [newer]
    assert not Benachrichtigung.objects.filter(subject_type=ZEUGNIS, subject_id=older.pk).exists()
    event = AuditEvent.objects.get(action="fuehrungszeugnis.delete")
    assert event.details == {"wegbegleiter": mentor.pk, "reason": "superseded"}


def test_a_backdated_inspection_is_refused_and_changes_nothing(alice, region_a):
    mentor = make_mentor(region_a, email="mara@example.org")
    current = Fuehrungszeugnis.objects.get(wegbegleiter=mentor)
    with pytest.raises(ValidationError) as refused:
        fuehrungszeugnis_record(
            acting_user=alice, wegbegleiter=mentor,
            issued_on=current.inspected_on - timedelta(days=30),
            inspected_on=current.inspected_on - timedelta(days=20), relevant_conviction=False,
        )  # fmt: skip
    assert "Nur die aktuelle Prüfung" in str(refused.value)
    assert list(Fuehrungszeugnis.objects.filter(wegbegleiter=mentor)) == [current]


def test_each_deletion_leaves_an_audit_event_without_the_deleted_data(region_a):
    wegbegleiter = make_wegbegleiter(region_a, email="gone@example.org", status=S.ABGELEHNT)
    zeugnis = FuehrungszeugnisFactory(wegbegleiter=wegbegleiter)
    fuehrungszeugnis_purge()
    event = AuditEvent.objects.get(action="fuehrungszeugnis.delete")
    assert event.object_id == str(zeugnis.pk) and event.actor is None
    assert event.details == {"wegbegleiter": wegbegleiter.pk, "reason": "left_without_activity"}
    assert str(zeugnis.issued_on.year) not in str(event.details)
    assert fuehrungszeugnis_purge() == []  # the second run finds nothing
    assert AuditEvent.objects.filter(action="fuehrungszeugnis.delete").count() == 1


def test_the_dry_run_lists_each_volunteer_with_rule_and_date(alice, einrichtung_a, region_a):
    unused = make_mentor(region_a, email="ulla@example.org")
    proposed = make_mentor(region_a, email="paul@example.org")
    propose(alice, make_anfrage(einrichtung_a), proposed)
    for mentor in (unused, proposed):
        _inspected(mentor, date(2026, 8, 31))
    out = StringIO()
    call_command("purge_certificates", "--dry-run", "--date", "2026-11-29", stdout=out)
    lines = out.getvalue().splitlines()
    [line_unused] = [line for line in lines if line.startswith(f"volunteer {unused.pk} ")]
    assert "unused (no match started within 3 month(s) of the inspection)" in line_unused
    assert line_unused.endswith("delete on 2026-11-30: kept")
    [line_open] = [line for line in lines if line.startswith(f"volunteer {proposed.pk} ")]
    assert "match_open" in line_open and line_open.endswith("delete on -: kept")
    assert lines[-1] == "would delete 0 certificate inspection(s) as of 2026-11-29"

    call_command("purge_certificates", "--dry-run", "--date", "2026-11-30", stdout=out)
    assert "delete on 2026-11-30: due" in out.getvalue()
    assert "would delete 1 certificate inspection(s)" in out.getvalue()
    assert Fuehrungszeugnis.objects.count() == 2
    assert not AuditEvent.objects.filter(action="fuehrungszeugnis.delete").exists()

    call_command("purge_certificates", "--date", "2026-11-30", stdout=out)
    assert "deleted 1 certificate inspection(s)" in out.getvalue()
    assert list(Fuehrungszeugnis.objects.values_list("wegbegleiter", flat=True)) == [proposed.pk]


def test_the_daily_beat_task_purges(settings, region_a):
    from schutzkonzept.tasks import purge_certificates

    wegbegleiter = make_wegbegleiter(region_a, email="beat@example.org", status=S.ABGELEHNT)
    FuehrungszeugnisFactory(wegbegleiter=wegbegleiter)
    entry = settings.CELERY_BEAT_SCHEDULE["schutzkonzept-purge-certificates"]
    assert entry["task"] == purge_certificates.name
    assert purge_certificates.delay().get() == 1
    assert not Fuehrungszeugnis.objects.exists()


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"WB_CERTIFICATE_DELETE_AFTER_MONTHS": "7"}, "WB_CERTIFICATE_DELETE_AFTER_MONTHS"),
        ({"WB_CERTIFICATE_UNUSED_MONTHS": "7"}, "WB_CERTIFICATE_UNUSED_MONTHS"),
    ],
)
def test_a_retention_longer_than_the_law_allows_stops_the_start(env, named):
    result = subprocess.run(
        [sys.executable, "-c", "import wegbegleitung.settings"],
        env={**os.environ, "DJANGO_DEBUG": "true", **env},
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert named in result.stderr
