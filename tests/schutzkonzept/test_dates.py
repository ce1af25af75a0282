from datetime import date, timedelta

import pytest

from schutzkonzept.dates import add_months, last_date_reaching


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2027, 8, 31), 6, date(2028, 2, 29)),  # leap year
        (date(2024, 2, 29), 60, date(2029, 2, 28)),
        (date(2026, 5, 15), -3, date(2026, 2, 15)),
        (date(2026, 5, 31), -3, date(2026, 2, 28)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
    ],
)
def test_add_months_keeps_the_day_or_takes_the_month_end(start, months, expected):
    assert add_months(start, months) == expected


@pytest.mark.parametrize("months", [1, 3, 6, 36, 60])
def test_last_date_reaching_is_the_exact_boundary_for_every_day(months):
    """The database filter ``d <= last_date_reaching`` means ``add_months(d) <= today``."""
    day = date(2023, 1, 1)
    while day < date(2030, 12, 31):
        boundary = last_date_reaching(day, months)
        assert add_months(boundary, months) <= day
        assert add_months(boundary + timedelta(days=1), months) > day
        day += timedelta(days=3)
