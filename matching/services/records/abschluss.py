"""The closure of a match (DOMAIN.md "Abschluss"): planned or unplanned, reason, exit
conversations, contact rules, re-matching decision; the volunteer pauses or leaves through their
own state machine (wegbegleitung.services.volunteer_path), or is simply free again.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from matching import plausibility
from matching.models import Abschluss, Begleitung
from matching.services.lifecycle import TRANSITIONS, check_source
from matching.services.records._common import S, manage_begleitung
from wegbegleitung.models import User, Wegbegleiter
from wegbegleitung.services.audit import audit_log


@transaction.atomic
def begleitung_close(*, acting_user: User, begleitung: Begleitung, **data: Any) -> Abschluss:
    locked = manage_begleitung(acting_user, begleitung)
    check_source(locked, TRANSITIONS["close"])
    abschluss = Abschluss(begleitung=locked, created_by=acting_user, **data)
    abschluss.beendet_am = abschluss.beendet_am or timezone.localdate()
    abschluss.full_clean(exclude=["begleitung", "created_by"])
    plausibility.check_beendet_am(
        abschluss.beendet_am,
        began_on=locked.started_on or timezone.localtime(locked.proposed_at).date(),
        today=timezone.localdate(),
    )
    abschluss.save()
    source = locked.status
    locked.status, locked.status_since = S.BEENDET, timezone.now()
    locked.ended_on = abschluss.beendet_am
    locked.save(update_fields=["status", "status_since", "ended_on"])
    _volunteer_afterwards(acting_user, locked.wegbegleiter, abschluss)
    if abschluss.neue_anfrage:
        from einrichtungen.services import anfrage_create

        anfrage_create(acting_user=acting_user, jugendliche=locked.jugendliche)
    audit_log(
        actor=acting_user,
        action="begleitung.close",
        obj=locked,
        details={"from": source, "art": abschluss.art, "grund": abschluss.grund},
    )
    return abschluss


def _volunteer_afterwards(
    acting_user: User, wegbegleiter: Wegbegleiter, abschluss: Abschluss
) -> None:
    from wegbegleitung.services.volunteer_path import wegbegleiter_transition

    if wegbegleiter.exit_requested:
        # the mentor asked to leave (or to delete the account): that completes once the last
        # match is closed, whatever the form says about "afterwards"
        from wegbegleitung.services.volunteer_exit import wegbegleiter_exit_complete

        wegbegleiter_exit_complete(acting_user=acting_user, wegbegleiter_id=wegbegleiter.pk)
        return
    wish = abschluss.wegbegleiter_danach
    if wish == Abschluss.Danach.VERFUEGBAR:
        return
    others = Begleitung.objects.filter(
        wegbegleiter=wegbegleiter, status__in=Begleitung.OPEN_STATES
    ).exists()
    if others:
        raise ValidationError(
            {"wegbegleiter_danach": _("The mentor has another match; they stay available.")}
        )
    action = "pause" if wish == Abschluss.Danach.PAUSIEREN else "leave"
    wegbegleiter_transition(
        acting_user=acting_user,
        wegbegleiter=wegbegleiter,
        action=action,
        reason=_("Match closed"),
    )
