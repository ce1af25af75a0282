"""Programmes (Programmlinien) and the volunteers serving in them.

Rules:
- programmes and their rules are the association's decision: only holders of the model
  permission (superusers; see docs/programmes.md) add or change one; the default programme stays
  the default;
- a volunteer serves in the programmes a coordinator of their region lists; none listed means
  the default programme (programme.rules);
- each write is validated as a whole and recorded in the audit trail with the changed fields.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from programme.models import Programm
from wegbegleitung.models import Programmteilnahme, User, Wegbegleiter
from wegbegleitung.permissions import can_change_programmteilnahmen, has_perm
from wegbegleitung.services.audit import audit_log
from wegbegleitung.services.screening import changed_fields


@transaction.atomic
def programm_save(*, acting_user: User, programm: Programm) -> Programm:
    created = programm.pk is None
    verb = "add" if created else "change"
    if not has_perm(acting_user, f"programme.{verb}_programm"):
        raise PermissionDenied(_("Only the association's management changes programmes."))
    programm.full_clean()
    changed = changed_fields(programm)
    programm.save()
    audit_log(
        actor=acting_user,
        action=f"programm.{'create' if created else 'change'}",
        obj=programm,
        details={"fields": changed},
    )
    return programm


@transaction.atomic
def programmteilnahmen_set(
    *, acting_user: User, wegbegleiter: Wegbegleiter, programme: list[Programm]
) -> None:
    """The programmes the volunteer serves in from now on (a coordinator of their region)."""
    locked = Wegbegleiter.objects.select_for_update().get(pk=wegbegleiter.pk)
    if not can_change_programmteilnahmen(acting_user, locked):
        raise PermissionDenied(_("You may only keep records of your own regions."))
    wanted = {p.pk for p in programme}
    current = set(locked.programmteilnahmen.values_list("programm_id", flat=True))
    locked.programmteilnahmen.filter(programm_id__in=current - wanted).delete()
    Programmteilnahme.objects.bulk_create(
        Programmteilnahme(wegbegleiter=locked, programm_id=pk) for pk in sorted(wanted - current)
    )
    if wanted != current:
        audit_log(
            actor=acting_user,
            action="wegbegleiter.programmes",
            obj=locked,
            details={"added": sorted(wanted - current), "removed": sorted(current - wanted)},
        )
