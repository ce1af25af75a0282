"""The volunteer's certificates of engagement (``wegbegleitung.personal_data``); who signed them
is a staff member's data and left out."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from nachweise.models import Nachweis
from wegbegleitung.erasure import Action, Step
from wegbegleitung.personal_data import Kind, Section, Subject, section


def collect(subject: Subject) -> list[Section]:
    if subject.kind != Kind.WEGBEGLEITER:
        return []
    rows = Nachweis.objects.filter(wegbegleiter_id=subject.pk).order_by("pk")
    return [
        section(
            "certificates_of_engagement", _("Certificates of engagement"), rows,
            exclude=("signed_name", "signed_role", "pdf", "attempts", "figures"),
        )
    ]  # fmt: skip


def erase(subject: Subject, *, execute: bool) -> list[Step]:
    """The certificates stay for WB_NACHWEIS_RETENTION_MONTHS after leaving (the volunteer may
    still ask the coordination for a copy); ``nachweise_purge`` deletes them then."""
    if subject.kind != Kind.WEGBEGLEITER:
        return []
    kept = Nachweis.objects.filter(wegbegleiter_id=subject.pk).count()
    reason = _(
        "A certificate of engagement is the volunteer's own proof; the coordination can hand "
        "out a copy for a while after the account is deleted (GDPR Art. 17(3)(e))"
    )
    until = str(_("%(months)s months after leaving (WB_NACHWEIS_RETENTION_MONTHS)")) % {
        "months": settings.WB_NACHWEIS_RETENTION_MONTHS
    }
    return [Step(_("Certificates of engagement"), Action.KEEP, kept, reason, until)]
