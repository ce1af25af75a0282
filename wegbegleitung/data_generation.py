"""The data's *generation*: a token in the cache that changes on every write (issue 13).

Every SQL statement that writes (``INSERT``, ``UPDATE``, ``DELETE``, ``TRUNCATE``), whatever
issued it — a model's ``save()``, ``QuerySet.update()``, ``bulk_create()``, a cascade, raw SQL
through Django's connection — sets a new token, once at once and once more when the transaction
commits (a reader that started before the commit sees the new token afterwards); a transaction
that has written reads no token at all until it commits, so it never remembers what it saw of
its own uncommitted writes. The statements
are watched by an execute wrapper installed on every database connection, in this process and in
the Celery workers alike, so no write path has to remember to announce itself. What is computed
from the data and remembered with the token is fresh as long as the token is the same: the daily
reminder run (``notifications.done_marker``), the volunteer's portal start (``portal_views``),
the coordinators' home (``arbeitsplatz.selectors.board_for``) and "What is due"
(``matching.uebersicht.uebersicht_page``).

Left out, because nothing remembered with the token reads them: the notification log, the audit
trail, sessions and a login's ``last_login``. Not seen: writes that bypass Django's connection
(``psql``, a restore, the generator's ``COPY``); whoever does that calls ``data_changed()`` or
flushes the cache. ``migrate`` (every deploy runs it, and a restore is followed by it) sets a new
token as well: what was remembered was computed by the code before. Without a cache (Redis
down) there is no token, and nothing is remembered.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from functools import cache as once
from typing import Any, cast

from django.apps import apps
from django.core.cache import cache
from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate

GENERATION_KEY = "data:generation"
NOT_READ = ("wegbegleitung.Benachrichtigung", "wegbegleitung.AuditEvent", "sessions.Session")
_WRITE = re.compile(
    r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?)\s+"?(?P<table>[\w.]+)"?',
    re.IGNORECASE,
)
_ONLY_LAST_LOGIN = re.compile(r'\sSET\s+"last_login"\s*=\s*%s\s+WHERE\s', re.IGNORECASE)


def data_changed() -> None:
    cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)


def generation() -> str | None:
    """The data's current generation; None without a working cache, and None inside a transaction
    that has written and not yet committed: what it reads may still be rolled back, so nothing it
    computes may be remembered (and nothing remembered is right for it)."""
    if _uncommitted_writes(connection):
        return None
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        value = cache.get(GENERATION_KEY)
    return str(value) if value is not None else None


@once
def _tables_not_read() -> frozenset[str]:
    return frozenset(apps.get_model(label)._meta.db_table for label in NOT_READ)


def writes_data(sql: str) -> bool:
    """Whether ``sql`` changes data that something remembered with the token may have read."""
    found = _WRITE.match(sql)
    if found is None or found["table"] in _tables_not_read():
        return False
    return _ONLY_LAST_LOGIN.search(sql) is None


def _uncommitted_writes(connection: BaseDatabaseWrapper) -> bool:
    return connection.in_atomic_block and any(
        entry[1] is data_changed for entry in connection.run_on_commit
    )


def _written(connection: BaseDatabaseWrapper) -> None:
    data_changed()  # at once: whoever read before this statement holds an old token now
    if connection.in_atomic_block and not _uncommitted_writes(connection):
        connection.on_commit(data_changed)  # and again when the transaction's writes show


def _watch_writes(connection: BaseDatabaseWrapper) -> Callable[..., Any]:
    def watch(execute: Callable[..., Any], sql: Any, params: Any, many: bool, context: Any) -> Any:
        result = execute(sql, params, many, context)
        if isinstance(sql, str) and writes_data(sql):
            _written(connection)
        return result

    watch.data_generation = True  # type: ignore[attr-defined]
    return watch


def watch(connection: BaseDatabaseWrapper, **_kwargs: Any) -> None:
    """Install the watcher on ``connection`` (once; it survives reconnects)."""
    if not any(getattr(w, "data_generation", False) for w in connection.execute_wrappers):
        connection.execute_wrappers.append(_watch_writes(connection))


connection_created.connect(watch, dispatch_uid="data_generation_watch")


def renew_after_migrate(sender: Any, **_kwargs: Any) -> None:
    """Every deploy runs ``migrate``: what is remembered was computed, and the portal start
    rendered, by the code before it (its templates too), so the data get a new generation."""
    if sender.label == "wegbegleitung":  # sent once per app; once is enough
        data_changed()


post_migrate.connect(renew_after_migrate, dispatch_uid="data_generation_after_migrate")


def remembered[T](key: str, compute: Callable[[], T], *, timeout: int = 60 * 60) -> T:
    """``compute()``, remembered under ``key`` while the data's generation stays the same.

    The value is kept with the generation it was computed under, and the generation and the
    value are read in one round trip to the cache (a page that is remembered costs one cache
    read, not two). A value kept under another generation is computed again and replaces it.
    """
    if _uncommitted_writes(connection):
        return compute()  # what this transaction reads may still be rolled back
    found = cache.get_many([GENERATION_KEY, key])
    current = found.get(GENERATION_KEY)
    if current is None:
        current = generation()  # the first of all: set one; None without a working cache
        if current is None:
            return compute()
    current = str(current)
    kept = found.get(key)
    if isinstance(kept, tuple) and len(kept) == 2 and kept[0] == current:
        return cast(T, kept[1])
    # the generation read before computing: a write meanwhile makes the kept value outdated
    value = compute()
    cache.set(key, (current, value), timeout=timeout)
    return value
