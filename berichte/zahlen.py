"""The arithmetic of the report figures, pure: plain rows in, numbers out (docs/measures.md).

No ORM here: ``berichte.selectors`` fetches narrow rows once and hands them to these functions,
so the rules can be read (and tested) without a database and the page needs a fixed number of
queries however much data there is.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from matching.schedule import Rhythmus, longest_contact_days, next_contact_due, next_review_due
from schutzkonzept.dates import add_months

DAYS_PER_MONTH = 30.44  # measures.md: lengths in months are days ÷ 30.44, one decimal


@dataclass(frozen=True)
class Lage:
    """Median and mean of a population of values (None when it is empty), and its size."""

    anzahl: int
    median: float | None
    mittel: float | None
    laengste: float | None = None


def lage(values: Sequence[float], *, digits: int = 1) -> Lage:
    if not values:
        return Lage(0, None, None, None)
    return Lage(
        anzahl=len(values),
        median=round(float(statistics.median(values)), digits),
        mittel=round(statistics.fmean(values), digits),
        laengste=round(float(max(values)), digits),
    )


def in_months(days: Iterable[int]) -> list[float]:
    return [d / DAYS_PER_MONTH for d in days]


def runs_on(day: date, started_on: date | None, ended_on: date | None) -> bool:
    """measures.md: started by ``day`` and not yet ended (the closure day no longer runs)."""
    return started_on is not None and started_on <= day and (ended_on is None or day < ended_on)


def runs_in(von: date, bis: date, started_on: date | None, ended_on: date | None) -> bool:
    """Ran on at least one day of ``[von, bis]``."""
    return started_on is not None and started_on <= bis and (ended_on is None or ended_on > von)


def months_between(von: date, bis: date) -> list[date]:
    """The first days of the calendar months that ``[von, bis]`` touches, in order."""
    month = von.replace(day=1)
    months = []
    while month <= bis:
        months.append(month)
        month = add_months(month, 1)
    return months


def month_end(month: date) -> date:
    return add_months(month, 1) - timedelta(days=1)


def calendar_year(jahr: int) -> tuple[date, date]:
    return date(jahr, 1, 1), date(jahr, 12, 31)


def retention_window(day: date) -> tuple[date, date]:
    """The cohort: the 12 months that end 12 months before ``day`` (both ends included)."""
    last = add_months(day, -12)
    return add_months(day, -24) + timedelta(days=1), last


def retained(started_on: date, ended_on: date | None) -> bool:
    """Still running 12 months after the start; a closure exactly after a year is retained."""
    return ended_on is None or ended_on >= add_months(started_on, 12)


def premature(started_on: date, ended_on: date, laufzeit_monate: int) -> bool:
    return ended_on < add_months(started_on, laufzeit_monate)


@dataclass(frozen=True)
class Puenktlich:
    """How many due dates fell in the period (nenner) and how many were met (zaehler)."""

    zaehler: int
    nenner: int


def on_time(
    *,
    started_on: date,
    ended_on: date | None,
    contact_days: Sequence[date],
    von: date,
    bis: date,
    next_due: Callable[[date | None], date],
) -> Puenktlich:
    """measures.md "Support contacts on time": walk the contacts in date order; each due date
    that falls in the period counts once, on time when the next contact came by then.

    ``contact_days`` are sorted distinct dates; ``next_due(last)`` gives the due date after the
    contact ``last`` (None: the start). Due dates on or after the closure do not count: the match
    no longer ran.

    The contacts before ``walk_from(von, longest)`` may be left out (``longest``: no due date
    lies further after its contact or the start, ``longest_interval``): the result is the same.
    """
    zaehler = nenner = 0
    if ended_on is not None and ended_on <= von:
        return Puenktlich(0, 0)  # no due date before the closure falls in the period
    last: date | None = None
    upcoming = [d for d in contact_days if d >= started_on]
    for following in [*upcoming, None]:  # sorted and distinct: each is the one after ``last``
        due = next_due(last)
        if due > bis or (ended_on is not None and due >= ended_on):
            break
        if due >= von:
            nenner += 1
            zaehler += following is not None and following <= due
        last = following
    return Puenktlich(zaehler, nenner)


def longest_interval(rhythmus: Rhythmus, *, review: bool) -> timedelta:
    """The furthest any due date of ``due_rule`` lies after its base (the last contact or
    review, else the start): the longest interval of the rhythm; a review's months have at most
    31 days each."""
    if review:
        months = max(rhythmus.review_erste_monate, rhythmus.review_intervall_monate)
        return timedelta(days=31 * max(0, months))
    return timedelta(days=max(0, longest_contact_days(rhythmus)))


def walk_from(von: date, longest: timedelta) -> date:
    """The first contact day ``on_time`` needs for the period starting ``von``.

    A contact ``c`` before this day (and the start, if it lies before it) has its due date
    ``next_due(c) <= c + longest < von``: before the period, so it is not counted; and since a
    match closed by ``von`` counts nothing anyway, it is not on or after the closure either, so
    it does not end the walk. Whether ``c`` came on time is asked only of the due date before
    ``c``, which lies before ``c`` and so before the period too. The walk over the remaining
    contacts (starting from the start, whose due date is before the period as well, or, for a
    match started on or after this day, over all its contacts) counts exactly the same due dates.
    """
    return von - longest


def due_rule(
    *,
    started_on: date,
    care_leaver_since: date | None,
    rhythmus: Rhythmus,
    review: bool,
) -> Callable[[date | None], date]:
    """``next_due`` for ``on_time``: the next support contact (the care-leaver rhythm when the
    last contact, else the start, lies in that phase) or the next review, by the rhythm of the
    match's programme."""

    def due(last: date | None) -> date:
        if review:
            return next_review_due(started_on=started_on, last_review=last, rhythmus=rhythmus)
        base = last or started_on
        care = care_leaver_since is not None and base >= care_leaver_since
        return next_contact_due(
            started_on=started_on, last_contact=last, care_leaver=care, rhythmus=rhythmus
        )

    return due
