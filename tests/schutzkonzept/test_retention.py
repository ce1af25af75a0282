"""The § 72a(5) SGB VIII retention rules on real calendar dates (pure, no database)."""

from __future__ import annotations

from datetime import date

import pytest

from schutzkonzept.retention import (
    Inspection,
    MatchHistory,
    Periods,
    Rule,
    decide,
    superseded_days,
)

PERIODS = Periods(unused_months=3, after_activity_months=6)


NOTHING = MatchHistory()


def _decide(inspected_on, history=NOTHING, **kw):
    decision = decide(Inspection(1, 7, inspected_on, **kw), history, PERIODS)
    return decision.rule, decision.delete_on


@pytest.mark.parametrize(
    ("last_end", "deadline"),
    [
        (date(2026, 8, 31), date(2027, 2, 28)),
        (date(2027, 8, 31), date(2028, 2, 29)),  # leap year
        (date(2026, 2, 28), date(2026, 8, 28)),
        (date(2025, 12, 31), date(2026, 6, 30)),  # across the turn of the year
    ],
)
def test_six_months_after_the_end_of_the_last_match(last_end, deadline):
    history = MatchHistory(last_start=date(2025, 1, 10), last_end=last_end)
    assert _decide(date(2025, 1, 2), history) == (Rule.LAST_ACTIVITY, deadline)


@pytest.mark.parametrize(
    ("inspected_on", "deadline"),
    [
        (date(2026, 11, 30), date(2027, 2, 28)),
        (date(2027, 11, 30), date(2028, 2, 29)),  # leap year
        (date(2026, 1, 31), date(2026, 4, 30)),
        (date(2026, 10, 15), date(2027, 1, 15)),
    ],
)
def test_no_match_started_within_three_months_of_the_inspection(inspected_on, deadline):
    assert _decide(inspected_on) == (Rule.UNUSED, deadline)


def test_a_match_that_started_before_the_inspection_does_not_use_it():
    # renewed after the last match ended: the new certificate waits for a new match, and the
    # earlier of the two dates applies
    history = MatchHistory(last_start=date(2024, 5, 1), last_end=date(2026, 9, 30))
    assert _decide(date(2026, 10, 15), history) == (Rule.UNUSED, date(2027, 1, 15))
    later = MatchHistory(last_start=date(2024, 5, 1), last_end=date(2026, 6, 30))
    assert _decide(date(2026, 10, 15), later) == (Rule.LAST_ACTIVITY, date(2026, 12, 30))


def test_an_open_match_keeps_the_data_whatever_else_applies():
    history = MatchHistory(open=True, last_start=date(2020, 1, 1), last_end=date(2021, 1, 1))
    assert _decide(date(2020, 1, 1), history, left_on=date(2022, 1, 1)) == (Rule.MATCH_OPEN, None)


def test_leaving_without_activity_deletes_on_the_day_of_leaving():
    assert _decide(date(2026, 10, 1), left_on=date(2026, 10, 20)) == (
        Rule.LEFT_WITHOUT_ACTIVITY,
        date(2026, 10, 20),
    )


def test_leaving_after_a_match_counts_from_the_end_of_the_match_not_from_leaving():
    history = MatchHistory(last_start=date(2025, 1, 10), last_end=date(2026, 8, 31))
    decision = _decide(date(2025, 1, 2), history, left_on=date(2026, 11, 30))
    assert decision == (Rule.LAST_ACTIVITY, date(2027, 2, 28))


def test_a_superseded_inspection_goes_on_the_day_of_the_newer_one():
    history = MatchHistory(open=True)
    decision = _decide(date(2021, 3, 1), history, superseded_on=date(2026, 2, 1))
    assert decision == (Rule.SUPERSEDED, date(2026, 2, 1))


def test_only_the_latest_inspection_is_current():
    days = superseded_days([(5, date(2026, 2, 1)), (3, date(2021, 3, 1)), (9, date(2026, 2, 1))])
    # the same day: the later record is the current one, as clearance reads it
    assert days == {3: date(2026, 2, 1), 5: date(2026, 2, 1)}
    assert superseded_days([(1, date(2026, 1, 1))]) == {}


def test_the_decision_is_due_from_its_day_on():
    decision = decide(Inspection(1, 7, date(2026, 11, 30)), MatchHistory(), PERIODS)
    assert not decision.due(date(2027, 2, 27))
    assert decision.due(date(2027, 2, 28)) and decision.due(date(2027, 3, 1))
