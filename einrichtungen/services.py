"""Writes for facilities.

Rules: each facility has its own staff group holding the object permissions on it
(django-guardian), so "staff see only their own facility" follows from group membership.
"""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm

from einrichtungen.models import Einrichtung
from wegbegleitung.models import Region, User
from wegbegleitung.permissions import has_perm, region_ids_for
from wegbegleitung.services.audit import audit_log

STAFF_OBJECT_PERMS = ["einrichtungen.view_einrichtung", "einrichtungen.work_in_einrichtung"]


@transaction.atomic
def einrichtung_create(*, acting_user: User | None, name: str, region: Region) -> Einrichtung:
    if acting_user is not None:
        _check_region(acting_user, region)
    group = Group.objects.create(name=f"Einrichtung {region.pk}/{name}"[:150])
    einrichtung = Einrichtung.objects.create(name=name, region=region, staff_group=group)
    for perm in STAFF_OBJECT_PERMS:
        assign_perm(perm, group, einrichtung)
    audit_log(actor=acting_user, action="einrichtung.create", obj=einrichtung)
    return einrichtung


def _check_region(acting_user: User, region: Region) -> None:
    if not has_perm(acting_user, "einrichtungen.add_einrichtung"):
        raise PermissionDenied(_("You may not manage facilities."))
    if not acting_user.is_superuser and region.pk not in region_ids_for(acting_user):
        raise PermissionDenied(_("You may only manage facilities of your own regions."))
