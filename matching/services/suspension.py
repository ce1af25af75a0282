"""Suspending a match for a concern, and lifting the suspension (§ 8a SGB VIII).

Rules (DOMAIN.md "Safeguarding": "match suspended — which really stops contact until a lead
lifts it"):
- the concern step "match suspended" (schutzkonzept, through ``schutzkonzept.suspension``)
  opens an ``Aussetzung`` on the match the child-protection lead chose, in the step's
  transaction: who, when, for which concern;
- while it is open no meeting is logged or corrected (``records.treffen_*``) and the portal
  tells the mentor that contact is paused, and to contact the coordinator — never why;
- only a child-protection lead of the match's region lifts it (``permissions``), with a reason;
  the match then simply continues in its state;
- permissions are decided on the locked match row; every step is audited without contents.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from matching.models import Aussetzung, Begleitung
from matching.permissions import can_lift_suspension, can_suspend_begleitung
from schutzkonzept.models import Meldung
from schutzkonzept.suspension import Kandidat, Stand
from wegbegleitung.models import User
from wegbegleitung.services.audit import audit_log


def _lock(begleitung_id: int) -> Begleitung:
    return (
        Begleitung.objects.select_for_update(of=("self",))
        .select_related("jugendliche__einrichtung", "wegbegleiter__user")
        .get(pk=begleitung_id)
    )


def open_suspension(begleitung: Begleitung) -> Aussetzung | None:
    return begleitung.aussetzungen.filter(aufgehoben_am__isnull=True).first()


def begleitung_suspend(*, acting_user: User, meldung: Meldung, begleitung_id: int) -> Aussetzung:
    """Called inside the concern step's transaction (``meldung_record_step``)."""
    try:
        locked = _lock(begleitung_id)
    except Begleitung.DoesNotExist as exc:
        raise ValidationError({"begleitung_id": _("Please choose the match to suspend.")}) from exc
    if not can_suspend_begleitung(acting_user, locked):
        raise PermissionDenied(_("You may not suspend this match."))
    if not locked.is_open:
        raise ValidationError({"begleitung_id": _("This match has already ended.")})
    if open_suspension(locked) is not None:
        raise ValidationError({"begleitung_id": _("This match is already suspended.")})
    aussetzung = Aussetzung.objects.create(begleitung=locked, meldung=meldung, by=acting_user)
    audit_log(
        actor=acting_user,
        action="begleitung.suspend",
        obj=locked,
        details={"meldung": meldung.pk, "aussetzung": aussetzung.pk},
    )
    return aussetzung


@transaction.atomic
def begleitung_suspension_lift(
    *, acting_user: User, begleitung: Begleitung, note: str
) -> Aussetzung:
    locked = _lock(begleitung.pk)
    if not can_lift_suspension(acting_user, locked):
        raise PermissionDenied(_("Only a child-protection lead lifts a suspension."))
    aussetzung = (
        Aussetzung.objects.select_for_update()
        .filter(begleitung=locked, aufgehoben_am__isnull=True)
        .first()
    )
    if aussetzung is None:
        raise ValidationError(_("This match is not suspended."))
    if not note.strip():
        raise ValidationError({"aufhebung_notiz": _("Please write down why contact may resume.")})
    aussetzung.aufgehoben_am = timezone.now()
    aussetzung.aufgehoben_von = acting_user
    aussetzung.aufhebung_notiz = note.strip()
    aussetzung.save(update_fields=["aufgehoben_am", "aufgehoben_von", "aufhebung_notiz"])
    audit_log(
        actor=acting_user,
        action="begleitung.suspension_lift",
        obj=locked,
        details={"meldung": aussetzung.meldung_id, "aussetzung": aussetzung.pk},
    )
    return aussetzung


class SuspensionProvider:
    """What ``schutzkonzept.suspension`` asks of matching (registered in ``apps.ready``)."""

    def candidates(self, *, meldung: Meldung, user: User) -> list[Kandidat]:
        from matching.lists import suspension_candidates

        return [
            Kandidat(b.pk, f"{b.wegbegleiter} – {b.jugendliche.vorname} ({b.get_status_display()})")
            for b in suspension_candidates(meldung=meldung, user=user)
        ]

    def suspensions(self, *, meldung: Meldung) -> list[Stand]:
        rows = Aussetzung.objects.filter(meldung=meldung).select_related(
            "begleitung__wegbegleiter__user", "begleitung__jugendliche"
        )
        return [
            Stand(
                label=f"{a.begleitung.wegbegleiter} – {a.begleitung.jugendliche.vorname}",
                seit=a.seit,
                aufgehoben_am=a.aufgehoben_am,
                url=reverse("admin:matching_aussetzung_change", args=[a.pk]),
            )
            for a in rows
        ]

    def suspend(self, *, acting_user: User, meldung: Meldung, begleitung_id: int) -> None:
        begleitung_suspend(acting_user=acting_user, meldung=meldung, begleitung_id=begleitung_id)
