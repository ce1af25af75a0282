"""The figures of a certificate, as pure data: what is counted, how, and how it reads.

Rules (worked out with the coordinators, issue 16 §4):
- only what lies within the certificate's period counts: meetings and sessions by their day, a
  match for the part of its time inside the period;
- the hours of meetings are the diary's durations (``matching.Treffen.dauer_minuten``), per match
  and in total, shown in hours rounded to one decimal (135 minutes read "2,3 Stunden");
- training counts the hours attended (a whole session unless fewer hours were recorded);
- supervision counts each session attended once;
- a match is "ein junger Mensch in stationärer Jugendhilfe": no name, facility or place.
Everything here is numbers and dates, so the frozen figures carry no personal data.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import ngettext


def months_between(start: date, end: date) -> int:
    """Whole calendar months from ``start`` to ``end`` inclusive (01.03.–31.10. is 8)."""
    after = end + timedelta(days=1)
    months = (after.year - start.year) * 12 + after.month - start.month
    if after.day < start.day:
        months -= 1
    return max(months, 0)


def hours(minutes: int) -> Decimal:
    return (Decimal(minutes) / 60).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def hours_text(value: Decimal) -> str:
    """ "1 Stunde", "2,5 Stunden" (in the active language)."""
    number = german_number(value)
    return ngettext("%(hours)s hour", "%(hours)s hours", 1 if value == 1 else 2) % {"hours": number}


def german_number(value: Decimal) -> str:
    """1 decimal with a comma; a whole number without one (6 not 6,0)."""
    if value == value.to_integral_value():
        return str(int(value))
    return f"{value:.1f}".replace(".", ",")


def overlap(
    start: date, end: date | None, period_from: date, period_to: date
) -> tuple[date, date] | None:
    """The part of [start, end] (open end: still running) that lies in the period."""
    first = max(start, period_from)
    last = min(end or period_to, period_to)
    return (first, last) if first <= last else None


@dataclass(frozen=True)
class MatchFigures:
    started_on: date
    ended_on: date | None  # None: still running
    counted_from: date
    counted_to: date
    meetings: int
    minutes: int

    @property
    def months(self) -> int:
        return months_between(self.counted_from, self.counted_to)

    @property
    def hours(self) -> str:
        return german_number(hours(self.minutes))

    @property
    def hours_text(self) -> str:
        return hours_text(hours(self.minutes))

    @property
    def continues(self) -> bool:
        """The match goes on after the counted part (still running, or ended later)."""
        return self.ended_on is None or self.ended_on > self.counted_to


@dataclass(frozen=True)
class Figures:
    period_from: date
    period_to: date
    matches: tuple[MatchFigures, ...]
    training_sessions: int
    training_hours: Decimal
    supervision_sessions: int
    # the programmes named on the certificate, frozen with the figures (a later renaming does
    # not change a signed certificate); empty on certificates signed before programmes existed
    programme: tuple[str, ...] = ()
    # whom those programmes accompany (``Programm.begleitet``), frozen likewise: the wording
    # says "a young person in residential youth care" only where that is all it was
    begleitet: tuple[str, ...] = ()

    @property
    def residential_only(self) -> bool:
        return set(self.begleitet) <= {"junge_menschen"}

    @property
    def meetings(self) -> int:
        return sum(m.meetings for m in self.matches)

    @property
    def minutes(self) -> int:
        return sum(m.minutes for m in self.matches)

    @property
    def meeting_hours(self) -> str:
        return german_number(hours(self.minutes))

    @property
    def meeting_hours_text(self) -> str:
        return hours_text(hours(self.minutes))

    @property
    def training_hours_text(self) -> str:
        return hours_text(self.training_hours)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        # one decimal, whatever the database's sum returned (PostgreSQL 8.0, SQLite 8)
        data["training_hours"] = str(Decimal(self.training_hours).quantize(Decimal("0.1")))
        converted: dict[str, Any] = _dates_to_text(data)
        return converted

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Figures:
        matches = tuple(
            MatchFigures(
                started_on=date.fromisoformat(m["started_on"]),
                ended_on=date.fromisoformat(m["ended_on"]) if m["ended_on"] else None,
                counted_from=date.fromisoformat(m["counted_from"]),
                counted_to=date.fromisoformat(m["counted_to"]),
                meetings=int(m["meetings"]),
                minutes=int(m["minutes"]),
            )
            for m in data["matches"]
        )
        return cls(
            period_from=date.fromisoformat(data["period_from"]),
            period_to=date.fromisoformat(data["period_to"]),
            matches=matches,
            training_sessions=int(data["training_sessions"]),
            training_hours=Decimal(data["training_hours"]),
            supervision_sessions=int(data["supervision_sessions"]),
            programme=tuple(str(name) for name in data.get("programme", ())),
            begleitet=tuple(str(kind) for kind in data.get("begleitet", ())),
        )


def _dates_to_text(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _dates_to_text(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_dates_to_text(v) for v in value]
    return value
