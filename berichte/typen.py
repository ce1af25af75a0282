"""The shape of a report: plain frozen dataclasses, filled by ``berichte.selectors.bericht_for``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.utils.functional import Promise

from berichte.zahlen import Lage
from einrichtungen.selectors import Quote

SUPPORT_TARGET = 0.9  # measures.md: the target share of support contacts on time


@dataclass(frozen=True)
class Aktiv:
    tag: date
    laufend: int
    pausiert: int
    care_leaver: int


@dataclass(frozen=True)
class Monat:
    monat: date
    begonnen: int
    beendet: int
    stunden: float
    laufend: int  # matches that ran on at least one day of the month
    persoenlich: Quote  # in-person minutes / all minutes

    @property
    def stunden_je_begleitung(self) -> float | None:
        return round(self.stunden / self.laufend, 1) if self.laufend else None


@dataclass(frozen=True)
class Grund:
    code: str
    label: str | Promise
    vorzeitig: int
    alle: int


@dataclass(frozen=True)
class Abschluesse:
    vorzeitig: Quote  # premature closures / all closures of started matches in the period
    nach_art: Sequence[tuple[str | Promise, int, int]]  # label, premature, all
    nach_grund: list[Grund]


@dataclass(frozen=True)
class Wartezeit:
    vermittelt: Lage  # days, requests matched in the period
    offen: Lage  # days so far on the reporting day, requests open on it


@dataclass(frozen=True)
class Stufe:
    key: str
    label: str | Promise
    anzahl: int
    von_vorstufe: Quote | None


@dataclass(frozen=True)
class Bericht:
    region_ids: list[int]
    von: date
    bis: date
    aktiv: Aktiv
    monate: list[Monat]
    laenge_beendet: Lage  # months, matches closed in the period
    laenge_laufend: Lage  # months so far on the reporting day
    bindung: Quote
    bindung_fenster: tuple[date, date]
    abschluesse: Abschluesse
    kontakte: Quote
    reviews: Quote
    wartezeit: Wartezeit
    hpg_erwogen: Quote
    hpg_anwesend: Quote
    bewerbung: list[Stufe]
    zeugnisse_enden: int
    freigabe_verloren: int
    programm_name: str | None = None  # the report of one programme; None: every programme

    @property
    def stunden_gesamt(self) -> float:
        return round(sum(m.stunden for m in self.monate), 1)

    @property
    def kontakte_ziel_erreicht(self) -> bool | None:
        share = self.kontakte.anteil
        return None if share is None else share >= SUPPORT_TARGET
