"""The consent rule: who must consent at which age, revocation, the 18th birthday."""

from datetime import date

import pytest
from django.utils import timezone

from einrichtungen.einwilligungen import holder_allowed, missing_scopes, scope_granted
from tests.einrichtungen.factories import B, EinwilligungFactory, I, JugendlicheFactory

# Born May 2008: 16 from 1 June 2024, 18 from 1 June 2026.
BEFORE_16 = date(2024, 5, 31)
AT_16 = date(2024, 6, 1)
BEFORE_18 = date(2026, 5, 31)
AT_18 = date(2026, 6, 1)


@pytest.fixture
def j(einrichtung_a):
    return JugendlicheFactory.create(einrichtung=einrichtung_a, geburtsjahr=2008, geburtsmonat=5)


def consents(j):
    return list(j.einwilligungen.all())


def test_below_16_the_custody_holder_alone_consents(j):
    EinwilligungFactory.create(jugendliche=j, bereich=B.TEILNAHME, inhaber=I.SORGEBERECHTIGTE)
    assert scope_granted(j, consents(j), B.TEILNAHME, BEFORE_16)
    assert not scope_granted(j, consents(j), B.DATENWEITERGABE, BEFORE_16)


def test_vormund_counts_like_the_custody_holder(j):
    EinwilligungFactory.create(jugendliche=j, bereich=B.TEILNAHME, inhaber=I.VORMUND)
    assert scope_granted(j, consents(j), B.TEILNAHME, BEFORE_16)


def test_from_16_the_young_person_must_consent_too(j):
    EinwilligungFactory.create(jugendliche=j, bereich=B.TEILNAHME, inhaber=I.SORGEBERECHTIGTE)
    assert not scope_granted(j, consents(j), B.TEILNAHME, AT_16)
    EinwilligungFactory.create(
        jugendliche=j, bereich=B.TEILNAHME, inhaber=I.JUGENDLICHE, erteilt_am=AT_16
    )
    assert scope_granted(j, consents(j), B.TEILNAHME, AT_16)


def test_18th_birthday_moves_consents_to_the_young_adult(j):
    EinwilligungFactory.create(jugendliche=j, bereich=B.TEILNAHME, inhaber=I.SORGEBERECHTIGTE)
    EinwilligungFactory.create(jugendliche=j, bereich=B.DATENWEITERGABE, inhaber=I.SORGEBERECHTIGTE)
    EinwilligungFactory.create(
        jugendliche=j, bereich=B.TEILNAHME, inhaber=I.JUGENDLICHE, erteilt_am=AT_16
    )
    EinwilligungFactory.create(
        jugendliche=j, bereich=B.DATENWEITERGABE, inhaber=I.JUGENDLICHE, erteilt_am=AT_16
    )
    # the parents revoke data sharing the day before the 18th birthday: it stops at once
    j.einwilligungen.filter(bereich=B.DATENWEITERGABE, inhaber=I.SORGEBERECHTIGTE).update(
        widerrufen_am=timezone.now()
    )
    assert scope_granted(j, consents(j), B.TEILNAHME, BEFORE_18)
    assert not scope_granted(j, consents(j), B.DATENWEITERGABE, BEFORE_18)
    # from the 18th birthday only the young adult's own word counts: the parents' consent to
    # participation no longer matters, their revocation neither
    assert scope_granted(j, consents(j), B.TEILNAHME, AT_18)
    assert scope_granted(j, consents(j), B.DATENWEITERGABE, AT_18)


def test_at_18_parents_consent_alone_is_not_enough(j):
    EinwilligungFactory.create(jugendliche=j, bereich=B.TEILNAHME, inhaber=I.SORGEBERECHTIGTE)
    assert scope_granted(j, consents(j), B.TEILNAHME, BEFORE_16)
    assert not scope_granted(j, consents(j), B.TEILNAHME, AT_18)
    EinwilligungFactory.create(
        jugendliche=j, bereich=B.TEILNAHME, inhaber=I.VOLLJAEHRIGE, erteilt_am=AT_18
    )
    assert scope_granted(j, consents(j), B.TEILNAHME, AT_18)


def test_revoked_consent_counts_for_nothing(j):
    e = EinwilligungFactory.create(jugendliche=j, bereich=B.TEILNAHME, inhaber=I.SORGEBERECHTIGTE)
    e.widerrufen_am = timezone.now()
    e.save()
    assert not scope_granted(j, consents(j), B.TEILNAHME, BEFORE_16)


def test_missing_scopes_names_each_missing_scope(j):
    EinwilligungFactory.create(jugendliche=j, bereich=B.TEILNAHME, inhaber=I.SORGEBERECHTIGTE)
    assert missing_scopes(
        j, consents(j), [B.TEILNAHME, B.DATENWEITERGABE, B.HILFEPLAN], BEFORE_16
    ) == [B.DATENWEITERGABE, B.HILFEPLAN]


@pytest.mark.parametrize(
    ("inhaber", "on", "allowed"),
    [
        (I.SORGEBERECHTIGTE, BEFORE_18, True),
        (I.SORGEBERECHTIGTE, AT_18, False),
        (I.JUGENDLICHE, BEFORE_16, False),
        (I.JUGENDLICHE, AT_16, True),
        (I.VOLLJAEHRIGE, BEFORE_18, False),
        (I.VOLLJAEHRIGE, AT_18, True),
    ],
)
def test_who_may_consent_depends_on_age(j, inhaber, on, allowed):
    assert holder_allowed(j, inhaber, on) is allowed
