"""The report as tables and charts: what the page shows, the PDF prints and the exports download.

One function per table turns a :class:`~berichte.selectors.Bericht` into a
``wegbegleitung.exports.registry.Tabelle`` (plain cell values; labels already German when
rendered under German), so the page, the annual report and a download can never disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from berichte.charts import Reihe, bar_chart
from berichte.typen import Bericht
from berichte.zahlen import Lage
from einrichtungen.selectors import Quote
from wegbegleitung.exports.registry import Tabelle


def _de(day: date) -> str:
    return f"{day:%d.%m.%Y}"


def _prozent(quote: Quote) -> float | None:
    share = quote.anteil
    return None if share is None else round(share * 100, 1)


def _share(label: str, quote: Quote, hinweis: str = "") -> list[Any]:
    return [label, _prozent(quote), "%", quote.zaehler, quote.nenner, hinweis]


def _count(label: str, value: float | None, unit: str, hinweis: str = "") -> list[Any]:
    return [label, value, unit, None, None, hinweis]


def _matches(n: int) -> str:
    return ngettext("%(n)s match", "%(n)s matches", n) % {"n": n}


def _matched(n: int) -> str:
    return ngettext(
        "%(n)s request matched in the period", "%(n)s requests matched in the period", n
    ) % {"n": n}


def _open(n: int) -> str:
    return ngettext("%(n)s open request", "%(n)s open requests", n) % {"n": n}


def _lage_rows(
    label: str, value: Lage, unit: str, population: Callable[[int], str]
) -> list[list[Any]]:
    hinweis = population(value.anzahl)
    return [
        _count(_("%(figure)s, median") % {"figure": label}, value.median, unit, hinweis),
        _count(_("%(figure)s, mean") % {"figure": label}, value.mittel, unit, hinweis),
    ]


def kennzahlen(b: Bericht) -> Tabelle:
    months, days = _("months"), _("days")
    window = _("cohort: started %(von)s to %(bis)s") % {
        "von": _de(b.bindung_fenster[0]),
        "bis": _de(b.bindung_fenster[1]),
    }
    rows: list[list[Any]] = [
        _count(_("Matches running on %(day)s") % {"day": _de(b.aktiv.tag)}, b.aktiv.laufend,
               _("number")),
        _count(_("of which paused"), b.aktiv.pausiert, _("number")),
        _count(_("of which in the care-leaver phase"), b.aktiv.care_leaver, _("number")),
        _count(_("Matches started in the period"), sum(m.begonnen for m in b.monate),
               _("number")),
        _count(_("Matches closed in the period"), sum(m.beendet for m in b.monate), _("number")),
        *_lage_rows(_("Length of the matches closed in the period"), b.laenge_beendet, months,
                    _matches),
        *_lage_rows(_("Length so far of the running matches"), b.laenge_laufend, months,
                    _matches),
        _share(_("12-month retention"), b.bindung, window),
        _share(_("Premature closures"), b.abschluesse.vorzeitig,
               _("of all closures in the period")),
        _share(_("Support contacts on time"), b.kontakte, _("target: 90 %")),
        _share(_("Reviews on time"), b.reviews),
        *_lage_rows(_("Waiting time from request to match"), b.wartezeit.vermittelt, days,
                    _matched),
        _count(_("Requests open on %(day)s") % {"day": _de(b.aktiv.tag)},
               b.wartezeit.offen.anzahl, _("number")),
        *_lage_rows(_("Waiting time so far of the open requests"), b.wartezeit.offen, days,
                    _open),
        _count(_("Longest waiting time so far of an open request"), b.wartezeit.offen.laengste,
               days),
        _count(_("Meeting hours in the period"), b.stunden_gesamt, _("hours")),
        _share(_("Share of meeting time in person"), _in_person(b), _("minutes in person")),
        _share(_("Help-plan conferences that considered mentoring"), b.hpg_erwogen),
        _share(_("Conferences of matched young people with the mentor present"),
               b.hpg_anwesend),
        _count(_("Certificates ending within 60 days"), b.zeugnisse_enden, _("number")),
        _count(_("Open clearance lapses"), b.freigabe_verloren, _("number")),
    ]  # fmt: skip
    return Tabelle(
        title=_("Key figures"),
        columns=[
            _("Figure"),
            _("Value"),
            _("Unit"),
            _("Numerator"),
            _("Denominator"),
            pgettext("report column", "Note"),
        ],  # fmt: skip
        rows=rows,
        count=len(rows),
    )


def _in_person(b: Bericht) -> Quote:
    return Quote(
        zaehler=sum(m.persoenlich.zaehler for m in b.monate),
        nenner=sum(m.persoenlich.nenner for m in b.monate),
    )


def _month(day: date) -> str:
    return date_format(day, "F Y")


def monate(b: Bericht) -> Tabelle:
    rows = [
        [_month(m.monat), m.begonnen, m.beendet, m.stunden, m.laufend,
         m.stunden_je_begleitung, _prozent(m.persoenlich)]
        for m in b.monate
    ]  # fmt: skip
    return Tabelle(
        title=_("Per month"),
        columns=[
            _("Month"),
            _("Started"),
            pgettext("matches in a month", "Closed"),
            _("Meeting hours"),
            _("Running matches"),
            _("Hours per running match"),
            _("In person (%)"),
        ],  # fmt: skip
        rows=rows,
        count=len(rows),
    )


def abschluesse(b: Bericht) -> Tabelle:
    rows = [[str(g.label), g.vorzeitig, g.alle] for g in b.abschluesse.nach_grund]
    return Tabelle(
        title=_("Closures by reason"),
        columns=[_("Reason"), _("Premature"), _("All closures")],
        rows=rows,
        count=len(rows),
    )


def abschlussarten(b: Bericht) -> Tabelle:
    rows = [[str(label), early, alle] for label, early, alle in b.abschluesse.nach_art]
    return Tabelle(
        title=_("Closures by kind"),
        columns=[_("Ending"), _("Premature"), _("All closures")],
        rows=rows,
        count=len(rows),
    )


def bewerbung(b: Bericht) -> Tabelle:
    rows = [
        [str(s.label), s.anzahl, None if s.von_vorstufe is None else _prozent(s.von_vorstufe)]
        for s in b.bewerbung
    ]
    return Tabelle(
        title=_("Applicants per stage"),
        columns=[_("Stage"), _("Volunteers"), _("Of the stage before (%)")],
        rows=rows,
        count=len(rows),
    )


def nach_programm(berichte: list[tuple[str, Bericht]]) -> Tabelle:
    """The main figures side by side, one row per programme (the annual report)."""
    rows = [
        [name, b.aktiv.laufend, sum(m.begonnen for m in b.monate),
         sum(m.beendet for m in b.monate), b.stunden_gesamt, _prozent(b.kontakte),
         _prozent(b.bindung), b.wartezeit.vermittelt.median, b.wartezeit.offen.anzahl]
        for name, b in berichte
    ]  # fmt: skip
    return Tabelle(
        title=_("Main figures per programme"),
        columns=[
            _("Programme"),
            _("Running on the reporting day"),
            _("Started"),
            pgettext("matches in a month", "Closed"),
            _("Meeting hours"),
            _("Support contacts on time (%)"),
            _("12-month retention (%)"),
            _("Waiting time to a match, median (days)"),
            _("Open requests"),
        ],
        rows=rows,
        count=len(rows),
    )


# every table of the report, by the name its export source carries ("berichte.<name>")
TABELLEN: dict[str, Callable[[Bericht], Tabelle]] = {
    "kennzahlen": kennzahlen,
    "monate": monate,
    "abschluesse": abschluesse,
    "abschlussarten": abschlussarten,
    "bewerbung": bewerbung,
}


def all_tables(b: Bericht) -> dict[str, Tabelle]:
    return {name: build(b) for name, build in TABELLEN.items()}


def charts(b: Bericht) -> dict[str, SafeString]:
    months = [date_format(m.monat, "M y") for m in b.monate]
    gruende = [g for g in b.abschluesse.nach_grund if g.alle]
    return {
        "monate": bar_chart(
            chart_id="chart-monate",
            title=_("Matches started and closed per month"),
            categories=months,
            reihen=[
                Reihe(_("Started"), [m.begonnen for m in b.monate]),
                Reihe(pgettext("matches in a month", "Closed"), [m.beendet for m in b.monate]),
            ],  # fmt: skip
        ),
        "stunden": bar_chart(
            chart_id="chart-stunden",
            title=_("Meeting hours per month"),
            categories=months,
            reihen=[Reihe(_("Meeting hours"), [m.stunden for m in b.monate])],
        ),
        "abschluesse": bar_chart(
            chart_id="chart-abschluesse",
            title=_("Closures by reason"),
            categories=[_short(str(g.label)) for g in gruende],
            reihen=[
                Reihe(_("Premature"), [g.vorzeitig for g in gruende]),
                Reihe(_("All closures"), [g.alle for g in gruende]),
            ],  # fmt: skip
        ),
        "bewerbung": bar_chart(
            chart_id="chart-bewerbung",
            title=_("Applicants per stage"),
            categories=[str(s.label) for s in b.bewerbung],
            reihen=[Reihe(_("Volunteers"), [s.anzahl for s in b.bewerbung])],
        ),
    }


def _short(label: str, limit: int = 16) -> str:
    """Category labels under bars stay short; the table beside the chart has the full text."""
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"
