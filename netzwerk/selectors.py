"""Every read of the network a user sees, scoped through ``netzwerk.permissions``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils import timezone

from netzwerk import permissions
from netzwerk.models import (
    Anmeldung,
    Einspringanfrage,
    Einspringantwort,
    Mitgliedschaft,
    Veranstaltung,
)

if TYPE_CHECKING:
    from wegbegleitung.permissions import AnyUser


def mitglieder_for(user: AnyUser) -> QuerySet[Mitgliedschaft]:
    """The members in force of the user's networks, with their providers."""
    return (
        Mitgliedschaft.objects.filter(
            region_id__in=permissions.network_region_ids(user), ausgetreten_am__isnull=True
        )
        .select_related("traeger", "region")
        .order_by("region__name", "traeger__name")
    )


def _own_q(user: AnyUser) -> Q:
    wegbegleiter = permissions.own_wegbegleiter(user)
    if wegbegleiter is not None:
        return Q(wegbegleiter=wegbegleiter)
    return Q(user_id=user.pk)


def veranstaltungen_for(user: AnyUser, *, upcoming: bool = True) -> QuerySet[Veranstaltung]:
    """The events the user may see, each with ``meine`` (the user's own registration, if any)."""
    q = permissions.veranstaltungen_visible_q(user)
    if q is None:
        return Veranstaltung.objects.none()
    qs = Veranstaltung.objects.filter(q)
    if upcoming:
        qs = qs.filter(ende__gte=timezone.now(), abgesagt_am__isnull=True)
    own = Anmeldung.objects.filter(_own_q(user))
    return (
        qs.select_related("region", "veranstalter")
        .prefetch_related(Prefetch("anmeldungen", queryset=own, to_attr="meine"))
        .order_by("beginn", "pk")
    )


def meine_anmeldungen(user: AnyUser, *, limit: int = 20) -> list[Anmeldung]:
    """The user's own registrations (not cancelled), the latest events first, past ones too:
    what they attended is shown here after the coordinator recorded it."""
    if permissions.veranstaltungen_visible_q(user) is None:
        return []
    return list(
        Anmeldung.objects.filter(_own_q(user))
        .exclude(status=Anmeldung.Status.ABGESAGT)
        .select_related("veranstaltung")
        .order_by("-veranstaltung__beginn", "-pk")[:limit]
    )


def veranstaltung_for(user: AnyUser, pk: int) -> Veranstaltung | None:
    event = veranstaltungen_for(user, upcoming=False).filter(pk=pk).first()
    if event is None or not permissions.can_view_veranstaltung(user, event):
        return None
    return event


def own_anmeldung(event: Veranstaltung) -> Anmeldung | None:
    meine: list[Anmeldung] = getattr(event, "meine", [])
    return meine[0] if meine else None


def warteplatz(anmeldung: Anmeldung) -> int:
    """The place on the waiting list (1 = next to move up)."""
    return (
        Anmeldung.objects.filter(
            veranstaltung_id=anmeldung.veranstaltung_id, status=Anmeldung.Status.WARTELISTE
        )
        .filter(
            Q(angemeldet_am__lt=anmeldung.angemeldet_am)
            | Q(angemeldet_am=anmeldung.angemeldet_am, pk__lt=anmeldung.pk)
        )
        .count()
        + 1
    )


def teilnehmende(event: Veranstaltung) -> tuple[list[Anmeldung], int]:
    """The staff registered (with a place or waiting) and the number of our volunteers among
    them, for the organiser (``permissions.can_see_participants``)."""
    active = Anmeldung.objects.filter(veranstaltung=event).exclude(status=Anmeldung.Status.ABGESAGT)
    staff = list(
        active.filter(user__isnull=False)
        .select_related("user", "traeger")
        .order_by("status", "angemeldet_am", "pk")
    )
    return staff, active.filter(wegbegleiter__isnull=False).count()


def einspringanfragen_for(user: AnyUser) -> QuerySet[Einspringanfrage]:
    """Valid requests of the user's networks (staff) with the number of answers."""
    return (
        Einspringanfrage.objects.filter(
            region_id__in=permissions.network_region_ids(user),
            gueltig_bis__gte=timezone.localdate(),
        )
        .select_related("traeger", "region")
        .annotate(antworten_count=Count("antworten"))
        .order_by("gueltig_bis", "-pk")
    )


def einspringanfrage_for(user: AnyUser, pk: int) -> Einspringanfrage | None:
    """One request with its answers and their providers, if the user may see it."""
    antworten = Einspringantwort.objects.select_related("traeger").order_by("erstellt_am", "pk")
    anfrage = (
        Einspringanfrage.objects.select_related("traeger", "region")
        .prefetch_related(Prefetch("antworten", queryset=antworten))
        .filter(pk=pk)
        .first()
    )
    if anfrage is None or not permissions.can_view_einspringanfrage(user, anfrage):
        return None
    return anfrage


def veranstaltungen_organised_by(user: AnyUser) -> QuerySet[Veranstaltung]:
    """The events of the providers the user organises for (also past and called-off ones: the
    organiser records attendance afterwards), the latest first."""
    pairs = permissions.organising_traeger_ids(user)
    q = Q(pk__in=[])
    for region_id, traeger_ids in pairs.items():
        q |= Q(region_id=region_id, veranstalter_id__in=traeger_ids)
    return (
        Veranstaltung.objects.filter(q)
        .select_related("region", "veranstalter")
        .order_by("-beginn", "-pk")
    )


def anwesenheitsliste(event: Veranstaltung) -> list[Anmeldung]:
    """Everyone holding a place, for the organiser's roll call after the start
    (``permissions.can_organise_veranstaltung``); staff first, then our volunteers."""
    return list(
        Anmeldung.objects.filter(veranstaltung=event, status__in=Anmeldung.PLATZ)
        .select_related("user", "traeger", "wegbegleiter__user")
        .order_by(F("wegbegleiter_id").asc(nulls_first=True), "angemeldet_am", "pk")
    )
