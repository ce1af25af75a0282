"""Reads of the certificates: the engagement's period and its figures, and who sees which.

Each read takes a fixed number of queries whatever the number of matches, meetings and sessions
(the figures: four; the period: one).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, DecimalField, Min, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from matching.models import Begleitung, Treffen
from nachweise.figures import Figures, MatchFigures, overlap
from nachweise.models import Nachweis
from programme.models import Programm
from wegbegleitung.models import Schulungsteilnahme, SupervisionEinladung, Wegbegleiter
from wegbegleitung.programmes import programmes_of

S = Wegbegleiter.Status


def engagement_start(wegbegleiter: Wegbegleiter) -> date | None:
    """The first day of activity: the first training or supervision attended, the first match
    (or the activity date the safeguarding clocks use), whichever came first; None: none yet."""
    found = Wegbegleiter.objects.filter(pk=wegbegleiter.pk).aggregate(
        training=Min(
            "schulungsteilnahmen__termin__starts_at",
            filter=Q(schulungsteilnahmen__attended=True),
        ),
        supervision=Min(
            "supervision_einladungen__supervision__starts_at",
            filter=Q(supervision_einladungen__attended=True),
        ),
        match=Min("begleitungen__started_on"),
    )
    days = [timezone.localdate(found[k]) for k in ("training", "supervision") if found[k]]
    days += [d for d in (found["match"], wegbegleiter.activity_started_on) if d]
    return min(days) if days else None


def engagement_end(wegbegleiter: Wegbegleiter, *, today: date) -> date:
    """The day they left, for a volunteer who left; otherwise today."""
    if wegbegleiter.status == S.AUSGESCHIEDEN and wegbegleiter.activity_ended_on:
        return min(wegbegleiter.activity_ended_on, today)
    if wegbegleiter.status == S.AUSGESCHIEDEN:
        return min(timezone.localdate(wegbegleiter.status_since), today)
    return today


def engagement_period(wegbegleiter: Wegbegleiter, *, today: date) -> tuple[date, date] | None:
    start = engagement_start(wegbegleiter)
    if start is None:
        return None
    end = engagement_end(wegbegleiter, today=today)
    return (start, end) if start <= end else None


def figures_for(wegbegleiter: Wegbegleiter, *, period_from: date, period_to: date) -> Figures:
    """What the certificate counts within [period_from, period_to] (four queries)."""
    matches = Begleitung.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=period_from),
        wegbegleiter=wegbegleiter,
        started_on__isnull=False,
        started_on__lte=period_to,
    ).order_by("started_on", "pk")
    diary: dict[int, tuple[int, int]] = {
        row["begleitung"]: (int(row["n"] or 0), int(row["minutes"] or 0))
        for row in Treffen.objects.filter(
            begleitung__wegbegleiter=wegbegleiter, datum__range=(period_from, period_to)
        )
        .values("begleitung")
        .annotate(n=Count("pk"), minutes=Sum("dauer_minuten"))
    }
    match_figures = []
    counted_programmes: list[Programm] = []
    for b in matches.select_related("programm").only(
        "pk", "started_on", "ended_on", "programm__name", "programm__standard",
        "programm__begleitet",
    ):  # fmt: skip
        assert b.started_on is not None  # filtered above
        counted = overlap(b.started_on, b.ended_on, period_from, period_to)
        if counted is None:
            continue
        meetings, minutes = diary.get(b.pk, (0, 0))
        counted_programmes.append(b.programm)
        match_figures.append(
            MatchFigures(
                started_on=b.started_on,
                ended_on=b.ended_on,
                counted_from=counted[0],
                counted_to=counted[1],
                meetings=meetings,
                minutes=minutes,
            )
        )
    sessions, training = _training(wegbegleiter, period_from, period_to)
    named = counted_programmes or programmes_of(wegbegleiter)
    return Figures(
        period_from=period_from,
        period_to=period_to,
        matches=tuple(match_figures),
        training_sessions=sessions,
        training_hours=training,
        supervision_sessions=_supervision(wegbegleiter, period_from, period_to),
        programme=certificate_programmes(named),
        begleitet=tuple(sorted({p.begleitet for p in named})),
    )


def certificate_programmes(programmes: list[Programm]) -> tuple[str, ...]:
    """The programmes as the certificate names them: those of the matches counted (else those
    the volunteer serves in); the default programme in the association's certificate wording
    (WB_NACHWEIS_PROGRAMM), the others by their name."""
    names: list[str] = []
    for programm in programmes:
        name = settings.WB_NACHWEIS_PROGRAMM if programm.standard else programm.name
        if name not in names:
            names.append(name)
    return tuple(names)


def _training(
    wegbegleiter: Wegbegleiter, period_from: date, period_to: date
) -> tuple[int, Decimal]:
    found = Schulungsteilnahme.objects.filter(
        wegbegleiter=wegbegleiter,
        attended=True,
        termin__starts_at__date__range=(period_from, period_to),
    ).aggregate(
        n=Count("termin", distinct=True),
        hours=Sum(Coalesce("hours", "termin__hours"), output_field=DecimalField()),
    )
    return int(found["n"] or 0), Decimal(found["hours"] or 0)


def _supervision(wegbegleiter: Wegbegleiter, period_from: date, period_to: date) -> int:
    return int(
        SupervisionEinladung.objects.filter(
            wegbegleiter=wegbegleiter,
            attended=True,
            supervision__starts_at__date__range=(period_from, period_to),
        )
        .values("supervision")
        .distinct()
        .count()
    )


def nachweise_of(wegbegleiter: Wegbegleiter) -> QuerySet[Nachweis]:
    """The volunteer's own certificates, newest first (portal)."""
    return Nachweis.objects.filter(wegbegleiter=wegbegleiter).order_by("-requested_at", "-pk")


def nachweis_for_download(pk: int) -> Nachweis | None:
    return (
        Nachweis.objects.select_related("wegbegleiter__user", "wegbegleiter__region")
        .filter(pk=pk)
        .first()
    )
