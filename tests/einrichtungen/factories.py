"""Factories for young people and their records, with traits for domain states."""

from __future__ import annotations

from datetime import date
from typing import Any

import factory
from django.utils import timezone

from einrichtungen.models import Anfrage, Einwilligung, Hilfeplangespraech, Jugendliche

B = Einwilligung.Bereich
I = Einwilligung.Inhaber  # noqa: E741


class JugendlicheFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Jugendliche

    vorname = factory.Sequence(lambda n: f"Jona{n}")
    geburtsmonat = 3
    # 14 this year, whatever the month: below 16, parents consent alone
    geburtsjahr = factory.LazyFunction(lambda: timezone.localdate().year - 14)
    geschlecht = Jugendliche.Geschlecht.DIVERS
    sprachen = "Deutsch, Arabisch"
    interessen = "Fußball, Zeichnen"
    wuensche = "Jemand, der mit mir Fahrrad fährt"
    jugendamt = "Jugendamt Frankfurt"

    class Params:
        sixteen = factory.Trait(
            geburtsjahr=factory.LazyFunction(lambda: timezone.localdate().year - 17),
            geburtsmonat=12,  # 16 all year (turns 17 on 1 January next year)
        )
        adult = factory.Trait(
            geburtsjahr=factory.LazyFunction(lambda: timezone.localdate().year - 19),
            geburtsmonat=1,
        )


class EinwilligungFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Einwilligung

    jugendliche = factory.SubFactory(JugendlicheFactory)
    bereich = B.TEILNAHME
    inhaber = I.SORGEBERECHTIGTE
    erteilt_am = factory.LazyFunction(lambda: date(2020, 1, 1))


def consent_all(jugendliche: Jugendliche, *holders: str, **kwargs: Any) -> list[Einwilligung]:
    """Every scope in force from the given holders (default: custody holder)."""
    return [
        EinwilligungFactory(jugendliche=jugendliche, bereich=b, inhaber=h, **kwargs)
        for b in B
        for h in (holders or (I.SORGEBERECHTIGTE,))
    ]


class HilfeplangespraechFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hilfeplangespraech

    jugendliche = factory.SubFactory(JugendlicheFactory)
    datum = factory.LazyFunction(lambda: date(2026, 3, 10))
    teilnehmende = "Jugendamt, Bezugsbetreuerin, Jugendliche:r"
    ziele = "Schulabschluss schaffen"
    zusammenfassung = "Gute Entwicklung"
    naechste_ueberpruefung = factory.LazyFunction(lambda: date(2026, 9, 10))

    class Params:
        shared = factory.Trait(mit_wegbegleitung_geteilt=True, wegbegleiter_eingeladen=True)


class AnfrageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Anfrage

    jugendliche = factory.SubFactory(JugendlicheFactory)
