"""Reads of the matching app: matches, due dates, the coordinators' overview.

Suggestions and the region proposal live in ``matching.suggestions`` (profiles for the scoring
engine in ``matching.profiles``).

- Due dates (support contacts, reviews, diary silence, agreements waiting) are computed here so
  that reminders (issue 7) and the admin ask the same functions.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db.models import (
    Exists,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
)
from django.utils import timezone

from matching.models import (
    Aussetzung,
    Begleitung,
    Bestaetigung,
    Partei,
    Treffen,
    Vereinbarung,
)
from schutzkonzept.dates import add_months
from schutzkonzept.models import FreigabeVerlust
from wegbegleitung.models import User, Wegbegleiter
from wegbegleitung.permissions import region_ids_for

OPEN = Begleitung.OPEN_STATES
# matches whose support contacts, reviews and diary are due; "ending requested" runs until the
# farewell is closed
RUNNING = ("aktiv", "care_leaver", "ende_angefragt")


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
