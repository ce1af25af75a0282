"""Reads about volunteers: the checklist, screening progress, the pipeline, supervision due.

The safeguarding step asks ``schutzkonzept.clearance.clearance_for`` (the one place that decides
clearance) through the seam ``wegbegleitung.safeguarding``; nothing here rebuilds it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import (
    Count,
    DecimalField,
    Exists,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Sum,
)
from django.db.models.functions import Coalesce, Greatest, TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wegbegleitung import safeguarding
from wegbegleitung.models import (
    AuditEvent,
    Entscheidung,
    Erstgespraech,
    Referenz,
    Region,
    Schulungsteilnahme,
    SupervisionEinladung,
    User,
    Wegbegleiter,
)
from wegbegleitung.permissions import region_ids_for

S = Wegbegleiter.Status
ACCEPTED = {S.VERFUEGBAR, S.PAUSIERT}


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    done: bool
    summary: str
    next_action: str = ""
    details: list[str] = field(default_factory=list)
    link_url: str = ""  # where the volunteer takes this step, if in the platform
    link_label: str = ""


def training_hours(wegbegleiter: Wegbegleiter) -> Decimal:
    """Hours of attended training; an attendance without own hours counts the whole session."""
    total = Schulungsteilnahme.objects.filter(wegbegleiter=wegbegleiter, attended=True).aggregate(
        total=Sum(Coalesce("hours", "termin__hours"), output_field=DecimalField())
    )["total"]
    return Decimal(total or 0)


def interview_done(wegbegleiter: Wegbegleiter) -> bool:
    return any(
        e.outcome == Erstgespraech.Outcome.POSITIVE for e in wegbegleiter.erstgespraeche.all()
    )


def references_missing(wegbegleiter: Wegbegleiter) -> list[str]:
    positive = {
        r.kind for r in wegbegleiter.referenzen.all() if r.outcome == Referenz.Outcome.POSITIVE
    }
    return [str(kind.label) for kind in Referenz.Kind if kind not in positive]


def screening_missing(wegbegleiter: Wegbegleiter) -> list[str]:
    """What must be done before an applicant can be accepted (EEP and Schutzkonzept)."""
    missing: list[str] = []
    if not interview_done(wegbegleiter):
        missing.append(_("a first interview with a positive outcome"))
    for kind in references_missing(wegbegleiter):
        missing.append(_("a positive reference (%(kind)s)") % {"kind": kind})
    if training_hours(wegbegleiter) < settings.WB_TRAINING_MIN_HOURS:
        missing.append(
            _("at least %(hours)s hours of training") % {"hours": settings.WB_TRAINING_MIN_HOURS}
        )
    result = safeguarding.clearance_of(wegbegleiter)
    if not result.cleared:
        missing.append(
            _("safeguarding clearance (%(missing)s)")
            % {"missing": ", ".join(str(m) for m in result.missing)}
        )
    return missing


def checklist_for(wegbegleiter: Wegbegleiter) -> list[Step]:
    """The volunteer's own path, step by step, with what they have to do next."""
    from wegbegleitung.services.application import bewerbung_missing, bewerbung_of

    bewerbung = bewerbung_of(wegbegleiter)
    return [
        _step_application(bewerbung.submitted_at is not None, bewerbung_missing(wegbegleiter)),
        _step_interview(wegbegleiter),
        _step_references(wegbegleiter),
        _step_training(training_hours(wegbegleiter)),
        _step_safeguarding(wegbegleiter),
        _step_decision(wegbegleiter),
    ]


def _step_application(submitted: bool, missing: list[str]) -> Step:
    title = _("Application")
    if submitted:
        return Step("application", title, True, _("Submitted."))
    return Step(
        "application", title, False, _("Not submitted yet."),
        _("Complete your application and submit it."), [*missing],
    )  # fmt: skip


def _step_interview(wegbegleiter: Wegbegleiter) -> Step:
    title = _("First interview")
    if interview_done(wegbegleiter):
        return Step("interview", title, True, _("Done."))
    if wegbegleiter.erstgespraeche.all():
        return Step(
            "interview",
            title,
            False,
            _("A further conversation is needed."),
            _("Your coordinator will contact you about another appointment."),
        )
    return Step("interview", title, False, _("Not yet held."),
                _("After your application your coordinator invites you to a personal "
                  "conversation."))  # fmt: skip


