"""The report figures of a scope (regions) and a period: pure reads, a fixed number of queries.

Each figure follows its definition in docs/measures.md. The rows are fetched once, narrow
(``values``), and counted by the pure rules of ``berichte.zahlen``; nothing here loops over
queries, so the page costs the same number of queries for two matches as for two thousand.

A report for one programme (``programm``; None is every programme) restricts each population by
the programme (docs/measures.md "Programmes"): matches, their diary entries and support contacts
by the match's programme; requests by the request's; help-plan conferences to young people with a
request in the programme; volunteers (applicants, certificates, clearance lapses) to those who
serve in it (``wegbegleitung.programmes.serves_in``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from berichte import zahlen
from berichte.ehrenamtliche import (
    bewerbung,
    freigabe_verloren,
    programm_filter,
    zeugnisse_enden,
)
from berichte.typen import (
    Abschluesse,
    Aktiv,
    Bericht,
    Grund,
    Monat,
    Wartezeit,
)
from berichte.zahlen import lage
from einrichtungen.models import Anfrage
from einrichtungen.selectors import (
    Quote,
    hilfeplangespraeche_for_kpi,
    kpi_help_plan,
)
from matching.lists import matched_jugendliche
from matching.models import Abschluss, Begleitung, Treffen, Unterstuetzungskontakt
from matching.schedule import RHYTHMUS_FIELDS, Rhythmus
from programme.models import Programm
from wegbegleitung.models import Region
from wegbegleitung.permissions import region_ids_for

if TYPE_CHECKING:
    from wegbegleitung.permissions import AnyUser

MATCH_REGION = "jugendliche__einrichtung__region_id__in"  # a match belongs to the facility's


# --- scope ------------------------------------------------------------------------------------


def report_regions(user: AnyUser) -> list[Region]:
    """The regions the user may report on (a superuser: all)."""
    ids = region_ids_for(user)
    return list(Region.objects.filter(pk__in=ids).order_by("name"))


def scope_for(user: AnyUser, region_id: int | None = None) -> list[int]:
    """All of the user's regions, or the one asked for if it is one of them (else none)."""
    ids = region_ids_for(user)
    if region_id is None:
        return sorted(ids)
    return [region_id] if region_id in ids else []


# --- the figures ------------------------------------------------------------------------------


def _conferences(
    user: AnyUser, regions: list[int], von: date, bis: date, programm: Programm | None
) -> Any:
    conferences = hilfeplangespraeche_for_kpi(user=user, von=von, bis=bis).filter(
        jugendliche__einrichtung__region_id__in=regions
    )
    if programm is None:
        return conferences
    requested = Anfrage.objects.filter(jugendliche=OuterRef("jugendliche"), programm=programm)
    return conferences.filter(Exists(requested))


def bericht_for(
    *,
    user: AnyUser,
    region_ids: Iterable[int],
    von: date,
    bis: date,
    programm: Programm | None = None,
) -> Bericht:
    """Every figure of the reports page for the regions and the period ``[von, bis]``, for
    ``programm`` (None: every programme).

    ``region_ids`` come from ``scope_for(user, ...)``; the help-plan conferences are scoped by
    the user as well (what they may see), then to those regions."""
    regions = sorted(region_ids)
    tag = bis  # the reporting day D: the last day of the period
    matches = _matches(regions, tag, programm)
    conferences = _conferences(user, regions, von, bis, programm)
    kontakte, reviews = _on_time(matches, regions, von, bis, programm)
    hpg_erwogen, hpg_anwesend = kpi_help_plan(
        conferences, matched_jugendliche_ids=matched_jugendliche(von=von, bis=bis)
    )
    return Bericht(
        region_ids=regions,
        von=von,
        bis=bis,
        aktiv=_aktiv(matches, tag),
        monate=_monate(matches, regions, von, bis, programm),
        laenge_beendet=lage(zahlen.in_months(_closed_lengths(matches, von, bis))),
        laenge_laufend=lage(
            zahlen.in_months(
                (tag - m["started_on"]).days
                for m in matches
                if zahlen.runs_on(tag, m["started_on"], m["ended_on"])
            )
        ),
        bindung=_bindung(matches, tag),
        bindung_fenster=zahlen.retention_window(tag),
        abschluesse=_abschluesse(matches, von, bis),
        kontakte=kontakte,
        reviews=reviews,
        wartezeit=_wartezeit(regions, von, bis, programm),
        hpg_erwogen=hpg_erwogen,
        hpg_anwesend=hpg_anwesend,
        bewerbung=bewerbung(regions, von, bis, programm),
        zeugnisse_enden=zeugnisse_enden(regions, tag, programm),
        freigabe_verloren=freigabe_verloren(regions, programm),
        programm_name=None if programm is None else programm.name,
    )


