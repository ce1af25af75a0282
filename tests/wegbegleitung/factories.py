"""Volunteers at each point of the mentor's path, built through the services where rules apply."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from tests.factories import make_user
from wegbegleitung.models import (
    Bewerbung,
    Erstgespraech,
    Interesse,
    Referenz,
    Region,
    Schulungsteilnahme,
    Schulungstermin,
    User,
    Wegbegleiter,
)
from wegbegleitung.roles import Role

COMPLETE = {
    "phone": "0170 1234567",
    "postal_code": "60311",
    "city": "Frankfurt",
    "motivation": "Ich möchte jungen Menschen Zeit schenken.",
    "experience": "Jugendtrainerin im Sportverein.",
    "languages": "Deutsch, Türkisch",
    "weekdays": ["mo", "mi"],
    "times_of_day": ["nachmittag"],
    "gender": "w",
    "mentee_age_min": 10,
    "mentee_age_max": 16,
    "mentee_gender": "",
    "mobility": ["public", "bike"],
    "max_travel_km": 15,
    "commitment_months": 24,
}


def make_volunteer(
    region: Region | None, status: str = Wegbegleiter.Status.INTERESSENT, **kwargs: Any
) -> Wegbegleiter:
    user = make_user(Role.WEGBEGLEITUNG, region=region, **kwargs)
    wegbegleiter = Wegbegleiter.objects.get(user=user)
    if status != wegbegleiter.status:
        Wegbegleiter.objects.filter(pk=wegbegleiter.pk).update(status=status)
        wegbegleiter.refresh_from_db()
    return wegbegleiter


def complete_application(wegbegleiter: Wegbegleiter, *, submitted: bool = False) -> Bewerbung:
    bewerbung, _ = Bewerbung.objects.update_or_create(
        wegbegleiter=wegbegleiter,
        defaults={**COMPLETE, "submitted_at": timezone.now() if submitted else None},
    )
    interest, _ = Interesse.objects.get_or_create(name="Fußball")
    bewerbung.interests.add(interest)
    return bewerbung


def record_screening(
    wegbegleiter: Wegbegleiter,
    coordinator: User,
    *,
    interview: bool = True,
    references: tuple[str, ...] = ("persoenlich", "beruflich"),
    hours: Decimal = Decimal("2.0"),
) -> None:
    """The records a coordinator keeps, stored directly (the services are tested on their own)."""
    if interview:
        Erstgespraech.objects.create(
            wegbegleiter=wegbegleiter, held_on=date.today(), conducted_by=coordinator,
            outcome=Erstgespraech.Outcome.POSITIVE,
        )  # fmt: skip
    for kind in references:
        Referenz.objects.create(
            wegbegleiter=wegbegleiter, kind=kind, name="R. Eferenz", contacted_on=date.today(),
            outcome=Referenz.Outcome.POSITIVE,
        )  # fmt: skip
    if hours:
        termin = Schulungstermin.objects.create(
            region_id=wegbegleiter.region_id or 0, title="Grundlagen", hours=hours,
            starts_at=timezone.now() - timedelta(days=3),
        )  # fmt: skip
        Schulungsteilnahme.objects.create(termin=termin, wegbegleiter=wegbegleiter, attended=True)
