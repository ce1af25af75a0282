"""The reminder selector and the waves admin list need the same number of queries for one match
as for several (no query per volunteer, match or wave)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from forschung.demo import CODE
from forschung.notifications import study_wave_due
from forschung.services.waves import welle_save
from tests.forschung.factories import active_match, consent, item_ids, published
from tests.matching.factories import make_anfrage, make_mentor

pytestmark = pytest.mark.django_db


def _add_match(n, alice, staff_a, region_a, einrichtung_a, instrument, capture):
    mentor = make_mentor(region_a, email=f"m{n}@example.org", first_name=f"M{n}")
    anfrage = make_anfrage(einrichtung_a, vorname=f"J{n}")
    match = active_match(alice, staff_a, anfrage, mentor, capture)
    consent(mentor)
    welle_save(acting_user=mentor.user, begleitung=match, code=CODE, nummer=0,
               answers={item_ids(instrument)[0]: 3}, submit=n % 2 == 0)  # fmt: skip


def _count(action) -> int:
    with CaptureQueriesContext(connection) as ctx:
        action()
    return len(ctx.captured_queries)


def test_reminders_and_admin_list_constant(
    alice, staff_a, region_a, einrichtung_a, client, django_capture_on_commit_callbacks
):
    instrument = published(alice)
    add = lambda n: _add_match(n, alice, staff_a, region_a, einrichtung_a, instrument,  # noqa: E731
                               django_capture_on_commit_callbacks)  # fmt: skip
    today = timezone.localdate()
    client.force_login(alice)
    listing = reverse("admin:forschung_welle_changelist")
    add(1)
    one = (_count(lambda: list(study_wave_due(today))), _count(lambda: client.get(listing)))
    for n in range(2, 6):
        add(n)
    assert len(list(study_wave_due(today))) == 3  # waves 1, 3, 5 begun, 2 and 4 sent
    many = (_count(lambda: list(study_wave_due(today))), _count(lambda: client.get(listing)))
    assert many == one
