"""The designed data set of the certificate tests, worked out by hand.

Vera Wagner (region A) between 01.01.2025 and 31.12.2025:

training (sessions by their day)
  15.01.2025  4.0 h  attended                      -> 4.0
  22.01.2025  3.0 h  attended, left after 2.0 h    -> 2.0
  29.01.2025  2.5 h  registered, not attended      -> 0
  10.06.2025  2.0 h  attended                      -> 2.0
  total 3 sessions, 8.0 hours
supervision (sessions attended, each once)
  01.12.2024 attended (before the year), 05.03.2025 attended, 02.04.2025 attended,
  07.05.2025 not attended                          -> 2 in 2025 (Otto attended 05.03. too)
matches (the diary's minutes)
  1: Malik (Wohngruppe Lindenhof), 01.03.2025–31.08.2025, ended
     10.03. 90, 20.05. 120, 30.08. 45              -> 3 meetings, 255 min = 4.25 h -> "4,3"
     counted 01.03.–31.08.2025                     -> 6 months
  2: Leonie (Kinderhaus Am Park), since 15.09.2025, running
     20.09. 60, 11.10. 150, 10.01.2026 120 (next year)
                                                   -> 2 meetings, 210 min = 3.5 h -> "3,5"
     counted 15.09.–31.12.2025                     -> 3 months (15.09. to 14.12. are three)
  total 5 meetings, 465 min = 7.75 h -> "7,8"
Otto Ostermann, another mentor of the same region: a match with Kemal, 300 min on 12.03.2025.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from einrichtungen.models import Einrichtung, Jugendliche
from matching.models import Begleitung, Treffen
from tests.einrichtungen.factories import JugendlicheFactory
from tests.factories import make_einrichtung
from tests.schutzkonzept.factories import make_wegbegleiter
from wegbegleitung.models import (
    Region,
    Schulungsteilnahme,
    Schulungstermin,
    Supervision,
    SupervisionEinladung,
    User,
    Wegbegleiter,
)

YEAR = (date(2025, 1, 1), date(2025, 12, 31))


@pytest.fixture(autouse=True)
def _private_files(settings: Any, tmp_path: Any) -> None:
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"


def at(day: date, hour: int = 18) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def training(
    region: Region, day: date, hours: str, *people: tuple[Wegbegleiter, bool, str | None]
) -> None:
    termin = Schulungstermin.objects.create(
        region=region, title="Grundlagen der Wegbegleitung", starts_at=at(day), hours=Decimal(hours)
    )
    for person, attended, own_hours in people:
        Schulungsteilnahme.objects.create(
            termin=termin, wegbegleiter=person, attended=attended,
            hours=Decimal(own_hours) if own_hours else None,
        )  # fmt: skip


def supervision(region: Region, day: date, *people: tuple[Wegbegleiter, bool]) -> None:
    session = Supervision.objects.create(
        region=region, starts_at=at(day), place="Raum 2", facilitator="Dr. Sieglinde Supervisorin"
    )
    for person, attended in people:
        SupervisionEinladung.objects.create(
            supervision=session, wegbegleiter=person, rsvp="zugesagt", attended=attended
        )


def match(
    mentor: Wegbegleiter,
    einrichtung: Einrichtung,
    vorname: str,
    started: date,
    ended: date | None,
    meetings: list[tuple[date, int]],
) -> Begleitung:
    jugendliche = JugendlicheFactory.create(
        einrichtung=einrichtung,
        vorname=vorname,
        nachname="Zeynepoglu",
        jugendamt="Jugendamt Offenbach",
    )
    begleitung = Begleitung.objects.create(
        wegbegleiter=mentor, jugendliche=jugendliche, started_on=started, ended_on=ended,
        status=Begleitung.Status.BEENDET if ended else Begleitung.Status.AKTIV,
    )  # fmt: skip
    for day, minutes in meetings:
        Treffen.objects.create(
            begleitung=begleitung, datum=day, dauer_minuten=minutes,
            aktivitaet="Spaziergang am Main", stimmung="gut",
        )  # fmt: skip
    return begleitung


@dataclass
class Designed:
    vera: Wegbegleiter
    otto: Wegbegleiter
    lindenhof: Einrichtung
    park: Einrichtung
    m1: Begleitung
    m2: Begleitung


@pytest.fixture
def designed(region_a: Region, einrichtung_a: Einrichtung) -> Designed:
    vera = make_wegbegleiter(
        region_a, email="vera.wagner@example.org", first_name="Vera", last_name="Wagner",
        activity_started_on=date(2025, 3, 1),
    )  # fmt: skip
    otto = make_wegbegleiter(
        region_a, email="otto@example.org", first_name="Otto", last_name="Ostermann",
        activity_started_on=date(2025, 3, 1),
    )  # fmt: skip
    park = make_einrichtung(region_a, "Kinderhaus Am Park")
    training(region_a, date(2025, 1, 15), "4.0", (vera, True, None))
    training(region_a, date(2025, 1, 22), "3.0", (vera, True, "2.0"), (otto, True, None))
    training(region_a, date(2025, 1, 29), "2.5", (vera, False, None))
    training(region_a, date(2025, 6, 10), "2.0", (vera, True, None))
    supervision(region_a, date(2024, 12, 1), (vera, True))
    supervision(region_a, date(2025, 3, 5), (vera, True), (otto, True))
    supervision(region_a, date(2025, 4, 2), (vera, True))
    supervision(region_a, date(2025, 5, 7), (vera, False))
    m1 = match(vera, einrichtung_a, "Malik", date(2025, 3, 1), date(2025, 8, 31),
               [(date(2025, 3, 10), 90), (date(2025, 5, 20), 120), (date(2025, 8, 30), 45)])  # fmt: skip
    m2 = match(vera, park, "Leonie", date(2025, 9, 15), None,
               [(date(2025, 9, 20), 60), (date(2025, 10, 11), 150), (date(2026, 1, 10), 120)])  # fmt: skip
    match(otto, einrichtung_a, "Kemal", date(2025, 3, 1), None, [(date(2025, 3, 12), 300)])
    return Designed(vera, otto, einrichtung_a, park, m1, m2)


@pytest.fixture
def cast(alice: User, bob: User, staff_a: User) -> dict[str, User]:
    """The fixed cast with fixed names, so a name in a PDF can be searched for."""
    for user, first, last in ((alice, "Alice", "Adler"), (bob, "Bob", "Brandt"),
                              (staff_a, "Sina", "Stein")):  # fmt: skip
        User.objects.filter(pk=user.pk).update(first_name=first, last_name=last)
        user.refresh_from_db()
    return {"alice": alice, "bob": bob, "staff_a": staff_a}


def all_other_names(keep: set[str]) -> set[str]:
    """Every name in the data set: people, young people, facilities, regions, youth offices."""
    names: set[str] = set()
    for first, last in User.objects.values_list("first_name", "last_name"):
        names |= {first, last}
    for row in Jugendliche.objects.values_list("vorname", "nachname", "jugendamt"):
        names |= set(row)
    names |= set(Einrichtung.objects.values_list("name", flat=True))
    names |= set(Region.objects.values_list("name", flat=True))
    names |= {"Dr. Sieglinde Supervisorin", "Raum 2"}
    return {n for n in names if n and n not in keep}
