"""Small helpers shared by the kinds: links and the coordinators of regions, batched."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.urls import reverse

from wegbegleitung.models import Region


def link(name: str, *args: object) -> str:
    return f"{settings.SITE_URL}{reverse(name, args=args)}"


def german_date(day: date) -> str:
    return f"{day:%d.%m.%Y}"


def coordinators_by_region(region_ids: Iterable[int | None]) -> dict[int, list[int]]:
    """Active coordinators of each region (one query for all regions)."""
    wanted = {pk for pk in region_ids if pk is not None}
    result: dict[int, list[int]] = defaultdict(list)
    if not wanted:
        return result
    rows = (
        Region.coordinators.through.objects.filter(region_id__in=wanted, user__is_active=True)
        .order_by("user_id")
        .values_list("region_id", "user_id")
    )
    for region_id, user_id in rows:
        result[region_id].append(user_id)
    return result
