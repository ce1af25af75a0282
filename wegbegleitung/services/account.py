"""Deleting a volunteer's account (GDPR Art. 17).

Rules: the person's own data goes: the application and profile, interests, interview and
reference notes, training and supervision attendance, notifications to and about them, name,
email address and login. What the law requires stays, without personal data in it:
- the audit trail (GDPR Art. 5(2), accountability): append-only, it keeps the actor's email
  address as label of the volunteer's own actions but never the content of their data;
- a pseudonymous volunteer record with status "left" and the day of leaving, because the
  safeguarding records hang off it and are deleted by their own retention rules (§ 72a(5)
  SGB VIII: immediately if the activity never started, at the latest 6 months after the last
  activity; see schutzkonzept).
While a match runs, nothing is deleted yet: the wish is recorded (services.volunteer_exit, the
one rule for every step that ends a volunteer), the coordinator plans the farewell, and the
account is deleted when the last match is closed (``delete_account_now``).
"""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from wegbegleitung.models import (
    Benachrichtigung,
    BenachrichtigungEinstellung,
    Bewerbung,
    User,
    Wegbegleiter,
)
from wegbegleitung.permissions import is_own_wegbegleiter
from wegbegleitung.services.audit import audit_log
from wegbegleitung.services.volunteer_exit import pending_refusal, wegbegleiter_end

S = Wegbegleiter.Status


@transaction.atomic
def wegbegleiter_delete_account(*, acting_user: User, wegbegleiter: Wegbegleiter) -> bool:
    """True: the account is deleted. False: a match still runs; the deletion waits for the
    farewell (and then happens without further action of the volunteer)."""
    locked = Wegbegleiter.objects.select_for_update().select_related("user").get(pk=wegbegleiter.pk)
    if not is_own_wegbegleiter(acting_user, locked):  # the stored owner, not the caller's copy
        raise PermissionDenied(_("Only the volunteer can delete their own account."))
    refusal = pending_refusal(locked, Wegbegleiter.ExitStep.DELETE_ACCOUNT)
    if refusal is not None:
        raise ValidationError(refusal)
    step = Wegbegleiter.ExitStep.DELETE_ACCOUNT
    if not wegbegleiter_end(acting_user=acting_user, wegbegleiter=locked, step=step):
        return False
    delete_account_now(locked)
    return True


def delete_account_now(locked: Wegbegleiter, *, acting_user: User | None = None) -> None:
    """Delete what is personal and keep what the law requires (the row is locked by the caller).
    Every app's part runs through the erasure seam (``wegbegleitung.erasure``): the same steps
    a coordinator sees in the erasure plan."""
    from wegbegleitung import erasure
    from wegbegleitung.personal_data import Kind, Subject

    subject = Subject(Kind.WEGBEGLEITER, locked.pk)
    steps = erasure.run(subject, execute=True, acting_user=acting_user)
    counts = {str(step.action): 0 for step in steps}
    for step in steps:
        counts[str(step.action)] += step.count if step.action != "keep" else 0
    audit_log(
        actor=None, action="wegbegleiter.delete_account", obj=locked, details={"deleted": counts}
    )


def erase_volunteer_records(locked: Wegbegleiter) -> dict[str, int]:
    """This app's part: the path's records and notices go, the account is anonymised."""
    counts = {name: qs.delete()[0] for name, qs in personal_records(locked).items()}
    _leave(locked)
    _anonymise_user(locked.user)
    return counts


def personal_records(wegbegleiter: Wegbegleiter) -> dict[str, QuerySet[Any]]:
    return {
        "bewerbung": Bewerbung.objects.filter(wegbegleiter=wegbegleiter),
        "erstgespraeche": wegbegleiter.erstgespraeche.all(),
        "referenzen": wegbegleiter.referenzen.all(),
        "entscheidungen": wegbegleiter.entscheidungen.all(),
        "schulungsteilnahmen": wegbegleiter.schulungsteilnahmen.all(),
        "supervision_einladungen": wegbegleiter.supervision_einladungen.all(),
        # notices to them and about them (those to coordinators name them)
        "benachrichtigungen": Benachrichtigung.objects.filter(
            Q(recipient=wegbegleiter.user_id)
            | Q(subject_type="wegbegleitung.wegbegleiter", subject_id=wegbegleiter.pk)
        ),
        "benachrichtigung_einstellungen": BenachrichtigungEinstellung.objects.filter(
            user=wegbegleiter.user_id
        ),
    }


def _leave(wegbegleiter: Wegbegleiter) -> None:
    if wegbegleiter.status != S.AUSGESCHIEDEN:
        wegbegleiter.activity_ended_on = timezone.localdate()
    wegbegleiter.status = S.AUSGESCHIEDEN
    wegbegleiter.status_since = timezone.now()
    wegbegleiter.status_reason = ""
    wegbegleiter.save(
        update_fields=["status", "status_since", "status_reason", "activity_ended_on"]
    )


def anonymise_user(user: User) -> None:
    """The account keeps no name, address or login (also a young person's own access)."""
    _anonymise_user(user)


def _anonymise_user(user: User) -> None:
    # An inactive user is logged out of every other session (the auth backend refuses them).
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    user.email = f"geloescht-{user.pk}@invalid.invalid"
    user.first_name = ""
    user.last_name = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
