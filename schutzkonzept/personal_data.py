"""What the safeguarding app may tell a volunteer about themselves (``wegbegleitung.personal_data``).

§ 72a(5) SGB VIII allows storing only three facts of a certificate inspection (that it was
inspected and when, the date of issue, whether a relevant conviction is listed); exactly those
are told, nothing else exists. Also the code-of-conduct signatures and the child-protection
trainings. Concern records (§ 8a SGB VIII) are not part of the download: telling them could
endanger a child's protection (GDPR Art. 23(1)(i), § 83 BDSG-style restriction); the
child-protection lead answers such a request individually (docs/records-of-processing.md).
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from schutzkonzept.models import (
    Antragsbestaetigung,
    FreigabeVerlust,
    Fuehrungszeugnis,
    Schutzschulung,
    Unterzeichnung,
)
from schutzkonzept.pdf import private_path, render_pdf
from wegbegleitung.erasure import Action, Step
from wegbegleitung.personal_data import Kind, Section, Subject, section


def collect(subject: Subject) -> list[Section]:
    if subject.kind != Kind.WEGBEGLEITER:
        return []
    mine = {"wegbegleiter_id": subject.pk}
    return [
        section(
            "certificates", _("Criminal-record certificate inspections (§ 72a SGB VIII)"),
            Fuehrungszeugnis.objects.filter(**mine).order_by("inspected_on", "pk"),
        ),
        section(
            "code_of_conduct", _("Code of conduct signed"),
            Unterzeichnung.objects.filter(**mine).select_related("verhaltenskodex")
            .order_by("pk"), exclude=("pdf",),
        ),
        section(
            "safeguarding_training", _("Child-protection training"),
            Schutzschulung.objects.filter(**mine).order_by("pk"),
        ),
    ]  # fmt: skip


def render(template: str, context: dict[str, Any]) -> bytes:
    return render_pdf(template, context)


_SCHUTZ_REASON = _(
    "§ 72a(5) SGB VIII and the association's child-protection concept: the three facts of the "
    "certificate inspection, the signed code of conduct and the child-protection training are "
    "kept while they serve the activity"
)


def _until() -> str:
    return str(
        _("deleted by the certificate schedule: at once if no match started, else at the latest "
          "%(months)s months after the last activity")
    ) % {"months": settings.WB_CERTIFICATE_DELETE_AFTER_MONTHS}  # fmt: skip


def erase(subject: Subject, *, execute: bool) -> list[Step]:
    """Letters and lapse notices go; the § 72a facts stay until their own deadline (a volunteer
    who never started is deleted by the schedule the same night: ``left_without_activity``)."""
    if subject.kind != Kind.WEGBEGLEITER:
        return []
    mine = {"wegbegleiter_id": subject.pk}
    letters = Antragsbestaetigung.objects.filter(**mine)
    lapses = FreigabeVerlust.objects.filter(**mine)
    kept = (
        Fuehrungszeugnis.objects.filter(**mine).count()
        + Unterzeichnung.objects.filter(**mine).count()
        + Schutzschulung.objects.filter(**mine).count()
    )
    if execute:
        files = [p for p in letters.values_list("pdf", flat=True) if p]
        deleted = letters.delete()[0] + lapses.delete()[0]
        for relative in files:
            transaction.on_commit(partial(_unlink, relative))
    else:
        deleted = letters.count() + lapses.count()
    return [
        Step(_("Certificate application letters and clearance notices"), Action.DELETE, deleted),
        Step(_("Certificate inspection, code of conduct, child-protection training"),
             Action.KEEP, kept, _SCHUTZ_REASON, _until()),
    ]  # fmt: skip


def _unlink(relative: str) -> None:
    private_path(relative).unlink(missing_ok=True)
