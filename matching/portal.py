"""The volunteer's match on the portal start (issue 11 §5), served to wegbegleitung through
``providers.portal_matches`` so the portal does not import matching."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Max, Prefetch
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from einrichtungen.selectors import hilfeplangespraeche_for_mentor, jugendliche_for_mentor
from matching.lists import missing_parties, suspended
from matching.models import Begleitung, Partei, Vereinbarung
from matching.programmes import clearance_in
from wegbegleitung.notifications.providers import PortalMatch

# the meeting the volunteer is expected to log next, after the last one (or the start)
_INTERVAL = {
    Vereinbarung.Haeufigkeit.WOECHENTLICH: 7,
    Vereinbarung.Haeufigkeit.ZWEIWOECHENTLICH: 14,
}
_LOGGABLE = ("aktiv", "care_leaver", "ende_angefragt")


def portal_matches(wegbegleiter_id: int, day: date) -> list[PortalMatch]:
    """A handful of queries whatever the number of meetings (aggregated, prefetched)."""
    rows = list(
        Begleitung.objects.filter(
            wegbegleiter_id=wegbegleiter_id, status__in=Begleitung.OPEN_STATES
        )
        .annotate(ausgesetzt=suspended(), last_meeting=Max("treffen__datum"))
        .select_related("jugendliche", "vereinbarung", "wegbegleiter")
        .prefetch_related(
            "jugendliche__einwilligungen",
            "jugendliche__hilfeplangespraeche",
            Prefetch("vereinbarung__bestaetigungen"),
        )
        .order_by("-started_on", "-proposed_at")
    )
    # cleared per programme of the volunteer's matches (read once per programme)
    cleared = {
        p: clearance_in(rows[0].wegbegleiter, p).cleared for p in {b.programm_id for b in rows}
    }
    matches = [_summary(b, day, cleared=cleared[b.programm_id]) for b in rows]
    return sorted(matches, key=lambda m: not m.running)


def _summary(b: Begleitung, day: date, *, cleared: bool) -> PortalMatch:
    # without clearance no details of the young person are shown (DOMAIN.md)
    sicht = jugendliche_for_mentor(b.jugendliche, on=day) if cleared else None
    paused = bool(getattr(b, "ausgesetzt", False))
    loggable = b.status in _LOGGABLE and not paused
    next_by = _next_meeting_by(b) if loggable else None
    return PortalMatch(
        first_name=sicht.vorname if sicht else "",
        status_label=str(b.get_status_display()),
        running=b.status in Begleitung.RUNNING_STATES,
        paused=paused,
        ending=b.status == Begleitung.Status.ENDE_ANGEFRAGT,
        care_leaver=b.status == Begleitung.Status.CARE_LEAVER,
        last_meeting=getattr(b, "last_meeting", None),
        next_meeting_by=next_by,
        log_url=reverse("matching:treffen_create", args=[b.pk]) if loggable else "",
        portal_url=reverse("matching:portal"),
        due=tuple(_due(b, day, next_by=next_by, sicht_shown=sicht is not None)),
    )


def _next_meeting_by(b: Begleitung) -> date | None:
    vereinbarung = getattr(b, "vereinbarung", None)
    since = getattr(b, "last_meeting", None) or b.started_on
    if vereinbarung is None or since is None:
        return None
    return since + timedelta(days=_INTERVAL.get(vereinbarung.haeufigkeit, 7))


def _due(b: Begleitung, day: date, *, next_by: date | None, sicht_shown: bool) -> list[str]:
    due: list[str] = []
    vereinbarung = getattr(b, "vereinbarung", None)
    if (
        b.status == Begleitung.Status.VEREINBARUNG
        and vereinbarung is not None
        and Partei.WEGBEGLEITER in missing_parties(vereinbarung)
    ):
        due.append(_("Please read and confirm the agreement."))
    if next_by is not None and next_by < day:
        due.append(_("Please log your last meetings: the diary has been quiet for a while."))
    if sicht_shown:
        for hpg in hilfeplangespraeche_for_mentor(b.jugendliche, on=day):
            if hpg.eingeladen and hpg.datum >= day:
                when = date_format(hpg.datum, "SHORT_DATE_FORMAT")
                due.append(_("Help-plan conference on %(date)s: you are invited.") % {"date": when})
    return due
