"""Writes for young people, consents, requests for a mentor and help-plan conferences.

Rules:
- data minimisation (§§ 61-65 SGB VIII, GDPR Art. 5): month and year of birth only, no diagnosis
  field, a surname only when the organisation turns on WB_JUGENDLICHE_NACHNAME;
- consents: who may give one depends on the age (einrichtungen.einwilligungen); revocation takes
  effect at once and is never undone (a new consent is a new record);
- a family (early help) is recorded only at a referring organisation, a young person only at a
  residential facility; an Erziehungsstelle has at most WB_ERZIEHUNGSSTELLE_MAX_PLAETZE young
  people at once (einrichtungen.familien);
- a request for a mentor belongs to a programme that is open, accompanies this kind of party and
  whose age limits fit; it needs the programme's consents in force; the message says which are
  missing; one open request per young person (also a database constraint);
- the conversation with the professionals is the programme's (help-plan conference or referral
  and review conversation);
- a request moves only along ANFRAGE_TRANSITIONS;
- help-plan conference (§ 36 SGB VIII): the mentor is invited only with the consent for the
  mentor in the conference, a record is shared only with the data-sharing consent;
- leaving care (§§ 41, 41a SGB VIII): after the move-out the facility writes nothing new
  (einrichtungen.permissions.can_edit_jugendliche);
- dates fit what they describe (einrichtungen.plausibility): birth month within 27 years,
  conference not before birth nor more than WB_HPG_MAX_MONTHS_AHEAD ahead, review within
  WB_HPG_REVIEW_MAX_MONTHS, consent not before birth nor in the future.
Every write is audited without the personal data itself.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from einrichtungen import consent_hooks, familien, plausibility
from einrichtungen import einwilligungen as consent
from einrichtungen.fassungen import fassung_record
from einrichtungen.models import Anfrage, Einrichtung, Einwilligung, Hilfeplangespraech, Jugendliche
from einrichtungen.permissions import can_add_jugendliche, can_edit_jugendliche, is_coordinator_of
from programme.models import Programm
from wegbegleitung.models import User
from wegbegleitung.services.audit import audit_log, changed_fields
from wegbegleitung.validation import NOTE_MAX, check_text

JUGENDLICHE_FIELDS = frozenset(
    {
        "art",
        "vorname",
        "nachname",
        "geburtsmonat",
        "geburtsjahr",
        "geschlecht",
        "sprachen",
        "interessen",
        "wuensche",
        "jugendamt",
        "sorgerecht",
    }
)
HPG_FIELDS = frozenset(
    {
        "datum",
        "teilnehmende",
        "wegbegleitung_erwogen",
        "wegbegleiter_eingeladen",
        "wegbegleiter_teilgenommen",
        "ziele",
        "zusammenfassung",
        "naechste_ueberpruefung",
        "mit_wegbegleitung_geteilt",
    }
)
S = Anfrage.Status
ANFRAGE_TRANSITIONS: dict[str, frozenset[str]] = {
    S.OFFEN: frozenset({S.IN_BEARBEITUNG, S.VERMITTELT, S.ZURUECKGEZOGEN, S.GESCHLOSSEN}),
    S.IN_BEARBEITUNG: frozenset({S.OFFEN, S.VERMITTELT, S.ZURUECKGEZOGEN, S.GESCHLOSSEN}),
}


@transaction.atomic
def jugendliche_create(*, acting_user: User, einrichtung: Einrichtung, **data: Any) -> Jugendliche:
    # decided on the stored (and locked: places in a household) row, not the caller's instance
    einrichtung = Einrichtung.objects.select_for_update().get(pk=einrichtung.pk)
    if not can_add_jugendliche(acting_user, einrichtung):
        raise PermissionDenied(_("You may not enter young people for this facility."))
    _check_fields(data, JUGENDLICHE_FIELDS)
    jugendliche = Jugendliche(einrichtung=einrichtung, created_by=acting_user, **data)
    jugendliche_validate(jugendliche)
    familien.check_place(jugendliche)
    jugendliche.save()
    fassung_record(jugendliche)
    audit_log(actor=acting_user, action="jugendliche.create", obj=jugendliche)
    return jugendliche


@transaction.atomic
def jugendliche_update(*, acting_user: User, jugendliche: Jugendliche, **data: Any) -> Jugendliche:
    _check_fields(data, JUGENDLICHE_FIELDS)
    jugendliche = _lock_jugendliche(acting_user, jugendliche)
    changed = changed_fields(jugendliche, data)
    for name, value in data.items():
        setattr(jugendliche, name, value)
    jugendliche_validate(jugendliche)
    jugendliche.save()
    fassung_record(jugendliche)
    audit_log(
        actor=acting_user, action="jugendliche.update", obj=jugendliche, details={"fields": changed}
    )
    return jugendliche


@transaction.atomic
def jugendliche_auszug(
    *, acting_user: User, jugendliche: Jugendliche, auszug_am: date
) -> Jugendliche:
    """Record the move-out; from that day the facility reads only what it wrote before."""
    jugendliche = _lock_jugendliche(acting_user, jugendliche)
    plausibility.check_auszug(
        auszug_am=auszug_am,
        entered=timezone.localtime(jugendliche.created_at).date(),
        today=timezone.localdate(),
    )
    jugendliche.auszug_am = auszug_am
    jugendliche.save(update_fields=["auszug_am"])
    audit_log(actor=acting_user, action="jugendliche.auszug", obj=jugendliche)
    return jugendliche


@transaction.atomic
def einwilligung_create(
    *, acting_user: User, jugendliche: Jugendliche, bereich: str, inhaber: str, erteilt_am: date
) -> Einwilligung:
    jugendliche = _lock_jugendliche(acting_user, jugendliche)
    plausibility.check_consent_date(
        erteilt_am=erteilt_am, born=_earliest(jugendliche), today=timezone.localdate()
    )
    if not consent.holder_allowed(jugendliche, inhaber, erteilt_am):
        raise ValidationError({"inhaber": _holder_message(jugendliche, inhaber)})
    valid = Einwilligung.objects.select_for_update().filter(
        jugendliche=jugendliche, bereich=bereich, inhaber=inhaber, widerrufen_am__isnull=True
    )
    if valid.exists():
        raise ValidationError(_("This consent is already recorded and in force."))
    einwilligung = Einwilligung.objects.create(
        jugendliche=jugendliche,
        bereich=bereich,
        inhaber=inhaber,
        erteilt_am=erteilt_am,
        created_by=acting_user,
    )
    audit_log(
        actor=acting_user,
        action="einwilligung.create",
        obj=einwilligung,
        details={"jugendliche": jugendliche.pk, "bereich": bereich, "inhaber": inhaber},
    )
    return einwilligung


@transaction.atomic
def einwilligung_revoke(*, acting_user: User, einwilligung: Einwilligung) -> Einwilligung:
    """Revocation takes effect at once: from now on the consent covers nothing."""
    einwilligung = (
        Einwilligung.objects.select_for_update(of=("self",))
        .select_related("jugendliche__einrichtung")
        .get(pk=einwilligung.pk)
    )
    _check_edit(acting_user, einwilligung.jugendliche)
    if einwilligung.widerrufen_am is not None:
        raise ValidationError(_("This consent has already been revoked."))
    einwilligung.widerrufen_am = timezone.now()
    einwilligung.save(update_fields=["widerrufen_am"])
    audit_log(
        actor=acting_user,
        action="einwilligung.revoke",
        obj=einwilligung,
        details={"jugendliche": einwilligung.jugendliche_id, "bereich": einwilligung.bereich},
    )
    consent_hooks.revoked(acting_user=acting_user, einwilligung=einwilligung)
    return einwilligung


@transaction.atomic
def anfrage_create(
    *,
    acting_user: User,
    jugendliche: Jugendliche,
    bemerkung: str = "",
    programm: Programm | None = None,
) -> Anfrage:
    """Without ``programm``: the only fitting open programme, else the default programme."""
    jugendliche = _lock_jugendliche(acting_user, jugendliche)
    check_text(bemerkung, max_length=NOTE_MAX, field="bemerkung")
    programm = programm or familien.default_programm(jugendliche)
    familien.check_programm(jugendliche, programm)
    scopes = consent.request_scopes(programm)
    missing = consent.missing_scopes(jugendliche, jugendliche.einwilligungen.all(), scopes)
    if missing:
        raise ValidationError(_missing_message(jugendliche, missing))
    if jugendliche.anfragen.filter(status__in=Anfrage.OPEN_STATES).exists():
        raise ValidationError(_("There is already an open request for this young person."))
    anfrage = Anfrage.objects.create(
        jugendliche=jugendliche,
        programm=programm,
        bemerkung=bemerkung.strip(),
        angefragt_von=acting_user,
    )
    audit_log(
        actor=acting_user,
        action="anfrage.create",
        obj=anfrage,
        details={"jugendliche": jugendliche.pk, "programm": programm.pk},
    )
    return anfrage


@transaction.atomic
def anfrage_status_set(*, acting_user: User, anfrage: Anfrage, status: str) -> Anfrage:
    """The one state machine of a request: staff may only withdraw, coordinators do the rest."""
    anfrage = (
        Anfrage.objects.select_for_update()
        .select_related("jugendliche__einrichtung")
        .get(pk=anfrage.pk)
    )
    coordinator = is_coordinator_of(acting_user, anfrage.jugendliche.einrichtung.region_id)
    if not coordinator and not (
        status == S.ZURUECKGEZOGEN and can_edit_jugendliche(acting_user, anfrage.jugendliche)
    ):
        raise PermissionDenied(_("You may not change the status of this request."))
    if status not in ANFRAGE_TRANSITIONS.get(anfrage.status, frozenset()):
        raise ValidationError(
            _("A request in status “%(old)s” cannot become “%(new)s”.")
            % {"old": anfrage.get_status_display(), "new": S(status).label}
        )
    old = anfrage.status
    now = timezone.now()
    anfrage.status = status
    anfrage.status_seit = now
    anfrage.abgeschlossen_am = None if status in Anfrage.OPEN_STATES else now
    anfrage.save(update_fields=["status", "status_seit", "abgeschlossen_am"])
    audit_log(
        actor=acting_user, action="anfrage.status", obj=anfrage, details={"from": old, "to": status}
    )
    return anfrage


@transaction.atomic
def hilfeplangespraech_create(
    *, acting_user: User, jugendliche: Jugendliche, **data: Any
) -> Hilfeplangespraech:
    _check_fields(data, HPG_FIELDS)
    jugendliche = _lock_jugendliche(acting_user, jugendliche)
    hpg = Hilfeplangespraech(
        jugendliche=jugendliche,
        created_by=acting_user,
        art=familien.gespraech_art(jugendliche),
        **data,
    )
    _validate_hpg(hpg)
    hpg.save()
    fassung_record(hpg.jugendliche, hpg)
    audit_log(
        actor=acting_user,
        action="hilfeplangespraech.create",
        obj=hpg,
        details={"jugendliche": jugendliche.pk, "geteilt": hpg.mit_wegbegleitung_geteilt},
    )
    return hpg


@transaction.atomic
def hilfeplangespraech_update(
    *, acting_user: User, hilfeplangespraech: Hilfeplangespraech, **data: Any
) -> Hilfeplangespraech:
    """Correct a record or change whether it is shared with the mentor (same rules as above)."""
    _check_fields(data, HPG_FIELDS)
    hpg = (
        Hilfeplangespraech.objects.select_for_update(of=("self",))
        .select_related("jugendliche__einrichtung")
        .get(pk=hilfeplangespraech.pk)
    )
    _check_edit(acting_user, hpg.jugendliche)
    changed = changed_fields(hpg, data)
    for name, value in data.items():
        setattr(hpg, name, value)
    _validate_hpg(hpg)
    hpg.save()
    fassung_record(hpg.jugendliche, hpg)
    audit_log(
        actor=acting_user,
        action="hilfeplangespraech.update",
        obj=hpg,
        details={"fields": changed, "geteilt": hpg.mit_wegbegleitung_geteilt},
    )
    return hpg


def _validate_hpg(hpg: Hilfeplangespraech) -> None:
    errors: dict[str, str] = {}
    if hpg.wegbegleiter_teilgenommen and not hpg.wegbegleiter_eingeladen:
        errors["wegbegleiter_teilgenommen"] = _("The mentor can only attend when invited.")
    if hpg.naechste_ueberpruefung is not None and hpg.naechste_ueberpruefung < hpg.datum:
        errors["naechste_ueberpruefung"] = _("The next review cannot be before the conference.")
    consents = list(hpg.jugendliche.einwilligungen.all())
    granted = consent.scope_granted
    if hpg.wegbegleiter_eingeladen and not granted(
        hpg.jugendliche, consents, Einwilligung.Bereich.HILFEPLAN
    ):
        errors["wegbegleiter_eingeladen"] = _missing_message(
            hpg.jugendliche, [Einwilligung.Bereich.HILFEPLAN]
        )
    if hpg.mit_wegbegleitung_geteilt and not granted(
        hpg.jugendliche, consents, Einwilligung.Bereich.DATENWEITERGABE
    ):
        errors["mit_wegbegleitung_geteilt"] = _missing_message(
            hpg.jugendliche, [Einwilligung.Bereich.DATENWEITERGABE]
        )
    if errors:
        raise ValidationError(errors)
    plausibility.check_hpg_dates(
        datum=hpg.datum,
        naechste_ueberpruefung=hpg.naechste_ueberpruefung,
        born=_earliest(hpg.jugendliche),
        today=timezone.localdate(),
        months_ahead=settings.WB_HPG_MAX_MONTHS_AHEAD,
        review_months=settings.WB_HPG_REVIEW_MAX_MONTHS,
    )
    hpg.full_clean(exclude=["jugendliche", "created_by"], validate_constraints=False)


def jugendliche_validate(jugendliche: Jugendliche) -> None:
    if jugendliche.nachname and not settings.WB_JUGENDLICHE_NACHNAME:
        raise ValidationError({"nachname": _("This organisation does not record surnames.")})
    jugendliche.full_clean(exclude=["einrichtung", "created_by"], validate_constraints=False)
    familien.check_art(jugendliche)
    geburtsjahr_validate(
        jugendliche.geburtsjahr,
        jugendliche.geburtsmonat,
        familie=jugendliche.art == Jugendliche.Art.FAMILIE,
    )


def geburtsjahr_validate(geburtsjahr: int, geburtsmonat: int = 1, *, familie: bool = False) -> None:
    """Young people and young adults up to 27 (einrichtungen.plausibility.check_birth); a
    family's youngest child may still be expected (WB_FAMILIE_GEBURT_MAX_MONATE_VORAUS)."""
    plausibility.check_birth(
        geburtsjahr=geburtsjahr,
        geburtsmonat=geburtsmonat,
        today=timezone.localdate(),
        months_ahead=settings.WB_FAMILIE_GEBURT_MAX_MONATE_VORAUS if familie else 0,
    )


