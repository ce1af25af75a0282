"""The volunteer's application and profile.

Rules: the application is saved as a draft at any point (only what is entered is checked);
it is submitted when complete, with a message for every missing part (DOMAIN.md step 1). The
application names the programmes applied for (``application_programmes``: the only open
programme, or the applicant's choice when several are open); the commitment asked for is the
longest minimum commitment (``Programm.mindestengagement_monate``) among them. On submission the
programmes applied for become the volunteer's Programmteilnahme rows (docs/programmes.md); a
coordinator may change them later. The postal code gives
approximate coordinates (services.geo); an unknown code is accepted. Every change is audited
with the names of the changed fields, never their values.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from programme.models import Programm
from programme.rules import standard, standard_id
from wegbegleitung.models import (
    Bewerbung,
    Interesse,
    Programmteilnahme,
    Region,
    User,
    Wegbegleiter,
)
from wegbegleitung.permissions import is_own_wegbegleiter
from wegbegleitung.services.audit import audit_log, changed_fields
from wegbegleitung.services.geo import coordinates_for
from wegbegleitung.services.volunteer_path import wegbegleiter_transition

S = Wegbegleiter.Status


def bewerbung_of(wegbegleiter: Wegbegleiter) -> Bewerbung:
    """The volunteer's application, or an unsaved empty one."""
    try:
        return wegbegleiter.bewerbung
    except Bewerbung.DoesNotExist:
        return Bewerbung(wegbegleiter=wegbegleiter)


def bewerbung_missing(wegbegleiter: Wegbegleiter) -> list[str]:
    """What still has to be filled in before the application can be submitted."""
    b = bewerbung_of(wegbegleiter)
    user = wegbegleiter.user
    programmes = application_programmes(b)
    months = min_commitment_months(programmes)
    checks = [
        (bool(programmes), _("the programme you apply for")),
        (bool(user.first_name and user.last_name), _("your first and last name")),
        (wegbegleiter.region_id is not None, _("the region you want to be active in")),
        (bool(b.phone), _("a phone number")),
        (bool(b.postal_code), _("your postal code")),
        (bool(b.motivation.strip()), _("your motivation")),
        (bool(b.language_list), _("the languages you speak")),
        (b.pk is not None and (b.interests.exists() or bool(b.interests_other)),
         _("at least one interest")),
        (bool(b.weekdays) and bool(b.times_of_day), _("your availability (weekdays and times)")),
        (b.mentee_age_min is not None and b.mentee_age_max is not None,
         _("the age range of the young person")),
        (bool(b.mobility), _("how you get around")),
        ((b.commitment_months or 0) >= months,
         _("a commitment of at least %(months)d months") % {"months": months}),
    ]  # fmt: skip
    return [str(message) for ok, message in checks if not ok]


def open_programmes() -> list[Programm]:
    """The programmes one may apply for: the open ones, else the default programme."""
    return list(Programm.objects.filter(aktiv=True)) or [standard()]


def application_programmes(bewerbung: Bewerbung) -> list[Programm]:
    """The programmes applied for: the choice, else the only open programme; [] while a
    choice among several open programmes is missing."""
    chosen = list(bewerbung.programme.all()) if bewerbung.pk else []
    if chosen:
        return chosen
    candidates = open_programmes()
    return candidates if len(candidates) == 1 else []


def min_commitment_months(programmes: Iterable[Programm]) -> int:
    """The longest minimum commitment among ``programmes`` (the default's when none)."""
    found = [p.mindestengagement_monate for p in programmes]
    return max(found) if found else standard().mindestengagement_monate


