"""Reads of matches for the lists people see: the admin list, "Was fällig ist", the staff list,
the mentor's portal, the coordinators' home and the reminders.

- Scoping: a coordinator sees the matches of the young people in their regions
  (``region_ids=None`` is a superuser: every region).
- Dates per match ("last support contact", "last review", "last diary entry") are correlated
  subqueries that read one row through an index (``(begleitung, datum)`` on contacts and diary
  entries). Joining contacts × diary entries and grouping multiplied the rows (millions at
  national scale); a subquery reads one row per match whatever the history.
- Due dates come from the pure rules of ``matching.schedule``: lists read only the few columns
  those rules need, and load whole matches only for the rows that are due. The rhythm is the
  match's programme's, read joined with the match (``programm__<column>``) in the same query.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from matching.models import (
    Aussetzung,
    Begleitung,
    Bestaetigung,
    Partei,
    Treffen,
    Unterstuetzungskontakt,
    Vereinbarung,
)
from matching.schedule import (
    RHYTHMUS_FIELDS,
    RUNNING,
    Faelligkeit,
    Rhythmus,
    diary_silence_cutoff,
    due_within,
    last_sign_of_life,
)
from schutzkonzept.models import FreigabeVerlust
from wegbegleitung.models import User, Wegbegleiter
from wegbegleitung.permissions import region_ids_for

OPEN = Begleitung.OPEN_STATES
REGION = "jugendliche__einrichtung__region"
Regions = Iterable[int] | None


# --- one date per match -------------------------------------------------------------------------


def last_contact(*, reviews_only: bool = False) -> Subquery:
    """The date of the match's latest support contact (or review), for annotations."""
    qs = Unterstuetzungskontakt.objects.filter(begleitung=OuterRef("pk"))
    if reviews_only:
        qs = qs.filter(ist_review=True)
    return Subquery(qs.order_by("-datum").values("datum")[:1])


def last_diary_entry() -> Subquery:
    """The date of the match's latest diary entry, for annotations."""
    entries = Treffen.objects.filter(begleitung=OuterRef("pk")).order_by("-datum")
    return Subquery(entries.values("datum")[:1])


def lapse_open() -> Exists:
    """True while the volunteer's clearance has lapsed and the lapse is not resolved."""
    return Exists(
        FreigabeVerlust.objects.filter(
            wegbegleiter=OuterRef("wegbegleiter"), resolved_on__isnull=True
        )
    )


def suspended() -> Exists:
    """True while the match has an open suspension (for annotations: portal, admin)."""
    return Exists(Aussetzung.objects.filter(begleitung=OuterRef("pk"), aufgehoben_am__isnull=True))


def in_regions(qs: QuerySet[Any], region_ids: Regions, lookup: str = REGION) -> QuerySet[Any]:
    return qs if region_ids is None else qs.filter(**{f"{lookup}__in": list(region_ids)})


# --- the match lists ----------------------------------------------------------------------------


def begleitung_queryset() -> QuerySet[Begleitung]:
    """Matches with what lists show, the clearance-lapse flag and the dates due dates need (the
    programme joined: its rhythm)."""
    return Begleitung.objects.select_related(
        "wegbegleiter__user", "jugendliche__einrichtung__region", "anfrage", "programm"
    ).annotate(
        freigabe_verloren=lapse_open(),
        letzter_kontakt=last_contact(),
        letzter_review=last_contact(reviews_only=True),
        letztes_treffen=last_diary_entry(),
    )


def begleitung_list_for(*, user: User) -> QuerySet[Begleitung]:
    return in_regions(begleitung_queryset(), regions_of(user))


def regions_of(user: User) -> set[int] | None:
    return None if user.is_superuser else region_ids_for(user)


def running(region_ids: Regions = None) -> QuerySet[Begleitung]:
    """Matches whose contacts, reviews and diary are watched (``schedule.RUNNING``)."""
    return in_regions(Begleitung.objects.filter(status__in=RUNNING), region_ids)


