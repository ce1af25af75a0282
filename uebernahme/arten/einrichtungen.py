"""Facilities (natural key: name and postal code in the region) and their providers (by name)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from einrichtungen.models import Einrichtung, Traeger
from einrichtungen.services.einrichtungen import (
    einrichtung_create,
    einrichtung_validate,
    traeger_save,
)
from uebernahme.arten.common import (
    choice,
    results,
)
from uebernahme.reading import Row
from uebernahme.rows import (
    CREATE,
    SKIP,
    Refused,
    RowResult,
    cell,
    messages_of,
    required,
)
from wegbegleitung.models import Region, User
from wegbegleitung.permissions import has_perm


def check_facilities(user: User, region: Region, rows: Sequence[Row]) -> list[RowResult]:
    existing = {
        (name.lower(), plz)
        for name, plz in Einrichtung.objects.filter(region=region).values_list(
            "name", "postleitzahl"
        )
    }
    providers = {name.lower() for name in Traeger.objects.values_list("name", flat=True)}
    may_add_provider = has_perm(user, "einrichtungen.change_traeger")

    def one(row: Row) -> RowResult:
        name, plz = required(row, "Name"), cell(row, "PLZ")
        if (name.lower(), plz) in existing:
            return RowResult(0, row, SKIP, _("Already in the platform; nothing to do."))
        data = {
            "art": choice(Einrichtung.Art.choices, cell(row, "Art"), "Art", "wohngruppe"),
            "strasse": cell(row, "Straße"), "postleitzahl": plz, "ort": cell(row, "Ort"),
            "ansprechperson": cell(row, "Ansprechperson"),
            "ansprechperson_email": cell(row, "E-Mail Ansprechperson"),
            "ansprechperson_telefon": cell(row, "Telefon Ansprechperson"),
        }  # fmt: skip
        try:
            einrichtung_validate(Einrichtung(name=name, region=region, **data))
        except ValidationError as exc:
            raise Refused(messages_of(exc)) from exc
        provider = cell(row, "Träger")
        notes = []
        if provider and provider.lower() not in providers:
            if not may_add_provider:
                raise Refused(
                    _(
                        "The provider “%(name)s” is not in the platform yet, and you may not add "
                        "providers; ask the administration."
                    )
                    % {"name": provider}  # fmt: skip
                )
            notes.append(_("New provider “%(name)s”.") % {"name": provider})
        plan = {"name": name, "traeger": provider, **data}
        summary = _("Facility %(name)s, %(plz)s %(ort)s") % {"name": name, "plz": plz,
                                                              "ort": data["ort"]}  # fmt: skip
        return RowResult(0, row, CREATE, summary, notes=notes, plan=plan)

    return results(rows, lambda r: (cell(r, "Name").lower(), cell(r, "PLZ")), one)


def einrichtung_uebernehmen(acting_user: User, region: Region, plan: dict[str, Any]) -> Einrichtung:
    data = dict(plan)
    name, provider = data.pop("name"), data.pop("traeger")
    traeger = None
    if provider:
        traeger = Traeger.objects.filter(name__iexact=provider).first() or traeger_save(
            acting_user=acting_user, traeger=Traeger(name=provider)
        )
    return einrichtung_create(
        acting_user=acting_user, name=name, region=region, traeger=traeger, **data
    )
