"""Every write of the expenses (issue 16 §3).

Rules:
- a volunteer records expenses only for her own matches that have started (running, paused,
  ending or closed); the date lies between the start of the match and today (and not after its
  end); the purpose is required;
- a trip by car is entered in kilometres (at most WB_EXPENSE_MAX_KM); its amount is computed with
  the rate of the expense's date (``auslagen.rates``), and that rate is kept on the row; a ticket
  or activity is entered in euros; no amount above WB_EXPENSE_MAX_CENT (a typo, not an expense);
- the budget per match and calendar month (of the rate on the expense's date) is a hard limit:
  a submission that would take the month's submitted and approved expenses above it is refused
  with a German message naming what is left (refused expenses do not count). Refusing instead of
  flagging keeps the volunteer from spending money she will not get back; an exception is agreed
  with the coordinator, who can raise the rate's budget;
- an optional receipt is checked by content (``auslagen.belege``) and stored privately;
- a coordinator of the match's region approves or refuses (with a reason) a submitted expense,
  once; the volunteer gets a notice after the commit (``auslagen.notifications``);
- each write is one transaction and audited without personal data (the kind and the month only).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import IO

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from auslagen import belege, selectors
from auslagen.models import Auslage, Satz, euro
from auslagen.permissions import can_decide_auslage, can_submit_auslage
from auslagen.rates import kilometre_amount
from matching.models import Begleitung
from wegbegleitung.models import User
from wegbegleitung.outbox import enqueue
from wegbegleitung.services.audit import audit_log

St = Auslage.Status


@dataclass(frozen=True)
class Receipt:
    """An uploaded file: its stream and the size the upload reported."""

    file: IO[bytes]
    size: int


def _check_date(begleitung: Begleitung, datum: date, today: date) -> None:
    if datum > today:
        raise ValidationError(_("The date lies in the future: please enter the day you paid."))
    if begleitung.started_on is None or datum < begleitung.started_on:
        start = f"{begleitung.started_on:%d.%m.%Y}" if begleitung.started_on else "–"
        raise ValidationError(
            _("The date lies before the match started (%(date)s).") % {"date": start}
        )
    if begleitung.ended_on is not None and datum > begleitung.ended_on:
        raise ValidationError(
            _("The date lies after the match ended (%(date)s).")
            % {"date": f"{begleitung.ended_on:%d.%m.%Y}"}
        )


def _amount(art: str, kilometer: Decimal | None, betrag_cent: int | None, cent_per_km: int) -> int:
    if art == Auslage.Art.KILOMETER:
        if kilometer is None or kilometer <= 0:
            raise ValidationError(_("Please enter the kilometres you drove."))
        if kilometer > settings.WB_EXPENSE_MAX_KM:
            raise ValidationError(
                _("More than %(km)d km for one trip cannot be right: please check the entry.")
                % {"km": settings.WB_EXPENSE_MAX_KM}
            )
        return kilometre_amount(kilometer, cent_per_km)
    if betrag_cent is None or betrag_cent <= 0:
        raise ValidationError(_("Please enter the amount you paid."))
    return betrag_cent


def _check_amount(amount: int) -> None:
    if amount > settings.WB_EXPENSE_MAX_CENT:
        raise ValidationError(
            _("More than %(max)s for one expense cannot be right: please check the amount, or "
              "talk to your coordinator.") % {"max": euro(settings.WB_EXPENSE_MAX_CENT)}
        )  # fmt: skip


def _check_budget(begleitung: Begleitung, datum: date, amount: int, budget: int) -> None:
    used = selectors.month_total_cent(begleitung, datum)
    if used + amount > budget:
        raise ValidationError(
            _("The budget of this match is %(budget)s per month. For %(month)s, %(used)s have "
              "been recorded already, so at most %(left)s can be added. Please talk to your "
              "coordinator.")
            % {"budget": euro(budget), "month": f"{datum:%m.%Y}", "used": euro(used),
               "left": euro(max(budget - used, 0))}
        )  # fmt: skip


@transaction.atomic
def auslage_submit(
    *,
    acting_user: User,
    begleitung: Begleitung,
    art: str,
    datum: date,
    zweck: str,
    kilometer: Decimal | None = None,
    betrag_cent: int | None = None,
    beleg: Receipt | None = None,
) -> Auslage:
    # the match is locked: two submissions at once cannot both take the last of the budget
    locked = (
        Begleitung.objects.select_for_update(of=("self",))
        .select_related("wegbegleiter")
        .get(pk=begleitung.pk)
    )
    if not can_submit_auslage(acting_user, locked):
        raise PermissionDenied(_("Only the mentor of the match can record its expenses."))
    if locked.status not in selectors.EXPENSE_STATES:
        raise ValidationError(_("Expenses can be recorded once the match has started."))
    if art not in Auslage.Art.values:
        raise ValidationError(_("Please choose the kind of expense."))
    if not zweck.strip():
        raise ValidationError(_("Please say what the expense was for."))
    _check_date(locked, datum, timezone.localdate())
    rate = selectors.rate_for(datum)
    amount = _amount(art, kilometer, betrag_cent, rate.cent_per_km)
    _check_amount(amount)
    _check_budget(locked, datum, amount, rate.budget_cent)
    content = belege.read_checked(beleg.file, beleg.size) if beleg is not None else None
    auslage = Auslage(
        begleitung=locked, art=art, datum=datum, zweck=zweck.strip(), betrag_cent=amount,
        submitted_by=acting_user,
        kilometer=kilometer if art == Auslage.Art.KILOMETER else None,
        cent_pro_km=rate.cent_per_km if art == Auslage.Art.KILOMETER else None,
    )  # fmt: skip
    auslage.full_clean(exclude=["begleitung", "submitted_by", "decided_by"])
    _save_with_receipt(auslage, content, acting_user)
    return auslage


def _save_with_receipt(auslage: Auslage, content: tuple[bytes, str] | None, user: User) -> None:
    if content is not None:
        auslage.beleg, auslage.beleg_typ = belege.store(*content), content[1]
    try:
        auslage.save()
        audit_log(actor=user, action="auslage.create", obj=auslage, details=_details(auslage))
    except Exception:
        belege.remove(auslage.beleg)  # no file without its row
        raise


def _details(auslage: Auslage) -> dict[str, str]:
    # the kind and the month are parameters, not personal data; never the amount or purpose
    return {"art": auslage.art, "month": f"{auslage.datum:%m.%Y}"}


def _locked(auslage: Auslage, acting_user: User) -> Auslage:
    locked = (
        Auslage.objects.select_for_update(of=("self",))
        .select_related("begleitung__jugendliche__einrichtung")
        .get(pk=auslage.pk)
    )
    if not can_decide_auslage(acting_user, locked):
        raise PermissionDenied(_("You may decide on expenses only for your own regions."))
    if locked.status != St.EINGEREICHT:
        raise ValidationError(_("This expense has already been decided."))
    return locked


def _decide(locked: Auslage, acting_user: User, status: str, reason: str = "") -> Auslage:
    locked.status, locked.ablehnungsgrund = status, reason
    locked.decided_at, locked.decided_by = timezone.now(), acting_user
    locked.save(update_fields=["status", "ablehnungsgrund", "decided_at", "decided_by"])
    verb = "accept" if status == St.GENEHMIGT else "reject"
    audit_log(actor=acting_user, action=f"auslage.{verb}", obj=locked, details=_details(locked))
    from auslagen.tasks import notify_auslage_decided

    enqueue(notify_auslage_decided, locked.pk)
    return locked


@transaction.atomic
def auslage_approve(*, acting_user: User, auslage: Auslage) -> Auslage:
    return _decide(_locked(auslage, acting_user), acting_user, St.GENEHMIGT)


@transaction.atomic
def auslage_reject(*, acting_user: User, auslage: Auslage, reason: str) -> Auslage:
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Please give the volunteer a reason for the refusal."))
    if len(reason) > 500:
        raise ValidationError(_("Please keep the reason under 500 characters."))
    return _decide(_locked(auslage, acting_user), acting_user, St.ABGELEHNT, reason)


def auslage_receipt_downloaded(*, acting_user: User, auslage: Auslage) -> None:
    audit_log(actor=acting_user, action="auslage.download", obj=auslage)


@transaction.atomic
def satz_save(*, acting_user: User, satz: Satz, change: bool) -> Satz:
    """A coordinator or superuser records a rate (admin); the values are not personal data."""
    satz.full_clean()
    satz.save()
    details = {"valid_from": f"{satz.gueltig_ab:%d.%m.%Y}", "cent_per_km": str(satz.cent_pro_km),
               "budget_cent": str(satz.budget_pro_monat_cent)}  # fmt: skip
    audit_log(actor=acting_user, action="satz.change" if change else "satz.create", obj=satz,
              details=details)  # fmt: skip
    return satz
