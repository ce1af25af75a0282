"""Hostile input on the volunteers' and everyone's own forms: sign-up and login (no account
yet), the application, a step on the path with a reason, the notification settings.

Property (tests/input_fuzz.py): never a server error, and a refused input changes nothing stored.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from tests.input_fuzz import FUZZ, Page

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_volunteer(client: Any, volunteer: Any) -> Any:
    client.force_login(volunteer)
    return client


@pytest.fixture
def signup_page(client: Any, db: Any) -> Page:
    return Page.open(client, "/konto/signup/")


@pytest.fixture
def login_page(client: Any, db: Any) -> Page:
    return Page.open(client, "/konto/login/")


@pytest.fixture
def bewerbung_page(as_volunteer: Any) -> Page:
    return Page.open(as_volunteer, reverse("portal:bewerbung"))


@pytest.fixture
def leave_page(as_volunteer: Any) -> Page:
    return Page.open(as_volunteer, reverse("portal:status_change", args=["leave"]))


@pytest.fixture
def settings_page(as_volunteer: Any) -> Page:
    return Page.open(as_volunteer, reverse("benachrichtigungen:einstellungen"))


@FUZZ
@given(data=st.data())
def test_signup(signup_page: Page, data: Any) -> None:
    signup_page.fuzz(data)


@FUZZ
@given(data=st.data())
def test_login(login_page: Page, data: Any) -> None:
    login_page.fuzz(data, {"login": "vera@example.org"})


@FUZZ
@given(data=st.data())
def test_application(bewerbung_page: Page, data: Any) -> None:
    bewerbung_page.fuzz(data, {"postal_code": "60311", "motivation": "Ich möchte begleiten."})


@FUZZ
@given(data=st.data())
def test_step_with_reason(leave_page: Page, data: Any) -> None:
    leave_page.fuzz(data, {"reason": "Umzug"})


@FUZZ
@given(data=st.data())
def test_notification_settings(settings_page: Page, data: Any) -> None:
    settings_page.fuzz(data)
