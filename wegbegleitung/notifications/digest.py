"""The coordinators' weekly digest: what in their regions needs attention, with links.

One digest per coordinator and ISO week (the log's key), only when something needs attention.
Sections: matches (from the matching app, through ``providers``), supervision overdue,
certificates ending soon or just ended, clearance lapsed during an activity, applications waiting
for screening. Everything is read for all regions at once; each section lists at most
``MAX_ITEMS`` entries and says how many more there are.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wegbegleitung.models import Region, Wegbegleiter
from wegbegleitung.notifications import delivery, providers
from wegbegleitung.notifications.common import coordinators_by_region, german_date, link
from wegbegleitung.notifications.registry import Audience, Due, Kind, register
from wegbegleitung.notifications.reminders import certificate_rows, supervision_rows

MAX_ITEMS = 50
Items = dict[int, list[dict[str, str]]]  # region id -> entries


def _volunteer_item(w: Wegbegleiter, reason: str) -> dict[str, str]:
    url = link("admin:wegbegleitung_wegbegleiter_change", w.pk)
    return {"label": str(w.user), "reason": reason, "url": url}


def _by_region(pairs: Iterable[tuple[int | None, dict[str, str]]]) -> Items:
    result: Items = defaultdict(list)
    for region_id, item in pairs:
        if region_id is not None:
            result[region_id].append(item)
    return result


def _sections(day: date, region_ids: list[int]) -> list[tuple[str, Items]]:
    from schutzkonzept.models import FreigabeVerlust

    lapses = FreigabeVerlust.objects.filter(resolved_on__isnull=True).select_related(
        "wegbegleiter__user"
    )
    waiting = Wegbegleiter.objects.filter(status=Wegbegleiter.Status.BEWORBEN).select_related(
        "user"
    )
    matches = providers.matches_needing_attention(region_ids, day)
    return [
        (_("Matches"), _by_region(
            (m.region_id, {"label": m.label, "reason": m.reason, "url": m.url}) for m in matches
        )),
        (_("Supervision overdue"), _by_region(
            (w.region_id, _volunteer_item(w, _("no supervision attended recently")))
            for w in supervision_rows(day, weeks_late=settings.WB_SUPERVISION_OVERDUE_WEEKS)
        )),
        (_("Criminal-record certificates"), _by_region(
            (w.region_id, _volunteer_item(w, _("ends on %(date)s") % {"date": german_date(end)}))
            for w, end, _stage in certificate_rows(day)
        )),
        (_("Clearance lapsed"), _by_region(
            (v.wegbegleiter.region_id, _volunteer_item(
                v.wegbegleiter, _("since %(date)s") % {"date": german_date(v.detected_on)}
            ))
            for v in lapses
        )),
        (_("Applications waiting for screening"), _by_region(
            (w.region_id, _volunteer_item(w, _("submitted"))) for w in waiting
        )),
    ]  # fmt: skip


def _context_for(regions: list[int], sections: list[tuple[str, Items]]) -> dict[str, Any]:
    blocks: list[dict[str, Any]] = []
    count = 0
    for title, items in sections:
        entries = [entry for region_id in regions for entry in items.get(region_id, [])]
        if entries:
            more = max(len(entries) - MAX_ITEMS, 0)
            blocks.append({"title": title, "items": entries[:MAX_ITEMS], "more": more})
            count += len(entries)
    return {"sections": blocks, "count": count}


def iso_week(day: date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def digest_due(day: date) -> list[Due]:
    region_ids = list(Region.objects.values_list("pk", flat=True))
    coordinators = coordinators_by_region(region_ids)
    regions_of: dict[int, list[int]] = defaultdict(list)
    for region_id, users in coordinators.items():
        for user_id in users:
            regions_of[user_id].append(region_id)
    with translation.override(settings.LANGUAGE_CODE):
        sections = _sections(day, region_ids)
        contexts = {u: _context_for(sorted(r), sections) for u, r in regions_of.items()}
    url = link("admin:index")
    return [
        Due(user_id, "wegbegleitung.user", user_id, iso_week(day), min(regions_of[user_id]),
            {**context, "week": iso_week(day), "url": url})
        for user_id, context in sorted(contexts.items())
        if context["sections"]
    ]  # fmt: skip


def digest_run(*, day: date | None = None) -> int:
    """Record this week's digests (once per coordinator and week) and mail them."""
    dues = digest_due(day or timezone.localdate())
    delivery.record("digest_weekly", dues)
    return delivery.deliver_due()


register(Kind(
    "digest_weekly", gettext_lazy("Weekly digest for the coordination"),
    gettext_lazy("Weekly digest (%(week)s)"), "digest_weekly",
    Audience.COORDINATION,
))  # fmt: skip
