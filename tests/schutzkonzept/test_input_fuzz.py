"""Hostile input on the safeguarding forms: signing the code of conduct, the concern forms (of
volunteers and staff, and the young people's form without login) and the leads' procedure steps.

Property (tests/input_fuzz.py): never a server error, and a refused input changes nothing stored.
The young people's channel must also keep accepting a real report that contains a NUL byte.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from schutzkonzept.models import Meldung
from schutzkonzept.services.concerns import meldung_report
from tests.input_fuzz import FUZZ, Page

pytestmark = pytest.mark.django_db


def thanked(response: Any) -> bool:
    return any("danke" in (t.name or "") for t in response.templates)


REPORT = {"description": "Jonas hat blaue Flecken am Arm und wirkt verängstigt."}


@pytest.fixture
def sign_page(client: Any, wb_a: Any, kodex: Any) -> Page:
    client.force_login(wb_a.user)
    return Page.open(client, reverse("schutzkonzept:verhaltenskodex"))


@pytest.fixture
def concern_page(client: Any, staff_a: Any) -> Page:
    client.force_login(staff_a)
    return Page.open(client, reverse("schutzkonzept:meldung_new"))


@pytest.fixture
def youth_page(client: Any, db: Any) -> Page:
    return Page.open(client, reverse("schutzkonzept:jugend_meldung"))


@pytest.fixture
def step_page(client: Any, schutz_a: Any, staff_a: Any, einrichtung_a: Any) -> Page:
    meldung = meldung_report(acting_user=staff_a, einrichtung=einrichtung_a, **REPORT)
    client.force_login(schutz_a)
    return Page.open(client, reverse("schutzkonzept:meldung_detail", args=[meldung.pk]))


@FUZZ
@given(data=st.data())
def test_signing_the_code_of_conduct(sign_page: Page, data: Any) -> None:
    sign_page.fuzz(data, {"typed_name": "Wiebke Wagner", "confirmed": "on"})


@FUZZ
@given(data=st.data())
def test_concern_form(concern_page: Page, data: Any) -> None:
    concern_page.fuzz(data, REPORT, accepted=thanked)


@FUZZ
@given(data=st.data())
def test_young_peoples_concern_form(youth_page: Page, data: Any) -> None:
    youth_page.fuzz(data, REPORT, accepted=thanked)


@FUZZ
@given(data=st.data())
def test_procedure_step(step_page: Page, data: Any) -> None:
    step_page.fuzz(data, {"art": "notiz", "note": "Rücksprache gehalten"})


def test_a_report_with_a_nul_byte_from_an_import_is_kept_without_it(db: Any) -> None:
    """A service call that skips the form (import, another app) never fails on NUL: the report
    is stored, the invisible character dropped."""
    meldung = meldung_report(acting_user=None, description="Hilfe\x00 bitte", contact="\x00")
    assert Meldung.objects.get(pk=meldung.pk).description == "Hilfe bitte"
