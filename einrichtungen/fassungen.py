"""The record as it was on the move-out day: what the facility reads after a young person left.

Decisions (issue 10, 3; DOMAIN.md "Leaving care": the facility drops out of the loop):
- what counts is when something was **written** (``created_at`` of a record, ``erfasst_am`` of
  a version), in the local time zone, not the date it speaks of: a help-plan conference dated
  before the move-out but entered afterwards stays hidden;
- the move-out day itself still belongs to the stay: everything written up to the end of that
  day is shown, everything written from the next day on is not;
- the young person's own fields (interests, wishes, languages …) and each conference are shown
  in their last version written by then; a consent revoked after that day shows as it stood;
- coordinators always see the current record.
Versions are written by the services (``fassung_record``) with every change.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import models

from einrichtungen.models import Fassung, Hilfeplangespraech, Jugendliche

JUGENDLICHE_VERSIONED = (
    "vorname", "nachname", "geburtsmonat", "geburtsjahr", "geschlecht", "sprachen",
    "interessen", "wuensche", "jugendamt", "sorgerecht",
)  # fmt: skip
HPG_VERSIONED = (
    "datum", "teilnehmende", "wegbegleitung_erwogen", "wegbegleiter_eingeladen",
    "wegbegleiter_teilgenommen", "ziele", "zusammenfassung", "naechste_ueberpruefung",
    "mit_wegbegleitung_geteilt",
)  # fmt: skip


def snapshot(obj: models.Model, names: Iterable[str]) -> dict[str, Any]:
    """Field values as JSON (dates as ISO strings, None kept)."""
    values: dict[str, Any] = {}
    for name in names:
        value = getattr(obj, name)
        values[name] = value.isoformat() if isinstance(value, date) else value
    return values


def restore(obj: models.Model, felder: dict[str, Any]) -> None:
    """Put a version's values on an instance in memory (it is never saved from here)."""
    for name, value in felder.items():
        field = obj._meta.get_field(name)
        assert isinstance(field, models.Field)
        setattr(obj, name, None if value is None else field.to_python(value))


def fassung_record(jugendliche: Jugendliche, hpg: Hilfeplangespraech | None = None) -> Fassung:
    """Called by the services after each write of the record or a conference."""
    if hpg is None:
        felder = snapshot(jugendliche, JUGENDLICHE_VERSIONED)
    else:
        felder = snapshot(hpg, HPG_VERSIONED)
    return Fassung.objects.create(jugendliche=jugendliche, hilfeplangespraech=hpg, felder=felder)


def as_on(jugendliche: Jugendliche, cutoff: date) -> Jugendliche:
    """The record's own fields as last written by the end of ``cutoff``."""
    last = (
        Fassung.objects.filter(
            jugendliche=jugendliche, hilfeplangespraech__isnull=True, erfasst_am__date__lte=cutoff
        )
        .order_by("-erfasst_am", "-id")
        .first()
    )
    if last is not None:
        restore(jugendliche, last.felder)
    return jugendliche


def many_as_on(jugendliche: list[Jugendliche], cutoffs: dict[int, date]) -> list[Jugendliche]:
    """Each young person in ``cutoffs`` as last written by the end of their cutoff day; the
    others unchanged (one query for all, for lists)."""
    if not cutoffs:
        return jugendliche
    written_by = models.Q()
    for pk, cutoff in cutoffs.items():
        written_by |= models.Q(jugendliche_id=pk, erfasst_am__date__lte=cutoff)
    latest: dict[int, dict[str, Any]] = {}
    versions = Fassung.objects.filter(written_by, hilfeplangespraech__isnull=True)
    for version in versions.order_by("erfasst_am", "id"):
        latest[version.jugendliche_id] = version.felder
    for person in jugendliche:
        if person.pk in latest:
            restore(person, latest[person.pk])
    return jugendliche


def conferences_as_on(
    conferences: list[Hilfeplangespraech], cutoff: date
) -> list[Hilfeplangespraech]:
    """Each conference as last written by the end of ``cutoff`` (one query for all)."""
    latest: dict[int, dict[str, Any]] = {}
    versions = Fassung.objects.filter(
        hilfeplangespraech__in=[c.pk for c in conferences], erfasst_am__date__lte=cutoff
    ).order_by("erfasst_am", "id")
    for version in versions:
        assert version.hilfeplangespraech_id is not None
        latest[version.hilfeplangespraech_id] = version.felder
    for conference in conferences:
        if conference.pk in latest:
            restore(conference, latest[conference.pk])
    return conferences
