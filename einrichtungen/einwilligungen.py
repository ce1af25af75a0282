"""Whether a consent scope is in force for a young person on a day: the one place that decides.

Rules (DOMAIN.md "Young people and facilities"; GDPR Art. 8, §§ 61-65 SGB VIII):
- below the age of own consent the person with custody (parents) or the Vormund consents;
- from that age the young person's own consent is needed too (both, so either can stop it);
- the age of own consent comes from the country of the facility's region (DE 16, AT 14 under
  § 4(4) DSG, CH 16 for capacity of judgement, Art. 16 ZGB; settings, see
  ``einrichtungen.alter.own_consent_age``), never a number written here;
- from the 18th birthday (see einrichtungen.alter for the month-only rule) the young adult alone
  decides: consents of parents or Vormund no longer count, the young person's own consent
  (given from the age of own consent, or as young adult) carries on;
- a revoked consent counts for nothing from the moment of revocation;
- a family in early help (``Jugendliche.art`` = familie): the parents with custody hold every
  consent (``Inhaber.SORGEBERECHTIGTE``); the age rules above concern a young person's own
  consent and do not apply (docs/families.md);
- which scopes a request for a mentor needs is the programme's (``Programm.einwilligungen``);
  ``ANFRAGE_SCOPES`` is what a programme starts with.
Everything works on an iterable of consents, so lists can prefetch them once.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from einrichtungen.alter import own_consent_age
from einrichtungen.models import Einwilligung, Jugendliche
from programme.models import Programm

Bereich = Einwilligung.Bereich
Inhaber = Einwilligung.Inhaber

CUSTODIAL = frozenset({Inhaber.SORGEBERECHTIGTE, Inhaber.VORMUND})
OWN = frozenset({Inhaber.JUGENDLICHE, Inhaber.VOLLJAEHRIGE})
# A request for a mentor needs these in force (the mentor must be allowed to know the mentee).
ANFRAGE_SCOPES = (Bereich.TEILNAHME, Bereich.DATENWEITERGABE)


def request_scopes(programm: Programm | None) -> tuple[str, ...]:
    """The scopes a request for a mentor in ``programm`` needs (known scopes only)."""
    if programm is None:
        return tuple(ANFRAGE_SCOPES)
    return tuple(b for b in (programm.einwilligungen or []) if b in Bereich.values)


def consent_age_of(jugendliche: Jugendliche) -> int:
    """The age of own consent in the country of the young person's facility's region."""
    return own_consent_age(jugendliche.einrichtung.region.country)


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
    if jugendliche.is_familie:
        return Inhaber.SORGEBERECHTIGTE in holders
    age = jugendliche.alter(day)
    if age >= 18:
        return bool(holders & OWN)
    custodial = bool(holders & CUSTODIAL)
    if age >= consent_age_of(jugendliche):
        return custodial and Inhaber.JUGENDLICHE in holders
    return custodial


def needed_from(jugendliche: Jugendliche, on: date | None = None) -> str:
    """Who must consent at the young person's age, in words for messages."""
    if jugendliche.is_familie:
        return _("the parents with custody")
    age = jugendliche.alter(on or timezone.localdate())
    if age >= 18:
        return _("the young adult")
    if age >= consent_age_of(jugendliche):
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
    if jugendliche.is_familie:
        return inhaber == Inhaber.SORGEBERECHTIGTE
    age = jugendliche.alter(on)
    if inhaber == Inhaber.VOLLJAEHRIGE:
        return age >= 18
    if inhaber == Inhaber.JUGENDLICHE:
        return age >= consent_age_of(jugendliche)
    return age < 18
