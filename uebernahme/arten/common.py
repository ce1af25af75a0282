"""What every kind of import shares: the kind, checking rows with duplicates in the file,
choice columns, finding facilities and young people of the region."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from einrichtungen.models import Einrichtung, Jugendliche
from uebernahme.reading import Row
from uebernahme.rows import (
    REFUSE,
    Refused,
    RowResult,
    cell,
    required,
)
from wegbegleitung.models import Region, User


@dataclass(frozen=True)
class Art:
    key: str
    label: Any
    columns: tuple[str, ...]
    example: tuple[str, ...]
    check: Callable[[User, Region, Sequence[Row]], list[RowResult]]
    create: Callable[[User, Region, dict[str, Any]], Any]


def results(
    rows: Sequence[Row], key: Callable[[Row], tuple[Any, ...]], one: Callable[[Row], RowResult]
) -> list[RowResult]:
    """Check each row; the second row with the same natural key is refused as a duplicate."""
    seen: dict[tuple[Any, ...], int] = {}
    out = []
    for index, row in enumerate(rows):
        line = index + 2
        try:
            natural = key(row)
            if natural in seen:
                raise Refused(_("Same as line %(line)d of this file.") % {"line": seen[natural]})
            seen[natural] = line
            result = one(row)
        except Refused as exc:
            result = RowResult(line=0, values=row, outcome=REFUSE, summary=str(exc))
        result.line, result.values = line, row
        out.append(result)
    return out


def same_as(rows: Sequence[Row]) -> Callable[[Row, tuple[Any, ...]], None]:
    """Refuse a row whose resolved key (records found, not the file's text) came earlier."""
    line_of = {id(row): index + 2 for index, row in enumerate(rows)}
    seen: dict[tuple[Any, ...], int] = {}

    def check(row: Row, key: tuple[Any, ...]) -> None:
        if key in seen:
            raise Refused(_("Same as line %(line)d of this file.") % {"line": seen[key]})
        seen[key] = line_of[id(row)]

    return check


def choice(choices: Any, text: str, column: str, default: str) -> str:
    wanted = text.strip().lower()
    if not wanted:
        return default
    for value, label in choices:
        with translation.override("de"):  # the files are German, whatever the page's language
            german = str(label).lower()
        if wanted in {str(value).lower(), str(label).lower(), german}:
            return str(value)
    labels = ", ".join(str(label) for _value, label in choices)
    raise Refused(
        _("“%(value)s” is not allowed in “%(column)s”; allowed: %(labels)s.")
        % {"value": text, "column": column, "labels": labels}
    )


def facilities_of(region: Region) -> dict[tuple[str, str], Einrichtung]:
    return {(e.name.lower(), e.postleitzahl): e for e in Einrichtung.objects.filter(region=region)}


def facility_named(facilities: dict[tuple[str, str], Einrichtung], row: Row) -> Einrichtung:
    key = (required(row, "Einrichtung").lower(), cell(row, "Einrichtung PLZ"))
    if not key[1]:  # without a postal code the name decides when it is unique in the region
        named = [e for (name, _plz), e in facilities.items() if name == key[0]]
        if len(named) == 1:
            return named[0]
    if key not in facilities:
        raise Refused(
            _(
                "No facility “%(name)s” with postal code “%(plz)s” in this region; import the "
                "facilities first."
            )
            % {"name": cell(row, "Einrichtung"), "plz": key[1]}  # fmt: skip
        )
    return facilities[key]


def young_key(row: Row) -> tuple[Any, ...]:
    return (
        cell(row, "Einrichtung").lower(),
        cell(row, "Einrichtung PLZ"),
        cell(row, "Vorname").lower(),
        cell(row, "Geburtsjahr"),
        cell(row, "Geburtsmonat").lstrip("0"),
    )


def existing_young(
    region: Region, *, with_consents: bool = False
) -> dict[tuple[int, str, int, int], Jugendliche]:
    young = Jugendliche.objects.filter(einrichtung__region=region)
    if with_consents:  # the consent check of a match reads them (one query for all)
        young = young.prefetch_related("einwilligungen")
    return {(j.einrichtung_id, j.vorname.lower(), j.geburtsjahr, j.geburtsmonat): j for j in young}
