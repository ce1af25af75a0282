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

Per programme (docs/programmes.md, "The volunteer side"): each programme says which of the three
steps it requires (``Programm.fuehrungszeugnis_noetig``, ``verhaltenskodex_noetig``,
``schutzschulung_noetig``). "Cleared for programme P" means the steps P requires are done. Without
a programme the question is the strictest one: every step that any of the volunteer's programmes
requires (the default programme when they serve in none). A certificate that lists a relevant
conviction blocks clearance in every programme, also in one that does not ask for a certificate:
§ 72a SGB VIII excludes the person, not the paperwork.

Both functions evaluate the same database expressions (``_annotate_parts`` with the required
steps as ``clearance_needs_*``), so a list and a single volunteer can never disagree.
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
    ExpressionWrapper,
    IntegerField,
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

from programme.models import Programm
from schutzkonzept.dates import add_months, last_date_reaching
from wegbegleitung.models import Programmteilnahme, Wegbegleiter
from wegbegleitung.programmes import programmes_of
from wegbegleitung.safeguarding import Answer

# The three steps and the programme flag that requires each one.
_STEPS = {
    "certificate": "fuehrungszeugnis_noetig",
    "code": "verhaltenskodex_noetig",
    "training": "schutzschulung_noetig",
}


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


def _needed_by_any_programme(flag: str) -> Q:
    """SQL: one of the volunteer's programmes requires the step (the default one if none)."""
    own = Programmteilnahme.objects.filter(wegbegleiter=OuterRef("pk"))
    default_requires = Programm.objects.filter(standard=True, **{flag: True})
    return Q(Exists(own.filter(**{f"programm__{flag}": True}))) | (
        ~Q(Exists(own)) & Q(Exists(default_requires))
    )


def _needs(programm: Programm | None) -> dict[str, Any]:
    """Which steps are required, as expressions: the programme's flags, or any programme's."""
    result: dict[str, Any] = {
        "clearance_programm": Value(programm.pk if programm else 0, output_field=IntegerField())
    }
    for step, flag in _STEPS.items():
        result[f"clearance_needs_{step}"] = (
            Value(bool(getattr(programm, flag)), output_field=BooleanField())
            if programm is not None
            else ExpressionWrapper(_needed_by_any_programme(flag), output_field=BooleanField())
        )
    return result


def _annotate_parts(
    qs: QuerySet[Wegbegleiter],
    today: date,
    *,
    selected: bool = True,
    programm: Programm | None = None,
) -> QuerySet[Wegbegleiter]:
    """The parts of clearance and the steps ``programm`` requires (None: the strictest of the
    volunteer's programmes) as annotations (``selected``) or as aliases only for filtering."""
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
        **_needs(programm),
    )


def _cleared_condition(today: date) -> Q:
    expired_if_issued_on_or_before = last_date_reaching(
        today, 12 * settings.WB_CERTIFICATE_VALID_YEARS
    )
    certificate_valid = Q(clearance_issued_on__gt=expired_if_issued_on_or_before) & Q(
        clearance_conviction=False
    )
    # a listed conviction blocks every programme (a NULL conviction is no certificate at all)
    no_conviction = Q(clearance_conviction=False) | Q(clearance_conviction__isnull=True)
    return (
        ((Q(clearance_needs_certificate=False) & no_conviction) | certificate_valid)
        & (Q(clearance_needs_code=False) | Q(clearance_code_signed=True))
        & (Q(clearance_needs_training=False) | Q(clearance_training_done=True))
    )


