"""Clearance that lapses during an active match: detected, both sides told, nothing ended."""

from __future__ import annotations

from datetime import date

from schutzkonzept.models import FreigabeVerlust
from schutzkonzept.services.lapses import clearance_lapses_check, lapsed_clearance_list
from tests.schutzkonzept.factories import (
    make_cleared,
    make_kodex,
    make_wegbegleiter,
)
from wegbegleitung.models import Wegbegleiter


def test_a_lapse_is_detected_and_both_sides_are_told_once(
    region_a, alice, kodex, mailoutbox, django_capture_on_commit_callbacks
):
    active = make_wegbegleiter(
        region_a,
        email="active@example.org",
        first_name="Anna",
        activity_started_on=date(2025, 1, 1),
    )
    make_cleared(active, kodex=kodex)
    idle = make_wegbegleiter(region_a, email="idle@example.org")  # not active: not a lapse
    with django_capture_on_commit_callbacks(execute=True):
        assert clearance_lapses_check() == ([], [])
    assert list(lapsed_clearance_list()) == []

    make_kodex(version=kodex.version + 1)  # a new version: not signed yet
    with django_capture_on_commit_callbacks(execute=True):
        created, resolved = clearance_lapses_check()
    assert len(created) == 1 and resolved == []
    assert [w.pk for w in lapsed_clearance_list()] == [active.pk]
    recipients = sorted(tuple(m.to) for m in mailoutbox)
    assert recipients == [("active@example.org",), ("alice@example.org",)]
    assert all("Verhaltenskodex" in m.body or "code of conduct" in m.body for m in mailoutbox)
    active.refresh_from_db()
    assert active.status == Wegbegleiter.Status.VERFUEGBAR  # nothing was ended

    with django_capture_on_commit_callbacks(execute=True):
        assert clearance_lapses_check() == ([], [])  # told once only
    assert len(mailoutbox) == 2
    assert idle.pk not in {w.pk for w in lapsed_clearance_list()}


def test_a_lapse_is_resolved_when_clearance_is_back(region_a, kodex):
    active = make_wegbegleiter(
        region_a, email="active@example.org", activity_started_on=date(2025, 1, 1)
    )
    clearance_lapses_check()
    lapse = FreigabeVerlust.objects.get(wegbegleiter=active)
    make_cleared(active, kodex=kodex)
    created, resolved = clearance_lapses_check()
    assert created == [] and resolved == [lapse.pk]
    lapse.refresh_from_db()
    assert lapse.resolved_on is not None


def test_the_lapse_list_is_one_query(region_a, kodex, django_assert_num_queries):
    for n in range(5):
        make_wegbegleiter(region_a, email=f"a{n}@example.org", activity_started_on=date(2025, 1, 1))
    with django_assert_num_queries(1):
        rows = [(w.user.email, w.region and w.region.name) for w in lapsed_clearance_list()]
    assert len(rows) == 5


def test_the_daily_task_checks_for_lapses(settings, region_a, kodex):
    from schutzkonzept.tasks import check_clearance_lapses

    make_wegbegleiter(region_a, email="t@example.org", activity_started_on=date(2025, 1, 1))
    entry = settings.CELERY_BEAT_SCHEDULE["schutzkonzept-check-clearance"]
    assert entry["task"] == check_clearance_lapses.name
    assert check_clearance_lapses.delay().get() == 1
    assert FreigabeVerlust.objects.filter(resolved_on__isnull=True).count() == 1
