"""The mentor's diary.

Rules: the diary belongs to the mentor; entries only while the match runs, dated within its
running time (matching.plausibility: from its start, not after its end or today), correctable
for WB_DIARY_CORRECTION_DAYS days; "something worried me" opens a concern report (§ 8a SGB VIII,
schutzkonzept.services.concerns) whose text is kept only there.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from matching import plausibility
from matching.models import Begleitung, Treffen
from matching.permissions import is_mentor_of
from matching.services.lifecycle import TransitionRefused
from matching.services.records._common import RUNNING, lock_begleitung
from wegbegleitung.models import User
from wegbegleitung.services.audit import audit_log

TREFFEN_FIELDS = ("datum", "dauer_minuten", "art", "aktivitaet", "stimmung", "notiz", "sorge")


def _check_treffen(treffen: Treffen) -> None:
    treffen.full_clean(exclude=["begleitung", "meldung"])
    begleitung = treffen.begleitung
    plausibility.check_treffen_datum(
        treffen.datum,
        started_on=begleitung.started_on,
        ended_on=begleitung.ended_on,
        today=timezone.localdate(),
    )


@transaction.atomic
def treffen_create(
    *, acting_user: User, begleitung: Begleitung, sorge_text: str = "", **data: Any
) -> Treffen:
    locked = lock_begleitung(begleitung)
    if not is_mentor_of(acting_user, locked):
        raise PermissionDenied(_("Only the mentor keeps the diary of this match."))
    if locked.status not in RUNNING:
        raise TransitionRefused(_("Meetings are logged while the match is active."))
    _check_not_suspended(locked)
    treffen = Treffen(begleitung=locked, **{k: data[k] for k in TREFFEN_FIELDS if k in data})
    _check_treffen(treffen)
    treffen.save()
    _maybe_report(acting_user, locked, treffen, sorge_text)
    audit_log(
        actor=acting_user, action="treffen.create", obj=treffen, details={"sorge": treffen.sorge}
    )
    return treffen


def _check_not_suspended(begleitung: Begleitung) -> None:
    """A concern suspended the match: no contact, so nothing is logged (services.suspension)."""
    if begleitung.aussetzungen.filter(aufgehoben_am__isnull=True).exists():
        raise TransitionRefused(
            _(
                "Contact in this match is paused for now, so no meeting can be logged. "
                "Please get in touch with your coordinator."
            )
        )


def treffen_correctable(treffen: Treffen, now: Any = None) -> bool:
    limit = timedelta(days=settings.WB_DIARY_CORRECTION_DAYS)
    return (now or timezone.now()) - treffen.created_at <= limit


@transaction.atomic
def treffen_update(
    *, acting_user: User, treffen: Treffen, sorge_text: str = "", **data: Any
) -> Treffen:
    treffen = (
        Treffen.objects.select_for_update()
        .select_related("begleitung__wegbegleiter", "begleitung__jugendliche__einrichtung")
        .get(pk=treffen.pk)
    )
    if not is_mentor_of(acting_user, treffen.begleitung):
        raise PermissionDenied(_("Only the mentor keeps the diary of this match."))
    _check_not_suspended(treffen.begleitung)
    if not treffen_correctable(treffen):
        raise ValidationError(
            _("Entries can be corrected for %(days)s days; please tell your coordinator.")
            % {"days": settings.WB_DIARY_CORRECTION_DAYS}
        )
    already_reported = treffen.meldung_id is not None
    for name in TREFFEN_FIELDS:
        if name in data:
            setattr(treffen, name, data[name])
    treffen.sorge = treffen.sorge or already_reported  # a report, once made, stays
    _check_treffen(treffen)
    treffen.updated_at = timezone.now()
    treffen.save()
    if not already_reported:
        _maybe_report(acting_user, treffen.begleitung, treffen, sorge_text)
    audit_log(actor=acting_user, action="treffen.update", obj=treffen)
    return treffen


def _maybe_report(acting_user: User, begleitung: Begleitung, treffen: Treffen, text: str) -> None:
    if not treffen.sorge:
        return
    from schutzkonzept.services.concerns import meldung_report

    if not text.strip():
        raise ValidationError({"sorge_text": _("Please describe what worried you.")})
    jugendliche = begleitung.jugendliche
    meldung = meldung_report(
        acting_user=acting_user,
        description=text,
        concerns_whom=jugendliche.vorname,
        einrichtung=None if jugendliche.has_left() else jugendliche.einrichtung,
    )
    treffen.meldung = meldung
    treffen.save(update_fields=["meldung"])