def _earliest(jugendliche: Jugendliche) -> date:
    """The earliest plausible date of a consent or conversation: the birth month of a young
    person; for a family (parents consent, maybe before the birth) the oldest plausible one."""
    if jugendliche.is_familie:
        today = timezone.localdate()
        return date(today.year - plausibility.OLDEST_AGE, 1, 1)
    return plausibility.birth_month(jugendliche.geburtsjahr, jugendliche.geburtsmonat)


def _missing_message(jugendliche: Jugendliche, missing: list[str]) -> str:
    names = ", ".join(str(Einwilligung.Bereich(b).label) for b in missing)
    return _("Missing consent: %(scopes)s (to be given by %(who)s).") % {
        "scopes": names,
        "who": consent.needed_from(jugendliche),
    }


def _holder_message(jugendliche: Jugendliche, inhaber: str) -> str:
    if inhaber == Einwilligung.Inhaber.VOLLJAEHRIGE:
        return _("Only a young adult (from 18) consents as young adult.")
    if inhaber == Einwilligung.Inhaber.JUGENDLICHE:
        return _("A young person's own consent counts from %(age)s here.") % {
            "age": consent.consent_age_of(jugendliche)
        }
    return _("From 18 the young adult consents alone, not parents or Vormund.")


def _lock_jugendliche(acting_user: User, jugendliche: Jugendliche) -> Jugendliche:
    """Lock the stored row and decide on it, never on the caller's (possibly stale) instance:
    a facility, a move-out or a region changed in memory must not open someone else's record."""
    locked = (
        Jugendliche.objects.select_for_update(of=("self",))
        .select_related("einrichtung")
        .get(pk=jugendliche.pk)
    )
    _check_edit(acting_user, locked)
    return locked


def _check_edit(acting_user: User, jugendliche: Jugendliche) -> None:
    if not can_edit_jugendliche(acting_user, jugendliche):
        raise PermissionDenied(_("You may not change the records of this young person."))


def _check_fields(data: dict[str, Any], allowed: frozenset[str]) -> None:
    unknown = set(data) - allowed
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")


@transaction.atomic
def anfrage_reopen(*, acting_user: User, anfrage: Anfrage) -> bool:
    """The match proposed for the request was withdrawn because the mentor left (matching,
    issue 10 §1): the request waits for a mentor again. The mentor's own step causes this, so
    there is no coordinator check; only a request "in progress" goes back to "open"."""
    changed = Anfrage.objects.filter(pk=anfrage.pk, status=S.IN_BEARBEITUNG).update(
        status=S.OFFEN, status_seit=timezone.now(), abgeschlossen_am=None
    )
    if changed:
        audit_log(
            actor=acting_user,
            action="anfrage.status",
            obj=anfrage,
            details={"from": S.IN_BEARBEITUNG, "to": S.OFFEN},
        )
    return bool(changed)
