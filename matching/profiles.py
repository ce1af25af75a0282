"""Reads that turn volunteers and young people into profiles for the scoring engine.

- Clearance is decided only by ``schutzkonzept.clearance`` (``only_cleared``): a volunteer who is
  not cleared is never even loaded as a candidate.
- Volunteers are read as plain values in one query (their listed interests as an array per row),
  not as model objects: a region's proposal reads thousands of them, and pages need the model
  object only for the few volunteers they show.
- Young people's profiles come from rows the caller already has (``select_related`` on the
  request); the facilities' coordinates come in one query for all of them.
- Free-text interests and languages of young people are normalised against the coordinators'
  interest list (``Interesse``), so "Fußball spielen" meets the volunteer's "Fußball".
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.contrib.postgres.expressions import ArraySubquery
from django.db import connection
from django.db.models import (
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
)
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from einrichtungen.models import Jugendliche
from matching import scoring
from matching.models import Begleitung, Gewichtung, Wunsch
from matching.programmes import cleared_for, programme_ids, serving_in
from programme import rules
from wegbegleitung.models import Bewerbung, Interesse, Postleitzahl, Programmteilnahme, Wegbegleiter

GENDER_CODES = {"weiblich": "w", "maennlich": "m", "divers": "d"}
_SPLIT = re.compile(r"[,;/\n]+|\s+und\s+|\s+&\s+")
_WORD = re.compile(r"\w+")


# --- weights ----------------------------------------------------------------------------------


def weights_for(
    region_id: int | None, programm_id: int | None = None
) -> tuple[scoring.Weights, float]:
    """The weights of the region and programme, else the region's row without a programme,
    else the default row for the programme, else the default row, else the built-in
    defaults (one query)."""
    return weights_by_programme(region_id, [programm_id])[programm_id]


def weights_by_programme(
    region_id: int | None, programm_ids: Iterable[int | None]
) -> dict[int | None, tuple[scoring.Weights, float]]:
    """``weights_for`` of the region for each of the programmes, in one query."""
    wanted = set(programm_ids)
    named = [p for p in wanted if p is not None]
    rows = {
        (g.region_id, g.programm_id): g
        for g in Gewichtung.objects.filter(
            Q(region_id=region_id) | Q(region=None), Q(programm_id__in=named) | Q(programm=None)
        )
    }
    return {p: _weights_row(rows, region_id, p) for p in wanted}


def _weights_row(
    rows: dict[tuple[int | None, int | None], Gewichtung], region_id: int | None, p: int | None
) -> tuple[scoring.Weights, float]:
    order = [(region_id, p), (region_id, None), (None, p), (None, None)]
    row = next((rows[key] for key in order if key in rows), None)
    if row is None:
        return scoring.Weights(), 25.0
    weights = scoring.Weights(row.distance, row.interests, row.languages, row.availability)
    return weights, float(row.default_max_km)


# --- normalising free texts -------------------------------------------------------------------


def split_terms(text: str) -> set[str]:
    return {part.strip().lower() for part in _SPLIT.split(text or "") if part.strip()}


class InterestList:
    """The coordinators' interest list, longest name first, for ``normalise``."""

    def __init__(self, names: Iterable[str]) -> None:
        self.listed = sorted({n.lower() for n in names}, key=len, reverse=True)
        self._seen: dict[str, frozenset[str]] = {}  # a region's young people repeat their texts

    @classmethod
    def load(cls) -> InterestList:
        return cls(Interesse.objects.values_list("name", flat=True))

    def normalise(self, text: str) -> frozenset[str]:
        """Map free-text interests onto the list where one names a listed interest."""
        if text in self._seen:
            return self._seen[text]
        result = set()
        for term in split_terms(text):
            words = set(_WORD.findall(term))
            match = next((k for k in self.listed if k == term or k in words), None)
            result.add(match or term)
        self._seen[text] = frozenset(result)
        return self._seen[text]


def normalise_interests(text: str, known: Iterable[str]) -> frozenset[str]:
    return InterestList(known).normalise(text)


# --- volunteers -------------------------------------------------------------------------------


