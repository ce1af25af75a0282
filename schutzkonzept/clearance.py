"""Clearance (Freigabe): may this volunteer meet a child? The one place that answers.

DOMAIN.md: a volunteer is cleared when the current certificate inspection is valid, the current
code of conduct is signed and the safeguarding training is done. Clearance is derived, never typed.
Everything that decides "may this volunteer meet a child" (suggestions, proposals, activation,
showing a young person's details) calls ``clearance_for`` or ``annotate_clearance``.

Rules, with their settings:
- the current certificate inspection is the latest one (by inspection date); it is valid when no
  relevant conviction is listed and it was issued less than WB_CERTIFICATE_VALID_YEARS ago
  (validity ends on the anniversary of the date of issue);
- the current code of conduct is the published version with the highest number; an older
  signature does not count;
- a safeguarding training has been attended (on or before today).

Both functions evaluate the same database expressions (``_annotate_parts``), so a list and a
single volunteer can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from schutzkonzept.dates import add_months, last_date_reaching
from wegbegleitung.models import Wegbegleiter
from wegbegleitung.safeguarding import Answer


@dataclass(frozen=True)
class Clearance:
    cleared: bool
    missing: list[str] = field(default_factory=list)  # translated reasons, shown to people
    conviction_listed: bool = False  # clearance is impossible; the coordinator must act
    certificate_valid_until: date | None = None  # the first day it is no longer valid

    @property
    def certificate_last_valid_day(self) -> date | None:
        if self.certificate_valid_until is None:
            return None
        return self.certificate_valid_until - timedelta(days=1)


def certificate_valid_until(issued_on: date) -> date:
    """The first day on which a certificate issued on ``issued_on`` is no longer valid."""
    return add_months(issued_on, 12 * settings.WB_CERTIFICATE_VALID_YEARS)


def _latest_inspection() -> Any:
    from schutzkonzept.models import Fuehrungszeugnis

    return Fuehrungszeugnis.objects.filter(wegbegleiter=OuterRef("pk")).order_by(
        "-inspected_on", "-id"
    )


def _annotate_parts(
    qs: QuerySet[Wegbegleiter], today: date, *, selected: bool = True
) -> QuerySet[Wegbegleiter]:
    """The parts of clearance as annotations (``selected``) or as aliases only for filtering."""
    from schutzkonzept.models import Schutzschulung, Unterzeichnung, Verhaltenskodex

    current_version = (
        Verhaltenskodex.objects.filter(published_at__isnull=False)
        .order_by("-version")
        .values("pk")[:1]
    )
    add = qs.annotate if selected else qs.alias
    return add(
        clearance_issued_on=Subquery(_latest_inspection().values("issued_on")[:1]),
        clearance_conviction=Subquery(_latest_inspection().values("relevant_conviction")[:1]),
        clearance_code_published=Exists(current_version),
        clearance_code_signed=Exists(
            Unterzeichnung.objects.filter(
                wegbegleiter=OuterRef("pk"), verhaltenskodex=Subquery(current_version)
            )
        ),
        clearance_training_done=Exists(
            Schutzschulung.objects.filter(wegbegleiter=OuterRef("pk"), attended_on__lte=today)
        ),
    )


def _cleared_condition(today: date) -> Q:
    expired_if_issued_on_or_before = last_date_reaching(
        today, 12 * settings.WB_CERTIFICATE_VALID_YEARS
    )
    return (
        Q(clearance_issued_on__gt=expired_if_issued_on_or_before)
        & Q(clearance_conviction=False)
        & Q(clearance_code_signed=True)
        & Q(clearance_training_done=True)
    )


def annotate_clearance(qs: QuerySet[Wegbegleiter]) -> QuerySet[Wegbegleiter]:
    """Adds ``is_cleared`` to every row in the same query (no extra query per row)."""
    today = timezone.localdate()
    return _annotate_parts(qs, today).annotate(
        # Case, not a bare condition: a missing certificate is NULL in SQL, and "not cleared"
        # must be False (so that filter(is_cleared=False) finds it), never unknown
        is_cleared=Case(
            When(_cleared_condition(today), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def clearance_for(wegbegleiter: Wegbegleiter) -> Clearance:
    """The clearance of one volunteer, with the reasons it is missing.

    Uses the annotations when ``wegbegleiter`` comes from ``annotate_clearance`` (no query),
    otherwise one query.
    """
    row: Any = wegbegleiter
    if not hasattr(row, "clearance_training_done"):
        row = _annotate_parts(
            Wegbegleiter.objects.filter(pk=wegbegleiter.pk), timezone.localdate()
        ).get()
    return _explain(row, timezone.localdate())


def _explain(row: Any, today: date) -> Clearance:
    missing: list[str] = []
    valid_until = None
    if row.clearance_issued_on is None:
        missing.append(_("Extended criminal-record certificate inspected and valid"))
    else:
        valid_until = certificate_valid_until(row.clearance_issued_on)
        if row.clearance_conviction:
            missing.append(
                _("The certificate lists a relevant conviction: clearance is not possible.")
            )
        elif valid_until <= today:
            missing.append(
                _("The certificate expired on %(date)s: a new one must be inspected.")
                % {"date": date_format(valid_until, "SHORT_DATE_FORMAT")}
            )
    if not row.clearance_code_published:
        missing.append(_("No code of conduct has been published yet"))
    elif not row.clearance_code_signed:
        missing.append(_("Current code of conduct signed"))
    if not row.clearance_training_done:
        missing.append(_("Safeguarding training attended"))
    return Clearance(
        cleared=not missing,
        missing=missing,
        conviction_listed=bool(row.clearance_conviction),
        certificate_valid_until=valid_until,
    )


def only_cleared(qs: QuerySet[Wegbegleiter]) -> QuerySet[Wegbegleiter]:
    """``qs`` narrowed to the cleared volunteers (for suggestions and proposals), with
    ``is_cleared`` (True on every row).

    The same parts and condition as ``annotate_clearance``, but only in the WHERE clause: as
    annotations PostgreSQL would run every subquery a second time per row for the selected
    columns, and a region's candidate list has thousands of rows. The bare condition drops
    exactly the rows the ``Case`` makes False (a NULL part is not true either)."""
    today = timezone.localdate()
    return (
        _annotate_parts(qs, today, selected=False)
        .filter(_cleared_condition(today))
        .annotate(is_cleared=Value(True, output_field=BooleanField()))
    )


def path_answer(wegbegleiter: Wegbegleiter) -> Answer:
    """The answer for the volunteer's path (``wegbegleitung.safeguarding``, filled in ready())."""
    result = clearance_for(wegbegleiter)
    return Answer(result.cleared, [str(m) for m in result.missing])


