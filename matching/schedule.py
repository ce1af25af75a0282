"""When something is due for a running match: pure rules over dates, no database.

- Support contacts follow the EEP rhythm (DOMAIN.md): twice in the first month, monthly in the
  first year, quarterly after it; the care-leaver phase (§§ 41, 41a SGB VIII) has its own rhythm.
- Reviews: the first after some months, then at a fixed interval.
- Both rhythms belong to the match's programme (``programme.Programm``; the ``WB_SUPPORT_*`` and
  ``WB_REVIEW_*`` settings are only a new programme's defaults). The rules take them as plain
  data (``Rhythmus``), so this module stays free of the database.
- A diary is silent when its last entry (before the first one: the start) lies
  ``WB_DIARY_SILENCE_WEEKS`` or more in the past.

The lists (``matching.lists``), the reminders and the admin read the dates a match needs from the
database and ask these functions, so a list and a single match cannot disagree.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone

from schutzkonzept.dates import add_months

# matches whose support contacts, reviews and diary are due; "ending requested" runs until the
# farewell is closed
RUNNING = ("aktiv", "care_leaver", "ende_angefragt")


@dataclass(frozen=True)
class Rhythmus:
    """A programme's support-contact and review rhythm; the field names are the columns of
    ``programme.Programm``, so a list reads them joined (``programm__<name>``)."""

    kontakte_erster_monat: int
    kontakt_jahr_eins_tage: int
    kontakt_spaeter_tage: int
    kontakt_care_leaver_tage: int
    review_erste_monate: int
    review_intervall_monate: int

    @classmethod
    def of(cls, programm: Any) -> Rhythmus:
        """The rhythm of a programme (anything with the columns as attributes)."""
        return cls(**{name: int(getattr(programm, name)) for name in RHYTHMUS_FIELDS})

    @classmethod
    def from_values(cls, row: Mapping[str, Any], prefix: str = "programm__") -> Rhythmus:
        """The rhythm from a ``values()`` row that joined the programme's columns."""
        return cls(**{name: int(row[prefix + name]) for name in RHYTHMUS_FIELDS})


RHYTHMUS_FIELDS = tuple(f.name for f in fields(Rhythmus))


def next_contact_due(
    *, started_on: date, last_contact: date | None, care_leaver: bool, rhythmus: Rhythmus
) -> date:
    """When the next support contact is due (DOMAIN.md: EEP twice in the first month, then
    monthly; quarterly after a year; the care-leaver phase has a rhythm of its own), by the
    rhythm of the match's programme."""
    base = last_contact or started_on
    first_month_ends, first_year_ends = _phases(started_on)
    if care_leaver:
        days = rhythmus.kontakt_care_leaver_tage
    elif base < first_month_ends:
        days = 30 // max(1, rhythmus.kontakte_erster_monat)
    elif base < first_year_ends:
        days = rhythmus.kontakt_jahr_eins_tage
    else:
        days = rhythmus.kontakt_spaeter_tage
    return base + timedelta(days=days)


@functools.lru_cache(maxsize=8192)
def _phases(started_on: date) -> tuple[date, date]:
    """The ends of a match's first month and first year (the reports walk every contact of a
    match through ``next_contact_due``; worked out once per start day)."""
    return add_months(started_on, 1), add_months(started_on, 12)


def longest_contact_days(rhythmus: Rhythmus) -> int:
    """The most days ``next_contact_due`` can put between a contact (or the start) and the next
    due date: the longest of the intervals it chooses from above."""
    return max(
        rhythmus.kontakt_care_leaver_tage,
        30 // max(1, rhythmus.kontakte_erster_monat),
        rhythmus.kontakt_jahr_eins_tage,
        rhythmus.kontakt_spaeter_tage,
    )


def next_review_due(*, started_on: date, last_review: date | None, rhythmus: Rhythmus) -> date:
    if last_review is None:
        return add_months(started_on, rhythmus.review_erste_monate)
    return add_months(last_review, rhythmus.review_intervall_monate)


def rhythmus_of(begleitung: Any) -> Rhythmus:
    """The rhythm a row carries (``rhythmus``: the lists' date rows), else its programme's
    (a match: ``select_related("programm")`` spares the query)."""
    carried = getattr(begleitung, "rhythmus", None)
    return carried if isinstance(carried, Rhythmus) else Rhythmus.of(begleitung.programm)


def in_care_leaver_phase(*, status: str, care_leaver_since: date | None) -> bool:
    """After the move-out the facility is no longer a party; a paused or ending care-leaver
    match stays in that phase (the same rule as ``Begleitung.in_care_leaver_phase``)."""
    return status == "care_leaver" or (
        status in ("pausiert", "ende_angefragt") and care_leaver_since is not None
    )


@dataclass(frozen=True)
class Faelligkeit:
    begleitung: Any
    kontakt_due: date
    review_due: date
    today: date

    @property
    def kontakt_overdue(self) -> bool:
        return self.kontakt_due < self.today

    @property
    def review_overdue(self) -> bool:
        return self.review_due < self.today

    @property
    def overdue(self) -> bool:
        return self.kontakt_overdue or self.review_overdue

    @property
    def kontakt_due_soon(self) -> bool:
        return self.kontakt_due <= self.today + timedelta(days=settings.WB_SUPPORT_DUE_SOON_DAYS)

    def due_by(self, horizon: date) -> bool:
        return self.kontakt_due <= horizon or self.review_due <= horizon

    @property
    def sort_key(self) -> tuple[date, int]:
        """Most urgent first, then by match."""
        return min(self.kontakt_due, self.review_due), int(self.begleitung.pk)


def faelligkeit(begleitung: Any, today: date | None = None) -> Faelligkeit | None:
    """Due dates of a running match from the ``letzter_kontakt``/``letzter_review`` annotations
    of ``matching.lists`` and its programme's rhythm (``rhythmus_of``; no query when the list
    joined the programme); ``None`` for a match that is not running."""
    if begleitung.status not in RUNNING or begleitung.started_on is None:
        return None
    rhythmus = rhythmus_of(begleitung)
    return Faelligkeit(
        begleitung,
        next_contact_due(
            started_on=begleitung.started_on,
            last_contact=begleitung.letzter_kontakt,
            care_leaver=in_care_leaver_phase(
                status=begleitung.status, care_leaver_since=begleitung.care_leaver_since
            ),
            rhythmus=rhythmus,
        ),
        next_review_due(
            started_on=begleitung.started_on,
            last_review=begleitung.letzter_review,
            rhythmus=rhythmus,
        ),
        today or timezone.localdate(),
    )


def due_within(rows: Iterable[Any], *, today: date, horizon: date) -> list[Faelligkeit]:
    """The rows whose contact or review is due by ``horizon`` (or overdue), most urgent first."""
    due = [f for row in rows if (f := faelligkeit(row, today)) and f.due_by(horizon)]
    return sorted(due, key=lambda f: f.sort_key)


def last_sign_of_life(begleitung: Any) -> date:
    """The last diary entry of a match (``letztes_treffen`` annotation), else its start."""
    last: date | None = begleitung.letztes_treffen or begleitung.started_on
    return last or timezone.localdate()


def diary_silence_cutoff(today: date, weeks: int | None = None) -> date:
    """A diary whose last sign of life is on or before this day is silent."""
    return today - timedelta(weeks=weeks or settings.WB_DIARY_SILENCE_WEEKS)
