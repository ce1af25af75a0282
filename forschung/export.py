"""The pseudonymised research export of one instrument version, and its codebook.

Rules (issue 12 §3, docs/study.md "The research export"):
- one row per submitted wave (either side); rows of one match share the match pseudonym, and the
  mentee's and the mentor's waves of one match pair by (match, questionnaire, wave);
- a person appears only while their research consent is in force *when the export runs*
  (volunteer: ``Forschungseinwilligung``; young person: the scope ``forschung``); a wave due after
  the match closed also needs the follow-up consent in force;
- pseudonyms are HMAC-SHA256 of the record, keyed with ``WB_RESEARCH_PSEUDONYM_KEY`` from the
  environment: stable across waves and exports, not reversible without the key, which is never in
  the database;
- only birth year, the region's country, the programme, side, wave number, day offsets relative to
  the match start, item answers and scores: no names, no email, no free text, no calendar dates.
The number of queries is fixed, whatever the number of rows.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone

from einrichtungen import einwilligungen as rules
from einrichtungen.models import Einwilligung
from forschung.models import Antwort, Forschungseinwilligung, Instrument, Item, Welle

PERSON = "person"
MATCH = "match"


def pseudonym(kind: str, seite: str, pk: int, key: str | None = None) -> str:
    """A stable, keyed pseudonym (16 hex digits, 64 bits) for one record."""
    secret = (key if key is not None else settings.WB_RESEARCH_PSEUDONYM_KEY).encode()
    message = f"{kind}:{seite}:{pk}".encode()
    digest = hmac.new(secret, message, hashlib.sha256).hexdigest()[:16]
    prefix = "M" if kind == MATCH else ("J" if seite == Welle.Seite.MENTEE else "W")
    return f"{prefix}-{digest}"


@dataclass(frozen=True)
class Table:
    columns: list[str]
    rows: list[list[Any]]


def instrument_for_export(instrument_id: int) -> Instrument:
    return Instrument.objects.prefetch_related(
        Prefetch("items", queryset=Item.objects.select_related("subskala").order_by("position")),
        "skalenpunkte",
        "subskalen",
    ).get(pk=instrument_id)


def _score(value: object) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def data_table(instrument: Instrument, *, day: date | None = None, key: str | None = None) -> Table:
    """The export's rows (six queries, however many waves)."""
    today = day or timezone.localdate()
    items = list(instrument.items.all())
    subscales = sorted(s.kuerzel for s in instrument.subskalen.all())
    columns = [
        "person", "match", "side", "birth_year", "country", "programme", "instrument",
        "version", "wave", "due_day", "submitted_day", "match_end_day",
        *[f"item_{i.position}" for i in items],
        "score_total", *[f"score_{s}" for s in subscales], "answered",
    ]  # fmt: skip
    waves = list(
        Welle.objects.filter(instrument=instrument, status=Welle.Status.ABGESCHLOSSEN)
        .select_related(
            "begleitung__wegbegleiter__region", "begleitung__jugendliche__einrichtung__region"
        )
        .prefetch_related(
            Prefetch("antworten", queryset=Antwort.objects.only("welle", "item", "wert"))
        )
        .order_by("begleitung_id", "nummer", "seite")
    )
    allowed = _consent_in_force(waves, today)
    rows = []
    for welle in waves:
        if not allowed(welle):
            continue
        rows.append(_row(welle, instrument, items, subscales, key))
    return Table(columns, rows)


def _consent_in_force(waves: Sequence[Welle], today: date) -> Any:
    mentor_ids = {w.begleitung.wegbegleiter_id for w in waves if w.seite == Welle.Seite.MENTOR}
    mentee_ids = {w.begleitung.jugendliche_id for w in waves if w.seite == Welle.Seite.MENTEE}
    mentor_consents = {
        c.wegbegleiter_id: c
        for c in Forschungseinwilligung.objects.filter(
            wegbegleiter_id__in=mentor_ids, widerrufen_am__isnull=True
        )
    } if mentor_ids else {}  # fmt: skip
    mentee_consents: dict[int, list[Einwilligung]] = {pk: [] for pk in mentee_ids}
    if mentee_ids:
        for e in Einwilligung.objects.filter(jugendliche_id__in=mentee_ids):
            mentee_consents[e.jugendliche_id].append(e)

    def allowed(welle: Welle) -> bool:
        begleitung = welle.begleitung
        after_closure = begleitung.ended_on is not None and welle.faellig_am > begleitung.ended_on
        if welle.seite == Welle.Seite.MENTOR:
            consent = mentor_consents.get(begleitung.wegbegleiter_id)
            return consent is not None and (consent.folgebefragung or not after_closure)
        jugendliche = begleitung.jugendliche
        consents = mentee_consents[jugendliche.pk]
        Bereich = Einwilligung.Bereich
        if not rules.scope_granted(jugendliche, consents, Bereich.FORSCHUNG, today):
            return False
        return not after_closure or rules.scope_granted(
            jugendliche, consents, Bereich.FORSCHUNG_FOLGE, today
        )

    return allowed


