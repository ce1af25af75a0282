"""Certificate inspections, safeguarding trainings and confirmation letters.

Rules:
- § 72a(5) SGB VIII: of a criminal-record certificate only the fact of inspection (who, when),
  the date of issue and whether a relevant conviction is listed are stored; nothing else exists
  to store it in.
- Only the current inspection is kept (§ 72a(5) SGB VIII): recording a newer one deletes the
  older ones in the same transaction, with the notices about them; a backdated inspection older
  than the current one is refused.
- At inspection the certificate may be at most WB_CERTIFICATE_MAX_AGE_MONTHS old (3, common
  practice); it cannot be issued after the inspection or inspected in the future.
- The certificate type and the letter's legal wording follow the region's country (DE § 30a
  BZRG, AT § 10(1a) StRegG, CH Art. 371a StGB).
- Letters are made as PDF by a Celery task after commit, stored privately.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from schutzkonzept.dates import add_months
from schutzkonzept.models import (
    ZEUGNISART_FOR_COUNTRY,
    Antragsbestaetigung,
    Fuehrungszeugnis,
    Schutzschulung,
)
from schutzkonzept.pdf import render_pdf, store_private
from schutzkonzept.permissions import (
    can_record_safeguarding,
    can_record_training,
    can_request_letter,
)
from schutzkonzept.services.deletion import superseded_delete
from wegbegleitung import outbox
from wegbegleitung.models import Country, User, Wegbegleiter
from wegbegleitung.services.audit import audit_log
from wegbegleitung.validation import PlausibleDate, add_years, check_between, check_text

TRAINING_PAST_YEARS = 10  # an older attendance is a typing error, not a record to keep


def _locked(wegbegleiter: Wegbegleiter) -> Wegbegleiter:
    """The stored volunteer row, locked: permission, region and country are decided on it,
    never on the caller's (possibly stale or altered) instance."""
    return (
        Wegbegleiter.objects.select_for_update(of=("self",))
        .select_related("region")
        .get(pk=wegbegleiter.pk)
    )


def _country_of(wegbegleiter: Wegbegleiter) -> str:
    if wegbegleiter.region is None:
        raise ValidationError(
            _("The volunteer has no region yet; the region's country decides the certificate.")
        )
    return wegbegleiter.region.country


def validate_certificate_dates(*, issued_on: date, inspected_on: date) -> None:
    today = timezone.localdate()
    if inspected_on > today:
        raise ValidationError({"inspected_on": _("The inspection cannot be in the future.")})
    # An expired inspection may still be entered (it shows as expired and is renewed), but one
    # older than two re-inspection periods is a typing error (year 1 would also break the
    # calendar arithmetic below).
    oldest_inspection = add_years(today, -2 * settings.WB_CERTIFICATE_VALID_YEARS)
    check_between(inspected_on, earliest=oldest_inspection, latest=today, field="inspected_on")
    if issued_on > inspected_on:
        raise ValidationError({"issued_on": _("The date of issue cannot be after the inspection.")})
    oldest = add_months(inspected_on, -settings.WB_CERTIFICATE_MAX_AGE_MONTHS)
    if issued_on < oldest:
        raise ValidationError(
            {
                "issued_on": _(
                    "The certificate is older than %(months)s months at inspection (issued "
                    "before %(oldest)s). Please ask for a new one."
                )
                % {
                    "months": settings.WB_CERTIFICATE_MAX_AGE_MONTHS,
                    "oldest": date_format(oldest, "SHORT_DATE_FORMAT"),
                }
            }
        )


@transaction.atomic
def fuehrungszeugnis_record(
    *,
    acting_user: User,
    wegbegleiter: Wegbegleiter,
    issued_on: date,
    relevant_conviction: bool,
    inspected_on: date | None = None,
) -> Fuehrungszeugnis:
    wegbegleiter = _locked(wegbegleiter)
    if not can_record_safeguarding(acting_user, wegbegleiter):
        raise PermissionDenied(_("You may not record certificates for this volunteer."))
    inspected_on = inspected_on or timezone.localdate()
    validate_certificate_dates(issued_on=issued_on, inspected_on=inspected_on)
    validate_newest_inspection(wegbegleiter=wegbegleiter, inspected_on=inspected_on)
    zeugnis = Fuehrungszeugnis.objects.create(
        wegbegleiter=wegbegleiter,
        art=ZEUGNISART_FOR_COUNTRY[Country(_country_of(wegbegleiter))],
        inspected_on=inspected_on,
        inspected_by=acting_user,
        issued_on=issued_on,
        relevant_conviction=relevant_conviction,
    )
    # the audit trail must outlive the certificate data, so it names no dates and no result
    audit_log(
        actor=acting_user,
        action="fuehrungszeugnis.record",
        obj=zeugnis,
        details={"wegbegleiter": wegbegleiter.pk},
    )
    # only the current inspection may be kept (§ 72a(5) SGB VIII): the older ones go now
    superseded_delete(wegbegleiter=wegbegleiter)
    return zeugnis


