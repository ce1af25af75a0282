"""The retention schedule: one period per kind of data, applied by one daily task.

Each kind is registered by the app that holds the data (from its ``AppConfig.ready()``), as a
``Kind`` with a label, the setting that fixes its period, ``due(today)`` (how many records would
go today: reads only) and ``purge(today)`` (deletes or anonymises them, returns how many).
``services.retention.retention_apply`` runs every kind in its own transaction (one kind that
fails leaves the others done and is retried the next night); ``manage.py retention --dry-run``
prints ``due`` per kind and changes nothing. docs/records-of-processing.md lists the kinds.

A period in months is counted back from today in calendar months: a record is due when its
day lies on or before ``months_back(today, months)``.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.functional import Promise


@dataclass(frozen=True)
class Kind:
    key: str
    label: str | Promise
    setting: str  # the WB_… setting(s) that fix the period, as the docs name them
    due: Callable[[date], int]
    purge: Callable[[date], int]
    order: int = 100


_KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> None:
    _KINDS[kind.key] = kind


def unregister(key: str) -> None:
    _KINDS.pop(key, None)


def kinds() -> list[Kind]:
    return sorted(_KINDS.values(), key=lambda kind: (kind.order, kind.key))


def months_back(day: date, months: int) -> date:
    """The same day ``months`` calendar months earlier (the month's last day if shorter)."""
    year, month0 = divmod(day.year * 12 + day.month - 1 - months, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(day.day, last))


def end_of(day: date) -> datetime:
    """The first moment after ``day`` (local time): a timestamp is on or before ``day`` when it
    is earlier than this."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))
