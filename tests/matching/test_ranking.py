"""The array scorer against the explained one, pair by pair; the region proposal against brute
force; and the chosen pairs explained exactly as the one-pair-at-a-time engine explained them."""

from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

from matching.ranking import optimal_assignment, rank, round_like_python, score_matrix
from matching.scoring import (
    MenteeProfile,
    MentorProfile,
    Suggestion,
    Weights,
    exclusion_reasons,
    score,
)

TERMS = ["fußball", "musik", "kochen", "lesen", "tiere", "schach"]
LANGUAGES = ["deutsch", "arabisch", "türkisch", "englisch"]
SLOTS = ["mo-nachmittag", "di-abend", "sa-vormittag", "so-nachmittag"]
GENDERS = ["", "w", "m", "d"]
PROGRAMMES = [1, 2, 3]  # programme ids: a volunteer serves in some, a request belongs to one

some = st.frozensets
# around Frankfurt, so that pairs fall on both sides of the travel limits
coordinates = st.one_of(
    st.none(), st.tuples(st.floats(49.9, 50.4), st.floats(8.4, 9.1)), st.just((50.1109, 8.6821))
)
ages = st.one_of(st.none(), st.integers(10, 21))
# 0.03: a quarter of it (0.0075) is stored just below a half, where np.round and round differ
weight = st.one_of(
    st.sampled_from([0.0, 0.03, 0.5, 0.7, 1.0, 1.3, 2.0]),
    st.floats(0, 5).map(lambda w: round(w, 2)),
)


@st.composite
def mentors(draw: st.DrawFn, i: int) -> MentorProfile:
    at = draw(coordinates)
    return MentorProfile(
        id=i,
        cleared=draw(st.sampled_from([True, True, True, False])),
        free_capacity=draw(st.integers(0, 2)),
        gender=draw(st.sampled_from(GENDERS)),
        lat=at[0] if at else None,
        lon=at[1] if at else None,
        max_travel_km=draw(st.one_of(st.none(), st.integers(0, 40).map(float))),
        mentee_gender=draw(st.sampled_from(GENDERS)),
        mentee_age_min=draw(ages),
        mentee_age_max=draw(ages),
        interests=draw(some(st.sampled_from([*TERMS, "klettern"]))),
        languages=draw(some(st.sampled_from(LANGUAGES))),
        availability=draw(some(st.sampled_from(SLOTS))),
        programmes=draw(some(st.sampled_from(PROGRAMMES))),
    )


@st.composite
def mentees(draw: st.DrawFn, i: int) -> MenteeProfile:
    at = draw(coordinates)
    return MenteeProfile(
        id=i,
        age=draw(ages),
        gender=draw(st.sampled_from(GENDERS)),
        lat=at[0] if at else None,
        lon=at[1] if at else None,
        mentor_gender=draw(st.sampled_from(GENDERS)),
        interests=draw(some(st.sampled_from([*TERMS, "malen"]))),
        languages=draw(some(st.sampled_from(LANGUAGES))),
        availability=draw(some(st.sampled_from(SLOTS))),
        programm=draw(st.sampled_from([None, *PROGRAMMES])),
    )


@st.composite
def populations(draw: st.DrawFn, most: int = 7) -> tuple[list, list, Weights, float]:
    n_mentees, n_mentors = draw(st.integers(1, most)), draw(st.integers(1, most))
    return (
        [draw(mentees(100 + i)) for i in range(n_mentees)],
        [draw(mentors(1 + i)) for i in range(n_mentors)],
        Weights(draw(weight), draw(weight), draw(weight), draw(weight)),
        float(draw(st.sampled_from([0, 5, 15, 25]))),
    )


slow = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# comparing with the old engine explains every pair of every example: fewer examples
slower = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@slow
@given(populations())
def test_every_pair_scores_and_is_excluded_as_the_explained_engine_says(population):
    young, pool, weights, max_km = population
    matrix = score_matrix(young, pool, weights=weights, default_max_km=max_km, every_pair=True)
    for r, mentee in enumerate(young):
        for c, mentor in enumerate(pool):
            reasons = exclusion_reasons(mentor, mentee, default_max_km=max_km)
            assert bool(matrix.allowed[r, c]) == (not reasons), (mentor, mentee, reasons)
            explained = score(mentor, mentee, weights=weights, default_max_km=max_km)
            assert matrix.score[r, c] == pytest.approx(explained.score, abs=1e-9)
    # pages score only the allowed pairs, with the same numbers
    scored = score_matrix(young, pool, weights=weights, default_max_km=max_km)
    assert (scored.allowed == matrix.allowed).all()
    assert (scored.score[matrix.allowed] == matrix.score[matrix.allowed]).all()
    assert np.isnan(scored.score[~matrix.allowed]).all()


