"""Age from month and year of birth only (data minimisation: no full date of birth is stored).

The rule: a birthday counts as reached on the first day of the month after the birth month.
Without the day we cannot know when in the birth month the person turns 16 or 18; taking the
first day of the next month is the earliest date on which it is certain, so nobody is treated as
of age (and their own consent alone relied upon) a day too early. Example: born in May 2008, the
young person counts as 18 from 1 June 2026.

The age of a young person's own consent depends on the country of the facility's region
(``own_consent_age``; settings ``WB_CONSENT_AGE_DE/AT/CH``, reasons next to them).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def birthday_date(geburtsjahr: int, geburtsmonat: int, years: int) -> date:
    """The day from which the ``years``-th birthday counts as reached."""
    if geburtsmonat == 12:
        return date(geburtsjahr + years + 1, 1, 1)
    return date(geburtsjahr + years, geburtsmonat + 1, 1)


def age_on(geburtsjahr: int, geburtsmonat: int, on: date) -> int:
    """Completed years on ``on`` under the rule above."""
    years = on.year - geburtsjahr
    return years - 1 if on.month <= geburtsmonat else years


def own_consent_age(country: str) -> int:
    """From this age a young person's own consent is asked and counts (until 18 together with
    the custody holder's): the one place that reads it, by the region's country."""
    ages = {
        "DE": settings.WB_CONSENT_AGE_DE,
        "AT": settings.WB_CONSENT_AGE_AT,
        "CH": settings.WB_CONSENT_AGE_CH,
    }
    if country not in ages:  # a new country needs its own legal decision, never a silent default
        raise ImproperlyConfigured(f"no age of own consent for country {country!r}")
    return int(min(ages[country], 18))
