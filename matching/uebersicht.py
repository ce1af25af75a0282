"""The coordinators' overview "Was fällig ist": what is due in the user's regions, and the
help-plan KPIs of the last 12 months. The page and its exports (``matching.exports``) read the
same ``uebersicht_for``, so a download never disagrees with the screen."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import F, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from matching import lists
from matching.models import Begleitung, Vereinbarung
from matching.schedule import Faelligkeit
from schutzkonzept.dates import add_months
from wegbegleitung.data_generation import remembered
from wegbegleitung.models import User, Wegbegleiter

BODY = "admin/matching/begleitung/_uebersicht_body.html"


# Rows per section on the page, the most urgent first. Every section links to the whole list
# (the admin list with the same filter, with paging) and downloads whole (``matching.exports``).
ROWS = 50


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
    # section -> its rows in all, for the sections cut at ``rows`` (absent: all shown)
    gesamt: dict[str, int] = field(default_factory=dict)


def uebersicht_page(*, user: User) -> SafeString:
    """The page's body rendered from ``uebersicht_for`` today (at most ``ROWS`` per section),
    remembered with the data's generation (the next committed write reads it afresh), the day
    (due dates move with it) and the language, per user (their regions). Only the rendered text
    is remembered: the matches behind it would cost more to store than to read. The exports
    read ``uebersicht_for`` whole."""
    day = timezone.localdate()
    key = f"uebersicht:{user.pk}:{day.isoformat()}:{get_language()}:{ROWS}"
    return remembered(key, lambda: _page(user=user, day=day))


def _page(*, user: User, day: date) -> SafeString:
    u = uebersicht_for(user=user, today=day, rows=ROWS)
    links = {name: f"{reverse(url)}?{query}" for name, (url, query) in WHOLE_LISTS.items()}
    return mark_safe(render_to_string(BODY, {"u": u, "links": links}))  # noqa: S308  (our own template)


MATCHES = "admin:matching_begleitung_changelist"
# where each section's whole list is: the admin list and the filter the home's tiles use
WHOLE_LISTS = {
    "ende_angefragt": (MATCHES, "status__exact=ende_angefragt"),
    "faellig": (MATCHES, "faellig=bald"),
    "ohne_tagebuch": (MATCHES, "tagebuch=still"),
    "vereinbarungen": (MATCHES, "vereinbarung=wartet"),
    "supervision": ("admin:wegbegleitung_wegbegleiter_changelist", "supervision=due"),
}


def uebersicht_for(*, user: User, today: date | None = None, rows: int | None = None) -> Uebersicht:
    """What is due in the user's regions, and the help-plan KPIs of the last 12 months; with
    ``rows``, at most that many of each section, the most urgent first (``gesamt`` says how
    many there are), so a page never loads hundreds of matches to show them."""
    from einrichtungen import selectors as einrichtungen_selectors

    day = today or timezone.localdate()
    regions = lists.regions_of(user)
    running = lists.in_regions(
        Begleitung.objects.filter(status__in=Begleitung.RUNNING_STATES), regions
    )
    von = add_months(day, -12)
    conferences = einrichtungen_selectors.hilfeplangespraeche_for_kpi(user=user, von=von, bis=day)
    gesamt: dict[str, int] = {}

    def cut[T](name: str, found: Sequence[T] | QuerySet[Any], count: Callable[[], int]) -> list[T]:
        if rows is None:
            return list(found)
        shown = list(found[: rows + 1])
        if len(shown) > rows:
            gesamt[name] = count()
        return shown[:rows]

    ending = running.filter(status=Begleitung.Status.ENDE_ANGEFRAGT)
    ending = ending.select_related("wegbegleiter__user", "jugendliche").order_by(
        "status_since", "pk"
    )
    dates = lists.running_dates(regions, diary=True)  # due contacts and silent diaries
    due = lists.support_due(today=day, dates=dates)
    silent = lists.diary_silent_among(dates, today=day)
    supervision = lists.supervision_due_for_matches(day, region_ids=regions)
    supervision = supervision.order_by(F("supervision_clock").asc(nulls_first=True), "pk")
    waiting = lists.vereinbarung_waiting_list(region_ids=regions)
    erwogen, anwesend = einrichtungen_selectors.kpi_help_plan(
        conferences, matched_jugendliche_ids=lists.matched_jugendliche(von=von, bis=day)
    )
    return Uebersicht(
        aktiv=running.count(),
        ende_angefragt=cut("ende_angefragt", ending, ending.count),
        faellig=lists.support_due_list(due=cut("faellig", due, lambda: len(due))),
        ohne_tagebuch=lists.whole_matches(cut("ohne_tagebuch", silent, lambda: len(silent))),
        vereinbarungen=cut("vereinbarungen", waiting, lambda: len(waiting)),
        supervision=cut("supervision", supervision, supervision.count),
        hpg_erwogen=erwogen,
        hpg_anwesend=anwesend,
        gesamt=gesamt,
    )
