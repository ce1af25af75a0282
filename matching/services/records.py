"""Records of a match: introduction meeting, agreement and its confirmations, diary, support
contacts, closure; and the coordinators' settings (weights, capacity, wishes).

Rules:
- the introduction meeting is documented by a coordinator (date, who was there, each side's yes
  or no) while the match is proposed or in the introduction step;
- the agreement is written in the agreement step and cannot change once someone confirmed it;
  each party confirms where it works (matching.permissions.can_confirm); the PDF is made after
  commit by a Celery task and states who confirmed when;
- the diary belongs to the mentor: entries only while the match runs, dated within its running
  time (matching.plausibility: from its start, not after its end or today), correctable for
  WB_DIARY_CORRECTION_DAYS days; "something worried me" opens a concern report
  (§ 8a SGB VIII, schutzkonzept.services.concerns) whose text is kept only there;
- support contacts by coordinators while the match runs, dated from its start to today; in the care-leaver phase the facility
  has dropped out, so no contact "with the facility";
- closure (DOMAIN.md "Abschluss"): planned or unplanned, reason, exit conversations, contact
  rules, re-matching decision; the volunteer pauses or leaves through their own state machine
  (wegbegleitung.services.volunteer_path), or is simply free again.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from einrichtungen.models import Anfrage, Jugendliche
from einrichtungen.permissions import can_edit_jugendliche, is_coordinator_of
from matching import plausibility
from matching.models import (
    Abschluss,
    Begleitung,
    Bestaetigung,
    Gewichtung,
    Kapazitaet,
    Kennenlernen,
    Partei,
    Treffen,
    Unterstuetzungskontakt,
    Vereinbarung,
    VorschlagVerworfen,
    Wunsch,
)
from matching.permissions import can_confirm, can_manage_begleitung, is_mentor_of
from matching.services.lifecycle import (
    TRANSITIONS,
    TransitionRefused,
    check_not_suspended,
    check_source,
)
from wegbegleitung import outbox
from wegbegleitung.models import User, Wegbegleiter
from wegbegleitung.permissions import region_ids_for
from wegbegleitung.services.audit import audit_log

S = Begleitung.Status
# diary entries and support contacts; "ending requested" still runs (the farewell meetings)
RUNNING = (S.AKTIV, S.CARE_LEAVER, S.ENDE_ANGEFRAGT)


def _lock(begleitung: Begleitung) -> Begleitung:
    return (
        Begleitung.objects.select_for_update(of=("self",))
        .select_related("jugendliche__einrichtung__region", "wegbegleiter__user")
        .get(pk=begleitung.pk)
    )


def _manage(acting_user: User, begleitung: Begleitung) -> Begleitung:
    locked = _lock(begleitung)
    if not can_manage_begleitung(acting_user, locked):
        raise PermissionDenied(_("You may not change this match."))
    return locked


# --- introduction meeting ---------------------------------------------------------------------


@transaction.atomic
def kennenlernen_record(
    *,
    acting_user: User,
    begleitung: Begleitung,
    datum: date,
    teilnehmende: str,
    zusage_wegbegleiter: str = "",
    zusage_jugendliche: str = "",
    notiz: str = "",
) -> Kennenlernen:
    locked = _manage(acting_user, begleitung)
    if locked.status not in (S.VORGESCHLAGEN, S.KENNENLERNEN):
        raise TransitionRefused(_("An introduction meeting is documented before the agreement."))
    check_not_suspended(locked)
    if not teilnehmende.strip():
        raise ValidationError({"teilnehmende": _("Please say who was there.")})
    meeting = Kennenlernen(
        begleitung=locked,
        datum=datum,
        teilnehmende=teilnehmende.strip(),
        zusage_wegbegleiter=zusage_wegbegleiter,
        zusage_jugendliche=zusage_jugendliche,
        notiz=notiz.strip(),
        created_by=acting_user,
    )
    meeting.full_clean(exclude=["begleitung", "created_by"])
    plausibility.check_kennenlernen_datum(
        meeting.datum,
        proposed_on=timezone.localtime(locked.proposed_at).date(),
        today=timezone.localdate(),
    )
    meeting.save()
    if locked.status == S.VORGESCHLAGEN:
        locked.status, locked.status_since = S.KENNENLERNEN, timezone.now()
        locked.save(update_fields=["status", "status_since"])
    audit_log(actor=acting_user, action="kennenlernen.record", obj=meeting)
    return meeting


# --- agreement --------------------------------------------------------------------------------


def default_agreement_texts() -> dict[str, str]:
    return {
        "rollen": _(
            "The mentor is a trusted adult outside the care system and spends free time with "
            "the young person. The facility stays responsible for care and upbringing. The "
            "association's coordination accompanies the match and is the contact for all sides."
        ),
        "regeln": _(
            "No meetings in the mentor's home during the first 3 months. No overnight stays "
            "without approval. No private social-media contact initiated by the mentor. Every "
            "suspected danger to the young person is reported to the coordination at once."
        ),
        "kontakt": _(
            "The coordination keeps in touch with the mentor, the young person and the facility "
            "regularly and can be reached for any question or worry."
        ),
    }


@transaction.atomic
def vereinbarung_save(*, acting_user: User, begleitung: Begleitung, **data: Any) -> Vereinbarung:
    locked = _manage(acting_user, begleitung)
    check_source(locked, TRANSITIONS["activate"])
    vereinbarung = Vereinbarung.objects.filter(begleitung=locked).first()
    if vereinbarung is not None and vereinbarung.bestaetigungen.exists():
        raise ValidationError(
            _("The agreement has already been confirmed and can no longer be changed.")
        )
    vereinbarung = vereinbarung or Vereinbarung(begleitung=locked, created_by=acting_user)
    for name in ("haeufigkeit", "dauer_stunden", "laufzeit_monate", "rollen", "regeln", "kontakt"):
        if name in data:
            setattr(vereinbarung, name, data[name])
    vereinbarung.full_clean()
    vereinbarung.pdf_confirmations = 0
    vereinbarung.save()
    audit_log(actor=acting_user, action="vereinbarung.save", obj=vereinbarung)
    _render_later(vereinbarung)
    return vereinbarung


def _render_later(vereinbarung: Vereinbarung) -> None:
    from matching.tasks import render_vereinbarung

    outbox.enqueue(render_vereinbarung, vereinbarung.pk)


@transaction.atomic
def vereinbarung_confirm(
    *, acting_user: User, begleitung: Begleitung, partei: str, name: str = ""
) -> Bestaetigung:
    """``name``: who confirmed for the young person (young person or custody holder)."""
    locked = _lock(begleitung)
    if not can_confirm(acting_user, locked, partei):
        raise PermissionDenied(_("You may not confirm for this party."))
    if locked.status != S.VEREINBARUNG:
        raise TransitionRefused(_("The agreement can only be confirmed in the agreement step."))
    vereinbarung = Vereinbarung.objects.filter(begleitung=locked).first()
    if vereinbarung is None:
        raise TransitionRefused(_("There is no agreement to confirm yet."))
    label = name.strip() if partei == Partei.JUGENDLICHE else acting_user.get_full_name()
    if partei == Partei.JUGENDLICHE and not label:
        raise ValidationError({"name": _("Please name who confirmed for the young person.")})
    try:
        with transaction.atomic():
            confirmation = Bestaetigung.objects.create(
                vereinbarung=vereinbarung,
                partei=partei,
                name=label or acting_user.email,
                by=acting_user,
            )
    except IntegrityError as exc:
        raise ValidationError(_("This party has already confirmed.")) from exc
    audit_log(
        actor=acting_user,
        action="vereinbarung.confirm",
        obj=vereinbarung,
        details={"partei": partei},
    )
    _render_later(vereinbarung)
    return confirmation


def vereinbarung_render(*, vereinbarung_id: int) -> bool:
    """Make the PDF when it is missing or older than the latest confirmation."""
    from matching.pdf import render_agreement

    with transaction.atomic():
        vereinbarung = (
            Vereinbarung.objects.select_for_update(of=("self",))
            .select_related(
                "begleitung__wegbegleiter__user", "begleitung__jugendliche__einrichtung__region"
            )
            .filter(pk=vereinbarung_id)
            .first()
        )
        if vereinbarung is None:
            return False
        confirmations = list(vereinbarung.bestaetigungen.order_by("at", "id"))
        if vereinbarung.pdf and vereinbarung.pdf_confirmations == len(confirmations):
            return False
        render_agreement(vereinbarung, confirmations)
        vereinbarung.pdf_confirmations = len(confirmations)
        vereinbarung.save(update_fields=["pdf", "pdf_confirmations"])
        audit_log(actor=None, action="vereinbarung.render", obj=vereinbarung)
    return True


# --- diary ------------------------------------------------------------------------------------

TREFFEN_FIELDS = ("datum", "dauer_minuten", "art", "aktivitaet", "stimmung", "notiz", "sorge")


def _check_treffen(treffen: Treffen) -> None:
    treffen.full_clean(exclude=["begleitung", "meldung"])
    begleitung = treffen.begleitung
    plausibility.check_treffen_datum(
        treffen.datum,
        started_on=begleitung.started_on,
        ended_on=begleitung.ended_on,
        today=timezone.localdate(),
    )


@transaction.atomic
def treffen_create(
    *, acting_user: User, begleitung: Begleitung, sorge_text: str = "", **data: Any
) -> Treffen:
    locked = _lock(begleitung)
    if not is_mentor_of(acting_user, locked):
        raise PermissionDenied(_("Only the mentor keeps the diary of this match."))
    if locked.status not in RUNNING:
        raise TransitionRefused(_("Meetings are logged while the match is active."))
    _check_not_suspended(locked)
    treffen = Treffen(begleitung=locked, **{k: data[k] for k in TREFFEN_FIELDS if k in data})
    _check_treffen(treffen)
    treffen.save()
    _maybe_report(acting_user, locked, treffen, sorge_text)
    audit_log(
        actor=acting_user, action="treffen.create", obj=treffen, details={"sorge": treffen.sorge}
    )
    return treffen


def _check_not_suspended(begleitung: Begleitung) -> None:
    """A concern suspended the match: no contact, so nothing is logged (services.suspension)."""
    if begleitung.aussetzungen.filter(aufgehoben_am__isnull=True).exists():
        raise TransitionRefused(
            _(
                "Contact in this match is paused for now, so no meeting can be logged. "
                "Please get in touch with your coordinator."
            )
        )


def treffen_correctable(treffen: Treffen, now: Any = None) -> bool:
    limit = timedelta(days=settings.WB_DIARY_CORRECTION_DAYS)
    return (now or timezone.now()) - treffen.created_at <= limit


@transaction.atomic
def treffen_update(
    *, acting_user: User, treffen: Treffen, sorge_text: str = "", **data: Any
) -> Treffen:
    treffen = (
        Treffen.objects.select_for_update()
        .select_related("begleitung__wegbegleiter", "begleitung__jugendliche__einrichtung")
        .get(pk=treffen.pk)
    )
    if not is_mentor_of(acting_user, treffen.begleitung):
        raise PermissionDenied(_("Only the mentor keeps the diary of this match."))
    _check_not_suspended(treffen.begleitung)
    if not treffen_correctable(treffen):
        raise ValidationError(
            _("Entries can be corrected for %(days)s days; please tell your coordinator.")
            % {"days": settings.WB_DIARY_CORRECTION_DAYS}
        )
    already_reported = treffen.meldung_id is not None
    for name in TREFFEN_FIELDS:
        if name in data:
            setattr(treffen, name, data[name])
    treffen.sorge = treffen.sorge or already_reported  # a report, once made, stays
    _check_treffen(treffen)
    treffen.updated_at = timezone.now()
    treffen.save()
    if not already_reported:
        _maybe_report(acting_user, treffen.begleitung, treffen, sorge_text)
    audit_log(actor=acting_user, action="treffen.update", obj=treffen)
    return treffen


def _maybe_report(acting_user: User, begleitung: Begleitung, treffen: Treffen, text: str) -> None:
    if not treffen.sorge:
        return
    from schutzkonzept.services.concerns import meldung_report

    if not text.strip():
        raise ValidationError({"sorge_text": _("Please describe what worried you.")})
    jugendliche = begleitung.jugendliche
    meldung = meldung_report(
        acting_user=acting_user,
        description=text,
        concerns_whom=jugendliche.vorname,
        einrichtung=None if jugendliche.has_left() else jugendliche.einrichtung,
    )
    treffen.meldung = meldung
    treffen.save(update_fields=["meldung"])


# --- support contacts -------------------------------------------------------------------------


@transaction.atomic
def kontakt_create(
    *, acting_user: User, begleitung: Begleitung, **data: Any
) -> Unterstuetzungskontakt:
    locked = _manage(acting_user, begleitung)
    if locked.status not in (*RUNNING, S.PAUSIERT):
        raise TransitionRefused(_("Support contacts are recorded while the match runs."))
    if locked.in_care_leaver_phase and data.get("mit") == Unterstuetzungskontakt.Mit.EINRICHTUNG:
        raise ValidationError(
            {"mit": _("In the care-leaver phase the facility is no longer part of the match.")}
        )
    kontakt = Unterstuetzungskontakt(begleitung=locked, created_by=acting_user, **data)
    kontakt.full_clean(exclude=["begleitung", "created_by"])
    plausibility.check_kontakt_datum(
        kontakt.datum, started_on=locked.started_on, today=timezone.localdate()
    )
    kontakt.save()
    audit_log(actor=acting_user, action="kontakt.create", obj=kontakt, details={"mit": kontakt.mit})
    return kontakt


# --- closure ----------------------------------------------------------------------------------


@transaction.atomic
def begleitung_close(*, acting_user: User, begleitung: Begleitung, **data: Any) -> Abschluss:
    locked = _manage(acting_user, begleitung)
    check_source(locked, TRANSITIONS["close"])
    abschluss = Abschluss(begleitung=locked, created_by=acting_user, **data)
    abschluss.beendet_am = abschluss.beendet_am or timezone.localdate()
    abschluss.full_clean(exclude=["begleitung", "created_by"])
    plausibility.check_beendet_am(
        abschluss.beendet_am,
        began_on=locked.started_on or timezone.localtime(locked.proposed_at).date(),
        today=timezone.localdate(),
    )
    abschluss.save()
    source = locked.status
    locked.status, locked.status_since = S.BEENDET, timezone.now()
    locked.ended_on = abschluss.beendet_am
    locked.save(update_fields=["status", "status_since", "ended_on"])
    _volunteer_afterwards(acting_user, locked.wegbegleiter, abschluss)
    if abschluss.neue_anfrage:
        from einrichtungen.services import anfrage_create

        anfrage_create(acting_user=acting_user, jugendliche=locked.jugendliche)
    audit_log(
        actor=acting_user,
        action="begleitung.close",
        obj=locked,
        details={"from": source, "art": abschluss.art, "grund": abschluss.grund},
    )
    return abschluss


def _volunteer_afterwards(
    acting_user: User, wegbegleiter: Wegbegleiter, abschluss: Abschluss
) -> None:
    from wegbegleitung.services.volunteer_path import wegbegleiter_transition

    if wegbegleiter.exit_requested:
        # the mentor asked to leave (or to delete the account): that completes once the last
        # match is closed, whatever the form says about "afterwards"
        from wegbegleitung.services.volunteer_exit import wegbegleiter_exit_complete

        wegbegleiter_exit_complete(acting_user=acting_user, wegbegleiter_id=wegbegleiter.pk)
        return
    wish = abschluss.wegbegleiter_danach
    if wish == Abschluss.Danach.VERFUEGBAR:
        return
    others = Begleitung.objects.filter(
        wegbegleiter=wegbegleiter, status__in=Begleitung.OPEN_STATES
    ).exists()
    if others:
        raise ValidationError(
            {"wegbegleiter_danach": _("The mentor has another match; they stay available.")}
        )
    action = "pause" if wish == Abschluss.Danach.PAUSIEREN else "leave"
    wegbegleiter_transition(
        acting_user=acting_user,
        wegbegleiter=wegbegleiter,
        action=action,
        reason=_("Match closed"),
    )


# --- coordinators' settings -------------------------------------------------------------------


def _check_region(acting_user: User | None, region_id: int | None) -> None:
    if acting_user is None or acting_user.is_superuser:  # None: the system (demo, setup)
        return
    if region_id is None or region_id not in region_ids_for(acting_user):
        raise PermissionDenied(_("You may only change your own regions."))


@transaction.atomic
def gewichtung_save(*, acting_user: User | None, gewichtung: Gewichtung) -> Gewichtung:
    _check_region(acting_user, gewichtung.region_id)
    gewichtung.full_clean()
    gewichtung.save()
    audit_log(actor=acting_user, action="gewichtung.save", obj=gewichtung)
    return gewichtung


@transaction.atomic
def kapazitaet_set(
    *, acting_user: User, wegbegleiter: Wegbegleiter, max_begleitungen: int, grund: str = ""
) -> Kapazitaet:
    locked = Wegbegleiter.objects.select_for_update().get(pk=wegbegleiter.pk)
    _check_region(acting_user, locked.region_id)
    open_count = Begleitung.objects.filter(
        wegbegleiter=locked, status__in=Begleitung.OPEN_STATES
    ).count()
    if max_begleitungen < max(open_count, 1):
        raise ValidationError(
            {
                "max_begleitungen": _("The volunteer already has %(n)s open matches.")
                % {"n": open_count}
            }
        )
    kapazitaet, _created = Kapazitaet.objects.get_or_create(wegbegleiter=locked)
    kapazitaet.max_begleitungen, kapazitaet.grund = max_begleitungen, grund.strip()
    kapazitaet.full_clean()
    kapazitaet.save()
    audit_log(
        actor=acting_user,
        action="kapazitaet.set",
        obj=kapazitaet,
        details={"max": max_begleitungen},
    )
    return kapazitaet


@transaction.atomic
def wunsch_save(
    *, acting_user: User, jugendliche: Jugendliche, mentor_geschlecht: str, zeiten: list[str]
) -> Wunsch:
    if not can_edit_jugendliche(acting_user, jugendliche):
        raise PermissionDenied(_("You may not change this young person's record."))
    wunsch, _created = Wunsch.objects.get_or_create(jugendliche=jugendliche)
    wunsch.mentor_geschlecht, wunsch.zeiten = mentor_geschlecht, sorted(set(zeiten))
    wunsch.full_clean()
    wunsch.save()
    audit_log(actor=acting_user, action="wunsch.save", obj=wunsch)
    return wunsch


@transaction.atomic
def vorschlag_reject(*, acting_user: User, anfrage: Anfrage, wegbegleiter: Wegbegleiter) -> None:
    """Leave this pair out of the region proposal from now on."""
    region_id = anfrage.jugendliche.einrichtung.region_id
    if not is_coordinator_of(acting_user, region_id):
        raise PermissionDenied(_("You may only work on requests of your regions."))
    VorschlagVerworfen.objects.get_or_create(
        anfrage=anfrage, wegbegleiter=wegbegleiter, defaults={"by": acting_user}
    )
    audit_log(
        actor=acting_user,
        action="vorschlag.reject",
        obj=anfrage,
        details={"wegbegleiter": wegbegleiter.pk},
    )