def certificate_expiring_soon(
    qs: QuerySet[Wegbegleiter], *, today: date | None = None
) -> QuerySet[Wegbegleiter]:
    """Cleared volunteers whose certificate ends within three months: its re-inspection is due.
    ``qs`` must be annotated by ``annotate_clearance``."""
    return _certificate_ending_by(qs, add_months(today or timezone.localdate(), 3))


def certificate_ending_days() -> int:
    """How many days ahead the coordinator's home warns of an ending certificate: the same
    ``WB_CERTIFICATE_REMINDER_FIRST_DAYS`` (60) at which the first renewal reminder goes out."""
    days: int = settings.WB_CERTIFICATE_REMINDER_FIRST_DAYS
    return days


def certificate_ending_within(
    qs: QuerySet[Wegbegleiter], *, days: int | None = None, today: date | None = None
) -> QuerySet[Wegbegleiter]:
    """Cleared volunteers whose certificate ends within ``days`` (default
    :func:`certificate_ending_days`; ``qs`` annotated by ``annotate_clearance``)."""
    ahead = certificate_ending_days() if days is None else days
    return _certificate_ending_by(qs, (today or timezone.localdate()) + timedelta(days=ahead))


def _certificate_ending_by(qs: QuerySet[Wegbegleiter], day: date) -> QuerySet[Wegbegleiter]:
    years = settings.WB_CERTIFICATE_VALID_YEARS
    return qs.filter(
        Q(is_cleared=True) & Q(clearance_issued_on__lte=last_date_reaching(day, 12 * years))
    )


# Volunteers on the path or active: the code of conduct and the certificate concern them.
_ON_THE_PATH = (
    Wegbegleiter.Status.BEWORBEN,
    Wegbegleiter.Status.IN_PRUEFUNG,
    Wegbegleiter.Status.VERFUEGBAR,
    Wegbegleiter.Status.PAUSIERT,
)


def certificate_to_inspect(qs: QuerySet[Wegbegleiter]) -> QuerySet[Wegbegleiter]:
    """Applicants in screening without an inspected certificate yet (annotated ``qs``)."""
    in_screening = (Wegbegleiter.Status.BEWORBEN, Wegbegleiter.Status.IN_PRUEFUNG)
    return qs.filter(Q(status__in=in_screening) & Q(clearance_issued_on__isnull=True))


def code_not_signed(qs: QuerySet[Wegbegleiter]) -> QuerySet[Wegbegleiter]:
    """Volunteers on the path or active who have not signed the current code (annotated)."""
    return qs.filter(
        Q(status__in=_ON_THE_PATH)
        & Q(clearance_code_published=True)
        & Q(clearance_code_signed=False)
    )
