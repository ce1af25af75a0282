"""When a person is asked: the waves of the study, as pure date arithmetic (no ORM).

Rules (issue 12 §2, DOMAIN.md "Measurement and reports"):
- wave 0 is due on the day the match starts, wave 1 ``first_months`` later (default 6), then one
  wave every 12 months until ``years`` after the start (default 10: waves 0..11);
- months are calendar months (``schutzkonzept.dates.add_months``): 31 January + 6 months is
  31 July, 31 August + 6 months is 28 February (29 in a leap year), 29 February + 12 months is
  28 February;
- a wave can be answered from its due day for ``window_days`` days (its last day included);
- only while the person's research consent is in force: a revocation ends every open wave at once;
- a wave due after the match was closed is offered only where the person consented to follow-up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from schutzkonzept.dates import add_months


@dataclass(frozen=True)
class Wave:
    nummer: int
    faellig_am: date  # the first day it can be answered
    laeuft_ab_am: date  # the last day it can be answered

    def open_on(self, day: date) -> bool:
        return self.faellig_am <= day <= self.laeuft_ab_am


@dataclass(frozen=True)
class Consent:
    """A person's research consent over time (given, perhaps revoked, follow-up or not)."""

    given_on: date
    revoked_on: date | None = None
    follow_up: bool = False

    def in_force_on(self, day: date) -> bool:
        return self.given_on <= day and (self.revoked_on is None or day < self.revoked_on)


def wave_months(*, years: int, first_months: int) -> list[int]:
    """Months after the start of waves 0, 1, 2, …: [0, 6, 12, 24, …, 12 * years]."""
    return [0, first_months, *(12 * k for k in range(1, years + 1))]


def waves(start: date, *, years: int, first_months: int, window_days: int) -> list[Wave]:
    """Every wave of a match that started on ``start``."""
    return [
        _wave(nummer, add_months(start, months), window_days)
        for nummer, months in enumerate(wave_months(years=years, first_months=first_months))
    ]


def _wave(nummer: int, due: date, window_days: int) -> Wave:
    return Wave(nummer, due, due + timedelta(days=window_days - 1))


def covered(wave: Wave, *, closed_on: date | None, consent: Consent | None) -> bool:
    """Whether the person's consent covers the wave at all: due while the match ran, or later
    with consent to follow-up."""
    if consent is None:
        return False
    return closed_on is None or wave.faellig_am <= closed_on or consent.follow_up


def open_waves(
    start: date,
    day: date,
    *,
    closed_on: date | None,
    consent: Consent | None,
    years: int,
    first_months: int,
    window_days: int,
) -> list[Wave]:
    """The waves the person may answer on ``day`` (at most one: windows are shorter than the
    shortest gap between waves, which the settings enforce)."""
    if consent is None or not consent.in_force_on(day):
        return []
    return [
        wave
        for wave in waves(start, years=years, first_months=first_months, window_days=window_days)
        if wave.open_on(day) and covered(wave, closed_on=closed_on, consent=consent)
    ]
