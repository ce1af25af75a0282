"""Closed concerns (§ 8a SGB VIII) go with their steps WB_RETENTION_CONCERN_MONTHS after they
were closed, by the daily retention task; open concerns never go."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from schutzkonzept.models import Meldung, MeldungSchritt
from wegbegleitung.env import envint
from wegbegleitung.services.retention import retention_apply, retention_preview

pytestmark = pytest.mark.django_db
CLOSED_ON = date(2027, 3, 15)


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12)))


@pytest.fixture
def concerns(region_a: Any) -> dict[str, Meldung]:
    made = {}
    for status in (Meldung.Status.ABGESCHLOSSEN, Meldung.Status.ENTSCHEIDUNG):
        meldung = Meldung.objects.create(
            kanal=Meldung.Kanal.KOORDINATION, region=region_a, description="Sorge um Malik",
            status=status, received_at=_at(date(2027, 1, 4)), status_since=_at(CLOSED_ON),
        )  # fmt: skip
        MeldungSchritt.objects.create(meldung=meldung, art=MeldungSchritt.Art.EINGANG,
                                      at=_at(date(2027, 1, 4)), note="Anruf")  # fmt: skip
        made[status] = meldung
    return made


def _due(day: date) -> int:
    return {o.key: o.count for o in retention_preview(today=day)}["concerns"]


def test_a_closed_concern_stays_until_its_period_has_passed_then_goes_with_its_steps(
    settings: Any, concerns: dict[str, Meldung]
) -> None:
    settings.WB_RETENTION_CONCERN_MONTHS = 360
    assert _due(date(2057, 3, 14)) == 0  # one day before thirty years after the closure
    assert {o.key: o.count for o in retention_apply(today=date(2057, 3, 14))}["concerns"] == 0
    assert Meldung.objects.count() == 2
    assert _due(date(2057, 3, 15)) == 1
    assert {o.key: o.count for o in retention_apply(today=date(2057, 3, 15))}["concerns"] == 1
    left = Meldung.objects.get()
    assert left.status == Meldung.Status.ENTSCHEIDUNG  # the open one never goes
    assert MeldungSchritt.objects.filter(meldung=left).count() == 1
    assert MeldungSchritt.objects.count() == 1  # the closed one's steps went with it


def test_the_default_is_thirty_years_and_a_bad_value_stops_the_start(
    settings: Any, monkeypatch: Any
) -> None:
    assert settings.WB_RETENTION_CONCERN_MONTHS == 360
    monkeypatch.setenv("WB_RETENTION_CONCERN_MONTHS", "zehn")
    with pytest.raises(ImproperlyConfigured):
        envint("WB_RETENTION_CONCERN_MONTHS", 360, minimum=12)
