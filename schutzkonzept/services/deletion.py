"""Deleting certificate data on schedule.

Rules (§ 72a(5) SGB VIII, as amended in 2021):
- the data of a person who does not take up the activity are deleted immediately: the person
  left, was declined or closed their account, and never started (``activity_started_on`` empty);
  the daily run deletes them on its next pass;
- otherwise at the latest WB_CERTIFICATE_DELETE_AFTER_MONTHS (6) after the last activity, in
  calendar months (last activity 31 August: deleted by the run on the last day of February);
  a person who left without a recorded last day counts from the day they left;
- every deletion leaves an audit event that names the record and the reason, never the
  deleted data (no dates, no result).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from schutzkonzept.dates import last_date_reaching
from schutzkonzept.models import Fuehrungszeugnis
from wegbegleitung.models import Wegbegleiter
from wegbegleitung.services.audit import audit_log

NOT_TAKEN_UP = "not_taken_up"
RETENTION_ELAPSED = "retention_elapsed"

_GONE = [Wegbegleiter.Status.AUSGESCHIEDEN, Wegbegleiter.Status.ABGELEHNT]


@dataclass(frozen=True)
class DueDeletion:
    zeugnis_id: int
    wegbegleiter_id: int
    reason: str


def _not_taken_up() -> Q:
    return Q(wegbegleiter__activity_started_on__isnull=True) & (
        Q(wegbegleiter__status__in=_GONE) | Q(wegbegleiter__user__is_active=False)
    )


def _retention_elapsed(today: date) -> Q:
    last_day = last_date_reaching(today, settings.WB_CERTIFICATE_DELETE_AFTER_MONTHS)
    left_before = timezone.make_aware(datetime.combine(last_day, time.max))
    return Q(wegbegleiter__activity_ended_on__lte=last_day) | Q(
        wegbegleiter__activity_ended_on__isnull=True,
        wegbegleiter__activity_started_on__isnull=False,
        wegbegleiter__status=Wegbegleiter.Status.AUSGESCHIEDEN,
        wegbegleiter__status_since__lte=left_before,
    )


def certificates_due_for_deletion(today: date | None = None) -> QuerySet[Fuehrungszeugnis]:
    today = today or timezone.localdate()
    return Fuehrungszeugnis.objects.filter(_not_taken_up() | _retention_elapsed(today)).order_by(
        "wegbegleiter_id", "id"
    )


def due_deletions(today: date | None = None) -> list[DueDeletion]:
    rows = certificates_due_for_deletion(today).values_list(
        "pk", "wegbegleiter_id", "wegbegleiter__activity_started_on"
    )
    return [
        DueDeletion(pk, wegbegleiter_id, RETENTION_ELAPSED if started else NOT_TAKEN_UP)
        for pk, wegbegleiter_id, started in rows
    ]


@transaction.atomic
def fuehrungszeugnis_purge(*, today: date | None = None) -> list[DueDeletion]:
    """Delete what is due; safe to run twice (the second run finds nothing)."""
    due = due_deletions(today)
    for item in due:
        zeugnis = Fuehrungszeugnis(pk=item.zeugnis_id)
        audit_log(
            actor=None,
            action="fuehrungszeugnis.delete",
            obj=zeugnis,
            details={"wegbegleiter": item.wegbegleiter_id, "reason": item.reason},
        )
    Fuehrungszeugnis.objects.filter(pk__in=[item.zeugnis_id for item in due]).delete()
    return due
