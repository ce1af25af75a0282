"""Suggestions for one request, the check of one pair, and the optimal proposal for a region.

Profiles come from ``matching.profiles``; ``matching.ranking`` scores every pair at once and
explains only what it chooses, so a page reads a constant number of queries and does array work
instead of one explained score per pair. The volunteers' model objects are loaded only for the
pairs a page shows.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import cast

from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext as _

from einrichtungen.models import Anfrage, Jugendliche
from matching import ranking, scoring
from matching.models import Begleitung, VorschlagVerworfen
from matching.profiles import (
    InterestList,
    candidate_list,
    free_candidates,
    mentee_profile,
    mentee_profiles,
    mentor_profiles,
    weights_for,
)
from wegbegleitung.models import Wegbegleiter
from wegbegleitung.services.geo import coordinates_for


@dataclass(frozen=True)
class Vorschlag:
    """A scored suggestion with the volunteer's record (for pages)."""

    wegbegleiter: Wegbegleiter
    suggestion: scoring.Suggestion


def anfrage_for_suggestions(pk: int) -> Anfrage:
    return Anfrage.objects.select_related(
        "jugendliche__einrichtung__region", "jugendliche__matching_wunsch"
    ).get(pk=pk)


def _mentee(jugendliche: Jugendliche) -> scoring.MenteeProfile:
    einrichtung = jugendliche.einrichtung
    coordinates = coordinates_for(
        country=einrichtung.region.country, postal_code=einrichtung.postleitzahl
    )
    return mentee_profile(jugendliche, coordinates=coordinates, interests=InterestList.load())


def _volunteers(ids: set[int]) -> dict[int, Wegbegleiter]:
    """The shown volunteers' records, in one query."""
    return Wegbegleiter.objects.select_related("user").in_bulk(ids)


def vorschlaege_for(anfrage: Anfrage, *, limit: int = 10) -> list[Vorschlag]:
    """The top ``limit`` volunteers for one request, each with the explained score."""
    jugendliche = anfrage.jugendliche
    region_id = jugendliche.einrichtung.region_id
    mentee = _mentee(jugendliche)
    weights, max_km = weights_for(region_id)
    ranked = ranking.rank(
        mentee,
        mentor_profiles(free_candidates(region_id=region_id)),
        weights=weights,
        default_max_km=max_km,
        limit=limit,
    )
    records = _volunteers({s.mentor_id for s in ranked})
    return [Vorschlag(records[s.mentor_id], s) for s in ranked]


def pair_for(
    jugendliche: Jugendliche, wegbegleiter: Wegbegleiter
) -> tuple[list[str], scoring.Suggestion | None]:
    """Why this pair may not be proposed (capacity aside: the service checks it under a lock),
    and otherwise its explained score."""
    region_id = jugendliche.einrichtung.region_id
    found = mentor_profiles(candidate_list(region_id=region_id).filter(pk=wegbegleiter.pk))
    if not found:
        return [_("not cleared or not available in this region")], None
    mentee = _mentee(jugendliche)
    mentor = dataclasses.replace(found[0], free_capacity=1)
    weights, max_km = weights_for(region_id)
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
    has_match = Begleitung.objects.filter(
        jugendliche=OuterRef("jugendliche"), status__in=Begleitung.OPEN_STATES
    )
    return (
        Anfrage.objects.filter(
            status__in=Anfrage.OPEN_STATES, jugendliche__einrichtung__region_id=region_id
        )
        .exclude(Exists(has_match))
        .select_related("jugendliche__einrichtung__region", "jugendliche__matching_wunsch")
        .order_by("angefragt_am", "id")
    )


PAIRS_PER_PAGE = 100


def regionsvorschlag_for(*, region_id: int) -> list[Paar]:
    """The optimal assignment of all waiting requests of a region (rejected pairs left out)."""
    chosen = _region_assignment(region_id=region_id)
    records = _volunteers({s.mentor_id for _a, s in chosen})
    return [Paar(anfrage, records[s.mentor_id], s) for anfrage, s in chosen]


def regionsvorschlag_page(
    *, region_id: int, number: str | int | None, per_page: int | None = None
) -> Page[Paar]:
    """One page of ``regionsvorschlag_for``: the assignment is always computed (and explained)
    whole, in the same order; only the shown page's volunteers are read and rendered."""
    chosen = _region_assignment(region_id=region_id)
    page = Paginator(chosen, per_page or PAIRS_PER_PAGE).get_page(number)
    records = _volunteers({s.mentor_id for _a, s in page.object_list})
    shown = [Paar(anfrage, records[s.mentor_id], s) for anfrage, s in page.object_list]
    return cast("Page[Paar]", Page(shown, page.number, page.paginator))


def _region_assignment(*, region_id: int) -> list[tuple[Anfrage, scoring.Suggestion]]:
    anfragen = list(waiting_anfragen(region_id=region_id))
    by_jugendliche = {a.jugendliche_id: a for a in anfragen}
    rejected = frozenset(
        VorschlagVerworfen.objects.filter(anfrage__in=anfragen).values_list(
            "anfrage__jugendliche_id", "wegbegleiter_id"
        )
    )
    weights, max_km = weights_for(region_id)
    pairs = ranking.optimal_assignment(
        mentee_profiles([a.jugendliche for a in anfragen]),
        mentor_profiles(free_candidates(region_id=region_id)),
        weights=weights,
        default_max_km=max_km,
        forbidden_pairs=rejected,
    )
    return [(by_jugendliche[s.mentee_id], s) for s in pairs]
