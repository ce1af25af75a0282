"""Mails about steps on the mentor's path, sent by Celery tasks after the step committed.

Rules: coordinators of the region hear when a volunteer pauses, resumes or leaves in the portal;
the volunteer hears of the decision on their application. The mails name the step and status
only: reasons (which may be personal) stay in the admin and are told in person. Both go through
the notification log (one notice per status change, however often the task runs).
"""

from __future__ import annotations

from wegbegleitung.models import Wegbegleiter
from wegbegleitung.notifications.common import coordinators_by_region, link
from wegbegleitung.notifications.delivery import notify
from wegbegleitung.notifications.registry import Due
from wegbegleitung.services.volunteer_path import TRANSITIONS

WEGBEGLEITER = "wegbegleitung.wegbegleiter"


def _period(wegbegleiter: Wegbegleiter) -> str:
    return wegbegleiter.status_since.isoformat()


def wegbegleiter_notify_coordinators(*, wegbegleiter_id: int, action: str) -> int:
    wegbegleiter = (
        Wegbegleiter.objects.select_related("user", "region").filter(pk=wegbegleiter_id).first()
    )
    if wegbegleiter is None or wegbegleiter.region_id is None or action not in TRANSITIONS:
        return 0
    recipients = coordinators_by_region([wegbegleiter.region_id]).get(wegbegleiter.region_id, [])
    context = {
        "name": str(wegbegleiter.user),
        "step": str(TRANSITIONS[action].label),
        "status": wegbegleiter.get_status_display(),
        "url": link("admin:wegbegleitung_wegbegleiter_change", wegbegleiter.pk),
    }
    dues = [
        Due(user_id, WEGBEGLEITER, wegbegleiter.pk, _period(wegbegleiter),
            wegbegleiter.region_id, context)
        for user_id in recipients
    ]  # fmt: skip
    notify("path_status", dues)
    return len(dues)


def wegbegleiter_notify_decision(*, wegbegleiter_id: int, outcome: str) -> int:
    wegbegleiter = Wegbegleiter.objects.select_related("user").filter(pk=wegbegleiter_id).first()
    if wegbegleiter is None or not wegbegleiter.user.is_active:
        return 0
    context = {
        "name": wegbegleiter.user.get_short_name(),
        "outcome": outcome,
        "url": link("portal:start"),
    }
    due = Due(
        wegbegleiter.user_id, WEGBEGLEITER, wegbegleiter.pk, _period(wegbegleiter),
        wegbegleiter.region_id, context,
    )  # fmt: skip
    notify("path_decision", [due])
    return 1
