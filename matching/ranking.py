"""Ranking and the region proposal: the score of every pair at once, as arrays (issue 13).

``scoring.score`` explains one pair in words; scoring a whole region that way (2,000 × 2,000
pairs) takes minutes. Here the same rules run over feature arrays built once per side:

- distances: haversine over coordinate vectors, broadcast to a matrix (NaN where a postal code
  is unknown: neither rewarded nor excluded);
- hard filters: boolean masks (clearance and capacity per volunteer, the programme per distinct
  programme of the young people, gender wishes as small integer codes, the age range against the age vector, the travel limit against the distances);
- shared interests, languages and times: indicator matrices over the terms both sides use, so
  the number of terms in common for every pair is one sparse matrix product; the points for
  "k of n" come from a table filled by the same Python expression ``scoring`` uses.

Every step repeats the float operations of ``scoring.score`` in the same order and rounds like
Python's ``round`` (``round_like_python``), so the matrix holds the very totals the explained
score shows (up to the last bit of the trigonometry, which numpy and ``math`` may compute
differently). ``rank`` and ``optimal_assignment`` choose on the matrix and explain only the
chosen pairs with ``scoring.score``, after ``scoring.exclusion_reasons`` confirmed each.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import sparse
from scipy.optimize import linear_sum_assignment

from matching.scoring import (
    EARTH_RADIUS_KM,
    MenteeProfile,
    MentorProfile,
    Suggestion,
    Weights,
    exclusion_reasons,
    score,
)

NO_AGE_LIMIT = (0, 200)  # as scoring._age_fits: no stated bound means any age

# a programme's weights and default maximum distance (``matching.profiles.weights_for``)
Settings = tuple[Weights, float]

Floats = NDArray[np.float64]
Bools = NDArray[np.bool_]


@dataclass(frozen=True)
class ScoreMatrix:
    """Rows: young people, columns: volunteers, in the order given."""

    allowed: Bools  # no hard filter excludes the pair
    score: Floats  # 0..100 as ``scoring.score`` rounds it; NaN for pairs not scored


def score_matrix(
    mentees: Sequence[MenteeProfile],
    mentors: Sequence[MentorProfile],
    *,
    weights: Weights,
    default_max_km: float,
    every_pair: bool = False,
) -> ScoreMatrix:
    """The hard filters for every pair, and the score of the allowed pairs (of every pair with
    ``every_pair``: the tests compare each one with the explained score)."""
    limit = np.array(
        [m.max_travel_km if m.max_travel_km is not None else default_max_km for m in mentors],
        dtype=np.float64,
    ).reshape(-1)
    km = distances(mentees, mentors)
    allowed = _allowed(mentees, mentors, km, limit)
    # the pairs to score as flat indices: gathering from a matrix is cheaper that way
    flat = np.arange(allowed.size) if every_pair else np.flatnonzero(allowed)
    rows, cols = np.divmod(flat, len(mentors))
    total = _distance_points(np.take(km, flat), limit[cols], weights.distance)
    score = km  # its memory, refilled below
    overlaps = (
        ("interests", weights.interests),
        ("languages", weights.languages),
        ("availability", weights.availability),
    )
    for key, weight in overlaps:  # the order of ``sum(parts)`` in scoring.score
        shared, stated = common_counts(
            [getattr(y, key) for y in mentees], [getattr(m, key) for m in mentors]
        )
        total += _overlap_points(np.take(shared, flat), stated[rows], weight)
    percent = 100.0 * total / weights.total if weights.total > 0 else np.zeros_like(total)
    score.fill(np.nan)
    score.ravel()[flat] = round_like_python(percent, 1)
    return ScoreMatrix(allowed, score)


# --- choosing on the matrix ------------------------------------------------------------------


def rank(
    mentee: MenteeProfile,
    mentors: Iterable[MentorProfile],
    *,
    weights: Weights,
    default_max_km: float,
    limit: int = 10,
) -> list[Suggestion]:
    """The best ``limit`` allowed mentors for one young person, best first (ties by id)."""
    pool = [m for m in mentors if m.cleared and m.free_capacity > 0]
    matrix = score_matrix([mentee], pool, weights=weights, default_max_km=default_max_km)
    allowed = np.flatnonzero(matrix.allowed[0])
    ids = np.array([pool[i].id for i in allowed], dtype=np.int64)
    order = allowed[np.lexsort((ids, -matrix.score[0, allowed]))]
    chosen: list[Suggestion] = []
    for i in order:
        if len(chosen) == limit:
            break
        explained = _explained(pool[i], mentee, weights, default_max_km)
        if explained is not None:
            chosen.append(explained)
    return sorted(chosen, key=lambda s: (-s.score, s.mentor_id))


def optimal_assignment(
    mentees: Sequence[MenteeProfile],
    mentors: Sequence[MentorProfile],
    *,
    weights: Weights,
    default_max_km: float,
    forbidden_pairs: frozenset[tuple[int, int]] = frozenset(),
    per_programme: Mapping[int, Settings] | None = None,
) -> list[Suggestion]:
    """Pairs that maximise the total score over a whole region (Hungarian method).

    Each mentor appears at most ``free_capacity`` times; forbidden pairs are never chosen, and a
    young person with no allowed mentor stays unassigned rather than getting a bad match.
    ``forbidden_pairs`` are (mentee id, mentor id) pairs a coordinator rejected.
    ``per_programme``: the weights of the young people's programmes (``MenteeProfile.programm``;
    others use ``weights``): each row is scored by its programme's weights, and one assignment
    over all programmes shares the volunteers' capacity.
    """
    mentors = [m for m in mentors if m.free_capacity > 0]  # no column: no need to score them
    capacity = np.array([m.free_capacity for m in mentors], dtype=np.int64)
    if not mentees or not mentors:
        return []
    programmes = dict(per_programme or {})

    def settings_of(mentee: MenteeProfile) -> Settings:
        found = programmes.get(mentee.programm) if mentee.programm is not None else None
        return found or (weights, default_max_km)

    matrix = _matrix_by_settings(mentees, mentors, settings_of)
    allowed = matrix.allowed & ~_forbidden(mentees, mentors, forbidden_pairs)
    # a pair that may not be chosen adds nothing, so the optimum is the best total over allowed
    # pairs; one column per free slot of a volunteer
    table = np.repeat(np.where(allowed, matrix.score, 0.0), capacity, axis=1)
    slot_owner = np.repeat(np.arange(len(mentors)), capacity)
    result = []
    for r, c in zip(*linear_sum_assignment(table, maximize=True), strict=True):
        if allowed[r, slot_owner[c]]:
            row_weights, row_km = settings_of(mentees[r])
            explained = _explained(mentors[slot_owner[c]], mentees[r], row_weights, row_km)
            if explained is not None:
                result.append(explained)
    return sorted(result, key=lambda s: (-s.score, s.mentee_id))


def _matrix_by_settings(
    mentees: Sequence[MenteeProfile],
    mentors: Sequence[MentorProfile],
    settings_of: Callable[[MenteeProfile], Settings],
) -> ScoreMatrix:
    """``score_matrix`` with each young person's weights: one matrix per distinct setting,
    its rows put back in the young people's order."""
    groups: dict[Settings, list[int]] = {}
    for i, mentee in enumerate(mentees):
        groups.setdefault(settings_of(mentee), []).append(i)
    if len(groups) == 1:
        ((w, km),) = groups
        return score_matrix(mentees, mentors, weights=w, default_max_km=km)
    allowed = np.zeros((len(mentees), len(mentors)), dtype=bool)
    score = np.full((len(mentees), len(mentors)), np.nan)
    for (w, km), rows in groups.items():
        part = score_matrix([mentees[i] for i in rows], mentors, weights=w, default_max_km=km)
        allowed[rows] = part.allowed
        score[rows] = part.score
    return ScoreMatrix(allowed, score)


