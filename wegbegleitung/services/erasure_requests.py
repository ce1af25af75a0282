"""A person asks the coordination to erase their data (GDPR Art. 17); the answer is due within
one month (Art. 12(3)).

Rules:
- the volunteer (portal) or the young person with own access (``/jung/``) asks for themself;
  one open request per person (a database constraint); they may withdraw it while it is open
  and the coordination has not begun to carry it out;
- the coordinators of the person's region (the volunteer's region, the young person's
  facility's region) are told through the notification log, after commit;
- the request is answered in one of two ways: the erasure is carried out (whenever a person's
  erasure runs, ``wegbegleitung.erasure`` calls ``loeschantraege_fulfil`` first: a volunteer
  in a running match is erased when the farewell closes the match, and the request is done
  then), or a coordinator refuses it with a reason (e.g. a legal hold);
- the requester hears the answer in German. The confirmation of an erasure is mailed to the
  address the account had before it was erased: the address is read before the erasure and
  handed only to the after-commit task (the outbox row that carries it goes once it is sent);
- every step is audited with the request, never with the message or the reason.
"""

from __future__ import annotations

import calendar
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wegbegleitung import outbox
from wegbegleitung.models import Loeschantrag, User, Wegbegleiter
from wegbegleitung.permissions import can_answer_loeschantrag
from wegbegleitung.personal_data import Kind, Subject
from wegbegleitung.services.audit import audit_log

S = Loeschantrag.Status
MESSAGE_MAX = 2000


def one_month_after(day: date) -> date:
    """The same day next month (the month's last day if shorter): Art. 12(3)'s one month."""
    year, month0 = divmod(day.year * 12 + day.month, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(day.day, last))


def open_request_of(subject: Subject) -> Loeschantrag | None:
    return Loeschantrag.objects.filter(
        subject_kind=str(subject.kind), subject_id=subject.pk, status=S.OFFEN
    ).first()


def loeschantrag_create(
    *, acting_user: User, subject: Subject, region_id: int, message: str = ""
) -> Loeschantrag:
    """The caller has checked that ``acting_user`` is the person ``subject`` names."""
    if len(message) > MESSAGE_MAX:
        raise ValidationError(_("The message is too long."))
    today = timezone.localdate()
    try:
        with transaction.atomic():
            antrag = Loeschantrag.objects.create(
                subject_kind=str(subject.kind), subject_id=subject.pk, requested_by=acting_user,
                region_id=region_id, due_on=one_month_after(today), message=message.strip(),
            )  # fmt: skip
            audit_log(actor=acting_user, action="loeschantrag.create", obj=antrag,
                      details={"kind": str(subject.kind)})  # fmt: skip
            from wegbegleitung.tasks import notify_erasure_request

            outbox.enqueue(notify_erasure_request, antrag.pk)
    except IntegrityError as exc:
        raise ValidationError(_("Your request is already with the coordination.")) from exc
    return antrag


@transaction.atomic
def loeschantrag_withdraw(*, acting_user: User, loeschantrag: Loeschantrag) -> Loeschantrag:
    locked = Loeschantrag.objects.select_for_update().get(pk=loeschantrag.pk)
    if locked.requested_by_id != acting_user.pk:
        raise PermissionDenied
    if locked.status != S.OFFEN:
        raise ValidationError(_("This request has already been answered."))
    if _carrying_out(locked):
        raise ValidationError(_(
            "The coordination has already begun to carry out the erasure. Please get in "
            "touch with them."
        ))  # fmt: skip
    _decide(locked, S.ZURUECKGEZOGEN, acting_user)
    audit_log(actor=acting_user, action="loeschantrag.withdraw", obj=locked)
    return locked


def _carrying_out(antrag: Loeschantrag) -> bool:
    """A volunteer whose erasure waits for the farewell of a running match."""
    if antrag.subject_kind != Kind.WEGBEGLEITER:
        return False
    step = Wegbegleiter.ExitStep.DELETE_ACCOUNT
    return Wegbegleiter.objects.filter(pk=antrag.subject_id, exit_requested=step).exists()


@transaction.atomic
def loeschantrag_refuse(
    *, acting_user: User, loeschantrag: Loeschantrag, reason: str
) -> Loeschantrag:
    locked = Loeschantrag.objects.select_for_update().get(pk=loeschantrag.pk)
    if not can_answer_loeschantrag(acting_user, locked):
        raise PermissionDenied
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Please give the reason; the person is told it."))
    if len(reason) > MESSAGE_MAX:
        raise ValidationError(_("The reason is too long."))
    if locked.status != S.OFFEN:
        raise ValidationError(_("This request has already been answered."))
    locked.refusal_reason = reason
    _decide(locked, S.ABGELEHNT, acting_user)
    audit_log(actor=acting_user, action="loeschantrag.refuse", obj=locked)
    from wegbegleitung.tasks import notify_erasure_refused

    outbox.enqueue(notify_erasure_refused, locked.pk)
    return locked


def loeschantraege_fulfil(subject: Subject, *, acting_user: User | None = None) -> int:
    """Inside the erasure's transaction, before anything is erased: the open request is done,
    and its requester's address goes to the after-commit confirmation."""
    locked = (
        Loeschantrag.objects.select_for_update(of=("self",))
        .select_related("requested_by")
        .filter(subject_kind=str(subject.kind), subject_id=subject.pk, status=S.OFFEN)
        .first()
    )
    if locked is None:
        return 0
    address = _address_of(locked.requested_by)
    locked.message = ""  # the request stays as proof of the answer, its free text does not
    _decide(locked, S.ERLEDIGT, acting_user, extra=["message"])
    audit_log(actor=acting_user, action="loeschantrag.done", obj=locked,
              details={"confirmation_mailed": bool(address)})  # fmt: skip
    if address:
        from wegbegleitung.tasks import send_erasure_done

        outbox.enqueue(send_erasure_done, locked.pk, address)
    return 1


def _address_of(user: User | None) -> str:
    if user is None or not user.is_active:
        return ""
    return user.email


def _decide(
    antrag: Loeschantrag, status: str, by: User | None, *, extra: list[str] | None = None
) -> None:
    antrag.status = status
    antrag.decided_at = timezone.now()
    antrag.decided_by = by if by is not None and by.is_authenticated else None
    fields = ["status", "decided_at", "decided_by", "refusal_reason", *(extra or [])]
    antrag.save(update_fields=fields)
