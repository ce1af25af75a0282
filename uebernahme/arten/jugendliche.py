"""Young people, with minimal data as staff enter them (natural key: facility, first name,
year and month of birth)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from einrichtungen.models import Einrichtung, Jugendliche
from einrichtungen.permissions import can_add_jugendliche
from einrichtungen.services.jugendliche import (
    jugendliche_create,
    jugendliche_validate,
)
from uebernahme.arten.common import (
    choice,
    existing_young,
    facilities_of,
    facility_named,
    results,
    same_as,
    young_key,
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
    whole_number,
)
from wegbegleitung.models import Region, User


def check_young(user: User, region: Region, rows: Sequence[Row]) -> list[RowResult]:
    facilities, existing = facilities_of(region), existing_young(region)
    seen_before = same_as(rows)

    def one(row: Row) -> RowResult:
        einrichtung = facility_named(facilities, row)
        vorname = required(row, "Vorname")
        jahr = whole_number(row, "Geburtsjahr", 1900, 2100)
        monat = whole_number(row, "Geburtsmonat", 1, 12)
        seen_before(row, (einrichtung.pk, vorname.lower(), jahr, monat))
        if (einrichtung.pk, vorname.lower(), jahr, monat) in existing:
            return RowResult(0, row, SKIP, _("Already in the platform; nothing to do."))
        if not can_add_jugendliche(user, einrichtung):
            raise Refused(_("You may not enter young people for this facility."))
        geschlecht = choice(
            Jugendliche.Geschlecht.choices, cell(row, "Geschlecht"), "Geschlecht", "keine_angabe"
        )
        plan = {"einrichtung": einrichtung.pk, "vorname": vorname, "geburtsjahr": jahr,
                "geburtsmonat": monat, "geschlecht": geschlecht,
                "sprachen": cell(row, "Sprachen")}  # fmt: skip
        try:
            jugendliche_validate(Jugendliche(einrichtung=einrichtung, **_young_data(plan)))
        except ValidationError as exc:
            raise Refused(messages_of(exc)) from exc
        summary = _("Young person %(name)s (born %(month)02d/%(year)d) in %(facility)s") % {
            "name": vorname, "month": monat, "year": jahr, "facility": einrichtung.name}  # fmt: skip
        return RowResult(0, row, CREATE, summary, plan=plan)

    return results(rows, young_key, one)


def _young_data(plan: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in plan.items() if k != "einrichtung"}


def jugendliche_uebernehmen(acting_user: User, region: Region, plan: dict[str, Any]) -> Jugendliche:
    einrichtung = Einrichtung.objects.get(pk=plan["einrichtung"], region=region)
    return jugendliche_create(acting_user=acting_user, einrichtung=einrichtung, **_young_data(plan))
