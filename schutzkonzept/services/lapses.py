"""Clearance that lapses while a volunteer is active.

Rules (DOMAIN.md "Safeguarding"): when clearance lapses during an active match, the coordinator
and the volunteer are told and the match is not silently ended. This module finds volunteers whose
activity is ongoing (``activity_started_on`` set, ``activity_ended_on`` empty) and who are not
cleared, records the lapse once (one open lapse per volunteer, a database constraint) and mails
both sides after commit; when clearance is back, the lapse is marked resolved. Marking the match
itself belongs to the matching app, which reads ``FreigabeVerlust`` or ``lapsed_clearance_list``.
A volunteer whose matches have all ended (``schutzkonzept.providers``) is no longer active: when
their certificate is deleted on the § 72a(5) clock, that is no lapse.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from schutzkonzept import providers
from schutzkonzept.clearance import annotate_clearance
from schutzkonzept.models import FreigabeVerlust
from wegbegleitung import data_generation, outbox
from wegbegleitung.models import Benachrichtigung, Wegbegleiter
from wegbegleitung.notifications.common import coordinators_by_region
from wegbegleitung.notifications.delivery import deliver_rows, record
from wegbegleitung.notifications.registry import Due
from wegbegleitung.services.audit import audit_log


def active_wegbegleiter() -> QuerySet[Wegbegleiter]:
    return Wegbegleiter.objects.filter(
        activity_started_on__isnull=False, activity_ended_on__isnull=True
    )


def lapsed_clearance_list(qs: QuerySet[Wegbegleiter] | None = None) -> QuerySet[Wegbegleiter]:
    """Active volunteers (or those of ``qs``) without clearance, in one query."""
    base = active_wegbegleiter() if qs is None else qs
    return annotate_clearance(base).filter(Q(is_cleared=False)).select_related("user", "region")


@transaction.atomic
def clearance_lapses_check(*, today: date | None = None) -> tuple[list[int], list[int]]:
    """Record new lapses and resolve healed ones; returns (new ids, resolved ids)."""
    today = today or timezone.localdate()
    lapsed_ids = set(lapsed_clearance_list().values_list("pk", flat=True))
    lapsed_ids -= _all_matches_closed(lapsed_ids)
    open_lapses = dict(
        FreigabeVerlust.objects.filter(resolved_on__isnull=True).values_list(
            "wegbegleiter_id", "pk"
        )
    )
    created = []
    for wegbegleiter_id in sorted(lapsed_ids - open_lapses.keys()):
        lapse = FreigabeVerlust.objects.create(wegbegleiter_id=wegbegleiter_id, detected_on=today)
        audit_log(
            actor=None,
            action="freigabe.lapse",
            obj=lapse,
            details={"wegbegleiter": wegbegleiter_id},
        )
        created.append(lapse.pk)
    resolved = [pk for w_id, pk in open_lapses.items() if w_id not in lapsed_ids]
    if FreigabeVerlust.objects.filter(pk__in=resolved).update(resolved_on=today):
        data_generation.data_changed()  # an update sends no model signal
    for pk in resolved:
        audit_log(actor=None, action="freigabe.restore", obj=FreigabeVerlust(pk=pk))
    from schutzkonzept.tasks import notify_clearance_lapse

    for pk in created:
        outbox.enqueue(notify_clearance_lapse, pk)
    return created, resolved


def _all_matches_closed(wegbegleiter_ids: set[int]) -> set[int]:
    """Volunteers whose matches have all ended (they stay in the pool): their certificate may
    be deleted on the § 72a(5) clock, which is no lapse during an activity."""
    history = providers.match_history(wegbegleiter_ids)
    return {pk for pk, h in history.items() if not h.open and h.last_end is not None}


def freigabe_verlust_notify(*, lapse_id: int) -> bool:
    """Tell the volunteer and the region's coordinators, once (through the notification log)."""
    with transaction.atomic():
        lapse = (
            FreigabeVerlust.objects.select_for_update(of=("self",))
            .select_related("wegbegleiter__user", "wegbegleiter__region")
            .filter(pk=lapse_id, notified_at__isnull=True, resolved_on__isnull=True)
            .first()
        )
        if lapse is None:
            return False
        wegbegleiter = lapse.wegbegleiter
        # references only: what is missing (it may say a conviction is listed) and the name are
        # rendered when the mail goes out (schutzkonzept.notifications), never kept in the log
        record("clearance_lapse", [_due(lapse, wegbegleiter.user_id)])
        coordinators = coordinators_by_region([wegbegleiter.region_id])
        record(
            "clearance_lapse_coordination",
            [_due(lapse, pk) for pk in coordinators.get(wegbegleiter.region_id or 0, [])],
        )
        lapse.notified_at = timezone.now()
        lapse.save(update_fields=["notified_at"])
    deliver_rows(
        Benachrichtigung.objects.filter(
            subject_type="schutzkonzept.freigabeverlust", subject_id=lapse.pk, status="offen"
        ).values_list("pk", flat=True)
    )
    return True


def _due(lapse: FreigabeVerlust, user_id: int) -> Due:
    region_id = lapse.wegbegleiter.region_id
    return Due(user_id, "schutzkonzept.freigabeverlust", lapse.pk, "neu", region_id)
