"""The age of own consent comes from the country of the facility's region (issue 10, 3):
DE 16 (GDPR Art. 8), AT 14 (§ 4(4) DSG), CH 16 (capacity of judgement, Art. 16 ZGB; setting).
A young person of 15: in Austria their own consent is asked and counts, in Germany and
Switzerland not yet."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from einrichtungen import services
from einrichtungen.alter import own_consent_age
from einrichtungen.einwilligungen import holder_allowed, needed_from, scope_granted
from einrichtungen.models import Einwilligung
from tests.einrichtungen.factories import B, EinwilligungFactory, I, JugendlicheFactory, consent_all
from tests.factories import RegionFactory, make_einrichtung, make_user
from wegbegleitung.models import Country
from wegbegleitung.roles import Role

pytestmark = pytest.mark.django_db
DAY = date(2026, 6, 15)


def _fifteen_today() -> dict[str, int]:
    today = timezone.localdate()
    return {"geburtsjahr": today.year - 16, "geburtsmonat": today.month}  # 16 from next month


def _young_person(country: str, **kw: object):
    region = RegionFactory(name=f"Region {country}", country=country)
    einrichtung = make_einrichtung(region, f"Wohngruppe {country}")
    return JugendlicheFactory.create(einrichtung=einrichtung, **kw)


def test_the_settings_per_country():
    assert (own_consent_age("DE"), own_consent_age("AT"), own_consent_age("CH")) == (16, 14, 16)


@pytest.mark.parametrize(
    ("country", "own"), [(Country.DE, False), (Country.AT, True), (Country.CH, False)]
)
def test_a_fifteen_year_old_consents_in_austria_only(country, own):
    j = _young_person(country, geburtsjahr=2011, geburtsmonat=3)
    assert j.alter(DAY) == 15
    assert holder_allowed(j, I.JUGENDLICHE, DAY) is own
    EinwilligungFactory.create(jugendliche=j, bereich=B.TEILNAHME, inhaber=I.SORGEBERECHTIGTE)
    consents = list(j.einwilligungen.all())
    # the custody holder alone suffices only below the age of own consent
    assert scope_granted(j, consents, B.TEILNAHME, DAY) is not own
    assert ("selbst" in str(needed_from(j, DAY))) is own
    EinwilligungFactory.create(jugendliche=j, bereich=B.TEILNAHME, inhaber=I.JUGENDLICHE)
    assert scope_granted(j, list(j.einwilligungen.all()), B.TEILNAHME, DAY)


@pytest.mark.parametrize(
    ("country", "accepted"), [(Country.DE, False), (Country.AT, True), (Country.CH, False)]
)
def test_the_service_accepts_a_fifteen_year_olds_own_consent_by_country(alice, country, accepted):
    j = _young_person(country, **_fifteen_today())
    coordinator = make_user(
        Role.KOORDINATION, region=j.einrichtung.region, email=f"k-{country}@example.org"
    )
    record = lambda: services.einwilligung_create(  # noqa: E731
        acting_user=coordinator,
        jugendliche=j,
        bereich=B.TEILNAHME,
        inhaber=I.JUGENDLICHE,
        erteilt_am=timezone.localdate(),
    )
    if accepted:
        record()
        assert j.einwilligungen.filter(inhaber=I.JUGENDLICHE).exists()
    else:
        with pytest.raises(ValidationError) as refused:
            record()
        assert "zählt hier ab 16 Jahren" in str(refused.value)
        assert not j.einwilligungen.exists()


def test_an_austrian_request_needs_the_fifteen_year_olds_own_consent():
    j = _young_person(Country.AT, **_fifteen_today())
    consent_all(j)  # custody holder only
    coordinator = make_user(Role.KOORDINATION, region=j.einrichtung.region, email="k@example.org")
    with pytest.raises(ValidationError) as refused:
        services.anfrage_create(acting_user=coordinator, jugendliche=j)
    assert "Jugendliche selbst" in str(refused.value)
    consent_all(j, I.JUGENDLICHE)
    assert services.anfrage_create(acting_user=coordinator, jugendliche=j).pk


def test_an_association_in_switzerland_may_lower_the_age(settings):
    settings.WB_CONSENT_AGE_CH = 14
    j = _young_person(Country.CH, geburtsjahr=2011, geburtsmonat=3)
    assert holder_allowed(j, I.JUGENDLICHE, DAY)


def test_staff_record_an_austrian_fifteen_year_olds_own_consent_in_the_staff_area(client):
    j = _young_person(Country.AT, **_fifteen_today())
    staff = make_user(Role.EINRICHTUNG, einrichtung=j.einrichtung, email="st@example.org")
    client.force_login(staff)
    url = reverse("einrichtungen:einwilligung_create", args=[j.pk])
    response = client.post(
        url,
        {
            "bereich": B.TEILNAHME,
            "inhaber": I.JUGENDLICHE,
            "erteilt_am": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302
    assert Einwilligung.objects.filter(jugendliche=j, inhaber=I.JUGENDLICHE).exists()
