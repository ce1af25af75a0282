"""Who may do what: the one place the rest of the code asks.

``has_perm`` checks global and object permissions together (guardian's backend alone answers
only for object permissions when an object is given). Region scoping for coordinators and facility
scoping for staff are answered here too, so views, admin and selectors never rebuild them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from wegbegleitung.models import Region, User, Wegbegleiter
from wegbegleitung.roles import ADMIN_ROLES, Role

if TYPE_CHECKING:
    from django.db import models

    AnyUser = User | AnonymousUser


def has_perm(user: AnyUser, perm: str, obj: models.Model | None = None) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.has_perm(perm):
        return True
    return obj is not None and user.has_perm(perm, obj)


def is_coordinator(user: AnyUser) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_superuser or any(user.has_role(role) for role in ADMIN_ROLES)


def regions_for(user: AnyUser) -> QuerySet[Region]:
    """The regions whose data the user may see as coordinator or child-protection lead."""
    if not user.is_authenticated or not user.is_active:
        return Region.objects.none()
    if user.is_superuser:
        return Region.objects.all()
    if not is_coordinator(user):
        return Region.objects.none()
    return Region.objects.filter(coordinators=user)


def region_ids_for(user: AnyUser) -> set[int]:
    cached: set[int] | None = getattr(user, "_region_ids_cache", None)
    if cached is None:
        cached = set(regions_for(user).values_list("pk", flat=True))
        if user.is_authenticated:
            user._region_ids_cache = cached  # type: ignore[attr-defined]
    return cached


def can_invite(
    user: AnyUser,
    *,
    role: str,
    region: Region | None,
    einrichtung_region_id: int | None,
    einrichtung: models.Model | None = None,
) -> bool:
    """Coordinators invite into their own regions; only superusers invite researchers.

    A facility's lead (object permission ``einrichtungen.invite_staff``) invites staff to it.
    """
    if (
        role == Role.EINRICHTUNG
        and einrichtung is not None
        and has_perm(user, "einrichtungen.invite_staff", einrichtung)
    ):
        return True
    if (
        role == Role.JUGENDLICHE
        and einrichtung is not None
        and has_perm(user, "einrichtungen.work_in_einrichtung", einrichtung)
    ):
        return True  # staff invite the young people of their own facility (forschung checks age)
    if not has_perm(user, "wegbegleitung.add_einladung"):
        return False
    if user.is_superuser:
        return True
    if role == Role.FORSCHUNG:
        return False
    if role == Role.WEGBEGLEITUNG:
        return False  # volunteers sign up themselves
    region_id = region.pk if region is not None else einrichtung_region_id
    return region_id is not None and region_id in region_ids_for(user)


def can_view_audit(user: AnyUser) -> bool:
    return has_perm(user, "wegbegleitung.view_auditevent")


def can_manage_wegbegleiter(user: AnyUser, wegbegleiter: Wegbegleiter) -> bool:
    """Coordinators of the volunteer's region take them along the path (admin)."""
    if not has_perm(user, "wegbegleitung.change_wegbegleiter"):
        return False
    if user.is_superuser:
        return True
    return wegbegleiter.region_id is not None and wegbegleiter.region_id in region_ids_for(user)


def is_own_wegbegleiter(user: AnyUser, wegbegleiter: Wegbegleiter) -> bool:
    """The volunteer themself (portal): nobody else's record, whatever the link says."""
    return user.is_authenticated and user.is_active and wegbegleiter.user_id == user.pk


def can_manage_region_record(user: AnyUser, perm: str, region_id: int | None) -> bool:
    """Global model permission plus the record's region among the user's regions."""
    if not has_perm(user, perm):
        return False
    if user.is_superuser:
        return True
    return region_id is not None and region_id in region_ids_for(user)


def can_change_programmteilnahmen(user: AnyUser, wegbegleiter: Wegbegleiter) -> bool:
    """The programmes a volunteer serves in: a coordinator of the volunteer's region."""
    return can_manage_region_record(
        user, "wegbegleitung.change_programmteilnahme", wegbegleiter.region_id
    )


def can_use_exports(user: AnyUser) -> bool:
    """The export pages are for the people who work in the admin (coordinators, leads); which
    list a user may download is the list's own check (``Source.allowed``)."""
    return user.is_authenticated and user.is_active and user.is_staff and is_coordinator(user)


def can_fetch_export(user: AnyUser, export: models.Model) -> bool:
    """Only the person who asked for an export sees its progress and fetches its file."""
    return can_use_exports(user) and getattr(export, "requested_by_id", None) == user.pk


def can_answer_loeschantrag(user: AnyUser, loeschantrag: models.Model) -> bool:
    """Coordinators of the region the request was made in carry it out or refuse it."""
    region_id = getattr(loeschantrag, "region_id", None)
    return can_manage_region_record(user, "wegbegleitung.change_loeschantrag", region_id)


# The regions an account belongs to beyond the ones it coordinates: the facilities' app answers
# for its staff (``register_account_regions`` from its AppConfig.ready()).
_ACCOUNT_REGIONS: list[Callable[[User], set[int]]] = []


def register_account_regions(provider: Callable[[User], set[int]]) -> None:
    if provider not in _ACCOUNT_REGIONS:
        _ACCOUNT_REGIONS.append(provider)


def account_region_ids(account: User) -> set[int]:
    found = set(account.regions.values_list("pk", flat=True))
    for provider in _ACCOUNT_REGIONS:
        found |= provider(account)
    return found


def can_answer_for_account(user: AnyUser, account: User) -> bool:
    """GDPR Art. 15/17/20 for staff and coordinators (accounts without a volunteer record): a
    coordinator of a region the account works in (its facility's or one it coordinates), never
    for their own account (a second person checks the request); superusers for every one."""
    if not is_coordinator(user) or not user.is_staff or account.pk == user.pk:
        return False
    if Wegbegleiter.objects.filter(user=account).exists():
        return False  # a volunteer is answered on the volunteer's page
    if user.is_superuser:
        return True
    return bool(account_region_ids(account) & region_ids_for(user))
