"""The data's *generation*: a token in the cache that changes on every write (issue 13).

Any model saved or deleted and any many-to-many change (e.g. a coordinator added to a region)
sets a new token, once at once and once more when the transaction commits (a reader that started
before the commit sees the new token afterwards). What is computed from the data and remembered
with the token is fresh as long as the token is the same: the daily reminder run
(``notifications.done_marker``) and the volunteer's portal start (``portal_views``).

Left out, because nothing remembered with the token reads them: the notification log, the audit
trail, sessions and a login's ``last_login``. A write that bypasses model signals
(``QuerySet.update``, ``bulk_create``) of such data must call ``data_changed()``. Without a
cache (Redis down) there is no token, and nothing is remembered.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, cast

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

GENERATION_KEY = "data:generation"
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


def _on_write(sender: Any, **kwargs: Any) -> None:
    if sender._meta.label_lower in NOT_READ:
        return
    fields = kwargs.get("update_fields")
    if fields and set(fields) <= {"last_login"}:
        return
    data_changed()
    transaction.on_commit(data_changed)


post_save.connect(_on_write, dispatch_uid="data_generation_save")
post_delete.connect(_on_write, dispatch_uid="data_generation_delete")
m2m_changed.connect(_on_write, dispatch_uid="data_generation_m2m")


def remembered[T](key: str, compute: Callable[[], T], *, timeout: int = 60 * 60) -> T:
    """``compute()``, remembered under ``key`` while the data's generation stays the same."""
    current = generation()  # before computing: a write meanwhile makes the result a dead key
    if current is None:
        return compute()
    full_key = f"{key}:{current}"
    found = cache.get(full_key)
    if found is not None:
        return cast(T, found)
    value = compute()
    cache.set(full_key, value, timeout=timeout)
    return value
