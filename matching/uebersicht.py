"""The coordinators' overview "Was fällig ist": what is due in the user's regions, and the
help-plan KPIs of the last 12 months. The page and its exports (``matching.exports``) read the
same ``uebersicht_for``, so a download never disagrees with the screen."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.template.loader import render_to_string
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


def uebersicht_page(*, user: User) -> SafeString:
    """The page's body rendered from ``uebersicht_for`` today, remembered with the data's
    generation (the next committed write reads it afresh), the day (due dates move with it) and
    the language, per user (their regions). Only the rendered text is remembered: the matches
    behind it would cost more to store than to read. The exports read ``uebersicht_for``."""
    day = timezone.localdate()
    key = f"uebersicht:{user.pk}:{day.isoformat()}:{get_language()}"
    return remembered(key, lambda: _page(user=user, day=day))


def _page(*, user: User, day: date) -> SafeString:
    u = uebersicht_for(user=user, today=day)
    return mark_safe(render_to_string(BODY, {"u": u}))  # noqa: S308  (our own template)


def uebersicht_for(*, user: User, today: date | None = None) -> Uebersicht:
    """What is due in the user's regions, and the help-plan KPIs of the last 12 months."""
    from einrichtungen import selectors as einrichtungen_selectors

    day = today or timezone.localdate()
    regions = lists.regions_of(user)
    running = lists.in_regions(
        Begleitung.objects.filter(status__in=Begleitung.RUNNING_STATES), regions
    )
    von = add_months(day, -12)
    conferences = einrichtungen_selectors.hilfeplangespraeche_for_kpi(user=user, von=von, bis=day)
    supervision = lists.supervision_due_for_matches(day, region_ids=regions)
    ending = running.filter(status=Begleitung.Status.ENDE_ANGEFRAGT)
    return Uebersicht(
        aktiv=running.count(),
        ende_angefragt=list(
            ending.select_related("wegbegleiter__user", "jugendliche").order_by("status_since")
        ),
        faellig=lists.support_due_list(today=day, region_ids=regions),
        ohne_tagebuch=lists.diary_silent_list(today=day, region_ids=regions),
        vereinbarungen=lists.vereinbarung_waiting_list(region_ids=regions),
        supervision=list(supervision),
        hpg_erwogen=einrichtungen_selectors.kpi_mentoring_considered(conferences),
        hpg_anwesend=einrichtungen_selectors.kpi_mentor_present(
            conferences, matched_jugendliche_ids=lists.matched_jugendliche(von=von, bis=day)
        ),
    )
