"""Answering a wave: save and continue, then submit with the computed scores.

Rules (issue 12 §2):
- only the match's own volunteer answers the mentor's wave, only while it is open (from its due
  day for WB_WAVE_WINDOW_DAYS) and only while their research consent is in force (the same
  computation that offers the wave, ``forschung.selectors.due_waves_for_mentor``);
- the first save creates the wave's row with the instrument version published at that moment;
  the wave keeps that version to the end;
- a half-filled questionnaire is saved as it is (empty answers are allowed); submitting stores
  the scores of ``forschung.scoring`` with the answers, and the wave cannot change after that;
- the mentee's and the mentor's wave share match, questionnaire and wave number (the pair link);
- the young person answers their own mentee wave from their own account (``welle_save_mentee``,
  offered by ``due_waves_for_mentee``: the same schedule, window and consent rules).
Audit events name the wave, never an answer.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from einrichtungen.models import Jugendliche
from forschung import scoring, selectors
from forschung.models import Antwort, Instrument, Welle
from forschung.permissions import can_answer_as_mentor
from matching.models import Begleitung
from wegbegleitung.models import User, Wegbegleiter
from wegbegleitung.services.audit import audit_log


def design_of(instrument: Instrument) -> scoring.Design:
    points = [p.wert for p in instrument.skalenpunkte.all()]
    return scoring.Design(
        items=[
            scoring.Item(i.pk, i.subskala.kuerzel if i.subskala else None, i.umgepolt)
            for i in instrument.items.all()
        ],
        low=min(points),
        high=max(points),
        total=scoring.Rule(instrument.gesamt_regel, instrument.gesamt_min_items),
        subscales={
            s.kuerzel: scoring.Rule(s.regel, s.min_items) for s in instrument.subskalen.all()
        },
    )


def scores_json(result: scoring.Result) -> dict[str, object]:
    def text(value: object) -> str | None:
        return None if value is None else str(value)

    return {
        "gesamt": text(result.total),
        "subskalen": {key: text(value) for key, value in result.subscales.items()},
        "beantwortet": result.answered,
    }


@transaction.atomic
def welle_save(
    *,
    acting_user: User,
    begleitung: Begleitung,
    code: str,
    nummer: int,
    answers: Mapping[int, int | None],
    submit: bool,
) -> Welle:
    """Save the volunteer's answers to an open wave; ``submit`` scores it and closes it."""
    wegbegleiter = Wegbegleiter.objects.select_for_update().get(pk=begleitung.wegbegleiter_id)
    if not can_answer_as_mentor(acting_user, begleitung):
        raise PermissionDenied
    today = timezone.localdate()
    due = _find(
        selectors.due_waves_for_mentor(wegbegleiter_id=wegbegleiter.pk, day=today),
        begleitung.pk, code, nummer,
    )  # fmt: skip
    return _save(acting_user, begleitung, Welle.Seite.MENTOR, due, answers, submit)


@transaction.atomic
def welle_save_mentee(
    *,
    acting_user: User,
    begleitung: Begleitung,
    code: str,
    nummer: int,
    answers: Mapping[int, int | None],
    submit: bool,
) -> Welle:
    """The same for the young person's own wave, from their own account (issue 12 §4)."""
    jugendliche = selectors.jugendliche_of(acting_user)
    if jugendliche is None or jugendliche.pk != begleitung.jugendliche_id:
        raise PermissionDenied
    Jugendliche.objects.select_for_update().get(pk=jugendliche.pk)
    today = timezone.localdate()
    due = _find(
        selectors.due_waves_for_mentee(jugendliche_id=jugendliche.pk, day=today),
        begleitung.pk, code, nummer,
    )  # fmt: skip
    return _save(acting_user, begleitung, Welle.Seite.MENTEE, due, answers, submit)


def _save(
    acting_user: User,
    begleitung: Begleitung,
    seite: str,
    due: selectors.DueWave,
    answers: Mapping[int, int | None],
    submit: bool,
) -> Welle:
    welle = due.welle or _create(begleitung, seite, due)
    welle = Welle.objects.select_for_update().get(pk=welle.pk)
    if welle.status != Welle.Status.OFFEN:
        raise ValidationError(_("This questionnaire has already been sent."))
    instrument = due.instrument if due.welle is None else _instrument_of(welle)
    clean = _checked(instrument, answers)
    _store(welle, clean)
    if submit:
        _submit(welle, instrument, clean)
    action = "welle.submit" if submit else "welle.save"
    audit_log(actor=acting_user, action=action, obj=welle,
              details={"welle": welle.pk, "nummer": welle.nummer, "seite": seite})  # fmt: skip
    return welle


def _find(
    offered: list[selectors.DueWave], begleitung_id: int, code: str, nummer: int
) -> selectors.DueWave:
    for due in offered:
        if (due.begleitung.pk, due.instrument.code, due.wave.nummer) == (
            begleitung_id,
            code,
            nummer,
        ):
            return due
    raise ValidationError(
        _("This questionnaire cannot be answered now: its time has passed or you are no longer "
          "taking part in the study.")
    )  # fmt: skip


def _create(begleitung: Begleitung, seite: str, due: selectors.DueWave) -> Welle:
    welle, _created = Welle.objects.get_or_create(
        begleitung=begleitung,
        seite=seite,
        code=due.instrument.code,
        nummer=due.wave.nummer,
        defaults={
            "instrument": due.instrument,
            "faellig_am": due.wave.faellig_am,
            "laeuft_ab_am": due.wave.laeuft_ab_am,
        },
    )
    return welle


def _instrument_of(welle: Welle) -> Instrument:
    return Instrument.objects.prefetch_related("items__subskala", "skalenpunkte", "subskalen").get(
        pk=welle.instrument_id
    )


def _checked(instrument: Instrument, answers: Mapping[int, int | None]) -> dict[int, int | None]:
    item_ids = {i.pk for i in instrument.items.all()}
    allowed = {p.wert for p in instrument.skalenpunkte.all()}
    unknown = set(answers) - item_ids
    if unknown or any(v is not None and v not in allowed for v in answers.values()):
        raise ValidationError(_("Please choose one of the offered answers for each question."))
    return {pk: answers.get(pk) for pk in item_ids}


def _store(welle: Welle, answers: Mapping[int, int | None]) -> None:
    given = {pk: v for pk, v in answers.items() if v is not None}
    welle.antworten.exclude(item_id__in=given).delete()
    Antwort.objects.bulk_create(
        [Antwort(welle=welle, item_id=pk, wert=v) for pk, v in given.items()],
        update_conflicts=True,
        unique_fields=["welle", "item"],
        update_fields=["wert"],
    )


def _submit(welle: Welle, instrument: Instrument, answers: Mapping[int, int | None]) -> None:
    result = scoring.score(design_of(instrument), answers)
    welle.scores = scores_json(result)
    welle.status = Welle.Status.ABGESCHLOSSEN
    welle.submitted_at = timezone.now()
    welle.save(update_fields=["scores", "status", "submitted_at"])
