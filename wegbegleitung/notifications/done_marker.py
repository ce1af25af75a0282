"""Whether today's reminder run has already found everything (issue 13: a second run of the day
that finds nothing new must cost next to nothing).

What is due on a day depends only on that day and on the data. So a complete run of day D is
remembered (in the cache) together with the data's *generation*, a token that changes on every
write: any model saved or deleted, any many-to-many change (e.g. a coordinator added to a
region), once at once and once more when the transaction commits (a run that started before
the commit sees the new token afterwards). A later run of day D with the same generation returns
the remembered result without asking the database; after any write it runs in full, so a new due
item on the same day is still found.

Left out, because the reminders never read them: the notification log itself (the run writes
it), the audit trail, sessions and a login's ``last_login``. A write that bypasses model signals
(``QuerySet.update``, ``bulk_create``) of data a reminder reads must call ``data_changed()``.
Without a cache (Redis down) there is no generation and every run is a full one.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

GENERATION_KEY = "reminders:generation"
DONE_KEY = "reminders:done"
DAY = 60 * 60 * 24
NOT_READ = {"wegbegleitung.benachrichtigung", "wegbegleitung.auditevent", "sessions.session"}


def data_changed() -> None:
    cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)


def generation() -> str | None:
    """The data's current generation; None without a working cache."""
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        value = cache.get(GENERATION_KEY)
    return str(value) if value is not None else None


def result_of(day: date, current: str | None) -> dict[str, int] | None:
    """The remembered result of a complete run of ``day`` with the same data, if any."""
    done = cache.get(DONE_KEY)
    if current is None or not isinstance(done, dict):
        return None
    if done.get("day") != day.isoformat() or done.get("generation") != current:
        return None
    return dict(done["result"])


def remember(day: date, current: str | None, result: dict[str, int]) -> None:
    if current is not None:
        done = {"day": day.isoformat(), "generation": current, "result": result}
        cache.set(DONE_KEY, done, timeout=2 * DAY)


def _on_write(sender: Any, **kwargs: Any) -> None:
    if sender._meta.label_lower in NOT_READ:
        return
    fields = kwargs.get("update_fields")
    if fields and set(fields) <= {"last_login"}:
        return
    data_changed()
    transaction.on_commit(data_changed)


post_save.connect(_on_write, dispatch_uid="reminders_done_marker_save")
post_delete.connect(_on_write, dispatch_uid="reminders_done_marker_delete")
m2m_changed.connect(_on_write, dispatch_uid="reminders_done_marker_m2m")
