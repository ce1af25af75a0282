"""Postal code → approximate coordinates, without any network service.

Rules: the table is filled from a GeoNames postal-code file (tab separated: country code, postal
code, place name, three admin name/code pairs, latitude, longitude, accuracy). A postal code that
is not in the table is accepted everywhere; its distance is shown as unknown, never an error.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from wegbegleitung.models import Bewerbung, Postleitzahl

_COLUMNS = 12  # the GeoNames postal-code format


@dataclass(frozen=True)
class GeoRow:
    country: str
    postal_code: str
    place_name: str
    latitude: float
    longitude: float


@dataclass(frozen=True)
class ImportResult:
    imported: int
    skipped_lines: int
    volunteers_located: int


def coordinates_for(*, country: str | None, postal_code: str) -> tuple[float, float] | None:
    """Approximate coordinates of a postal code; ``None`` when unknown ("Entfernung unbekannt")."""
    code = postal_code.strip()
    if not code:
        return None
    qs = Postleitzahl.objects.filter(postal_code=code)
    if country:
        qs = qs.filter(country=country)
    found = qs.order_by("country").values_list("latitude", "longitude").first()
    return (found[0], found[1]) if found else None


def read_geonames(path: Path) -> tuple[list[GeoRow], int]:
    """The rows of a GeoNames file, places of one postal code averaged; and the bad lines."""
    places: dict[tuple[str, str], list[GeoRow]] = defaultdict(list)
    skipped = 0
    with path.open(encoding="utf-8", newline="") as handle:
        for fields in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            row = _parse(fields)
            if row is None:
                skipped += 1
                continue
            places[(row.country, row.postal_code)].append(row)
    return [_average(rows) for rows in places.values()], skipped


def _parse(fields: list[str]) -> GeoRow | None:
    if len(fields) < _COLUMNS - 1 or not fields[0].strip() or not fields[1].strip():
        return None
    try:
        latitude, longitude = float(fields[9]), float(fields[10])
    except ValueError:
        return None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None
    country = fields[0].strip().upper()[:2]
    return GeoRow(country, fields[1].strip()[:20], fields[2].strip()[:180], latitude, longitude)


def _average(rows: list[GeoRow]) -> GeoRow:
    first = rows[0]
    latitude = sum(r.latitude for r in rows) / len(rows)
    longitude = sum(r.longitude for r in rows) / len(rows)
    return GeoRow(first.country, first.postal_code, first.place_name, latitude, longitude)


@transaction.atomic
def postleitzahlen_import(*, rows: Iterable[GeoRow], skipped_lines: int = 0) -> ImportResult:
    """Insert or update the postal codes, then locate volunteers whose code became known."""
    count = 0
    for batch in _batches(rows, 1000):
        Postleitzahl.objects.bulk_create(
            [Postleitzahl(**row.__dict__) for row in batch],
            update_conflicts=True,
            unique_fields=["country", "postal_code"],
            update_fields=["place_name", "latitude", "longitude"],
        )
        count += len(batch)
    return ImportResult(count, skipped_lines, _locate_volunteers())


def _batches(rows: Iterable[GeoRow], size: int) -> Iterator[list[GeoRow]]:
    batch: list[GeoRow] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _locate_volunteers() -> int:
    located = 0
    pending = Bewerbung.objects.filter(latitude__isnull=True).exclude(postal_code="")
    for bewerbung in pending.select_related("wegbegleiter__region"):
        region = bewerbung.wegbegleiter.region
        coords = coordinates_for(
            country=region.country if region else None, postal_code=bewerbung.postal_code
        )
        if coords is not None:
            bewerbung.latitude, bewerbung.longitude = coords
            bewerbung.save(update_fields=["latitude", "longitude"])
            located += 1
    return located
