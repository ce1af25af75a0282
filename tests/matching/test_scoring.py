"""Hard filters, explained scores, ranking by weights, and the region optimum vs brute force."""

import itertools
import random

import pytest

from matching.ranking import optimal_assignment, rank
from matching.scoring import (
    MenteeProfile,
    MentorProfile,
    Weights,
    distance_km,
    exclusion_reasons,
    score,
)

FRANKFURT = (50.1109, 8.6821)
OFFENBACH = (50.0956, 8.7761)  # about 7 km
KASSEL = (51.3127, 9.4797)  # about 145 km
W = Weights()


def mentor(i=1, **kw):
    base = {
        "id": i,
        "cleared": True,
        "free_capacity": 1,
        "gender": "w",
        "lat": OFFENBACH[0],
        "lon": OFFENBACH[1],
        "interests": frozenset({"fußball", "kochen"}),
        "languages": frozenset({"deutsch"}),
        "availability": frozenset({"mo-nachmittag", "sa-vormittag"}),
    }
    return MentorProfile(**{**base, **kw})


def mentee(i=1, **kw):
    base = {
        "id": i,
        "age": 14,
        "gender": "m",
        "lat": FRANKFURT[0],
        "lon": FRANKFURT[1],
        "interests": frozenset({"fußball", "musik"}),
        "languages": frozenset({"deutsch", "arabisch"}),
        "availability": frozenset({"mo-nachmittag"}),
    }
    return MenteeProfile(**{**base, **kw})


def test_distance_is_plausible():
    assert 6 < distance_km(*FRANKFURT, *OFFENBACH) < 8
    assert 140 < distance_km(*FRANKFURT, *KASSEL) < 150


@pytest.mark.parametrize(
    ("who", "reason"),
    [
        (mentor(cleared=False), "nicht freigegeben"),
        (mentor(free_capacity=0), "keine freie Kapazität"),
        (mentor(mentee_gender="w"), "Geschlechtswunsch der Wegbegleitung"),
        (mentor(mentee_age_min=16), "Altersspanne"),
        (mentor(mentee_age_max=12), "Altersspanne"),
        (mentor(lat=KASSEL[0], lon=KASSEL[1]), "weiter als 25 km"),
        (mentor(max_travel_km=5), "weiter als 5 km"),
    ],
)
def test_hard_filters_exclude_with_a_reason(who, reason):
    assert any(reason in r for r in exclusion_reasons(who, mentee(), default_max_km=25))


def test_young_persons_wish_for_the_mentors_gender_is_a_hard_filter():
    assert exclusion_reasons(mentor(gender="w"), mentee(mentor_gender="m"), default_max_km=25)
    assert not exclusion_reasons(mentor(gender="m"), mentee(mentor_gender="m"), default_max_km=25)


def test_unknown_distance_is_neither_excluded_nor_rewarded():
    far_unknown = mentor(lat=None, lon=None)
    assert not exclusion_reasons(far_unknown, mentee(), default_max_km=25)
    part = score(far_unknown, mentee(), weights=W, default_max_km=25).parts[0]
    assert part.points == 0
    assert part.explanation == "Entfernung unbekannt"


def test_every_part_is_explained_in_words_and_numbers():
    s = score(mentor(), mentee(), weights=W, default_max_km=25)
    by_key = {p.key: p for p in s.parts}
    assert by_key["interests"].explanation == "1 von 2: fußball"
    assert by_key["languages"].explanation == "1 von 2: deutsch"
    assert by_key["availability"].explanation == "1 von 1: Montag Nachmittag"
    assert "km entfernt" in by_key["distance"].explanation
    assert s.score == pytest.approx(100 * sum(p.points for p in s.parts) / W.total, abs=0.1)


def test_ranking_follows_the_weights():
    near_no_interests = mentor(1, interests=frozenset(), lat=FRANKFURT[0], lon=FRANKFURT[1])
    farther_all_interests = mentor(
        2, interests=frozenset({"fußball", "musik"}), lat=50.2, lon=8.9
    )  # ~ 18 km
    candidates = [near_no_interests, farther_all_interests]
    by_distance = rank(mentee(), candidates, weights=Weights(10, 0.1, 0, 0), default_max_km=25)
    by_interests = rank(mentee(), candidates, weights=Weights(0.1, 10, 0, 0), default_max_km=25)
    assert [s.mentor_id for s in by_distance] == [1, 2]
    assert [s.mentor_id for s in by_interests] == [2, 1]


def test_ranking_never_contains_an_excluded_mentor_and_stops_at_ten():
    pool = [mentor(i) for i in range(1, 30)] + [
        mentor(100, cleared=False),
        mentor(101, free_capacity=0),
    ]
    result = rank(mentee(), pool, weights=W, default_max_km=25)
    assert len(result) == 10
    assert {100, 101}.isdisjoint(s.mentor_id for s in result)


def _brute_force_total(mentees, mentors, default_max_km):
    slots = [m for m in mentors for _ in range(m.free_capacity)]
    best = 0.0
    for k in range(min(len(mentees), len(slots)) + 1):
        for chosen in itertools.permutations(range(len(slots)), k):
            for rows in itertools.combinations(range(len(mentees)), k):
                total, ok = 0.0, True
                used = {}
                for r, c in zip(rows, chosen, strict=True):
                    m, y = slots[c], mentees[r]
                    if exclusion_reasons(m, y, default_max_km=default_max_km):
                        ok = False
                        break
                    used[r] = c
                    total += score(m, y, weights=W, default_max_km=default_max_km).score
                if ok:
                    best = max(best, total)
    return best


@pytest.mark.parametrize("seed", range(12))
def test_region_proposal_equals_the_brute_force_optimum(seed):
    rng = random.Random(seed)
    words = ["fußball", "musik", "kochen", "lesen", "tiere"]
    times = ["mo-nachmittag", "di-abend", "sa-vormittag"]

    def some(pool):
        return frozenset(rng.sample(pool, rng.randint(0, len(pool))))

    mentors = [
        mentor(
            i,
            cleared=rng.random() > 0.15,
            free_capacity=rng.choice([0, 1, 1, 2]),
            lat=50.1 + rng.uniform(-0.3, 0.3),
            lon=8.7 + rng.uniform(-0.3, 0.3),
            mentee_gender=rng.choice(["", "", "m", "w"]),
            interests=some(words),
            availability=some(times),
        )
        for i in range(1, rng.randint(2, 4) + 1)
    ]
    mentees = [
        mentee(
            i,
            gender=rng.choice(["m", "w"]),
            lat=50.1 + rng.uniform(-0.3, 0.3),
            lon=8.7 + rng.uniform(-0.3, 0.3),
            interests=some(words),
            availability=some(times),
        )
        for i in range(1, rng.randint(1, 4) + 1)
    ]
    pairs = optimal_assignment(mentees, mentors, weights=W, default_max_km=25)
    assert sum(p.score for p in pairs) == pytest.approx(
        _brute_force_total(mentees, mentors, 25), abs=0.01
    )
    # never a forbidden pair, never a mentor over capacity, never a young person twice
    by_id = {m.id: m for m in mentors}
    assert len({p.mentee_id for p in pairs}) == len(pairs)
    for p in pairs:
        y = next(x for x in mentees if x.id == p.mentee_id)
        assert not exclusion_reasons(by_id[p.mentor_id], y, default_max_km=25)
    for m in mentors:
        assert sum(p.mentor_id == m.id for p in pairs) <= m.free_capacity
