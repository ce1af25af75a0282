"""Memberships of the network and standing-in requests (issue 15 §2).

Rules:
- coordinators of a region keep the memberships of its network (admin): one membership in force
  per provider and network; leaving sets a date, the history stays;
- staff of a member provider post a standing-in request for their provider, valid from today for
  at most ``REQUEST_MAX_DAYS`` days; other members of the same network answer while it is valid.
  Requests and answers are seen only inside the network and disappear from it when they expire;
  the retention schedule deletes them later (``netzwerk.personal_data``);
- requests name a need, never a young person (the form says so; nothing links to one);
- every write is one transaction and audited without the text.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from einrichtungen.models import Traeger
from netzwerk import permissions
from netzwerk.models import Einspringanfrage, Einspringantwort, Mitgliedschaft
from wegbegleitung.models import Region, User
from wegbegleitung.outbox import enqueue
from wegbegleitung.services.audit import audit_log

# a standing-in request is for an emergency, not a standing advertisement
REQUEST_MAX_DAYS = 60


@transaction.atomic
def mitgliedschaft_save(*, acting_user: User, mitgliedschaft: Mitgliedschaft) -> Mitgliedschaft:
    """A coordinator of the network's region adds or changes a membership."""
    if not permissions.can_manage_mitgliedschaft(acting_user, mitgliedschaft):
        raise PermissionDenied(_("You may only keep the networks of your own regions."))
    created = mitgliedschaft.pk is None
    if not created:
        old = Mitgliedschaft.objects.select_for_update().get(pk=mitgliedschaft.pk)
        if not permissions.can_manage_mitgliedschaft(acting_user, old):
            raise PermissionDenied(_("You may only keep the networks of your own regions."))
    mitgliedschaft.full_clean()
    mitgliedschaft.save()
    audit_log(actor=acting_user,
              action=f"mitgliedschaft.{'create' if created else 'change'}", obj=mitgliedschaft,
              details={"left": bool(mitgliedschaft.ausgetreten_am)})  # fmt: skip
    return mitgliedschaft


def _check_validity(gueltig_bis: date, today: date) -> None:
    if gueltig_bis < today:
        raise ValidationError(_("The request must be valid at least until today."))
    if gueltig_bis > today + timedelta(days=REQUEST_MAX_DAYS):
        raise ValidationError(
            _("A standing-in request is valid for at most %(days)d days.")
            % {"days": REQUEST_MAX_DAYS}
        )


@transaction.atomic
def einspringanfrage_create(
    *, acting_user: User, region: Region, traeger: Traeger, bezirk: str, bedarf: str,
    gueltig_bis: date,
) -> Einspringanfrage:  # fmt: skip
    """A member provider's staff asks the network for help."""
    if traeger.pk not in permissions.posting_traeger_ids(acting_user, region.pk):
        raise PermissionDenied(_("You may only ask for your own provider in its networks."))
    _check_validity(gueltig_bis, timezone.localdate())
    if not bedarf.strip():
        raise ValidationError(_("Please describe what is needed."))
    anfrage = Einspringanfrage(
        region=region, traeger=traeger, bezirk=bezirk.strip(), bedarf=bedarf.strip(),
        gueltig_bis=gueltig_bis, erstellt_von=acting_user,
    )  # fmt: skip
    anfrage.full_clean()
    anfrage.save()
    audit_log(actor=acting_user, action="einspringanfrage.create", obj=anfrage,
              details={"valid_until": gueltig_bis.isoformat()})  # fmt: skip
    return anfrage


@transaction.atomic
def einspringantwort_create(
    *, acting_user: User, anfrage: Einspringanfrage, traeger: Traeger, text: str
) -> Einspringantwort:
    """Another member answers a request while it is valid; the asking staff member is told."""
    from netzwerk.tasks import notify_antwort

    locked = Einspringanfrage.objects.select_for_update().get(pk=anfrage.pk)
    if not permissions.can_answer_einspringanfrage(acting_user, locked):
        raise PermissionDenied(_("You can't answer this request."))
    allowed = permissions.posting_traeger_ids(acting_user, locked.region_id) - {locked.traeger_id}
    if traeger.pk not in allowed:
        raise PermissionDenied(_("You may only answer for your own provider."))
    if not text.strip():
        raise ValidationError(_("Please write your answer."))
    antwort = Einspringantwort(
        anfrage=locked, traeger=traeger, text=text.strip(), erstellt_von=acting_user
    )
    antwort.full_clean()
    antwort.save()
    audit_log(actor=acting_user, action="einspringantwort.create", obj=antwort)
    enqueue(notify_antwort, antwort.pk)
    return antwort
