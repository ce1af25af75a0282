"""Where the time of the region proposal goes, without a database (issue 13).

    DJANGO_DEBUG=true .venv/bin/python bench/proposal.py [--mentees 2000] [--mentors 2000]
        [--sample 100]

A seeded random region (coordinates within about 80 km, 30 interests, a few languages, the
21 weekly slots, some gender wishes and age ranges, a tenth without a postal code) is scored and
assigned as ``matching.ranking.optimal_assignment`` does it, step by step: the score matrix, the
assignment, and the explained scores of the chosen pairs. ``--sample`` young people are also
scored the old way, one explained pair at a time, and that time is scaled up to all of them.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wegbegleitung.settings")
    os.environ.setdefault("DJANGO_DEBUG", "true")
    import django

    django.setup()

import numpy as np
from django.utils import translation
from scipy.optimize import linear_sum_assignment

from matching.ranking import score_matrix
from matching.scoring import MenteeProfile, MentorProfile, Weights, exclusion_reasons, score

INTERESTS = [f"interesse {i}" for i in range(30)]
LANGUAGES = ["deutsch", "englisch", "arabisch", "türkisch", "russisch", "ukrainisch"]
SLOTS = [f"{d}-{t}" for d in ("mo", "di", "mi", "do", "fr", "sa", "so")
         for t in ("vormittag", "nachmittag", "abend")]  # fmt: skip


def region(n_mentees: int, n_mentors: int) -> tuple[list[MenteeProfile], list[MentorProfile]]:
    rng = random.Random(13)  # noqa: S311 - made-up people, not secrets

    def place() -> tuple[float | None, float | None]:
        if rng.random() < 0.1:
            return None, None
        return 50.1 + rng.uniform(-0.35, 0.35), 8.7 + rng.uniform(-0.55, 0.55)

    def some(pool: list[str], most: int) -> frozenset[str]:
        return frozenset(rng.sample(pool, rng.randint(0, most)))

    mentees = [
        MenteeProfile(i, rng.randint(10, 20), rng.choice("wmd"), *place(),
                      mentor_gender=rng.choice(["", "", "", "w", "m"]),
                      interests=some(INTERESTS, 4), languages=some(LANGUAGES, 2),
                      availability=some(SLOTS, 5))
        for i in range(n_mentees)
    ]  # fmt: skip
    mentors = [
        MentorProfile(i, True, rng.choice([1, 1, 1, 2]), rng.choice("wm"), *place(),
                      max_travel_km=rng.choice([None, None, 10.0, 40.0]),
                      mentee_gender=rng.choice(["", "", "w", "m"]),
                      mentee_age_min=rng.choice([None, 12, 14]),
                      mentee_age_max=rng.choice([None, 17, 21]),
                      interests=some(INTERESTS, 5), languages=some(LANGUAGES, 3),
                      availability=some(SLOTS, 8))
        for i in range(n_mentors)
    ]  # fmt: skip
    return mentees, mentors


def say(line: str) -> None:
    sys.stdout.write(line + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentees", type=int, default=2000)
    parser.add_argument("--mentors", type=int, default=2000)
    parser.add_argument("--sample", type=int, default=100)
    args = parser.parse_args()
    translation.activate("de")
    mentees, mentors = region(args.mentees, args.mentors)
    weights, max_km = Weights(), 25.0
    score_matrix(mentees[:10], mentors, weights=weights, default_max_km=max_km)  # warm up

    started = time.perf_counter()
    matrix = score_matrix(mentees, mentors, weights=weights, default_max_km=max_km)
    scored = time.perf_counter()
    capacity = np.array([m.free_capacity for m in mentors])
    table = np.repeat(np.where(matrix.allowed, matrix.score, 0.0), capacity, axis=1)
    owner = np.repeat(np.arange(len(mentors)), capacity)
    rows, cols = linear_sum_assignment(table, maximize=True)
    assigned = time.perf_counter()
    chosen = [(mentees[r], mentors[owner[c]]) for r, c in zip(rows, cols, strict=True)
              if matrix.allowed[r, owner[c]]]  # fmt: skip
    for mentee, mentor in chosen:
        if not exclusion_reasons(mentor, mentee, default_max_km=max_km):
            score(mentor, mentee, weights=weights, default_max_km=max_km)
    explained = time.perf_counter()

    sample = mentees[: args.sample]
    for mentee in sample:
        for mentor in mentors:
            if not exclusion_reasons(mentor, mentee, default_max_km=max_km):
                score(mentor, mentee, weights=weights, default_max_km=max_km)
    one_by_one = (time.perf_counter() - explained) * len(mentees) / max(1, len(sample))

    say(f"{len(mentees)} young people × {len(mentors)} volunteers ({len(owner)} free slots), "
          f"{matrix.allowed.mean():.0%} of the pairs allowed, {len(chosen)} pairs chosen")  # fmt: skip
    say(f"score matrix (every pair)        {1000 * (scored - started):8.0f} ms")
    say(f"assignment (Hungarian method)    {1000 * (assigned - scored):8.0f} ms")
    say(f"explained scores of chosen pairs {1000 * (explained - assigned):8.0f} ms")
    say(f"together                         {1000 * (explained - started):8.0f} ms")
    say(f"every pair explained one by one  {1000 * one_by_one:8.0f} ms "
          f"(scaled up from {len(sample)} young people)")  # fmt: skip


if __name__ == "__main__":
    main()
