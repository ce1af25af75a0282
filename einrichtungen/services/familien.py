"""Writes for the members of a family in early help: parents (the consent holders) and further
children. Minimal data (docs/families.md): first name or pseudonym and a role, a phone or email
only when the family gives one, no surname unless WB_JUGENDLICHE_NACHNAME; children with month
and year of birth only. Only a family's record has members; the same staff who may change the
family's record write them, audited without the personal data itself."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from einrichtungen.models import Elternteil, Jugendliche, Kind
from einrichtungen.services.jugendliche import _lock_jugendliche, geburtsjahr_validate
from wegbegleitung.models import User
from wegbegleitung.services.audit import audit_log

ELTERNTEIL_FIELDS = frozenset({"vorname", "rolle", "sorgeberechtigt", "telefon", "email"})
KIND_FIELDS = frozenset({"vorname", "geburtsmonat", "geburtsjahr"})


@transaction.atomic
def elternteil_create(*, acting_user: User, familie: Jugendliche, **data: Any) -> Elternteil:
    familie = _lock_family(acting_user, familie)
    _check_fields(data, ELTERNTEIL_FIELDS)
    elternteil = Elternteil(familie=familie, **data)
    elternteil.full_clean(exclude=["familie"])
    elternteil.save()
    audit_log(
        actor=acting_user,
        action="elternteil.create",
        obj=elternteil,
        details={"familie": familie.pk},
    )
    return elternteil


@transaction.atomic
def kind_create(*, acting_user: User, familie: Jugendliche, **data: Any) -> Kind:
    familie = _lock_family(acting_user, familie)
    _check_fields(data, KIND_FIELDS)
    kind = Kind(familie=familie, **data)
    kind.full_clean(exclude=["familie"], validate_constraints=False)
    geburtsjahr_validate(kind.geburtsjahr, kind.geburtsmonat, familie=True)
    kind.save()
    audit_log(actor=acting_user, action="kind.create", obj=kind, details={"familie": familie.pk})
    return kind


def _lock_family(acting_user: User, familie: Jugendliche) -> Jugendliche:
    locked = _lock_jugendliche(acting_user, familie)
    if not locked.is_familie:
        raise ValidationError(_("Only a family's record has parents and children."))
    return locked


def _check_fields(data: dict[str, Any], allowed: frozenset[str]) -> None:
    unknown = set(data) - allowed
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
