"""Every read of the expenses: rates, the volunteer's matches and expenses, month totals."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db.models import QuerySet, Sum

from auslagen.models import Auslage, Satz
from auslagen.rates import Rate, rate_on
from matching.models import Begleitung
from wegbegleitung.models import Wegbegleiter

# matches for which expenses can be recorded: started (running, paused, ending) or closed
EXPENSE_STATES = (*Begleitung.RUNNING_STATES, Begleitung.Status.BEENDET)


def default_rate() -> Rate:
    return Rate(None, settings.WB_EXPENSE_CENT_PER_KM, settings.WB_EXPENSE_BUDGET_PER_MONTH_CENT)


def rate_for(day: date) -> Rate:
    """The rate of ``day`` (one query)."""
    rows = Satz.objects.filter(gueltig_ab__lte=day).order_by("-gueltig_ab")[:1]
    rates = [Rate(s.gueltig_ab, s.cent_pro_km, s.budget_pro_monat_cent) for s in rows]
    return rate_on(day, rates, default_rate())


def matches_for_expenses(wegbegleiter: Wegbegleiter) -> QuerySet[Begleitung]:
    return Begleitung.objects.filter(
        wegbegleiter=wegbegleiter, status__in=EXPENSE_STATES, started_on__isnull=False
    ).order_by("-started_on", "-pk")


def auslagen_of(wegbegleiter: Wegbegleiter) -> QuerySet[Auslage]:
    return Auslage.objects.filter(begleitung__wegbegleiter=wegbegleiter).select_related(
        "begleitung"
    )


def month_total_cent(begleitung: Begleitung, day: date) -> int:
    """What counts against the month's budget: submitted and approved, not refused."""
    total = (
        Auslage.objects.filter(begleitung=begleitung, datum__year=day.year, datum__month=day.month)
        .exclude(status=Auslage.Status.ABGELEHNT)
        .aggregate(total=Sum("betrag_cent"))["total"]
    )
    return int(total or 0)


def auslage_for_receipt(pk: int) -> Auslage | None:
    return (
        Auslage.objects.select_related(
            "begleitung__wegbegleiter", "begleitung__jugendliche__einrichtung"
        )
        .filter(pk=pk)
        .first()
    )