def _matches(regions: list[int], tag: date, programm: Programm | None) -> list[dict[str, Any]]:
    """Every started match of the regions that had started by the reporting day (one query)."""
    rows = (
        Begleitung.objects.filter(
            programm_filter(programm),
            **{MATCH_REGION: regions},
            started_on__isnull=False,
            started_on__lte=tag,
        )
        .order_by("pk")
        .values(
            "pk",
            "status",
            "status_since",
            "started_on",
            "ended_on",
            "care_leaver_since",
            "jugendliche_id",
            "vereinbarung__laufzeit_monate",
            "abschluss__art",
            "abschluss__grund",
            "programm_id",
            *(f"programm__{name}" for name in RHYTHMUS_FIELDS),  # the programme's rhythm
        )
    )
    return list(rows)


def _aktiv(matches: list[dict[str, Any]], tag: date) -> Aktiv:
    running = [m for m in matches if zahlen.runs_on(tag, m["started_on"], m["ended_on"])]
    paused = [
        m
        for m in running
        if m["status"] == Begleitung.Status.PAUSIERT
        and timezone.localdate(m["status_since"]) <= tag
    ]
    care = [m for m in running if m["care_leaver_since"] and m["care_leaver_since"] <= tag]
    return Aktiv(tag=tag, laufend=len(running), pausiert=len(paused), care_leaver=len(care))


def _closed(matches: list[dict[str, Any]], von: date, bis: date) -> list[dict[str, Any]]:
    return [m for m in matches if m["ended_on"] is not None and von <= m["ended_on"] <= bis]


def _closed_lengths(matches: list[dict[str, Any]], von: date, bis: date) -> list[int]:
    return [(m["ended_on"] - m["started_on"]).days for m in _closed(matches, von, bis)]


def _bindung(matches: list[dict[str, Any]], tag: date) -> Quote:
    first, last = zahlen.retention_window(tag)
    cohort = [m for m in matches if first <= m["started_on"] <= last]
    kept = [m for m in cohort if zahlen.retained(m["started_on"], m["ended_on"])]
    return Quote(zaehler=len(kept), nenner=len(cohort))


def _abschluesse(matches: list[dict[str, Any]], von: date, bis: date) -> Abschluesse:
    closed = _closed(matches, von, bis)
    early = [
        m
        for m in closed
        if zahlen.premature(
            m["started_on"], m["ended_on"], m["vereinbarung__laufzeit_monate"] or 12
        )
    ]
    arten = [
        (label, _count(early, "abschluss__art", code), _count(closed, "abschluss__art", code))
        for code, label in Abschluss.Art.choices
    ]
    gruende = [
        Grund(
            code,
            label,
            _count(early, "abschluss__grund", code),
            _count(closed, "abschluss__grund", code),
        )
        for code, label in Abschluss.Grund.choices
    ]
    return Abschluesse(Quote(len(early), len(closed)), arten, gruende)


def _count(rows: list[dict[str, Any]], key: str, value: str) -> int:
    return sum(1 for r in rows if r[key] == value)


def _monate(
    matches: list[dict[str, Any]],
    regions: list[int],
    von: date,
    bis: date,
    programm: Programm | None,
) -> list[Monat]:
    minutes = _treffen_minutes(regions, von, bis, programm)
    result = []
    for month in zahlen.months_between(von, bis):
        first, last = max(month, von), min(zahlen.month_end(month), bis)
        alle, persoenlich = minutes.get(month, (0, 0))
        result.append(
            Monat(
                monat=month,
                begonnen=sum(1 for m in matches if first <= m["started_on"] <= last),
                beendet=len(_closed(matches, first, last)),
                stunden=round(alle / 60, 1),
                laufend=sum(
                    1
                    for m in matches
                    if zahlen.runs_in(first, last, m["started_on"], m["ended_on"])
                ),
                persoenlich=Quote(zaehler=persoenlich, nenner=alle),
            )
        )
    return result


def _treffen_minutes(
    regions: list[int], von: date, bis: date, programm: Programm | None
) -> dict[date, tuple[int, int]]:
    """Month -> (all minutes, in-person minutes) of the diary entries dated in the period."""
    rows = (
        Treffen.objects.filter(
            programm_filter(programm, "begleitung__programm"),
            begleitung__jugendliche__einrichtung__region_id__in=regions,
            datum__gte=von,
            datum__lte=bis,
        )
        .values("datum")
        .annotate(
            alle=Sum("dauer_minuten"),
            persoenlich=Sum("dauer_minuten", filter=Q(art=Treffen.Art.PERSOENLICH)),
        )
    )
    result: dict[date, tuple[int, int]] = defaultdict(lambda: (0, 0))
    for row in rows:
        month = row["datum"].replace(day=1)
        alle, persoenlich = result[month]
        result[month] = (alle + row["alle"], persoenlich + (row["persoenlich"] or 0))
    return dict(result)


