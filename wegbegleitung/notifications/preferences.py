"""Who gets which kind by email: per user and kind, on by default.

Rule: safeguarding-critical kinds (certificate, code of conduct, lapsed clearance, concerns)
are always mailed; a request to switch one off is refused and changes nothing.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wegbegleitung.models import BenachrichtigungEinstellung, User
from wegbegleitung.notifications import registry
from wegbegleitung.permissions import is_coordinator
from wegbegleitung.roles import Role
from wegbegleitung.services.audit import audit_log


def audiences_of(user: User) -> list[str]:
    audiences = []
    if user.has_role(Role.WEGBEGLEITUNG):
        audiences.append(registry.Audience.VOLUNTEER)
    if is_coordinator(user):
        audiences.append(registry.Audience.COORDINATION)
    if user.has_role(Role.KINDERSCHUTZ):
        audiences.append(registry.Audience.CHILD_PROTECTION)
    return audiences


def email_choices_for(*, user: User) -> list[tuple[registry.Kind, bool]]:
    """The kinds this user receives, each with whether it comes by email."""
    off = set(
        BenachrichtigungEinstellung.objects.filter(user=user, email=False).values_list(
            "kind", flat=True
        )
    )
    wanted = set(audiences_of(user))
    kinds = [k for k in registry.KINDS.values() if k.audience in wanted and not k.waiting_for]
    return [(k, k.critical or k.key not in off) for k in kinds]


@transaction.atomic
def einstellungen_save(*, acting_user: User, email_on: dict[str, bool]) -> None:
    """Store the user's choices; refuses unknown and safeguarding-critical kinds."""
    allowed = {k.key for k in registry.switchable_kinds(audiences_of(acting_user))}
    for key, on in email_on.items():
        kind = registry.KINDS.get(key)
        if kind is not None and kind.critical and not on:
            raise ValidationError(
                _("“%(kind)s” concerns the protection of children and cannot be switched off.")
                % {"kind": kind.label}
            )
        if kind is None or (key not in allowed and not kind.critical):
            raise ValidationError(_("Unknown kind of notification."))
    for key, on in email_on.items():
        if key in allowed:
            BenachrichtigungEinstellung.objects.update_or_create(
                user=acting_user, kind=key, defaults={"email": on}
            )
    audit_log(actor=acting_user, action="benachrichtigung.einstellungen", obj=acting_user)
