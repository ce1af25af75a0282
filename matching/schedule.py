"""When something is due for a running match: pure rules over dates, no database.

- Support contacts follow the EEP rhythm (DOMAIN.md): twice in the first month, monthly in the
  first year, quarterly after it; the care-leaver phase (§§ 41, 41a SGB VIII) has its own rhythm.
  Every interval is a setting (``WB_SUPPORT_*``).
- Reviews: the first after ``WB_REVIEW_FIRST_MONTHS``, then every ``WB_REVIEW_INTERVAL_MONTHS``.
- A diary is silent when its last entry (before the first one: the start) lies
  ``WB_DIARY_SILENCE_WEEKS`` or more in the past.

The lists (``matching.lists``), the reminders and the admin read the dates a match needs from the
database and ask these functions, so a list and a single match cannot disagree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone

from schutzkonzept.dates import add_months

# matches whose support contacts, reviews and diary are due; "ending requested" runs until the
# farewell is closed
RUNNING = ("aktiv", "care_leaver", "ende_angefragt")


def next_contact_due(*, started_on: date, last_contact: date | None, care_leaver: bool) -> date:
    """When the next support contact is due (DOMAIN.md: EEP twice in the first month, then
    monthly; quarterly after a year; the care-leaver rhythm is its own setting)."""
    base = last_contact or started_on
    if care_leaver:
        days = settings.WB_SUPPORT_CARE_LEAVER_DAYS
    elif base < add_months(started_on, 1):
        days = 30 // max(1, settings.WB_SUPPORT_FIRST_MONTH_CONTACTS)
    elif base < add_months(started_on, 12):
        days = settings.WB_SUPPORT_YEAR_ONE_DAYS
    else:
        days = settings.WB_SUPPORT_LATER_DAYS
    return base + timedelta(days=days)


def next_review_due(*, started_on: date, last_review: date | None) -> date:
    if last_review is None:
        return add_months(started_on, settings.WB_REVIEW_FIRST_MONTHS)
    return add_months(last_review, settings.WB_REVIEW_INTERVAL_MONTHS)


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
    of ``matching.lists`` (no query); ``None`` for a match that is not running."""
    if begleitung.status not in RUNNING or begleitung.started_on is None:
        return None
    return Faelligkeit(
        begleitung,
        next_contact_due(
            started_on=begleitung.started_on,
            last_contact=begleitung.letzter_kontakt,
            care_leaver=in_care_leaver_phase(
                status=begleitung.status, care_leaver_since=begleitung.care_leaver_since
            ),
        ),
        next_review_due(started_on=begleitung.started_on, last_review=begleitung.letzter_review),
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
