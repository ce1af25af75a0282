"""Bad settings stop start-up with a message naming the variable; good ones are read as meant."""

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from tests.conftest import REPO
from wegbegleitung.env import envbool, envint, parse_database_url, parse_redis_url


def _start(*command: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "DJANGO_"))}
    return subprocess.run(
        [sys.executable, *(command or ("manage.py", "check"))],
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
        (
            {
                "DJANGO_DEBUG": "false",
                "DJANGO_SECRET_KEY": "s" * 50,
                "DJANGO_ALLOWED_HOSTS": "a.example",
                "EMAIL_HOST": "smtp.example",
            },
            "WB_RESEARCH_PSEUDONYM_KEY",
        ),
        (
            {"DJANGO_DEBUG": "true", "WB_RESEARCH_PSEUDONYM_KEY": "short"},
            "WB_RESEARCH_PSEUDONYM_KEY",
        ),
        ({"DJANGO_DEBUG": "true", "REDIS_URL": "http://localhost:6379"}, "REDIS_URL"),
        ({"DJANGO_DEBUG": "true", "EMAIL_HOST": "smtp", "EMAIL_PORT": "abc"}, "EMAIL_PORT"),
        ({"DJANGO_DEBUG": "true", "WB_INVITATION_VALID_DAYS": "0"}, "WB_INVITATION_VALID_DAYS"),
    ],
)
def test_bad_setting_stops_start_up_naming_the_variable(env, variable):
    result = _start(**env)
    assert result.returncode == 3
    assert result.stderr.startswith(f"Configuration error: {variable}: ")
    assert result.stderr.count("\n") == 1, result.stderr  # one line, no traceback
    assert "Traceback" not in result.stderr


SECRET = "Top-Secret-9x7"


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DATABASE_URL", f"postgres://wb:{SECRET}@db:notaport/wb"),
        ("DATABASE_URL", f"mysql://wb:{SECRET}@db/wb"),
        ("DATABASE_URL", f"postgres://wb:{SECRET}@/wb"),
        ("DATABASE_URL", f"postgres://wb:{SECRET}/wb"),
        ("REDIS_URL", f"http://:{SECRET}@redis:6379/0"),
        ("REDIS_URL", f"redis://:{SECRET}@redis:port/0"),
    ],
)
def test_a_password_inside_a_bad_url_is_never_shown(variable, value):
    result = _start(DJANGO_DEBUG="true", **{variable: value})
    assert result.returncode == 3
    assert result.stderr.startswith(f"Configuration error: {variable}: ")
    assert result.stderr.count("\n") == 1, result.stderr
    assert SECRET not in result.stderr + result.stdout


@pytest.mark.parametrize(
    "command",
    [
        ("manage.py", "check"),
        ("-m", "celery", "-A", "wegbegleitung", "inspect", "ping"),
        ("-c", "import wegbegleitung.wsgi"),
    ],
)
def test_every_entry_point_reports_a_configuration_error_in_one_line(command):
    result = _start(*command, DJANGO_DEBUG="false", DJANGO_SECRET_KEY=SECRET)
    assert result.returncode == 3
    assert result.stderr == (
        "Configuration error: DJANGO_ALLOWED_HOSTS: must list the host names in production\n"
    )


def test_every_kind_of_variable_may_come_from_a_file(tmp_path):
    files = {
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": SECRET + "-from-a-file-and-long-enough-for-production",
        "DJANGO_ALLOWED_HOSTS": "a.example,b.example",
        "DATABASE_URL": "sqlite:///var/from-file.sqlite3",
        "EMAIL_HOST": "smtp.from-file.example",
        "EMAIL_PORT": "2525",
        "WB_INVITATION_VALID_DAYS": "11",
        "WB_RESEARCH_PSEUDONYM_KEY": "research-key-from-a-file-long-enough-0123456789",
    }
    env = {}
    for name, value in files.items():
        (tmp_path / name).write_text(value + "\n")
        env[f"{name}_FILE"] = str(tmp_path / name)
    script = (
        "from django.conf import settings as s;"
        "print(s.DEBUG, s.SECRET_KEY, s.ALLOWED_HOSTS, s.DATABASES['default']['NAME'].name,"
        "s.MAILERS['default']['OPTIONS']['host'], s.MAILERS['default']['OPTIONS']['port'],"
        "s.WB_INVITATION_VALID_DAYS)"
    )
    result = _start("manage.py", "shell", "--no-imports", "-c", script, **env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",
        files["DJANGO_SECRET_KEY"],
        "['a.example',",
        "'b.example']",
        "from-file.sqlite3",
        "smtp.from-file.example",
        "2525",
        "11",
    ]


def test_a_bad_value_in_a_file_is_reported_under_the_variable(tmp_path):
    (tmp_path / "port").write_text("abc")
    result = _start(DJANGO_DEBUG="true", EMAIL_HOST="smtp", EMAIL_PORT_FILE=str(tmp_path / "port"))
    assert result.stderr == "Configuration error: EMAIL_PORT: expected a whole number, got 'abc'\n"
    missing = _start(DJANGO_DEBUG="true", DATABASE_URL_FILE=str(tmp_path / "nothing"))
    assert missing.stderr.startswith(
        f"Configuration error: DATABASE_URL_FILE: cannot read {tmp_path}"
    )


def test_no_variable_is_read_around_the_helpers():
    """Every setting goes through wegbegleitung/env.py, so every one honours NAME_FILE."""
    offenders = []
    for path in REPO.glob("*/**/*.py"):
        if path.parts[len(REPO.parts)] in {".venv", ".tools", "tests", "bench"}:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if ("os.environ" in line or "getenv" in line) and "setdefault(" not in line:
                offenders.append(f"{path.relative_to(REPO)}:{number}")
    assert offenders == ["wegbegleitung/env.py:" + n for n in _env_py_reads()]


def _env_py_reads() -> list[str]:
    lines = (REPO / "wegbegleitung" / "env.py").read_text(encoding="utf-8").splitlines()
    return [str(n) for n, line in enumerate(lines, 1) if "os.environ" in line]


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
            "WB_RESEARCH_PSEUDONYM_KEY": "r" * 20 + "-a_long_random_research_pseudonym_key",
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
