"""The image and the compose file: no development package imported at run time (it would break
`bin/build-image-steps`, which CI runs), no default password, health checks, migrations apart."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, need

# the import names of the `dev` dependency group in pyproject.toml
DEV_ONLY = ["pytest", "_pytest", "pytest_django", "factory", "faker", "aiosmtpd", "selenium"]
DEV_ONLY += ["mypy", "django_stubs_ext", "django-stubs", "celery-types", "ruff"]

SCRIPT = """
import importlib.abc, sys
blocked = set(sys.argv[1].split(","))
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in blocked:
            raise ModuleNotFoundError(f"development package imported at run time: {name}")
sys.meta_path.insert(0, Block())
import django
django.setup()
from django.urls import get_resolver
from django.core.management import call_command
def walk(patterns):
    for p in patterns:
        walk(getattr(p, "url_patterns", []))
walk(get_resolver().url_patterns)
from wegbegleitung.celery import app
app.loader.import_default_modules()
call_command("check", "--fail-level", "WARNING")
print("imported")
"""


def test_production_code_runs_without_the_development_packages():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, ",".join(DEV_ONLY)],
        cwd=REPO,
        env={**env, "DJANGO_DEBUG": "true", "DJANGO_SETTINGS_MODULE": "wegbegleitung.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "imported" in result.stdout


COMPOSE_ENV = {
    "POSTGRES_PASSWORD": "pw-from-dotenv",
    "DJANGO_SECRET_KEY": "k",
    "DJANGO_ALLOWED_HOSTS": "localhost",
    "SITE_URL": "http://localhost:8000",
    "EMAIL_HOST": "smtp.example",
    "WB_RESEARCH_PSEUDONYM_KEY": "compose-test-pseudonym-key-0123456789",
}


def _compose_config(env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    executable = shutil.which("docker-compose")
    need(executable is not None, "docker-compose is not installed")
    empty = tmp_path / "empty.env"  # not a developer's own .env next to the compose file
    empty.write_text("")
    return subprocess.run(
        [str(executable), "--env-file", str(empty), "config"],
        cwd=REPO,
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def _services(config: str) -> dict[str, str]:
    """The rendered config, one text block per service."""
    body = config.split("services:\n", 1)[1]
    body = re.split(r"^\S", body, maxsplit=1, flags=re.MULTILINE)[0]  # up to the next top key
    blocks = re.split(r"^  (\w+):\n", body, flags=re.MULTILINE)[1:]
    return dict(zip(blocks[::2], blocks[1::2], strict=True))


@pytest.mark.parametrize("missing", sorted(COMPOSE_ENV))
def test_compose_refuses_to_start_without_a_secret_or_the_host(missing, tmp_path):
    result = _compose_config({k: v for k, v in COMPOSE_ENV.items() if k != missing}, tmp_path)
    assert result.returncode != 0
    assert f"set {missing} in .env" in result.stderr


def test_compose_migrates_once_then_runs_checked_services(tmp_path):
    result = _compose_config(COMPOSE_ENV, tmp_path)
    assert result.returncode == 0, result.stderr
    services = _services(result.stdout)
    assert "manage.py migrate" in services["migrate"]
    for name in ("web", "worker", "beat"):
        assert "migrate:\n        condition: service_completed_successfully" in services[name]
        assert "manage.py migrate" not in services[name]
    assert "--timeout 60" in " ".join(services["web"].split())
    assert "/healthz" in services["web"] and "healthcheck:" in services["web"]
    assert "inspect ping" in " ".join(services["worker"].split())
    assert "postgres://wegbegleitung:pw-from-dotenv@db" in services["web"]
