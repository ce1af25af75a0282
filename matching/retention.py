"""Matching's answer to the safeguarding app's retention clocks (``schutzkonzept.providers``).

For each volunteer: is a match open, when did the latest match start, when did the latest match
that had started end. "Open" is every state of ``Begleitung.OPEN_STATES`` and
``Begleitung.RUNNING_STATES`` (proposed through paused, and whatever open or running state is
added later): while any of them holds, the activity is being taken up or goes on. The end of a
closed match is the closure's ``beendet_am`` (the day contact ended, as the coordinator entered
it), else the match's ``ended_on``.
"""

from __future__ import annotations

from datetime import date

from django.db.models.functions import Coalesce

from matching.models import Begleitung
from schutzkonzept.retention import MatchHistory


def open_states() -> set[str]:
    return set(Begleitung.OPEN_STATES) | set(Begleitung.RUNNING_STATES)


def match_history(wegbegleiter_ids: list[int]) -> dict[int, MatchHistory]:
    """One query for all volunteers."""
    rows = (
        Begleitung.objects.filter(wegbegleiter_id__in=wegbegleiter_ids)
        .annotate(end=Coalesce("abschluss__beendet_am", "ended_on"))
        .values_list("wegbegleiter_id", "status", "started_on", "end")
    )
    states = open_states()
    result: dict[int, MatchHistory] = {}
    for wegbegleiter_id, status, started_on, end in rows:
        before = result.get(wegbegleiter_id, MatchHistory())
        closed_end = end if started_on is not None and status not in states else None
        result[wegbegleiter_id] = MatchHistory(
            open=before.open or status in states,
            last_start=_latest(before.last_start, started_on),
            last_end=_latest(before.last_end, closed_end),
        )
    return result


def _latest(a: date | None, b: date | None) -> date | None:
    return max((d for d in (a, b) if d is not None), default=None)
