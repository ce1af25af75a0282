"""A young person's wishes for a mentor, kept by whoever may edit the young person's record."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from einrichtungen.models import Jugendliche
from einrichtungen.permissions import can_edit_jugendliche
from matching.models import Wunsch
from wegbegleitung.models import User
from wegbegleitung.services.audit import audit_log


@transaction.atomic
def wunsch_save(
    *, acting_user: User, jugendliche: Jugendliche, mentor_geschlecht: str, zeiten: list[str]
) -> Wunsch:
    if not can_edit_jugendliche(acting_user, jugendliche):
        raise PermissionDenied(_("You may not change this young person's record."))
    wunsch, _created = Wunsch.objects.get_or_create(jugendliche=jugendliche)
    wunsch.mentor_geschlecht, wunsch.zeiten = mentor_geschlecht, sorted(set(zeiten))
    wunsch.full_clean()
    wunsch.save()
    audit_log(actor=acting_user, action="wunsch.save", obj=wunsch)
    return wunsch
