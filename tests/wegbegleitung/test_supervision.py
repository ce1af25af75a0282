"""Supervision due: derived from attended sessions for volunteers in an active match."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from programme.rules import standard
from tests.wegbegleitung.factories import make_volunteer
from wegbegleitung.models import Supervision, SupervisionEinladung, Wegbegleiter
from wegbegleitung.selectors import supervision_due_list

S = Wegbegleiter.Status


def _attended(wegbegleiter, days_ago, attended=True):
    supervision = Supervision.objects.create(
        region=wegbegleiter.region, starts_at=timezone.now() - timedelta(days=days_ago),
        place="Raum", facilitator="F",
    )  # fmt: skip
    SupervisionEinladung.objects.create(
        supervision=supervision, wegbegleiter=wegbegleiter, attended=attended
    )


def _mentor(region, started_days_ago):
    wegbegleiter = make_volunteer(region, status=S.VERFUEGBAR)
    Wegbegleiter.objects.filter(pk=wegbegleiter.pk).update(
        activity_started_on=timezone.localdate() - timedelta(days=started_days_ago)
    )
    return wegbegleiter


def test_supervision_due_after_eight_weeks(region_a):
    recent = _mentor(region_a, 200)
    _attended(recent, 30)
    overdue = _mentor(region_a, 200)
    _attended(overdue, 60)  # more than 8 weeks ago
    _attended(overdue, 10, attended=False)  # invited but absent: does not count
    new = _mentor(region_a, 20)  # matched 20 days ago, no session yet: not due
    never = _mentor(region_a, 100)  # matched 100 days ago, never attended
    ids = [recent.pk, overdue.pk, new.pk, never.pk]
    due = set(supervision_due_list(in_active_match=ids))
    assert due == {overdue, never}


def test_only_volunteers_in_an_active_match_are_due(region_a):
    mentor = _mentor(region_a, 100)
    assert list(supervision_due_list(in_active_match=[])) == []
    assert list(supervision_due_list(in_active_match=[mentor.pk])) == [mentor]


def test_interval_is_the_default_programmes_rule(region_a):
    default = standard()
    default.supervision_wochen = 4
    default.save()
    mentor = _mentor(region_a, 200)
    _attended(mentor, 35)
    assert list(supervision_due_list(in_active_match=[mentor.pk])) == [mentor]
    default.supervision_wochen = 8
    default.save()
    assert list(supervision_due_list(in_active_match=[mentor.pk])) == []