def _on_time(
    matches: list[dict[str, Any]],
    regions: list[int],
    von: date,
    bis: date,
    programm: Programm | None,
) -> tuple[Quote, Quote]:
    """Support contacts and reviews: the due dates in the period and how many were met
    (``zahlen.on_time``), walking only the contacts from ``zahlen.walk_from`` on: those before
    it change nothing, so a match that ran for ten years costs a year or two of contacts, not all
    of them. One query for both: the contacts from the contacts' first day, the reviews (a review
    is a contact too) from the reviews' earlier one."""
    walks = [m for m in matches if m["ended_on"] is None or m["ended_on"] > von]  # else nothing
    rhythms: dict[int, tuple[Rhythmus, date, date]] = {}  # programme: rhythm, first days
    for m in walks:
        if m["programm_id"] not in rhythms:
            rhythmus = Rhythmus.from_values(m)  # the match's programme's
            rhythms[m["programm_id"]] = (
                rhythmus,
                zahlen.walk_from(von, zahlen.longest_interval(rhythmus, review=False)),
                zahlen.walk_from(von, zahlen.longest_interval(rhythmus, review=True)),
            )
    first_contact = min((r[1] for r in rhythms.values()), default=von)
    first_review = min((r[2] for r in rhythms.values()), default=von)
    rows = (
        Unterstuetzungskontakt.objects.filter(
            programm_filter(programm, "begleitung__programm"),
            Q(datum__gte=first_contact) | Q(ist_review=True),
            begleitung__jugendliche__einrichtung__region_id__in=regions,
            datum__gte=min(first_contact, first_review),  # a range on the index (match, date)
            datum__lte=bis,
        )
        .order_by("datum")
        .values_list("begleitung_id", "datum", "ist_review")
        .distinct()
    )
    contact_days: dict[int, list[date]] = defaultdict(list)
    review_days: dict[int, list[date]] = defaultdict(list)
    for pk, datum, ist_review in rows:  # in date order: each match's days come sorted
        if datum >= first_contact:
            _add_day(contact_days[pk], datum)
        if ist_review and datum >= first_review:
            _add_day(review_days[pk], datum)
    return (
        _walk_all(walks, rhythms, contact_days, von, bis, review=False),
        _walk_all(walks, rhythms, review_days, von, bis, review=True),
    )


def _add_day(days: list[date], day: date) -> None:
    if not days or days[-1] != day:  # a review and a contact on one day are one day
        days.append(day)


def _walk_all(
    walks: list[dict[str, Any]],
    rhythms: dict[int, tuple[Rhythmus, date, date]],
    days: dict[int, list[date]],
    von: date,
    bis: date,
    *,
    review: bool,
) -> Quote:
    zaehler = nenner = 0
    for m in walks:
        result = zahlen.on_time(
            started_on=m["started_on"],
            ended_on=m["ended_on"],
            contact_days=days.get(m["pk"], []),
            von=von,
            bis=bis,
            next_due=zahlen.due_rule(
                started_on=m["started_on"],
                care_leaver_since=m["care_leaver_since"],
                rhythmus=rhythms[m["programm_id"]][0],
                review=review,
            ),
        )
        zaehler += result.zaehler
        nenner += result.nenner
    return Quote(zaehler=zaehler, nenner=nenner)


def _wartezeit(regions: list[int], von: date, bis: date, programm: Programm | None) -> Wartezeit:
    """Days between the local dates of request and match; open ones until the reporting day.

    One query for both populations (they cannot overlap: a matched request was finished by the
    reporting day, an open one was not); the local dates are taken in the query (``TruncDate``,
    the current time zone, as the ``__date`` filters take them)."""
    matched = Q(
        status=Anfrage.Status.VERMITTELT,
        abgeschlossen_am__date__gte=von,
        abgeschlossen_am__date__lte=bis,
    )
    open_on_d = Q(
        Q(abgeschlossen_am__isnull=True) | Q(abgeschlossen_am__date__gt=bis),
        angefragt_am__date__lte=bis,
    )
    rows = (
        Anfrage.objects.filter(
            programm_filter(programm),
            matched | open_on_d,
            jugendliche__einrichtung__region_id__in=regions,
        )
        .order_by()  # the figures need no order
        .values_list(TruncDate("angefragt_am"), TruncDate("abgeschlossen_am"))
    )
    waited: list[float] = []
    waiting: list[float] = []
    for asked, finished in rows:
        if finished is not None and finished <= bis:  # so in the period: a matched one
            waited.append(float((finished - asked).days))
        else:
            waiting.append(float((bis - asked).days))
    return Wartezeit(vermittelt=lage(waited), offen=lage(waiting))
