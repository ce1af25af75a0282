"""Study waves and their answers in the one retention schedule (``wegbegleitung.retention``):
deleted WB_RETENTION_STUDY_MONTHS after they were due (the study's years under the research
consent, plus the time to analyse and publish)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from forschung.models import Welle
from wegbegleitung.retention import Kind, months_back, register


def _due(today: date) -> QuerySet[Welle]:
    return Welle.objects.filter(
        faellig_am__lte=months_back(today, settings.WB_RETENTION_STUDY_MONTHS)
    )


def purge(today: date) -> int:
    """The waves with their answers (cascade); returns how many waves."""
    waves = _due(today)
    count = waves.count()
    waves.delete()
    return count


def connect() -> None:
    register(Kind(
        "study_answers", _("Study waves and answers"), "WB_RETENTION_STUDY_MONTHS",
        lambda today: _due(today).count(), purge, order=60,
    ))  # fmt: skip
