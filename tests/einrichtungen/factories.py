"""Factories for young people and their records, with traits for domain states."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone
from factory.declarations import LazyFunction, Sequence, SubFactory, Trait
from factory.django import DjangoModelFactory

from einrichtungen.models import Anfrage, Einwilligung, Hilfeplangespraech, Jugendliche

B = Einwilligung.Bereich
I = Einwilligung.Inhaber  # noqa: E741


class JugendlicheFactory(DjangoModelFactory[Jugendliche]):
    class Meta:
        model = Jugendliche

    vorname = Sequence(lambda n: f"Jona{n}")
    geburtsmonat = 3
    # 14 this year, whatever the month: below 16, parents consent alone
    geburtsjahr = LazyFunction(lambda: timezone.localdate().year - 14)
    geschlecht = Jugendliche.Geschlecht.DIVERS
    sprachen = "Deutsch, Arabisch"
    interessen = "Fußball, Zeichnen"
    wuensche = "Jemand, der mit mir Fahrrad fährt"
    jugendamt = "Jugendamt Frankfurt"

    class Params:
        sixteen = Trait(
            geburtsjahr=LazyFunction(lambda: timezone.localdate().year - 17),
            geburtsmonat=12,  # 16 all year (turns 17 on 1 January next year)
        )
        adult = Trait(
            geburtsjahr=LazyFunction(lambda: timezone.localdate().year - 19),
            geburtsmonat=1,
        )


class EinwilligungFactory(DjangoModelFactory[Einwilligung]):
    class Meta:
        model = Einwilligung

    jugendliche = SubFactory(JugendlicheFactory)
    bereich = B.TEILNAHME
    inhaber = I.SORGEBERECHTIGTE
    erteilt_am = LazyFunction(lambda: date(2020, 1, 1))


def consent_all(jugendliche: Jugendliche, *holders: str, **kwargs: Any) -> list[Einwilligung]:
    """Every scope in force from the given holders (default: custody holder)."""
    return [
        EinwilligungFactory.create(jugendliche=jugendliche, bereich=b, inhaber=h, **kwargs)
        for b in B
        for h in (holders or (I.SORGEBERECHTIGTE,))
    ]


class HilfeplangespraechFactory(DjangoModelFactory[Hilfeplangespraech]):
    class Meta:
        model = Hilfeplangespraech

    jugendliche = SubFactory(JugendlicheFactory)
    datum = LazyFunction(lambda: date(2026, 3, 10))
    teilnehmende = "Jugendamt, Bezugsbetreuerin, Jugendliche:r"
    ziele = "Schulabschluss schaffen"
    zusammenfassung = "Gute Entwicklung"
    naechste_ueberpruefung = LazyFunction(lambda: date(2026, 9, 10))

    class Params:
        shared = Trait(mit_wegbegleitung_geteilt=True, wegbegleiter_eingeladen=True)


class AnfrageFactory(DjangoModelFactory[Anfrage]):
    class Meta:
        model = Anfrage

    jugendliche = SubFactory(JugendlicheFactory)
