"""Hostile input on every form of the staff area (young people, consents, requests, conferences).

Property (tests/input_fuzz.py): never a server error, and a refused input changes nothing stored.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from einrichtungen.models import Hilfeplangespraech
from tests.einrichtungen.factories import HilfeplangespraechFactory
from tests.input_fuzz import FUZZ, Page

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
JUGENDLICHE = {"vorname": "Sami", "geburtsmonat": "3", "geburtsjahr": str(TODAY.year - 14),
               "geschlecht": "maennlich", "sorgerecht": "eltern"}  # fmt: skip
HPG = {"datum": TODAY.isoformat(), "teilnehmende": "Jugendamt, Bezugsbetreuerin"}


@pytest.fixture
def as_staff(client: Any, staff_a: Any) -> Any:
    client.force_login(staff_a)
    return client


def _url(name: str, *args: Any) -> str:
    return reverse(f"einrichtungen:{name}", args=args)


@pytest.fixture
def create_page(as_staff: Any) -> Page:
    return Page.open(as_staff, _url("jugendliche_create"))


@pytest.fixture
def update_page(as_staff: Any, jugendliche_a: Any) -> Page:
    return Page.open(as_staff, _url("jugendliche_update", jugendliche_a.pk))


@pytest.fixture
def auszug_page(as_staff: Any, jugendliche_a: Any) -> Page:
    return Page.open(as_staff, _url("jugendliche_auszug", jugendliche_a.pk))


@pytest.fixture
def consent_page(as_staff: Any, jugendliche_a: Any) -> Page:
    return Page.open(as_staff, _url("einwilligung_create", jugendliche_a.pk))


@pytest.fixture
def request_page(as_staff: Any, jugendliche_a: Any) -> Page:
    return Page.open(as_staff, _url("anfrage_create", jugendliche_a.pk))


@pytest.fixture
def hpg_new(as_staff: Any, jugendliche_a: Any) -> Page:
    return Page.open(as_staff, _url("hilfeplangespraech_create", jugendliche_a.pk))


@pytest.fixture
def hpg_edit(as_staff: Any, jugendliche_a: Any) -> Page:
    hpg = HilfeplangespraechFactory.create(
        jugendliche=jugendliche_a, datum=TODAY, naechste_ueberpruefung=None
    )
    return Page.open(as_staff, _url("hilfeplangespraech_update", hpg.pk))


@pytest.fixture
def team_page(client: Any, lead_a: Any, einrichtung_a: Any) -> Page:
    client.force_login(lead_a)
    return Page.open(client, _url("team", einrichtung_a.pk))


@FUZZ
@given(data=st.data())
def test_new_young_person(create_page: Page, data: Any) -> None:
    create_page.fuzz(data, JUGENDLICHE)


@FUZZ
@given(data=st.data())
def test_young_person_update(update_page: Page, data: Any) -> None:
    update_page.fuzz(data, JUGENDLICHE)


@FUZZ
@given(data=st.data())
def test_move_out(auszug_page: Page, data: Any) -> None:
    auszug_page.fuzz(data, {"auszug_am": TODAY.isoformat()})


@FUZZ
@given(data=st.data())
def test_consent(consent_page: Page, data: Any) -> None:
    consent_page.fuzz(data, {"bereich": "forschung", "inhaber": "sorgeberechtigte"})


@FUZZ
@given(data=st.data())
def test_request_for_a_mentor(request_page: Page, data: Any) -> None:
    request_page.fuzz(data)


@FUZZ
@given(data=st.data())
def test_help_plan_conference(hpg_new: Page, data: Any) -> None:
    hpg_new.fuzz(data, HPG)


@FUZZ
@given(data=st.data())
def test_help_plan_conference_correction(hpg_edit: Page, data: Any) -> None:
    hpg_edit.fuzz(data, HPG)


@FUZZ
@given(data=st.data())
def test_staff_invitation(team_page: Page, data: Any) -> None:
    team_page.fuzz(data, {"email": "neu@example.org"})


def test_a_conference_before_birth_stores_nothing(hpg_new: Page, jugendliche_a: Any) -> None:
    before_birth = f"{jugendliche_a.geburtsjahr - 1}-01-15"
    response = hpg_new.client.post(hpg_new.url, {**HPG, "datum": before_birth})
    assert response.status_code == 400
    assert "Bitte ein Datum ab dem 01." in response.content.decode()
    assert not Hilfeplangespraech.objects.exists()
