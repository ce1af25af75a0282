"""Support contacts, recorded by coordinators while the match runs, dated from its start to
today; in the care-leaver phase the facility has dropped out, so no contact "with the facility".
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from matching import plausibility
from matching.models import Begleitung, Unterstuetzungskontakt
from matching.services.lifecycle import TransitionRefused
from matching.services.records._common import RUNNING, S, manage_begleitung
from wegbegleitung.models import User
from wegbegleitung.services.audit import audit_log


@transaction.atomic
def kontakt_create(
    *, acting_user: User, begleitung: Begleitung, **data: Any
) -> Unterstuetzungskontakt:
    locked = manage_begleitung(acting_user, begleitung)
    if locked.status not in (*RUNNING, S.PAUSIERT):
        raise TransitionRefused(_("Support contacts are recorded while the match runs."))
    if locked.in_care_leaver_phase and data.get("mit") == Unterstuetzungskontakt.Mit.EINRICHTUNG:
        raise ValidationError(
            {"mit": _("In the care-leaver phase the facility is no longer part of the match.")}
        )
    kontakt = Unterstuetzungskontakt(begleitung=locked, created_by=acting_user, **data)
    kontakt.full_clean(exclude=["begleitung", "created_by"])
    plausibility.check_kontakt_datum(
        kontakt.datum, started_on=locked.started_on, today=timezone.localdate()
    )
    kontakt.save()
    audit_log(actor=acting_user, action="kontakt.create", obj=kontakt, details={"mit": kontakt.mit})
    return kontakt