def _open_count() -> Any:
    return Coalesce(
        Subquery(
            Begleitung.objects.filter(
                wegbegleiter=OuterRef("pk"), status__in=Begleitung.OPEN_STATES
            )
            .order_by()
            .values("wegbegleiter")
            .annotate(n=Count("pk"))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


def candidate_list(
    *, region_id: int | None, programm_id: int | None = None
) -> QuerySet[Wegbegleiter]:
    """Cleared, available volunteers of a region with their open matches and capacity; not those
    who asked to leave (their ending waits for the farewell of a running match). With
    ``programm_id`` only those serving in that programme (``matching.programmes``)."""
    qs = Wegbegleiter.objects.filter(
        status=Wegbegleiter.Status.VERFUEGBAR, user__is_active=True, exit_requested=""
    )
    qs = qs.filter(region__isnull=True) if region_id is None else qs.filter(region_id=region_id)
    if programm_id is not None:
        qs = qs.filter(serving_in(programm_id))
    return cleared_for(qs, programm_id).annotate(
        open_matches=_open_count(),
        capacity=Coalesce("kapazitaet__max_begleitungen", Value(1)),
    )


def free_candidates(
    *, region_id: int | None, programm_id: int | None = None
) -> QuerySet[Wegbegleiter]:
    """``candidate_list`` without those whose capacity is taken (never suggested anyway)."""
    return candidate_list(region_id=region_id, programm_id=programm_id).filter(
        Q(capacity__gt=F("open_matches"))
    )


_MENTOR_FIELDS = (
    "pk", "is_cleared", "capacity", "open_matches", "bewerbung__pk", "bewerbung__gender",
    "bewerbung__latitude", "bewerbung__longitude", "bewerbung__max_travel_km",
    "bewerbung__mentee_gender", "bewerbung__mentee_age_min", "bewerbung__mentee_age_max",
    "bewerbung__interests_other", "bewerbung__languages", "weekdays_json", "times_json",
    "listed_interests", "programm_ids",
)  # fmt: skip
_ARRAYS = 2  # the last fields: arrays, which only PostgreSQL reads in the same query


def mentor_profiles(candidates: QuerySet[Wegbegleiter]) -> list[scoring.MentorProfile]:
    """Profiles of the rows of ``candidate_list`` (possibly narrowed), in two queries (three
    without PostgreSQL).

    The listed interests come as an array of ids per row (no second query with thousands of
    ids; the few names of the interest list are read apart), the
    lists of weekdays and times as their JSON text: volunteers share few distinct texts, so each
    is parsed once (``_slots``) instead of once per row, and so are the free texts. The
    programmes each volunteer serves in come as an array too. Other databases (SQLite in the
    try-out mode) have no arrays: there the listed interests and the programmes are read in
    queries of their own."""
    on_postgres = connection.vendor == "postgresql"
    fields = _MENTOR_FIELDS if on_postgres else _MENTOR_FIELDS[:-_ARRAYS]
    annotations: dict[str, Any] = {
        "weekdays_json": Cast("bewerbung__weekdays", TextField()),
        "times_json": Cast("bewerbung__times_of_day", TextField()),
    }
    if on_postgres:
        listed = Bewerbung.interests.through.objects.filter(
            bewerbung_id=OuterRef("bewerbung__pk")
        ).values("interesse_id")
        annotations["listed_interests"] = ArraySubquery(listed)
        serving = Programmteilnahme.objects.filter(wegbegleiter_id=OuterRef("pk"))
        annotations["programm_ids"] = ArraySubquery(serving.values("programm_id"))
    rows = [
        dict(zip(fields, r, strict=True))
        for r in candidates.annotate(**annotations).order_by("pk").values_list(*fields)
    ]
    if not on_postgres:
        _add_listed_interests(rows)
        serving_ids = programme_ids(row["pk"] for row in rows)
        for row in rows:
            row["programm_ids"] = serving_ids[row["pk"]]
    names = dict(Interesse.objects.values_list("pk", "name")) if rows else {}
    standard = frozenset({rules.standard_id()}) if rows else frozenset()
    return [_mentor(row, names, row["programm_ids"] or standard) for row in rows]


def _add_listed_interests(rows: list[dict[str, Any]]) -> None:
    listed: dict[int, list[int]] = {}
    bewerbungen = [row["bewerbung__pk"] for row in rows if row["bewerbung__pk"] is not None]
    through = Bewerbung.interests.through.objects.filter(bewerbung_id__in=bewerbungen)
    for bewerbung_id, interesse_id in through.values_list("bewerbung_id", "interesse_id"):
        listed.setdefault(bewerbung_id, []).append(interesse_id)
    for row in rows:
        row["listed_interests"] = listed.get(row["bewerbung__pk"], [])


@functools.lru_cache(maxsize=4096)
def _terms(text: str | None) -> frozenset[str]:
    return frozenset(split_terms(text or ""))


@functools.lru_cache(maxsize=4096)
def _slots(weekdays_json: str | None, times_json: str | None) -> frozenset[str]:
    """As ``Bewerbung.availability_slots``, from the two JSON texts."""
    weekdays = json.loads(weekdays_json) if weekdays_json else None
    times = json.loads(times_json) if times_json else None
    return frozenset(f"{day}-{time}" for day in weekdays or () for time in times or ())


def _mentor(
    row: dict[str, Any], names: dict[int, str], programmes: Iterable[int]
) -> scoring.MentorProfile:
    """``programmes``: those the volunteer serves in (none listed: the default programme)."""
    free = int(row["capacity"]) - int(row["open_matches"])
    serving = frozenset(programmes)
    if row["bewerbung__pk"] is None:
        return scoring.MentorProfile(
            id=row["pk"], cleared=True, free_capacity=free, programmes=serving
        )
    listed = frozenset(names[i].lower() for i in row["listed_interests"] or ())
    return scoring.MentorProfile(
        id=row["pk"],
        cleared=bool(row["is_cleared"]),
        free_capacity=free,
        gender=row["bewerbung__gender"],
        lat=row["bewerbung__latitude"],
        lon=row["bewerbung__longitude"],
        max_travel_km=row["bewerbung__max_travel_km"],
        mentee_gender=row["bewerbung__mentee_gender"],
        mentee_age_min=row["bewerbung__mentee_age_min"],
        mentee_age_max=row["bewerbung__mentee_age_max"],
        interests=listed | _terms(row["bewerbung__interests_other"]),
        languages=_terms(row["bewerbung__languages"]),
        availability=_slots(row["weekdays_json"], row["times_json"]),
        programmes=serving,
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
    interests: InterestList,
    today: date | None = None,
    programm_id: int | None = None,
) -> scoring.MenteeProfile:
    """``programm_id``: the request's programme (only volunteers serving in it fit)."""
    wunsch = _wunsch(jugendliche)
    lat, lon = coordinates if coordinates else (None, None)
    return scoring.MenteeProfile(
        id=jugendliche.pk,
        age=jugendliche.alter(today),
        gender=GENDER_CODES.get(jugendliche.geschlecht, ""),
        lat=lat,
        lon=lon,
        mentor_gender=wunsch.mentor_geschlecht if wunsch else "",
        interests=interests.normalise(jugendliche.interessen),
        languages=_terms(jugendliche.sprachen),
        availability=frozenset(wunsch.zeiten) if wunsch else frozenset(),
        programm=programm_id,
    )


def mentee_profiles(
    people: Sequence[Jugendliche], programm_ids: Sequence[int | None] | None = None
) -> list[scoring.MenteeProfile]:
    """Profiles of young people loaded with their facility's region and ``matching_wunsch``, in
    two queries (the interest list, the facilities' coordinates); ``programm_ids``: their
    requests' programmes, in the same order."""
    coordinates = facility_coordinates({j.einrichtung for j in people})
    interests = InterestList.load()
    today = timezone.localdate()  # once: the time zone's lookup costs more than the age itself
    programmes = programm_ids if programm_ids is not None else [None] * len(people)
    return [
        mentee_profile(
            j,
            coordinates=coordinates[j.einrichtung_id],
            interests=interests,
            today=today,
            programm_id=p,
        )
        for j, p in zip(people, programmes, strict=True)
    ]


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