def _row(
    welle: Welle, instrument: Instrument, items: list[Item], subscales: list[str], key: str | None
) -> list[Any]:
    begleitung = welle.begleitung
    start = begleitung.started_on
    assert start is not None  # a wave exists only for a started match
    if welle.seite == Welle.Seite.MENTOR:
        person_pk = begleitung.wegbegleiter_id
        region = begleitung.wegbegleiter.region
        birth_year = None  # volunteers' birth dates are not recorded
    else:
        person_pk = begleitung.jugendliche_id
        region = begleitung.jugendliche.einrichtung.region
        birth_year = begleitung.jugendliche.geburtsjahr
    answers = {a.item_id: a.wert for a in welle.antworten.all()}
    scores = welle.scores or {}
    subscores = scores.get("subskalen") or {}
    submitted = timezone.localdate(welle.submitted_at) if welle.submitted_at else None
    return [
        pseudonym(PERSON, welle.seite, person_pk, key),
        pseudonym(MATCH, "", begleitung.pk, key),
        welle.seite,
        birth_year,
        region.country if region is not None else None,
        settings.WB_RESEARCH_PROGRAMME,
        welle.code,
        instrument.version,
        welle.nummer,
        (welle.faellig_am - start).days,
        (submitted - start).days if submitted else None,
        (begleitung.ended_on - start).days if begleitung.ended_on else None,
        *[answers.get(i.pk) for i in items],
        _score(scores.get("gesamt")),
        *[_score(subscores.get(s)) for s in subscales],
        scores.get("beantwortet"),
    ]


def codebook_table(instrument: Instrument) -> Table:
    """What every column of the export means: the instrument, its items, scale and scoring."""
    columns = ["variable", "kind", "text", "values", "reverse_scored", "subscale", "rule"]
    scale = "; ".join(f"{p.wert} = {p.label}" for p in instrument.skalenpunkte.all())
    points = [p.wert for p in instrument.skalenpunkte.all()]
    low, high = (min(points), max(points)) if points else (None, None)
    reverse = f"reverse-scored items count {low} + {high} - answer"
    total_rule = (
        f"{instrument.gesamt_regel} of all items, at least {instrument.gesamt_min_items} "
        f"answered; {reverse}; sum = mean x number of items (prorated); two decimals, half up"
    )
    rows: list[list[Any]] = [
        ["instrument", "meta", instrument.name, instrument.code, None, None, None],
        ["version", "meta", str(instrument.version), None, None, None, None],
        ["audience", "meta", instrument.get_zielgruppe_display(), instrument.zielgruppe,
         None, None, None],
        ["person", "id", "pseudonym of the person (HMAC-SHA256, keyed; stable across waves "
         "and exports)", None, None, None, None],
        ["match", "id", "pseudonym of the match; mentee and mentor rows of one match share it",
         None, None, None, None],
        ["side", "meta", "mentee = young person, mentor = volunteer", "mentee; mentor",
         None, None, None],
        ["birth_year", "meta", "year of birth (young people only)", None, None, None, None],
        ["country", "meta", "country of the region (ISO 3166-1 alpha-2)", None, None, None, None],
        ["programme", "meta", "programme", None, None, None, None],
        ["wave", "meta", "wave number: 0 at the match start, 1 after "
         f"{settings.WB_STUDY_FIRST_FOLLOWUP_MONTHS} months, then yearly", None, None, None, None],
        ["due_day", "days", "days from the match start to the wave's due day", None, None, None,
         None],
        ["submitted_day", "days", "days from the match start to the day the answers were sent",
         None, None, None, None],
        ["match_end_day", "days", "days from the match start to its closure (empty: running)",
         None, None, None, None],
    ]  # fmt: skip
    for item in instrument.items.all():
        rows.append([
            f"item_{item.position}", "item", item.text, scale, item.umgepolt,
            item.subskala.kuerzel if item.subskala else None, None,
        ])  # fmt: skip
    rows.append(["score_total", "score", "total score", None, None, None, total_rule])
    for sub in sorted(instrument.subskalen.all(), key=lambda s: s.kuerzel):
        rule = f"{sub.regel} of the subscale's items, at least {sub.min_items} answered; {reverse}"
        rows.append([f"score_{sub.kuerzel}", "score", sub.name, None, None, sub.kuerzel, rule])
    rows.append(["answered", "count", "number of items answered", None, None, None, None])
    return Table(columns, rows)
