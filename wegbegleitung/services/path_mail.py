"""Mails about steps on the mentor's path, sent by Celery tasks after the step committed.

Rules: coordinators of the region hear when a volunteer pauses, resumes or leaves in the portal;
the volunteer hears of the decision on their application. The mails name the step and status
only: reasons (which may be personal) stay in the admin and are told in person. Both go through
the notification log (one notice per status change, however often the task runs). The logged
rows keep references only (the step and the status as codes); names, labels and links are
rendered when the mail is sent or the inbox shown (``connect``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from wegbegleitung.models import Benachrichtigung, Wegbegleiter
from wegbegleitung.notifications import registry
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
    context = {"action": action, "status_code": wegbegleiter.status}
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
    context = {"outcome": outcome}
    due = Due(
        wegbegleiter.user_id, WEGBEGLEITER, wegbegleiter.pk, _period(wegbegleiter),
        wegbegleiter.region_id, context,
    )  # fmt: skip
    notify("path_decision", [due])
    return 1


def _volunteers(rows: Sequence[Benachrichtigung]) -> dict[int, Wegbegleiter]:
    return Wegbegleiter.objects.select_related("user").in_bulk({r.subject_id for r in rows})


def render_status(rows: Sequence[Benachrichtigung]) -> dict[int, dict[str, Any]]:
    volunteers = _volunteers(rows)
    result = {}
    for row in rows:
        w = volunteers.get(row.subject_id)
        action = TRANSITIONS.get(str(row.context.get("action", "")))
        if w is not None and action is not None:
            code = str(row.context.get("status_code", w.status))
            result[row.pk] = {
                "name": str(w.user),
                "step": str(action.label),
                "status": str(dict(Wegbegleiter.Status.choices).get(code, code)),
                "url": link("admin:wegbegleitung_wegbegleiter_change", w.pk),
            }
    return result


def render_decision(rows: Sequence[Benachrichtigung]) -> dict[int, dict[str, Any]]:
    volunteers = _volunteers(rows)
    return {
        row.pk: {
            "name": volunteers[row.subject_id].user.get_short_name(),
            "url": link("portal:start"),
        }
        for row in rows
        if row.subject_id in volunteers
    }


def connect() -> None:
    """Called from ``WegbegleitungConfig.ready()``, after the kinds are registered."""
    registry.attach_renderer("path_status", render_status)
    registry.attach_renderer("path_decision", render_decision)
