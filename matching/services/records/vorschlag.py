"""A pair a coordinator left out of the region proposal."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from einrichtungen.models import Anfrage
from einrichtungen.permissions import is_coordinator_of
from matching.models import VorschlagVerworfen
from wegbegleitung.models import User, Wegbegleiter
from wegbegleitung.services.audit import audit_log


@transaction.atomic
def vorschlag_reject(*, acting_user: User, anfrage: Anfrage, wegbegleiter: Wegbegleiter) -> None:
    """Leave this pair out of the region proposal from now on."""
    region_id = anfrage.jugendliche.einrichtung.region_id
    if not is_coordinator_of(acting_user, region_id):
        raise PermissionDenied(_("You may only work on requests of your regions."))
    VorschlagVerworfen.objects.get_or_create(
        anfrage=anfrage, wegbegleiter=wegbegleiter, defaults={"by": acting_user}
    )
    audit_log(
        actor=acting_user,
        action="vorschlag.reject",
        obj=anfrage,
        details={"wegbegleiter": wegbegleiter.pk},
    )