def _forbidden(
    mentees: Sequence[MenteeProfile],
    mentors: Sequence[MentorProfile],
    pairs: frozenset[tuple[int, int]],
) -> Bools:
    mask = np.zeros((len(mentees), len(mentors)), dtype=bool)
    if pairs:
        row = {y.id: i for i, y in enumerate(mentees)}
        column = {m.id: j for j, m in enumerate(mentors)}
        for mentee_id, mentor_id in pairs:
            if mentee_id in row and mentor_id in column:
                mask[row[mentee_id], column[mentor_id]] = True
    return mask


def _explained(
    mentor: MentorProfile, mentee: MenteeProfile, weights: Weights, default_max_km: float
) -> Suggestion | None:
    """The explained score of a chosen pair; None should the explained filters (not the arrays,
    which may differ in the last bit of a distance right at the limit) exclude it."""
    if exclusion_reasons(mentor, mentee, default_max_km=default_max_km):
        return None
    return score(mentor, mentee, weights=weights, default_max_km=default_max_km)


# --- distances --------------------------------------------------------------------------------


def _coordinates(people: Iterable[MenteeProfile | MentorProfile]) -> tuple[Floats, Floats]:
    rows = [
        (p.lat, p.lon) if p.lat is not None and p.lon is not None else (np.nan, np.nan)
        for p in people
    ]
    both = np.array(rows, dtype=np.float64).reshape(-1, 2)
    return both[:, 0], both[:, 1]


