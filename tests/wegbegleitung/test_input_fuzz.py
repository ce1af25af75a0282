"""Hostile input on the volunteers' and everyone's own forms: sign-up and login (no account
yet), the application, a step on the path with a reason, the notification settings.

Property (tests/input_fuzz.py): never a server error, and a refused input changes nothing stored.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

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


@pytest.fixture
def password_reset_page(client: Any, db: Any) -> Page:
    return Page.open(client, "/konto/password/reset/")


@pytest.fixture
def delete_account_page(as_volunteer: Any) -> Page:
    return Page.open(as_volunteer, reverse("portal:delete_account"))


@FUZZ
@given(data=st.data())
def test_password_reset(password_reset_page: Page, data: Any) -> None:
    password_reset_page.fuzz(data, {"email": "vera@example.org"})


@FUZZ
@given(data=st.data())
def test_delete_account(delete_account_page: Page, data: Any) -> None:
    delete_account_page.fuzz(data)


@pytest.fixture
def invitation_page(client: Any, alice: Any, einrichtung_a: Any) -> Page:
    from wegbegleitung.roles import Role
    from wegbegleitung.services.invitations import einladung_create, einladung_url

    einladung = einladung_create(
        acting_user=alice,
        email="nora@example.org",
        role=Role.EINRICHTUNG,
        einrichtung=einrichtung_a,
    )
    return Page.open(client, urlsplit(einladung_url(einladung)).path)


@FUZZ
@given(data=st.data())
def test_accepting_an_invitation(invitation_page: Page, data: Any) -> None:
    invitation_page.fuzz(data)
