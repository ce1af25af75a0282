"""Explained match scores of one pair, as pure functions over plain data.

DOMAIN.md ("The match", step 2): hard filters — cleared, free capacity, the request's programme
(the volunteer serves in it), both sides' stated preferences (gender, age range), maximum travel
distance — then a soft score with weights for
distance, shared interests, shared languages and overlapping availability. Every score comes with
its explanation. The platform only suggests; a person decides.

``matching.profiles`` turns model rows into ``MentorProfile`` / ``MenteeProfile``; nothing here
touches the database, so the rules can be tested exhaustively. ``matching.ranking`` applies the
same rules to many pairs at once (arrays) for the ranking and the region proposal, and explains
the pairs it chooses with ``score``.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from wegbegleitung.models.application import slot_label

EARTH_RADIUS_KM = 6371.0088


@dataclass(frozen=True)
class Weights:
    distance: float = 3.0
    interests: float = 2.0
    languages: float = 1.0
    availability: float = 2.0

    @property
    def total(self) -> float:
        return self.distance + self.interests + self.languages + self.availability


@dataclass(frozen=True)
class MentorProfile:
    id: int
    cleared: bool
    free_capacity: int
    gender: str = ""  # "w", "m", "d" or "" (not stated)
    lat: float | None = None
    lon: float | None = None
    max_travel_km: float | None = None
    mentee_gender: str = ""  # wish: "" = no preference
    mentee_age_min: int | None = None
    mentee_age_max: int | None = None
    interests: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    availability: frozenset[str] = frozenset()  # e.g. "mo-nachmittag"
    programmes: frozenset[int] = frozenset()  # the programmes the volunteer serves in


@dataclass(frozen=True)
class MenteeProfile:
    id: int
    age: int | None = None
    gender: str = ""
    lat: float | None = None
    lon: float | None = None
    mentor_gender: str = ""  # wish: "" = no preference
    interests: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    availability: frozenset[str] = frozenset()
    programm: int | None = None  # the request's programme (None: no programme filter)


@dataclass(frozen=True)
class ScorePart:
    key: str
    label: str
    points: float  # weighted points of this part
    max_points: float
    explanation: str


@dataclass(frozen=True)
class Suggestion:
    mentor_id: int
    mentee_id: int
    score: float  # 0..100
    parts: tuple[ScorePart, ...] = field(default_factory=tuple)
    distance_km: float | None = None

    @property
    def why(self) -> str:
        """Every part in one line, as the region proposal lists thousands of them."""
        return "; ".join(f"{p.label}: {p.explanation}" for p in self.parts)


def distance_km(a_lat: float, a_lon: float, b_lat: float, b_lon: float) -> float:
    """Great-circle distance (haversine): good enough for postal-code centroids."""
    p1, p2 = math.radians(a_lat), math.radians(b_lat)
    dp, dl = p2 - p1, math.radians(b_lon - a_lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def _distance(mentor: MentorProfile, mentee: MenteeProfile) -> float | None:
    if None in (mentor.lat, mentor.lon, mentee.lat, mentee.lon):
        return None
    return distance_km(mentor.lat, mentor.lon, mentee.lat, mentee.lon)  # type: ignore[arg-type]


def exclusion_reasons(
    mentor: MentorProfile, mentee: MenteeProfile, *, default_max_km: float
) -> list[str]:
    """Why this pair may not be suggested; empty when it may."""
    reasons = []
    if not mentor.cleared:
        reasons.append(_("not cleared"))
    if mentor.free_capacity <= 0:
        reasons.append(_("no free capacity"))
    if mentee.programm is not None and mentee.programm not in mentor.programmes:
        reasons.append(_("does not serve in the request's programme"))
    if mentor.mentee_gender and mentee.gender and mentor.mentee_gender != mentee.gender:
        reasons.append(_("outside the mentor's wish for the gender"))
    if mentee.mentor_gender and mentor.gender != mentee.mentor_gender:
        reasons.append(_("outside the young person's wish for the gender"))
    if mentee.age is not None and not _age_fits(mentor, mentee.age):
        reasons.append(_("outside the mentor's age range"))
    km = _distance(mentor, mentee)
    limit = mentor.max_travel_km if mentor.max_travel_km is not None else default_max_km
    if km is not None and km > limit:
        reasons.append(_("farther than %(km)d km") % {"km": round(limit)})
    return reasons


def _age_fits(mentor: MentorProfile, age: int) -> bool:
    low = mentor.mentee_age_min if mentor.mentee_age_min is not None else 0
    high = mentor.mentee_age_max if mentor.mentee_age_max is not None else 200
    return low <= age <= high


def score(
    mentor: MentorProfile, mentee: MenteeProfile, *, weights: Weights, default_max_km: float
) -> Suggestion:
    km = _distance(mentor, mentee)
    limit = mentor.max_travel_km if mentor.max_travel_km is not None else default_max_km
    language = get_language()
    texts = _texts(language)
    parts = (
        _distance_part(km, limit, weights.distance, texts),
        _overlap_part("interests", mentor.interests, mentee.interests, weights.interests, texts),
        _overlap_part("languages", mentor.languages, mentee.languages, weights.languages, texts),
        _overlap_part(
            "availability",
            mentor.availability,
            mentee.availability,
            weights.availability,
            texts,
            shown=functools.partial(_slot_label, language=language),
        ),
    )
    total = sum(p.points for p in parts)
    percent = 100.0 * total / weights.total if weights.total > 0 else 0.0
    return Suggestion(mentor.id, mentee.id, round(percent, 1), parts, km)


@functools.lru_cache(maxsize=16)
def _texts(language: str | None) -> dict[str, str]:
    """The words of an explanation, translated once per language: a region's proposal explains
    thousands of pairs, and looking each word up again is half the time of ``score``."""
    return {
        "distance": _("Distance"),
        "interests": _("Shared interests"),
        "languages": _("Shared languages"),
        "availability": _("Common times"),
        "unknown": _("Distance unknown"),
        "apart": _("%(km)s km apart (limit %(limit)d km)"),
        "nothing": _("nothing stated by the young person"),
        "some": _("%(n)d of %(of)d: %(which)s"),
        "none": _("none in common"),
    }


@functools.lru_cache(maxsize=512)
def _slot_label(slot: str, *, language: str | None) -> str:
    return slot_label(slot)  # in the active language, which is ``language``


def _distance_part(
    km: float | None, limit: float, weight: float, texts: dict[str, str]
) -> ScorePart:
    label = texts["distance"]
    if km is None:
        # unknown postal code: neither rewarded nor excluded, and said so
        return ScorePart("distance", label, 0.0, weight, texts["unknown"])
    fraction = max(0.0, 1.0 - km / limit) if limit > 0 else 0.0
    explanation = texts["apart"] % {
        "km": number_format(round(km, 1), 1),  # German: 6,9 km
        "limit": round(limit),
    }
    return ScorePart("distance", label, round(weight * fraction, 3), weight, explanation)


def _overlap_part(
    key: str,
    mine: frozenset[str],
    theirs: frozenset[str],
    weight: float,
    texts: dict[str, str],
    *,
    shown: Callable[[str], str] = str,
) -> ScorePart:
    label = texts[key]
    if not theirs:
        return ScorePart(key, label, 0.0, weight, texts["nothing"])
    common = sorted(mine & theirs)
    fraction = len(common) / len(theirs)
    if common:
        explanation = texts["some"] % {
            "n": len(common),
            "of": len(theirs),
            "which": ", ".join(shown(term) for term in common),
        }
    else:
        explanation = texts["none"]
    return ScorePart(key, label, round(weight * fraction, 3), weight, explanation)
