"""Every read of the study: which waves a person may answer now, and the lists of the admin.

Which waves are due is decided by ``forschung.schedule`` (pure); this module only loads the data
for it, in a fixed number of queries whatever the number of matches and waves.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from einrichtungen import einwilligungen as rules
from einrichtungen.models import Einwilligung, Jugendliche
from forschung import schedule
from forschung.models import Forschungseinwilligung, Instrument, Item, Jugendzugang, Welle
from matching.models import Begleitung, Treffen
from wegbegleitung.models import User
from wegbegleitung.permissions import region_ids_for


@dataclass(frozen=True)
class DueWave:
    """A wave the person may answer now, with their saved answers if they began it."""

    begleitung: Begleitung
    instrument: Instrument
    wave: schedule.Wave
    welle: Welle | None

    @property
    def started(self) -> bool:
        return self.welle is not None


def consent_in_force(wegbegleiter_id: int) -> Forschungseinwilligung | None:
    return Forschungseinwilligung.objects.filter(
        wegbegleiter_id=wegbegleiter_id, widerrufen_am__isnull=True
    ).first()


def as_schedule_consent(einwilligung: Forschungseinwilligung | None) -> schedule.Consent | None:
    if einwilligung is None:
        return None
    return schedule.Consent(
        given_on=timezone.localdate(einwilligung.erteilt_am),
        revoked_on=(
            timezone.localdate(einwilligung.widerrufen_am) if einwilligung.widerrufen_am else None
        ),
        follow_up=einwilligung.folgebefragung,
    )


def published_instruments(seite: str) -> list[Instrument]:
    """The published version of each questionnaire for one side, with items and scale."""
    wanted = [Instrument.Zielgruppe.BEIDE, seite]
    return list(
        Instrument.objects.filter(status=Instrument.Status.VEROEFFENTLICHT, zielgruppe__in=wanted)
        .prefetch_related(
            Prefetch("items", queryset=Item.objects.order_by("position")),
            "skalenpunkte",
            "programme",
        )
        .order_by("code")
    )


def started_matches_of_mentor(wegbegleiter_ids: Iterable[int]) -> list[Begleitung]:
    """Matches that began (wave 0 is due at the start), running or closed."""
    return list(
        Begleitung.objects.filter(wegbegleiter_id__in=list(wegbegleiter_ids))
        .exclude(started_on__isnull=True)
        .select_related("wegbegleiter__user", "jugendliche__einrichtung")
        .order_by("started_on", "pk")
    )


def _waves_of(
    begleitung: Begleitung, instrument: Instrument, day: date, consent: schedule.Consent | None
) -> list[schedule.Wave]:
    assert begleitung.started_on is not None
    if not instrument.applies_to(begleitung.programm_id):
        return []  # the match's programme does not use this questionnaire
    return schedule.open_waves(
        begleitung.started_on,
        day,
        closed_on=begleitung.ended_on,
        consent=consent,
        years=instrument.years,
        first_months=settings.WB_STUDY_FIRST_FOLLOWUP_MONTHS,
        window_days=settings.WB_WAVE_WINDOW_DAYS,
    )


def due_waves_for_mentor(*, wegbegleiter_id: int, day: date) -> list[DueWave]:
    """What the volunteer may answer on ``day`` (four queries, or one without consent)."""
    consent = as_schedule_consent(consent_in_force(wegbegleiter_id))
    if consent is None:
        return []
    matches = started_matches_of_mentor([wegbegleiter_id])
    return _open_waves(matches, Welle.Seite.MENTOR, day, consent)


def _open_waves(
    matches: list[Begleitung], seite: str, day: date, consent: schedule.Consent
) -> list[DueWave]:
    """One side's waves of ``matches`` open on ``day``, not yet submitted (two queries)."""
    instruments = published_instruments(seite) if matches else []
    rows = _rows_by_key(matches, seite) if instruments else {}
    result = []
    for begleitung in matches:
        for instrument in instruments:
            for wave in _waves_of(begleitung, instrument, day, consent):
                welle = rows.get((begleitung.pk, instrument.code, wave.nummer))
                if welle is None or welle.status == Welle.Status.OFFEN:
                    result.append(DueWave(begleitung, instrument, wave, welle))
    return result


