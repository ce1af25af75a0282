"""Who may see and do what in the cooperation network (the one place for these checks).

| who                                   | members | events                    | standing-in requests |
|---------------------------------------|---------|---------------------------|----------------------|
| staff of a member provider            | yes     | open to partner staff     | read, post, answer   |
| lead of a member provider's facility  | yes     | + the provider's own:     | read, post, answer   |
|                                       |         | create, change, call off, |                      |
|                                       |         | record attendance         |                      |
| coordinator of the network's region   | yes     | all (admin: manage)       | read (admin)         |
| volunteer of the network's region     | -       | open to volunteers        | -                    |
| staff of a provider that is no member | -       | -                         | -                    |
| anyone else                           | -       | -                         | -                    |

A network is that of one of our regions (a district). A provider is a member while its
``Mitgliedschaft`` has no leaving date; its staff are the staff of its facilities
(``einrichtungen.permissions.einrichtungen_for_staff``). Nothing in the network points at a young
person, so no rule here can open one: a member's staff never see another provider's young people.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import get_objects_for_user

from einrichtungen.models import Einrichtung
from einrichtungen.permissions import INVITE_PERM, WORK_PERM, einrichtungen_for_staff
from netzwerk.models import Einspringanfrage, Mitgliedschaft, Veranstaltung
from wegbegleitung.models import User, Wegbegleiter
from wegbegleitung.permissions import can_manage_region_record, is_coordinator, region_ids_for
from wegbegleitung.roles import Role

if TYPE_CHECKING:
    from wegbegleitung.permissions import AnyUser

Z = Veranstaltung.Zielgruppe
MANAGE_PERM = "netzwerk.change_veranstaltung"


def _active(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.is_active)


def member_traeger_ids(user: AnyUser) -> dict[int, set[int]]:
    """Network region -> the user's providers that are members there (staff only)."""
    if not isinstance(user, User) or not user.is_active or not user.has_role(Role.EINRICHTUNG):
        return {}
    cached: dict[int, set[int]] | None = getattr(user, "_netzwerk_members_cache", None)
    if cached is None:
        traeger = einrichtungen_for_staff(user).exclude(traeger=None).values("traeger_id")
        cached = {}
        rows = Mitgliedschaft.objects.filter(
            traeger_id__in=traeger, ausgetreten_am__isnull=True
        ).values_list("region_id", "traeger_id")
        for region_id, traeger_id in rows:
            cached.setdefault(region_id, set()).add(traeger_id)
        user._netzwerk_members_cache = cached  # type: ignore[attr-defined]
    return cached


def staff_network_region_ids(user: AnyUser) -> set[int]:
    return set(member_traeger_ids(user))


def coordinator_region_ids(user: AnyUser) -> set[int]:
    if not _active(user) or not is_coordinator(user):
        return set()
    return region_ids_for(user)


def network_region_ids(user: AnyUser) -> set[int]:
    """The networks whose members and requests the user sees (staff of members, coordinators)."""
    return staff_network_region_ids(user) | coordinator_region_ids(user)


def own_wegbegleiter(user: AnyUser) -> Wegbegleiter | None:
    if not isinstance(user, User) or not user.is_active or not user.has_role(Role.WEGBEGLEITUNG):
        return None
    cached: Wegbegleiter | None = getattr(user, "_netzwerk_wegbegleiter", None)
    if cached is None:
        cached = Wegbegleiter.objects.filter(user=user).first()
        user._netzwerk_wegbegleiter = cached  # type: ignore[attr-defined]
    return cached


def can_use_network(user: AnyUser) -> bool:
    """The network's pages for partners: staff of a member provider and coordinators."""
    return bool(network_region_ids(user))


def can_see_events(user: AnyUser) -> bool:
    return can_use_network(user) or own_wegbegleiter(user) is not None


def veranstaltungen_visible_q(user: AnyUser) -> Q | None:
    """The events the user may see at all (None: none)."""
    if not _active(user):
        return None
    if user.is_superuser:
        return Q()
    q = Q(pk__in=[])
    staff_regions = staff_network_region_ids(user)
    if staff_regions:
        q |= Q(region_id__in=staff_regions, zielgruppe__in=[Z.FACHKRAEFTE, Z.BEIDE])
    coordinator_regions = coordinator_region_ids(user)
    if coordinator_regions:
        q |= Q(region_id__in=coordinator_regions)
    for region_id, traeger_ids in organising_traeger_ids(user).items():
        q |= Q(region_id=region_id, veranstalter_id__in=traeger_ids)  # also those for volunteers
    wegbegleiter = own_wegbegleiter(user)
    if wegbegleiter is not None and wegbegleiter.region_id is not None:
        q |= Q(region_id=wegbegleiter.region_id, zielgruppe__in=[Z.WEGBEGLEITUNG, Z.BEIDE])
    return q


def can_view_veranstaltung(user: AnyUser, veranstaltung: Veranstaltung) -> bool:
    if not _active(user):
        return False
    if user.is_superuser or veranstaltung.region_id in coordinator_region_ids(user):
        return True
    if can_organise_veranstaltung(user, veranstaltung):
        return True
    return can_register_staff(user, veranstaltung) or can_register_volunteer(user, veranstaltung)


