"""Young people with consents and requests, and the matches with their records."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from einrichtungen.fassungen import JUGENDLICHE_VERSIONED, snapshot
from einrichtungen.models import Anfrage, Einwilligung, Fassung, Jugendliche
from matching.models import (
    Abschluss,
    Begleitung,
    Bestaetigung,
    Kennenlernen,
    Partei,
    Vereinbarung,
    Wunsch,
)
from testdaten.generator.base import Context, at, bulk
from testdaten.generator.people import INTERESTS, SLOTS, People
from testdaten.generator.plan import Match, Plan, Youth
from testdaten.generator.programmes import Programmes
from wegbegleitung.models import Programmteilnahme

NAMES = [
    "Mia", "Noah", "Emma", "Elias", "Lina", "Leon", "Amira", "Luca", "Sofia", "Yusuf", "Leni",
    "Milan", "Zoe", "Emil", "Aylin", "Jakob", "Nele", "Karim", "Frieda", "Anton",
]  # fmt: skip
STARTED = ("aktiv", "care_leaver", "pausiert", "ende_angefragt", "beendet")


@dataclass
class Rows:
    youths: list[Jugendliche]
    matches: list[Begleitung]  # in plan order


def make_matches(ctx: Context, plan: Plan, people: People) -> Rows:
    youths = _youths(ctx, plan, people)
    _consents(ctx, plan, youths, people)
    programmes = Programmes()
    requests = _requests(ctx, plan, youths, people, programmes)
    _wishes(ctx, plan, youths)
    matches = _begleitungen(ctx, plan, people, youths, requests, programmes)
    _served(ctx, plan, people, programmes)
    _introductions(ctx, plan, matches, people)
    _agreements(ctx, plan, matches, people)
    _closures(ctx, plan, matches, people)
    return Rows(youths, matches)


def _youths(ctx: Context, plan: Plan, people: People) -> list[Jugendliche]:
    rng = ctx.rng
    rows = bulk(
        Jugendliche,
        (
            Jugendliche(
                einrichtung=people.facilities[y.facility],
                vorname=rng.choice(NAMES),
                geburtsmonat=y.born.month,
                geburtsjahr=y.born.year,
                geschlecht=rng.choice(
                    ["weiblich", "maennlich", "maennlich", "divers", "keine_angabe"]
                ),
                sprachen=rng.choice(
                    ["Deutsch", "Deutsch, Arabisch", "Deutsch, Englisch", "Deutsch, Türkisch"]
                ),
                interessen=", ".join(rng.sample(INTERESTS, 2)),
                wuensche=rng.choice(["", "Jemand zum Reden", "Hilfe bei den Hausaufgaben"]),
                jugendamt=f"Jugendamt {plan.regions[y.region][0]}",
                sorgerecht="vormund" if y.vormund else "eltern",
                auszug_am=y.auszug,
                created_at=at(y.created, 14),
                created_by=people.staff[y.facility],
            )
            for y in plan.youths
        ),
        ctx,
    )
    # the version the services write with every change (read after the move-out)
    bulk(
        Fassung,
        (
            Fassung(
                jugendliche=j, erfasst_am=j.created_at, felder=snapshot(j, JUGENDLICHE_VERSIONED)
            )
            for j in rows
        ),
        ctx,
    )
    return rows


def _consents(ctx: Context, plan: Plan, youths: list[Jugendliche], people: People) -> None:
    bulk(
        Einwilligung,
        (
            Einwilligung(
                jugendliche=j, bereich=scope, inhaber=holder, erteilt_am=day,
                created_at=at(min(day + timedelta(days=1), ctx.today), 15),
                created_by=people.staff[y.facility],
            )
            for y, j in zip(plan.youths, youths, strict=True)
            for scope, holder, day in y.consents
        ),
        ctx,
    )  # fmt: skip


def _requests(
    ctx: Context, plan: Plan, youths: list[Jugendliche], people: People, programmes: Programmes
) -> dict[int, Anfrage]:
    asked = [(y, j) for y, j in zip(plan.youths, youths, strict=True) if y.request]
    rows = bulk(Anfrage, (_anfrage(ctx, y, j, people, programmes) for y, j in asked), ctx)
    return {y.index: a for (y, _j), a in zip(asked, rows, strict=True)}


def _anfrage(
    ctx: Context, y: Youth, j: Jugendliche, people: People, programmes: Programmes
) -> Anfrage:
    assert y.asked is not None and y.request is not None
    finished = at(y.finished, 12) if y.finished and y.request not in Anfrage.OPEN_STATES else None
    since = finished or at(y.asked, 11)
    if y.request == "in_bearbeitung":
        since = at(y.matches[-1].proposed, 12)
    return Anfrage(
        jugendliche=j, programm=programmes.of_youth(y), status=y.request,
        angefragt_am=at(y.asked, 11),
        angefragt_von=people.staff[y.facility], status_seit=since, abgeschlossen_am=finished,
        bemerkung="Wünscht sich eine verlässliche Bezugsperson.",
    )  # fmt: skip


def _wishes(ctx: Context, plan: Plan, youths: list[Jugendliche]) -> None:
    rng = ctx.rng
    bulk(
        Wunsch,
        (
            Wunsch(jugendliche=j, mentor_geschlecht=rng.choice(["", "", "", "w", "m"]),
                   zeiten=rng.sample(SLOTS, 4))
            for y, j in zip(plan.youths, youths, strict=True)
            if y.request in Anfrage.OPEN_STATES and rng.random() < 0.5
        ),
        ctx,
    )  # fmt: skip


def _begleitungen(
    ctx: Context,
    plan: Plan,
    people: People,
    youths: list[Jugendliche],
    requests: dict[int, Anfrage],
    programmes: Programmes,
) -> list[Begleitung]:
    return bulk(
        Begleitung,
        (_begleitung(ctx, m, people, youths, requests, programmes) for m in plan.matches),
        ctx,
    )


def _served(ctx: Context, plan: Plan, people: People, programmes: Programmes) -> None:
    """The volunteers' programmes (``Programmteilnahme``) where it is not the default alone."""
    bulk(
        Programmteilnahme,
        (
            Programmteilnahme(wegbegleiter=people.volunteers[index], programm=programm,
                              seit=people.volunteers[index].created_at.date())
            for index, programm in programmes.volunteer_rows(plan)
        ),
        ctx,
    )  # fmt: skip


