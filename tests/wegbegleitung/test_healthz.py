"""/healthz tells a container health check whether the web process can reach its database."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import REPO, _free_port


@pytest.mark.django_db
def test_healthy_under_any_host_name_over_plain_http(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["wegbegleitung.example"]
    response = client.get("/healthz", HTTP_HOST="localhost:8000")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-store" in response["Cache-Control"]
    # every other page still insists on the real host name
    assert client.get("/", HTTP_HOST="localhost:8000").status_code == 400


def test_unhealthy_when_the_database_is_gone():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    script = (
        "from django.test import Client;"
        "r = Client().get('/healthz');"
        "print(r.status_code, r.content.decode().strip())"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", script],
        cwd=REPO,
        env={
            **env,
            "DJANGO_DEBUG": "true",
            "DATABASE_URL": f"postgres://nobody@127.0.0.1:{_free_port()}/gone",
            "DATABASE_POOL": "false",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.strip().splitlines()[-1] == "503 database unavailable", result.stderr
