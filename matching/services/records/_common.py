"""What every record of a match shares: locking the match, the coordinator's right to change
it, the states in which it runs, and the region check of the coordinators' settings."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from matching.models import Begleitung
from matching.permissions import can_manage_begleitung
from wegbegleitung.models import User
from wegbegleitung.permissions import region_ids_for

S = Begleitung.Status
# diary entries and support contacts; "ending requested" still runs (the farewell meetings)
RUNNING = (S.AKTIV, S.CARE_LEAVER, S.ENDE_ANGEFRAGT)


def lock_begleitung(begleitung: Begleitung) -> Begleitung:
    return (
        Begleitung.objects.select_for_update(of=("self",))
        .select_related("jugendliche__einrichtung__region", "wegbegleiter__user")
        .get(pk=begleitung.pk)
    )


def manage_begleitung(acting_user: User, begleitung: Begleitung) -> Begleitung:
    locked = lock_begleitung(begleitung)
    if not can_manage_begleitung(acting_user, locked):
        raise PermissionDenied(_("You may not change this match."))
    return locked


def check_region(acting_user: User | None, region_id: int | None) -> None:
    if acting_user is None or acting_user.is_superuser:  # None: the system (demo, setup)
        return
    if region_id is None or region_id not in region_ids_for(acting_user):
        raise PermissionDenied(_("You may only change your own regions."))