def validate_newest_inspection(*, wegbegleiter: Wegbegleiter, inspected_on: date) -> None:
    """A backdated inspection would be superseded (and deleted) the moment it is recorded."""
    later = Fuehrungszeugnis.objects.filter(
        wegbegleiter=wegbegleiter, inspected_on__gt=inspected_on
    ).exists()
    if later:
        raise ValidationError(
            {
                "inspected_on": _(
                    "A later inspection is already recorded; only the current inspection is "
                    "kept, so this one would be deleted at once."
                )
            }
        )


# What a coordinator is shown when a relevant conviction is listed.
CONVICTION_NEXT_STEPS = [
    gettext_lazy("Do not propose or activate a match for this person; clearance is impossible."),
    gettext_lazy("Inform the child-protection lead of your region today."),
    gettext_lazy(
        "Decline the application with a neutral reason; do not name the conviction in writing."
    ),
    gettext_lazy(
        "Do not copy or note the certificate's contents anywhere; the inspection data are "
        "deleted on schedule."
    ),
]


@transaction.atomic
def schutzschulung_record(
    *, acting_user: User, wegbegleiter: Wegbegleiter, attended_on: date, title: str = ""
) -> Schutzschulung:
    wegbegleiter = _locked(wegbegleiter)
    if not can_record_training(acting_user, wegbegleiter):
        raise PermissionDenied(_("You may not record trainings for this volunteer."))
    if attended_on > timezone.localdate():
        raise ValidationError({"attended_on": _("A training cannot be recorded in advance.")})
    try:
        PlausibleDate(past_years=TRAINING_PAST_YEARS)(attended_on)
    except ValidationError as exc:
        raise ValidationError({"attended_on": exc.messages}) from exc
    check_text(title, max_length=200, field="title")
    schulung = Schutzschulung.objects.create(
        wegbegleiter=wegbegleiter,
        attended_on=attended_on,
        title=title.strip(),
        recorded_by=acting_user,
    )
    audit_log(
        actor=acting_user,
        action="schutzschulung.record",
        obj=schulung,
        details={"wegbegleiter": wegbegleiter.pk},
    )
    return schulung


@transaction.atomic
def antragsbestaetigung_create(
    *, acting_user: User, wegbegleiter: Wegbegleiter
) -> Antragsbestaetigung:
    wegbegleiter = _locked(wegbegleiter)
    if not can_request_letter(acting_user, wegbegleiter):
        raise PermissionDenied(_("You may not request a confirmation letter for this person."))
    letter = Antragsbestaetigung.objects.create(
        wegbegleiter=wegbegleiter,
        country=_country_of(wegbegleiter),
        requested_by=acting_user,
    )
    audit_log(
        actor=acting_user,
        action="antragsbestaetigung.create",
        obj=letter,
        details={"wegbegleiter": wegbegleiter.pk},
    )
    from schutzkonzept.tasks import render_antragsbestaetigung

    outbox.enqueue(render_antragsbestaetigung, letter.pk)
    return letter


LETTER_TEMPLATES = {
    Country.DE: "schutzkonzept/pdf/antragsbestaetigung_de.html",
    Country.AT: "schutzkonzept/pdf/antragsbestaetigung_at.html",
    Country.CH: "schutzkonzept/pdf/antragsbestaetigung_ch.html",
}


def antragsbestaetigung_render(*, letter_id: int) -> bool:
    """Make the letter's PDF once; False when there is nothing (more) to do."""
    with transaction.atomic():
        letter = (
            Antragsbestaetigung.objects.select_for_update(of=("self",))
            .select_related("wegbegleiter__user", "wegbegleiter__region", "requested_by")
            .filter(pk=letter_id)
            .first()
        )
        if letter is None or letter.pdf:
            return False
        content = render_pdf(
            LETTER_TEMPLATES[Country(letter.country)],
            {
                "letter": letter,
                "person": letter.wegbegleiter.user,
                "region": letter.wegbegleiter.region,
                "today": timezone.localdate(),
            },
        )
        letter.pdf = store_private("antragsbestaetigung", content)
        letter.save(update_fields=["pdf"])
        audit_log(actor=None, action="antragsbestaetigung.render", obj=letter)
    return True