def _rows_by_key(matches: list[Begleitung], seite: str) -> dict[tuple[int, str, int], Welle]:
    rows = Welle.objects.filter(begleitung__in=[b.pk for b in matches], seite=seite)
    return {(w.begleitung_id, w.code, w.nummer): w for w in rows.prefetch_related("antworten")}


def waves_due_for_reminders(day: date) -> list[DueWave]:
    """Every volunteer's due, not yet submitted waves on ``day`` (four queries in all)."""
    consents = {
        c.wegbegleiter_id: as_schedule_consent(c)
        for c in Forschungseinwilligung.objects.filter(widerrufen_am__isnull=True)
    }
    matches = started_matches_of_mentor(consents) if consents else []
    instruments = published_instruments(Welle.Seite.MENTOR) if matches else []
    submitted = set(
        Welle.objects.filter(
            begleitung__in=[b.pk for b in matches], seite=Welle.Seite.MENTOR
        ).exclude(status=Welle.Status.OFFEN).values_list("begleitung_id", "code", "nummer")
    ) if instruments else set()  # fmt: skip
    return [
        DueWave(b, instrument, wave, None)
        for b in matches
        for instrument in instruments
        for wave in _waves_of(b, instrument, day, consents[b.wegbegleiter_id])
        if (b.pk, instrument.code, wave.nummer) not in submitted
    ]


def submitted_count(*, wegbegleiter_id: int) -> int:
    return Welle.objects.filter(
        begleitung__wegbegleiter_id=wegbegleiter_id,
        seite=Welle.Seite.MENTOR,
        status=Welle.Status.ABGESCHLOSSEN,
    ).count()


def wellen_list_for(*, user: User) -> QuerySet[Welle]:
    """Waves of the coordinator's regions (status and dates; the admin never shows answers)."""
    qs = Welle.objects.select_related("instrument", "begleitung__jugendliche__einrichtung__region")
    if user.is_superuser:
        return qs
    return qs.filter(begleitung__jugendliche__einrichtung__region_id__in=region_ids_for(user))


# --- the young person's side (issue 12 §4) ---


def mentee_schedule_consent(jugendliche: Jugendliche, day: date) -> schedule.Consent | None:
    """The young person's research consent on ``day`` (``jugendliche.einwilligungen`` may be
    prefetched): in force or not, with follow-up or not, by the holder and age rules."""
    consents = list(jugendliche.einwilligungen.all())
    Bereich = Einwilligung.Bereich
    if not rules.scope_granted(jugendliche, consents, Bereich.FORSCHUNG, day):
        return None
    follow_up = rules.scope_granted(jugendliche, consents, Bereich.FORSCHUNG_FOLGE, day)
    return schedule.Consent(given_on=day, follow_up=follow_up)


def started_matches_of_mentee(jugendliche_ids: Iterable[int]) -> list[Begleitung]:
    return list(
        Begleitung.objects.filter(jugendliche_id__in=list(jugendliche_ids))
        .exclude(started_on__isnull=True)
        .select_related("wegbegleiter__user", "jugendliche__einrichtung")
        .order_by("started_on", "pk")
    )


def _jugendliche_with_consents() -> QuerySet[Jugendliche]:
    return Jugendliche.objects.select_related("einrichtung__region").prefetch_related(
        "einwilligungen"
    )


def due_waves_for_mentee(*, jugendliche_id: int, day: date) -> list[DueWave]:
    """What the young person may answer on ``day`` (a fixed number of queries)."""
    jugendliche = _jugendliche_with_consents().get(pk=jugendliche_id)
    consent = mentee_schedule_consent(jugendliche, day)
    if consent is None:
        return []
    matches = started_matches_of_mentee([jugendliche_id])
    return _open_waves(matches, Welle.Seite.MENTEE, day, consent)


