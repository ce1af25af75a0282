"""Plausible dates of a match's records (shared rules in wegbegleitung.validation).

- a diary entry lies within the match's running time: from its start to its end, and never
  after today;
- a support contact from the match's start to today;
- the introduction meeting is documented after it took place, and at most
  KENNENLERNEN_LEAD_MONTHS before the proposal was recorded (the meeting is sometimes arranged
  before the coordination enters the proposal, never months before);
- a closure not before the match began (or was proposed, if it never started) and not in the
  future.
Each function takes the bounds as plain dates, so it is tested on real calendar days.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from wegbegleitung.validation import add_months, check_between

KENNENLERNEN_LEAD_MONTHS = 3


def check_treffen_datum(
    datum: date, *, started_on: date | None, ended_on: date | None, today: date
) -> None:
    if datum > today:
        raise ValidationError({"datum": _("A meeting cannot be in the future.")})
    latest = min(ended_on, today) if ended_on else today
    if started_on is not None and datum < started_on:
        raise ValidationError(
            {"datum": _("The match began on %(start)s; please enter a meeting from that day on.")
             % {"start": f"{started_on:%d.%m.%Y}"}}
        )  # fmt: skip
    check_between(datum, earliest=started_on, latest=latest, field="datum")


def check_kontakt_datum(datum: date, *, started_on: date | None, today: date) -> None:
    if datum > today:
        raise ValidationError({"datum": _("A contact cannot be in the future.")})
    check_between(datum, earliest=started_on, latest=today, field="datum")


def check_kennenlernen_datum(datum: date, *, proposed_on: date, today: date) -> None:
    if datum > today:
        raise ValidationError({"datum": _("Please document the meeting after it took place.")})
    earliest = add_months(proposed_on, -KENNENLERNEN_LEAD_MONTHS)
    check_between(datum, earliest=earliest, latest=today, field="datum")


def check_beendet_am(beendet_am: date, *, began_on: date, today: date) -> None:
    if beendet_am > today:
        raise ValidationError({"beendet_am": _("The end cannot be in the future.")})
    check_between(beendet_am, earliest=began_on, latest=today, field="beendet_am")
