"""Events of the network, registrations, the waiting list and attendance (issue 15 §2).

Rules:
- coordinators of the network's region create and change events (admin); the organising provider,
  if any, must be a member of that network; an event ends after it starts; an event that counts
  as training has its hours; the places can't be cut below those already taken;
- staff of a member provider register for events open to partner staff, volunteers of the region
  for events open to volunteers; until the event starts they register and cancel themselves;
- a registration takes a free place or goes on the waiting list; when a place frees up (a
  cancellation, more places) the first on the waiting list moves up and is told. Every change of
  places runs with the event's row locked, and ``belegt <= kapazitaet`` is a check constraint, so
  two registrations at once can never overbook;
- a coordinator may call off an event before it starts; everyone registered or waiting is told,
  and nobody registers any more;
- after the start the coordinators record attendance (attended / absent). A volunteer's attended
  training counts as training hours through the platform's one sum
  (``wegbegleitung.selectors.training_hours``): the event gets a ``Schulungstermin`` of its region
  and the attendance a ``Schulungsteilnahme``, both written by ``wegbegleitung``'s service
  (``training_record_store``: the same validation, region check and audit as a coordinator's
  records, after this app's own check of who organises the event);
- the leads of the organising member provider manage its own events like the coordinators
  (``permissions.can_manage_veranstaltung``; their pages: ``services.veranstalter``);
- every write is one transaction, audited without personal data; the notice after the commit
  (``wegbegleitung.outbox``).
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from netzwerk import permissions
from netzwerk.models import Anmeldung, Mitgliedschaft, Veranstaltung
from netzwerk.training import counts_for
from wegbegleitung.models import Schulungsteilnahme, Schulungstermin, User
from wegbegleitung.outbox import enqueue
from wegbegleitung.services.audit import audit_log
from wegbegleitung.services.screening import training_record_store

St = Anmeldung.Status


def check_event(v: Veranstaltung) -> None:
    """What an event must satisfy besides its fields (also the admin form's check)."""
    if v.ende <= v.beginn:
        raise ValidationError(_("The event must end after it starts."))
    if v.zaehlt_als_schulung and not (v.stunden and v.stunden > 0):
        raise ValidationError(_("Please enter the training hours the event counts for."))
    if not v.zaehlt_als_schulung:
        v.stunden = None
    if (
        v.veranstalter_id is not None
        and not Mitgliedschaft.objects.filter(
            traeger_id=v.veranstalter_id, region_id=v.region_id, ausgetreten_am__isnull=True
        ).exists()
    ):
        raise ValidationError(_("The organising provider is no member of this network."))


@transaction.atomic
def veranstaltung_save(*, acting_user: User, veranstaltung: Veranstaltung) -> Veranstaltung:
    """Create or change an event as a coordinator of its region."""
    if not permissions.can_manage_veranstaltung(acting_user, veranstaltung):
        raise PermissionDenied(_("You may only organise events of your own regions."))
    created = veranstaltung.pk is None
    if not created:
        locked = Veranstaltung.objects.select_for_update().get(pk=veranstaltung.pk)
        if not permissions.can_manage_veranstaltung(acting_user, locked):
            raise PermissionDenied(_("You may only organise events of your own regions."))
        veranstaltung.abgesagt_am = locked.abgesagt_am
        veranstaltung.belegt = locked.belegt
        veranstaltung.schulungstermin_id = locked.schulungstermin_id
        if veranstaltung.kapazitaet < locked.belegt:
            raise ValidationError(
                _("%(taken)d places are taken already; the event can't have fewer.")
                % {"taken": locked.belegt}
            )
    else:
        veranstaltung.angelegt_von = acting_user
    check_event(veranstaltung)
    veranstaltung.full_clean(exclude=["schulungstermin", "angelegt_von"])
    veranstaltung.save()
    audit_log(
        actor=acting_user, action=f"veranstaltung.{'create' if created else 'change'}",
        obj=veranstaltung, details={"places": veranstaltung.kapazitaet},
    )  # fmt: skip
    if not created:
        _sync_schulungstermin(acting_user, veranstaltung)
        _move_up(veranstaltung)
    return veranstaltung


@transaction.atomic
def veranstaltung_call_off(*, acting_user: User, veranstaltung: Veranstaltung) -> int:
    """Call off an event that has not started; everyone registered or waiting is told.
    Returns how many people are told."""
    from netzwerk.tasks import notify_abgesagt

    event = _lock(veranstaltung.pk)
    if not permissions.can_manage_veranstaltung(acting_user, event):
        raise PermissionDenied(_("You may only organise events of your own regions."))
    _not_started(event, timezone.now())
    event.abgesagt_am = timezone.now()
    event.save(update_fields=["abgesagt_am"])
    told = list(
        Anmeldung.objects.filter(
            veranstaltung=event, status__in=[St.ANGEMELDET, St.WARTELISTE]
        ).values_list("pk", flat=True)
    )
    for pk in told:
        enqueue(notify_abgesagt, pk)
    audit_log(actor=acting_user, action="veranstaltung.call_off", obj=event,
              details={"told": len(told)})  # fmt: skip
    return len(told)


def _sync_schulungstermin(acting_user: User, v: Veranstaltung) -> None:
    """The training session behind the hours follows the event's title, time and hours."""
    if v.schulungstermin_id is None:
        return
    termin = Schulungstermin.objects.get(pk=v.schulungstermin_id)
    termin.title, termin.starts_at = v.titel[:150], v.beginn
    termin.place = (v.ort or v.link)[:200]
    if v.stunden:
        termin.hours = v.stunden
    training_record_store(acting_user=acting_user, record=termin)


def _lock(veranstaltung_id: int) -> Veranstaltung:
    return Veranstaltung.objects.select_for_update().get(pk=veranstaltung_id)


def _not_started(v: Veranstaltung, now: datetime) -> None:
    if v.abgesagt_am is not None:
        raise ValidationError(_("This event has been called off."))
    if v.beginn <= now:
        raise ValidationError(_("This event has already started."))


@transaction.atomic
def anmeldung_register(*, acting_user: User, veranstaltung: Veranstaltung) -> Anmeldung:
    """Register oneself: a free place, or the waiting list when the event is full."""
    event = _lock(veranstaltung.pk)
    _not_started(event, timezone.now())
    person = _person(acting_user, event)
    anmeldung = Anmeldung.objects.select_for_update().filter(veranstaltung=event, **person).first()
    if anmeldung is not None and anmeldung.status != St.ABGESAGT:
        raise ValidationError(_("You are registered for this event already."))
    anmeldung = anmeldung or Anmeldung(veranstaltung=event, **person)
    anmeldung.angemeldet_am = timezone.now()
    anmeldung.status = St.ANGEMELDET if event.belegt < event.kapazitaet else St.WARTELISTE
    if anmeldung.status == St.ANGEMELDET:
        _take_place(event)
    anmeldung.save()
    audit_log(actor=acting_user, action="anmeldung.register", obj=anmeldung,
              details={"status": anmeldung.status})  # fmt: skip
    return anmeldung


def _person(acting_user: User, event: Veranstaltung) -> dict[str, object]:
    if permissions.can_register_staff(acting_user, event):
        traeger_ids = permissions.posting_traeger_ids(acting_user, event.region_id)
        return {"user": acting_user, "traeger_id": min(traeger_ids)}
    if permissions.can_register_volunteer(acting_user, event):
        return {"wegbegleiter": permissions.own_wegbegleiter(acting_user)}
    raise PermissionDenied(_("This event is not open to you."))


def _take_place(event: Veranstaltung) -> None:
    event.belegt += 1
    event.save(update_fields=["belegt"])


@transaction.atomic
def anmeldung_cancel(*, acting_user: User, anmeldung: Anmeldung) -> Anmeldung:
    """Cancel one's own registration before the start; the waiting list moves up."""
    event = _lock(anmeldung.veranstaltung_id)
    locked = Anmeldung.objects.select_for_update().get(pk=anmeldung.pk)
    if not _is_own(acting_user, locked):
        raise PermissionDenied(_("This is not your registration."))
    _not_started(event, timezone.now())
    if locked.status not in (St.ANGEMELDET, St.WARTELISTE):
        raise ValidationError(_("This registration is cancelled already."))
    had_place = locked.status == St.ANGEMELDET
    locked.status = St.ABGESAGT
    locked.save(update_fields=["status"])
    if had_place:
        event.belegt -= 1
        event.save(update_fields=["belegt"])
        _move_up(event)
    audit_log(actor=acting_user, action="anmeldung.cancel", obj=locked)
    return locked


def _is_own(user: User, anmeldung: Anmeldung) -> bool:
    if anmeldung.user_id is not None:
        return bool(anmeldung.user_id == user.pk)
    wegbegleiter = permissions.own_wegbegleiter(user)
    return wegbegleiter is not None and anmeldung.wegbegleiter_id == wegbegleiter.pk


def _move_up(event: Veranstaltung) -> None:
    """Fill free places from the waiting list, first come first served (event row locked)."""
    from netzwerk.tasks import notify_nachgerueckt

    if event.beginn <= timezone.now() or event.abgesagt_am is not None:
        return
    while event.belegt < event.kapazitaet:
        first = (
            Anmeldung.objects.select_for_update()
            .filter(veranstaltung=event, status=St.WARTELISTE)
            .order_by("angemeldet_am", "pk")
            .first()
        )
        if first is None:
            return
        first.status = St.ANGEMELDET
        first.save(update_fields=["status"])
        _take_place(event)
        audit_log(actor=None, action="anmeldung.moved_up", obj=first)
        enqueue(notify_nachgerueckt, first.pk)


@transaction.atomic
def anmeldung_attendance_record(
    *, acting_user: User, anmeldung: Anmeldung, attended: bool
) -> Anmeldung:
    """The coordinator (or the organising provider's lead) records whether a registered person
    came; a volunteer's attended training becomes training hours."""
    event = _lock(anmeldung.veranstaltung_id)
    if not permissions.can_manage_veranstaltung(acting_user, event):
        raise PermissionDenied(_("You may only record attendance at events of your regions."))
    locked = Anmeldung.objects.select_for_update().get(pk=anmeldung.pk, veranstaltung=event)
    if event.abgesagt_am is not None:
        raise ValidationError(_("This event has been called off."))
    if event.beginn > timezone.now():
        raise ValidationError(_("Attendance can be recorded once the event has started."))
    if locked.status not in Anmeldung.PLATZ:
        raise ValidationError(_("Only people with a place can have attended."))
    locked.status = St.TEILGENOMMEN if attended else St.NICHT_ERSCHIENEN
    locked.save(update_fields=["status"])
    audit_log(actor=acting_user, action="anmeldung.attendance", obj=locked,
              details={"status": locked.status})  # fmt: skip
    if locked.wegbegleiter_id is not None:
        _training_hours(acting_user, event, locked, attended)
    return locked


def _training_hours(acting_user: User, event: Veranstaltung, a: Anmeldung, attended: bool) -> None:
    teilnahme = None
    assert a.wegbegleiter is not None
    if event.schulungstermin_id is not None:
        teilnahme = Schulungsteilnahme.objects.filter(
            termin_id=event.schulungstermin_id, wegbegleiter=a.wegbegleiter
        ).first()
    if teilnahme is None and not (attended and counts_for(event, a.wegbegleiter)):
        return
    if teilnahme is None:
        termin = _schulungstermin(acting_user, event)
        teilnahme = Schulungsteilnahme(termin=termin, wegbegleiter=a.wegbegleiter)
    teilnahme.attended = attended
    training_record_store(acting_user=acting_user, record=teilnahme)


def _schulungstermin(acting_user: User, event: Veranstaltung) -> Schulungstermin:
    if event.schulungstermin_id is not None:
        return Schulungstermin.objects.get(pk=event.schulungstermin_id)
    assert event.stunden is not None  # a training counts only with its hours (constraint)
    termin = Schulungstermin(
        region_id=event.region_id, title=event.titel[:150], module=_("Cooperation network"),
        starts_at=event.beginn, hours=event.stunden, place=(event.ort or event.link)[:200],
    )  # fmt: skip
    training_record_store(acting_user=acting_user, record=termin)
    event.schulungstermin = termin
    event.save(update_fields=["schulungstermin"])
    return termin
