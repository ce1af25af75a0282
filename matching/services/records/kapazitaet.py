"""How many matches a volunteer may have at once: never below the open ones."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from matching.models import Begleitung, Kapazitaet
from matching.services.records._common import check_region
from wegbegleitung.models import User, Wegbegleiter
from wegbegleitung.services.audit import audit_log


@transaction.atomic
def kapazitaet_set(
    *, acting_user: User, wegbegleiter: Wegbegleiter, max_begleitungen: int, grund: str = ""
) -> Kapazitaet:
    locked = Wegbegleiter.objects.select_for_update().get(pk=wegbegleiter.pk)
    check_region(acting_user, locked.region_id)
    open_count = Begleitung.objects.filter(
        wegbegleiter=locked, status__in=Begleitung.OPEN_STATES
    ).count()
    if max_begleitungen < max(open_count, 1):
        raise ValidationError(
            {
                "max_begleitungen": _("The volunteer already has %(n)s open matches.")
                % {"n": open_count}
            }
        )
    kapazitaet, _created = Kapazitaet.objects.get_or_create(wegbegleiter=locked)
    kapazitaet.max_begleitungen, kapazitaet.grund = max_begleitungen, grund.strip()
    kapazitaet.full_clean()
    kapazitaet.save()
    audit_log(
        actor=acting_user,
        action="kapazitaet.set",
        obj=kapazitaet,
        details={"max": max_begleitungen},
    )
    return kapazitaet
