"""The wave schedule on real dates across ten years (6 months first, then yearly)."""

from __future__ import annotations

from datetime import date

from forschung import schedule
from forschung.schedule import Consent

WINDOW = 60


def due_dates(start: date, years: int = 10) -> list[date]:
    return [w.faellig_am for w in schedule.waves(start, years=years, first_months=6,
                                                 window_days=WINDOW)]  # fmt: skip


def open_on(
    start: date, day: date, consent: Consent | None, closed_on: date | None = None
) -> list[int]:
    waves = schedule.open_waves(start, day, closed_on=closed_on, consent=consent, years=10,
                                first_months=6, window_days=WINDOW)  # fmt: skip
    return [w.nummer for w in waves]


def test_ten_years_from_31_january() -> None:
    dates = due_dates(date(2026, 1, 31))
    assert len(dates) == 12  # waves 0..11: start, 6 months, years 1..10
    assert dates[:4] == [date(2026, 1, 31), date(2026, 7, 31), date(2027, 1, 31), date(2028, 1, 31)]
    assert dates[-1] == date(2036, 1, 31)


def test_31_august_plus_six_months_is_end_of_february_leap_or_not() -> None:
    assert due_dates(date(2026, 8, 31))[1] == date(2027, 2, 28)
    assert due_dates(date(2027, 8, 31))[1] == date(2028, 2, 29)  # 2028 is a leap year


def test_started_on_a_leap_day() -> None:
    dates = due_dates(date(2028, 2, 29))
    assert dates[1] == date(2028, 8, 29)
    assert dates[2] == date(2029, 2, 28)  # no 29 February in 2029
    assert dates[5] == date(2032, 2, 29)  # four years on: a leap year again
    assert dates[11] == date(2038, 2, 28)


def test_window_is_60_days_including_the_due_day() -> None:
    wave = schedule.waves(date(2026, 1, 31), years=10, first_months=6, window_days=WINDOW)[1]
    # 31 July + 59 days: 31 July .. 28 September
    assert wave.laeuft_ab_am == date(2026, 9, 28)
    consent = Consent(date(2026, 1, 1))
    start = date(2026, 1, 31)
    assert open_on(start, date(2026, 7, 30), consent) == []
    assert open_on(start, date(2026, 7, 31), consent) == [1]
    assert open_on(start, date(2026, 9, 28), consent) == [1]
    assert open_on(start, date(2026, 9, 29), consent) == []


def test_no_consent_no_wave() -> None:
    assert open_on(date(2026, 1, 31), date(2026, 1, 31), None) == []
    # consent given after wave 0's window closed: wave 0 is never offered, wave 1 is
    late = Consent(date(2026, 5, 1))
    assert open_on(date(2026, 1, 31), date(2026, 2, 15), late) == []
    assert open_on(date(2026, 1, 31), date(2026, 8, 1), late) == [1]


def test_closure_mid_way_without_follow_up() -> None:
    start, closed = date(2026, 1, 31), date(2029, 6, 30)
    consent = Consent(date(2026, 1, 1), follow_up=False)
    # wave 4 (31.01.2029) was due before the closure: still open on 15.02.2029
    assert open_on(start, date(2029, 2, 15), consent, closed) == [4]
    # wave 5 (31.01.2030) falls after the closure: not offered
    assert open_on(start, date(2030, 2, 1), consent, closed) == []
    assert open_on(start, date(2036, 2, 1), consent, closed) == []


def test_closure_mid_way_with_follow_up_continues_to_year_ten() -> None:
    start, closed = date(2026, 1, 31), date(2029, 6, 30)
    consent = Consent(date(2026, 1, 1), follow_up=True)
    assert open_on(start, date(2030, 2, 1), consent, closed) == [5]
    assert open_on(start, date(2036, 3, 30), consent, closed) == [11]  # 31.01.2036 + 59 days
    assert open_on(start, date(2036, 3, 31), consent, closed) == []  # and then it ends


def test_consent_withdrawn_ends_open_wave_and_all_later_ones() -> None:
    start = date(2026, 1, 31)
    consent = Consent(date(2026, 1, 1), revoked_on=date(2027, 2, 10), follow_up=True)
    assert open_on(start, date(2027, 2, 9), consent) == [2]  # wave 2 due 31.01.2027
    assert open_on(start, date(2027, 2, 10), consent) == []  # revoked: the open wave ends
    assert open_on(start, date(2028, 1, 31), consent) == []


def test_each_day_at_most_one_wave_over_ten_years() -> None:
    start = date(2026, 1, 31)
    waves = schedule.waves(start, years=10, first_months=6, window_days=WINDOW)
    for first, second in zip(waves, waves[1:], strict=False):
        assert first.laeuft_ab_am < second.faellig_am
