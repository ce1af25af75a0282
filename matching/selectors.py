"""Reads of the matching app: profiles for the scoring engine, suggestions, due dates.

- Clearance is decided only by ``schutzkonzept.clearance`` (``only_cleared``): a volunteer who is
  not cleared is never even loaded as a candidate.
- Profiles are built from one query for volunteers (with prefetched interests) and one for the
  young people, whatever the number of rows.
- Free-text interests and languages of young people are normalised against the coordinators'
  interest list (``Interesse``), so "Fußball spielen" meets the volunteer's "Fußball".
- Due dates (support contacts, reviews, diary silence, agreements waiting) are computed here so
  that reminders (issue 7) and the admin ask the same functions.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from einrichtungen.models import Anfrage, Jugendliche
from matching import scoring
from matching.models import (
    Begleitung,
    Gewichtung,
    VorschlagVerworfen,
    Wunsch,
)
from schutzkonzept.clearance import only_cleared
from wegbegleitung.models import Interesse, Postleitzahl, Wegbegleiter
from wegbegleitung.services.geo import coordinates_for

OPEN = Begleitung.OPEN_STATES
GENDER_CODES = {"weiblich": "w", "maennlich": "m", "divers": "d"}
_SPLIT = re.compile(r"[,;/\n]+|\s+und\s+|\s+&\s+")


# --- weights ----------------------------------------------------------------------------------


def weights_for(region_id: int | None) -> tuple[scoring.Weights, float]:
    """The region's weights, else the default row, else the built-in defaults."""
    rows = {
        g.region_id: g for g in Gewichtung.objects.filter(Q(region_id=region_id) | Q(region=None))
    }
    row = rows.get(region_id) or rows.get(None)
    if row is None:
        return scoring.Weights(), 25.0
    weights = scoring.Weights(row.distance, row.interests, row.languages, row.availability)
    return weights, float(row.default_max_km)


# --- normalising free texts -------------------------------------------------------------------


def split_terms(text: str) -> set[str]:
    return {part.strip().lower() for part in _SPLIT.split(text or "") if part.strip()}


def normalise_interests(text: str, known: Iterable[str]) -> frozenset[str]:
    """Map free-text interests onto the interest list where one names a listed interest."""
    listed = sorted({k.lower() for k in known}, key=len, reverse=True)
    result = set()
    for term in split_terms(text):
        words = set(re.findall(r"\w+", term))
        match = next((k for k in listed if k == term or k in words), None)
        result.add(match or term)
    return frozenset(result)


def _interest_names() -> list[str]:
    return list(Interesse.objects.values_list("name", flat=True))


# --- volunteers -------------------------------------------------------------------------------


