"""The weights of the suggestions, set per region by its coordinators."""

from __future__ import annotations

from django.db import transaction

from matching.models import Gewichtung
from matching.services.records._common import check_region
from wegbegleitung.models import User
from wegbegleitung.services.audit import audit_log


@transaction.atomic
def gewichtung_save(*, acting_user: User | None, gewichtung: Gewichtung) -> Gewichtung:
    check_region(acting_user, gewichtung.region_id)
    gewichtung.full_clean()
    gewichtung.save()
    audit_log(actor=acting_user, action="gewichtung.save", obj=gewichtung)
    return gewichtung
