"""Designed report data written straight into the tables with explicit dates.

The services stamp "today" on every step; a report is about the past, so these helpers set the
dates a real history would have left (start, closure, contacts, diary, conferences, requests).
"""

from __future__ import annotations

from datetime import date, datetime, time
from itertools import count
from typing import Any

from django.utils import timezone

from einrichtungen.models import Anfrage, Einrichtung, Hilfeplangespraech, Jugendliche
from matching.models import Abschluss, Begleitung, Treffen, Unterstuetzungskontakt, Vereinbarung
from tests.einrichtungen.factories import JugendlicheFactory
from tests.schutzkonzept.factories import make_wegbegleiter
from wegbegleitung.models import Bewerbung, Region, Wegbegleiter

_n = count(1)


def at(day: date, hour: int = 12) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def jugendliche(einrichtung: Einrichtung) -> Jugendliche:
    return JugendlicheFactory.create(einrichtung=einrichtung)


def mentor(region: Region, *, registered: date | None = None, **kw: Any) -> Wegbegleiter:
    wegbegleiter = make_wegbegleiter(region, email=f"mentor{next(_n)}@example.org", **kw)
    if registered is not None:
        Wegbegleiter.objects.filter(pk=wegbegleiter.pk).update(created_at=at(registered))
        wegbegleiter.refresh_from_db()
    return wegbegleiter


def submitted(wegbegleiter: Wegbegleiter, day: date) -> Bewerbung:
    return Bewerbung.objects.create(wegbegleiter=wegbegleiter, submitted_at=at(day))


def match(
    einrichtung: Einrichtung,
    *,
    started: date | None,
    ended: date | None = None,
    status: str | None = None,
    art: str = Abschluss.Art.UNGEPLANT,
    grund: str = Abschluss.Grund.SONSTIGES,
    laufzeit: int | None = None,
    care_leaver_since: date | None = None,
    status_since: date | None = None,
    wegbegleiter: Wegbegleiter | None = None,
) -> Begleitung:
    """A match of its own mentor and young person; closed ones get their closure record."""
    status = status or (Begleitung.Status.BEENDET if ended else Begleitung.Status.AKTIV)
    begleitung = Begleitung.objects.create(
        wegbegleiter=wegbegleiter or mentor(einrichtung.region),
        jugendliche=jugendliche(einrichtung),
        status=status,
        status_since=at(status_since or ended or started or date(2020, 1, 1)),
        started_on=started,
        ended_on=ended,
        care_leaver_since=care_leaver_since,
    )
    if ended is not None:
        Abschluss.objects.create(
            begleitung=begleitung, art=art, grund=grund, beendet_am=ended,
            kontakt_danach=Abschluss.Kontakt.KEIN,
            wegbegleiter_danach=Abschluss.Danach.VERFUEGBAR,
        )  # fmt: skip
    if laufzeit is not None:
        Vereinbarung.objects.create(
            begleitung=begleitung, laufzeit_monate=laufzeit, rollen="r", regeln="r", kontakt="k"
        )
    return begleitung


def kontakt(begleitung: Begleitung, day: date, *, review: bool = False) -> None:
    Unterstuetzungskontakt.objects.create(
        begleitung=begleitung, mit=Unterstuetzungskontakt.Mit.WEGBEGLEITER, datum=day,
        dauer_minuten=20, kanal=Unterstuetzungskontakt.Kanal.TELEFON, aktivitaeten="a",
        beziehung="b", kinderschutz="k", wirkung="w", ist_review=review,
    )  # fmt: skip


def treffen(begleitung: Begleitung, day: date, minutes: int, art: str = "persoenlich") -> None:
    Treffen.objects.create(
        begleitung=begleitung, datum=day, dauer_minuten=minutes, art=art,
        aktivitaet="Spaziergang", stimmung=Treffen.Stimmung.GUT,
    )  # fmt: skip


def anfrage(
    einrichtung: Einrichtung, requested: date, *, status: str = "offen", done: date | None = None
) -> Anfrage:
    return Anfrage.objects.create(
        jugendliche=jugendliche(einrichtung), status=status, angefragt_am=at(requested, 9),
        abgeschlossen_am=at(done, 15) if done else None,
    )  # fmt: skip


def hpg(
    jugendliche: Jugendliche, day: date, *, erwogen: bool, eingeladen: bool = False,
    teilgenommen: bool = False,
) -> Hilfeplangespraech:  # fmt: skip
    return Hilfeplangespraech.objects.create(
        jugendliche=jugendliche, datum=day, wegbegleitung_erwogen=erwogen,
        wegbegleiter_eingeladen=eingeladen, wegbegleiter_teilgenommen=teilgenommen,
    )  # fmt: skip