def begleitungen_of_mentor(*, user: User, diary: Prefetch[Any] | None = None) -> list[Begleitung]:
    """The volunteer's own matches (open ones first), with what the portal shows; ``diary`` is
    the prefetch of the diary entries to show (``matching.diary`` pages them), none by default."""
    related: list[Any] = [
        "jugendliche__einwilligungen",
        "jugendliche__hilfeplangespraeche",
        "vereinbarung__bestaetigungen",
    ]
    return list(
        Begleitung.objects.filter(wegbegleiter__user=user, status__in=OPEN)
        .annotate(ausgesetzt=suspended())
        .select_related(
            "jugendliche__einrichtung__region", "vereinbarung", "wegbegleiter__user", "programm"
        )
        .prefetch_related(*related, *([diary] if diary is not None else []))
        .order_by("-proposed_at")
    )


def facility_ids_of_staff(user: User) -> list[int]:
    """The staff member's facilities as ids: the permission subquery is estimated at hundreds of
    facilities where there are one or two, so lists filter by the ids read first."""
    from einrichtungen.permissions import einrichtungen_for_staff

    return list(einrichtungen_for_staff(user).values_list("pk", flat=True))


def begleitungen_of_facility(
    *, user: User, einrichtung_ids: list[int] | None = None
) -> QuerySet[Begleitung]:
    """Open matches of the young people of the staff member's facilities (not after move-out);
    ``einrichtung_ids`` when the caller has read ``facility_ids_of_staff`` already."""
    today = timezone.localdate()
    ids = facility_ids_of_staff(user) if einrichtung_ids is None else einrichtung_ids
    return (
        Begleitung.objects.filter(jugendliche__einrichtung__in=ids, status__in=OPEN)
        .exclude(jugendliche__auszug_am__lte=today)
        .select_related("wegbegleiter__user", "jugendliche__einrichtung__region", "vereinbarung")
        .prefetch_related("vereinbarung__bestaetigungen")
        .order_by("jugendliche__vorname", "id")
    )


# --- who is in a match --------------------------------------------------------------------------


def active_wegbegleiter_ids(*, day: date | None = None) -> set[int]:
    """Volunteers in a running match (active, care-leaver phase or paused: supervision goes on
    while a match pauses), for ``supervision_due_list(in_active_match=...)``; with ``day``, only
    matches that had started by then."""
    qs = Begleitung.objects.filter(status__in=Begleitung.RUNNING_STATES)
    if day is not None:
        qs = qs.filter(started_on__lte=day)
    return set(qs.order_by().values_list("wegbegleiter_id", flat=True))


def running_match_programme_ids(*, day: date, wegbegleiter: Any) -> QuerySet[Any]:
    """The programmes of the running matches, started by ``day``, of the volunteer
    ``wegbegleiter`` (an outer reference), as a subquery: a volunteer's supervision follows the
    shortest interval among them."""
    rows = Begleitung.objects.filter(
        wegbegleiter=wegbegleiter, status__in=Begleitung.RUNNING_STATES, started_on__lte=day
    )
    return rows.order_by().values("programm_id")


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
    return set(matched_jugendliche(von=von, bis=bis))


def matched_jugendliche(*, von: date | None = None, bis: date | None = None) -> QuerySet[Any]:
    """``matched_jugendliche_ids`` as a query of the ids, for a subquery (``kpi_help_plan``):
    the database asks it itself instead of receiving thousands of ids."""
    qs = Begleitung.objects.filter(started_on__isnull=False)
    if bis is not None:
        qs = qs.filter(started_on__lte=bis)
    if von is not None:
        qs = qs.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=von))
    return qs.order_by().values_list("jugendliche_id", flat=True)


def supervision_due_for_matches(
    today: date | None = None, *, region_ids: Regions = None
) -> QuerySet[Wegbegleiter]:
    """Volunteers in a running match whose supervision is due; with ``region_ids`` only those of
    these regions (the volunteer's region), read from the start so the database never weighs the
    supervision history of the other regions."""
    from wegbegleitung.selectors import supervision_due_list

    active = in_regions(
        Begleitung.objects.filter(status__in=Begleitung.RUNNING_STATES),
        region_ids,
        "wegbegleiter__region",
    )
    ids = active.order_by().values("wegbegleiter_id")  # a subquery: no ids as literals
    return in_regions(supervision_due_list(in_active_match=ids, today=today), region_ids, "region")


