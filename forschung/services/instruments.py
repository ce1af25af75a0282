"""Instruments: edit a draft, publish it (frozen from then on), copy it into a new version.

Rules (issue 12 §1):
- a published version is frozen: its items, scale, subscales and scoring never change, so every
  answer keeps the meaning it had (enforced here, in the admin and by a PostgreSQL trigger);
- a change makes a new version: a draft copy with the next number; publishing it replaces the
  previous version for waves opened from then on (a database constraint allows one published
  version per questionnaire);
- publishing needs at least one item, a scale of at least two points, subscales of this
  instrument only, and minimum item counts that the items can reach.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from forschung.models import Instrument, Item, Skalenpunkt, Subskala
from forschung.permissions import can_manage_instruments
from wegbegleitung.models import User
from wegbegleitung.services.audit import audit_log


def _check(acting_user: User) -> None:
    if not can_manage_instruments(acting_user):
        raise PermissionDenied


def check_editable(instrument: Instrument) -> None:
    """Refuse any change to a version that is no longer a draft (as stored, not as passed)."""
    if instrument.pk is None:
        return
    stored = Instrument.objects.filter(pk=instrument.pk).values_list("status", flat=True).first()
    if stored is not None and stored != Instrument.Status.ENTWURF:
        raise ValidationError(
            _("This version is published and cannot be changed. Make a new version instead.")
        )


@transaction.atomic
def instrument_save(*, acting_user: User, instrument: Instrument) -> Instrument:
    """Create or change a draft (its own fields; items and scale follow in ``parts_saved``)."""
    _check(acting_user)
    if instrument.pk is not None:
        Instrument.objects.select_for_update().filter(pk=instrument.pk).first()
    check_editable(instrument)
    created = instrument.pk is None
    if created:
        instrument.status = Instrument.Status.ENTWURF
    instrument.full_clean()
    instrument.save()
    action = "instrument.create" if created else "instrument.change"
    audit_log(actor=acting_user, action=action, obj=instrument, details={"code": instrument.code})
    return instrument


def publish_problems(instrument: Instrument) -> list[str]:
    items = list(instrument.items.all())
    points = list(instrument.skalenpunkte.all())
    problems = []
    if not items:
        problems.append(_("The instrument has no items."))
    if len(points) < 2:
        problems.append(_("The response scale needs at least two points."))
    if any(i.subskala and i.subskala.instrument_id != instrument.pk for i in items):
        problems.append(_("An item belongs to a subscale of another instrument."))
    if instrument.gesamt_min_items > len(items):
        problems.append(_("The total score needs more answered items than there are items."))
    for sub in instrument.subskalen.all():
        if sub.min_items > sum(1 for i in items if i.subskala_id == sub.pk):
            problems.append(
                _("Subscale %(name)s needs more answered items than it has.") % {"name": sub.name}
            )
    return problems


@transaction.atomic
def instrument_publish(*, acting_user: User, instrument: Instrument) -> Instrument:
    _check(acting_user)
    instrument = Instrument.objects.select_for_update().get(pk=instrument.pk)
    if instrument.status != Instrument.Status.ENTWURF:
        raise ValidationError(_("Only a draft can be published."))
    problems = publish_problems(instrument)
    if problems:
        raise ValidationError(problems)
    now = timezone.now()
    # the previous version stays for the waves answered with it; new waves use this one
    Instrument.objects.select_for_update().filter(
        code=instrument.code, status=Instrument.Status.VEROEFFENTLICHT
    ).update(status=Instrument.Status.ABGELOEST)
    instrument.status = Instrument.Status.VEROEFFENTLICHT
    instrument.veroeffentlicht_am = now
    instrument.save(update_fields=["status", "veroeffentlicht_am"])
    audit_log(
        actor=acting_user,
        action="instrument.publish",
        obj=instrument,
        details={"code": instrument.code, "version": instrument.version},
    )
    return instrument


@transaction.atomic
def instrument_new_version(*, acting_user: User, instrument: Instrument) -> Instrument:
    """A draft copy of ``instrument`` (items, scale, subscales, scoring) with the next number."""
    _check(acting_user)
    source = Instrument.objects.select_for_update().get(pk=instrument.pk)
    if Instrument.objects.filter(code=source.code, status=Instrument.Status.ENTWURF).exists():
        raise ValidationError(_("There is already a draft of this questionnaire: edit that one."))
    latest = Instrument.objects.filter(code=source.code).aggregate(n=Max("version"))["n"]
    copy = Instrument.objects.create(
        code=source.code,
        version=(latest or 0) + 1,
        name=source.name,
        einleitung=source.einleitung,
        zielgruppe=source.zielgruppe,
        gesamt_regel=source.gesamt_regel,
        gesamt_min_items=source.gesamt_min_items,
        studienjahre=source.studienjahre,
    )
    _copy_parts(source, copy)
    copy.programme.set(source.programme.all())
    audit_log(
        actor=acting_user,
        action="instrument.new_version",
        obj=copy,
        details={"code": copy.code, "version": copy.version, "from": source.pk},
    )
    return copy


def _copy_parts(source: Instrument, copy: Instrument) -> None:
    subscales = {
        sub.pk: Subskala.objects.create(
            instrument=copy,
            kuerzel=sub.kuerzel,
            name=sub.name,
            regel=sub.regel,
            min_items=sub.min_items,
        )
        for sub in source.subskalen.all()
    }
    Skalenpunkt.objects.bulk_create(
        Skalenpunkt(instrument=copy, wert=p.wert, label=p.label) for p in source.skalenpunkte.all()
    )
    Item.objects.bulk_create(
        Item(
            instrument=copy,
            position=i.position,
            text=i.text,
            umgepolt=i.umgepolt,
            subskala=subscales.get(i.subskala_id) if i.subskala_id else None,
        )
        for i in source.items.all()
    )


@transaction.atomic
def instrument_delete(*, acting_user: User, instrument: Instrument) -> None:
    """Only a draft can be deleted (a published version may carry answers)."""
    _check(acting_user)
    instrument = Instrument.objects.select_for_update().get(pk=instrument.pk)
    check_editable(instrument)
    audit_log(
        actor=acting_user,
        action="instrument.delete",
        obj=instrument,
        details={"code": instrument.code, "version": instrument.version},
    )
    instrument.items.all().delete()
    instrument.delete()
