"""Staff sessions end after an hour without a request and ten hours after the login; volunteers
keep the normal two weeks (docs/accounts.md "Session lifetime").

Expiry is real: the clocks in the stored session are set back (as if the time had passed) or the
session row's own expiry date is moved into the past; nothing sleeps.
"""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import PASSWORD, TOTP_SECRET, add_totp, make_user
from wegbegleitung.roles import Role
from wegbegleitung.staff_session import LOGIN_AT, SEEN_AT

MINUTE = 60
HOUR = 60 * MINUTE


def _staff(kind: str, region_a: Any, einrichtung_a: Any) -> Any:
    if kind == "superuser":
        user = make_user(None, email="root@example.org", is_superuser=True, is_staff=True)
        add_totp(user)
        return user
    return make_user(kind, region=region_a, einrichtung=einrichtung_a, email="staff@example.org")


STAFF_KINDS = [Role.KOORDINATION, Role.KINDERSCHUTZ, Role.EINRICHTUNG, "superuser"]


def _set_back(client: Any, **seconds_ago: float) -> None:
    """Move the session's clocks into the past, as if that much time had passed."""
    session = client.session
    now = timezone.now().timestamp()
    for key, ago in seconds_ago.items():
        session[{"login": LOGIN_AT, "seen": SEEN_AT}[key]] = now - ago
    session.save()


def _row(client: Any) -> Session:
    return Session.objects.get(session_key=client.session.session_key)


def _is_logged_in(client: Any) -> bool:
    return "_auth_user_id" in client.session.load()


@pytest.mark.parametrize("kind", STAFF_KINDS)
def test_staff_session_ends_after_an_hour_without_a_request(client, kind, region_a, einrichtung_a):
    user = _staff(kind, region_a, einrichtung_a)
    client.force_login(user)
    assert client.get("/start/").status_code == 302  # to their start page, still logged in
    assert _is_logged_in(client)
    # 61 minutes since the last request (default WB_STAFF_SESSION_MINUTES = 60)
    _set_back(client, login=61 * MINUTE, seen=61 * MINUTE)
    response = client.get("/start/")
    assert response.status_code == 302
    assert response["Location"] == "/konto/login/?next=%2Fstart%2F"
    assert not _is_logged_in(client)
    page = client.get(response["Location"])
    assert "Ihre Sitzung wurde zu Ihrer Sicherheit beendet" in page.text
    # the next page asks for the login again
    assert client.get("/start/")["Location"].startswith("/konto/login/")


@pytest.mark.parametrize("kind", STAFF_KINDS)
def test_activity_keeps_a_staff_session_alive(client, kind, region_a, einrichtung_a):
    user = _staff(kind, region_a, einrichtung_a)
    client.force_login(user)
    # logged in 5 hours ago, last request 59 minutes ago: still within both limits
    _set_back(client, login=5 * HOUR, seen=59 * MINUTE)
    assert client.get("/start/")["Location"] != "/konto/login/?next=%2Fstart%2F"
    assert _is_logged_in(client)
    # the request counted as activity: the idle clock restarted (now, not 59 minutes ago)
    assert timezone.now().timestamp() - client.session[SEEN_AT] < MINUTE
    # and the stored session row expires an hour from now (60 min ± 1 for the test's own time)
    left = _row(client).expire_date - timezone.now()
    assert timedelta(minutes=59) < left <= timedelta(minutes=60)


def test_staff_session_ends_ten_hours_after_login_even_when_active(client, alice):
    client.force_login(alice)
    # active a minute ago, but logged in 10 h 1 min ago (WB_STAFF_SESSION_MAX_HOURS = 10)
    _set_back(client, login=10 * HOUR + MINUTE, seen=MINUTE)
    assert client.get("/admin/")["Location"] == "/konto/login/?next=%2Fadmin%2F"
    assert not _is_logged_in(client)


def test_the_idle_limit_is_a_setting(client, alice, settings):
    settings.WB_STAFF_SESSION_MINUTES = 5
    client.force_login(alice)
    _set_back(client, seen=4 * MINUTE)
    assert client.get("/admin/").status_code == 200
    _set_back(client, seen=5 * MINUTE + 1)
    assert client.get("/admin/")["Location"] == "/konto/login/?next=%2Fadmin%2F"


def test_the_stored_session_itself_expires_with_the_idle_limit(client, alice):
    """Not only our clock: the session row (and cookie) carry the short expiry, and a row past
    its date is not accepted by Django at all."""
    client.force_login(alice)
    assert client.get("/admin/").status_code == 200
    left = _row(client).expire_date - timezone.now()
    assert timedelta(minutes=59) < left <= timedelta(minutes=60)
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    assert client.get("/admin/")["Location"].startswith("/admin/login/")


def test_a_real_two_factor_login_starts_the_short_clock(client, alice):
    response = client.post("/konto/login/", {"login": alice.email, "password": PASSWORD})
    assert response["Location"] == "/konto/2fa/authenticate/"
    code = format_hotp_value(hotp_value(TOTP_SECRET, int(time.time()) // 30))
    client.post("/konto/2fa/authenticate/", {"code": code})
    assert client.get("/admin/").status_code == 200
    left = _row(client).expire_date - timezone.now()
    assert timedelta(minutes=59) < left <= timedelta(minutes=60)
    assert abs(client.session[LOGIN_AT] - timezone.now().timestamp()) < MINUTE


def test_volunteers_keep_the_normal_lifetime(client, volunteer, settings):
    response = client.post("/konto/login/", {"login": volunteer.email, "password": PASSWORD})
    assert response["Location"] == "/start/"
    assert client.get("/portal/").status_code == 200
    # no staff clock, and the row lives SESSION_COOKIE_AGE (two weeks)
    assert LOGIN_AT not in client.session
    left = _row(client).expire_date - timezone.now()
    two_weeks = timedelta(seconds=settings.SESSION_COOKIE_AGE)
    assert two_weeks - timedelta(minutes=1) < left <= two_weeks
    # three hours without a request are nothing for a volunteer
    session = client.session
    session[SEEN_AT] = timezone.now().timestamp() - 3 * HOUR
    session.save()
    assert client.get("/portal/").status_code == 200


def _session_writes(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return sum('"django_session"' in q["sql"] and "UPDATE" in q["sql"] for q in queries)


def test_the_idle_clock_writes_the_session_at_most_once_a_minute(client, alice):
    client.force_login(alice)
    # within the minute after the last write: requests read the session, never write it
    assert [_session_writes(client, "/admin/") for _ in range(3)] == [0, 0, 0]
    # 61 seconds later the next request moves the clock on (one write), the one after does not
    _set_back(client, seen=61)
    assert [_session_writes(client, "/admin/") for _ in range(2)] == [1, 0]
