"""Celery adapters of the expenses: ids in, a service call, safe to run twice."""

from __future__ import annotations

from celery import shared_task
from django.utils.translation import gettext_lazy as _

from wegbegleitung import outbox


@shared_task(autoretry_for=(OSError,), retry_backoff=30, retry_backoff_max=3600, max_retries=8)
def notify_auslage_decided(auslage_id: int) -> int:
    from auslagen.notifications import auslage_decided_notify

    return auslage_decided_notify(auslage_id=auslage_id)


outbox.describe({
    notify_auslage_decided: _("Tell a volunteer an expense was decided"),
})  # fmt: skip
