"""Celery adapters of the certificates: ids in, a service call, safe to run twice."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nachweise.services import nachweis_render, nachweise_purge
from wegbegleitung import outbox


@shared_task
def render_nachweis(nachweis_id: int) -> bool:
    return nachweis_render(nachweis_id=nachweis_id)


@shared_task(autoretry_for=(OSError,), retry_backoff=30, retry_backoff_max=3600, max_retries=8)
def notify_nachweis_ready(nachweis_id: int) -> int:
    from nachweise.notifications import nachweis_ready_notify

    return nachweis_ready_notify(nachweis_id=nachweis_id)


@shared_task
def purge_nachweise() -> int:
    return nachweise_purge(today=timezone.localdate())


@shared_task(autoretry_for=(OSError,), retry_backoff=30, retry_backoff_max=3600, max_retries=8)
def notify_nachweis_coordination(nachweis_id: int, event: str) -> int:
    from nachweise.notifications import nachweis_coordination_notify

    return nachweis_coordination_notify(nachweis_id=nachweis_id, event=event)


outbox.describe({
    render_nachweis: _("Render a certificate of engagement"),
    notify_nachweis_ready: _("Tell a volunteer the certificate is ready"),
    purge_nachweise: _("Delete certificates that are due"),
    notify_nachweis_coordination: _("Tell the coordinators about a certificate"),
})  # fmt: skip
