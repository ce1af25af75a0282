"""Plausibility of dates and free text, shared by every app's forms and services.

A date typed into a form describes something real: a meeting that took place, a session that is
planned, a conference held. Year 1 or 9999 is a typing error, and a date outside what it
describes (a diary entry before the match began) corrupts reports and deadlines. The rules here
are pure functions of the date and its bounds, so forms, services and imports share them and they
can be tested on real calendar days; the bounds that depend on a record (the match's start, the
young person's birth month) are computed by each app and passed in.

Every refusal is a ``ValidationError`` with a plain message naming the allowed range.
"""

from __future__ import annotations

from calendar import monthrange
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.formats import date_format
from django.utils.translation import gettext as _

# Length limits of free text (characters). Generous for what people write, finite so that a
# pasted document or a robot's megabytes are refused with a message instead of stored.
NOTE_MAX = 5000  # notes, reasons, conversations, summaries
REPORT_MAX = 10000  # a concern report: people must be able to say everything
DOCUMENT_MAX = 50000  # the code of conduct, a document of its own
PASSWORD_MAX = 4096  # a password is hashed: a megabyte of it only costs the server time


def add_months(day: date, months: int) -> date:
    """``day`` moved by calendar months, clamped to the month's end; clamped to year 1..9999."""
    index = day.year * 12 + day.month - 1 + months
    if index < 12:
        return date.min
    if index >= 10000 * 12:
        return date.max
    year, month_index = divmod(index, 12)
    month = month_index + 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def add_years(day: date, years: int) -> date:
    return add_months(day, 12 * years)


def as_date(value: date | datetime) -> date:
    """A datetime counts on its local calendar day."""
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def _show(day: date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def check_between(
    value: date | datetime, *, earliest: date | None, latest: date | None, field: str | None = None
) -> None:
    """Refuse ``value`` outside ``earliest``..``latest`` (both days included; None: open)."""
    day = as_date(value)
    message = None
    if earliest is not None and day < earliest:
        message = _("Please enter a date from %(earliest)s on.") % {"earliest": _show(earliest)}
    elif latest is not None and day > latest:
        message = _("Please enter a date up to %(latest)s.") % {"latest": _show(latest)}
    if message is not None:
        raise ValidationError({field: message} if field else message, code="implausible_date")


@deconstructible
class PlausibleDate:
    """A model field validator: the date lies at most ``past_years`` back and ``future_years``
    ahead of today (``future_years=0``: not in the future). Used on fields whose bounds do not
    depend on another record."""

    def __init__(self, past_years: int, future_years: int = 0) -> None:
        self.past_years = past_years
        self.future_years = future_years

    def __call__(self, value: date | datetime) -> None:
        today = timezone.localdate()
        check_between(
            value,
            earliest=add_years(today, -self.past_years),
            latest=add_years(today, self.future_years),
        )

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, PlausibleDate)
            and other.past_years == self.past_years
            and other.future_years == self.future_years
        )

    def __hash__(self) -> int:
        return hash((self.past_years, self.future_years))


def check_text(value: str, *, max_length: int, field: str | None = None) -> None:
    """For services reached without a form (imports, admin actions): NUL bytes and length.

    PostgreSQL cannot store NUL in text; forms already refuse it (Django's CharField), this is
    the same rule for callers that skip the form.
    """
    message = None
    if "\x00" in value:
        message = _("The text contains a NUL character; please remove it.")
    elif len(value) > max_length:
        message = _("Please shorten the text to %(max)d characters (it has %(n)d).") % {
            "max": max_length,
            "n": len(value),
        }
    if message is not None:
        raise ValidationError({field: message} if field else message, code="bad_text")
