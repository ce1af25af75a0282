"""Wrong passwords cannot lock the owner out (docs/accounts.md "Failed logins").

Failed logins are limited per client address *and* account: 5 in 5 minutes, and 10 a minute
per address whatever the account. A stranger typing wrong passwords locks out only their own
address, for 5 minutes; the owner logs in from theirs, and a password reset lifts the limit
even when both share an address (one office network).
"""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from allauth.core.internal import ratelimit as allauth_ratelimit
from django.core import mail

from tests.factories import PASSWORD

ATTACKER = "203.0.113.9"
OWNER = "198.51.100.7"
LOCKED = "Zu viele gescheiterte Anmeldeversuche"


def _login(client: Any, email: str, password: str, ip: str) -> Any:
    client.cookies.clear()
    return client.post("/konto/login/", {"login": email, "password": password}, REMOTE_ADDR=ip)


def _lock(client: Any, email: str, ip: str) -> None:
    for attempt in range(5):
        response = _login(client, email, f"falsch-{attempt}-xyz", ip)
        assert LOCKED not in response.text, attempt
    # the sixth try is refused even with the right password
    response = _login(client, email, PASSWORD, ip)
    assert response.status_code == 200
    assert LOCKED in response.text


def test_a_stranger_locks_out_only_their_own_address(client, volunteer):
    _lock(client, volunteer.email, ATTACKER)
    response = _login(client, volunteer.email, PASSWORD, OWNER)
    assert response.status_code == 302
    assert response["Location"] == "/start/"


class _Clock:
    """Stands in for ``time`` in allauth's rate limiter: the window passes without sleeping."""

    def __init__(self) -> None:
        self.offset = 0.0

    def time(self) -> float:
        return time.time() + self.offset

    def monotonic(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


def test_the_limit_lifts_after_five_minutes(client, volunteer, monkeypatch):
    clock = _Clock()
    monkeypatch.setattr(allauth_ratelimit, "time", clock)
    _lock(client, volunteer.email, ATTACKER)
    clock.offset = 4 * 60  # 4 minutes later: still refused
    assert LOCKED in _login(client, volunteer.email, PASSWORD, ATTACKER).text
    clock.offset = 5 * 60 + 1  # the oldest failure is more than 5 minutes old
    assert _login(client, volunteer.email, PASSWORD, ATTACKER)["Location"] == "/start/"


def test_a_password_reset_lets_the_owner_in_from_the_same_address(
    client, volunteer, django_capture_on_commit_callbacks
):
    _lock(client, volunteer.email, OWNER)  # someone in the owner's own network
    client.cookies.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/konto/password/reset/", {"email": volunteer.email}, REMOTE_ADDR=OWNER)
    link = re.search(r"http://[^/]+(/konto/password/reset/key/\S+/)", mail.outbox[-1].body)
    assert link is not None
    form_url = client.get(link.group(1), REMOTE_ADDR=OWNER)["Location"]
    new_password = "Neues-gutes-Passwort-9"
    done = client.post(
        form_url, {"password1": new_password, "password2": new_password}, REMOTE_ADDR=OWNER
    )
    assert done.status_code == 302
    response = _login(client, volunteer.email, new_password, OWNER)
    assert response.status_code == 302
    assert response["Location"] == "/start/"


def test_many_accounts_from_one_address_are_still_limited(client, volunteer, region_a):
    """The per-address limit stays: 10 failures a minute, whichever accounts they try."""
    for n in range(10):
        _login(client, f"probe{n}@example.org", "falsch-xyz-123", ATTACKER)
    assert LOCKED in _login(client, volunteer.email, PASSWORD, ATTACKER).text
    assert _login(client, volunteer.email, PASSWORD, OWNER)["Location"] == "/start/"


@pytest.mark.parametrize("ip", [OWNER])
def test_a_good_login_does_not_count(client, volunteer, ip):
    for _ in range(6):
        assert _login(client, volunteer.email, PASSWORD, ip)["Location"] == "/start/"
