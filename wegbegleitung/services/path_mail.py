"""Telling the coordinators of a region when a volunteer pauses, resumes or leaves in the portal.

Rules: the mail names the person and the new status only; the reason (which may be personal)
stays in the admin. Sent by a Celery task after the transition committed.
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
