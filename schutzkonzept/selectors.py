"""Reads of the safeguarding app that people see, scoped to who asks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet

from schutzkonzept.models import Antragsbestaetigung, Meldung, Unterzeichnung
from schutzkonzept.permissions import can_view_concerns
from wegbegleitung.models import Wegbegleiter
from wegbegleitung.permissions import region_ids_for

if TYPE_CHECKING:
    from wegbegleitung.permissions import AnyUser


def meldung_list_for(*, user: AnyUser) -> QuerySet[Meldung]:
    """Concerns for the child-protection role: their regions' and those without a region."""
    if not can_view_concerns(user):
        return Meldung.objects.none()
    qs = Meldung.objects.select_related("region", "einrichtung").annotate(
        step_count=Count("schritte")
    )
    if user.is_superuser:
        return qs
    return qs.filter(Q(region__isnull=True) | Q(region__in=region_ids_for(user)))


def meldung_detail_for(*, user: AnyUser, pk: int) -> Meldung | None:
    return (
        meldung_list_for(user=user)
        .select_related("reporter")
        .prefetch_related("schritte")
        .filter(pk=pk)
        .first()
    )


def own_wegbegleiter(*, user: AnyUser) -> Wegbegleiter | None:
    if not user.is_authenticated:
        return None
    return Wegbegleiter.objects.select_related("region", "user").filter(user=user).first()


def unterzeichnung_list_for(*, wegbegleiter: Wegbegleiter) -> QuerySet[Unterzeichnung]:
    return Unterzeichnung.objects.filter(wegbegleiter=wegbegleiter).select_related(
        "verhaltenskodex"
    )


def antragsbestaetigung_list_for(*, wegbegleiter: Wegbegleiter) -> QuerySet[Antragsbestaetigung]:
    return Antragsbestaetigung.objects.filter(wegbegleiter=wegbegleiter)


def unterzeichnung_get(*, pk: int) -> Unterzeichnung | None:
    return Unterzeichnung.objects.select_related("wegbegleiter").filter(pk=pk).first()


def antragsbestaetigung_get(*, pk: int) -> Antragsbestaetigung | None:
    return Antragsbestaetigung.objects.select_related("wegbegleiter").filter(pk=pk).first()


def open_concerns(qs: QuerySet[Meldung]) -> QuerySet[Meldung]:
    """Concerns not closed yet."""
    return qs.exclude(status=Meldung.Status.ABGESCHLOSSEN)
