"""Invitations for the roles that cannot sign up themselves.

Rules: coordinators, child-protection leads, facility staff and researchers join only by
invitation; the link works once and expires after WB_INVITATION_VALID_DAYS; the person accepting
proves control of the address by receiving the link, so the address counts as verified.
The mail is sent by a Celery task after the transaction commits.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from einrichtungen.models import Einrichtung
from wegbegleitung import outbox
from wegbegleitung.mail import send_templated_mail
from wegbegleitung.models import Einladung, Region, User
from wegbegleitung.permissions import can_invite
from wegbegleitung.roles import Role
from wegbegleitung.services.audit import audit_log
from wegbegleitung.services.roles import user_grant_role

_SALT = "wegbegleitung.einladung"


@transaction.atomic
def einladung_create(
    *,
    acting_user: User,
    email: str,
    role: str,
    region: Region | None = None,
    einrichtung: Einrichtung | None = None,
) -> Einladung:
    if role == Role.EINRICHTUNG and einrichtung is None:
        raise ValidationError({"einrichtung": _("Facility staff must be invited to a facility.")})
    if role in {Role.KOORDINATION, Role.KINDERSCHUTZ} and region is None:
        raise ValidationError({"region": _("Coordinators must be invited to a region.")})
    if not can_invite(
        acting_user,
        role=role,
        region=region,
        einrichtung_region_id=einrichtung.region_id if einrichtung else None,
        einrichtung=einrichtung,
    ):
        raise PermissionDenied(_("You may not invite people to this role here."))
    einladung = Einladung.objects.create(
        email=email.strip().lower(),
        role=role,
        region=region,
        einrichtung=einrichtung if role == Role.EINRICHTUNG else None,
        key=secrets.token_urlsafe(32),
        created_by=acting_user,
        expires_at=timezone.now() + timedelta(days=settings.WB_INVITATION_VALID_DAYS),
    )
    audit_log(actor=acting_user, action="einladung.create", obj=einladung, details={"role": role})
    from wegbegleitung.tasks import send_invitation

    outbox.enqueue(send_invitation, einladung.pk)
    return einladung


def einladung_token(einladung: Einladung) -> str:
    return signing.dumps({"i": einladung.pk, "k": einladung.key}, salt=_SALT, compress=True)


def einladung_url(einladung: Einladung) -> str:
    path = reverse("einladung_accept", kwargs={"token": einladung_token(einladung)})
    return f"{settings.SITE_URL}{path}"


def einladung_send(*, einladung_id: int) -> bool:
    """Send the invitation mail once; returns False when there is nothing (more) to send."""
    with transaction.atomic():
        einladung = Einladung.objects.select_for_update().filter(pk=einladung_id).first()
        if einladung is None or einladung.sent_at is not None or not einladung.is_open:
            return False
        send_templated_mail(
            to=[einladung.email],
            # young people get their own wording ("du", no second factor; forschung's template)
            template="invitation_jugendliche"
            if einladung.role == Role.JUGENDLICHE
            else "invitation",
            context={
                "einladung": einladung,
                "role": einladung.get_role_display(),
                "url": einladung_url(einladung),
                "valid_days": settings.WB_INVITATION_VALID_DAYS,
            },
        )
        einladung.sent_at = timezone.now()
        einladung.save(update_fields=["sent_at"])
    return True


class InvitationInvalid(Exception):
    """The link cannot be used; ``str(exc)`` says why, in the user's language."""


def einladung_from_token(token: str) -> Einladung:
    try:
        data = signing.loads(token, salt=_SALT)
        einladung = Einladung.objects.select_related("region", "einrichtung").get(pk=data["i"])
    except (signing.BadSignature, KeyError, TypeError, Einladung.DoesNotExist) as exc:
        raise InvitationInvalid(_("This invitation link is not valid.")) from exc
    if not constant_time_compare(einladung.key, str(data.get("k", ""))):
        raise InvitationInvalid(_("This invitation link is not valid."))
    if einladung.accepted_at is not None:
        raise InvitationInvalid(_("This invitation has already been used."))
    if einladung.expires_at <= timezone.now():
        raise InvitationInvalid(_("This invitation has expired. Please ask for a new one."))
    return einladung


@transaction.atomic
def einladung_accept(
    *,
    token: str,
    user: User | None,
    first_name: str = "",
    last_name: str = "",
    password: str = "",
) -> User:
    """Accept with a new account (user None) or, when logged in with the invited address, add the role."""
    einladung = einladung_from_token(token)
    einladung = Einladung.objects.select_for_update().get(pk=einladung.pk)
    if einladung.accepted_at is not None:  # a parallel request won the race
        raise InvitationInvalid(_("This invitation has already been used."))
    if user is None:
        user = _create_invited_user(einladung, first_name, last_name, password)
    elif user.email.lower() != einladung.email:
        raise InvitationInvalid(
            _("This invitation is for another email address. Please log out first.")
        )
    user_grant_role(
        acting_user=einladung.created_by,
        user=user,
        role=einladung.role,
        region=einladung.region,
        einrichtung=einladung.einrichtung,
    )
    einladung.accepted_at = timezone.now()
    einladung.accepted_by = user
    einladung.save(update_fields=["accepted_at", "accepted_by"])
    audit_log(actor=user, action="einladung.accept", obj=einladung)
    return user


def _create_invited_user(
    einladung: Einladung, first_name: str, last_name: str, password: str
) -> User:
    if User.objects.filter(email__iexact=einladung.email).exists():
        raise InvitationInvalid(
            _("An account with this address exists. Please log in, then open the link again.")
        )
    user = User(email=einladung.email, first_name=first_name.strip(), last_name=last_name.strip())
    validate_password(password, user)
    user.set_password(password)
    user.save()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    audit_log(actor=user, action="user.create", obj=user, details={"via": "einladung"})
    return user


def einladung_purge_expired(*, older_than_days: int = 30) -> int:
    """Data minimisation: drop unused invitations (an email address) a while after expiry."""
    cutoff = timezone.now() - timedelta(days=older_than_days)
    with transaction.atomic():
        stale = Einladung.objects.filter(accepted_at__isnull=True, expires_at__lt=cutoff)
        ids = list(stale.values_list("pk", flat=True))
        stale.delete()
        if ids:
            audit_log(actor=None, action="einladung.purge", details={"count": len(ids)})
    return len(ids)
