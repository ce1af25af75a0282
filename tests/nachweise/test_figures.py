"""The pure rules of the figures: months of a match, hours from minutes, the part in a period."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from nachweise.figures import Figures, MatchFigures, german_number, hours, months_between, overlap


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (date(2025, 3, 1), date(2025, 8, 31), 6),  # 1 March to 31 August: six whole months
        (date(2025, 9, 15), date(2025, 12, 31), 3),  # 15.09.–14.12. are three, the rest is less
        (date(2025, 9, 15), date(2025, 9, 30), 0),
        (date(2025, 1, 31), date(2025, 2, 27), 0),
        (date(2025, 1, 31), date(2025, 2, 28), 1),  # to the end of a shorter month
        (date(2024, 12, 1), date(2025, 11, 30), 12),
    ],
)
def test_months_are_whole_calendar_months(start: date, end: date, months: int) -> None:
    assert months_between(start, end) == months


@pytest.mark.parametrize(
    ("minutes", "text"),
    [(255, "4,3"), (210, "3,5"), (465, "7,8"), (60, "1"), (0, "0"), (135, "2,3"), (129, "2,2")],
)
def test_hours_read_with_one_decimal_and_a_comma(minutes: int, text: str) -> None:
    # 255 min = 4.25 h rounds half up to 4,3; 129 min = 2.15 h -> 2,2; 60 min = 1 h reads "1"
    assert german_number(hours(minutes)) == text


def test_the_part_of_a_match_within_the_period() -> None:
    year = (date(2025, 1, 1), date(2025, 12, 31))
    assert overlap(date(2024, 6, 1), date(2025, 2, 28), *year) == (
        date(2025, 1, 1),
        date(2025, 2, 28),
    )
    assert overlap(date(2025, 9, 15), None, *year) == (date(2025, 9, 15), date(2025, 12, 31))
    assert overlap(date(2024, 1, 1), date(2024, 12, 31), *year) is None


def test_frozen_figures_read_back_the_same() -> None:
    figures = Figures(
        period_from=date(2025, 1, 1), period_to=date(2025, 12, 31),
        matches=(MatchFigures(date(2025, 3, 1), None, date(2025, 3, 1), date(2025, 12, 31), 2, 90),),
        training_sessions=3, training_hours=Decimal("8.0"), supervision_sessions=2,
    )  # fmt: skip
    assert Figures.from_json(figures.to_json()) == figures
    assert figures.meeting_hours == "1,5" and figures.training_hours_text == "8 Stunden"
