"""Celery adapters of the reports app: ids in, a service call, safe to run twice."""

from __future__ import annotations

from celery import shared_task
from django.utils.translation import gettext_lazy as _

from berichte.services import jahresbericht_render
from wegbegleitung import outbox


@shared_task
def render_jahresbericht(jahresbericht_id: int) -> bool:
    return jahresbericht_render(jahresbericht_id=jahresbericht_id)


outbox.describe({render_jahresbericht: _("Render an annual report PDF")})
