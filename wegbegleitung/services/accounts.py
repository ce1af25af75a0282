"""Accounts of volunteers who sign up themselves.

Rules: anyone may sign up as a volunteer; they start as an applicant (Interessent:in) on the
mentor's path (DOMAIN.md) and hold the Wegbegleitung role, nothing more.
"""

from __future__ import annotations

from django.db import transaction

from wegbegleitung.models import User, Wegbegleiter
from wegbegleitung.roles import Role
from wegbegleitung.services.audit import audit_log
from wegbegleitung.services.roles import user_grant_role


@transaction.atomic
def wegbegleiter_register(*, user: User) -> Wegbegleiter:
    wegbegleiter, created = Wegbegleiter.objects.get_or_create(user=user)
    if created:
        user_grant_role(acting_user=user, user=user, role=Role.WEGBEGLEITUNG)
        audit_log(actor=user, action="wegbegleiter.register", obj=wegbegleiter)
    return wegbegleiter
