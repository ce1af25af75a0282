"""Bad settings stop start-up with a message naming the variable; good ones are read as meant."""

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from tests.conftest import REPO
from wegbegleitung.env import envbool, envint, parse_database_url, parse_redis_url


def _start(**env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "DJANGO_"))}
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=REPO,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"DJANGO_DEBUG": "true", "DATABASE_URL": "postgres://nohost"}, "DATABASE_URL"),
        ({"DJANGO_DEBUG": "true", "DATABASE_URL": "mysql://u@h/db"}, "DATABASE_URL"),
        ({"DJANGO_DEBUG": "true", "DATABASE_URL": "postgres://h:notaport/db"}, "DATABASE_URL"),
        ({"DJANGO_DEBUG": "maybe"}, "DJANGO_DEBUG"),
        ({"DJANGO_DEBUG": "false"}, "DJANGO_SECRET_KEY"),
        ({"DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": "s" * 50}, "DJANGO_ALLOWED_HOSTS"),
        (
            {
                "DJANGO_DEBUG": "false",
                "DJANGO_SECRET_KEY": "s" * 50,
                "DJANGO_ALLOWED_HOSTS": "a.example",
            },
            "EMAIL_HOST",
        ),
        ({"DJANGO_DEBUG": "true", "REDIS_URL": "http://localhost:6379"}, "REDIS_URL"),
        ({"DJANGO_DEBUG": "true", "EMAIL_HOST": "smtp", "EMAIL_PORT": "abc"}, "EMAIL_PORT"),
        ({"DJANGO_DEBUG": "true", "WB_INVITATION_VALID_DAYS": "0"}, "WB_INVITATION_VALID_DAYS"),
    ],
)
def test_bad_setting_stops_start_up_naming_the_variable(env, variable):
    result = _start(**env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert variable in result.stderr


def test_good_settings_start():
    result = _start(DJANGO_DEBUG="true", DATABASE_URL="sqlite:///var/check.sqlite3")
    assert result.returncode == 0, result.stderr


def test_production_settings_pass_check_deploy():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO,
        env={
            **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": "k" * 20 + "9x!Q-a_long_random_production_secret_value",
            "DJANGO_ALLOWED_HOSTS": "wegbegleitung.example",
            "SITE_URL": "https://wegbegleitung.example",
            "EMAIL_HOST": "smtp.wegbegleitung.example",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_database_url_is_parsed_with_escapes():
    db = parse_database_url("DATABASE_URL", "postgresql://u%40x:p%2Fw@db.local:6543/wb")
    assert (db.user, db.password, db.host, db.port, db.name) == (
        "u@x",
        "p/w",
        "db.local",
        "6543",
        "wb",
    )


def test_sqlite_url_needs_a_path():
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        parse_database_url("DATABASE_URL", "sqlite://")


def test_redis_url_rejects_other_schemes():
    assert parse_redis_url("REDIS_URL", "redis://h:6379/1") == "redis://h:6379/1"
    with pytest.raises(ImproperlyConfigured, match="REDIS_URL"):
        parse_redis_url("REDIS_URL", "amqp://h")


def test_envbool_and_envint_refuse_garbage(monkeypatch):
    monkeypatch.setenv("X_FLAG", "Yes")
    assert envbool("X_FLAG", default=False) is True
    monkeypatch.setenv("X_FLAG", "ja")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG"):
        envbool("X_FLAG", default=False)
    monkeypatch.setenv("X_NUM", "-3")
    with pytest.raises(ImproperlyConfigured, match="X_NUM"):
        envint("X_NUM", 1, minimum=0)
