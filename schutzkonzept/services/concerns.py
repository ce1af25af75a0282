"""Concerns about a child's welfare (Verdachtsmeldung, § 8a SGB VIII).

Rules (DOMAIN.md "Safeguarding"):
- anyone reports: volunteers, facility staff, coordinators (logged in) and young people (a form
  without login); volunteers' path always leads to the child-protection leads;
- only the child-protection role sees reports; every opening is audited (views call
  ``meldung_open``);
- workflow: received -> risk assessment with the experienced specialist (named) -> decision and
  steps (facility informed, youth office informed, match suspended) -> closed; each step is
  stored with person and time; other transitions are refused and change nothing;
- the child-protection leads get an email at once (after commit, through the notification log),
  which names no contents: mail is not a safe place for them; the notice is stored in the
  report's transaction (outbox), so it reaches them once even when Redis was down at the time;
  above the young people's form's hourly cap they get one summary per hour instead;
- the audit trail names records and steps, never what was reported.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from einrichtungen.models import Einrichtung
from schutzkonzept import suspension
from schutzkonzept.flood import window_of
from schutzkonzept.models import Meldung, MeldungSchritt
from schutzkonzept.permissions import can_change_concern, can_report_concern, can_view_concern
from schutzkonzept.services.concern_access import meldung_access_refused
from wegbegleitung import outbox
from wegbegleitung.models import Region, User, Wegbegleiter
from wegbegleitung.notifications.delivery import notify
from wegbegleitung.notifications.registry import Due
from wegbegleitung.permissions import is_coordinator, regions_for
from wegbegleitung.roles import Role
from wegbegleitung.services.audit import audit_log, audit_read
from wegbegleitung.validation import REPORT_MAX, check_text

S = Meldung.Status
A = MeldungSchritt.Art

# Which step moves a concern from which status to which; everything else is refused.
TRANSITIONS: dict[str, tuple[str, str]] = {
    A.EINSCHAETZUNG_BEGONNEN: (S.EINGEGANGEN, S.EINSCHAETZUNG),
    A.EINGESCHAETZT: (S.EINSCHAETZUNG, S.ENTSCHEIDUNG),
    A.ABGESCHLOSSEN: (S.ENTSCHEIDUNG, S.ABGESCHLOSSEN),
}
# Steps recorded within a status without moving it.
MEASURES = {A.EINRICHTUNG_INFORMIERT, A.JUGENDAMT_INFORMIERT, A.BEGLEITUNG_AUSGESETZT}
NOTE_REQUIRED = {A.EINGESCHAETZT, A.ABGESCHLOSSEN, A.NOTIZ}


def _kanal_and_region(user: User) -> tuple[str, Region | None]:
    if user.has_role(Role.KINDERSCHUTZ) or is_coordinator(user):
        regions = list(regions_for(user)[:2])
        return Meldung.Kanal.KOORDINATION, regions[0] if len(regions) == 1 else None
    if user.has_role(Role.EINRICHTUNG):
        return Meldung.Kanal.EINRICHTUNG, None
    wegbegleiter = Wegbegleiter.objects.select_related("region").filter(user=user).first()
    return Meldung.Kanal.WEGBEGLEITUNG, wegbegleiter.region if wegbegleiter else None


@transaction.atomic
def meldung_report(
    *,
    acting_user: User | None,
    description: str,
    concerns_whom: str = "",
    contact: str = "",
    einrichtung: Einrichtung | None = None,
) -> Meldung:
    """A new concern; ``acting_user`` None is the young people's form.

    NUL characters are dropped rather than refused: a concern must never be lost over an
    invisible character that PostgreSQL cannot store.
    """
    description, concerns_whom, contact = (
        t.replace("\x00", "") for t in (description, concerns_whom, contact)
    )
    check_text(description, max_length=REPORT_MAX, field="description")
    if not description.strip():
        raise ValidationError({"description": _("Please describe what happened.")})
    kanal: str
    region: Region | None
    if acting_user is None:
        kanal, region = Meldung.Kanal.JUGENDLICHE, None
    elif not can_report_concern(acting_user):
        raise PermissionDenied(_("Please contact your coordinator to report a concern."))
    else:
        kanal, region = _kanal_and_region(acting_user)
    if einrichtung is not None:
        region = einrichtung.region
    meldung = Meldung.objects.create(
        kanal=kanal,
        reporter=acting_user,
        region=region,
        einrichtung=einrichtung,
        description=description.strip(),
        concerns_whom=concerns_whom.strip(),
        contact=contact.strip(),
    )
    _step(meldung, A.EINGANG, acting_user, "")
    audit_log(actor=acting_user, action="meldung.report", obj=meldung, details={"kanal": kanal})
    _announce(meldung)
    return meldung


def _announce(meldung: Meldung) -> None:
    """The leads' notice is stored with the report, so a broker outage cannot lose it
    (``wegbegleitung.outbox``); above the young people's form's hourly cap they get one summary
    instead (``schutzkonzept.flood``)."""
    from schutzkonzept.tasks import notify_concern, notify_concern_flood

    window = window_of(meldung)
    if window is None:
        outbox.enqueue(notify_concern, meldung.pk)
    else:
        outbox.enqueue(notify_concern_flood, window)


def _step(meldung: Meldung, art: str, user: User | None, note: str) -> MeldungSchritt:
    return MeldungSchritt.objects.create(
        meldung=meldung, art=art, by=user, by_label=str(user) if user else "", note=note
    )


def meldung_open(*, acting_user: User, meldung: Meldung) -> Meldung:
    """Every opening of a concern is audited."""
    if not can_view_concern(acting_user, meldung):
        meldung_access_refused(acting_user=acting_user, where="open", meldung_id=meldung.pk)
        raise PermissionDenied
    audit_read(actor=acting_user, obj=meldung)
    return meldung


@transaction.atomic
def meldung_record_step(
    *,
    acting_user: User,
    meldung: Meldung,
    art: str,
    note: str = "",
    specialist: str = "",
    begleitung_id: int | None = None,
) -> MeldungSchritt:
    """``begleitung_id``: the match the step "match suspended" suspends (through the seam)."""
    meldung = Meldung.objects.select_for_update().get(pk=meldung.pk)
    if not can_change_concern(acting_user, meldung):
        raise PermissionDenied
    note, specialist = note.strip(), specialist.strip()
    check_text(note, max_length=REPORT_MAX, field="note")
    check_text(specialist, max_length=200, field="specialist")
    _check_step(meldung, art, note, specialist)
    if art == A.BEGLEITUNG_AUSGESETZT:  # contact really stops until a lead lifts it
        suspension.suspend(acting_user=acting_user, meldung=meldung, begleitung_id=begleitung_id)
    if art in TRANSITIONS:
        meldung.status = TRANSITIONS[art][1]
        meldung.status_since = timezone.now()
        if specialist:
            meldung.specialist = specialist
        meldung.save(update_fields=["status", "status_since", "specialist"])
    schritt = _step(meldung, art, acting_user, note)
    audit_log(actor=acting_user, action="meldung.step", obj=meldung, details={"step": art})
    return schritt


def _check_step(meldung: Meldung, art: str, note: str, specialist: str) -> None:
    if meldung.status == S.ABGESCHLOSSEN:
        raise ValidationError(_("This concern is closed; nothing can be added."))
    if art in TRANSITIONS:
        if TRANSITIONS[art][0] != meldung.status:
            raise ValidationError(
                _("This step is not possible while the concern is “%(status)s”.")
                % {"status": meldung.get_status_display()}
            )
    elif art in MEASURES:
        if meldung.status != S.ENTSCHEIDUNG:
            raise ValidationError(
                _("Steps such as informing the facility are recorded after the risk assessment.")
            )
    elif art != A.NOTIZ:
        raise ValidationError(_("Unknown step."))
    if art == A.EINSCHAETZUNG_BEGONNEN and not specialist:
        raise ValidationError(
            {"specialist": _("Please name the experienced child-protection specialist.")}
        )
    if art in NOTE_REQUIRED and not note:
        raise ValidationError({"note": _("Please write down the result.")})


def meldung_notify_leads(*, meldung_id: int) -> int:
    """Mail the child-protection leads who may see the concern; returns how many were told."""
    meldung = Meldung.objects.filter(pk=meldung_id).first()
    if meldung is None:
        return 0
    leads = User.objects.filter(groups__name=Role.KINDERSCHUTZ, is_active=True)
    if meldung.region_id is not None:
        leads = leads.filter(Q(regions=meldung.region_id))
    lead_ids = sorted(set(leads.values_list("pk", flat=True)))
    if not lead_ids:
        return 0
    path = reverse("schutzkonzept:meldung_detail", args=[meldung.pk])
    context = {"kanal": str(meldung.get_kanal_display()), "url": f"{settings.SITE_URL}{path}"}
    notify(
        "concern_new",
        [
            Due(pk, "schutzkonzept.meldung", meldung.pk, "neu", meldung.region_id, context)
            for pk in lead_ids
        ],
    )
    return len(lead_ids)
