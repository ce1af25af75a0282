"""Roles and their permissions.

Rules: roles are groups whose global permissions follow ROLE_PERMISSIONS (one matrix);
admin access (is_staff) is derived from holding an admin role, never set by hand.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from einrichtungen.models import Einrichtung
from wegbegleitung.models import Region, User
from wegbegleitung.roles import ADMIN_ROLES, ROLE_PERMISSIONS, Role
from wegbegleitung.services.audit import audit_log


def sync_roles() -> None:
    for role, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        wanted = _permissions(perms)
        if set(group.permissions.all()) != set(wanted):
            group.permissions.set(wanted)


def sync_roles_after_migrate(sender: Any, **kwargs: Any) -> None:
    # Run once, after the last app: by then every app's permissions exist.
    if sender is list(apps.get_app_configs())[-1]:
        sync_roles()


def _permissions(perms: list[str]) -> list[Permission]:
    found = []
    for perm in perms:
        app_label, codename = perm.split(".", 1)
        try:
            found.append(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        except Permission.DoesNotExist as exc:
            raise LookupError(
                f"permission {perm} named in ROLE_PERMISSIONS does not exist"
            ) from exc
    return found


@transaction.atomic
def user_grant_role(
    *,
    acting_user: User | None,
    user: User,
    role: str,
    region: Region | None = None,
    einrichtung: Einrichtung | None = None,
) -> None:
    user.groups.add(Group.objects.get(name=role))
    if role in ADMIN_ROLES and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    if region is not None and role in ADMIN_ROLES:
        region.coordinators.add(user)
    if einrichtung is not None and role == Role.EINRICHTUNG:
        user.groups.add(einrichtung.staff_group)
    user.__dict__.pop("_role_cache", None)
    details: dict[str, Any] = {"role": str(role)}
    if region is not None:
        details["region"] = region.pk
    if einrichtung is not None:
        details["einrichtung"] = einrichtung.pk
    audit_log(actor=acting_user, action="user.grant_role", obj=user, details=details)
