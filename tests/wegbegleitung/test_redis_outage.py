# ruff: noqa: F811 - the fixtures imported from tests.outage are parameters below
"""With Redis down, signing in, resetting a password and signing up still work; nothing is lost.

The cache (allauth's rate limits) acts as an empty one while Redis is unreachable (see
``wegbegleitung.cache``), and the account mails wait in the outbox until Redis is back. Real
gunicorn, a real Celery worker with its beat and a redis-server of this test alone, stopped and
started again on the same port; the machine's shared Redis is never touched.
"""

from __future__ import annotations

import logging
import time

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core.cache import caches

from tests.conftest import mail_text
from tests.factories import PASSWORD, make_user
from tests.outage import (  # noqa: F401 - fixtures
    Browser,
    app_env,
    own_redis,
    start_app_worker,
    start_web_server,
)
from wegbegleitung.cache import FailSoftRedisCache
from wegbegleitung.models import OutboxTask, User
from wegbegleitung.roles import Role

NEW_PASSWORD = "Ein-gutes-Passwort-7"


def _volunteer(email: str) -> User:
    """A volunteer whose password the server (with the real hashers) can check."""
    user = make_user(Role.WEGBEGLEITUNG, email=email)
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, "outage-salt")
    user.save(update_fields=["password"])
    return user


@pytest.mark.worker
def test_with_redis_down_login_reset_and_signup_work_and_their_mails_follow(
    transactional_db, smtp_server, own_redis, start_web_server, start_app_worker
):
    _volunteer("vera@example.org")
    env = app_env(
        own_redis, smtp_server, f"outage-{time.monotonic_ns()}", WB_OUTBOX_SWEEP_SECONDS="2"
    )
    web = start_web_server(env)
    start_app_worker(env)

    own_redis.stop()
    login = Browser(web.url).submit(
        "/konto/login/", {"login": "vera@example.org", "password": PASSWORD}
    )
    assert login[0] == 302 and login[2] == "/start/", login[1][:3000]
    reset = Browser(web.url).submit("/konto/password/reset/", {"email": "vera@example.org"})
    assert reset[0] == 302 and reset[2] == "/konto/password/reset/done/", reset[1][:3000]
    signup = Browser(web.url).submit(
        "/konto/signup/",
        {"email": "neu@example.org", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert signup[0] == 302 and signup[2] == "/konto/confirm-email/", signup[1][:3000]
    assert User.objects.filter(email="neu@example.org").exists()
    assert OutboxTask.objects.count() == 2  # the two mails wait in the database

    own_redis.start()
    messages = smtp_server.wait_for(2, timeout=90)
    time.sleep(6)  # later sweeps send nothing twice
    assert sorted(m["To"] for m in smtp_server.messages) == ["neu@example.org", "vera@example.org"]
    reset_mail = next(m for m in messages if m["To"] == "vera@example.org")
    assert "/konto/password/reset/key/" in mail_text(reset_mail)
    assert not OutboxTask.objects.exists()


@pytest.mark.real_cache
def test_the_cache_acts_empty_and_warns_when_redis_cannot_be_reached(settings, caplog, monkeypatch):
    monkeypatch.setattr(FailSoftRedisCache, "_last_warning", 0.0)  # warn now, not a minute later
    settings.CACHES = {
        "default": {
            "BACKEND": "wegbegleitung.cache.FailSoftRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
            "OPTIONS": {"socket_connect_timeout": 1},
        }
    }
    cache = caches["default"]
    with caplog.at_level(logging.WARNING, logger="wegbegleitung.cache"):
        cache.set("k", 1)
        assert cache.get("k", "missing") == "missing"
        assert cache.add("k", 1) is True  # as in an empty cache
        with pytest.raises(ValueError):
            cache.incr("k")
        assert cache.get_many(["k"]) == {}
    assert "cache unreachable" in caplog.text