def _step_references(wegbegleiter: Wegbegleiter) -> Step:
    title = _("References")
    missing = references_missing(wegbegleiter)
    if not missing:
        return Step("references", title, True, _("Both references given."))
    return Step(
        "references", title, False, _("Still open: %(kinds)s") % {"kinds": ", ".join(missing)},
        _("Name one personal and one professional reference to your coordinator; "
          "they will contact them."),
    )  # fmt: skip


def _step_training(hours: Decimal) -> Step:
    title = _("Training")
    minimum, target = settings.WB_TRAINING_MIN_HOURS, settings.WB_TRAINING_TARGET_HOURS
    summary = _("%(hours)s of at least %(min)s hours (target: %(target)s hours)") % {
        "hours": _hours(hours), "min": minimum, "target": target,
    }  # fmt: skip
    if hours >= minimum:
        return Step("training", title, True, summary)
    return Step(
        "training",
        title,
        False,
        summary,
        _("Take part in the training sessions your coordinator offers."),
    )


def _step_safeguarding(wegbegleiter: Wegbegleiter) -> Step:
    title = _("Safeguarding")
    result = safeguarding.clearance_of(wegbegleiter)
    url, label = reverse("schutzkonzept:uebersicht"), _("To safeguarding")
    if result.cleared:
        return Step("safeguarding", title, True, _("Cleared."), link_url=url, link_label=label)
    return Step(
        "safeguarding", title, False, _("Not cleared yet."), _("Please see to the following:"),
        [str(m) for m in result.missing], link_url=url, link_label=label,
    )  # fmt: skip


def _step_decision(wegbegleiter: Wegbegleiter) -> Step:
    title = _("Decision")
    decision = _latest_decision(wegbegleiter)
    if decision is not None and decision.outcome == Entscheidung.Outcome.ACCEPT:
        return Step("decision", title, True, _("Accepted: welcome as a mentor!"))
    if wegbegleiter.status == S.ZURUECKGESTELLT:
        return Step(
            "decision",
            title,
            False,
            _("Deferred for now."),
            _("Your coordinator will tell you when and how it goes on."),
        )
    if wegbegleiter.status == S.ABGELEHNT:
        return Step(
            "decision",
            title,
            False,
            _("Not accepted."),
            _("Your coordinator has told you the reasons."),
        )
    return Step("decision", title, False, _("Open."),
                _("Once all steps are done, your coordinator decides."))  # fmt: skip


def _latest_decision(wegbegleiter: Wegbegleiter) -> Entscheidung | None:
    decisions = list(wegbegleiter.entscheidungen.all())
    return decisions[0] if decisions else None


def _hours(value: Decimal) -> str:
    text = f"{value.normalize():f}" if value else "0"
    return text.replace(".", ",")


def wegbegleiter_for_checklist(*, user: User) -> Wegbegleiter:
    """The logged-in volunteer's own record, with what the checklist reads prefetched."""
    return (
        Wegbegleiter.objects.select_related("region", "user", "bewerbung")
        .prefetch_related("erstgespraeche", "referenzen", "entscheidungen", "bewerbung__interests")
        .get(user=user)
    )


def pipeline_list_for(*, user: User) -> QuerySet[Wegbegleiter]:
    """Volunteers of the user's regions, with what the pipeline list shows, in one query."""
    qs = Wegbegleiter.objects.select_related("user", "region", "bewerbung")
    if not user.is_superuser:
        qs = qs.filter(region__in=region_ids_for(user))
    return qs


def stage_counts(qs: QuerySet[Wegbegleiter]) -> dict[str, int]:
    rows = qs.order_by().values("status").annotate(n=Count("id"))
    counts = {str(status): 0 for status in S}
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


def days_in_stage(wegbegleiter: Wegbegleiter, now: date | None = None) -> int:
    today = now or timezone.localdate()
    return (today - timezone.localtime(wegbegleiter.status_since).date()).days