def can_register_staff(user: AnyUser, veranstaltung: Veranstaltung) -> bool:
    """Staff of a member provider of the event's network, when it is open to partner staff."""
    return veranstaltung.for_staff and veranstaltung.region_id in staff_network_region_ids(user)


def can_register_volunteer(user: AnyUser, veranstaltung: Veranstaltung) -> bool:
    """A volunteer of the event's region (not one who has left or was declined), when open."""
    wegbegleiter = own_wegbegleiter(user)
    if wegbegleiter is None or not veranstaltung.for_volunteers:
        return False
    closed = {Wegbegleiter.Status.ABGELEHNT, Wegbegleiter.Status.AUSGESCHIEDEN}
    return wegbegleiter.region_id == veranstaltung.region_id and wegbegleiter.status not in closed


def organising_traeger_ids(user: AnyUser) -> dict[int, set[int]]:
    """Network region -> the member providers the user organises events for: those of which the
    user leads a facility (holds ``invite_staff`` on it, as for inviting staff). A provider's
    events speak for the whole provider, so plain staff register but do not organise."""
    members = member_traeger_ids(user)
    if not members:
        return {}
    cached: dict[int, set[int]] | None = getattr(user, "_netzwerk_organiser_cache", None)
    if cached is None:
        led = get_objects_for_user(
            user, [WORK_PERM, INVITE_PERM], klass=Einrichtung, accept_global_perms=False
        )
        led_traeger = set(led.exclude(traeger=None).values_list("traeger_id", flat=True))
        cached = {r: ids & led_traeger for r, ids in members.items() if ids & led_traeger}
        user._netzwerk_organiser_cache = cached  # type: ignore[union-attr]
    return cached


def can_organise(user: AnyUser) -> bool:
    """Whether the user organises events for any member provider (the network's own pages)."""
    return bool(organising_traeger_ids(user))


def can_organise_for(user: AnyUser, traeger_id: int | None, region_id: int) -> bool:
    """A lead of one of the provider's facilities, while the provider is a member there."""
    return traeger_id is not None and traeger_id in organising_traeger_ids(user).get(
        region_id, set()
    )


def can_manage_veranstaltung(user: AnyUser, veranstaltung: Veranstaltung) -> bool:
    """Coordinators of the network's region (admin), and the leads of the organising member
    provider for its own events (the network's pages): change, call off, record attendance."""
    if can_manage_region_record(user, MANAGE_PERM, veranstaltung.region_id):
        return True
    return can_organise_for(user, veranstaltung.veranstalter_id, veranstaltung.region_id)


def can_organise_veranstaltung(user: AnyUser, veranstaltung: Veranstaltung) -> bool:
    """The network's organiser pages of an event: the leads of its organising member provider
    (coordinators use the admin)."""
    return can_organise_for(user, veranstaltung.veranstalter_id, veranstaltung.region_id)


def can_see_participants(user: AnyUser, veranstaltung: Veranstaltung) -> bool:
    """The organiser's list: coordinators of the region, and the staff of the organising member
    provider. Volunteers appear in it only as a number: their names stay with us."""
    if not _active(user):
        return False
    if user.is_superuser or veranstaltung.region_id in coordinator_region_ids(user):
        return True
    organiser = veranstaltung.veranstalter_id
    return organiser is not None and organiser in posting_traeger_ids(user, veranstaltung.region_id)


def can_manage_mitgliedschaft(user: AnyUser, mitgliedschaft: Mitgliedschaft) -> bool:
    return can_manage_region_record(
        user, "netzwerk.change_mitgliedschaft", mitgliedschaft.region_id
    )


def can_view_einspringanfrage(user: AnyUser, anfrage: Einspringanfrage) -> bool:
    """Inside the network only, and only while it is valid (coordinators: also afterwards)."""
    if not _active(user):
        return False
    if user.is_superuser or anfrage.region_id in coordinator_region_ids(user):
        return True
    valid = anfrage.gueltig_bis >= timezone.localdate()
    return valid and anfrage.region_id in staff_network_region_ids(user)


def posting_traeger_ids(user: AnyUser, region_id: int) -> set[int]:
    """The providers the user may speak for in a network: their own member providers there."""
    return member_traeger_ids(user).get(region_id, set())


def can_answer_einspringanfrage(user: AnyUser, anfrage: Einspringanfrage) -> bool:
    """Another member of the same network answers (a provider does not answer itself)."""
    if not can_view_einspringanfrage(user, anfrage) or not anfrage.is_open():
        return False
    return bool(posting_traeger_ids(user, anfrage.region_id) - {anfrage.traeger_id})


def require_network(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A page for the network's partners; put it below ``login_required``."""

    @wraps(view)
    def checked(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if not can_use_network(request.user):
            raise PermissionDenied(
                _("The cooperation network is open to the staff of its member providers.")
            )
        return view(request, *args, **kwargs)

    return checked


def require_events(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The events' pages: partners of the network and our volunteers."""

    @wraps(view)
    def checked(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if not can_see_events(request.user):
            raise PermissionDenied(
                _("The network's events are open to its member providers and our volunteers.")
            )
        return view(request, *args, **kwargs)

    return checked