@transaction.atomic
def bewerbung_save(
    *,
    acting_user: User,
    wegbegleiter: Wegbegleiter,
    first_name: str,
    last_name: str,
    region: Region | None,
    data: dict[str, Any],
    interests: Iterable[Interesse],
    programme: Iterable[Programm] | None = None,
) -> Bewerbung:
    """Save the application as it is (draft), or the profile after submission. ``programme``
    (the programmes applied for) is only changed before submission and only to open ones."""
    _check_may_edit(acting_user, wegbegleiter)
    bewerbung = bewerbung_of(wegbegleiter)
    changed = changed_fields(bewerbung, data) if bewerbung.pk else sorted(data)
    for name, value in data.items():
        setattr(bewerbung, name, value)
    _locate(bewerbung, region or wegbegleiter.region)
    bewerbung.updated_at = timezone.now()
    bewerbung.full_clean()
    bewerbung.save()
    bewerbung.interests.set(list(interests))
    if programme is not None and bewerbung.submitted_at is None:
        changed += _set_programmes(bewerbung, list(programme))
    changed += _save_person(wegbegleiter, first_name, last_name, region)
    audit_log(
        actor=acting_user, action="bewerbung.save", obj=bewerbung, details={"fields": changed}
    )
    return bewerbung


def _set_programmes(bewerbung: Bewerbung, programme: list[Programm]) -> list[str]:
    if any(not p.aktiv for p in programme):
        raise ValidationError(_("This programme takes no new volunteers."))
    before = set(bewerbung.programme.values_list("pk", flat=True))
    bewerbung.programme.set(programme)
    return ["programme"] if before != {p.pk for p in programme} else []


def _check_may_edit(acting_user: User, wegbegleiter: Wegbegleiter) -> None:
    if not is_own_wegbegleiter(acting_user, wegbegleiter):
        raise PermissionDenied(_("Only the volunteer edits their own application."))
    if wegbegleiter.status in {S.AUSGESCHIEDEN, S.ABGELEHNT}:
        raise ValidationError(_("This application is closed and can no longer be changed."))


def _locate(bewerbung: Bewerbung, region: Region | None) -> None:
    coords = coordinates_for(
        country=region.country if region else None, postal_code=bewerbung.postal_code
    )
    bewerbung.latitude, bewerbung.longitude = coords if coords else (None, None)


def _save_person(
    wegbegleiter: Wegbegleiter, first_name: str, last_name: str, region: Region | None
) -> list[str]:
    user = wegbegleiter.user
    changed = changed_fields(user, {"first_name": first_name, "last_name": last_name})
    if changed:
        user.first_name, user.last_name = first_name, last_name
        user.save(update_fields=["first_name", "last_name"])
    # The region is chosen with the application; afterwards its coordinators are responsible.
    if region is not None and wegbegleiter.status == S.INTERESSENT:
        if wegbegleiter.region_id != region.pk:
            changed.append("region")
        wegbegleiter.region = region
        wegbegleiter.save(update_fields=["region"])
    return changed


@transaction.atomic
def bewerbung_submit(*, acting_user: User, wegbegleiter: Wegbegleiter) -> Bewerbung:
    """Submit the complete application: the volunteer moves to "application submitted"."""
    wegbegleiter_transition(acting_user=acting_user, wegbegleiter=wegbegleiter, action="submit")
    bewerbung = Bewerbung.objects.select_for_update().get(wegbegleiter=wegbegleiter)
    bewerbung.submitted_at = timezone.now()
    bewerbung.save(update_fields=["submitted_at"])
    _serve_in_applied_programmes(acting_user, wegbegleiter, application_programmes(bewerbung))
    return bewerbung


def _serve_in_applied_programmes(
    acting_user: User, wegbegleiter: Wegbegleiter, programmes: list[Programm]
) -> None:
    """The programmes applied for become the volunteer's; only the default programme needs no
    row (no rows already means the default programme)."""
    if [p.pk for p in programmes] == [standard_id()]:
        return
    existing = set(wegbegleiter.programmteilnahmen.values_list("programm_id", flat=True))
    added = sorted(p.pk for p in programmes if p.pk not in existing)
    Programmteilnahme.objects.bulk_create(
        Programmteilnahme(wegbegleiter=wegbegleiter, programm_id=pk) for pk in added
    )
    if added:
        audit_log(
            actor=acting_user,
            action="wegbegleiter.programmes",
            obj=wegbegleiter,
            details={"added": added, "removed": []},
        )
