"""The life of a match as one state machine (DOMAIN.md "The match (Begleitung) and its lifecycle").

Rules:
- proposed → introduction meeting → agreement → active → (care-leaver phase) → closed; declined
  from the first three steps, paused and resumed while running; nothing else. A refused step
  raises ``TransitionRefused`` with a German message and changes nothing;
- only coordinators of the young person's region take these steps;
- at proposal and at activation: the volunteer is cleared (``schutzkonzept.clearance``, the one
  place deciding it, asked through ``matching.programmes.clearance_in``), the consents the
  match's programme needs are in force (``einrichtungen.einwilligungen``), and the pair passes
  the hard filters of the programme;
- a match belongs to its request's programme (set at the proposal; ``check_programme``);
- one open match per young person; per volunteer as many as their capacity (default 1, raised
  by a coordinator). Both are database constraints; the service locks the volunteer row
  (select_for_update), so of two coordinators acting at once one succeeds and the other is told;
- the agreement step needs an introduction meeting at which both sides said yes; activation
  needs the agreement confirmed by all four parties;
- first activation sets ``Wegbegleiter.activity_started_on`` (§ 72a(5) SGB VIII retention clock)
  and marks the request as matched (``einrichtungen.services.anfrage_status_set``);
- the care-leaver phase starts when the young person has moved out (§§ 41, 41a SGB VIII); the
  facility then drops out of the loop;
- a declined proposal puts the request back to "open";
- when the mentor ends (leaves, is declined, deletes the account) ``matching.services.ending``
  withdraws the matches that have not started and marks running ones "ending requested"; that
  state runs on and leaves only by the closure.
Every step is audited (no personal data in the details).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from einrichtungen import einwilligungen as consent
from einrichtungen.models import Anfrage, Jugendliche
from einrichtungen.services import anfrage_status_set
from matching import scoring
from matching.models import Begleitung, Kapazitaet
from matching.permissions import can_manage_begleitung
from matching.programmes import clearance_in
from programme import rules
from programme.models import Programm
from wegbegleitung.models import User, Wegbegleiter
from wegbegleitung.services.audit import audit_log
from wegbegleitung.validation import NOTE_MAX, check_text

if TYPE_CHECKING:  # django-stubs is a development dependency, not in the image
    from django_stubs_ext import StrOrPromise

S = Begleitung.Status


class TransitionRefused(ValidationError):
    """The step is not allowed now; the message says why."""


@dataclass(frozen=True)
class Transition:
    label: StrOrPromise
    sources: frozenset[str]
    target: str  # "" for resume: back to where it was paused
    needs_reason: bool = False


TRANSITIONS: dict[str, Transition] = {
    "start_introduction": Transition(
        gettext_lazy("Arrange the introduction meeting"),
        frozenset({S.VORGESCHLAGEN}),
        S.KENNENLERNEN,
    ),
    "to_agreement": Transition(
        gettext_lazy("Go on to the agreement"), frozenset({S.KENNENLERNEN}), S.VEREINBARUNG
    ),
    "activate": Transition(gettext_lazy("Activate"), frozenset({S.VEREINBARUNG}), S.AKTIV),
    "care_leaver": Transition(
        gettext_lazy("Continue as care-leaver match"), frozenset({S.AKTIV}), S.CARE_LEAVER
    ),
    "pause": Transition(
        gettext_lazy("Pause"), frozenset({S.AKTIV, S.CARE_LEAVER}), S.PAUSIERT, needs_reason=True
    ),
    "resume": Transition(gettext_lazy("Resume"), frozenset({S.PAUSIERT}), ""),
    "decline": Transition(
        gettext_lazy("Decline"),
        frozenset({S.VORGESCHLAGEN, S.KENNENLERNEN, S.VEREINBARUNG}),
        S.ABGELEHNT,
        needs_reason=True,
    ),
    # closing goes through matching.services.records.abschluss.begleitung_close (it needs the
    # closure data);
    # it is the only way out of "ending requested" (matching.services.ending): the farewell
    "close": Transition(
        gettext_lazy("Close"),
        frozenset({S.AKTIV, S.CARE_LEAVER, S.PAUSIERT, S.ENDE_ANGEFRAGT}),
        S.BEENDET,
    ),
}


def allowed_actions(begleitung: Begleitung) -> list[str]:
    return [a for a, t in TRANSITIONS.items() if begleitung.status in t.sources]


# --- checks shared by proposal and activation -------------------------------------------------


def check_clearance(wegbegleiter: Wegbegleiter, programm: Programm | None = None) -> None:
    """Cleared for the programme (``None``: the default one)."""
    result = clearance_in(wegbegleiter, programm or rules.standard())
    if not result.cleared:
        raise TransitionRefused(
            _("The volunteer is not cleared: %(missing)s")
            % {"missing": "; ".join(str(m) for m in result.missing)}
        )


def check_consents(jugendliche: Jugendliche, programm: Programm | None = None) -> None:
    """The consents the programme of the request or match needs (families: the parents')."""
    missing = consent.missing_scopes(
        jugendliche, jugendliche.einwilligungen.all(), consent.request_scopes(programm)
    )
    if missing:
        labels = ", ".join(str(consent.Bereich(b).label) for b in missing)
        raise TransitionRefused(
            _("Consent missing: %(scopes)s (needed from %(who)s).")
            % {"scopes": labels, "who": consent.needed_from(jugendliche)}
        )


def check_programme(begleitung: Begleitung) -> None:
    """A match belongs to its request's programme (the database cannot compare two tables)."""
    anfrage = begleitung.anfrage
    if anfrage is not None and anfrage.programm_id != begleitung.programm_id:
        raise TransitionRefused(_("A match belongs to the programme of its request."))


def _check_pair(
    wegbegleiter: Wegbegleiter, jugendliche: Jugendliche, programm: Programm
) -> scoring.Suggestion:
    from matching.suggestions import pair_for

    reasons, suggestion = pair_for(jugendliche, wegbegleiter, programm)
    if suggestion is None:
        raise TransitionRefused(
            _("This pair cannot be proposed: %(reasons)s") % {"reasons": "; ".join(reasons)}
        )
    return suggestion


def _lock_volunteer(wegbegleiter: Wegbegleiter) -> Wegbegleiter:
    """Lock the volunteer row: two coordinators acting at once are served one after the other."""
    return Wegbegleiter.objects.select_for_update().get(pk=wegbegleiter.pk)


def _free_slot(wegbegleiter: Wegbegleiter) -> int:
    capacity = (
        Kapazitaet.objects.filter(wegbegleiter=wegbegleiter)
        .values_list("max_begleitungen", flat=True)
        .first()
        or 1
    )
    taken = set(
        Begleitung.objects.filter(
            wegbegleiter=wegbegleiter, status__in=Begleitung.OPEN_STATES
        ).values_list("slot", flat=True)
    )
    free = [slot for slot in range(1, capacity + 1) if slot not in taken]
    if not free:
        raise TransitionRefused(
            _(
                "%(name)s has no free capacity: all %(n)s places are taken. If you just saw a "
                "suggestion, another coordinator may have been faster; please reload."
            )
            % {"name": wegbegleiter, "n": capacity}
        )
    return free[0]


# --- proposal ---------------------------------------------------------------------------------


@transaction.atomic
def begleitung_propose(
    *,
    acting_user: User,
    anfrage: Anfrage,
    wegbegleiter: Wegbegleiter,
) -> Begleitung:
    anfrage = Anfrage.objects.select_related("jugendliche__einrichtung__region", "programm").get(
        pk=anfrage.pk
    )
    jugendliche = anfrage.jugendliche
    locked = _lock_volunteer(wegbegleiter)
    # decided on the stored request and the locked volunteer, not on the caller's instances
    _check_may(acting_user, Begleitung(jugendliche=jugendliche, wegbegleiter=locked))
    if not anfrage.is_open:
        raise TransitionRefused(_("This request is no longer open."))
    check_clearance(locked, anfrage.programm)
    check_consents(jugendliche, anfrage.programm)
    suggestion = _check_pair(locked, jugendliche, anfrage.programm)
    if Begleitung.objects.filter(
        jugendliche=jugendliche, status__in=Begleitung.OPEN_STATES
    ).exists():
        raise TransitionRefused(_("The young person already has a match."))
    begleitung = _create(acting_user, anfrage, locked, _free_slot(locked), suggestion)
    if anfrage.status == Anfrage.Status.OFFEN:
        anfrage_status_set(
            acting_user=acting_user, anfrage=anfrage, status=Anfrage.Status.IN_BEARBEITUNG
        )
    audit_log(
        actor=acting_user,
        action="begleitung.propose",
        obj=begleitung,
        details={"wegbegleiter": locked.pk, "jugendliche": jugendliche.pk},
    )
    return begleitung


def _create(
    acting_user: User,
    anfrage: Anfrage,
    wegbegleiter: Wegbegleiter,
    slot: int,
    suggestion: scoring.Suggestion,
) -> Begleitung:
    # a snapshot of the explained score: what the coordinator saw when proposing
    parts = [
        {"label": p.label, "points": p.points, "max": p.max_points, "text": p.explanation}
        for p in suggestion.parts
    ]
    begleitung = Begleitung(
        wegbegleiter=wegbegleiter,
        jugendliche=anfrage.jugendliche,
        anfrage=anfrage,
        programm_id=anfrage.programm_id,  # the request's programme and its rules
        slot=slot,
        proposed_by=acting_user,
        score=suggestion.score,
        score_parts=parts,
    )
    check_programme(begleitung)
    try:
        with transaction.atomic():
            begleitung.save(force_insert=True)
            return begleitung
    except IntegrityError as exc:  # the other coordinator won the race for the young person
        raise TransitionRefused(
            _("The young person already has a match: another coordinator was faster.")
        ) from exc


# --- the other steps --------------------------------------------------------------------------


# Steps that (re)start contact: refused while a concern has the match suspended. Pausing and
# closing stay possible (services.suspension).
CONTACT_STEPS = frozenset({"start_introduction", "activate", "resume"})


def check_not_suspended(begleitung: Begleitung) -> None:
    if begleitung.aussetzungen.filter(aufgehoben_am__isnull=True).exists():
        raise TransitionRefused(
            _(
                "This match is suspended for child protection: contact resumes only when a "
                "child-protection lead lifts the suspension."
            )
        )


def _check_may(acting_user: User, begleitung: Begleitung) -> None:
    if not can_manage_begleitung(acting_user, begleitung):
        raise PermissionDenied(_("You may not take this step for this match."))


@transaction.atomic
def begleitung_transition(
    *, acting_user: User, begleitung: Begleitung, action: str, reason: str = ""
) -> Begleitung:
    transition = TRANSITIONS.get(action)
    if transition is None or action == "close":
        raise TransitionRefused(_("Unknown step for a match."))
    locked = (
        Begleitung.objects.select_for_update(of=("self",))
        .select_related("jugendliche__einrichtung__region", "wegbegleiter__user", "anfrage")
        .get(pk=begleitung.pk)
    )
    _check_may(acting_user, locked)
    check_source(locked, transition)
    if action in CONTACT_STEPS:
        check_not_suspended(locked)
    reason = reason.strip()
    check_text(reason, max_length=NOTE_MAX, field="reason")
    if transition.needs_reason and not reason:
        raise TransitionRefused(_("Please give a reason for this step."))
    guard = _GUARDS.get(action)
    if guard is not None:
        guard(acting_user, locked)
    source = locked.status
    _apply(locked, action, transition, reason)
    audit_log(
        actor=acting_user,
        action=f"begleitung.{action}",
        obj=locked,
        details={"from": source, "to": locked.status, "reason_given": bool(reason)},
    )
    begleitung.refresh_from_db()
    return locked


def check_source(begleitung: Begleitung, transition: Transition) -> None:
    if begleitung.status not in transition.sources:
        raise TransitionRefused(
            _("“%(step)s” is not possible while the match is “%(status)s”.")
            % {"step": transition.label, "status": begleitung.get_status_display()}
        )


def _apply(begleitung: Begleitung, action: str, transition: Transition, reason: str) -> None:
    fields = ["status", "status_since", "status_reason", "resume_status"]
    if action == "pause":
        begleitung.resume_status = begleitung.status
    target = transition.target or begleitung.resume_status or S.AKTIV
    if action == "resume":
        begleitung.resume_status = ""
    begleitung.status = target
    begleitung.status_since = timezone.now()
    begleitung.status_reason = reason
    if action == "decline":
        begleitung.ended_on = timezone.localdate()
        fields.append("ended_on")
    begleitung.save(update_fields=fields + _EXTRA_FIELDS.get(action, []))


_EXTRA_FIELDS = {"activate": ["started_on"], "care_leaver": ["care_leaver_since"]}


def _guard_agreement(acting_user: User, begleitung: Begleitung) -> None:
    meeting = begleitung.kennenlernen.order_by("-datum", "-id").first()
    if meeting is None:
        raise TransitionRefused(_("Please document the introduction meeting first."))
    if meeting.zusage_wegbegleiter != "ja" or meeting.zusage_jugendliche != "ja":
        raise TransitionRefused(
            _("Both sides must say yes after the introduction meeting before an agreement.")
        )


def _guard_activate(acting_user: User, begleitung: Begleitung) -> None:
    from matching.lists import missing_parties

    vereinbarung = getattr(begleitung, "vereinbarung", None)
    if vereinbarung is None:
        raise TransitionRefused(_("Please write the agreement first."))
    missing = missing_parties(vereinbarung)
    if missing:
        from matching.models import Partei

        raise TransitionRefused(
            _("The agreement still needs the confirmation of: %(parties)s")
            % {"parties": ", ".join(str(Partei(p).label) for p in missing)}
        )
    locked = _lock_volunteer(begleitung.wegbegleiter)
    check_clearance(locked, begleitung.programm)
    check_consents(begleitung.jugendliche, begleitung.programm)
    today = timezone.localdate()
    begleitung.started_on = today
    Wegbegleiter.objects.filter(pk=locked.pk, activity_started_on__isnull=True).update(
        activity_started_on=today
    )
    anfrage = begleitung.anfrage
    if anfrage is not None and anfrage.is_open:
        anfrage_status_set(
            acting_user=acting_user, anfrage=anfrage, status=Anfrage.Status.VERMITTELT
        )


def _guard_care_leaver(acting_user: User, begleitung: Begleitung) -> None:
    if not begleitung.jugendliche.has_left():
        raise TransitionRefused(
            _("The care-leaver phase starts once the move-out has been recorded.")
        )
    begleitung.care_leaver_since = begleitung.jugendliche.auszug_am


def _guard_resume(acting_user: User, begleitung: Begleitung) -> None:
    check_clearance(begleitung.wegbegleiter, begleitung.programm)


def _guard_decline(acting_user: User, begleitung: Begleitung) -> None:
    anfrage = begleitung.anfrage
    if anfrage is not None and anfrage.status == Anfrage.Status.IN_BEARBEITUNG:
        anfrage_status_set(acting_user=acting_user, anfrage=anfrage, status=Anfrage.Status.OFFEN)


_GUARDS: dict[str, Callable[[User, Begleitung], None]] = {
    "to_agreement": _guard_agreement,
    "activate": _guard_activate,
    "care_leaver": _guard_care_leaver,
    "resume": _guard_resume,
    "decline": _guard_decline,
}
