"""Reads about volunteers: the checklist, screening progress, the pipeline, supervision due.

The safeguarding step asks ``schutzkonzept.clearance.clearance_for`` (the one place that decides
clearance) through the seam ``wegbegleitung.safeguarding``; nothing here rebuilds it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce, Greatest, TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from programme.models import Programm
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
from wegbegleitung.programmes import (
    Ausbildung,
    programmes_of,
    supervision_intervals,
    supervision_weeks_sql,
    training_per_programme,
    with_programmes,
)

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
    """What must be done before an applicant can be accepted (EEP and Schutzkonzept).

    Training and clearance are measured per programme (``wegbegleitung.programmes``): the
    applicant may be accepted once they are trained and cleared for at least one of the
    programmes they serve in; until then every programme's open steps are listed."""
    missing: list[str] = []
    if not interview_done(wegbegleiter):
        missing.append(_("a first interview with a positive outcome"))
    for kind in references_missing(wegbegleiter):
        missing.append(_("a positive reference (%(kind)s)") % {"kind": kind})
    per_programme = readiness_missing(wegbegleiter)
    if all(per_programme.values()):
        several = len(per_programme) > 1
        for programm, items in per_programme.items():
            missing += [_programme_prefixed(programm, item) if several else item for item in items]
    return missing


def readiness_missing(wegbegleiter: Wegbegleiter) -> dict[Programm, list[str]]:
    """Per programme of the volunteer: the training and safeguarding steps still open for it."""
    hours = training_hours(wegbegleiter)
    result: dict[Programm, list[str]] = {}
    for stand in training_per_programme(wegbegleiter, hours):
        items: list[str] = []
        if not stand.trained:
            items.append(_("at least %(hours)s hours of training") % {"hours": stand.minimum})
        answer = safeguarding.clearance_of(wegbegleiter, stand.programm)
        if not answer.cleared:
            items.append(
                _("safeguarding clearance (%(missing)s)")
                % {"missing": ", ".join(str(m) for m in answer.missing)}
            )
        result[stand.programm] = items
    return result


@dataclass(frozen=True)
class ProgrammStand:
    """Where the volunteer stands in one programme (plain values: the portal remembers them)."""

    name: str
    trained: bool
    training: str
    cleared: bool
    missing: list[str]


def programme_states_for(wegbegleiter: Wegbegleiter) -> list[ProgrammStand]:
    """Per programme the volunteer serves in: trained by its minimum, cleared by its steps."""
    hours = training_hours(wegbegleiter)
    result = []
    for stand in training_per_programme(wegbegleiter, hours):
        answer = safeguarding.clearance_of(wegbegleiter, stand.programm)
        result.append(
            ProgrammStand(
                stand.programm.name,
                stand.trained,
                _training_text(stand),
                answer.cleared,
                [str(m) for m in answer.missing],
            )  # fmt: skip
        )
    return result


def _programme_prefixed(programm: Programm, text: str) -> str:
    return _("%(programme)s: %(step)s") % {"programme": programm.name, "step": text}


