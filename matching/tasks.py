"""Celery adapters of the matching app: ids in, a service call, safe to run twice."""

from __future__ import annotations

from celery import shared_task

from matching.services.records import vereinbarung_render


@shared_task
def render_vereinbarung(vereinbarung_id: int) -> bool:
    return vereinbarung_render(vereinbarung_id=vereinbarung_id)
