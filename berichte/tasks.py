"""Celery adapters of the reports app: ids in, a service call, safe to run twice."""

from __future__ import annotations

from celery import shared_task

from berichte.services import jahresbericht_render


@shared_task
def render_jahresbericht(jahresbericht_id: int) -> bool:
    return jahresbericht_render(jahresbericht_id=jahresbericht_id)
