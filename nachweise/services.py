"""Every write of the certificates of engagement (issue 16 §4).

Rules:
- the volunteer asks for a certificate of their own engagement, for the whole of it (from the
  first activity to today, or to the day they left) or a period within it; one request waits at
  a time (a database constraint);
- a coordinator of the volunteer's region signs it off (name, role, an optional sentence of
  appreciation) or issues one directly, also for a volunteer who left; the figures are frozen at
  that moment (``nachweise.figures``), so the PDF says what she saw;
- the PDF is made after the commit by a Celery task through the outbox (it survives a broker
  outage); a failed rendering is stored as "could not be made" and a coordinator starts it again;
- the volunteer gets a notice when it is ready; the region's coordinators when a request waits
  for the sign-off and when a PDF could not be made;
- every step is audited, with the period and never a name;
- after the volunteer's account is deleted, only coordinators may download a certificate, for
  WB_NACHWEIS_RETENTION_MONTHS after the day they left; then it is deleted (``nachweise_purge``).
"""

from __future__ import annotations

import logging
from datetime import date
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nachweise import selectors
from nachweise.models import Nachweis
from nachweise.permissions import (
    account_deleted,
    can_issue_nachweis,
    can_request_nachweis,
    can_sign_nachweis,
    within_retention,
)
from schutzkonzept.pdf import private_path
from wegbegleitung.models import User, Wegbegleiter
from wegbegleitung.outbox import enqueue
from wegbegleitung.services.audit import audit_log

logger = logging.getLogger(__name__)
St = Nachweis.Status


def check_period(
    wegbegleiter: Wegbegleiter, period_from: date | None, period_to: date | None
) -> tuple[date, date]:
    """The chosen period, or the whole engagement; refused when it leaves the engagement."""
    bounds = selectors.engagement_period(wegbegleiter, today=timezone.localdate())
    if bounds is None:
        raise ValidationError(
            _("There is no activity yet that a certificate could confirm: it starts with the "
              "first training, supervision or match.")
        )  # fmt: skip
    start, end = period_from or bounds[0], period_to or bounds[1]
    if start > end:
        raise ValidationError(_("The start of the period must not be after its end."))
    if start < bounds[0] or end > bounds[1]:
        raise ValidationError(
            _("The period must lie within the engagement: from %(start)s to %(end)s.")
            % {"start": f"{bounds[0]:%d.%m.%Y}", "end": f"{bounds[1]:%d.%m.%Y}"}
        )
    return start, end


def _details(nachweis: Nachweis) -> dict[str, str]:
    # the period is a parameter, not personal data; German dates, as the audit page shows them
    return {"from": f"{nachweis.period_from:%d.%m.%Y}", "to": f"{nachweis.period_to:%d.%m.%Y}"}


@transaction.atomic
def nachweis_request(
    *,
    acting_user: User,
    wegbegleiter: Wegbegleiter,
    period_from: date | None = None,
    period_to: date | None = None,
) -> Nachweis:
    locked = Wegbegleiter.objects.select_for_update().get(pk=wegbegleiter.pk)
    if not can_request_nachweis(acting_user, locked):
        raise PermissionDenied(_("Only the volunteer can ask for their own certificate."))
    if Nachweis.objects.filter(wegbegleiter=locked, status=St.BEANTRAGT).exists():
        raise ValidationError(
            _("You have already asked for a certificate; your coordinator is looking at it.")
        )
    start, end = check_period(locked, period_from, period_to)
    nachweis = Nachweis.objects.create(
        wegbegleiter=locked, period_from=start, period_to=end, requested_by=acting_user
    )
    audit_log(
        actor=acting_user, action="nachweis.request", obj=nachweis, details=_details(nachweis)
    )
    from nachweise.tasks import notify_nachweis_coordination

    enqueue(notify_nachweis_coordination, nachweis.pk, "requested")
    return nachweis


def _check_signature(signed_name: str, signed_role: str) -> tuple[str, str]:
    name, role = signed_name.strip(), signed_role.strip()
    if not name or not role:
        raise ValidationError(_("Please sign with your name and your role."))
    return name, role


def _sign(
    nachweis: Nachweis, acting_user: User, appreciation: str, signed_name: str, signed_role: str
) -> None:
    """Freeze the figures, sign, and promise the PDF (the row is locked by the caller)."""
    name, role = _check_signature(signed_name, signed_role)
    figures = selectors.figures_for(
        nachweis.wegbegleiter, period_from=nachweis.period_from, period_to=nachweis.period_to
    )
    nachweis.figures = figures.to_json()
    nachweis.appreciation = appreciation.strip()
    nachweis.signed_name, nachweis.signed_role = name, role
    nachweis.signed_by, nachweis.signed_at = acting_user, timezone.now()
    nachweis.status = St.IN_ERSTELLUNG
    nachweis.full_clean(exclude=["wegbegleiter", "requested_by", "signed_by"])
    nachweis.save()
    from nachweise.tasks import render_nachweis

    enqueue(render_nachweis, nachweis.pk)


