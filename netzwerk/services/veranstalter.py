"""A member provider organises its own events on the network's pages (issue 15 §2: providers
"open their trainings and meetings to each other's staff").

Rules (besides those of ``veranstaltungen.veranstaltung_save``, which stores the event):
- the leads of a member provider's facilities organise for that provider
  (``permissions.can_organise_for``); the organiser stays that provider, the network that of
  its membership;
- a provider plans ahead: a new event starts in the future; it is changed only before it starts
  and never after it was called off (calling off and attendance reuse
  ``veranstaltungen.veranstaltung_call_off`` and ``anmeldung_attendance_record``);
- only an event open to our volunteers counts as training hours (staff have none with us);
- the audience can't shut out people who hold a place or wait for one: they would lose sight
  of an event they are registered for;
- the places can't be cut below those already taken (``veranstaltung_save``, event row locked).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from netzwerk import permissions
from netzwerk.models import Anmeldung, Veranstaltung
from netzwerk.services.veranstaltungen import veranstaltung_save
from wegbegleitung.models import User

St = Anmeldung.Status


def _check_audience(v: Veranstaltung) -> None:
    if v.zaehlt_als_schulung and not v.for_volunteers:
        raise ValidationError(
            _("Only an event open to our volunteers can count as training hours.")
        )
    if v.pk is None:
        return
    active = Anmeldung.objects.filter(
        veranstaltung_id=v.pk, status__in=[St.ANGEMELDET, St.WARTELISTE]
    )
    if not v.for_volunteers and active.filter(wegbegleiter__isnull=False).exists():
        raise ValidationError(
            _("Our volunteers are registered already: the event must stay open to them.")
        )
    if not v.for_staff and active.filter(user__isnull=False).exists():
        raise ValidationError(
            _("Partner staff are registered already: the event must stay open to them.")
        )


@transaction.atomic
def veranstaltung_provider_save(
    *, acting_user: User, veranstaltung: Veranstaltung
) -> Veranstaltung:
    """A lead of the organising member provider creates or changes its event before it starts."""
    v = veranstaltung
    if not permissions.can_organise_for(acting_user, v.veranstalter_id, v.region_id):
        raise PermissionDenied(_("You may only organise events of your own provider."))
    now = timezone.now()
    if v.pk is not None:
        locked = Veranstaltung.objects.select_for_update().get(pk=v.pk)
        if not permissions.can_organise_for(acting_user, locked.veranstalter_id, locked.region_id):
            raise PermissionDenied(_("You may only organise events of your own provider."))
        if locked.abgesagt_am is not None:
            raise ValidationError(_("This event has been called off."))
        if locked.beginn <= now:
            raise ValidationError(_("This event has already started."))
    if v.beginn <= now:
        raise ValidationError(_("The event must start in the future."))
    _check_audience(v)
    return veranstaltung_save(acting_user=acting_user, veranstaltung=v)
