"""Whether a consent scope is in force for a young person on a day: the one place that decides.

Rules (DOMAIN.md "Young people and facilities"; GDPR Art. 8, §§ 61-65 SGB VIII):
- below 16 the person with custody (parents) or the Vormund consents;
- from 16 the young person's own consent is needed too (both, so either can stop it);
- from the 18th birthday (see einrichtungen.alter for the month-only rule) the young adult alone
  decides: consents of parents or Vormund no longer count, the young person's own consent
  (given from 16, or as young adult) carries on;
- a revoked consent counts for nothing from the moment of revocation.
Everything works on an iterable of consents, so lists can prefetch them once.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from einrichtungen.models import Einwilligung, Jugendliche

Bereich = Einwilligung.Bereich
Inhaber = Einwilligung.Inhaber

CUSTODIAL = frozenset({Inhaber.SORGEBERECHTIGTE, Inhaber.VORMUND})
OWN = frozenset({Inhaber.JUGENDLICHE, Inhaber.VOLLJAEHRIGE})
# A request for a mentor needs these in force (the mentor must be allowed to know the mentee).
ANFRAGE_SCOPES = (Bereich.TEILNAHME, Bereich.DATENWEITERGABE)


def holders_in_force(einwilligungen: Iterable[Einwilligung], bereich: str, on: date) -> set[str]:
    return {
        e.inhaber
        for e in einwilligungen
        if e.bereich == bereich and e.widerrufen_am is None and e.erteilt_am <= on
    }


def scope_granted(
    jugendliche: Jugendliche,
    einwilligungen: Iterable[Einwilligung],
    bereich: str,
    on: date | None = None,
) -> bool:
    day = on or timezone.localdate()
    holders = holders_in_force(einwilligungen, bereich, day)
    age = jugendliche.alter(day)
    if age >= 18:
        return bool(holders & OWN)
    custodial = bool(holders & CUSTODIAL)
    if age >= 16:
        return custodial and Inhaber.JUGENDLICHE in holders
    return custodial


def needed_from(jugendliche: Jugendliche, on: date | None = None) -> str:
    """Who must consent at the young person's age, in words for messages."""
    age = jugendliche.alter(on or timezone.localdate())
    if age >= 18:
        return _("the young adult")
    if age >= 16:
        return _("the person with custody or the Vormund, and the young person")
    return _("the person with custody or the Vormund")


def missing_scopes(
    jugendliche: Jugendliche,
    einwilligungen: Iterable[Einwilligung],
    scopes: Iterable[str],
    on: date | None = None,
) -> list[str]:
    consents = list(einwilligungen)
    return [b for b in scopes if not scope_granted(jugendliche, consents, b, on)]


def holder_allowed(jugendliche: Jugendliche, inhaber: str, on: date) -> bool:
    """Who can give a consent at the young person's age on the day it was given."""
    age = jugendliche.alter(on)
    if inhaber == Inhaber.VOLLJAEHRIGE:
        return age >= 18
    if inhaber == Inhaber.JUGENDLICHE:
        return age >= 16
    return age < 18
