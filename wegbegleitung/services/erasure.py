"""Carrying out an erasure request (GDPR Art. 17) in one step, in one transaction.

Rules:
- a coordinator of the person's region carries it out after seeing the plan: what is deleted,
  what anonymised, what kept by law (with the reason and until when), from every app through
  ``wegbegleitung.erasure``;
- a volunteer follows the leaving rule (``services.volunteer_exit``): while a match runs,
  nothing is deleted yet; the match becomes "ending requested", coordinators and the facility
  are told, and the erasure completes when the coordinator closes the last match
  (``delete_account_now``, the same steps). Never silently;
- a young person's record is erased only when no match of theirs is open (the matching app
  refuses otherwise): the coordinator ends the match first;
- the audit event names the kind of subject and its id, never their data.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from wegbegleitung import erasure
from wegbegleitung.erasure import Step
from wegbegleitung.models import User, Wegbegleiter
from wegbegleitung.personal_data import Kind, Subject
from wegbegleitung.services.account import delete_account_now
from wegbegleitung.services.audit import audit_log
from wegbegleitung.services.volunteer_exit import pending_refusal, wegbegleiter_end

_DELETE = Wegbegleiter.ExitStep.DELETE_ACCOUNT


@dataclass(frozen=True)
class Result:
    done: bool  # False: a match runs; the erasure waits for its closure
    steps: list[Step]


def erasure_plan(subject: Subject) -> list[Step]:
    return erasure.run(subject, execute=False)


@transaction.atomic
def erasure_carry_out(*, acting_user: User, subject: Subject, reason: str = "") -> Result:
    if subject.kind == Kind.WEGBEGLEITER:
        return _volunteer(acting_user, subject, reason)
    steps = erasure.run(subject, execute=True, acting_user=acting_user)
    audit_log(actor=acting_user, action="personal_data.erase", obj=None,
              details={"kind": str(subject.kind), "id": subject.pk})  # fmt: skip
    return Result(True, steps)


def _volunteer(acting_user: User, subject: Subject, reason: str) -> Result:
    locked = Wegbegleiter.objects.select_for_update().select_related("user").get(pk=subject.pk)
    if not locked.user.is_active:
        raise ValidationError(_already())
    refusal = pending_refusal(locked, _DELETE)
    if refusal is not None:
        raise ValidationError(refusal)
    steps = erasure.run(subject, execute=False)
    if not wegbegleiter_end(acting_user=acting_user, wegbegleiter=locked, step=_DELETE,
                            reason=reason):  # fmt: skip
        return Result(False, steps)
    delete_account_now(locked, acting_user=acting_user)
    audit_log(actor=acting_user, action="personal_data.erase", obj=locked,
              details={"kind": str(subject.kind), "id": subject.pk})  # fmt: skip
    return Result(True, steps)


def _already() -> str:
    from django.utils.translation import gettext as _

    return _("This person's data has already been erased.")
