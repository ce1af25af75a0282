"""Age from month and year of birth only (data minimisation: no full date of birth is stored).

The rule: a birthday counts as reached on the first day of the month after the birth month.
Without the day we cannot know when in the birth month the person turns 16 or 18; taking the
first day of the next month is the earliest date on which it is certain, so nobody is treated as
of age (and their own consent alone relied upon) a day too early. Example: born in May 2008, the
young person counts as 18 from 1 June 2026.
"""

from __future__ import annotations

from datetime import date


def birthday_date(geburtsjahr: int, geburtsmonat: int, years: int) -> date:
    """The day from which the ``years``-th birthday counts as reached."""
    if geburtsmonat == 12:
        return date(geburtsjahr + years + 1, 1, 1)
    return date(geburtsjahr + years, geburtsmonat + 1, 1)


def age_on(geburtsjahr: int, geburtsmonat: int, on: date) -> int:
    """Completed years on ``on`` under the rule above."""
    years = on.year - geburtsjahr
    return years - 1 if on.month <= geburtsmonat else years
