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
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db.models import (
    Count,
    Exists,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from einrichtungen.models import Anfrage, Jugendliche
from matching import scoring
from matching.models import (
    Aussetzung,
    Begleitung,
    Bestaetigung,
    Gewichtung,
    Partei,
    Treffen,
    Vereinbarung,
    VorschlagVerworfen,
    Wunsch,
)
from schutzkonzept.clearance import only_cleared
from schutzkonzept.dates import add_months
from schutzkonzept.models import FreigabeVerlust
from wegbegleitung.models import Interesse, Postleitzahl, User, Wegbegleiter
from wegbegleitung.permissions import region_ids_for
from wegbegleitung.services.geo import coordinates_for

OPEN = Begleitung.OPEN_STATES
# matches whose support contacts, reviews and diary are due; "ending requested" runs until the
# farewell is closed
RUNNING = ("aktiv", "care_leaver", "ende_angefragt")
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


# --- matches ----------------------------------------------------------------------------------


def _lapse_open() -> Exists:
    return Exists(
        FreigabeVerlust.objects.filter(
            wegbegleiter=OuterRef("wegbegleiter"), resolved_on__isnull=True
        )
    )


def begleitung_queryset() -> QuerySet[Begleitung]:
    """Matches with what lists show, the clearance-lapse flag and the dates due dates need."""
    return Begleitung.objects.select_related(
        "wegbegleiter__user", "jugendliche__einrichtung__region", "anfrage"
    ).annotate(
        freigabe_verloren=_lapse_open(),
        letzter_kontakt=Max("kontakte__datum"),
        letzter_review=Max("kontakte__datum", filter=Q(kontakte__ist_review=True)),
        letztes_treffen=Max("treffen__datum"),
    )


def begleitung_list_for(*, user: User) -> QuerySet[Begleitung]:
    qs = begleitung_queryset()
    if not user.is_superuser:
        qs = qs.filter(jugendliche__einrichtung__region__in=region_ids_for(user))
    return qs


def begleitungen_of_mentor(*, user: User) -> list[Begleitung]:
    """The volunteer's own matches (open ones first), with what the portal shows."""
    return list(
        Begleitung.objects.filter(wegbegleiter__user=user, status__in=OPEN)
        .annotate(ausgesetzt=suspended())
        .select_related("jugendliche__einrichtung__region", "vereinbarung", "wegbegleiter__user")
        .prefetch_related(
            "jugendliche__einwilligungen",
            "jugendliche__hilfeplangespraeche",
            "vereinbarung__bestaetigungen",
            Prefetch("treffen", queryset=Treffen.objects.order_by("-datum", "-id")),
        )
        .order_by("-proposed_at")
    )


def begleitungen_of_facility(*, user: User) -> QuerySet[Begleitung]:
    """Open matches of the young people of the staff member's facilities (not after move-out)."""
    from einrichtungen.permissions import einrichtungen_for_staff

    today = timezone.localdate()
    return (
        Begleitung.objects.filter(
            jugendliche__einrichtung__in=einrichtungen_for_staff(user).values("pk"),
            status__in=OPEN,
        )
        .exclude(jugendliche__auszug_am__lte=today)
        .select_related("wegbegleiter__user", "jugendliche__einrichtung__region", "vereinbarung")
        .prefetch_related("vereinbarung__bestaetigungen")
        .order_by("jugendliche__vorname", "id")
    )


def active_wegbegleiter_ids(*, day: date | None = None) -> set[int]:
    """Volunteers in a running match (active, care-leaver phase or paused: supervision goes on
    while a match pauses), for ``supervision_due_list(in_active_match=...)``; with ``day``, only
    matches that had started by then."""
    qs = Begleitung.objects.filter(status__in=Begleitung.RUNNING_STATES)
    if day is not None:
        qs = qs.filter(started_on__lte=day)
    return set(qs.values_list("wegbegleiter_id", flat=True))


def mentors_of(jugendliche_ids: Iterable[int], *, day: date) -> dict[int, int]:
    """Young person -> volunteer of their running match that had started by ``day``."""
    return dict(
        Begleitung.objects.filter(
            jugendliche_id__in=list(jugendliche_ids),
            status__in=Begleitung.RUNNING_STATES,
            started_on__lte=day,
        ).values_list("jugendliche_id", "wegbegleiter_id")
    )


def matched_jugendliche_ids(*, von: date | None = None, bis: date | None = None) -> set[int]:
    """Young people who had a running match in the period (for ``kpi_mentor_present``)."""
    qs = Begleitung.objects.filter(started_on__isnull=False)
    if bis is not None:
        qs = qs.filter(started_on__lte=bis)
    if von is not None:
        qs = qs.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=von))
    return set(qs.values_list("jugendliche_id", flat=True))


