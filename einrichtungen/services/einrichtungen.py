"""Writes for providers, facilities and their staff.

Rules:
- each facility has its own staff group holding the object permissions on it (django-guardian),
  so "staff see only their own facility" follows from group membership;
- a facility's leads hold ``einrichtungen.invite_staff`` on it as a user object permission and
  invite staff to exactly that facility; coordinators manage facilities of their own regions;
- an active cooperation agreement has a date (also a database constraint);
- an Erziehungsstelle (one household, the foster parents are its staff) keeps no street.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from einrichtungen.familien import einrichtung_check_household
from einrichtungen.models import Einrichtung, Traeger
from einrichtungen.permissions import INVITE_PERM, can_invite_staff
from wegbegleitung.models import Country, Einladung, Region, User
from wegbegleitung.permissions import has_perm, region_ids_for
from wegbegleitung.roles import Role
from wegbegleitung.services.audit import audit_log, changed_fields
from wegbegleitung.services.invitations import einladung_create

STAFF_OBJECT_PERMS = ["einrichtungen.view_einrichtung", "einrichtungen.work_in_einrichtung"]
EINRICHTUNG_FIELDS = frozenset(
    {
        "name",
        "traeger",
        "art",
        "strasse",
        "postleitzahl",
        "ort",
        "ansprechperson",
        "ansprechperson_email",
        "ansprechperson_telefon",
        "kooperation_status",
        "kooperation_seit",
    }
)


@transaction.atomic
def einrichtung_create(
    *, acting_user: User | None, name: str, region: Region, **data: Any
) -> Einrichtung:
    if acting_user is not None:
        _check_region(acting_user, region, "einrichtungen.add_einrichtung")
    _check_fields(data)
    group = Group.objects.create(name=f"Einrichtung {region.pk}/{name}"[:150])
    einrichtung = Einrichtung(name=name, region=region, staff_group=group, **data)
    einrichtung_validate(einrichtung)
    einrichtung.save()
    for perm in STAFF_OBJECT_PERMS:
        assign_perm(perm, group, einrichtung)
    audit_log(actor=acting_user, action="einrichtung.create", obj=einrichtung)
    return einrichtung


@transaction.atomic
def einrichtung_update(
    *, acting_user: User | None, einrichtung: Einrichtung, **data: Any
) -> Einrichtung:
    """Change a facility's details; its region cannot move (staff and records hang off it)."""
    _check_fields(data)
    # the permission is decided on the locked row's region, not on the caller's instance
    einrichtung = (
        Einrichtung.objects.select_for_update(of=("self",))
        .select_related("region")
        .get(pk=einrichtung.pk)
    )
    if acting_user is not None:
        _check_region(acting_user, einrichtung.region, "einrichtungen.change_einrichtung")
    changed = changed_fields(einrichtung, data)
    for name, value in data.items():
        setattr(einrichtung, name, value)
    einrichtung_validate(einrichtung)
    einrichtung.save()
    audit_log(
        actor=acting_user, action="einrichtung.update", obj=einrichtung, details={"fields": changed}
    )
    return einrichtung


@transaction.atomic
def einrichtung_lead_set(
    *, acting_user: User | None, einrichtung: Einrichtung, user: User, is_lead: bool
) -> None:
    """Make a staff member of the facility one of its leads, or take that back."""
    if acting_user is not None:
        _check_region(acting_user, einrichtung.region, "einrichtungen.change_einrichtung")
    if is_lead and not user.groups.filter(pk=einrichtung.staff_group_id).exists():
        raise ValidationError(_("Only staff of the facility can lead it."))
    if is_lead:
        assign_perm(INVITE_PERM, user, einrichtung)
    else:
        remove_perm(INVITE_PERM, user, einrichtung)
    audit_log(
        actor=acting_user,
        action="einrichtung.lead_set",
        obj=einrichtung,
        details={"user": user.pk, "lead": is_lead},
    )


def einrichtung_staff_invite(
    *, acting_user: User, einrichtung: Einrichtung, email: str
) -> Einladung:
    """A lead (or coordinator) invites a person to the staff of this facility by email."""
    if not can_invite_staff(acting_user, einrichtung):
        raise PermissionDenied(_("You may not invite staff to this facility."))
    if einrichtung.staff_group.user_set.filter(email__iexact=email.strip()).exists():
        raise ValidationError({"email": _("This person already works in the facility.")})
    return einladung_create(
        acting_user=acting_user, email=email, role=Role.EINRICHTUNG, einrichtung=einrichtung
    )


@transaction.atomic
def traeger_save(*, acting_user: User | None, traeger: Traeger) -> Traeger:
    """Create or change a provider (organisation data, not personal data of young people)."""
    if acting_user is not None and not has_perm(acting_user, "einrichtungen.change_traeger"):
        raise PermissionDenied(_("You may not manage providers."))
    created = traeger.pk is None
    traeger.full_clean()
    traeger.save()
    audit_log(
        actor=acting_user, action="traeger.create" if created else "traeger.update", obj=traeger
    )
    return traeger


def _check_fields(data: dict[str, Any]) -> None:
    unknown = set(data) - EINRICHTUNG_FIELDS
    if unknown:
        raise TypeError(f"not a facility field: {sorted(unknown)}")


def einrichtung_validate(einrichtung: Einrichtung) -> None:
    if einrichtung.kooperation_status == Einrichtung.Kooperation.AKTIV and (
        einrichtung.kooperation_seit is None
    ):
        raise ValidationError(
            {"kooperation_seit": _("An agreement in force needs the date it was signed.")}
        )
    _validate_postleitzahl(einrichtung)
    einrichtung_check_household(einrichtung)
    einrichtung.full_clean(exclude=["staff_group"], validate_constraints=False)


def _validate_postleitzahl(einrichtung: Einrichtung) -> None:
    """Germany has five-digit postal codes, Austria and Switzerland four."""
    plz = einrichtung.postleitzahl = einrichtung.postleitzahl.strip()
    if not plz:
        return
    digits = 5 if einrichtung.region.country == Country.DE else 4
    if not (plz.isascii() and plz.isdigit() and len(plz) == digits):
        raise ValidationError(
            {"postleitzahl": _("Enter a postal code of %(digits)d digits.") % {"digits": digits}}
        )


def _check_region(acting_user: User, region: Region, perm: str) -> None:
    if not has_perm(acting_user, perm):
        raise PermissionDenied(_("You may not manage facilities."))
    if not acting_user.is_superuser and region.pk not in region_ids_for(acting_user):
        raise PermissionDenied(_("You may only manage facilities of your own regions."))