def _begleitung(
    ctx: Context,
    m: Match,
    people: People,
    youths: list[Jugendliche],
    requests: dict[int, Anfrage],
    programmes: Programmes,
) -> Begleitung:
    coordinator = people.coordinators[m.vol.region][0]
    previous = "care_leaver" if m.care_leaver_since else "aktiv"
    since = m.status_since or m.started or m.proposed
    return Begleitung(
        wegbegleiter=people.volunteers[m.vol.index],
        jugendliche=youths[m.youth.index],
        anfrage=requests.get(m.youth.index),
        programm=programmes.of_youth(m.youth),
        status=m.status,
        status_since=at(since, 13),
        status_reason=_reason(m.status),
        resume_status=previous if m.status == "pausiert" else "",
        ending_from=previous if m.status == "ende_angefragt" else "",
        slot=1,
        score=round(ctx.rng.uniform(3, 8), 2),
        proposed_by=coordinator,
        proposed_at=at(m.proposed, 10),
        started_on=m.started,
        care_leaver_since=m.care_leaver_since,
        ended_on=m.ended,
    )


def _reason(status: str) -> str:
    return {
        "pausiert": "Prüfungszeit",
        "abgelehnt": "Beim Kennenlernen hat es nicht gepasst.",
        "ende_angefragt": "Die Wegbegleiterin zieht um.",
    }.get(status, "")


def _introductions(ctx: Context, plan: Plan, matches: list[Begleitung], people: People) -> None:
    rows = []
    for m, b in zip(plan.matches, matches, strict=True):
        if m.status == "vorgeschlagen" or (m.status == "kennenlernen" and ctx.rng.random() < 0.5):
            continue
        last = m.started or m.status_since or ctx.today
        day = ctx.between(m.proposed, min(last, ctx.today))
        no = m.status == "abgelehnt"
        rows.append(
            Kennenlernen(
                begleitung=b, datum=day, teilnehmende="Wegbegleiter:in, Jugendliche:r, Fachkraft",
                zusage_wegbegleiter="ja", zusage_jugendliche="nein" if no else "ja",
                created_by=people.coordinators[m.vol.region][0], created_at=at(day, 18),
            )
        )  # fmt: skip
    bulk(Kennenlernen, rows, ctx)


