"""The on-time figures walk only the contacts near the period (issue 13): leaving out the contacts
before ``zahlen.walk_from`` must give exactly the figures of the walk over a match's whole history,
whatever the rhythm of its programme and whatever contacts it had."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from berichte import zahlen
from berichte.selectors import bericht_for, scope_for
from einrichtungen.selectors import Quote
from matching.models import Begleitung
from matching.schedule import RHYTHMUS_FIELDS, Rhythmus
from programme.models import Programm
from tests.berichte import factories as f

DAYS = st.integers(min_value=0, max_value=400)  # wider than the programme's validators (1–366)
MONTHS = st.integers(min_value=0, max_value=70)  # (1–60)
rhythms = st.builds(
    Rhythmus,
    kontakte_erster_monat=st.integers(min_value=0, max_value=31),
    kontakt_jahr_eins_tage=DAYS,
    kontakt_spaeter_tage=DAYS,
    kontakt_care_leaver_tage=DAYS,
    review_erste_monate=MONTHS,
    review_intervall_monate=MONTHS,
)
EARLIEST = date(2012, 1, 1)
days = st.dates(min_value=EARLIEST, max_value=date(2027, 12, 31))


@st.composite
def histories(draw: Any) -> dict[str, Any]:
    """A match (start, maybe a closure and a care-leaver phase), its contacts (some even before
    the start), a rhythm and a period."""
    started_on = draw(days)
    ended_on = draw(st.none() | st.dates(min_value=started_on, max_value=date(2028, 6, 30)))
    care = draw(st.none() | st.dates(min_value=started_on, max_value=date(2028, 6, 30)))
    # contacts: a random set of days, or a regular rhythm with gaps, so long histories come up
    step = draw(st.integers(min_value=1, max_value=120))
    regular = [started_on + timedelta(days=step * i) for i in range(draw(st.integers(0, 80)))]
    regular = [d for d in regular if draw(st.booleans()) or len(regular) < 3]
    scattered = draw(st.lists(days, max_size=40))
    contact_days = sorted({*regular, *scattered})
    von = draw(days)
    bis = draw(st.dates(min_value=von, max_value=von + timedelta(days=3660)))
    return {
        "started_on": started_on,
        "ended_on": ended_on,
        "care_leaver_since": care,
        "contact_days": contact_days,
        "von": von,
        "bis": bis,
    }


def _walk(h: dict[str, Any], rhythmus: Rhythmus, review: bool, contact_days: list[date]) -> Any:
    return zahlen.on_time(
        started_on=h["started_on"],
        ended_on=h["ended_on"],
        contact_days=contact_days,
        von=h["von"],
        bis=h["bis"],
        next_due=zahlen.due_rule(
            started_on=h["started_on"],
            care_leaver_since=h["care_leaver_since"],
            rhythmus=rhythmus,
            review=review,
        ),
    )


@settings(max_examples=3000, deadline=None)
@given(h=histories(), rhythmus=rhythms, review=st.booleans(), extra=st.integers(0, 500))
def test_the_walk_from_near_the_period_counts_the_same_as_the_whole_history(
    h: dict[str, Any], rhythmus: Rhythmus, review: bool, extra: int
) -> None:
    longest = zahlen.longest_interval(rhythmus, review=review)
    first = zahlen.walk_from(h["von"], longest)
    whole = _walk(h, rhythmus, review, h["contact_days"])
    near = _walk(h, rhythmus, review, [d for d in h["contact_days"] if d >= first])
    assert near == whole
    # any earlier first day (the page uses the earliest over all programmes) is exact as well
    earlier = first - timedelta(days=extra)
    assert _walk(h, rhythmus, review, [d for d in h["contact_days"] if d >= earlier]) == whole


@settings(max_examples=2000, deadline=None)
@given(h=histories(), rhythmus=rhythms, review=st.booleans())
def test_no_due_date_lies_further_after_its_base_than_the_longest_interval(
    h: dict[str, Any], rhythmus: Rhythmus, review: bool
) -> None:
    longest = zahlen.longest_interval(rhythmus, review=review)
    due = zahlen.due_rule(
        started_on=h["started_on"],
        care_leaver_since=h["care_leaver_since"],
        rhythmus=rhythmus,
        review=review,
    )
    assert due(None) - h["started_on"] <= longest
    for day in h["contact_days"]:
        assert due(day) - day <= longest


# --- the page's figures with programmes of different rhythms ----------------------------------


def _programme(name: str, **rhythm: int) -> Programm:
    return Programm.objects.create(name=name, **rhythm)


@pytest.mark.django_db
def test_a_long_rhythm_reaches_back_further_than_the_default_one(alice, einrichtung_a):
    """A programme with a contact every 200 days: a contact of June 2024 is due in January 2025
    (in the period); the default programme's rhythm (90 days later) reaches back only to October
    2024, so the page must fetch contacts from the longest rhythm of its matches."""
    slow = _programme("Slow", kontakt_spaeter_tage=200, review_intervall_monate=20)
    m = f.match(einrichtung_a, started=date(2020, 1, 1))
    Begleitung.objects.filter(pk=m.pk).update(programm=slow)
    f.match(einrichtung_a, started=date(2021, 3, 1))  # the default programme, no contacts
    for day in (date(2023, 12, 1), date(2024, 6, 20)):
        f.kontakt(m, day, review=True)
    f.kontakt(m, date(2025, 1, 5))  # in time for 06.01.2025 (20.06.2024 + 200 days)
    # the next contact due 24.07.2025 (05.01. + 200 days): none came -> 1 of 2
    # reviews every 20 months: after 01.12.2023 due 01.08.2025, met by the review of 20.06.2024;
    # the next due 20.02.2026, after the period; the default match's first review lies long
    # before it -> 1 of 1 (a walk from the default rhythm's reach would miss 01.12.2023: 0 of 0)
    b = bericht_for(
        user=alice, region_ids=scope_for(alice), von=date(2025, 1, 1), bis=date(2025, 12, 31)
    )
    assert b.kontakte == Quote(zaehler=1, nenner=2)
    assert b.reviews == Quote(zaehler=1, nenner=1)
    # and the same as the walk over the whole history
    row = {
        "started_on": date(2020, 1, 1),
        "ended_on": None,
        "care_leaver_since": None,
        "contact_days": [date(2023, 12, 1), date(2024, 6, 20), date(2025, 1, 5)],
        "von": date(2025, 1, 1),
        "bis": date(2025, 12, 31),
    }
    rhythmus = Rhythmus(**{name: getattr(slow, name) for name in RHYTHMUS_FIELDS})
    assert _walk(row, rhythmus, False, row["contact_days"]) == zahlen.Puenktlich(1, 2)
