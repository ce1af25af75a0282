"""Volunteers: natural key the email address; the stage at most "in screening"."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from uebernahme.arten.common import results
from uebernahme.reading import Row
from uebernahme.rows import (
    CREATE,
    SKIP,
    Refused,
    RowResult,
    cell,
    messages_of,
    required,
)
from wegbegleitung.models import Bewerbung, Region, User, Wegbegleiter
from wegbegleitung.permissions import has_perm
from wegbegleitung.roles import Role
from wegbegleitung.services.audit import audit_log
from wegbegleitung.services.geo import coordinates_for
from wegbegleitung.services.roles import user_grant_role

S = Wegbegleiter.Status


# What the file may say about the stage, and the stage the import sets. The import never goes
# past "in screening": clearance (certificate, code of conduct, training) and the decision to
# accept happen in the platform, whatever the old spreadsheet said.
_STAGES = {
    "": S.INTERESSENT,
    "interessent": S.INTERESSENT,
    "interessiert": S.INTERESSENT,
    "beworben": S.IN_PRUEFUNG,
    "in_pruefung": S.IN_PRUEFUNG,
    "in prüfung": S.IN_PRUEFUNG,
    "verfuegbar": S.IN_PRUEFUNG,
    "verfügbar": S.IN_PRUEFUNG,
    "aktiv": S.IN_PRUEFUNG,
    "pausiert": S.IN_PRUEFUNG,
}
_NOT_IMPORTED = {"abgelehnt", "ausgeschieden"}
_SAFEGUARDING_LATER = {"verfuegbar", "verfügbar", "aktiv", "pausiert"}


def wegbegleiter_stage(text: str) -> str:
    stage = text.strip().lower()
    if stage in _NOT_IMPORTED:
        raise Refused(_("Declined or former volunteers are not imported (data minimisation)."))
    if stage not in _STAGES:
        raise Refused(
            _("Unknown stage “%(stage)s”; allowed: interessent, beworben, in_pruefung, verfuegbar.")
            % {"stage": text}
        )
    return _STAGES[stage]


def check_volunteers(user: User, region: Region, rows: Sequence[Row]) -> list[RowResult]:
    emails = {cell(r, "E-Mail").lower() for r in rows}
    taken = dict(
        User.objects.annotate(e=Lower("email"))
        .filter(e__in=emails)
        .values_list("e", "wegbegleiter__region_id")
    )

    def one(row: Row) -> RowResult:
        email = required(row, "E-Mail").lower()
        try:
            validate_email(email)
        except ValidationError as exc:
            raise Refused(_("“%(value)s” is not an email address.") % {"value": email}) from exc
        if email in taken:
            if taken[email] == region.pk:
                return RowResult(0, row, SKIP, _("Already in the platform; nothing to do."))
            raise Refused(_("This email address already belongs to another account."))
        first, last = required(row, "Vorname"), required(row, "Nachname")
        stage = wegbegleiter_stage(cell(row, "Stufe"))
        plan = {"email": email, "first": first, "last": last, "status": stage,
                "phone": cell(row, "Telefon"), "plz": cell(row, "PLZ"), "ort": cell(row, "Ort")}  # fmt: skip
        _validate_bewerbung(plan)
        result = RowResult(0, row, CREATE, _volunteer_summary(plan), plan=plan)
        if stage == S.IN_PRUEFUNG:
            result.notes.append(
                _(
                    "Certificate of conduct, code of conduct, training and the decision follow in "
                    "the platform: safeguarding facts are never imported."
                )  # fmt: skip
            )
        if cell(row, "Stufe").lower() in _SAFEGUARDING_LATER:
            result.notes.append(
                _(
                    "The file says “%(stage)s”; imported as “Screening” until cleared in the "
                    "platform."
                )
                % {"stage": cell(row, "Stufe")}  # fmt: skip
            )
        return result

    return results(rows, lambda r: (cell(r, "E-Mail").lower(),), one)


def _volunteer_summary(plan: dict[str, Any]) -> str:
    return _("Volunteer %(first)s %(last)s <%(email)s>, stage “%(stage)s”") % {
        "first": plan["first"],
        "last": plan["last"],
        "email": plan["email"],
        "stage": S(plan["status"]).label,
    }


def _validate_bewerbung(plan: dict[str, Any]) -> None:
    bewerbung = Bewerbung(phone=plan["phone"], postal_code=plan["plz"], city=plan["ort"])
    try:
        # its constraints concern fields an import never sets (checked again on create)
        bewerbung.full_clean(exclude=["wegbegleiter"], validate_constraints=False)
    except ValidationError as exc:
        raise Refused(messages_of(exc)) from exc


def wegbegleiter_uebernehmen(
    acting_user: User, region: Region, plan: dict[str, Any]
) -> Wegbegleiter:
    """Create the volunteer's account (no password: they set one with "forgot password") with
    the stage the import allows. The account gets the volunteer role, nothing more."""
    if not has_perm(acting_user, "wegbegleitung.change_wegbegleiter"):
        raise PermissionDenied(_("You may not import volunteers."))
    user = User.objects.create_user(
        plan["email"], None, first_name=plan["first"], last_name=plan["last"]
    )
    user_grant_role(acting_user=acting_user, user=user, role=Role.WEGBEGLEITUNG)
    wegbegleiter = Wegbegleiter.objects.create(
        user=user, region=region, status=plan["status"],
        status_reason=_("Imported from a spreadsheet."),
    )  # fmt: skip
    coords = coordinates_for(country=region.country, postal_code=plan["plz"])
    Bewerbung.objects.create(
        wegbegleiter=wegbegleiter, phone=plan["phone"], postal_code=plan["plz"],
        city=plan["ort"], latitude=coords[0] if coords else None,
        longitude=coords[1] if coords else None,
    )  # fmt: skip
    audit_log(
        actor=acting_user, action="wegbegleiter.import", obj=wegbegleiter,
        details={"status": plan["status"], "region": region.pk},
    )  # fmt: skip
    return wegbegleiter