def supervision_due_list(
    *, in_active_match: Iterable[int], today: date | None = None
) -> QuerySet[Wegbegleiter]:
    """Volunteers in an active match whose last attended supervision is too long ago.

    ``in_active_match`` are the ids of volunteers with an active match (the matching app knows
    them). The clock starts at the later of the last attended session and the day the activity
    started, so a new mentor is not overdue on their first day.
    """
    cutoff = (today or timezone.localdate()) - timedelta(
        weeks=settings.WB_SUPERVISION_INTERVAL_WEEKS
    )
    return (
        Wegbegleiter.objects.filter(pk__in=list(in_active_match))
        .annotate(
            last_supervision=TruncDate(
                Max(
                    "supervision_einladungen__supervision__starts_at",
                    filter=Q(supervision_einladungen__attended=True),
                )
            ),
        )
        .annotate(
            supervision_clock=Greatest(
                Coalesce("last_supervision", "activity_started_on"),
                Coalesce("activity_started_on", "last_supervision"),
            )
        )
        .filter(Q(supervision_clock__isnull=True) | Q(supervision_clock__lt=cutoff))
        .select_related("user", "region")
    )


def supervision_einladungen_for(*, wegbegleiter: Wegbegleiter) -> QuerySet[SupervisionEinladung]:
    return (
        SupervisionEinladung.objects.filter(wegbegleiter=wegbegleiter)
        .select_related("supervision")
        .order_by("-supervision__starts_at")
    )


def exit_requested(qs: QuerySet[Wegbegleiter]) -> QuerySet[Wegbegleiter]:
    """Volunteers whose request to leave (or to delete their account) waits for the coordinator."""
    return qs.exclude(exit_requested=Wegbegleiter.ExitStep.NONE)


# The applicants whose screening is still open (the steps below apply to them).
IN_SCREENING = (S.BEWORBEN, S.IN_PRUEFUNG)


def interview_pending(qs: QuerySet[Wegbegleiter]) -> QuerySet[Wegbegleiter]:
    """Applicants without a first interview with a positive outcome (``interview_done``)."""
    positive = Erstgespraech.objects.filter(
        wegbegleiter=OuterRef("pk"), outcome=Erstgespraech.Outcome.POSITIVE
    )
    return qs.filter(status__in=IN_SCREENING).exclude(Exists(positive))


def references_pending(qs: QuerySet[Wegbegleiter]) -> QuerySet[Wegbegleiter]:
    """Applicants still missing a positive reference of some kind (``references_missing``)."""
    missing = Q()
    for kind in Referenz.Kind:
        positive = Referenz.objects.filter(
            wegbegleiter=OuterRef("pk"), kind=kind, outcome=Referenz.Outcome.POSITIVE
        )
        missing |= Q(~Exists(positive))
    return qs.filter(status__in=IN_SCREENING).filter(missing)


# --- the audit trail --------------------------------------------------------------------------


def audit_events_for(*, user: User) -> QuerySet[AuditEvent]:
    """The trail a coordinator reads: what the people of their regions did (coordinators,
    volunteers, the staff of the regions' facilities). Another region's trail names that
    region's people and records, so it stays with that region; operators see all of it."""
    events = AuditEvent.objects.all()
    if user.is_superuser:
        return events
    regions = list(region_ids_for(user))
    # the people as three sets of ids, each read from its own relation table by region, not as
    # one join of the users with all three (its ORs kept PostgreSQL from using any index, and
    # every page of the trail asks several questions of this scope; issue 13)
    coordinators = Region.coordinators.through.objects.filter(region_id__in=regions)
    volunteers = Wegbegleiter.objects.filter(region_id__in=regions)
    # a facility's staff are its staff group's members (einrichtungen names the relation)
    staff = User.groups.through.objects.filter(group__einrichtung__region__in=regions)
    return events.filter(
        Q(actor_id__in=coordinators.values("user_id"))
        | Q(actor_id__in=volunteers.values("user_id"))
        | Q(actor_id__in=staff.values("user_id"))
    )
