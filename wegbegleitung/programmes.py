"""Reads: the programmes (Programmlinien) a volunteer serves in, and their rules for the path.

A volunteer serves in the programmes listed by their ``Programmteilnahme`` rows; with none they
serve in the default programme (``programme.rules``). Where programmes ask different things of a
volunteer (docs/programmes.md, "The volunteer side"):
- training: the volunteer is trained for a programme once their attended hours reach that
  programme's minimum; they may be accepted when they are ready for at least one programme;
- supervision: the shortest interval among the programmes of their active matches, else of
  their own programmes, else the default programme's (``supervision_weeks_sql``: the due list
  and the reminders ask it in SQL).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import (
    DecimalField,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from programme.models import Programm
from programme.rules import standard, standard_id
from wegbegleitung.models import Programmteilnahme, Schulungsteilnahme, Wegbegleiter
from wegbegleitung.notifications import providers


def programmes_of(wegbegleiter: Wegbegleiter, *, default: Programm | None = None) -> list[Programm]:
    """The programmes the volunteer serves in (their rows, else [the default programme]).

    Reads the prefetched rows of ``with_programmes`` (no query); ``default`` spares the query
    for the default programme in a list. The answer is kept on the instance, like a prefetch:
    one page asks it for several steps."""
    known: list[Programm] | None = getattr(wegbegleiter, "_programmes_of", None)
    if known is not None:
        return list(known)
    rows = [t.programm for t in wegbegleiter.programmteilnahmen.all()]
    found = sorted(rows, key=lambda p: (not p.standard, p.name)) or [default or standard()]
    wegbegleiter._programmes_of = found  # type: ignore[attr-defined]
    return list(found)


def with_programmes(qs: QuerySet[Wegbegleiter]) -> QuerySet[Wegbegleiter]:
    """``qs`` with the programme rows prefetched (one extra query for the whole list)."""
    return qs.prefetch_related(
        Prefetch(
            "programmteilnahmen",
            queryset=Programmteilnahme.objects.select_related("programm"),
        )
    )


def programmes_by_volunteer(volunteers: Iterable[Wegbegleiter]) -> dict[int, list[Programm]]:
    """Each volunteer's programmes, for volunteers from ``with_programmes`` (at most one query,
    for the default programme)."""
    default = standard()
    return {w.pk: programmes_of(w, default=default) for w in volunteers}


@dataclass(frozen=True)
class Ausbildung:
    """The volunteer's training measured against one programme's rule."""

    programm: Programm
    hours: Decimal

    @property
    def minimum(self) -> int:
        return self.programm.schulung_min_stunden

    @property
    def target(self) -> int:
        return self.programm.schulung_ziel_stunden

    @property
    def trained(self) -> bool:
        return self.hours >= self.minimum


def training_per_programme(wegbegleiter: Wegbegleiter, hours: Decimal) -> list[Ausbildung]:
    return [Ausbildung(p, hours) for p in programmes_of(wegbegleiter)]


def supervision_weeks_by_volunteer(ids: Iterable[int], day: date) -> dict[int, int]:
    """Each volunteer's supervision interval in weeks (``supervision_weeks_sql``), for the
    volunteers among ``ids``: one query, whatever their number."""
    rows = Wegbegleiter.objects.filter(pk__in=list(ids)).annotate(weeks=supervision_weeks_sql(day))
    return dict(rows.values_list("pk", "weeks"))


def supervision_weeks_sql(day: date) -> Coalesce:
    """``supervision_weeks_by_volunteer`` as SQL for the volunteer ``OuterRef("pk")``: the
    shortest interval among the programmes of their active matches, else of their own
    programmes, else the default programme's. No volunteer ids travel as literals, so a list of
    a whole region is weighed in the database."""
    volunteer = OuterRef(OuterRef("pk"))
    sources: list[QuerySet[Any, Any]] = [
        found
        for found in (
            providers.active_match_programme_ids(day, volunteer),
            Programmteilnahme.objects.filter(wegbegleiter=volunteer).values("programm_id"),
            Programm.objects.filter(standard=True).values("pk"),
        )
        if found is not None
    ]
    weeks = Programm.objects.order_by("supervision_wochen").values("supervision_wochen")
    return Coalesce(*[Subquery(weeks.filter(pk__in=ids)[:1]) for ids in sources])


def supervision_intervals() -> list[int]:
    """Every supervision interval a programme has (a handful), shortest first."""
    return sorted(set(Programm.objects.order_by().values_list("supervision_wochen", flat=True)))


def serves_in(programm_id: int, *, field: str = "pk") -> Q:
    """Rows whose volunteer (``field``: the path to her id) serves in the programme, in SQL: a
    row for it, or, for the default programme, no row at all."""
    rows = Programmteilnahme.objects.filter(wegbegleiter=OuterRef(field))
    condition = Q(Exists(rows.filter(programm_id=programm_id)))
    if programm_id == standard_id():
        condition |= ~Q(Exists(rows))
    return condition


def serving_in(qs: QuerySet[Wegbegleiter], programm_id: int) -> QuerySet[Wegbegleiter]:
    """``qs`` narrowed to the volunteers serving in the programme (no extra query)."""
    return qs.filter(serves_in(programm_id))


def only_trained(qs: QuerySet[Wegbegleiter], programm: Programm) -> QuerySet[Wegbegleiter]:
    """``qs`` narrowed to the volunteers whose attended training hours reach the programme's
    minimum (``selectors.training_hours`` in SQL), for suggestions in that programme."""
    hours = (
        Schulungsteilnahme.objects.filter(wegbegleiter=OuterRef("pk"), attended=True)
        .order_by()
        .values("wegbegleiter")
        .annotate(total=Sum(Coalesce("hours", "termin__hours")))
        .values("total")
    )
    total = Coalesce(
        Subquery(hours, output_field=DecimalField()), Value(0), output_field=DecimalField()
    )
    return qs.alias(programm_training_hours=total).filter(
        programm_training_hours__gte=programm.schulung_min_stunden
    )
