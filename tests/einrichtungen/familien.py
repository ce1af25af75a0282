"""Families in early help for the tests: a referring organisation, its staff, a family
programme and a family recorded through the services (docs/families.md)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from einrichtungen.models import Einrichtung, Einwilligung, Jugendliche
from einrichtungen.services import einrichtung_update, einwilligung_create, jugendliche_create
from programme.models import Programm
from tests.factories import make_einrichtung, make_user
from wegbegleitung.models import Region, User
from wegbegleitung.roles import Role


def make_referring(region: Region, name: str = "Frühe Hilfen Frankfurt") -> Einrichtung:
    einrichtung = make_einrichtung(region, name)
    return einrichtung_update(
        acting_user=None,
        einrichtung=einrichtung,
        art=Einrichtung.Art.FRUEHE_HILFEN,
        postleitzahl="60311",
        ort="Frankfurt am Main",
    )


def make_family_programme(**kw: Any) -> Programm:
    data: dict[str, Any] = {
        "name": "Familienpatenschaften (Frühe Hilfen)",
        "begleitet": Programm.Begleitet.FAMILIEN,
        "alter_min": 0,
        "alter_max": 2,
        "kontakt_jahr_eins_tage": 7,
        "gespraech": Programm.Gespraech.VERMITTLUNG,
        **kw,
    }
    return Programm.objects.create(**data)


def record_family(staff: User, einrichtung: Einrichtung, *, months_old: int = 8) -> Jugendliche:
    born = timezone.localdate().replace(day=1) - timedelta(days=months_old * 30)
    familie = jugendliche_create(
        acting_user=staff,
        einrichtung=einrichtung,
        art=Jugendliche.Art.FAMILIE,
        vorname="Familie K.",
        geburtsmonat=born.month,
        geburtsjahr=born.year,
        interessen="Spaziergänge",
    )
    for bereich in Einwilligung.Bereich:
        einwilligung_create(
            acting_user=staff,
            jugendliche=familie,
            bereich=bereich,
            inhaber=Einwilligung.Inhaber.SORGEBERECHTIGTE,
            erteilt_am=timezone.localdate(),
        )
    return familie


def make_referring_staff(einrichtung: Einrichtung, email: str = "nadine@example.org") -> User:
    return make_user(Role.EINRICHTUNG, einrichtung=einrichtung, email=email)
