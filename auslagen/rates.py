"""Which rate applies on a day, and what a trip costs: pure rules, no ORM.

The rate of a day is the ``Satz`` with the latest effective date on or before that day; before
the first row (or without any) the defaults of the settings apply (WB_EXPENSE_CENT_PER_KM,
WB_EXPENSE_BUDGET_PER_MONTH_CENT). Kilometres are entered with one decimal; the amount is rounded
half up to the whole cent (12.5 km × 30 ct = 375 ct; 0.1 km × 25 ct = 2.5 ct -> 3 ct).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class Rate:
    valid_from: date | None  # None: the default of the settings
    cent_per_km: int
    budget_cent: int


def rate_on(day: date, rates: Iterable[Rate], default: Rate) -> Rate:
    applicable = [r for r in rates if r.valid_from is not None and r.valid_from <= day]
    return max(applicable, key=lambda r: r.valid_from or day, default=default)


def kilometre_amount(kilometres: Decimal, cent_per_km: int) -> int:
    return int((kilometres * cent_per_km).quantize(Decimal(1), rounding=ROUND_HALF_UP))
