"""Suggestions for one request, the check of one pair, and the optimal proposal for a region.

Profiles come from ``matching.profiles``; ``matching.ranking`` scores every pair at once and
explains only what it chooses, so a page reads a constant number of queries and does array work
instead of one explained score per pair. The volunteers' model objects are loaded only for the
pairs a page shows.

Programmes (``matching.programmes``): only volunteers serving in the request's programme are
candidates, the programme's age limits exclude a request outright (``hindernis``), and every
request is scored with its programme's weights. The region proposal is one assignment over all
programmes, each request scored with its programme's weights and filtered by its programme, so
a volunteer's capacity is shared and no one is proposed into a programme they do not serve in.
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
    weights_by_programme,
    weights_for,
)
from matching.programmes import age_reason, serves
from programme import rules
from programme.models import Programm
from wegbegleitung.models import Wegbegleiter
from wegbegleitung.services.geo import coordinates_for


@dataclass(frozen=True)
class Vorschlag:
    """A scored suggestion with the volunteer's record (for pages)."""

    wegbegleiter: Wegbegleiter
    suggestion: scoring.Suggestion


def anfrage_for_suggestions(pk: int) -> Anfrage:
    return Anfrage.objects.select_related(
        "jugendliche__einrichtung__region", "jugendliche__matching_wunsch", "programm"
    ).get(pk=pk)


def _mentee(jugendliche: Jugendliche, programm_id: int | None) -> scoring.MenteeProfile:
    einrichtung = jugendliche.einrichtung
    coordinates = coordinates_for(
        country=einrichtung.region.country, postal_code=einrichtung.postleitzahl
    )
    return mentee_profile(
        jugendliche,
        coordinates=coordinates,
        interests=InterestList.load(),
        programm_id=programm_id,
    )


def _volunteers(ids: set[int]) -> dict[int, Wegbegleiter]:
    """The shown volunteers' records, in one query."""
    return Wegbegleiter.objects.select_related("user").in_bulk(ids)


def hindernis(anfrage: Anfrage) -> str | None:
    """Why the request gets no suggestion at all (its programme's age limits), else None."""
    return age_reason(anfrage.programm, anfrage.jugendliche.alter())


def vorschlaege_for(anfrage: Anfrage, *, limit: int = 10) -> list[Vorschlag]:
    """The top ``limit`` volunteers serving in the request's programme, each with the explained
    score by the programme's weights; none outside the programme's age limits (``hindernis``)."""
    if hindernis(anfrage) is not None:
        return []
    jugendliche = anfrage.jugendliche
    region_id = jugendliche.einrichtung.region_id
    mentee = _mentee(jugendliche, anfrage.programm_id)
    weights, max_km = weights_for(region_id, anfrage.programm_id)
    ranked = ranking.rank(
        mentee,
        mentor_profiles(free_candidates(region_id=region_id, programm_id=anfrage.programm_id)),
        weights=weights,
        default_max_km=max_km,
        limit=limit,
    )
    records = _volunteers({s.mentor_id for s in ranked})
    return [Vorschlag(records[s.mentor_id], s) for s in ranked]


def pair_for(
    jugendliche: Jugendliche, wegbegleiter: Wegbegleiter, programm: Programm | None = None
) -> tuple[list[str], scoring.Suggestion | None]:
    """Why this pair may not be proposed in the programme (capacity aside: the service checks it
    under a lock; no programme: the default one), and otherwise its explained score."""
    programm = programm or rules.standard()
    region_id = jugendliche.einrichtung.region_id
    if (reason := age_reason(programm, jugendliche.alter())) is not None:
        return [reason], None
    if not serves(wegbegleiter, programm):
        return [
            _("does not serve in the programme “%(programme)s”") % {"programme": programm.name}
        ], None
    found = mentor_profiles(
        candidate_list(region_id=region_id, programm_id=programm.pk).filter(pk=wegbegleiter.pk)
    )
    if not found:
        return [_("not cleared or not available in this region")], None
    mentee = _mentee(jugendliche, programm.pk)
    mentor = dataclasses.replace(found[0], free_capacity=1)
    weights, max_km = weights_for(region_id, programm.pk)
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
        .select_related(
            "jugendliche__einrichtung__region", "jugendliche__matching_wunsch", "programm"
        )
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
    # requests outside their programme's age limits get no pair (``hindernis``)
    anfragen = [a for a in waiting_anfragen(region_id=region_id) if hindernis(a) is None]
    by_jugendliche = {a.jugendliche_id: a for a in anfragen}
    rejected = frozenset(
        VorschlagVerworfen.objects.filter(anfrage__in=anfragen).values_list(
            "anfrage__jugendliche_id", "wegbegleiter_id"
        )
    )
    table = weights_by_programme(region_id, [None, *(a.programm_id for a in anfragen)])
    weights, max_km = table.pop(None)
    per_programme = {p: w for p, w in table.items() if p is not None}
    pairs = ranking.optimal_assignment(
        mentee_profiles([a.jugendliche for a in anfragen], [a.programm_id for a in anfragen]),
        mentor_profiles(free_candidates(region_id=region_id)),
        weights=weights,
        default_max_km=max_km,
        forbidden_pairs=rejected,
        per_programme=per_programme,
    )
    return [(by_jugendliche[s.mentee_id], s) for s in pairs]
