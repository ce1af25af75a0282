"""Deletion on schedule (§ 72a(5) SGB VIII) against real calendar dates."""

from __future__ import annotations

from datetime import date, datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from schutzkonzept.models import Fuehrungszeugnis
from schutzkonzept.services.deletion import fuehrungszeugnis_purge
from tests.schutzkonzept.factories import FuehrungszeugnisFactory, make_wegbegleiter
from wegbegleitung.models import AuditEvent, Wegbegleiter

S = Wegbegleiter.Status


def _with_certificate(region, email, **fields):
    wegbegleiter = make_wegbegleiter(region, email=email, **fields)
    zeugnis = FuehrungszeugnisFactory(
        wegbegleiter=wegbegleiter, inspected_on=date(2024, 3, 1), issued_on=date(2024, 2, 1)
    )
    return wegbegleiter, zeugnis


@pytest.mark.parametrize(
    ("last_activity", "day_before", "deadline"),
    [
        (date(2026, 8, 31), date(2027, 2, 27), date(2027, 2, 28)),
        (date(2027, 8, 31), date(2028, 2, 28), date(2028, 2, 29)),  # leap year
    ],
)
def test_data_is_gone_after_the_run_on_the_last_day_of_february(
    region_a, last_activity, day_before, deadline
):
    _w, zeugnis = _with_certificate(
        region_a,
        "ended@example.org",
        status=S.AUSGESCHIEDEN,
        activity_started_on=date(2024, 3, 15),
        activity_ended_on=last_activity,
    )
    assert fuehrungszeugnis_purge(today=day_before) == []
    assert Fuehrungszeugnis.objects.filter(pk=zeugnis.pk).exists()
    deleted = fuehrungszeugnis_purge(today=deadline)
    assert [d.zeugnis_id for d in deleted] == [zeugnis.pk]
    assert not Fuehrungszeugnis.objects.filter(pk=zeugnis.pk).exists()


@pytest.mark.parametrize(
    "change",
    [
        {"status": S.ABGELEHNT},
        {"status": S.AUSGESCHIEDEN},
        {"user_inactive": True},
    ],
)
def test_a_person_who_never_started_is_purged_on_the_next_run(region_a, change):
    wegbegleiter, zeugnis = _with_certificate(region_a, "never@example.org")
    assert fuehrungszeugnis_purge() == []
    if change.get("user_inactive"):
        wegbegleiter.user.is_active = False
        wegbegleiter.user.save()
    else:
        Wegbegleiter.objects.filter(pk=wegbegleiter.pk).update(status=change["status"])
    deleted = fuehrungszeugnis_purge()
    assert [(d.zeugnis_id, d.reason) for d in deleted] == [(zeugnis.pk, "not_taken_up")]
    assert not Fuehrungszeugnis.objects.exists()


def test_active_people_and_those_within_the_period_keep_their_data(region_a):
    _with_certificate(region_a, "active@example.org", activity_started_on=date(2025, 1, 1))
    _with_certificate(region_a, "screening@example.org", status=S.IN_PRUEFUNG)
    _with_certificate(
        region_a,
        "recent@example.org",
        status=S.AUSGESCHIEDEN,
        activity_started_on=date(2025, 1, 1),
        activity_ended_on=timezone.localdate(),
    )
    assert fuehrungszeugnis_purge() == []
    assert Fuehrungszeugnis.objects.count() == 3


def test_a_person_who_left_without_a_recorded_last_day_counts_from_leaving(region_a):
    wegbegleiter, zeugnis = _with_certificate(
        region_a, "left@example.org", status=S.AUSGESCHIEDEN, activity_started_on=date(2025, 1, 1)
    )
    left = timezone.make_aware(datetime(2026, 8, 31, 18, 0))
    Wegbegleiter.objects.filter(pk=wegbegleiter.pk).update(status_since=left)
    assert fuehrungszeugnis_purge(today=date(2027, 2, 27)) == []
    assert len(fuehrungszeugnis_purge(today=date(2027, 2, 28))) == 1


def test_each_deletion_leaves_an_audit_event_without_the_deleted_data(region_a):
    wegbegleiter, zeugnis = _with_certificate(region_a, "gone@example.org", status=S.ABGELEHNT)
    fuehrungszeugnis_purge()
    event = AuditEvent.objects.get(action="fuehrungszeugnis.delete")
    assert event.object_id == str(zeugnis.pk) and event.actor is None
    assert event.details == {"wegbegleiter": wegbegleiter.pk, "reason": "not_taken_up"}
    assert "2024" not in str(event.details)
    assert fuehrungszeugnis_purge() == []  # the second run finds nothing
    assert AuditEvent.objects.filter(action="fuehrungszeugnis.delete").count() == 1


def test_the_command_dry_run_shows_and_deletes_nothing(region_a):
    wegbegleiter, zeugnis = _with_certificate(region_a, "dry@example.org", status=S.ABGELEHNT)
    out = StringIO()
    call_command("purge_certificates", "--dry-run", stdout=out)
    assert f"would delete certificate inspection {zeugnis.pk}" in out.getvalue()
    assert "never took up the activity" in out.getvalue()
    assert Fuehrungszeugnis.objects.filter(pk=zeugnis.pk).exists()
    assert not AuditEvent.objects.filter(action="fuehrungszeugnis.delete").exists()

    call_command("purge_certificates", stdout=out)
    assert "deleted 1 certificate inspection(s)" in out.getvalue()
    assert not Fuehrungszeugnis.objects.exists()


def test_the_command_evaluates_a_given_day(region_a):
    _with_certificate(
        region_a,
        "date@example.org",
        status=S.AUSGESCHIEDEN,
        activity_started_on=date(2024, 3, 15),
        activity_ended_on=date(2026, 8, 31),
    )
    out = StringIO()
    call_command("purge_certificates", "--dry-run", "--date", "2027-02-27", stdout=out)
    assert "would delete 0" in out.getvalue()
    call_command("purge_certificates", "--dry-run", "--date", "2027-02-28", stdout=out)
    assert "would delete 1" in out.getvalue()


def test_the_daily_beat_task_purges(settings, region_a):
    from schutzkonzept.tasks import purge_certificates

    _with_certificate(region_a, "beat@example.org", status=S.ABGELEHNT)
    entry = settings.CELERY_BEAT_SCHEDULE["schutzkonzept-purge-certificates"]
    assert entry["task"] == purge_certificates.name
    assert purge_certificates.delay().get() == 1
    assert not Fuehrungszeugnis.objects.exists()


def test_a_retention_longer_than_the_law_allows_stops_the_start():
    import os
    import subprocess
    import sys

    env = {**os.environ, "DJANGO_DEBUG": "true", "WB_CERTIFICATE_DELETE_AFTER_MONTHS": "7"}
    result = subprocess.run(
        [sys.executable, "-c", "import wegbegleitung.settings"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "WB_CERTIFICATE_DELETE_AFTER_MONTHS" in result.stderr