def _agreements(ctx: Context, plan: Plan, matches: list[Begleitung], people: People) -> None:
    """Every started match has an agreement confirmed by all four parties before its start."""
    todo = [
        (m, b) for m, b in zip(plan.matches, matches, strict=True)
        if m.status in STARTED or m.status == "vereinbarung"
    ]  # fmt: skip
    agreements = bulk(
        Vereinbarung,
        (
            Vereinbarung(
                begleitung=b, haeufigkeit=ctx.rng.choice(["woechentlich", "zweiwoechentlich"]),
                rollen="Die Wegbegleitung ist freiwillig und ergänzt die Hilfe.",
                regeln="Treffen an öffentlichen Orten; keine Geschenke über 20 Euro.",
                kontakt="Koordination per Telefon und E-Mail.",
                created_by=people.coordinators[m.vol.region][0],
                created_at=at(_written(ctx, m), 9),
            )
            for m, b in todo
        ),
        ctx,
    )  # fmt: skip
    rows: list[Bestaetigung] = []
    for (m, _b), agreement in zip(todo, agreements, strict=True):
        rows.extend(_confirmations(ctx, m, agreement, people))
    bulk(Bestaetigung, rows, ctx)


def _written(ctx: Context, m: Match) -> date:
    if m.started:
        return max(m.proposed, m.started - timedelta(days=ctx.rng.randint(5, 15)))
    return m.proposed


def _confirmations(
    ctx: Context, m: Match, agreement: Vereinbarung, people: People
) -> list[Bestaetigung]:
    written = _written(ctx, m)
    last = m.started or ctx.today
    count = 4 if m.started else m.confirmations
    mentor = people.volunteers[m.vol.index].user
    staff = people.staff[m.youth.facility]
    coordinator = people.coordinators[m.vol.region][0]
    who: list[tuple[str, str, Any]] = [
        (Partei.WEGBEGLEITER, str(mentor), mentor),
        (Partei.EINRICHTUNG, str(staff), staff),
        (Partei.JUGENDLICHE, "Sorgeberechtigte Person", staff),
        (Partei.KOORDINATION, str(coordinator), coordinator),
    ]
    return [
        Bestaetigung(
            vereinbarung=agreement, partei=partei, name=name, by=by,
            at=at(ctx.between(written, last), 17),
        )
        for partei, name, by in who[:count]
    ]  # fmt: skip


def _closures(ctx: Context, plan: Plan, matches: list[Begleitung], people: People) -> None:
    rng = ctx.rng
    rows = []
    for m, b in zip(plan.matches, matches, strict=True):
        if m.status != "beendet":
            continue
        assert m.ended is not None
        planned = rng.random() < 0.6
        grund = (
            "ziel_erreicht"
            if planned
            else rng.choice(
                ["umzug", "zeit_wegbegleiter", "wunsch_jugendliche", "beziehung", "einrichtung"]
            )
        )
        adult = m.youth.age(m.ended) >= 18
        last = m is m.vol.matches[-1] or all(
            x.status == "abgelehnt" for x in m.vol.matches[m.vol.matches.index(m) + 1 :]
        )
        leaves = m.vol.status == "ausgeschieden" and last
        rows.append(
            Abschluss(
                begleitung=b, art="geplant" if planned else "ungeplant", grund=grund,
                gespraech_wegbegleiter="Abschlussgespräch geführt.",
                gespraech_jugendliche="Abschied beim Eisessen.",
                gespraech_einrichtung="" if m.care_leaver_since else "Rückmeldung an die Gruppe.",
                kontakt_danach="privat" if adult and planned else "ueber_verein",
                neue_anfrage=False,
                wegbegleiter_danach="ausscheiden" if leaves else "verfuegbar",
                beendet_am=m.ended,
                created_by=people.coordinators[m.vol.region][0],
            )
        )  # fmt: skip
    bulk(Abschluss, rows, ctx)
