"""Records of the network for tests, made through the services where a service exists."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from einrichtungen.models import Einrichtung, Traeger
from netzwerk.models import Mitgliedschaft, Veranstaltung
from netzwerk.services.netz import mitgliedschaft_save
from netzwerk.services.veranstaltungen import veranstaltung_save
from tests.factories import make_einrichtung
from wegbegleitung.models import Region, User


def make_traeger(name: str, *einrichtungen: Einrichtung) -> Traeger:
    traeger = Traeger.objects.create(name=name)
    Einrichtung.objects.filter(pk__in=[e.pk for e in einrichtungen]).update(traeger=traeger)
    return traeger


def make_provider(region: Region, name: str, facility: str) -> tuple[Traeger, Einrichtung]:
    einrichtung = make_einrichtung(region, facility)
    return make_traeger(name, einrichtung), einrichtung


def join(coordinator: User, traeger: Traeger, region: Region, **fields: Any) -> Mitgliedschaft:
    return mitgliedschaft_save(
        acting_user=coordinator,
        mitgliedschaft=Mitgliedschaft(traeger=traeger, region=region, **fields),
    )


def make_event(coordinator: User, region: Region, *, start: datetime | None = None,
               **fields: Any) -> Veranstaltung:  # fmt: skip
    beginn = start or timezone.now() + timedelta(days=3)
    values: dict[str, Any] = {
        "titel": "Deeskalation im Alltag", "art": Veranstaltung.Art.SCHULUNG, "beginn": beginn,
        "ende": beginn + timedelta(hours=3), "ort": "Bürgerhaus Bornheim, Saal 2",
        "kapazitaet": 2, "zielgruppe": Veranstaltung.Zielgruppe.BEIDE,
        "zaehlt_als_schulung": True, "stunden": Decimal("3"),
    }  # fmt: skip
    values.update(fields)
    return veranstaltung_save(
        acting_user=coordinator, veranstaltung=Veranstaltung(region=region, **values)
    )


def start_now(event: Veranstaltung) -> Veranstaltung:
    """Move an event to have started an hour ago (attendance can be recorded)."""
    beginn = timezone.now() - timedelta(hours=1)
    Veranstaltung.objects.filter(pk=event.pk).update(
        beginn=beginn, ende=beginn + timedelta(hours=3)
    )
    event.refresh_from_db()
    return event
