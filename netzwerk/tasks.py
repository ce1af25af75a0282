"""Celery adapters of the network: ids in, a notice, safe to run twice (one row per key)."""

from __future__ import annotations

from celery import shared_task
from django.utils.translation import gettext_lazy as _

from wegbegleitung import outbox


@shared_task(autoretry_for=(OSError,), retry_backoff=30, retry_backoff_max=3600, max_retries=8)
def notify_nachgerueckt(anmeldung_id: int) -> int:
    from netzwerk.notifications import moved_up_notify

    return moved_up_notify(anmeldung_id=anmeldung_id)


@shared_task(autoretry_for=(OSError,), retry_backoff=30, retry_backoff_max=3600, max_retries=8)
def notify_antwort(antwort_id: int) -> int:
    from netzwerk.notifications import answer_notify

    return answer_notify(antwort_id=antwort_id)


@shared_task(autoretry_for=(OSError,), retry_backoff=30, retry_backoff_max=3600, max_retries=8)
def notify_abgesagt(anmeldung_id: int) -> int:
    from netzwerk.notifications import called_off_notify

    return called_off_notify(anmeldung_id=anmeldung_id)


outbox.describe({
    notify_abgesagt: _("Tell a registered person a network event was called off"),
    notify_nachgerueckt: _("Tell a person they moved up from a network event's waiting list"),
    notify_antwort: _("Tell a provider its standing-in request was answered"),
})  # fmt: skip