def supervision_due_for_matches(today: date | None = None) -> QuerySet[Wegbegleiter]:
    from wegbegleitung.selectors import supervision_due_list

    return supervision_due_list(in_active_match=active_wegbegleiter_ids(), today=today)


# --- due dates --------------------------------------------------------------------------------


def next_contact_due(*, started_on: date, last_contact: date | None, care_leaver: bool) -> date:
    """When the next support contact is due (DOMAIN.md: EEP twice in the first month, then
    monthly; quarterly after a year; the care-leaver rhythm is its own setting)."""
    base = last_contact or started_on
    if care_leaver:
        days = settings.WB_SUPPORT_CARE_LEAVER_DAYS
    elif base < add_months(started_on, 1):
        days = 30 // max(1, settings.WB_SUPPORT_FIRST_MONTH_CONTACTS)
    elif base < add_months(started_on, 12):
        days = settings.WB_SUPPORT_YEAR_ONE_DAYS
    else:
        days = settings.WB_SUPPORT_LATER_DAYS
    return base + timedelta(days=days)


def next_review_due(*, started_on: date, last_review: date | None) -> date:
    if last_review is None:
        return add_months(started_on, settings.WB_REVIEW_FIRST_MONTHS)
    return add_months(last_review, settings.WB_REVIEW_INTERVAL_MONTHS)


@dataclass(frozen=True)
class Faelligkeit:
    begleitung: Begleitung
    kontakt_due: date
    review_due: date
    today: date

    @property
    def kontakt_overdue(self) -> bool:
        return self.kontakt_due < self.today

    @property
    def review_overdue(self) -> bool:
        return self.review_due < self.today

    @property
    def kontakt_due_soon(self) -> bool:
        return self.kontakt_due <= self.today + timedelta(days=settings.WB_SUPPORT_DUE_SOON_DAYS)


def faelligkeit(begleitung: Any, today: date | None = None) -> Faelligkeit | None:
    """Due dates of a running match from ``begleitung_queryset`` annotations (no query)."""
    if begleitung.status not in RUNNING or begleitung.started_on is None:
        return None
    day = today or timezone.localdate()
    return Faelligkeit(
        begleitung,
        next_contact_due(
            started_on=begleitung.started_on,
            last_contact=begleitung.letzter_kontakt,
            care_leaver=begleitung.in_care_leaver_phase,
        ),
        next_review_due(started_on=begleitung.started_on, last_review=begleitung.letzter_review),
        day,
    )


def _in_regions(qs: QuerySet[Any], region_ids: Iterable[int] | None, lookup: str) -> QuerySet[Any]:
    return qs if region_ids is None else qs.filter(**{f"{lookup}__in": list(region_ids)})


def support_due_list(
    *,
    today: date | None = None,
    within_days: int | None = None,
    region_ids: Iterable[int] | None = None,
) -> list[Faelligkeit]:
    """Running matches whose support contact or review is due within ``within_days`` (default
    WB_SUPPORT_DUE_SOON_DAYS) or overdue, most urgent first: for reminders and the admin."""
    day = today or timezone.localdate()
    horizon = day + timedelta(
        days=settings.WB_SUPPORT_DUE_SOON_DAYS if within_days is None else within_days
    )
    qs = _in_regions(begleitung_queryset(), region_ids, "jugendliche__einrichtung__region")
    rows = [faelligkeit(b, day) for b in qs.filter(status__in=RUNNING)]
    due = [f for f in rows if f and (f.kontakt_due <= horizon or f.review_due <= horizon)]
    return sorted(due, key=lambda f: (min(f.kontakt_due, f.review_due), f.begleitung.pk))


def diary_silent_list(
    *,
    today: date | None = None,
    weeks: int | None = None,
    region_ids: Iterable[int] | None = None,
) -> list[Begleitung]:
    """Running matches without a diary entry for ``weeks`` (default WB_DIARY_SILENCE_WEEKS),
    counted from the last meeting or, before the first one, from the start."""
    day = today or timezone.localdate()
    cutoff = day - timedelta(weeks=weeks or settings.WB_DIARY_SILENCE_WEEKS)
    qs = _in_regions(begleitung_queryset(), region_ids, "jugendliche__einrichtung__region")
    return [b for b in qs.filter(status__in=RUNNING) if last_sign_of_life(b) <= cutoff]


