"""Plausible dates on a young person's record (see wegbegleitung.validation for the shared rules).

- month and year of birth: a young person or young adult up to 27 (help for young adults,
  § 41 SGB VIII), and not a month that has not begun yet;
- a help-plan conference (§ 36 SGB VIII) not before the birth month and at most
  WB_HPG_MAX_MONTHS_AHEAD months ahead; its next review after it and at most
  WB_HPG_REVIEW_MAX_MONTHS months after it;
- a consent not before the birth month and not in the future;
- a move-out not before the record was entered and at most a year ahead (a planned move-out).
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from wegbegleitung.validation import add_months, add_years, check_between

OLDEST_AGE = 27  # years; help for young adults ends at 27 at the latest (§ 41 SGB VIII)
AUSZUG_MAX_YEARS_AHEAD = 1


def birth_month(geburtsjahr: int, geburtsmonat: int) -> date:
    """The first day of the birth month (the record has no day)."""
    return date(geburtsjahr, geburtsmonat, 1)


def check_birth(*, geburtsjahr: int, geburtsmonat: int, today: date, months_ahead: int = 0) -> None:
    """The year within the last 27 years, the month begun already; ``months_ahead`` lets a
    family's youngest child be expected (a pregnancy: at most that many months ahead)."""
    latest = add_months(today, months_ahead)
    if not today.year - OLDEST_AGE <= geburtsjahr <= latest.year:
        raise ValidationError(
            {
                "geburtsjahr": _("Enter a year of birth between %(a)d and %(b)d.")
                % {"a": today.year - OLDEST_AGE, "b": latest.year}
            }
        )
    if not 1 <= geburtsmonat <= 12:
        raise ValidationError({"geburtsmonat": _("Enter a month between 1 and 12.")})
    if birth_month(geburtsjahr, geburtsmonat) > latest:
        if months_ahead:
            raise ValidationError(
                {
                    "geburtsmonat": _(
                        "An expected month of birth can be at most %(months)d months ahead."
                    )
                    % {"months": months_ahead}
                }
            )
        raise ValidationError({"geburtsmonat": _("The month of birth cannot be in the future.")})


def check_hpg_dates(
    *,
    datum: date,
    naechste_ueberpruefung: date | None,
    born: date,
    today: date,
    months_ahead: int,
    review_months: int,
) -> None:
    check_between(datum, earliest=born, latest=add_months(today, months_ahead), field="datum")
    if naechste_ueberpruefung is None:
        return
    if naechste_ueberpruefung < datum:
        raise ValidationError(
            {"naechste_ueberpruefung": _("The next review cannot be before the conference.")}
        )
    check_between(
        naechste_ueberpruefung,
        earliest=datum,
        latest=add_months(datum, review_months),
        field="naechste_ueberpruefung",
    )


def check_consent_date(*, erteilt_am: date, born: date, today: date) -> None:
    if erteilt_am > today:
        raise ValidationError({"erteilt_am": _("A consent cannot be given in the future.")})
    check_between(erteilt_am, earliest=born, latest=today, field="erteilt_am")


def check_auszug(*, auszug_am: date, entered: date, today: date) -> None:
    if auszug_am < entered:
        raise ValidationError(
            {"auszug_am": _("The move-out cannot be before the young person was entered.")}
        )
    latest = add_years(today, AUSZUG_MAX_YEARS_AHEAD)
    check_between(auszug_am, earliest=entered, latest=latest, field="auszug_am")
