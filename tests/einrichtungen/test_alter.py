from datetime import date

import pytest

from einrichtungen.alter import age_on, birthday_date


@pytest.mark.parametrize(
    ("year", "month", "expected"),
    [(2008, 5, date(2026, 6, 1)), (2008, 12, date(2027, 1, 1)), (2008, 1, date(2026, 2, 1))],
)
def test_18th_birthday_counts_from_first_day_of_following_month(year, month, expected):
    assert birthday_date(year, month, 18) == expected


@pytest.mark.parametrize(
    ("on", "age"),
    [
        (date(2026, 5, 31), 17),  # birth month: the day is unknown, not yet 18
        (date(2026, 6, 1), 18),
        (date(2026, 1, 1), 17),
        (date(2027, 5, 31), 18),
        (date(2027, 6, 1), 19),
    ],
)
def test_age_follows_the_same_rule(on, age):
    assert age_on(2008, 5, on) == age
    assert (age_on(2008, 5, on) >= 18) == (on >= birthday_date(2008, 5, 18))
