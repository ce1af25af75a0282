"""Facility scoping: staff see exactly the facilities whose staff group they belong to."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from guardian.shortcuts import get_objects_for_user

from einrichtungen.models import Einrichtung
from wegbegleitung.models import User
from wegbegleitung.permissions import has_perm, region_ids_for

WORK_PERM = "einrichtungen.work_in_einrichtung"


def einrichtungen_for_staff(user: User | AnonymousUser) -> QuerySet[Einrichtung]:
    if not user.is_authenticated or not user.is_active:
        return Einrichtung.objects.none()
    objs: QuerySet[Einrichtung] = get_objects_for_user(
        user, WORK_PERM, klass=Einrichtung, accept_global_perms=False
    )
    return objs


def einrichtungen_for(user: User | AnonymousUser) -> QuerySet[Einrichtung]:
    """Facilities a user may see: coordinators by region, staff by membership."""
    if not user.is_authenticated:
        return Einrichtung.objects.none()
    if user.is_superuser:
        return Einrichtung.objects.all()
    region_ids = region_ids_for(user)
    if region_ids:
        return Einrichtung.objects.filter(region_id__in=region_ids)
    return einrichtungen_for_staff(user)


def can_work_in(user: User | AnonymousUser, einrichtung: Einrichtung) -> bool:
    return has_perm(user, WORK_PERM, einrichtung)
