"""Demo data for the mentor's path: interests, applications, screening records, a training
session and supervision, so each demo volunteer shows their stage. Idempotent: records are only
created where the volunteer has none yet."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from wegbegleitung.models import (
    Bewerbung,
    Entscheidung,
    Erstgespraech,
    Interesse,
    Postleitzahl,
    Referenz,
    Region,
    Schulungsteilnahme,
    Schulungstermin,
    Supervision,
    SupervisionEinladung,
    Wegbegleiter,
)

S = Wegbegleiter.Status
INTERESTS = ["Fußball", "Musik", "Kochen", "Natur und Wandern", "Kunst", "Computer und Technik",
             "Lesen", "Schwimmen"]  # fmt: skip
# A few postal codes so distances work without an import (GeoNames coordinates, rounded).
POSTAL_CODES = [
    ("DE", "60311", "Frankfurt am Main", 50.1106, 8.6822),
    ("DE", "63065", "Offenbach am Main", 50.1055, 8.7610),
    ("DE", "65183", "Wiesbaden", 50.0826, 8.2400),
    ("AT", "1010", "Wien, Innere Stadt", 48.2077, 16.3705),
    ("AT", "1100", "Wien, Favoriten", 48.1749, 16.3793),
]
# local part → (postal code, how far along the path the records go)
PROFILES: dict[str, tuple[str, int]] = {
    "interessent": ("63065", 0),  # a draft only
    "bewerberin": ("60311", 1),  # submitted
    "pruefung": ("65183", 2),  # interview and one reference
    "wegbegleiterin": ("60311", 3),  # everything, accepted
    "begleiter": ("63065", 3),  # accepted; mentor of the demo's running match
    "familienpatin": ("60311", 3),  # accepted; volunteer of the demo's running family match
    "pausiert": ("1100", 3),
    "verfuegbar.wien": ("1010", 3),
}


# the family volunteer accompanies families with a baby or toddler: the youngest child's age
MENTEE_AGES: dict[str, tuple[int, int]] = {"familienpatin": (0, 3)}


def load_path(*, domain: str) -> None:
    for name in INTERESTS:
        Interesse.objects.get_or_create(name=name)
    for country, code, place, lat, lon in POSTAL_CODES:
        Postleitzahl.objects.get_or_create(
            country=country, postal_code=code,
            defaults={"place_name": place, "latitude": lat, "longitude": lon},
        )  # fmt: skip
    for local, (code, stage) in PROFILES.items():
        wegbegleiter = Wegbegleiter.objects.filter(user__email=f"{local}@{domain}").first()
        if (
            wegbegleiter is not None
            and not Bewerbung.objects.filter(wegbegleiter=wegbegleiter).exists()
        ):
            _records(wegbegleiter, code, stage)
    for region in Region.objects.all():
        _sessions(region)


def _records(wegbegleiter: Wegbegleiter, code: str, stage: int) -> None:
    now = timezone.now()
    coords = Postleitzahl.objects.filter(postal_code=code).values_list("latitude", "longitude")
    lat, lon = coords.first() or (None, None)
    age_min, age_max = MENTEE_AGES.get(wegbegleiter.user.email.split("@")[0], (10, 17))
    bewerbung = Bewerbung.objects.create(
        wegbegleiter=wegbegleiter, phone="0170 0000000", postal_code=code, latitude=lat,
        longitude=lon, motivation="Ich möchte einem jungen Menschen Zeit schenken.",
        experience="Ehrenamt in der Jugendarbeit.", languages="Deutsch, Englisch",
        weekdays=["di", "do", "sa"], times_of_day=["nachmittag", "abend"], mentee_age_min=age_min,
        mentee_age_max=age_max, mobility=["public", "bike"], max_travel_km=20, commitment_months=24,
        submitted_at=now - timedelta(days=60) if stage >= 1 else None,
    )  # fmt: skip
    bewerbung.interests.set(Interesse.objects.filter(name__in=INTERESTS[stage : stage + 3]))
    if stage >= 2:
        Erstgespraech.objects.create(
            wegbegleiter=wegbegleiter, held_on=now.date() - timedelta(days=40),
            outcome=Erstgespraech.Outcome.POSITIVE, notes="Offen, reflektiert.",
        )  # fmt: skip
        _reference(wegbegleiter, Referenz.Kind.PERSONAL, now)
    if stage >= 3:
        _reference(wegbegleiter, Referenz.Kind.PROFESSIONAL, now)
        Entscheidung.objects.create(
            wegbegleiter=wegbegleiter, outcome=Entscheidung.Outcome.ACCEPT,
            reason="Alle Schritte erledigt.", decided_at=now - timedelta(days=10),
        )  # fmt: skip


def _reference(wegbegleiter: Wegbegleiter, kind: str, now: Any) -> None:
    Referenz.objects.create(
        wegbegleiter=wegbegleiter, kind=kind, name="Demo-Referenz", contact="0170 1111111",
        contacted_on=now.date() - timedelta(days=30), outcome=Referenz.Outcome.POSITIVE,
    )  # fmt: skip


def _sessions(region: Region) -> None:
    now = timezone.now()
    termin, created = Schulungstermin.objects.get_or_create(
        region=region, title="Grundlagen der Wegbegleitung",
        defaults={"module": "Rolle, Nähe und Distanz, Kinderschutz", "hours": Decimal("6.0"),
                  "starts_at": now - timedelta(days=35), "place": "Vereinsräume"},
    )  # fmt: skip
    supervision, _ = Supervision.objects.get_or_create(
        region=region, facilitator="Dipl.-Psych. Demo",
        defaults={"starts_at": now + timedelta(days=14), "place": "Vereinsräume, Raum 2"},
    )  # fmt: skip
    if not created:
        return
    for wegbegleiter in Wegbegleiter.objects.filter(region=region, erstgespraeche__isnull=False):
        Schulungsteilnahme.objects.get_or_create(
            termin=termin, wegbegleiter=wegbegleiter, defaults={"attended": True}
        )
    for wegbegleiter in Wegbegleiter.objects.filter(region=region, status__in=[S.VERFUEGBAR]):
        SupervisionEinladung.objects.get_or_create(
            supervision=supervision, wegbegleiter=wegbegleiter
        )
