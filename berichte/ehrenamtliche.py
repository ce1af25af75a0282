"""The report's figures about volunteers, and the programme filters the figures share.

A figure for one programme counts the volunteers who serve in it (``wegbegleitung.programmes.serves_in``:
a ``Programmteilnahme`` row, or none at all for the default programme); a volunteer serving in two
programmes is counted in each (docs/measures.md "Programmes").
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from berichte.typen import Stufe
from einrichtungen.selectors import Quote
from matching.models import Begleitung
from programme.models import Programm
from schutzkonzept.clearance import annotate_clearance, certificate_ending_within
from schutzkonzept.models import FreigabeVerlust
from wegbegleitung.models import Wegbegleiter
from wegbegleitung.programmes import serves_in


def programm_filter(programm: Programm | None, lookup: str = "programm") -> Q:
    """Rows of ``programm`` (``lookup``: the path to their programme); every row for None."""
    return Q() if programm is None else Q(**{lookup: programm})


def volunteers_of(programm: Programm | None, field: str = "pk") -> Q:
    """Rows whose volunteer (``field``: the path to her id) serves in ``programm``."""
    return Q() if programm is None else serves_in(programm.pk, field=field)


STUFEN: list[tuple[str, Promise]] = [
    ("registriert", _("Registered")),
    ("beworben", _("Application submitted")),
    ("aufgenommen", _("Accepted")),
    ("begleitung", _("In a match")),
]


def bewerbung(regions: list[int], von: date, bis: date, programm: Programm | None) -> list[Stufe]:
    """Volunteers who registered in the period and how far each has come by now (one query);
    for a programme: its volunteers, "in a match" counting a match of that programme."""
    started = Begleitung.objects.filter(
        programm_filter(programm), wegbegleiter=OuterRef("pk"), started_on__isnull=False
    )
    counts = (
        Wegbegleiter.objects.filter(
            volunteers_of(programm),
            region_id__in=regions,
            created_at__date__gte=von,
            created_at__date__lte=bis,
        )
        .annotate(matched=Exists(started))
        .aggregate(
            registriert=Count("pk"),
            beworben=Count("pk", filter=Q(bewerbung__submitted_at__isnull=False)),
            aufgenommen=Count("pk", filter=Q(activity_started_on__isnull=False)),
            begleitung=Count("pk", filter=Q(matched=True)),
        )
    )
    stufen: list[Stufe] = []
    for key, label in STUFEN:
        before = stufen[-1].anzahl if stufen else None
        quote = None if before is None else Quote(zaehler=counts[key], nenner=before)
        stufen.append(Stufe(key, label, counts[key], quote))
    return stufen


def zeugnisse_enden(regions: list[int], tag: date, programm: Programm | None) -> int:
    """Cleared volunteers whose certificate ends within the reminder days after the reporting
    day (or after today, when the period reaches into the future)."""
    day = min(tag, timezone.localdate())
    volunteers = annotate_clearance(
        Wegbegleiter.objects.filter(volunteers_of(programm), region_id__in=regions)
    )
    return certificate_ending_within(
        volunteers, days=settings.WB_CERTIFICATE_REMINDER_FIRST_DAYS, today=day
    ).count()


def freigabe_verloren(regions: list[int], programm: Programm | None) -> int:
    """Open clearance lapses of the regions' volunteers."""
    return FreigabeVerlust.objects.filter(
        volunteers_of(programm, "wegbegleiter"),
        resolved_on__isnull=True,
        wegbegleiter__region_id__in=regions,
    ).count()