def annotate_clearance(
    qs: QuerySet[Wegbegleiter], programm: Programm | None = None
) -> QuerySet[Wegbegleiter]:
    """Adds ``is_cleared`` to every row in the same query (no extra query per row): cleared
    for ``programm``, or (None) for every programme the volunteer serves in."""
    today = timezone.localdate()
    return _annotate_parts(qs, today, programm=programm).annotate(
        # Case, not a bare condition: a missing certificate is NULL in SQL, and "not cleared"
        # must be False (so that filter(is_cleared=False) finds it), never unknown
        is_cleared=Case(
            When(_cleared_condition(today), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def clearance_for(wegbegleiter: Wegbegleiter, programm: Programm | None = None) -> Clearance:
    """The clearance of one volunteer for ``programm`` (None: for every programme they serve
    in, i.e. every step any of them requires), with the reasons it is missing.

    Uses the annotations when ``wegbegleiter`` comes from ``annotate_clearance`` with the same
    programme (no query), otherwise one query.
    """
    row: Any = wegbegleiter
    wanted = programm.pk if programm is not None else 0
    if getattr(row, "clearance_programm", None) != wanted:
        row = _annotate_parts(
            Wegbegleiter.objects.filter(pk=wegbegleiter.pk),
            timezone.localdate(),
            programm=programm,
        ).get()
    return _explain(row, timezone.localdate())


def clearances_by_programme(wegbegleiter: Wegbegleiter) -> list[tuple[Programm, Clearance]]:
    """The volunteer's clearance for each programme they serve in (for their path and the
    portal): one query for the parts, the programmes' own steps applied to them in turn."""
    row: Any = _annotate_parts(
        Wegbegleiter.objects.filter(pk=wegbegleiter.pk), timezone.localdate()
    ).get()
    result = []
    for programm in programmes_of(wegbegleiter):
        for step, flag in _STEPS.items():
            setattr(row, f"clearance_needs_{step}", bool(getattr(programm, flag)))
        result.append((programm, _explain(row, timezone.localdate())))
    return result


def _explain(row: Any, today: date) -> Clearance:
    missing: list[str] = []
    valid_until = None
    if row.clearance_issued_on is not None:
        valid_until = certificate_valid_until(row.clearance_issued_on)
    missing += _certificate_missing(row, valid_until, today)
    if row.clearance_needs_code and not row.clearance_code_published:
        missing.append(_("No code of conduct has been published yet"))
    elif row.clearance_needs_code and not row.clearance_code_signed:
        missing.append(_("Current code of conduct signed"))
    if row.clearance_needs_training and not row.clearance_training_done:
        missing.append(_("Safeguarding training attended"))
    return Clearance(
        cleared=not missing,
        missing=missing,
        conviction_listed=bool(row.clearance_conviction),
        certificate_valid_until=valid_until,
    )


def _certificate_missing(row: Any, valid_until: date | None, today: date) -> list[str]:
    if row.clearance_conviction:
        return [_("The certificate lists a relevant conviction: clearance is not possible.")]
    if not row.clearance_needs_certificate:
        return []
    if valid_until is None:
        return [_("Extended criminal-record certificate inspected and valid")]
    if valid_until <= today:
        return [
            _("The certificate expired on %(date)s: a new one must be inspected.")
            % {"date": date_format(valid_until, "SHORT_DATE_FORMAT")}
        ]
    return []


def only_cleared(
    qs: QuerySet[Wegbegleiter], programm: Programm | None = None
) -> QuerySet[Wegbegleiter]:
    """``qs`` narrowed to the volunteers cleared for ``programm`` (None: for all their
    programmes), for suggestions and proposals, with ``is_cleared`` (True on every row).

    The same parts and condition as ``annotate_clearance``, but only in the WHERE clause: as
    annotations PostgreSQL would run every subquery a second time per row for the selected
    columns, and a region's candidate list has thousands of rows. The bare condition drops
    exactly the rows the ``Case`` makes False (a NULL part is not true either)."""
    today = timezone.localdate()
    return (
        _annotate_parts(qs, today, selected=False, programm=programm)
        .filter(_cleared_condition(today))
        .annotate(is_cleared=Value(True, output_field=BooleanField()))
    )


def path_answer(wegbegleiter: Wegbegleiter, programm: Programm | None = None) -> Answer:
    """The answer for the volunteer's path (``wegbegleitung.safeguarding``, filled in ready())."""
    result = clearance_for(wegbegleiter, programm)
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
