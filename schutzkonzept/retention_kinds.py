"""The certificate inspections in the one retention schedule (``wegbegleitung.retention``); the
rules stay in ``schutzkonzept.retention`` and ``services.deletion`` (§ 72a(5) SGB VIII)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from schutzkonzept.services.deletion import due_deletions, fuehrungszeugnis_purge
from wegbegleitung.retention import Kind, register


def connect() -> None:
    register(Kind(
        "certificates", _("Criminal-record certificate inspections (§ 72a SGB VIII)"),
        "WB_CERTIFICATE_DELETE_AFTER_MONTHS, WB_CERTIFICATE_UNUSED_MONTHS",
        lambda today: len(due_deletions(today)),
        lambda today: len(fuehrungszeugnis_purge(today=today)), order=10,
    ))  # fmt: skip