def checklist_for(wegbegleiter: Wegbegleiter) -> list[Step]:
    """The volunteer's own path, step by step, with what they have to do next."""
    from wegbegleitung.services.application import bewerbung_missing, bewerbung_of

    bewerbung = bewerbung_of(wegbegleiter)
    return [
        _step_application(bewerbung.submitted_at is not None, bewerbung_missing(wegbegleiter)),
        _step_interview(wegbegleiter),
        _step_references(wegbegleiter),
        _step_training(training_per_programme(wegbegleiter, training_hours(wegbegleiter))),
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


def _step_training(stands: list[Ausbildung]) -> Step:
    """Trained once the minimum of one programme is reached; with several programmes the
    details say, per programme, how far the volunteer is and which is not reachable yet."""
    title = _("Training")
    done = any(stand.trained for stand in stands)
    if len(stands) == 1:
        summary, details = _training_text(stands[0]), []
    else:
        summary = _("Trained for %(count)s of %(total)s programmes") % {
            "count": sum(stand.trained for stand in stands), "total": len(stands),
        }  # fmt: skip
        details = [_programme_training_line(stand) for stand in stands]
    if all(stand.trained for stand in stands):
        return Step("training", title, done, summary, details=details)
    return Step(
        "training", title, done, summary,
        _("Take part in the training sessions your coordinator offers."), details,
    )  # fmt: skip


def _training_text(stand: Ausbildung) -> str:
    return _("%(hours)s of at least %(min)s hours (target: %(target)s hours)") % {
        "hours": _hours(stand.hours), "min": stand.minimum, "target": stand.target,
    }  # fmt: skip


def _programme_training_line(stand: Ausbildung) -> str:
    state = _("reached") if stand.trained else _("not yet reached")
    return _("%(programme)s: %(hours)s of at least %(min)s hours (%(state)s)") % {
        "programme": stand.programm.name, "hours": _hours(stand.hours),
        "min": stand.minimum, "state": state,
    }  # fmt: skip


def _step_safeguarding(wegbegleiter: Wegbegleiter) -> Step:
    title = _("Safeguarding")
    url, label = reverse("schutzkonzept:uebersicht"), _("To safeguarding")
    programmes = programmes_of(wegbegleiter)
    if len(programmes) > 1:
        return _step_safeguarding_per_programme(wegbegleiter, programmes, url, label)
    result = safeguarding.clearance_of(wegbegleiter)
    if result.cleared:
        return Step("safeguarding", title, True, _("Cleared."), link_url=url, link_label=label)
    return Step(
        "safeguarding", title, False, _("Not cleared yet."), _("Please see to the following:"),
        [str(m) for m in result.missing], link_url=url, link_label=label,
    )  # fmt: skip


def _step_safeguarding_per_programme(
    wegbegleiter: Wegbegleiter, programmes: list[Programm], url: str, label: str
) -> Step:
    """Cleared for each programme by its own steps; the step is done once one is cleared."""
    answers = [(p, safeguarding.clearance_of(wegbegleiter, p)) for p in programmes]
    details = [
        _programme_prefixed(p, _("cleared") if a.cleared else ", ".join(a.missing))
        for p, a in answers
    ]
    cleared = sum(a.cleared for _p, a in answers)
    summary = _("Cleared for %(count)s of %(total)s programmes") % {
        "count": cleared, "total": len(answers),
    }  # fmt: skip
    action = "" if cleared == len(answers) else _("Please see to the following:")
    return Step(
        "safeguarding", _("Safeguarding"), cleared > 0, summary, action, details,
        link_url=url, link_label=label,
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
        with_programmes(Wegbegleiter.objects.select_related("region", "user", "bewerbung"))
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
    *, in_active_match: Iterable[int] | QuerySet[Any], today: date | None = None
) -> QuerySet[Wegbegleiter]:
    """Volunteers in an active match whose last attended supervision is too long ago.

    ``in_active_match`` are the volunteers with an active match (the matching app knows them),
    as ids or as a subquery of ids. The clock (``supervision_clock``) starts at the later of the
    last attended session and the day the activity started, so a new mentor is not overdue on
    their first day. "Too long" is the volunteer's own interval (``supervision_weeks``: the
    shortest of their matches' programmes, see ``wegbegleitung.programmes``).

    One query. The clock lies before an interval's cut-off exactly when neither the activity's
    start nor an attended session lies on or after it; with one cut-off per interval (the
    programmes have a handful) that is an index lookup per volunteer against a constant, and the
    clock itself is read only for the volunteers found due.
    """
    day = today or timezone.localdate()
    ids = in_active_match if isinstance(in_active_match, QuerySet) else list(in_active_match)
    intervals = supervision_intervals()
    late = Q(pk__in=[])
    for weeks in intervals:
        cutoff = day - timedelta(weeks=weeks)
        since = timezone.make_aware(datetime.combine(cutoff, time.min))
        attended = SupervisionEinladung.objects.filter(
            wegbegleiter=OuterRef("pk"), attended=True, supervision__starts_at__gte=since
        )
        condition = ~Q(activity_started_on__gte=cutoff) & ~Q(Exists(attended))
        # with one interval for every programme, every volunteer has it
        late |= condition if len(intervals) == 1 else Q(supervision_weeks=weeks) & condition
    qs = Wegbegleiter.objects.filter(pk__in=ids).annotate(
        supervision_weeks=supervision_weeks_sql(day)
    )
    return _with_supervision_clock(qs.filter(late)).select_related("user", "region")


def _with_supervision_clock(qs: QuerySet[Wegbegleiter]) -> QuerySet[Wegbegleiter]:
    """The later of the last attended session and the activity's start."""
    attended = SupervisionEinladung.objects.filter(wegbegleiter=OuterRef("pk"), attended=True)
    latest = attended.order_by().values("wegbegleiter").annotate(m=Max("supervision__starts_at"))
    return qs.annotate(
        last_supervision=TruncDate(Subquery(latest.values("m"))),
    ).annotate(
        supervision_clock=Greatest(
            Coalesce("last_supervision", "activity_started_on"),
            Coalesce("activity_started_on", "last_supervision"),
        )
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
