"""Mails about steps on the mentor's path, sent by Celery tasks after the step committed.

Rules: coordinators of the region hear when a volunteer pauses, resumes or leaves in the portal;
the volunteer hears of the decision on their application. The mails name the step and status
only: reasons (which may be personal) stay in the admin and are told in person.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from wegbegleitung.mail import send_templated_mail
from wegbegleitung.models import Wegbegleiter
from wegbegleitung.services.volunteer_path import TRANSITIONS


def wegbegleiter_notify_coordinators(*, wegbegleiter_id: int, action: str) -> int:
    wegbegleiter = (
        Wegbegleiter.objects.select_related("user", "region").filter(pk=wegbegleiter_id).first()
    )
    if wegbegleiter is None or wegbegleiter.region is None or action not in TRANSITIONS:
        return 0
    recipients = sorted(
        wegbegleiter.region.coordinators.filter(is_active=True).values_list("email", flat=True)
    )
    if not recipients:
        return 0
    url = settings.SITE_URL + reverse(
        "admin:wegbegleitung_wegbegleiter_change", args=[wegbegleiter.pk]
    )
    context = {
        "name": str(wegbegleiter.user),
        "step": str(TRANSITIONS[action].label),
        "status": wegbegleiter.get_status_display(),
        "url": url,
    }
    send_templated_mail(to=recipients, template="path_status", context=context)
    return len(recipients)


def wegbegleiter_notify_decision(*, wegbegleiter_id: int, outcome: str) -> int:
    wegbegleiter = Wegbegleiter.objects.select_related("user").filter(pk=wegbegleiter_id).first()
    if wegbegleiter is None or not wegbegleiter.user.is_active:
        return 0
    context = {
        "name": wegbegleiter.user.get_short_name(),
        "outcome": outcome,
        "url": settings.SITE_URL + reverse("portal:start"),
    }
    send_templated_mail(to=[wegbegleiter.user.email], template="path_decision", context=context)
    return 1
