"""The agreement and its confirmations.

Rules: written in the agreement step, it cannot change once someone confirmed it; each party
confirms where it works (matching.permissions.can_confirm); the PDF is made after commit by a
Celery task and states who confirmed when.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from matching.models import Begleitung, Bestaetigung, Partei, Vereinbarung
from matching.permissions import can_confirm
from matching.services.lifecycle import TRANSITIONS, TransitionRefused, check_source
from matching.services.records._common import S, lock_begleitung, manage_begleitung
from wegbegleitung import outbox
from wegbegleitung.models import User
from wegbegleitung.services.audit import audit_log


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
    locked = manage_begleitung(acting_user, begleitung)
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
    locked = lock_begleitung(begleitung)
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
