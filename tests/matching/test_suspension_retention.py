"""Suspensions of closed matches go with the rest of the match's content,
WB_RETENTION_SUSPENSION_MONTHS after the later of their lifting and the match's end; a
suspension of a running match never goes."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from matching.models import Aussetzung, Begleitung
from schutzkonzept.dates import add_months
from tests.wegbegleitung.data_subject_scene import close, designed  # noqa: F401 - the scene
from wegbegleitung.services.retention import retention_apply, retention_preview

pytestmark = pytest.mark.django_db


def _due(day: Any) -> int:
    return {o.key: o.count for o in retention_preview(today=day)}["suspensions"]


def test_a_suspension_goes_once_its_closed_match_is_old_enough(
    settings: Any, request: Any, alice: Any
) -> None:
    settings.WB_RETENTION_SUSPENSION_MONTHS = 36
    begleitung: Begleitung = request.getfixturevalue("designed")["begleitung"]
    Aussetzung.objects.create(begleitung=begleitung, by=alice, aufgehoben_am=timezone.now(),
                              aufgehoben_von=alice, aufhebung_notiz="geklärt")  # fmt: skip
    today = timezone.localdate()
    assert _due(add_months(today, 40)) == 0  # the match still runs: nothing goes
    close(alice, begleitung)  # ends today
    due_day = add_months(today, 36)
    assert _due(due_day - timedelta(days=1)) == 0
    counts = {o.key: o.count for o in retention_apply(today=due_day - timedelta(days=1))}
    assert counts["suspensions"] == 0 and Aussetzung.objects.count() == 1
    assert _due(due_day) == 1
    assert {o.key: o.count for o in retention_apply(today=due_day)}["suspensions"] == 1
    assert not Aussetzung.objects.exists()
    assert Begleitung.objects.filter(pk=begleitung.pk).exists()  # the bare match stays
