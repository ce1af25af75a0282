"""A second reminder run on the same day (issue 13): with nothing written since the first it
costs no query and says the same; after any write it asks again, so a new due item is found the
same day; a failed kind and the next day always run in full."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from schutzkonzept.models import Verhaltenskodex
from tests.schutzkonzept.factories import make_kodex, sign
from tests.wegbegleitung.factories import make_volunteer
from wegbegleitung.models import Benachrichtigung, Region, Wegbegleiter
from wegbegleitung.notifications.registry import KINDS, Audience, Kind, register
from wegbegleitung.notifications.reminders import reminders_run

# the remembered run lives across transactions: the tests commit like the real daily task does
pytestmark = pytest.mark.django_db(transaction=True)

DAY = date(2026, 5, 4)


def _asked(day: date = DAY) -> tuple[int, dict[str, int]]:
    with CaptureQueriesContext(connection) as queries:
        result = reminders_run(day=day)
    return len(queries), result


def _to_sign() -> list[str]:
    rows = Benachrichtigung.objects.filter(kind="conduct_sign").select_related("recipient")
    return sorted(row.recipient.email for row in rows)


@pytest.fixture
def wiebke(region_a: Region) -> Wegbegleiter:
    make_kodex(version=1)
    return make_volunteer(
        region_a, status=Wegbegleiter.Status.VERFUEGBAR, email="wiebke@example.org"
    )


def test_nothing_written_since_the_first_run_costs_no_query(wiebke):
    first_queries, first = _asked()
    again_queries, again = _asked()
    assert first_queries > 10 and again_queries == 0
    assert again == first and first["conduct_sign"] == 1
    assert _to_sign() == ["wiebke@example.org"]


def test_a_new_due_item_on_the_same_day_is_found(wiebke, region_a):
    _asked()
    make_volunteer(region_a, status=Wegbegleiter.Status.VERFUEGBAR, email="karl@example.org")
    queries, result = _asked()
    assert queries > 10 and result["conduct_sign"] == 2
    assert _to_sign() == ["karl@example.org", "wiebke@example.org"]
    # idempotent: the first volunteer is not logged twice
    assert Benachrichtigung.objects.filter(kind="conduct_sign").count() == 2


def test_a_change_that_ends_a_reminder_is_seen_the_same_day(wiebke):
    first = _asked()[1]
    sign(wiebke, Verhaltenskodex.objects.get())
    queries, result = _asked()
    assert queries > 10 and first["conduct_sign"] == 1 and result["conduct_sign"] == 0


def test_the_next_day_runs_in_full(wiebke):
    _asked()
    queries, _result = _asked(date(2026, 5, 5))
    assert queries > 10


def test_a_failed_kind_is_tried_again_by_the_next_run(wiebke):
    calls = []

    def broken(day: date) -> list[object]:
        calls.append(day)
        raise RuntimeError("selector failed")

    register(Kind("broken", "Broken", "Broken", "reminder_generic", Audience.VOLUNTEER, due=broken))
    try:
        assert _asked()[1]["broken"] == -1
        assert _asked()[1]["broken"] == -1
    finally:
        KINDS.pop("broken")
    assert calls == [DAY, DAY]
