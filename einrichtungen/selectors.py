"""Every read of young people and their records that a user sees, scoped in one place.

- staff see the young people of their own facilities, coordinators those of their regions;
  anything else is "not found" (never "forbidden": a guessed id reveals nothing);
- after the move-out the facility reads the record as it was on the move-out day, nothing
  written later (the decisions, incl. the move-out day itself, are in ``fassungen``);
- a mentor sees of the mentee only what the consents in force allow (MentorSicht below), and
  of a help-plan conference only date, invitation and what staff shared (HpgMentorSicht);
- the help-plan KPIs (DOMAIN.md "Measurement") take the conferences and, for the second one,
  the ids of matched young people, which the matching app provides.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from einrichtungen import einwilligungen as consent
from einrichtungen import fassungen
from einrichtungen.familien import scopes_lookup
from einrichtungen.models import Anfrage, Einrichtung, Einwilligung, Hilfeplangespraech, Jugendliche
from einrichtungen.permissions import (
    einrichtungen_for_staff,
    is_coordinator_of,
    jugendliche_visible_q,
)
from wegbegleitung.models import User

AnyUser = User | AnonymousUser


def _visible(user: AnyUser) -> QuerySet[Jugendliche]:
    q = jugendliche_visible_q(user)
    if q is None:
        return Jugendliche.objects.none()
    return Jugendliche.objects.filter(q)


def jugendliche_list_for(
    *, user: AnyUser, einrichtung: Einrichtung | None = None
) -> QuerySet[Jugendliche]:
    qs = (
        _visible(user)
        .select_related("einrichtung__region")
        .prefetch_related(
            "einwilligungen",
            Prefetch(
                "anfragen",
                queryset=Anfrage.objects.filter(status__in=Anfrage.OPEN_STATES),
                to_attr="offene_anfragen",
            ),
        )
    )
    if einrichtung is not None:
        qs = qs.filter(einrichtung=einrichtung)
    return qs.order_by("einrichtung__name", "vorname", "id")


def jugendliche_get_for(*, user: AnyUser, pk: int) -> Jugendliche:
    """The record; for the facility after the move-out as it was on the move-out day."""
    found = _visible(user).select_related("einrichtung__region").filter(pk=pk).first()
    if found is None:
        raise Http404
    cutoff = _written_before_cutoff(user, found)
    return fassungen.as_on(found, cutoff) if cutoff is not None else found


def jugendliche_as_seen_by(*, user: AnyUser, jugendliche: list[Jugendliche]) -> list[Jugendliche]:
    """A list of young people as ``user`` may read them: for the facility, those who moved out
    as they were on the move-out day (a name changed later is not the facility's to know)."""
    cutoffs = {
        person.pk: cutoff
        for person in jugendliche
        if (cutoff := _written_before_cutoff(user, person)) is not None
    }
    return fassungen.many_as_on(jugendliche, cutoffs)


def _written_before_cutoff(user: AnyUser, jugendliche: Jugendliche) -> date | None:
    """For staff after the move-out: the last day whose records they may still read."""
    if is_coordinator_of(user, jugendliche.einrichtung.region_id):
        return None
    return jugendliche.auszug_am if jugendliche.has_left() else None


def einwilligung_list_for(*, user: AnyUser, jugendliche: Jugendliche) -> list[Einwilligung]:
    qs = jugendliche.einwilligungen.order_by("bereich", "-erteilt_am", "id")
    cutoff = _written_before_cutoff(user, jugendliche)
    if cutoff is None:
        return list(qs)
    consents = list(qs.filter(created_at__date__lte=cutoff))
    for e in consents:  # a revocation after the move-out day is not the facility's to know
        if e.widerrufen_am is not None and timezone.localdate(e.widerrufen_am) > cutoff:
            e.widerrufen_am = None
    return consents


def anfrage_list_for_jugendliche(*, user: AnyUser, jugendliche: Jugendliche) -> list[Anfrage]:
    qs = jugendliche.anfragen.select_related("programm").order_by("-angefragt_am")
    cutoff = _written_before_cutoff(user, jugendliche)
    if cutoff is not None:
        qs = qs.filter(angefragt_am__date__lte=cutoff)
    return list(qs)


def einwilligung_get_for(*, user: AnyUser, pk: int) -> Einwilligung:
    found = (
        Einwilligung.objects.filter(jugendliche__in=_visible(user))
        .select_related("jugendliche__einrichtung__region")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


def hilfeplangespraech_list_for(
    *, user: AnyUser, jugendliche: Jugendliche
) -> list[Hilfeplangespraech]:
    qs = jugendliche.hilfeplangespraeche.order_by("-datum", "-id")
    cutoff = _written_before_cutoff(user, jugendliche)
    if cutoff is None:
        return list(qs)
    return fassungen.conferences_as_on(list(qs.filter(created_at__date__lte=cutoff)), cutoff)


def hilfeplangespraech_get_for(*, user: AnyUser, pk: int) -> Hilfeplangespraech:
    found = (
        Hilfeplangespraech.objects.filter(jugendliche__in=_visible(user))
        .select_related("jugendliche__einrichtung__region")
        .filter(pk=pk)
        .first()
    )
    cutoff = _written_before_cutoff(user, found.jugendliche) if found else None
    if found is None or (cutoff is not None and timezone.localdate(found.created_at) > cutoff):
        raise Http404
    return fassungen.conferences_as_on([found], cutoff)[0] if cutoff is not None else found


def anfrage_list_for(*, user: AnyUser, nur_offene: bool = False) -> QuerySet[Anfrage]:
    qs = Anfrage.objects.filter(jugendliche__in=_visible(user)).select_related(
        "jugendliche__einrichtung__region"
    )
    if nur_offene:
        qs = qs.filter(status__in=Anfrage.OPEN_STATES)
    return qs.order_by("angefragt_am", "id")


def einrichtung_staff_list(*, einrichtung: Einrichtung) -> QuerySet[User]:
    return einrichtung.staff_group.user_set.filter(is_active=True).order_by(
        "last_name", "first_name", "email"
    )


def einrichtungen_staff_list_for(*, user: AnyUser) -> QuerySet[Einrichtung]:
    return einrichtungen_for_staff(user).select_related("region", "traeger").order_by("name")


# --- what a mentor sees -----------------------------------------------------------------------


@dataclass(frozen=True)
class MentorSicht:
    """The mentee as the mentor sees them; ``None`` fields were not shared."""

    vorname: str
    alter: int
    interessen: str
    sprachen: str | None
    wuensche: str | None


@dataclass(frozen=True)
class HpgMentorSicht:
    """A help-plan conference as the mentor sees it: date, invitation, what was shared."""

    datum: date
    eingeladen: bool
    geteilt: bool
    ziele: str | None = None
    zusammenfassung: str | None = None
    naechste_ueberpruefung: date | None = None
    art: str = ""  # help-plan conference, or a family's referral and review conversation


def jugendliche_for_mentor(
    jugendliche: Jugendliche, *, on: date | None = None
) -> MentorSicht | None:
    """Nothing without participation consent; languages and wishes only with data sharing."""
    day = on or timezone.localdate()
    consents = list(jugendliche.einwilligungen.all())
    if not consent.scope_granted(jugendliche, consents, Einwilligung.Bereich.TEILNAHME, day):
        return None
    shares = consent.scope_granted(jugendliche, consents, Einwilligung.Bereich.DATENWEITERGABE, day)
    return MentorSicht(
        vorname=jugendliche.anzeigename,  # a family as "Familie …"
        alter=jugendliche.alter(day),
        interessen=jugendliche.interessen,
        sprachen=jugendliche.sprachen if shares else None,
        wuensche=jugendliche.wuensche if shares else None,
    )


def hilfeplangespraeche_for_mentor(
    jugendliche: Jugendliche, *, on: date | None = None
) -> list[HpgMentorSicht]:
    """The conferences the mentor may see, newest first (portal pages call this)."""
    day = on or timezone.localdate()
    consents = list(jugendliche.einwilligungen.all())
    granted: dict[str, bool] = {
        b: consent.scope_granted(jugendliche, consents, b, day) for b in Einwilligung.Bereich
    }
    if not granted[Einwilligung.Bereich.TEILNAHME]:
        return []
    views = (
        _hpg_view(hpg, granted) for hpg in jugendliche.hilfeplangespraeche.order_by("-datum", "-id")
    )
    return [v for v in views if v is not None]


def hilfeplangespraech_for_mentor(
    hpg: Hilfeplangespraech, *, on: date | None = None
) -> HpgMentorSicht | None:
    day = on or timezone.localdate()
    jugendliche = hpg.jugendliche
    consents = list(jugendliche.einwilligungen.all())
    granted: dict[str, bool] = {
        b: consent.scope_granted(jugendliche, consents, b, day) for b in Einwilligung.Bereich
    }
    if not granted[Einwilligung.Bereich.TEILNAHME]:
        return None
    return _hpg_view(hpg, granted)


def _hpg_view(hpg: Hilfeplangespraech, granted: dict[str, bool]) -> HpgMentorSicht | None:
    invited = hpg.wegbegleiter_eingeladen and granted[Einwilligung.Bereich.HILFEPLAN]
    shared = hpg.mit_wegbegleitung_geteilt and granted[Einwilligung.Bereich.DATENWEITERGABE]
    if not (invited or shared):
        return None
    if not shared:
        return HpgMentorSicht(
            datum=hpg.datum, eingeladen=invited, geteilt=False, art=hpg.get_art_display()
        )
    return HpgMentorSicht(
        art=hpg.get_art_display(),
        datum=hpg.datum,
        eingeladen=invited,
        geteilt=True,
        ziele=hpg.ziele,
        zusammenfassung=hpg.zusammenfassung,
        naechste_ueberpruefung=hpg.naechste_ueberpruefung,
    )


# --- help-plan KPIs ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Quote:
    zaehler: int
    nenner: int

    @property
    def anteil(self) -> float | None:
        """The share between 0 and 1; None when there is nothing to count."""
        return self.zaehler / self.nenner if self.nenner else None


def hilfeplangespraeche_for_kpi(
    *, user: AnyUser, von: date | None = None, bis: date | None = None
) -> QuerySet[Hilfeplangespraech]:
    visible = jugendliche_visible_q(user, via="jugendliche__")
    if visible is None:
        return Hilfeplangespraech.objects.none()
    qs = Hilfeplangespraech.objects.filter(visible)
    if von is not None:
        qs = qs.filter(datum__gte=von)
    if bis is not None:
        qs = qs.filter(datum__lte=bis)
    return qs


def kpi_mentoring_considered(conferences: QuerySet[Hilfeplangespraech]) -> Quote:
    """Share of conferences in which mentoring was considered as an element of the help."""
    counts = conferences.aggregate(
        nenner=Count("pk"), zaehler=Count("pk", filter=Q(wegbegleitung_erwogen=True))
    )
    return Quote(zaehler=counts["zaehler"], nenner=counts["nenner"])


def kpi_mentor_present(
    conferences: QuerySet[Hilfeplangespraech],
    *,
    matched_jugendliche_ids: Iterable[int] | QuerySet[Any],
) -> Quote:
    """Share of conferences of matched young people at which the mentor was present.

    The matching app passes the ids of the young people who had a match (for the period asked),
    as ids or as a subquery of them; conferences of others do not count at all.
    """
    matched = conferences.filter(_of_matched(matched_jugendliche_ids))
    counts = matched.aggregate(
        nenner=Count("pk"), zaehler=Count("pk", filter=Q(wegbegleiter_teilgenommen=True))
    )
    return Quote(zaehler=counts["zaehler"], nenner=counts["nenner"])


def kpi_help_plan(
    conferences: QuerySet[Hilfeplangespraech],
    *,
    matched_jugendliche_ids: Iterable[int] | QuerySet[Any],
) -> tuple[Quote, Quote]:
    """``kpi_mentoring_considered`` and ``kpi_mentor_present`` in one query over the
    conferences. ``matched_jugendliche_ids`` may be a query of the ids (``values_list``), which
    the database then asks as a subquery instead of receiving thousands of ids."""
    matched = _of_matched(matched_jugendliche_ids)
    counts = conferences.aggregate(
        alle=Count("pk"),
        erwogen=Count("pk", filter=Q(wegbegleitung_erwogen=True)),
        begleitet=Count("pk", filter=matched),
        anwesend=Count("pk", filter=matched & Q(wegbegleiter_teilgenommen=True)),
    )
    return (
        Quote(zaehler=counts["erwogen"], nenner=counts["alle"]),
        Quote(zaehler=counts["anwesend"], nenner=counts["begleitet"]),
    )


def _of_matched(ids: Iterable[int] | QuerySet[Any]) -> Q:
    return Q(jugendliche_id__in=ids if isinstance(ids, QuerySet) else list(ids))


# --- the staff area start: what the facility has to do (issue 11 §5) ---------------------------

CONFERENCE_HORIZON_DAYS = 60  # conferences this far ahead are shown to prepare
REVIEW_HORIZON_DAYS = 30  # reviews due this soon (or overdue) are shown to plan the conference


@dataclass(frozen=True)
class StaffToDo:
    conferences: list[Hilfeplangespraech]  # upcoming, soonest first
    reviews: list[Hilfeplangespraech]  # the latest conference whose review is due or overdue
    waiting: list[Anfrage]  # open requests, longest waiting first
    consents_missing: list[tuple[Jugendliche, list[str]]]  # young person, missing scopes


def staff_todo_for(
    *,
    user: AnyUser,
    day: date | None = None,
    einrichtung_ids: list[int] | None = None,
    scopes: Callable[[Jugendliche], tuple[str, ...]] | None = None,
) -> StaffToDo:
    """Only the staff member's own facilities (not a coordinator's regions), young people who
    still live there; four queries however much data there is. ``einrichtung_ids``: the
    staff member's facilities when the caller has read them already (``einrichtungen_for_staff``)
    — as a list of ids, not the permission subquery, which PostgreSQL guesses at hundreds of
    facilities where there are one or two and so reads every conference of the country."""
    today = day or timezone.localdate()
    facilities: Any = (
        einrichtungen_for_staff(user).values("pk") if einrichtung_ids is None else einrichtung_ids
    )
    here = Jugendliche.objects.filter(
        Q(auszug_am__isnull=True) | Q(auszug_am__gt=today), einrichtung__in=facilities
    )
    conferences = Hilfeplangespraech.objects.filter(jugendliche__in=here).select_related(
        "jugendliche__einrichtung"
    )
    # a review is done once a later conference is recorded (held or planned)
    later = Hilfeplangespraech.objects.filter(
        jugendliche=OuterRef("jugendliche"), datum__gt=OuterRef("datum")
    )
    reviews = conferences.filter(
        naechste_ueberpruefung__lte=today + timedelta(days=REVIEW_HORIZON_DAYS)
    ).exclude(Exists(later))
    horizon = today + timedelta(days=CONFERENCE_HORIZON_DAYS)
    waiting = Anfrage.objects.filter(jugendliche__in=here, status__in=Anfrage.OPEN_STATES)
    people = here.select_related("einrichtung__region").prefetch_related("einwilligungen")
    return StaffToDo(
        conferences=list(
            conferences.filter(datum__gte=today, datum__lte=horizon).order_by("datum")
        ),
        reviews=list(reviews.order_by("naechste_ueberpruefung", "id")),
        waiting=list(waiting.select_related("jugendliche__einrichtung").order_by("angefragt_am")),
        consents_missing=_consents_missing(
            people.order_by("vorname", "id"), today, scopes or scopes_lookup()
        ),
    )


def _consents_missing(
    people: QuerySet[Jugendliche], today: date, scopes: Callable[[Jugendliche], tuple[str, ...]]
) -> list[tuple[Jugendliche, list[str]]]:
    """``scopes``: the consents a request of that party would need (one look-up per kind)."""
    rows = []
    for j in people:
        missing = consent.missing_scopes(j, j.einwilligungen.all(), scopes(j), today)
        if missing:
            rows.append((j, [str(Einwilligung.Bereich(b).label) for b in missing]))
    return rows
