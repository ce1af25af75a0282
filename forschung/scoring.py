"""The scores of one answered questionnaire, as a pure function over plain data (no ORM).

Rules (issue 12 §1):
- a reverse-scored item counts ``low + high - answer`` (on a 1..5 scale: 1 counts 5, 2 counts 4);
- an unanswered item counts for nothing; a score needs at least ``min_answered`` answered items of
  its scale, else it has no value (``None``), never a guess;
- "mean" is the mean of the answered items; "sum" is that mean times the number of items of the
  scale (the sum the person would have had answering the missing ones at their own mean), so sums
  stay comparable between waves with and without gaps; with every item answered it is the plain
  sum;
- each subscale is scored from its own items, the total from all items of the instrument;
- values are rounded half up to two decimals.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

SUM = "summe"
MEAN = "mittel"
_CENT = Decimal("0.01")


@dataclass(frozen=True)
class Item:
    key: int
    subscale: str | None = None
    reverse: bool = False


@dataclass(frozen=True)
class Rule:
    rule: str  # SUM or MEAN
    min_answered: int = 1


@dataclass(frozen=True)
class Design:
    items: Sequence[Item]
    low: int
    high: int
    total: Rule
    subscales: Mapping[str, Rule] = field(default_factory=dict)


@dataclass(frozen=True)
class Result:
    total: Decimal | None
    subscales: dict[str, Decimal | None]
    answered: int


def counted(design: Design, item: Item, answer: int) -> int:
    if not design.low <= answer <= design.high:
        raise ValueError(f"answer {answer} outside {design.low}..{design.high}")
    return design.low + design.high - answer if item.reverse else answer


def scale_score(
    design: Design, items: Sequence[Item], answers: Mapping[int, int | None], rule: Rule
) -> Decimal | None:
    values = [counted(design, i, a) for i in items if (a := answers.get(i.key)) is not None]
    if not items or len(values) < max(rule.min_answered, 1):
        return None
    mean = Decimal(sum(values)) / Decimal(len(values))
    result = mean * len(items) if rule.rule == SUM else mean
    return result.quantize(_CENT, rounding=ROUND_HALF_UP)


def score(design: Design, answers: Mapping[int, int | None]) -> Result:
    subscales = {
        key: scale_score(design, [i for i in design.items if i.subscale == key], answers, rule)
        for key, rule in design.subscales.items()
    }
    return Result(
        total=scale_score(design, design.items, answers, design.total),
        subscales=subscales,
        answered=sum(1 for i in design.items if answers.get(i.key) is not None),
    )
