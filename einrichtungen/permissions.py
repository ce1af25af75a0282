"""Who may do what with facilities and young people, as one matrix.

| who                          | facility data | young person: read | young person: write |
|------------------------------|---------------|--------------------|---------------------|
| coordinator of the region    | admin         | yes                | yes                 |
| staff of the facility        | -             | yes                | until move-out      |
| lead of the facility         | invite staff  | yes                | until move-out      |
| anyone else                  | -             | 404                | 404                 |

The staff area itself (every page of it, in this app and matching's) is open to facility staff
and coordinators only: a volunteer or a person without a role gets 403 with an explanation,
not an empty list (``require_staff_area``).

Staff see exactly the facilities whose staff group they belong to (django-guardian object
permissions held by that group); leads additionally hold ``invite_staff`` on their facility.
An organisation that refers families (early help) and an Erziehungsstelle (its staff are the
foster parents) are facilities in this sense: the same matrix, so referring professionals see
only their own families (docs/families.md).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from guardian.shortcuts import get_objects_for_user

from einrichtungen.models import Einrichtung, Jugendliche
from wegbegleitung.models import User
from wegbegleitung.permissions import has_perm, is_coordinator, region_ids_for
from wegbegleitung.roles import Role

WORK_PERM = "einrichtungen.work_in_einrichtung"
INVITE_PERM = "einrichtungen.invite_staff"


def acting(request: HttpRequest) -> User:
    """The logged-in user of a request (views and admin pages require a login)."""
    if not isinstance(request.user, User):
        raise PermissionDenied
    return request.user


def can_use_staff_area(user: User | AnonymousUser) -> bool:
    """Facility staff, and coordinators (they open a record from the admin); no one else."""
    if not user.is_authenticated or not user.is_active:
        return False
    return is_coordinator(user) or user.has_role(Role.EINRICHTUNG)


def require_staff_area(
    view: Callable[..., HttpResponse],
) -> Callable[..., HttpResponse]:
    """A view of the staff area; put it below ``login_required``."""

    @wraps(view)
    def checked(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if not can_use_staff_area(request.user):
            raise PermissionDenied(
                _(
                    "This area is for the staff of the facilities. Your own pages are on "
                    "the start page."
                )
            )
        return view(request, *args, **kwargs)

    return checked


def staff_region_ids(user: User) -> set[int]:
    """The regions of the facilities ``user`` works in."""
    return set(einrichtungen_for_staff(user).values_list("region_id", flat=True))


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


def is_coordinator_of(user: User | AnonymousUser, region_id: int) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or (is_coordinator(user) and region_id in region_ids_for(user))


def jugendliche_visible_q(user: User | AnonymousUser, via: str = "") -> Q | None:
    """The filter on young people a user may see at all (None: nothing); ``via``: the path from
    the rows filtered to the young person (``"jugendliche__"``), so a table of their records
    filters through its join instead of a subquery over every young person."""
    if not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return Q()
    q = Q(**{f"{via}einrichtung__in": einrichtungen_for_staff(user).values("pk")})
    region_ids = region_ids_for(user)
    if region_ids:
        q |= Q(**{f"{via}einrichtung__region_id__in": region_ids})
    return q


def is_staff_of(user: User | AnonymousUser, jugendliche: Jugendliche) -> bool:
    return can_work_in(user, jugendliche.einrichtung)


def can_view_jugendliche(user: User | AnonymousUser, jugendliche: Jugendliche) -> bool:
    return is_coordinator_of(user, jugendliche.einrichtung.region_id) or is_staff_of(
        user, jugendliche
    )


def can_edit_jugendliche(user: User | AnonymousUser, jugendliche: Jugendliche) -> bool:
    """After the move-out the facility keeps reading what it wrote, but writes nothing new."""
    if is_coordinator_of(user, jugendliche.einrichtung.region_id):
        return True
    return is_staff_of(user, jugendliche) and not jugendliche.has_left()


def can_add_jugendliche(user: User | AnonymousUser, einrichtung: Einrichtung) -> bool:
    return is_coordinator_of(user, einrichtung.region_id) or can_work_in(user, einrichtung)


def can_invite_staff(user: User | AnonymousUser, einrichtung: Einrichtung) -> bool:
    """Coordinators of the region and the facility's leads invite staff to it."""
    return is_coordinator_of(user, einrichtung.region_id) or (
        has_perm(user, INVITE_PERM, einrichtung) and can_work_in(user, einrichtung)
    )


def can_manage_einrichtung(user: User | AnonymousUser, einrichtung: Einrichtung) -> bool:
    return has_perm(user, "einrichtungen.change_einrichtung") and is_coordinator_of(
        user, einrichtung.region_id
    )