def test_rounding_is_pythons_also_where_scaling_lands_on_a_half():
    # 0.7 / 8 is stored just below 0.0875; np.round would scale it onto the half and round up
    plain = [0.7 / 8, 2.675, 0.125, 37.25, 1.005, -0.0, 12.345]
    assert round(0.7 / 8, 3) == 0.087 and np.round(0.7 / 8, 3) == 0.088
    values = np.array(plain)
    assert list(round_like_python(values, 3)) == [round(v, 3) for v in plain]
    assert list(round_like_python(values, 1)) == [round(v, 1) for v in plain]
    rng = np.random.default_rng(7)
    many = rng.integers(0, 9, 5000) / rng.integers(1, 9, 5000) * rng.choice([0.7, 1.3, 2.5], 5000)
    assert list(round_like_python(many, 3)) == [round(float(v), 3) for v in many]


# --- the region proposal ----------------------------------------------------------------------


def _best_total(young, pool, weights, max_km, forbidden, settings_of=None) -> float:
    """Brute force: every young person either unassigned or with any allowed volunteer who still
    has a free slot; the best total over all such assignments. ``settings_of``: the weights and
    distance of each young person's programme (default: ``weights`` and ``max_km``)."""
    of = settings_of or (lambda y: (weights, max_km))
    value = {
        (r, c): score(m, y, weights=of(y)[0], default_max_km=of(y)[1]).score
        for r, y in enumerate(young)
        for c, m in enumerate(pool)
        if (y.id, m.id) not in forbidden and not exclusion_reasons(m, y, default_max_km=of(y)[1])
    }
    free = [max(0, m.free_capacity) for m in pool]

    def best(r: int) -> float:
        if r == len(young):
            return 0.0
        found = best(r + 1)
        for c in range(len(pool)):
            if free[c] and (r, c) in value:
                free[c] -= 1
                found = max(found, value[(r, c)] + best(r + 1))
                free[c] += 1
        return found

    return best(0)


def _random_case(seed: int) -> tuple[list, list, Weights, float, frozenset]:
    rng = random.Random(seed)
    n_mentees, n_mentors = rng.randint(1, 6), rng.randint(1, 6)

    def pick(pool: list[str]) -> frozenset[str]:
        return frozenset(rng.sample(pool, rng.randint(0, len(pool))))

    def place() -> tuple[float | None, float | None]:
        return (None, None) if rng.random() < 0.15 else (rng.uniform(50, 50.3), rng.uniform(8.5, 9))

    young = [
        MenteeProfile(100 + i, rng.choice([None, 12, 14, 17]), rng.choice(GENDERS), *place(),
                      mentor_gender=rng.choice(["", "", "", "w"]), interests=pick(TERMS),
                      languages=pick(LANGUAGES), availability=pick(SLOTS),
                      programm=rng.choice([None, 1, 1, 2]))
        for i in range(n_mentees)
    ]  # fmt: skip
    pool = [
        MentorProfile(1 + i, cleared=rng.random() > 0.1, free_capacity=rng.choice([0, 1, 1, 2]),
                      gender=rng.choice(GENDERS), lat=(at := place())[0], lon=at[1],
                      max_travel_km=rng.choice([None, 10.0, 30.0]),
                      mentee_age_min=rng.choice([None, 13]), interests=pick(TERMS),
                      languages=pick(LANGUAGES), availability=pick(SLOTS),
                      programmes=frozenset(rng.sample([1, 2], rng.randint(0, 2))))
        for i in range(n_mentors)
    ]  # fmt: skip
    forbidden = frozenset((y.id, m.id) for y in young for m in pool if rng.random() < 0.15)
    weights = Weights(*(rng.choice([0.0, 0.7, 1.0, 2.0, 3.0]) for _ in range(4)))
    return young, pool, weights, rng.choice([15.0, 25.0]), forbidden


