"""The introduction meeting, documented by a coordinator (date, who was there, each side's yes
or no) while the match is proposed or in the introduction step."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from matching import plausibility
from matching.models import Begleitung, Kennenlernen
from matching.services.lifecycle import TransitionRefused, check_not_suspended
from matching.services.records._common import S, manage_begleitung
from wegbegleitung.models import User
from wegbegleitung.services.audit import audit_log


@transaction.atomic
def kennenlernen_record(
    *,
    acting_user: User,
    begleitung: Begleitung,
    datum: date,
    teilnehmende: str,
    zusage_wegbegleiter: str = "",
    zusage_jugendliche: str = "",
    notiz: str = "",
) -> Kennenlernen:
    locked = manage_begleitung(acting_user, begleitung)
    if locked.status not in (S.VORGESCHLAGEN, S.KENNENLERNEN):
        raise TransitionRefused(_("An introduction meeting is documented before the agreement."))
    check_not_suspended(locked)
    if not teilnehmende.strip():
        raise ValidationError({"teilnehmende": _("Please say who was there.")})
    meeting = Kennenlernen(
        begleitung=locked,
        datum=datum,
        teilnehmende=teilnehmende.strip(),
        zusage_wegbegleiter=zusage_wegbegleiter,
        zusage_jugendliche=zusage_jugendliche,
        notiz=notiz.strip(),
        created_by=acting_user,
    )
    meeting.full_clean(exclude=["begleitung", "created_by"])
    plausibility.check_kennenlernen_datum(
        meeting.datum,
        proposed_on=timezone.localtime(locked.proposed_at).date(),
        today=timezone.localdate(),
    )
    meeting.save()
    if locked.status == S.VORGESCHLAGEN:
        locked.status, locked.status_since = S.KENNENLERNEN, timezone.now()
        locked.save(update_fields=["status", "status_since"])
    audit_log(actor=acting_user, action="kennenlernen.record", obj=meeting)
    return meeting
