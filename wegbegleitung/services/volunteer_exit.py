"""The one rule for every step that ends a volunteer: a volunteer never silently leaves a child
(issue 10 §1).

Rules:
- leaving (the volunteer in the portal, or a coordinator with a reason), a coordinator's decline
  and the deletion of the account all go through ``wegbegleiter_end``. It asks matching first
  (provider ``end_matches_of_wegbegleiter``, registered by ``matching``): matches that have not
  started are withdrawn at once, running ones become "ending requested", and coordinators and
  the facility are told;
- while a match runs, the step is recorded as a request (what, who, when, why; audited): the
  status, the account and the safeguarding records stay, and ``activity_ended_on`` stays empty,
  because the volunteer still meets the young person (§ 72a(5) SGB VIII counts from the last
  activity). The volunteer is no longer proposed for new matches;
- when the coordinator closes the last match (``matching.services.records.abschluss.begleitung_close``
  calls ``wegbegleiter_exit_complete``), the requested step completes: "left" or "declined",
  or the account is deleted.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wegbegleitung.models import User, Wegbegleiter
from wegbegleitung.notifications import providers
from wegbegleitung.services.audit import audit_log

Step = Wegbegleiter.ExitStep


def wegbegleiter_end(
    *, acting_user: User, wegbegleiter: Wegbegleiter, step: str, reason: str = ""
) -> bool:
    """Run inside the caller's transaction with ``wegbegleiter`` locked. True: no match runs,
    the caller completes the step now. False: the step is recorded as a pending request."""
    ended = providers.end_matches_of_wegbegleiter(
        acting_user=acting_user, wegbegleiter_id=wegbegleiter.pk
    )
    if ended.ending == 0:
        _clear(wegbegleiter)
        return True
    wegbegleiter.exit_requested = step
    wegbegleiter.exit_requested_at = timezone.now()
    wegbegleiter.exit_requested_by = acting_user
    wegbegleiter.exit_reason = reason
    wegbegleiter.save(update_fields=_FIELDS)
    audit_log(
        actor=acting_user,
        action="wegbegleiter.exit_request",
        obj=wegbegleiter,
        details={"step": step, "matches_ending": ended.ending, "withdrawn": ended.withdrawn,
                 "reason_given": bool(reason)},
    )  # fmt: skip
    return False


_FIELDS = ["exit_requested", "exit_requested_at", "exit_requested_by", "exit_reason"]


def _clear(wegbegleiter: Wegbegleiter) -> None:
    if not wegbegleiter.exit_requested:
        return
    wegbegleiter.exit_requested = Step.NONE
    wegbegleiter.exit_requested_at = None
    wegbegleiter.exit_requested_by = None
    wegbegleiter.exit_reason = ""
    wegbegleiter.save(update_fields=_FIELDS)


def running_match_count(wegbegleiter: Wegbegleiter) -> int:
    return providers.running_match_count(wegbegleiter.pk)


@transaction.atomic
def wegbegleiter_exit_complete(*, acting_user: User, wegbegleiter_id: int) -> bool:
    """Complete the pending step once no match runs (called after a closure); True if done."""
    locked = Wegbegleiter.objects.select_for_update().select_related("user").get(pk=wegbegleiter_id)
    step = locked.exit_requested
    if not step or providers.running_match_count(locked.pk) > 0:
        return False
    requested_by, reason = locked.exit_requested_by, locked.exit_reason
    _clear(locked)
    audit_log(
        actor=acting_user,
        action="wegbegleiter.exit_complete",
        obj=locked,
        details={"step": step},
    )
    if step == Step.DELETE_ACCOUNT:
        from wegbegleitung.services.account import delete_account_now

        delete_account_now(locked, acting_user=acting_user)
    else:
        from wegbegleitung.services.volunteer_path import complete_step

        complete_step(requested_by or acting_user, locked, step, reason)
    return True


def pending_refusal(wegbegleiter: Wegbegleiter, step: str) -> str | None:
    """Why a second ending step is refused while one waits (None: it may go ahead). Only the
    account deletion may follow a pending leave: it widens what happens at the end."""
    if not wegbegleiter.exit_requested:
        return None
    if step == Step.DELETE_ACCOUNT and wegbegleiter.exit_requested != Step.DELETE_ACCOUNT:
        return None
    return _(
        "The ending has already been requested on %(date)s. The coordination will get in touch "
        "to plan the farewell."
    ) % {"date": f"{timezone.localtime(wegbegleiter.exit_requested_at):%d.%m.%Y}"}