# --- due lists ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dates:
    """The columns the due-date rules read, without a whole match behind them."""

    pk: int
    status: str
    programm_id: int
    started_on: date | None
    care_leaver_since: date | None
    letzter_kontakt: date | None
    letzter_review: date | None
    letztes_treffen: date | None  # None as well when not read (``running_dates(diary=False)``)
    rhythmus: Rhythmus  # the programme's


_PROGRAMM_COLUMNS = [f"programm__{name}" for name in RHYTHMUS_FIELDS]


def running_dates(region_ids: Regions = None, *, diary: bool = False) -> list[Dates]:
    """The dates of every running match of the regions, in one query with the programme's
    rhythm joined: the last support contact and review, with ``diary`` the last diary entry.
    The due contacts (``support_due``) and the silent diaries (``diary_silent_among``) are
    worked out from the same rows, so a page that shows both reads them once."""
    dates = {"letzter_kontakt": last_contact(), "letzter_review": last_contact(reviews_only=True)}
    if diary:
        dates["letztes_treffen"] = last_diary_entry()
    computed = ("rhythmus", "letzter_kontakt", "letzter_review", "letztes_treffen")
    columns = [f.name for f in dataclasses.fields(Dates) if f.name not in computed]
    rows = running(region_ids).annotate(**dates).values(*columns, *dates, *_PROGRAMM_COLUMNS)
    return [
        Dates(
            **{k: row.get(k) for k in (*columns, *computed[1:])},
            rhythmus=Rhythmus.from_values(row),
        )
        for row in rows
    ]


def support_due(
    *,
    today: date | None = None,
    within_days: int | None = None,
    region_ids: Regions = None,
    dates: list[Dates] | None = None,
) -> list[Faelligkeit]:
    """Running matches whose support contact or review is due within ``within_days`` (default
    WB_SUPPORT_DUE_SOON_DAYS) or overdue by their programme's rhythm, most urgent first;
    ``begleitung`` is only the dates (one query with the programme joined, for counts and
    filters; none with ``dates`` read already by ``running_dates``)."""
    day = today or timezone.localdate()
    soon = settings.WB_SUPPORT_DUE_SOON_DAYS if within_days is None else within_days
    rows = running_dates(region_ids) if dates is None else dates
    return due_within(rows, today=day, horizon=day + timedelta(days=soon))


def diary_silent_among(
    dates: list[Dates], *, today: date | None = None, weeks: int | None = None
) -> list[Dates]:
    """``diary_silent`` over dates read by ``running_dates(diary=True)``, the longest silent
    first (``schedule.last_sign_of_life``: the last entry, else the start)."""
    cutoff = diary_silence_cutoff(today or timezone.localdate(), weeks)
    silent = [d for d in dates if d.started_on is not None or d.letztes_treffen is not None]
    silent = [d for d in silent if last_sign_of_life(d) <= cutoff]
    return sorted(silent, key=lambda d: (last_sign_of_life(d), d.pk))


def support_due_list(
    *,
    today: date | None = None,
    within_days: int | None = None,
    region_ids: Regions = None,
    due: list[Faelligkeit] | None = None,
) -> list[Faelligkeit]:
    """``support_due`` with the whole matches (``begleitung_queryset``): two queries; ``due``:
    the rows of ``support_due`` read already (say, the most urgent of them), one query."""
    if due is None:
        due = support_due(today=today, within_days=within_days, region_ids=region_ids)
    matches = {m.pk: m for m in whole_matches([f.begleitung for f in due])}
    return [dataclasses.replace(f, begleitung=matches[f.begleitung.pk]) for f in due]