def distances(mentees: Sequence[MenteeProfile], mentors: Sequence[MentorProfile]) -> Floats:
    """Haversine km for every pair (NaN when a side has no coordinates), with the operations of
    ``scoring.distance_km(mentor..., mentee...)`` in their order, in two matrices reused in
    place (fresh large arrays cost more than the arithmetic)."""
    a_lat, a_lon = _coordinates(mentors)
    b_lat, b_lon = _coordinates(mentees)
    p1, p2 = np.radians(a_lat), np.radians(b_lat)
    h = np.multiply.outer(np.cos(p2), np.cos(p1))
    dl = np.subtract.outer(b_lon, a_lon)
    np.radians(dl, out=dl)
    dl /= 2
    np.sin(dl, out=dl)
    np.square(dl, out=dl)
    np.multiply(h, dl, out=dl)  # cos(p1) * cos(p2) * sin(dl / 2) ** 2
    np.subtract.outer(p2, p1, out=h)
    h /= 2
    np.sin(h, out=h)
    np.square(h, out=h)
    h += dl
    del dl
    np.sqrt(h, out=h)
    np.arcsin(h, out=h)
    h *= 2 * EARTH_RADIUS_KM
    return h


def _distance_points(km: Floats, limit: Floats, weight: float) -> Floats:
    """``scoring._distance_part(...).points`` for pairs given as flat arrays."""
    with np.errstate(divide="ignore", invalid="ignore"):
        fraction = np.maximum(0.0, 1.0 - km / limit)
    fraction[(limit <= 0) | np.isnan(km)] = 0.0
    return round_like_python(weight * fraction, 3)


# --- hard filters -----------------------------------------------------------------------------


def _allowed(
    mentees: Sequence[MenteeProfile], mentors: Sequence[MentorProfile], km: Floats, limit: Floats
) -> Bools:
    """The negation of ``scoring.exclusion_reasons`` for every pair."""
    codes = _Codes()
    open_mentor = np.array([m.cleared and m.free_capacity > 0 for m in mentors], dtype=bool)
    # the volunteer's wish for the young person's gender (unstated on either side: no filter)
    wish = codes.of(m.mentee_gender for m in mentors)[np.newaxis, :]
    gender = codes.of(y.gender for y in mentees)[:, np.newaxis]
    ok: Bools = (wish == 0) | (gender == 0) | (wish == gender)
    # the young person's wish for the volunteer's gender (an unstated gender does not fit)
    wish = codes.of(y.mentor_gender for y in mentees)[:, np.newaxis]
    gender = codes.of(m.gender for m in mentors)[np.newaxis, :]
    ok &= (wish == 0) | (wish == gender)
    ok &= _age_fits(mentees, mentors)
    ok &= _programme_fits(mentees, mentors)
    ok &= ~(km > limit)  # an unknown distance (NaN) is never "too far"
    ok &= open_mentor[np.newaxis, :]
    return ok


class _Codes:
    """Small integers for gender codes, 0 for "not stated"."""

    def __init__(self) -> None:
        self.known: dict[str, int] = {"": 0}

    def of(self, values: Iterable[str]) -> NDArray[np.int64]:
        return np.array([self.known.setdefault(v, len(self.known)) for v in values], dtype=np.int64)