def last_sign_of_life(begleitung: Any) -> date:
    """The last diary entry of a ``begleitung_queryset`` row, else its start."""
    last: date | None = begleitung.letztes_treffen or begleitung.started_on
    return last or timezone.localdate()


def missing_parties(vereinbarung: Vereinbarung) -> list[str]:
    """Parties that have not confirmed yet (uses prefetched confirmations)."""
    done = {b.partei for b in vereinbarung.bestaetigungen.all()}
    return [p for p in Partei.values if p not in done]


def vereinbarung_waiting_list(
    *, region_ids: Iterable[int] | None = None
) -> list[tuple[Vereinbarung, list[str]]]:
    """Agreements of matches in the agreement step still waiting for confirmations."""
    qs = (
        Vereinbarung.objects.filter(begleitung__status=Begleitung.Status.VEREINBARUNG)
        .select_related("begleitung__wegbegleiter__user", "begleitung__jugendliche__einrichtung")
        .prefetch_related(Prefetch("bestaetigungen", queryset=Bestaetigung.objects.all()))
    )
    qs = _in_regions(qs, region_ids, "begleitung__jugendliche__einrichtung__region")
    return [(v, m) for v in qs if (m := missing_parties(v))]


# --- the coordinators' overview ---------------------------------------------------------------


@dataclass(frozen=True)
class Uebersicht:
    aktiv: int
    ende_angefragt: list[Begleitung]
    faellig: list[Faelligkeit]
    ohne_tagebuch: list[Begleitung]
    vereinbarungen: list[tuple[Vereinbarung, list[str]]]
    supervision: list[Wegbegleiter]
    hpg_erwogen: Any
    hpg_anwesend: Any


def uebersicht_for(*, user: User, today: date | None = None) -> Uebersicht:
    """What is due in the user's regions, and the help-plan KPIs of the last 12 months."""
    from einrichtungen import selectors as einrichtungen_selectors

    day = today or timezone.localdate()
    regions = None if user.is_superuser else region_ids_for(user)
    running = _in_regions(
        Begleitung.objects.filter(status__in=Begleitung.RUNNING_STATES),
        regions,
        "jugendliche__einrichtung__region",
    )
    von = add_months(day, -12)
    conferences = einrichtungen_selectors.hilfeplangespraeche_for_kpi(user=user, von=von, bis=day)
    supervision = _in_regions(supervision_due_for_matches(day), regions, "region")
    ending = running.filter(status=Begleitung.Status.ENDE_ANGEFRAGT)
    return Uebersicht(
        aktiv=running.count(),
        ende_angefragt=list(
            ending.select_related("wegbegleiter__user", "jugendliche").order_by("status_since")
        ),
        faellig=support_due_list(today=day, region_ids=regions),
        ohne_tagebuch=diary_silent_list(today=day, region_ids=regions),
        vereinbarungen=vereinbarung_waiting_list(region_ids=regions),
        supervision=list(supervision),
        hpg_erwogen=einrichtungen_selectors.kpi_mentoring_considered(conferences),
        hpg_anwesend=einrichtungen_selectors.kpi_mentor_present(
            conferences, matched_jugendliche_ids=matched_jugendliche_ids(von=von, bis=day)
        ),
    )


# --- suspension for a concern -----------------------------------------------------------------


def suspended() -> Exists:
    """True while the match has an open suspension (for annotations: portal, admin)."""
    return Exists(Aussetzung.objects.filter(begleitung=OuterRef("pk"), aufgehoben_am__isnull=True))


def suspension_candidates(*, meldung: Any, user: User) -> list[Begleitung]:
    """The open, not yet suspended matches a lead may suspend for this concern: the match whose
    diary filed it, else those of the concern's facility, else of its region, else of the
    lead's regions; always within the lead's regions."""
    qs = (
        Begleitung.objects.filter(status__in=OPEN)
        .exclude(suspended())
        .select_related("wegbegleiter__user", "jugendliche")
        .order_by("jugendliche__vorname", "id")
    )
    if not user.is_superuser:
        qs = qs.filter(jugendliche__einrichtung__region__in=region_ids_for(user))
    linked = qs.filter(treffen__meldung=meldung).distinct()
    if linked.exists():
        return list(linked)
    if meldung.einrichtung_id is not None:
        qs = qs.filter(jugendliche__einrichtung=meldung.einrichtung_id)
    elif meldung.region_id is not None:
        qs = qs.filter(jugendliche__einrichtung__region=meldung.region_id)
    return list(qs[:200])
