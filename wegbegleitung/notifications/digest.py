"""The coordinators' weekly digest: what in their regions needs attention, with links.

One digest per coordinator and ISO week (the log's key), only when something needs attention.
Sections are registered (``register_section``) by the app that owns their subject, so the
platform imports no app above it: matches come from the matching app through ``providers``,
supervision overdue and applications waiting are the volunteers' own (here), certificates ending
and clearance lapsed are the safeguarding app's (``schutzkonzept.notifications``). Everything is
read for all regions at once; each section lists at most ``MAX_ITEMS`` entries and says how many
more there are.

The logged row keeps only the week, the day and a link; the sections are rendered again from the
current records when the digest is mailed, so nothing a section named (a certificate's end, say)
stays in the log after the record is gone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wegbegleitung.models import Benachrichtigung, Region, Wegbegleiter
from wegbegleitung.notifications import delivery, providers
from wegbegleitung.notifications.common import coordinators_by_region, link
from wegbegleitung.notifications.registry import Audience, Due, Kind, register
from wegbegleitung.notifications.reminders import supervision_rows

MAX_ITEMS = 50
Item = dict[str, str]
Items = dict[int, list[Item]]  # region id -> entries
SectionItems = Callable[[date, list[int]], Iterable[tuple[int | None, Item]]]


@dataclass(frozen=True)
class Section:
    order: int
    title: str | Promise
    items: SectionItems  # (day, region ids) -> (region id, entry) for all regions at once


SECTIONS: dict[str, Section] = {}


def register_section(key: str, section: Section) -> None:
    SECTIONS[key] = section


def volunteer_item(w: Wegbegleiter, reason: str) -> Item:
    url = link("admin:wegbegleitung_wegbegleiter_change", w.pk)
    return {"label": str(w.user), "reason": reason, "url": url}


def _by_region(pairs: Iterable[tuple[int | None, Item]]) -> Items:
    result: Items = defaultdict(list)
    for region_id, item in pairs:
        if region_id is not None:
            result[region_id].append(item)
    return result


def _sections(day: date, region_ids: list[int]) -> list[tuple[str, Items]]:
    ordered = sorted(SECTIONS.values(), key=lambda s: s.order)
    return [(str(s.title), _by_region(s.items(day, region_ids))) for s in ordered]


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


def _regions_of(user_ids: Iterable[int] | None = None) -> dict[int, list[int]]:
    """Coordinator -> their regions (all coordinators, or those of ``user_ids``)."""
    coordinators = coordinators_by_region(Region.objects.values_list("pk", flat=True))
    wanted = None if user_ids is None else set(user_ids)
    result: dict[int, list[int]] = defaultdict(list)
    for region_id, users in coordinators.items():
        for user_id in users:
            if wanted is None or user_id in wanted:
                result[user_id].append(region_id)
    return result


def digest_contexts(day: date, user_ids: Iterable[int] | None = None) -> dict[int, dict[str, Any]]:
    """What each coordinator's digest of ``day`` says, read from the current records."""
    return _contexts(day, _regions_of(user_ids))


def _contexts(day: date, regions_of: dict[int, list[int]]) -> dict[int, dict[str, Any]]:
    region_ids = sorted({r for regions in regions_of.values() for r in regions})
    with translation.override(settings.LANGUAGE_CODE):
        sections = _sections(day, region_ids)
        return {u: _context_for(sorted(r), sections) for u, r in regions_of.items()}


def digest_due(day: date) -> list[Due]:
    """One digest per coordinator with something to attend to; the row keeps references only."""
    regions_of = _regions_of()
    contexts = _contexts(day, regions_of)
    return [
        Due(user_id, "wegbegleitung.user", user_id, iso_week(day), min(regions_of[user_id]),
            {"week": iso_week(day), "day": day.isoformat(), "url": link("admin:index")})
        for user_id, context in sorted(contexts.items())
        if context["sections"]
    ]  # fmt: skip


def render_digest(rows: Sequence[Benachrichtigung]) -> dict[int, dict[str, Any]]:
    result = {}
    for row in rows:
        day = date.fromisoformat(str(row.context.get("day") or timezone.localdate()))
        contexts = digest_contexts(day, [row.recipient_id])
        result[row.pk] = contexts.get(row.recipient_id, {"sections": [], "count": 0})
    return result


def digest_run(*, day: date | None = None) -> int:
    """Record this week's digests (once per coordinator and week) and mail them."""
    dues = digest_due(day or timezone.localdate())
    delivery.record("digest_weekly", dues)
    return delivery.deliver_due()


def _matches(day: date, region_ids: list[int]) -> Iterable[tuple[int | None, Item]]:
    for m in providers.matches_needing_attention(region_ids, day):
        yield m.region_id, {"label": m.label, "reason": m.reason, "url": m.url}


def _supervision_overdue(day: date, region_ids: list[int]) -> Iterable[tuple[int | None, Item]]:
    rows = supervision_rows(day, weeks_late=settings.WB_SUPERVISION_OVERDUE_WEEKS)
    for w in rows:
        yield w.region_id, volunteer_item(w, _("no supervision attended recently"))


def _waiting(day: date, region_ids: list[int]) -> Iterable[tuple[int | None, Item]]:
    waiting = Wegbegleiter.objects.filter(status=Wegbegleiter.Status.BEWORBEN)
    for w in waiting.select_related("user"):
        yield w.region_id, volunteer_item(w, _("submitted"))


register_section("matches", Section(10, gettext_lazy("Matches"), _matches))
register_section(
    "supervision_overdue", Section(20, gettext_lazy("Supervision overdue"), _supervision_overdue)
)
register_section(
    "applications_waiting",
    Section(90, gettext_lazy("Applications waiting for screening"), _waiting),
)
register(Kind(
    "digest_weekly", gettext_lazy("Weekly digest for the coordination"),
    gettext_lazy("Weekly digest (%(week)s)"), "digest_weekly",
    Audience.COORDINATION, render=render_digest, render_in_inbox=False,
))  # fmt: skip
