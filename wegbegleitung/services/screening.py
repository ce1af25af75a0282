"""Records coordinators keep on the mentor's path: interviews, references, training, supervision.

Rules: a coordinator writes only records of their own regions (the volunteer's region, or the
session's region); the record is validated as a whole and stored with an audit event naming the
changed fields, never their values. Recording a first interview for a submitted application
starts the screening (DOMAIN.md step 2). Attendance belongs to volunteers of the session's region.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wegbegleitung.models import (
    Erstgespraech,
    Schulungsteilnahme,
    Schulungstermin,
    Supervision,
    SupervisionEinladung,
    User,
    Wegbegleiter,
)
from wegbegleitung.permissions import can_manage_region_record, is_own_wegbegleiter
from wegbegleitung.services.audit import audit_log
from wegbegleitung.services.volunteer_path import wegbegleiter_transition

S = Wegbegleiter.Status
_CLOSED = {S.ABGELEHNT, S.AUSGESCHIEDEN}


def _region_id(record: models.Model) -> int | None:
    if isinstance(record, Schulungstermin | Supervision):
        return record.region_id
    if isinstance(record, Schulungsteilnahme):
        return record.termin.region_id
    if isinstance(record, SupervisionEinladung):
        return record.supervision.region_id
    wegbegleiter: Wegbegleiter = record.wegbegleiter  # type: ignore[attr-defined]
    return wegbegleiter.region_id


def _check(acting_user: User, record: models.Model, verb: str) -> None:
    meta = record._meta
    perm = f"{meta.app_label}.{verb}_{meta.model_name}"
    if not can_manage_region_record(acting_user, perm, _region_id(record)):
        raise PermissionDenied(_("You may only keep records of your own regions."))
    check_same_region(record)


def check_same_region(record: models.Model) -> None:
    """A volunteer's record belongs to a session or volunteer of the same region."""
    wegbegleiter: Wegbegleiter | None = getattr(record, "wegbegleiter", None)
    if wegbegleiter is not None and wegbegleiter.region_id != _region_id(record):
        raise ValidationError(_("This volunteer belongs to another region."))


@transaction.atomic
def record_save(*, acting_user: User, record: models.Model) -> models.Model:
    """Validate and store one record of the path, as a coordinator."""
    _check(acting_user, record, "add" if record.pk is None else "change")
    return _store(acting_user, record)


@transaction.atomic
def training_record_store(
    *, acting_user: User, record: Schulungstermin | Schulungsteilnahme
) -> models.Model:
    """Store a training session or attendance that a partner records for us: the organiser of a
    cooperation-network event (issue 15 §2). The caller has allowed the user with its own rule
    (``netzwerk.permissions.can_manage_veranstaltung``); validation, the region check and the
    audit are those of ``record_save``, so the hours are the same as a coordinator's."""
    check_same_region(record)
    return _store(acting_user, record)


def _store(acting_user: User, record: models.Model) -> models.Model:
    created = record.pk is None
    record.full_clean()
    changed = changed_fields(record)
    record.save()
    audit_log(
        actor=acting_user,
        action=f"{record._meta.model_name}.{'create' if created else 'change'}",
        obj=record,
        details={"fields": changed},
    )
    if isinstance(record, Erstgespraech):
        _interview_starts_screening(acting_user, record.wegbegleiter)
    return record


def changed_fields(record: models.Model) -> list[str]:
    names = [f.attname for f in record._meta.concrete_fields if not f.primary_key]
    if record.pk is None:
        return sorted(names)
    old: Any = type(record)._default_manager.filter(pk=record.pk).values(*names).first() or {}
    return sorted(name for name in names if old.get(name) != getattr(record, name))


def _interview_starts_screening(acting_user: User, wegbegleiter: Wegbegleiter) -> None:
    if wegbegleiter.status == S.BEWORBEN:
        wegbegleiter_transition(
            acting_user=acting_user, wegbegleiter=wegbegleiter, action="start_screening"
        )


@transaction.atomic
def record_delete(*, acting_user: User, record: models.Model) -> None:
    _check(acting_user, record, "delete")
    audit_log(actor=acting_user, action=f"{record._meta.model_name}.delete", obj=record)
    record.delete()


@transaction.atomic
def supervision_invite(
    *, acting_user: User, supervision: Supervision, wegbegleiter: list[Wegbegleiter]
) -> int:
    """Invite volunteers of the session's region (those already invited are left alone)."""
    invited = 0
    for person in wegbegleiter:
        if person.status in _CLOSED:
            continue
        if SupervisionEinladung.objects.filter(
            supervision=supervision, wegbegleiter=person
        ).exists():
            continue
        record_save(
            acting_user=acting_user,
            record=SupervisionEinladung(supervision=supervision, wegbegleiter=person),
        )
        invited += 1
    return invited


@transaction.atomic
def supervision_rsvp(
    *, acting_user: User, einladung: SupervisionEinladung, attending: bool
) -> SupervisionEinladung:
    """The volunteer answers an invitation in the portal (until the session starts)."""
    locked = (
        SupervisionEinladung.objects.select_for_update()
        .select_related("supervision", "wegbegleiter")
        .get(pk=einladung.pk)
    )
    if not is_own_wegbegleiter(acting_user, locked.wegbegleiter):
        raise PermissionDenied(_("This is not your invitation."))
    if locked.supervision.starts_at <= timezone.now():
        raise ValidationError(
            _("This session has already started; the answer can no longer change.")
        )
    locked.rsvp = SupervisionEinladung.Rsvp.YES if attending else SupervisionEinladung.Rsvp.NO
    locked.rsvp_at = timezone.now()
    locked.save(update_fields=["rsvp", "rsvp_at"])
    audit_log(
        actor=acting_user,
        action="supervisioneinladung.rsvp",
        obj=locked,
        details={"rsvp": locked.rsvp},
    )
    return locked
