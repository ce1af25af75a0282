"""Personal pages are never cached; no page may use the camera, microphone, location and the like."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _no_store(response: Any) -> bool:
    return "no-store" in response.get("Cache-Control", "")


@pytest.mark.parametrize(
    ("who", "url"),
    [
        ("volunteer", "/portal/"),
        ("staff_a", "/einrichtung/"),
        ("alice", "/admin/"),
        ("alice", "/admin/wegbegleitung/wegbegleiter/"),
        ("volunteer", "/benachrichtigungen/"),
        ("volunteer", "/"),  # a public page seen by a logged-in person names them
    ],
)
def test_a_logged_in_persons_pages_are_not_stored(client, request, who, url):
    client.force_login(request.getfixturevalue(who))
    response = client.get(url)
    assert response.status_code == 200, url
    assert _no_store(response)
    assert "private" in response["Cache-Control"]


@pytest.mark.parametrize(
    "name", ["account_login", "account_signup", "account_reset_password", "mfa_authenticate"]
)
def test_the_login_forms_are_not_stored(client, name):
    response = client.get(reverse(name))
    assert response.status_code in {200, 302}
    assert _no_store(response)


def test_a_public_page_may_be_cached_and_still_forbids_the_features(client):
    response = client.get("/")
    assert response.status_code == 200
    assert not _no_store(response)
    policy = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in policy


@pytest.mark.parametrize(
    ("who", "url"),
    [
        (None, "/"),
        (None, "/konto/login/"),
        (None, "/static/css/site.css"),
        ("volunteer", "/portal/"),
        ("staff_a", "/einrichtung/"),
        ("alice", "/admin/"),
        (None, "/does-not-exist/"),
    ],
)
def test_every_response_carries_the_permissions_policy(client, request, who, url):
    if who:
        client.force_login(request.getfixturevalue(who))
    response = client.get(url)
    assert "camera=()" in response["Permissions-Policy"], url
    assert "geolocation=()" in response["Permissions-Policy"], url