@transaction.atomic
def nachweis_sign(
    *,
    acting_user: User,
    nachweis: Nachweis,
    signed_name: str,
    signed_role: str,
    appreciation: str = "",
) -> Nachweis:
    locked = (
        Nachweis.objects.select_for_update(of=("self",))
        .select_related("wegbegleiter")
        .get(pk=nachweis.pk)
    )
    if not can_sign_nachweis(acting_user, locked):
        raise PermissionDenied(_("You may sign off certificates only for your own regions."))
    if locked.status != St.BEANTRAGT:
        raise ValidationError(_("This certificate has already been signed off."))
    _sign(locked, acting_user, appreciation, signed_name, signed_role)
    audit_log(actor=acting_user, action="nachweis.sign", obj=locked, details=_details(locked))
    return locked


@transaction.atomic
def nachweis_issue(
    *,
    acting_user: User,
    wegbegleiter: Wegbegleiter,
    signed_name: str,
    signed_role: str,
    appreciation: str = "",
    period_from: date | None = None,
    period_to: date | None = None,
) -> Nachweis:
    """A coordinator issues a certificate without a request (e.g. for a volunteer who left)."""
    locked = Wegbegleiter.objects.select_for_update().get(pk=wegbegleiter.pk)
    if not can_issue_nachweis(acting_user, locked):
        raise PermissionDenied(_("You may issue certificates only for your own regions."))
    if account_deleted(locked):
        raise ValidationError(
            _("The account of this volunteer has been deleted: a new certificate cannot be issued.")
        )
    start, end = check_period(locked, period_from, period_to)
    nachweis = Nachweis(
        wegbegleiter=locked, period_from=start, period_to=end, requested_by=acting_user
    )
    _sign(nachweis, acting_user, appreciation, signed_name, signed_role)
    audit_log(actor=acting_user, action="nachweis.issue", obj=nachweis, details=_details(nachweis))
    return nachweis


@transaction.atomic
def nachweis_retry(*, acting_user: User, nachweis: Nachweis) -> Nachweis:
    """Start a failed rendering again."""
    locked = (
        Nachweis.objects.select_for_update(of=("self",))
        .select_related("wegbegleiter")
        .get(pk=nachweis.pk)
    )
    if not can_sign_nachweis(acting_user, locked):
        raise PermissionDenied(_("You may sign off certificates only for your own regions."))
    if locked.status != St.FEHLER:
        raise ValidationError(_("Only a certificate whose PDF could not be made can be retried."))
    locked.status = St.IN_ERSTELLUNG
    locked.save(update_fields=["status"])
    from nachweise.tasks import render_nachweis

    enqueue(render_nachweis, locked.pk)
    audit_log(actor=acting_user, action="nachweis.render_retry", obj=locked)
    return locked


def nachweis_render(*, nachweis_id: int) -> bool:
    """Make the PDF of a signed certificate once (the task's body; safe to run twice).

    A failure is stored as the German status "could not be made" and logged; the outbox does not
    repeat it on its own (a broken template fails every time): a coordinator retries."""
    with transaction.atomic():
        nachweis = (
            Nachweis.objects.select_for_update(of=("self",))
            .select_related("wegbegleiter__user")
            .filter(pk=nachweis_id, status=St.IN_ERSTELLUNG)
            .first()
        )
        if nachweis is None:
            return False
        nachweis.attempts += 1
        try:
            _render_into(nachweis)
        except Exception:  # noqa: BLE001 - any failure of WeasyPrint or the disk: shown, retried
            logger.exception("certificate of engagement %s: PDF could not be made", nachweis_id)
            nachweis.status = St.FEHLER
            nachweis.save(update_fields=["status", "attempts"])
            audit_log(actor=None, action="nachweis.render_failed", obj=nachweis)
            from nachweise.tasks import notify_nachweis_coordination

            enqueue(notify_nachweis_coordination, nachweis.pk, "failed")
            return False
        nachweis.status, nachweis.rendered_at = St.FERTIG, timezone.now()
        nachweis.save(update_fields=["pdf", "status", "rendered_at", "attempts"])
        audit_log(actor=None, action="nachweis.render", obj=nachweis)
        from nachweise.tasks import notify_nachweis_ready

        enqueue(notify_nachweis_ready, nachweis.pk)
    return True


def _render_into(nachweis: Nachweis) -> None:
    from nachweise.pdf import render_nachweis_pdf

    render_nachweis_pdf(nachweis)


def nachweis_downloaded(*, acting_user: User, nachweis: Nachweis) -> None:
    audit_log(actor=acting_user, action="nachweis.download", obj=nachweis)


def _unlink(relative: str) -> None:
    private_path(relative).unlink(missing_ok=True)


def nachweise_purge(*, today: date) -> int:
    """Delete the certificates (files and rows) of deleted accounts whose retention is over."""
    gone = Nachweis.objects.select_related("wegbegleiter__user").filter(
        wegbegleiter__user__is_active=False
    )
    due = [n for n in gone if not within_retention(n.wegbegleiter, today=today)]
    with transaction.atomic():
        Nachweis.objects.filter(pk__in=[n.pk for n in due]).delete()
        if due:
            audit_log(actor=None, action="nachweis.purge", obj=None, details={"count": len(due)})
        for relative in [n.pdf for n in due if n.pdf]:  # the files once the rows are gone
            transaction.on_commit(partial(_unlink, relative))
    return len(due)
