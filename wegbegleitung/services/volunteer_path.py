"""The mentor's path as one state machine (DOMAIN.md "The mentor's path").

Rules:
- interested → application submitted (by the volunteer, when the application is complete)
  → screening (a coordinator starts it, or records the first interview)
  → accepted/available, deferred or declined (a coordinator decides, with a reason for defer
  and decline; accepting needs a positive first interview, a positive personal and professional
  reference, the pre-match training minimum (EEP: 2 hours) and safeguarding clearance);
- available ↔ paused (volunteer or coordinator; a coordinator gives a reason);
- anyone not declined may leave (volunteer or coordinator with reason). Leaving sets
  ``activity_ended_on``: the retention clocks of § 72a(5) SGB VIII run from that day;
- leaving and declining go through ``services.volunteer_exit.wegbegleiter_end`` (one rule with
  the account deletion): while a match runs, the step waits as a request until the coordinator
  has closed the last match with a farewell, and only then completes (``complete_step``);
- when the volunteer pauses, resumes or leaves in the portal, the region's coordinators get a
  mail after commit; a decision (accept, defer, decline) is mailed to the volunteer.
A transition that is not allowed is refused with a message saying why, and nothing changes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wegbegleitung import outbox
from wegbegleitung.models import Entscheidung, User, Wegbegleiter
from wegbegleitung.permissions import can_manage_wegbegleiter, is_own_wegbegleiter
from wegbegleitung.services.audit import audit_log
from wegbegleitung.validation import NOTE_MAX, check_text

if TYPE_CHECKING:  # django-stubs is a development dependency, not in the image
    from django_stubs_ext import StrOrPromise

S = Wegbegleiter.Status


class TransitionRefused(ValidationError):
    """The path does not allow this step now; the message says why."""


@dataclass(frozen=True)
class Transition:
    label: StrOrPromise
    sources: frozenset[str]
    target: str
    by_volunteer: bool
    by_coordinator: bool
    coordinator_needs_reason: bool = False
    decision: str | None = None


def _t(
    label: StrOrPromise, sources: Iterable[str], target: str, **kw: bool | str | None
) -> Transition:
    return Transition(label, frozenset(sources), target, **kw)  # type: ignore[arg-type]


_ALIVE = {S.INTERESSENT, S.BEWORBEN, S.IN_PRUEFUNG, S.ZURUECKGESTELLT, S.VERFUEGBAR, S.PAUSIERT}

TRANSITIONS: dict[str, Transition] = {
    "submit": _t(
        gettext_lazy("Submit application"),
        {S.INTERESSENT},
        S.BEWORBEN,
        by_volunteer=True,
        by_coordinator=False,
    ),
    "start_screening": _t(
        gettext_lazy("Start screening"),
        {S.BEWORBEN, S.ZURUECKGESTELLT},
        S.IN_PRUEFUNG,
        by_volunteer=False,
        by_coordinator=True,
    ),
    "accept": _t(
        gettext_lazy("Accept"),
        {S.IN_PRUEFUNG},
        S.VERFUEGBAR,
        by_volunteer=False,
        by_coordinator=True,
        decision=Entscheidung.Outcome.ACCEPT,
    ),
    "defer": _t(
        gettext_lazy("Defer"),
        {S.BEWORBEN, S.IN_PRUEFUNG},
        S.ZURUECKGESTELLT,
        by_volunteer=False,
        by_coordinator=True,
        coordinator_needs_reason=True,
        decision=Entscheidung.Outcome.DEFER,
    ),
    "decline": _t(
        gettext_lazy("Decline"),
        {S.BEWORBEN, S.IN_PRUEFUNG, S.ZURUECKGESTELLT},
        S.ABGELEHNT,
        by_volunteer=False,
        by_coordinator=True,
        coordinator_needs_reason=True,
        decision=Entscheidung.Outcome.DECLINE,
    ),
    "pause": _t(
        gettext_lazy("Pause"),
        {S.VERFUEGBAR},
        S.PAUSIERT,
        by_volunteer=True,
        by_coordinator=True,
        coordinator_needs_reason=True,
    ),
    "resume": _t(
        gettext_lazy("Resume"), {S.PAUSIERT}, S.VERFUEGBAR, by_volunteer=True, by_coordinator=True
    ),
    "leave": _t(
        gettext_lazy("Leave"),
        _ALIVE,
        S.AUSGESCHIEDEN,
        by_volunteer=True,
        by_coordinator=True,
        coordinator_needs_reason=True,
    ),
}


# Steps a volunteer takes in the portal that their coordinators hear about by mail.
_TELL_COORDINATORS = {"pause", "resume", "leave"}
# Steps that end the volunteer: they wait while a match runs (services.volunteer_exit).
ENDING_STEPS = {"leave", "decline"}


def allowed_actions(wegbegleiter: Wegbegleiter, *, as_volunteer: bool) -> list[str]:
    """The actions whose source state fits (guards such as "accept" may still refuse); no
    second ending step while one waits for the farewell."""
    return [
        name
        for name, t in TRANSITIONS.items()
        if wegbegleiter.status in t.sources
        and (t.by_volunteer if as_volunteer else t.by_coordinator)
        and not (name in ENDING_STEPS and wegbegleiter.exit_pending)
    ]


@transaction.atomic
def wegbegleiter_transition(
    *, acting_user: User, wegbegleiter: Wegbegleiter, action: str, reason: str = ""
) -> Wegbegleiter:
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise TransitionRefused(_("Unknown step on the mentor's path."))
    locked = Wegbegleiter.objects.select_for_update().get(pk=wegbegleiter.pk)
    as_volunteer = _check_actor(acting_user, locked, transition)
    _check_source(locked, transition)
    reason = reason.strip()
    check_text(reason, max_length=NOTE_MAX, field="reason")
    if not as_volunteer and transition.coordinator_needs_reason and not reason:
        raise TransitionRefused(_("Please give a reason for this step."))
    guard = _GUARDS.get(action)
    if guard is not None:
        guard(locked)
    if action in ENDING_STEPS and not _end_now(acting_user, locked, action, reason):
        wegbegleiter.refresh_from_db()
        return locked  # recorded as a request: a match still runs
    _apply(acting_user, locked, action, transition, reason)
    _notify(locked, action, transition, as_volunteer=as_volunteer)
    wegbegleiter.refresh_from_db()
    return locked


def _end_now(acting_user: User, wegbegleiter: Wegbegleiter, action: str, reason: str) -> bool:
    from wegbegleitung.services.volunteer_exit import pending_refusal, wegbegleiter_end

    refusal = pending_refusal(wegbegleiter, action)
    if refusal is not None:
        raise TransitionRefused(refusal)
    return wegbegleiter_end(
        acting_user=acting_user, wegbegleiter=wegbegleiter, step=action, reason=reason
    )


def complete_step(acting_user: User, wegbegleiter: Wegbegleiter, action: str, reason: str) -> None:
    """A leave or decline that waited for the last match to close takes effect now (called by
    ``volunteer_exit.wegbegleiter_exit_complete`` with the row locked)."""
    transition = TRANSITIONS[action]
    if wegbegleiter.status not in transition.sources:
        return  # the volunteer is already gone by another step
    _apply(acting_user, wegbegleiter, action, transition, reason)
    _notify(wegbegleiter, action, transition, as_volunteer=False)


def _notify(
    wegbegleiter: Wegbegleiter, action: str, transition: Transition, *, as_volunteer: bool
) -> None:
    from wegbegleitung.tasks import notify_coordinators_status, notify_decision

    if as_volunteer and action in _TELL_COORDINATORS:
        outbox.enqueue(notify_coordinators_status, wegbegleiter.pk, action)
    if transition.decision is not None:
        outbox.enqueue(notify_decision, wegbegleiter.pk, transition.decision)


def _check_actor(acting_user: User, wegbegleiter: Wegbegleiter, transition: Transition) -> bool:
    """True when the volunteer acts themself; raises when the actor may not take this step."""
    if is_own_wegbegleiter(acting_user, wegbegleiter) and transition.by_volunteer:
        return True
    if transition.by_coordinator and can_manage_wegbegleiter(acting_user, wegbegleiter):
        return False
    raise PermissionDenied(_("You may not take this step for this person."))


def _check_source(wegbegleiter: Wegbegleiter, transition: Transition) -> None:
    if wegbegleiter.status in transition.sources:
        return
    raise TransitionRefused(
        _("“%(step)s” is not possible in the status “%(status)s”.")
        % {"step": transition.label, "status": wegbegleiter.get_status_display()}
    )


def _guard_accept(wegbegleiter: Wegbegleiter) -> None:
    from wegbegleitung.selectors import screening_missing

    missing = screening_missing(wegbegleiter)
    if missing:
        raise TransitionRefused(
            _("The application cannot be accepted yet. Missing: %(missing)s")
            % {"missing": "; ".join(missing)}
        )


def _guard_submit(wegbegleiter: Wegbegleiter) -> None:
    from wegbegleitung.services.application import bewerbung_missing

    missing = bewerbung_missing(wegbegleiter)
    if missing:
        raise TransitionRefused(
            _("The application is not complete yet. Missing: %(missing)s")
            % {"missing": "; ".join(missing)}
        )


_GUARDS: dict[str, Callable[[Wegbegleiter], None]] = {
    "accept": _guard_accept,
    "submit": _guard_submit,
}


def _apply(
    acting_user: User, wegbegleiter: Wegbegleiter, action: str, transition: Transition, reason: str
) -> None:
    source = wegbegleiter.status
    wegbegleiter.status = transition.target
    wegbegleiter.status_since = timezone.now()
    wegbegleiter.status_reason = reason
    fields = ["status", "status_since", "status_reason"]
    # a decline after a match ran (it waited for the farewell) ends an activity too
    if transition.target == S.AUSGESCHIEDEN or (
        transition.target == S.ABGELEHNT and wegbegleiter.activity_started_on is not None
    ):
        wegbegleiter.activity_ended_on = timezone.localdate()
        fields.append("activity_ended_on")
    wegbegleiter.save(update_fields=fields)
    if transition.decision is not None:
        Entscheidung.objects.create(
            wegbegleiter=wegbegleiter,
            outcome=transition.decision,
            reason=reason,
            decided_by=acting_user,
        )
    audit_log(
        actor=acting_user,
        action=f"wegbegleiter.{action}",
        obj=wegbegleiter,
        details={"from": str(source), "to": str(transition.target), "reason_given": bool(reason)},
    )
