"""Scores on designed answers, worked out by hand (scale 1..5, so a reverse item counts 6 - x)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from forschung.scoring import MEAN, SUM, Design, Item, Rule, score

ITEMS = [
    Item(1, "a"),
    Item(2, "a"),
    Item(3, "a", reverse=True),
    Item(4, "b"),
    Item(5, "b"),
    Item(6, "b", reverse=True),
]


def design(total: Rule, a: Rule | None = None, b: Rule | None = None) -> Design:
    return Design(ITEMS, 1, 5, total, {"a": a or Rule(MEAN, 2), "b": b or Rule(MEAN, 2)})


def test_all_answered_with_reverse_items() -> None:
    answers = {1: 4, 2: 5, 3: 2, 4: 3, 5: 4, 6: 1}
    result = score(design(Rule(MEAN, 4)), answers)
    # a: 4, 5, (6-2)=4 -> 13 / 3 = 4.333.. -> 4.33
    # b: 3, 4, (6-1)=5 -> 12 / 3 = 4.00
    # total: 13 + 12 = 25 / 6 = 4.1666.. -> 4.17
    assert result.subscales == {"a": Decimal("4.33"), "b": Decimal("4.00")}
    assert result.total == Decimal("4.17")
    assert result.answered == 6


def test_sum_with_all_answered_is_the_plain_sum() -> None:
    answers = {1: 4, 2: 5, 3: 2, 4: 3, 5: 4, 6: 1}
    result = score(design(Rule(SUM, 6), Rule(SUM, 3)), answers)
    # total: 4 + 5 + 4 + 3 + 4 + 5 = 25; a: 4 + 5 + 4 = 13
    assert result.total == Decimal("25.00")
    assert result.subscales["a"] == Decimal("13.00")


def test_missing_answers_mean_and_prorated_sum() -> None:
    answers = {1: 2, 2: None, 3: 5, 4: 5, 5: 4, 6: None}
    result = score(design(Rule(SUM, 4), Rule(MEAN, 2), Rule(SUM, 2)), answers)
    # a: 2 and (6-5)=1 answered -> mean 3 / 2 = 1.50
    # b: 5 and 4 answered -> mean 4.5, sum over its 3 items = 4.5 * 3 = 13.50
    # total: 2 + 1 + 5 + 4 = 12 over 4 answered = 3.0, times 6 items = 18.00
    assert result.subscales == {"a": Decimal("1.50"), "b": Decimal("13.50")}
    assert result.total == Decimal("18.00")
    assert result.answered == 4


def test_minimum_answered_items_not_met_gives_no_score() -> None:
    answers = {1: 3, 4: 2, 5: None}
    result = score(design(Rule(MEAN, 3), Rule(MEAN, 2), Rule(MEAN, 1)), answers)
    # a: 1 answered < 2 -> none; b: item 4 only = 2 -> 2.00 (1 needed); total: 2 < 3 -> none
    assert result.subscales == {"a": None, "b": Decimal("2.00")}
    assert result.total is None
    assert result.answered == 2


def test_nothing_answered() -> None:
    result = score(design(Rule(MEAN, 1)), {})
    assert result.total is None and result.subscales == {"a": None, "b": None}


def test_rounding_half_up() -> None:
    items = [Item(1), Item(2), Item(3), Item(4), Item(5), Item(6), Item(7), Item(8)]
    d = Design(items, 1, 5, Rule(MEAN, 1))
    # 1 + 1 + 1 + 1 + 1 + 1 + 1 + 5 = 12 over 8 = 1.5 exactly; 1 x 7 + 2 = 9 / 8 = 1.125 -> 1.13
    assert score(d, dict.fromkeys(range(1, 8), 1) | {8: 5}).total == Decimal("1.50")
    assert score(d, dict.fromkeys(range(1, 8), 1) | {8: 2}).total == Decimal("1.13")


def test_answer_outside_the_scale_is_refused() -> None:
    with pytest.raises(ValueError):
        score(design(Rule(MEAN, 1)), {1: 6})