@pytest.mark.parametrize("seed", range(40))
def test_region_proposal_total_is_the_brute_force_optimum(seed):
    young, pool, weights, max_km, forbidden = _random_case(seed)
    pairs = optimal_assignment(
        young, pool, weights=weights, default_max_km=max_km, forbidden_pairs=forbidden
    )
    best = _best_total(young, pool, weights, max_km, forbidden)
    assert sum(p.score for p in pairs) == pytest.approx(best, abs=1e-6)
    by_id = {m.id: m for m in pool}
    assert len({p.mentee_id for p in pairs}) == len(pairs)
    for p in pairs:
        assert (p.mentee_id, p.mentor_id) not in forbidden
        assert sum(q.mentor_id == p.mentor_id for q in pairs) <= by_id[p.mentor_id].free_capacity


@pytest.mark.parametrize("seed", range(30))
def test_region_proposal_with_weights_per_programme_is_the_brute_force_optimum(seed):
    young, pool, weights, max_km, forbidden = _random_case(seed)
    other = (Weights(0.0, 3.0, 1.0, 0.5), 10.0)  # programme 2 weighs interests, not distance

    def settings_of(y):
        return other if y.programm == 2 else (weights, max_km)

    pairs = optimal_assignment(
        young, pool, weights=weights, default_max_km=max_km, forbidden_pairs=forbidden,
        per_programme={2: other},
    )  # fmt: skip
    best = _best_total(young, pool, weights, max_km, forbidden, settings_of)
    assert sum(p.score for p in pairs) == pytest.approx(best, abs=1e-6)
    by_id = {m.id: m for m in pool}
    by_mentee = {y.id: y for y in young}
    for p in pairs:
        mentee, mentor = by_mentee[p.mentee_id], by_id[p.mentor_id]
        # never into a programme the volunteer does not serve in; explained by its weights
        assert mentee.programm is None or mentee.programm in mentor.programmes
        w, km = settings_of(mentee)
        assert p == score(mentor, mentee, weights=w, default_max_km=km)
        assert sum(q.mentor_id == p.mentor_id for q in pairs) <= mentor.free_capacity


def test_nobody_waiting_or_no_free_slot_gives_no_pairs():
    young, pool, weights, max_km, _ = _random_case(1)
    assert optimal_assignment([], pool, weights=weights, default_max_km=max_km) == []
    full = [MentorProfile(m.id, m.cleared, 0) for m in pool]
    assert optimal_assignment(young, full, weights=weights, default_max_km=max_km) == []


# --- what the coordinator sees is what the one-pair engine said -------------------------------


def _rank_one_by_one(mentee, pool, weights, max_km, limit=10) -> list[Suggestion]:
    """How the ranking was computed before the arrays: every pair explained, then sorted."""
    allowed = [
        score(m, mentee, weights=weights, default_max_km=max_km)
        for m in pool
        if not exclusion_reasons(m, mentee, default_max_km=max_km)
    ]
    return sorted(allowed, key=lambda s: (-s.score, s.mentor_id))[:limit]


def _assignment_one_by_one(young, pool, weights, max_km, forbidden) -> list[Suggestion]:
    """How the proposal was computed before the arrays: a table of explained scores."""
    slots = [m for m in pool for _ in range(max(0, m.free_capacity))]
    if not young or not slots:
        return []
    explained = {
        (y.id, m.id): None
        if (y.id, m.id) in forbidden or exclusion_reasons(m, y, default_max_km=max_km)
        else score(m, y, weights=weights, default_max_km=max_km)
        for y in young
        for m in pool
    }
    table = [[(s.score if (s := explained[(y.id, m.id)]) else 0.0) for m in slots] for y in young]
    chosen = [
        s
        for r, c in zip(*linear_sum_assignment(table, maximize=True), strict=True)
        if (s := explained[(young[r].id, slots[c].id)]) is not None
    ]
    return sorted(chosen, key=lambda s: (-s.score, s.mentee_id))


@slower
@given(populations(most=9), st.integers(1, 12))
def test_suggestions_are_explained_exactly_as_before(population, limit):
    young, pool, weights, max_km = population
    for mentee in young:
        assert rank(
            mentee, pool, weights=weights, default_max_km=max_km, limit=limit
        ) == _rank_one_by_one(mentee, pool, weights, max_km, limit)


@slower
@given(populations(most=9), st.data())
def test_the_proposal_chooses_and_explains_the_pairs_as_before(population, data):
    young, pool, weights, max_km = population
    every_pair = [(y.id, m.id) for y in young for m in pool]
    forbidden = frozenset(data.draw(st.lists(st.sampled_from(every_pair), max_size=4)))
    assert optimal_assignment(
        young, pool, weights=weights, default_max_km=max_km, forbidden_pairs=forbidden
    ) == _assignment_one_by_one(young, pool, weights, max_km, forbidden)