def diary_silent(
    qs: QuerySet[Begleitung], *, today: date | None = None, weeks: int | None = None
) -> QuerySet[Begleitung]:
    """The running matches of ``qs`` without a diary entry for ``weeks`` (default
    WB_DIARY_SILENCE_WEEKS), counted from the last entry or, before the first one, from the
    start (``schedule.last_sign_of_life`` as SQL, so lists and counts filter in the database)."""
    cutoff = diary_silence_cutoff(today or timezone.localdate(), weeks)
    annotated = "letztes_treffen" in qs.query.annotations
    last = F("letztes_treffen") if annotated else last_diary_entry()
    return (
        qs.filter(status__in=RUNNING)
        .alias(_sign_of_life=Coalesce(last, "started_on"))
        .filter(_sign_of_life__lte=cutoff)
    )


def whole_matches(rows: list[Dates]) -> list[Begleitung]:
    """The matches behind dates (``begleitung_queryset``), in the same order: one query."""
    found = begleitung_queryset().in_bulk([d.pk for d in rows])
    return [found[d.pk] for d in rows if d.pk in found]


def diary_silent_list(
    *, today: date | None = None, weeks: int | None = None, region_ids: Regions = None
) -> list[Begleitung]:
    """Silent diaries as whole matches (``begleitung_queryset``)."""
    return list(diary_silent_queryset(today=today, weeks=weeks, region_ids=region_ids))


def diary_silent_queryset(
    *, today: date | None = None, weeks: int | None = None, region_ids: Regions = None
) -> QuerySet[Begleitung]:
    """Silent diaries as whole matches, the longest silent first."""
    qs = diary_silent(in_regions(begleitung_queryset(), region_ids), today=today, weeks=weeks)
    return qs.order_by(Coalesce("letztes_treffen", "started_on").asc(nulls_first=True), "pk")


def missing_parties(vereinbarung: Vereinbarung) -> list[str]:
    """Parties that have not confirmed yet (uses prefetched confirmations)."""
    done = {b.partei for b in vereinbarung.bestaetigungen.all()}
    return [p for p in Partei.values if p not in done]


def vereinbarung_waiting(*, region_ids: Regions = None) -> QuerySet[Vereinbarung]:
    """Agreements of matches in the agreement step that not every party has confirmed yet
    (``missing_parties`` as SQL: fewer confirmations than parties), for counts and filters."""
    confirmed = (
        Bestaetigung.objects.filter(vereinbarung=OuterRef("pk"))
        .order_by()
        .values("vereinbarung")
        .annotate(n=Count("partei", distinct=True))
        .values("n")
    )
    qs = Vereinbarung.objects.filter(begleitung__status=Begleitung.Status.VEREINBARUNG).alias(
        confirmed=Coalesce(Subquery(confirmed), 0)
    )
    return in_regions(
        qs.filter(confirmed__lt=len(Partei.values)), region_ids, f"begleitung__{REGION}"
    )


def vereinbarung_waiting_list(
    *, region_ids: Regions = None
) -> list[tuple[Vereinbarung, list[str]]]:
    """Agreements of matches in the agreement step still waiting for confirmations."""
    qs = (
        Vereinbarung.objects.filter(begleitung__status=Begleitung.Status.VEREINBARUNG)
        .select_related("begleitung__wegbegleiter__user", "begleitung__jugendliche__einrichtung")
        .prefetch_related(Prefetch("bestaetigungen", queryset=Bestaetigung.objects.all()))
    )
    qs = in_regions(qs, region_ids, f"begleitung__{REGION}")
    return [(v, m) for v in qs if (m := missing_parties(v))]


# --- suspension for a concern -------------------------------------------------------------------


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
    qs = in_regions(qs, regions_of(user))
    linked = qs.filter(treffen__meldung=meldung).distinct()
    if linked.exists():
        return list(linked)
    if meldung.einrichtung_id is not None:
        qs = qs.filter(jugendliche__einrichtung=meldung.einrichtung_id)
    elif meldung.region_id is not None:
        qs = qs.filter(jugendliche__einrichtung__region=meldung.region_id)
    return list(qs[:200])
