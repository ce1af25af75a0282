"""Writes of the reports app: requesting, rendering and handing out the annual report.

Rules:
- An annual report covers one of the requesting user's regions or all of them; the regions are
  fixed at the request, and only people who may see all of them may download it.
- It is rendered after commit by Celery (through the outbox), once: a second run of a finished
  report changes nothing. Progress is saved as it goes, so the coordinator can watch it.
- Requests and downloads are audited with the year and region ids (no personal data).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from berichte.models import Jahresbericht
from berichte.selectors import scope_for
from wegbegleitung.outbox import enqueue
from wegbegleitung.services.audit import audit_log

if TYPE_CHECKING:
    from wegbegleitung.models import Region, User

logger = logging.getLogger(__name__)


@transaction.atomic
def jahresbericht_request(*, acting_user: User, jahr: int, region: Region | None) -> Jahresbericht:
    from berichte.tasks import render_jahresbericht

    if jahr > timezone.localdate().year:
        raise ValidationError(_("The year has not begun yet."))
    region_ids = scope_for(acting_user, region.pk if region is not None else None)
    if not region_ids:
        raise ValidationError(_("You are not responsible for this region."))
    bericht = Jahresbericht.objects.create(
        jahr=jahr, region=region, region_ids=region_ids, requested_by=acting_user
    )
    audit_log(
        actor=acting_user,
        action="jahresbericht.create",
        obj=bericht,
        details={"jahr": jahr, "region_ids": region_ids},
    )
    enqueue(render_jahresbericht, bericht.pk)
    return bericht


def _progress(pk: int, percent: int, status: str = Jahresbericht.Status.LAEUFT) -> None:
    """Saved at once (own transaction) so the progress page sees it while the render runs."""
    Jahresbericht.objects.filter(pk=pk).update(fortschritt=percent, status=status)


def jahresbericht_render(*, jahresbericht_id: int) -> bool:
    """Compute the figures, draw the charts, render the PDF; False when there is nothing to do."""
    from berichte.pdf import render_jahresbericht_pdf

    bericht = (
        Jahresbericht.objects.select_related("requested_by", "region")
        .filter(pk=jahresbericht_id)
        .first()
    )
    if bericht is None or bericht.status == Jahresbericht.Status.FERTIG:
        return False
    _progress(bericht.pk, 5)
    try:
        relative = render_jahresbericht_pdf(
            bericht, progress=lambda percent: _progress(bericht.pk, percent)
        )
    except Exception as exc:  # noqa: BLE001 - recorded for the coordinator, not retried forever
        logger.exception("annual report %s failed", bericht.pk)
        Jahresbericht.objects.filter(pk=bericht.pk).update(
            status=Jahresbericht.Status.FEHLER, fehler=f"{type(exc).__name__}"[:500]
        )
        return False
    with transaction.atomic():
        Jahresbericht.objects.filter(pk=bericht.pk).update(
            status=Jahresbericht.Status.FERTIG,
            fortschritt=100,
            datei=relative,
            finished_at=timezone.now(),
        )
        audit_log(
            actor=None,
            action="jahresbericht.render",
            obj=bericht,
            details={"jahr": bericht.jahr, "region_ids": bericht.region_ids},
        )
    return True


def jahresbericht_downloaded(*, acting_user: User, jahresbericht: Jahresbericht) -> None:
    audit_log(
        actor=acting_user,
        action="jahresbericht.download",
        obj=jahresbericht,
        details={"jahr": jahresbericht.jahr, "region_ids": jahresbericht.region_ids},
    )
