"""The nightly retention task through a real Celery worker on Redis: what is due is gone, what is
not stays, and the run is audited with counts only."""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from tests.schutzkonzept.factories import make_wegbegleiter
from tests.wegbegleitung.factories import complete_application
from wegbegleitung.models import AuditEvent, Bewerbung, Wegbegleiter
from wegbegleitung.retention import months_back
from wegbegleitung.tasks import apply_retention


@pytest.mark.worker
def test_the_worker_applies_the_schedule(celery_worker: Any, region_a: Any, settings: Any) -> None:
    today = timezone.localdate()
    old = make_wegbegleiter(region_a, email="old.declined@example.org", status="abgelehnt")
    recent = make_wegbegleiter(region_a, email="recent.declined@example.org", status="abgelehnt")
    for person in (old, recent):
        complete_application(person)
    # decided 6 months and a day ago: due; decided yesterday: not
    old_day = months_back(today, settings.WB_RETENTION_APPLICANT_MONTHS) - timedelta(days=1)
    noon = timezone.make_aware(datetime.combine(old_day, datetime.min.time()) + timedelta(hours=12))
    Wegbegleiter.objects.filter(pk=old.pk).update(status_since=noon)
    Wegbegleiter.objects.filter(pk=recent.pk).update(
        status_since=timezone.now() - timedelta(days=1)
    )
    apply_retention.delay()
    done = AuditEvent.objects.filter(action="retention.apply", details__kind="applicants")
    _wait_for(done.exists)
    assert not Bewerbung.objects.filter(wegbegleiter=old).exists()
    assert not Wegbegleiter.objects.get(pk=old.pk).user.is_active
    assert Bewerbung.objects.filter(wegbegleiter=recent).exists()
    event = AuditEvent.objects.get(action="retention.apply", details__kind="applicants")
    assert event.details == {"kind": "applicants", "count": 1}


def _wait_for(condition: Any, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError("the worker did not finish in time")
