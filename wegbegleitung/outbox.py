"""After-commit tasks that survive a broker outage: the outbox.

A write that promises work after its commit (a notice, a mail, a PDF) must not lose it when Redis
is down at that moment. The guarantee, step by step:

1. **Recording**: ``enqueue(task, *args)`` inserts an ``OutboxTask`` row in the caller's
   transaction. The promise exists exactly when the write it belongs to exists.
2. **The fast path**: after the commit the row's id is handed to the broker. This is only a
   speed-up; when Redis cannot be reached the failure is logged and the request carries on
   (never a server error), and the row waits.
3. **Running** a row (``run``) first claims it: under a row lock (``SELECT ... FOR UPDATE SKIP
   LOCKED``) its next attempt is moved one lease (ten minutes) ahead and committed, so neither a
   second copy from the broker nor the sweep starts it meanwhile. The body then runs as the Celery
   task would (in its own transactions) and the row is deleted when it returns: a row that is gone
   is done. A failure is stored on the row (attempts, last error) and retried with back-off (one
   minute, doubling, at most six hours); a runner that dies leaves the row, due again when the
   lease ends. Nothing is dropped.
4. **The sweep** (beat, every ``WB_OUTBOX_SWEEP_SECONDS``) runs every due row older than one
   sweep interval: what the broker lost, what a dead worker left, what failed before. Beat needs
   the broker too, so during a long outage an operator runs ``manage.py run_outbox``.

The one window: a body that finished while its runner died before deleting the row runs again
after the lease. The bodies are idempotent (the notification log's unique key, a PDF made once,
an invitation sent once under its row lock), so the repeat changes nothing a person sees.
Arguments are stored as JSON: ids and plain values only (an account mail's rendered text, as
allauth hands it over, and the address an erasure's confirmation goes to, read before the
account was erased, are the exceptions; the row and with it the link or address go once it is
sent).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from wegbegleitung.models import OutboxTask

logger = logging.getLogger(__name__)
MAX_BACKOFF = timedelta(hours=6)
# How long a claimed row is left to its runner; a runner that died is replaced after it.
LEASE = timedelta(minutes=10)


# What each task does, in words for the operators' list of pending tasks: each app describes its
# own tasks (``describe`` at the end of its tasks module), so this layer names none of them.
_LABELS: dict[str, str | Promise] = {}


def describe(labels: dict[Any, str | Promise]) -> None:
    """Register a label per task (``{task: _("…")}``)."""
    _LABELS.update({task.name: label for task, label in labels.items()})


def task_label(name: str) -> str | Promise:
    if name not in _LABELS:
        from wegbegleitung.celery import app

        app.loader.import_default_modules()  # every app's tasks module, and with it its labels
    return _LABELS.get(name, _("Background task"))


def enqueue(task: Any, *args: Any) -> OutboxTask:
    """Record ``task(*args)`` in the current transaction; the broker hears of it after commit."""
    row = OutboxTask.objects.create(task=task.name, args=list(args))
    transaction.on_commit(partial(_hand_to_broker, row.pk))
    return row


def nudge_on_commit(task: Any, *args: Any) -> None:
    """Ask the broker to run ``task`` soon, for work the database already holds (a speed-up)."""
    transaction.on_commit(partial(send_quietly, task, *args))


def _hand_to_broker(pk: int) -> None:
    from wegbegleitung.tasks import run_outbox_task

    send_quietly(run_outbox_task, pk)


def send_quietly(task: Any, *args: Any) -> bool:
    """Publish without retrying; a broker that is down is logged, never raised to the user."""
    try:
        task.apply_async(args, retry=False)
    except Exception:  # noqa: BLE001 - any broker failure: the database row or the sweep covers it
        logger.warning(
            "broker unreachable, %s%s waits for the sweep", task.name, args, exc_info=True
        )
        return False
    return True


def run(pk: int) -> bool:
    """Run one waiting row once (see module doc); False when it is done, busy or not yet due."""
    row = _claim(pk)
    if row is None:
        return False
    try:
        _body(row.task)(*row.args)
    except Exception as exc:  # noqa: BLE001 - a failing body is recorded and retried
        _record_failure(row, exc)
        return False
    OutboxTask.objects.filter(pk=pk).delete()
    return True


def retry_now(ids: list[int]) -> int:
    """Make waiting rows due at once (an operator's "try again now"); rows being run keep their
    lease. Returns how many; each is handed to the broker after the commit."""
    now = timezone.now()
    with transaction.atomic():
        due = list(
            OutboxTask.objects.select_for_update(skip_locked=True)
            .filter(pk__in=ids, attempts__gt=0)
            .values_list("pk", flat=True)
        )
        OutboxTask.objects.filter(pk__in=due).update(next_attempt_at=now)
        for pk in due:
            transaction.on_commit(partial(_hand_to_broker, pk))
    return len(due)


def _claim(pk: int) -> OutboxTask | None:
    now = timezone.now()
    with transaction.atomic():
        row = (
            OutboxTask.objects.select_for_update(skip_locked=True)
            .filter(pk=pk, next_attempt_at__lte=now)
            .first()
        )
        if row is not None:
            row.next_attempt_at = now + LEASE
            row.save(update_fields=["next_attempt_at"])
    return row


def sweep(*, now: datetime | None = None, grace: timedelta | None = None) -> int:
    """Run every due row the broker has not run within ``grace`` (one sweep interval unless
    given); returns how many."""
    moment = now or timezone.now()
    if grace is None:
        grace = timedelta(seconds=settings.WB_OUTBOX_SWEEP_SECONDS)
    ids = list(
        OutboxTask.objects.filter(next_attempt_at__lte=moment, created_at__lte=moment - grace)
        .order_by("pk")
        .values_list("pk", flat=True)[:1000]
    )
    return sum(run(pk) for pk in ids)


def _body(name: str) -> Any:
    from wegbegleitung.celery import app

    return app.tasks[name]


def _record_failure(row: OutboxTask, exc: Exception) -> None:
    logger.warning("outbox task %s (%s) failed: %r", row.pk, row.task, exc)
    row.attempts += 1
    row.last_error = f"{type(exc).__name__}: {exc}"[:500]
    row.next_attempt_at = timezone.now() + backoff(row.attempts)
    row.save(update_fields=["attempts", "last_error", "next_attempt_at"])


def backoff(attempts: int) -> timedelta:
    """Wait after the ``attempts``-th failure: one minute, doubled each time, at most 6 hours."""
    return min(timedelta(minutes=2 ** max(attempts - 1, 0)), MAX_BACKOFF)
