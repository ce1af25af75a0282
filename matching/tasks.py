"""Celery adapters of the matching app: ids in, a service call, safe to run twice."""

from __future__ import annotations

from celery import shared_task
from django.utils.translation import gettext_lazy as _

from matching.services.records.vereinbarung import vereinbarung_render
from wegbegleitung import outbox


@shared_task
def render_vereinbarung(vereinbarung_id: int) -> bool:
    return vereinbarung_render(vereinbarung_id=vereinbarung_id)


@shared_task(autoretry_for=(OSError,), retry_backoff=30, retry_backoff_max=3600, max_retries=8)
def notify_match_ending(begleitung_id: int, outcome: str) -> int:
    from matching.notifications import match_ending_notify

    return match_ending_notify(begleitung_id=begleitung_id, outcome=outcome)


outbox.describe({
    render_vereinbarung: _("Render an agreement PDF"),
    notify_match_ending: _("Tell the parties a match is ending"),
})  # fmt: skip
