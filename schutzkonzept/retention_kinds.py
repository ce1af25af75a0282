"""Safeguarding's kinds in the one retention schedule (``wegbegleitung.retention``).

- certificate inspections: the rules stay in ``schutzkonzept.retention`` and
  ``services.deletion`` (§ 72a(5) SGB VIII);
- concerns (§ 8a SGB VIII): a closed concern with all its documented steps goes
  WB_RETENTION_CONCERN_MONTHS after it was closed; an open one never goes. The documentation
  is what shows, years later, that the association acted on a concern (docs/records-of-
  processing.md gives the reasoning for the long default).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from schutzkonzept.models import Meldung
from schutzkonzept.services.deletion import due_deletions, fuehrungszeugnis_purge
from wegbegleitung.retention import Kind, end_of, months_back, register


def _concerns(today: date) -> QuerySet[Meldung]:
    cutoff = end_of(months_back(today, settings.WB_RETENTION_CONCERN_MONTHS))
    return Meldung.objects.filter(status=Meldung.Status.ABGESCHLOSSEN, status_since__lt=cutoff)


def concerns_purge(today: date) -> int:
    """The steps go with their concern (cascade); a suspension keeps its row without the link."""
    ids = list(_concerns(today).values_list("pk", flat=True))
    Meldung.objects.filter(pk__in=ids).delete()
    return len(ids)


def connect() -> None:
    register(Kind(
        "certificates", _("Criminal-record certificate inspections (§ 72a SGB VIII)"),
        "WB_CERTIFICATE_DELETE_AFTER_MONTHS, WB_CERTIFICATE_UNUSED_MONTHS",
        lambda today: len(due_deletions(today)),
        lambda today: len(fuehrungszeugnis_purge(today=today)), order=10,
    ))  # fmt: skip
    register(Kind(
        "concerns", _("Closed concerns and their steps (§ 8a SGB VIII)"),
        "WB_RETENTION_CONCERN_MONTHS", lambda today: _concerns(today).count(), concerns_purge,
        order=15,
    ))  # fmt: skip
