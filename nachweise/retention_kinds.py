"""The certificates of engagement of deleted accounts in the one retention schedule
(``wegbegleitung.retention``): ``services.nachweise_purge`` after WB_NACHWEIS_RETENTION_MONTHS."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext_lazy as _

from nachweise.models import Nachweis
from nachweise.permissions import within_retention
from nachweise.services import nachweise_purge
from wegbegleitung.retention import Kind, register


def due(today: date) -> int:
    gone = Nachweis.objects.select_related("wegbegleiter__user").filter(
        wegbegleiter__user__is_active=False
    )
    return sum(1 for n in gone if not within_retention(n.wegbegleiter, today=today))


def connect() -> None:
    register(Kind(
        "certificates_of_engagement", _("Certificates of engagement of deleted accounts"),
        "WB_NACHWEIS_RETENTION_MONTHS", due, lambda today: nachweise_purge(today=today),
        order=30,
    ))  # fmt: skip