@dataclass(frozen=True)
class MenteeDue:
    recipient_id: int
    due: DueWave


def mentee_waves_due_for_reminders(day: date) -> list[MenteeDue]:
    """Every young person with an account: their due, not yet submitted waves on ``day``
    (a fixed number of queries)."""
    accounts: dict[int, int] = {
        z.jugendliche_id: z.einladung.accepted_by_id or 0
        for z in Jugendzugang.objects.filter(
            einladung__accepted_by__isnull=False, einladung__accepted_by__is_active=True
        )
        .select_related("einladung")
        .order_by("created_at")
    }
    people = {
        j.pk: j for j in _jugendliche_with_consents().filter(pk__in=list(accounts))
    } if accounts else {}  # fmt: skip
    consents = {pk: mentee_schedule_consent(j, day) for pk, j in people.items()}
    matches = started_matches_of_mentee([pk for pk, c in consents.items() if c]) if people else []
    instruments = published_instruments(Welle.Seite.MENTEE) if matches else []
    submitted = set(
        Welle.objects.filter(
            begleitung__in=[b.pk for b in matches], seite=Welle.Seite.MENTEE
        ).exclude(status=Welle.Status.OFFEN).values_list("begleitung_id", "code", "nummer")
    ) if instruments else set()  # fmt: skip
    return [
        MenteeDue(accounts[b.jugendliche_id], DueWave(b, instrument, wave, None))
        for b in matches
        for instrument in instruments
        for wave in _waves_of(b, instrument, day, consents[b.jugendliche_id])
        if (b.pk, instrument.code, wave.nummer) not in submitted
    ]


def jugendliche_of(user: User) -> Jugendliche | None:
    """The young person whose own account ``user`` is (by an accepted invitation), or None."""
    if not user.is_authenticated or not user.is_active:
        return None
    zugang = (
        Jugendzugang.objects.filter(einladung__accepted_by=user)
        .select_related("jugendliche__einrichtung__region")
        .order_by("-created_at")
        .first()
    )
    return zugang.jugendliche if zugang else None


def zugaenge_of(jugendliche_id: int) -> list[Jugendzugang]:
    return list(
        Jugendzugang.objects.filter(jugendliche_id=jugendliche_id)
        .select_related("einladung")
        .order_by("-created_at")
    )


@dataclass(frozen=True)
class ConsentLine:
    """One scope on the young person's page: in force or not, and their own consent in it."""

    bereich: str
    label: str
    granted: bool
    own: Einwilligung | None


def consent_lines(jugendliche: Jugendliche, day: date) -> list[ConsentLine]:
    consents = list(jugendliche.einwilligungen.all())
    lines = []
    for bereich in Einwilligung.Bereich:
        own = next(
            (e for e in consents if e.bereich == bereich and e.inhaber in rules.OWN
             and e.widerrufen_am is None),
            None,
        )  # fmt: skip
        granted = rules.scope_granted(jugendliche, consents, bereich, day)
        lines.append(ConsentLine(bereich.value, str(bereich.label), granted, own))
    return lines


def meetings_of(matches: list[Begleitung]) -> dict[int, list[Treffen]]:
    """Date and kind of each match's meetings (never the mentor's notes)."""
    result: dict[int, list[Treffen]] = {b.pk: [] for b in matches}
    rows = Treffen.objects.filter(begleitung__in=list(result)).only("begleitung", "datum", "art")
    for treffen in rows.order_by("-datum", "-pk"):
        result[treffen.begleitung_id].append(treffen)
    return result


def jugendliche_page(jugendliche_id: int) -> Jugendliche:
    return _jugendliche_with_consents().get(pk=jugendliche_id)
