"""Calendar arithmetic for the safeguarding deadlines, in whole months.

"3 months", "5 years" and "6 months" are calendar periods: a month later is the same day number,
or the last day of the month when that day does not exist (31 August + 6 months = 28 February,
29 February in a leap year). The same rule is used in Python and, through ``last_date_reaching``,
in database filters, so a deadline computed for one volunteer and for a whole list agree.
"""

from __future__ import annotations

from calendar import isleap
from datetime import date

_MONTH_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def days_in_month(year: int, month: int) -> int:
    """``calendar.monthrange(year, month)[1]`` without working out the weekday as well (the
    reports add months to every match's dates: that took most of the time)."""
    return 29 if month == 2 and isleap(year) else _MONTH_DAYS[month]


def add_months(day: date, months: int) -> date:
    """``day`` moved by ``months`` calendar months (negative goes back), clamped to month end."""
    year, month_index = divmod(day.year * 12 + day.month - 1 + months, 12)
    month = month_index + 1
    return date(year, month, min(day.day, days_in_month(year, month)))


def last_date_reaching(today: date, months: int) -> date:
    """The latest date ``d`` with ``add_months(d, months) <= today``.

    So "``add_months(d, months)`` has been reached by ``today``" is the filter ``d <= result``,
    which a database can answer for a whole list without calendar functions of its own.
    """
    earlier = add_months(today.replace(day=1), -months)
    days_in_earlier = days_in_month(earlier.year, earlier.month)
    if today.day == days_in_month(today.year, today.month):
        # every day of the earlier month lands on this month's last day or before
        return earlier.replace(day=days_in_earlier)
    return earlier.replace(day=min(today.day, days_in_earlier))