def _age_fits(mentees: Sequence[MenteeProfile], mentors: Sequence[MentorProfile]) -> Bools:
    low, high = NO_AGE_LIMIT
    bounds = np.array(
        [
            (
                m.mentee_age_min if m.mentee_age_min is not None else low,
                m.mentee_age_max if m.mentee_age_max is not None else high,
            )
            for m in mentors
        ],
        dtype=np.float64,
    ).reshape(-1, 2)
    age = np.array([y.age if y.age is not None else np.nan for y in mentees], dtype=np.float64)[
        :, np.newaxis
    ]
    fits = (bounds[np.newaxis, :, 0] <= age) & (age <= bounds[np.newaxis, :, 1])
    return fits | np.isnan(age)  # no age known: no age filter


def _programme_fits(mentees: Sequence[MenteeProfile], mentors: Sequence[MentorProfile]) -> Bools:
    """The volunteer serves in the young person's programme (none given: no filter); one
    column mask per distinct programme (a region has few)."""
    fits = np.ones((len(mentees), len(mentors)), dtype=bool)
    for programm in {y.programm for y in mentees} - {None}:
        rows = np.array([y.programm == programm for y in mentees], dtype=bool)
        serving = np.array([programm in m.programmes for m in mentors], dtype=bool)
        fits[rows] = serving[np.newaxis, :]
    return fits


# --- shared terms -----------------------------------------------------------------------------


def common_counts(
    theirs: Sequence[frozenset[str]], mine: Sequence[frozenset[str]]
) -> tuple[NDArray[np.float32], NDArray[np.int64]]:
    """How many terms of each young person's set each volunteer shares (rows × columns; whole
    numbers, as float32 from the matrix product), and how many each young person stated."""
    # terms only one side uses add nothing to any count
    both: set[str] = set().union(*theirs) & set().union(*mine)
    vocabulary = {t: i for i, t in enumerate(sorted(both))}
    left = _indicator(theirs, vocabulary)
    right = _indicator(mine, vocabulary).T.toarray()
    stated = np.array([len(s) for s in theirs], dtype=np.int64)
    return np.asarray(left @ right, dtype=np.float32), stated


def _indicator(sets: Sequence[frozenset[str]], vocabulary: dict[str, int]) -> sparse.csr_matrix:
    columns = [[vocabulary[t] for t in s if t in vocabulary] for s in sets]
    indptr = np.cumsum([0] + [len(c) for c in columns])
    flat = np.array([i for c in columns for i in c], dtype=np.int64)
    data = np.ones(len(flat), dtype=np.float32)
    return sparse.csr_matrix((data, flat, indptr), shape=(len(sets), max(1, len(vocabulary))))


def _overlap_points(
    shared: NDArray[np.float32], stated: NDArray[np.int64], weight: float
) -> Floats:
    """``scoring._overlap_part(...).points`` for pairs given as flat arrays: a table lookup by
    (n stated, k shared), the table filled by the same expression as the explained score."""
    size = int(stated.max(initial=0)) + 1
    table = np.array(
        [round(weight * (k / n), 3) if n else 0.0 for n in range(size) for k in range(size)],
        dtype=np.float64,
    )
    return np.take(table, stated * size + shared.astype(np.int64))


# --- rounding ---------------------------------------------------------------------------------


def round_like_python(values: Floats, digits: int) -> Floats:
    """``round(v, digits)`` for every value, exactly as Python rounds a float.

    Like ``np.round`` this scales by 10**digits and rounds to a whole number, which is exact
    except where the scaling lands a value that lies just beside a half on the half (0.0875 →
    0.088, where Python says 0.087). The few values that close to a half are rounded by Python
    itself (each distinct value once); the scaling errs by far less than the margin used here.
    """
    factor = 10.0**digits
    scaled = values * factor
    whole = np.rint(scaled)
    biggest = max(
        1.0, float(values.max(initial=0.0)) * factor, -float(values.min(initial=0.0)) * factor
    )
    np.subtract(scaled, whole, out=scaled)
    np.abs(scaled, out=scaled)
    near = scaled >= 0.5 - 1e-9 * biggest
    whole /= factor
    if near.any():
        distinct, where = np.unique(values[near], return_inverse=True)
        exact = np.array([round(float(v), digits) for v in distinct], dtype=np.float64)
        whole[near] = exact[where.reshape(-1)]
    return whole
