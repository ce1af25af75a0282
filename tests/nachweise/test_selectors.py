"""The figures on the designed data set (worked out by hand in conftest.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from nachweise import selectors
from tests.nachweise.conftest import YEAR, Designed, match, supervision, training


def _summary(figures):
    return [(m.counted_from, m.counted_to, m.months, m.meetings, m.minutes, m.hours)
            for m in figures.matches]  # fmt: skip


def test_the_year_2025(designed: Designed) -> None:
    f = selectors.figures_for(designed.vera, period_from=YEAR[0], period_to=YEAR[1])
    assert _summary(f) == [
        # Malik: 90 + 120 + 45 = 255 min = 4.25 h; 01.03.–31.08. = 6 months; ended
        (date(2025, 3, 1), date(2025, 8, 31), 6, 3, 255, "4,3"),
        # Leonie: 60 + 150 = 210 min = 3.5 h (the meeting of 10.01.2026 is outside); 3 months
        (date(2025, 9, 15), date(2025, 12, 31), 3, 2, 210, "3,5"),
    ]
    assert f.matches[0].ended_on == date(2025, 8, 31) and f.matches[1].ended_on is None
    # 5 meetings, 465 min = 7.75 h; Otto's 300 minutes are not Vera's
    assert (f.meetings, f.minutes, f.meeting_hours) == (5, 465, "7,8")
    # training 4.0 + 2.0 (left early) + 2.0; the session she missed does not count
    assert (f.training_sessions, f.training_hours) == (3, Decimal("8.0"))
    # 05.03. and 02.04.; 01.12.2024 is before the year, 07.05. not attended
    assert f.supervision_sessions == 2


def test_a_period_within_counts_only_what_lies_in_it(designed: Designed) -> None:
    f = selectors.figures_for(
        designed.vera, period_from=date(2025, 5, 1), period_to=date(2025, 9, 30)
    )
    assert _summary(f) == [
        # Malik from 01.05.: 120 + 45 = 165 min = 2.75 h; 01.05.–31.08. = 4 months
        (date(2025, 5, 1), date(2025, 8, 31), 4, 2, 165, "2,8"),
        # Leonie 15.09.–30.09.: not yet a whole month; 60 min = 1 h
        (date(2025, 9, 15), date(2025, 9, 30), 0, 1, 60, "1"),
    ]
    assert (f.meetings, f.meeting_hours) == (3, "3,8")  # 225 min = 3.75 h
    assert (f.training_sessions, f.training_hours, f.supervision_sessions) == (1, Decimal("2.0"), 0)


def test_a_period_after_a_match_ended_leaves_it_out(designed: Designed) -> None:
    f = selectors.figures_for(
        designed.vera, period_from=date(2025, 9, 1), period_to=date(2025, 12, 31)
    )
    assert [m.counted_from for m in f.matches] == [date(2025, 9, 15)]


def test_the_engagement_runs_from_the_first_activity_to_today_or_the_day_they_left(
    designed: Designed,
) -> None:
    today = date(2026, 11, 30)
    # the first supervision attended (01.12.2024) comes before the training and the matches
    assert selectors.engagement_period(designed.vera, today=today) == (date(2024, 12, 1), today)
    vera = designed.vera
    vera.status, vera.activity_ended_on = "ausgeschieden", date(2026, 2, 28)
    assert selectors.engagement_period(vera, today=today) == (date(2024, 12, 1), date(2026, 2, 28))


def test_no_activity_no_period(region_a, volunteer) -> None:
    from wegbegleitung.models import Wegbegleiter

    assert (
        selectors.engagement_period(
            Wegbegleiter.objects.get(user=volunteer), today=date(2026, 11, 30)
        )
        is None
    )


def test_the_figures_take_the_same_queries_for_many_matches_and_sessions(
    designed: Designed, einrichtung_a, region_a, django_assert_num_queries
) -> None:
    vera = designed.vera
    with django_assert_num_queries(4):  # matches, diary, training, supervision
        selectors.figures_for(vera, period_from=YEAR[0], period_to=YEAR[1])
    for n in range(8):
        match(vera, einrichtung_a, f"Jonas{n}", date(2025, 1, 1 + n), date(2025, 2, 1),
              [(date(2025, 1, 10 + n), 30), (date(2025, 1, 20 + n), 30)])  # fmt: skip
        training(region_a, date(2025, 7, 1 + n), "1.0", (vera, True, None))
        supervision(region_a, date(2025, 8, 1 + n), (vera, True))
    with django_assert_num_queries(4):
        f = selectors.figures_for(vera, period_from=YEAR[0], period_to=YEAR[1])
    assert (len(f.matches), f.training_sessions, f.supervision_sessions) == (10, 11, 10)


def test_the_certificate_names_the_programmes_of_the_matches_counted(designed: Designed) -> None:
    from django.conf import settings

    from matching.models import Begleitung
    from programme.models import Programm

    familien = Programm.objects.create(name="Frühe Hilfen", begleitet="familien")
    Begleitung.objects.filter(pk=designed.m2.pk).update(programm=familien)
    f = selectors.figures_for(designed.vera, period_from=YEAR[0], period_to=YEAR[1])
    # the default programme in the association's certificate wording, the other by its name
    assert f.programme == (settings.WB_NACHWEIS_PROGRAMM, "Frühe Hilfen")
    # only Leonie's match (Frühe Hilfen) lies in this period
    f = selectors.figures_for(designed.vera, period_from=date(2025, 10, 1), period_to=YEAR[1])
    assert f.programme == ("Frühe Hilfen",)
    assert type(f).from_json(f.to_json()).programme == ("Frühe Hilfen",)