def _open_count() -> Any:
    return Coalesce(
        Subquery(
            Begleitung.objects.filter(wegbegleiter=OuterRef("pk"), status__in=OPEN)
            .order_by()
            .values("wegbegleiter")
            .annotate(n=Count("pk"))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


def candidate_list(*, region_id: int | None) -> QuerySet[Wegbegleiter]:
    """Cleared, available volunteers of a region with their open matches and capacity; not those
    who asked to leave (their ending waits for the farewell of a running match)."""
    qs = Wegbegleiter.objects.filter(
        status=Wegbegleiter.Status.VERFUEGBAR, user__is_active=True, exit_requested=""
    )
    qs = qs.filter(region__isnull=True) if region_id is None else qs.filter(region_id=region_id)
    return (
        only_cleared(qs)
        .annotate(
            open_matches=_open_count(),
            capacity=Coalesce("kapazitaet__max_begleitungen", Value(1)),
        )
        .select_related("user", "bewerbung")
        .prefetch_related("bewerbung__interests")
    )


def mentor_profile(wegbegleiter: Any) -> scoring.MentorProfile:
    """From a row of ``candidate_list`` (annotated), without further queries."""
    bewerbung = getattr(wegbegleiter, "bewerbung", None)
    free = int(wegbegleiter.capacity) - int(wegbegleiter.open_matches)
    if bewerbung is None:
        return scoring.MentorProfile(id=wegbegleiter.pk, cleared=True, free_capacity=free)
    interests = {i.name.lower() for i in bewerbung.interests.all()}
    interests |= split_terms(bewerbung.interests_other)
    return scoring.MentorProfile(
        id=wegbegleiter.pk,
        cleared=bool(wegbegleiter.is_cleared),
        free_capacity=free,
        gender=bewerbung.gender,
        lat=bewerbung.latitude,
        lon=bewerbung.longitude,
        max_travel_km=bewerbung.max_travel_km,
        mentee_gender=bewerbung.mentee_gender,
        mentee_age_min=bewerbung.mentee_age_min,
        mentee_age_max=bewerbung.mentee_age_max,
        interests=frozenset(interests),
        languages=frozenset(split_terms(bewerbung.languages)),
        availability=bewerbung.availability_slots,
    )


# --- young people -----------------------------------------------------------------------------


def _wunsch(jugendliche: Jugendliche) -> Wunsch | None:
    try:
        return jugendliche.matching_wunsch
    except Wunsch.DoesNotExist:
        return None


def mentee_profile(
    jugendliche: Jugendliche,
    *,
    coordinates: tuple[float, float] | None,
    interests: Iterable[str],
    today: date | None = None,
) -> scoring.MenteeProfile:
    wunsch = _wunsch(jugendliche)
    lat, lon = coordinates if coordinates else (None, None)
    return scoring.MenteeProfile(
        id=jugendliche.pk,
        age=jugendliche.alter(today),
        gender=GENDER_CODES.get(jugendliche.geschlecht, ""),
        lat=lat,
        lon=lon,
        mentor_gender=wunsch.mentor_geschlecht if wunsch else "",
        interests=normalise_interests(jugendliche.interessen, interests),
        languages=frozenset(split_terms(jugendliche.sprachen)),
        availability=frozenset(wunsch.zeiten) if wunsch else frozenset(),
    )


def facility_coordinates(einrichtungen: Iterable[Any]) -> dict[int, tuple[float, float] | None]:
    """Coordinates of many facilities' postal codes in one query (unknown: None)."""
    wanted = {(e.region.country, e.postleitzahl) for e in einrichtungen if e.postleitzahl}
    found: dict[tuple[str, str], tuple[float, float]] = {}
    if wanted:
        q = Q()
        for country, code in wanted:
            q |= Q(country=country, postal_code=code)
        for row in Postleitzahl.objects.filter(q).values_list(
            "country", "postal_code", "latitude", "longitude"
        ):
            found[(row[0], row[1])] = (row[2], row[3])
    return {e.pk: found.get((e.region.country, e.postleitzahl)) for e in einrichtungen}


# --- suggestions ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Vorschlag:
    """A scored suggestion with the volunteer's record (for pages)."""

    wegbegleiter: Wegbegleiter
    suggestion: scoring.Suggestion


def anfrage_for_suggestions(pk: int) -> Anfrage:
    return Anfrage.objects.select_related(
        "jugendliche__einrichtung__region", "jugendliche__matching_wunsch"
    ).get(pk=pk)


def vorschlaege_for(anfrage: Anfrage, *, limit: int = 10) -> list[Vorschlag]:
    """The top ``limit`` volunteers for one request, each with the explained score."""
    jugendliche = anfrage.jugendliche
    einrichtung = jugendliche.einrichtung
    coordinates = coordinates_for(
        country=einrichtung.region.country, postal_code=einrichtung.postleitzahl
    )
    mentee = mentee_profile(jugendliche, coordinates=coordinates, interests=_interest_names())
    candidates = {w.pk: w for w in candidate_list(region_id=einrichtung.region_id)}
    weights, max_km = weights_for(einrichtung.region_id)
    ranked = scoring.rank(
        mentee,
        [mentor_profile(w) for w in candidates.values()],
        weights=weights,
        default_max_km=max_km,
        limit=limit,
    )
    return [Vorschlag(candidates[s.mentor_id], s) for s in ranked]


def pair_for(
    jugendliche: Jugendliche, wegbegleiter: Wegbegleiter
) -> tuple[list[str], scoring.Suggestion | None]:
    """Why this pair may not be proposed (capacity aside: the service checks it under a lock),
    and otherwise its explained score."""
    einrichtung = jugendliche.einrichtung
    found = candidate_list(region_id=einrichtung.region_id).filter(pk=wegbegleiter.pk).first()
    if found is None:
        return [_("not cleared or not available in this region")], None
    coordinates = coordinates_for(
        country=einrichtung.region.country, postal_code=einrichtung.postleitzahl
    )
    mentee = mentee_profile(jugendliche, coordinates=coordinates, interests=_interest_names())
    mentor = dataclasses.replace(mentor_profile(found), free_capacity=1)
    weights, max_km = weights_for(einrichtung.region_id)
    reasons = scoring.exclusion_reasons(mentor, mentee, default_max_km=max_km)
    if reasons:
        return reasons, None
    return [], scoring.score(mentor, mentee, weights=weights, default_max_km=max_km)


@dataclass(frozen=True)
class Paar:
    anfrage: Anfrage
    wegbegleiter: Wegbegleiter
    suggestion: scoring.Suggestion


def waiting_anfragen(*, region_id: int) -> QuerySet[Anfrage]:
    """Open requests of a region whose young person has no open match yet."""
    has_match = Begleitung.objects.filter(jugendliche=OuterRef("jugendliche"), status__in=OPEN)
    return (
        Anfrage.objects.filter(
            status__in=Anfrage.OPEN_STATES, jugendliche__einrichtung__region_id=region_id
        )
        .exclude(Exists(has_match))
        .select_related("jugendliche__einrichtung__region", "jugendliche__matching_wunsch")
        .order_by("angefragt_am", "id")
    )


def regionsvorschlag_for(*, region_id: int) -> list[Paar]:
    """The optimal assignment of all waiting requests of a region (rejected pairs left out)."""
    anfragen = list(waiting_anfragen(region_id=region_id))
    candidates = {w.pk: w for w in candidate_list(region_id=region_id)}
    coords = facility_coordinates({a.jugendliche.einrichtung for a in anfragen})
    names = _interest_names()
    mentees = [
        mentee_profile(
            a.jugendliche, coordinates=coords[a.jugendliche.einrichtung_id], interests=names
        )
        for a in anfragen
    ]
    by_jugendliche = {a.jugendliche_id: a for a in anfragen}
    rejected = {
        (by_jugendliche_id, w_id)
        for by_jugendliche_id, w_id in VorschlagVerworfen.objects.filter(
            anfrage__in=anfragen
        ).values_list("anfrage__jugendliche_id", "wegbegleiter_id")
    }
    weights, max_km = weights_for(region_id)
    pairs = scoring.optimal_assignment(
        mentees,
        [mentor_profile(w) for w in candidates.values()],
        weights=weights,
        default_max_km=max_km,
        forbidden_pairs=frozenset(rejected),
    )
    return [Paar(by_jugendliche[s.mentee_id], candidates[s.mentor_id], s) for s in pairs]
