"""Which day the data of a certificate inspection must be deleted: pure rules, no ORM.

§ 72a(5) SGB VIII (as amended in 2021) allows keeping the three facts of an inspection only while
they serve the activity they were inspected for:

- **superseded**: only the current inspection (the latest by inspection date) is kept; an older
  one is deleted on the day the newer one was inspected;
- **left without activity**: a person who leaves, is declined or closes their account without a
  match having started since the inspection did not take up the activity: deleted "immediately",
  i.e. on the day they left;
- **unused**: no match has started within WB_CERTIFICATE_UNUSED_MONTHS after the inspection:
  the activity was not taken up (the reasoning is next to the setting); a new inspection is
  needed when a match comes;
- **last activity**: at the latest WB_CERTIFICATE_DELETE_AFTER_MONTHS (at most 6) after the end
  of the volunteer's last match (the closure's end date, not the day it was recorded), whether
  the volunteer left or stays in the pool;
- **match open**: while a match is open (proposed through any running state) the activity is
  being taken up or goes on: nothing is deleted.

When several rules apply, the earliest date wins (the law says "at the latest"). Months are
calendar months (``schutzkonzept.dates.add_months``: 31 August + 6 months = 28/29 February).
The data on the matches come from the matching app through ``schutzkonzept.providers``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from schutzkonzept.dates import add_months


class Rule(StrEnum):
    SUPERSEDED = "superseded"
    LEFT_WITHOUT_ACTIVITY = "left_without_activity"
    UNUSED = "unused"
    LAST_ACTIVITY = "last_activity"
    MATCH_OPEN = "match_open"


@dataclass(frozen=True)
class MatchHistory:
    """What the matching app knows about one volunteer's matches."""

    open: bool = False  # a match in an open state (proposed, running, paused, ending requested)
    last_start: date | None = None  # the latest day one of their matches started
    last_end: date | None = None  # the latest end of a match that had started and is closed


@dataclass(frozen=True)
class Inspection:
    """One stored inspection and what the safeguarding app knows about its volunteer."""

    zeugnis_id: int
    wegbegleiter_id: int
    inspected_on: date
    superseded_on: date | None = None  # inspection day of a newer inspection, if any
    left_on: date | None = None  # the day the volunteer left, was declined or closed the account


@dataclass(frozen=True)
class Decision:
    zeugnis_id: int
    wegbegleiter_id: int
    rule: Rule
    delete_on: date | None  # None: kept while a match is open

    def due(self, today: date) -> bool:
        return self.delete_on is not None and self.delete_on <= today


@dataclass(frozen=True)
class Periods:
    unused_months: int
    after_activity_months: int


def decide(inspection: Inspection, history: MatchHistory, periods: Periods) -> Decision:
    """The rule and the day that apply to ``inspection`` (see the module doc)."""

    def decision(rule: Rule, day: date | None) -> Decision:
        return Decision(inspection.zeugnis_id, inspection.wegbegleiter_id, rule, day)

    if inspection.superseded_on is not None:
        return decision(Rule.SUPERSEDED, inspection.superseded_on)
    if history.open:
        return decision(Rule.MATCH_OPEN, None)
    candidates = list(_candidates(inspection, history, periods))
    rule, day = min(candidates, key=lambda candidate: candidate[1])
    return decision(rule, day)


def _candidates(
    inspection: Inspection, history: MatchHistory, periods: Periods
) -> list[tuple[Rule, date]]:
    result = []
    if history.last_end is not None:
        result.append(
            (Rule.LAST_ACTIVITY, add_months(history.last_end, periods.after_activity_months))
        )
    used = history.last_start is not None and history.last_start >= inspection.inspected_on
    if not used:
        if inspection.left_on is not None:
            result.append((Rule.LEFT_WITHOUT_ACTIVITY, inspection.left_on))
        result.append((Rule.UNUSED, add_months(inspection.inspected_on, periods.unused_months)))
    if not result:
        # a match started since the inspection and is closed without an end date: count from
        # its start, the latest day we know the activity went on
        assert history.last_start is not None
        result.append(
            (Rule.LAST_ACTIVITY, add_months(history.last_start, periods.after_activity_months))
        )
    return result


def superseded_days(inspections: list[tuple[int, date]]) -> dict[int, date]:
    """``inspections``: (id, inspection day) of one volunteer, any order. Returns for every
    inspection but the current one the day it was superseded (the next newer inspection's day).
    The current one is the latest by day, then by id (as ``clearance`` reads it)."""
    ordered = sorted(inspections, key=lambda item: (item[1], item[0]))
    return {older[0]: newer[1] for older, newer in zip(ordered, ordered[1:], strict=False)}
