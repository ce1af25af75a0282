"""Matches in their domain states, built through the services (which hold the rules)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from einrichtungen.models import Anfrage, Einrichtung, Jugendliche
from matching import services
from matching.models import Begleitung, Partei
from tests.einrichtungen.factories import JugendlicheFactory, consent_all
from tests.schutzkonzept.factories import make_cleared, make_wegbegleiter
from tests.wegbegleitung.factories import complete_application
from wegbegleitung.models import Bewerbung, Postleitzahl, Region, User, Wegbegleiter

FRANKFURT = ("60311", 50.1109, 8.6821)
OFFENBACH = ("63065", 50.0956, 8.7761)
KASSEL = ("34117", 51.3127, 9.4797)


def place(code: str, lat: float, lon: float, country: str = "DE") -> None:
    Postleitzahl.objects.get_or_create(
        country=country,
        postal_code=code,
        defaults={"place_name": code, "latitude": lat, "longitude": lon},
    )


def make_mentor(
    region: Region, *, cleared: bool = True, at: tuple[str, float, float] = OFFENBACH, **bw: Any
) -> Wegbegleiter:
    wegbegleiter = make_wegbegleiter(
        region, **{k: bw.pop(k) for k in ("email", "first_name", "last_name") if k in bw}
    )
    bewerbung = complete_application(wegbegleiter, submitted=True)
    place(*at)
    Bewerbung.objects.filter(pk=bewerbung.pk).update(
        postal_code=at[0], latitude=at[1], longitude=at[2], **bw
    )
    if cleared:
        make_cleared(wegbegleiter)
    wegbegleiter.refresh_from_db()
    return wegbegleiter


def make_anfrage(einrichtung: Einrichtung, **kw: Any) -> Anfrage:
    if not einrichtung.postleitzahl:
        Einrichtung.objects.filter(pk=einrichtung.pk).update(postleitzahl=FRANKFURT[0])
        einrichtung.refresh_from_db()
    place(*FRANKFURT)
    kw.setdefault("interessen", "Fußball spielen, Musik")
    kw.setdefault("sprachen", "Deutsch, Arabisch")
    kw.setdefault("geschlecht", Jugendliche.Geschlecht.MAENNLICH)
    jugendliche = JugendlicheFactory.create(einrichtung=einrichtung, **kw)
    consent_all(jugendliche)
    return Anfrage.objects.create(jugendliche=jugendliche)


def propose(coordinator: User, anfrage: Anfrage, mentor: Wegbegleiter) -> Begleitung:
    return services.begleitung_propose(
        acting_user=coordinator, anfrage=anfrage, wegbegleiter=mentor
    )


def to_agreement(coordinator: User, begleitung: Begleitung) -> Begleitung:
    services.kennenlernen_record(
        acting_user=coordinator,
        begleitung=begleitung,
        datum=timezone.localdate() - timedelta(days=1),
        teilnehmende="Mentor, Jugendliche:r, Bezugsbetreuerin",
        zusage_wegbegleiter="ja",
        zusage_jugendliche="ja",
    )
    return services.begleitung_transition(
        acting_user=coordinator, begleitung=begleitung, action="to_agreement"
    )


def confirm_all(coordinator: User, staff: User, begleitung: Begleitung) -> None:
    texts = services.default_agreement_texts()
    services.vereinbarung_save(acting_user=coordinator, begleitung=begleitung, **texts)
    mentor = begleitung.wegbegleiter.user
    services.vereinbarung_confirm(
        acting_user=mentor, begleitung=begleitung, partei=Partei.WEGBEGLEITER
    )
    services.vereinbarung_confirm(
        acting_user=staff, begleitung=begleitung, partei=Partei.EINRICHTUNG
    )
    services.vereinbarung_confirm(
        acting_user=staff,
        begleitung=begleitung,
        partei=Partei.JUGENDLICHE,
        name="Frau Sorge (Mutter)",
    )
    services.vereinbarung_confirm(
        acting_user=coordinator, begleitung=begleitung, partei=Partei.KOORDINATION
    )


def make_active(
    coordinator: User, staff: User, anfrage: Anfrage, mentor: Wegbegleiter
) -> Begleitung:
    begleitung = propose(coordinator, anfrage, mentor)
    to_agreement(coordinator, begleitung)
    confirm_all(coordinator, staff, begleitung)
    return services.begleitung_transition(
        acting_user=coordinator, begleitung=begleitung, action="activate"
    )
