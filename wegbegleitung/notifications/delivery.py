"""Recording notices in the log and mailing each logged row exactly once.

The guarantee, step by step:

1. **Recording** is ``INSERT ... ON CONFLICT DO NOTHING`` on the unique key (recipient, kind,
   subject, period), a database constraint. However often a task runs (retry, second beat run,
   redelivery after a worker crash), a notice is recorded once.
2. **Mailing** a row happens inside one transaction that locks the row (``SELECT ... FOR UPDATE
   SKIP LOCKED``) before the SMTP conversation and commits the status "gesendet" right after it.
   Two workers never mail the same row at once. A worker that dies before the SMTP server has
   accepted the message leaves the row "offen" (PostgreSQL drops the lock with the connection)
   and the next run mails it: nothing is lost.
3. **The one window** is a crash after the SMTP server accepted the message and before the
   COMMIT (a few milliseconds). The row is then still "offen" and is mailed again by the next
   run. We chose *at least once* for this window over *at most once*: a lost safeguarding
   reminder is worse than a second copy. The repeat carries the same ``Message-ID``
   (``<benachrichtigung-<id>@<site host>>``), so mail systems that deduplicate by Message-ID
   show it once. ``tests/wegbegleitung/test_notification_delivery.py`` tests both sides.
4. **Failures** of the SMTP server are stored on the row (attempts, last error) and retried with
   exponential back-off (``WB_NOTIFICATION_RETRY_SECONDS``, doubling, at most 6 hours); after
   ``WB_NOTIFICATION_MAX_ATTEMPTS`` the row is "fehlgeschlagen". Coordinators see both in the
   admin (their regions) and can send again.

Users who switched a kind off still get the row in their inbox ("nur_postfach"), never a mail;
safeguarding-critical kinds cannot be switched off.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from wegbegleitung.env import envfloat
from wegbegleitung.mail import render_templated_mail
from wegbegleitung.models import Benachrichtigung, BenachrichtigungEinstellung, User
from wegbegleitung.notifications import registry
from wegbegleitung.notifications.registry import Due
from wegbegleitung.outbox import nudge_on_commit
from wegbegleitung.services.audit import audit_log

logger = logging.getLogger(__name__)
B = Benachrichtigung.Status
MAX_BACKOFF = timedelta(hours=6)
# Only for the crash test: seconds to wait before each row, so a test can kill the worker
# in the middle of a batch. Unset in every real deployment.
SLOW_DOWN_ENV = "WB_NOTIFICATION_TEST_DELAY"


def switched_off(kind: registry.Kind, user_ids: Iterable[int]) -> set[int]:
    """Users among ``user_ids`` who turned email off for ``kind`` (one query)."""
    if kind.critical:
        return set()
    return set(
        BenachrichtigungEinstellung.objects.filter(
            kind=kind.key, email=False, user_id__in=list(user_ids)
        ).values_list("user_id", flat=True)
    )


def record(kind_key: str, dues: Iterable[Due]) -> int:
    """Log the notices; those already logged are left alone. Returns how many were offered."""
    kind = registry.get(kind_key)
    items = list(dues)
    if not items:
        return 0
    off = switched_off(kind, {d.recipient_id for d in items})
    rows = [
        Benachrichtigung(
            recipient_id=d.recipient_id,
            kind=kind.key,
            subject_type=d.subject_type,
            subject_id=d.subject_id,
            period=d.period,
            region_id=d.region_id,
            context=d.context,
            status=B.NUR_POSTFACH if d.recipient_id in off else B.OFFEN,
        )
        for d in items
    ]
    Benachrichtigung.objects.bulk_create(rows, ignore_conflicts=True, batch_size=2000)
    return len(rows)


def notify(kind_key: str, dues: Iterable[Due]) -> int:
    """Record event notices and mail them at once; returns how many were mailed now."""
    items = list(dues)
    if not items:
        return 0
    record(kind_key, items)
    keys = Q()
    for d in items:
        keys |= Q(recipient_id=d.recipient_id, subject_id=d.subject_id, period=d.period)
    pending = Benachrichtigung.objects.filter(keys, kind=kind_key, status=B.OFFEN)
    return deliver_rows(pending.order_by("id").values_list("pk", flat=True))


def deliver_due(*, now: datetime | None = None, chunk: int = 500) -> int:
    """Mail every row that is waiting and due; returns how many were mailed."""
    moment = now or timezone.now()
    due = Benachrichtigung.objects.filter(status=B.OFFEN, next_attempt_at__lte=moment)
    sent, last_id = 0, 0
    while True:
        ids = list(due.filter(pk__gt=last_id).order_by("pk").values_list("pk", flat=True)[:chunk])
        if not ids:
            return sent
        sent += deliver_rows(ids)
        last_id = ids[-1]


def deliver_rows(ids: Iterable[int]) -> int:
    """Mail the given rows over one SMTP connection."""
    delay = envfloat(SLOW_DOWN_ENV, 0.0)
    connection = mailers.default
    # when the server cannot be reached, each row records the failure of its own attempt
    with contextlib.suppress(OSError):
        connection.open()
    sent = 0
    try:
        for pk in ids:
            if delay:
                time.sleep(delay)
            sent += deliver(pk, connection=connection)
    finally:
        connection.close()
    return sent


def deliver(pk: int, *, connection: Any = None) -> bool:
    """Mail one row if it is still waiting and nobody else is mailing it (see module doc)."""
    with transaction.atomic():
        row = (
            Benachrichtigung.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient")
            .filter(pk=pk, status=B.OFFEN, next_attempt_at__lte=timezone.now())
            .first()
        )
        if row is None:
            return False
        try:
            message = build_message(row)
            (connection or mailers.default).send_messages([message])
        except Exception as exc:  # noqa: BLE001 - any failure of one mail is recorded, not raised
            _record_failure(row, exc)
            return False
        mark_sent(row)
    return True


def build_message(row: Benachrichtigung) -> EmailMultiAlternatives:
    kind = registry.get(row.kind)
    recipient: User = row.recipient
    # rendered now from the current records: the row keeps references only (registry doc)
    context = {**registry.context_for(row), "recipient_name": recipient.get_short_name()}
    message = render_templated_mail(to=[recipient.email], template=kind.template, context=context)
    message.extra_headers["Message-ID"] = message_id(row)
    return message


def message_id(row: Benachrichtigung) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"<benachrichtigung-{row.pk}@{host}>"


def mark_sent(row: Benachrichtigung) -> None:
    row.status, row.sent_at = B.GESENDET, timezone.now()
    row.attempts += 1
    row.last_error = ""
    row.save(update_fields=["status", "sent_at", "attempts", "last_error"])


def _record_failure(row: Benachrichtigung, exc: Exception) -> None:
    logger.warning("notification %s not mailed: %r", row.pk, exc)
    row.attempts += 1
    row.last_error = f"{type(exc).__name__}: {exc}"[:500]
    if row.attempts >= settings.WB_NOTIFICATION_MAX_ATTEMPTS:
        row.status = B.FEHLGESCHLAGEN
    else:
        row.next_attempt_at = timezone.now() + backoff(row.attempts)
    row.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])


def backoff(attempts: int) -> timedelta:
    """Wait after the ``attempts``-th failure: the base, doubled each time, at most 6 hours."""
    seconds = settings.WB_NOTIFICATION_RETRY_SECONDS * 2 ** max(attempts - 1, 0)
    return min(timedelta(seconds=seconds), MAX_BACKOFF)


@transaction.atomic
def benachrichtigungen_retry(*, acting_user: User, rows: QuerySet[Benachrichtigung]) -> int:
    """A coordinator sends failed or waiting rows again now (admin action)."""
    ids = list(rows.filter(status__in=[B.OFFEN, B.FEHLGESCHLAGEN]).values_list("pk", flat=True))
    Benachrichtigung.objects.filter(pk__in=ids).update(
        status=B.OFFEN, next_attempt_at=timezone.now(), attempts=0
    )
    for pk in ids:
        audit_log(actor=acting_user, action="benachrichtigung.retry", obj=Benachrichtigung(pk=pk))
    from wegbegleitung.tasks import deliver_notifications

    # the rows wait in the database; the broker only makes it sooner than the next beat run
    nudge_on_commit(deliver_notifications)
    return len(ids)
