"""Safeguarding records in their domain states (``cleared``, ``expired_certificate``, ...)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone
from factory.declarations import LazyAttribute, LazyFunction, Sequence, Trait
from factory.django import DjangoModelFactory

from schutzkonzept.dates import add_months
from schutzkonzept.models import (
    Fuehrungszeugnis,
    Schutzschulung,
    Unterzeichnung,
    Verhaltenskodex,
    Zeugnisart,
)
from tests.factories import make_user
from wegbegleitung.models import Region, Wegbegleiter
from wegbegleitung.roles import Role


def make_wegbegleiter(region: Region | None, **kwargs: Any) -> Wegbegleiter:
    status = kwargs.pop("status", Wegbegleiter.Status.VERFUEGBAR)
    fields = {k: kwargs.pop(k) for k in ("activity_started_on", "activity_ended_on") if k in kwargs}
    user = make_user(Role.WEGBEGLEITUNG, region=region, **kwargs)
    wegbegleiter = Wegbegleiter.objects.get(user=user)
    Wegbegleiter.objects.filter(pk=wegbegleiter.pk).update(status=status, **fields)
    wegbegleiter.refresh_from_db()
    return wegbegleiter


class VerhaltenskodexFactory(DjangoModelFactory):  # type: ignore[type-arg]
    class Meta:
        model = Verhaltenskodex

    version = Sequence(lambda n: n + 1)
    title = "Verhaltenskodex für Wegbegleiter:innen"
    text = (
        "Ich achte die Grenzen der jungen Menschen.\n\n"
        "Ich treffe mich in den ersten drei Monaten nicht in meiner Wohnung.\n\n"
        "Ich melde jeden Verdacht auf Gefährdung."
    )
    published_at = LazyFunction(timezone.now)

    class Params:
        draft = Trait(published_at=None)


class FuehrungszeugnisFactory(DjangoModelFactory):  # type: ignore[type-arg]
    class Meta:
        model = Fuehrungszeugnis

    art = Zeugnisart.DE_EFZ
    inspected_on = LazyFunction(lambda: timezone.localdate() - timedelta(days=10))
    issued_on = LazyAttribute(lambda o: o.inspected_on - timedelta(days=20))
    relevant_conviction = False

    class Params:
        expired_certificate = Trait(
            inspected_on=LazyFunction(lambda: add_months(timezone.localdate(), -61)),
        )
        conviction = Trait(relevant_conviction=True)


class SchutzschulungFactory(DjangoModelFactory):  # type: ignore[type-arg]
    class Meta:
        model = Schutzschulung

    attended_on = LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    title = "Schutzkonzept-Schulung"


def make_kodex(**kwargs: Any) -> Verhaltenskodex:
    kodex = VerhaltenskodexFactory(**kwargs)
    assert isinstance(kodex, Verhaltenskodex)
    return kodex


def sign(wegbegleiter: Wegbegleiter, kodex: Verhaltenskodex) -> Unterzeichnung:
    return Unterzeichnung.objects.create(
        wegbegleiter=wegbegleiter, verhaltenskodex=kodex, typed_name=str(wegbegleiter.user)
    )


def make_cleared(wegbegleiter: Wegbegleiter, *, kodex: Verhaltenskodex | None = None) -> None:
    """Everything clearance asks for: valid certificate, current code signed, training done."""
    kodex = (
        kodex
        or Verhaltenskodex.objects.filter(published_at__isnull=False).order_by("-version").first()
        or make_kodex()
    )
    FuehrungszeugnisFactory(wegbegleiter=wegbegleiter)
    sign(wegbegleiter, kodex)
    SchutzschulungFactory(wegbegleiter=wegbegleiter)


def today() -> date:
    return timezone.localdate()
