"""Services that go down under a running app: an own Redis, a real web server, an HTTP client.

The machine's shared Redis and PostgreSQL are used by others at the same moment, so these
fixtures never touch them: Redis is a ``redis-server`` of the test's own on a free port, stopped
and started again on the same port; PostgreSQL loses only the connections of the test's own web
server (by ``application_name``). Import the fixtures into a test module to use them.
"""

from __future__ import annotations

import http.cookiejar
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from tests.conftest import REPO, SmtpServer, _free_port, need, worker_env

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


@dataclass
class OwnRedis:
    """A redis-server of this test alone, on a port that stays the same across restarts."""

    port: int
    log: Path
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        command = [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1"]
        command += ["--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen(
            command, stdout=self.log.open("ab"), stderr=subprocess.STDOUT
        )
        wait_until(self._answers, what=f"redis-server on port {self.port}")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=20)
            self.process = None

    def _answers(self) -> bool:
        import redis

        try:
            return bool(redis.Redis(port=self.port, socket_connect_timeout=1).ping())
        except redis.exceptions.ConnectionError:
            return False


def wait_until(condition: Any, *, what: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise RuntimeError(f"timed out waiting for {what}")


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[OwnRedis]:
    need(Path(REDIS_SERVER).exists(), "redis-server is not installed")
    server = OwnRedis(_free_port(), tmp_path / "redis.log")
    server.start()
    try:
        yield server
    finally:
        server.stop()


def app_env(redis: OwnRedis, smtp: SmtpServer | None, queue: str, **extra: str) -> dict[str, str]:
    """The environment of a web server or worker on this test's database, Redis and SMTP."""
    env = worker_env(smtp, queue)
    env.update({"REDIS_URL": redis.url, "CACHE_KEY_PREFIX": queue, **extra})
    return env


@dataclass
class WebServer:
    url: str
    process: subprocess.Popen[bytes]
    log: Path
    app_name: str


@pytest.fixture
def start_web_server(tmp_path: Path) -> Iterator[Any]:
    """Start gunicorn (one worker, as in production) with an environment; stopped at the end."""
    need(connection.vendor == "postgresql", "DATABASE_URL is not PostgreSQL")
    started: list[WebServer] = []

    def start(env: dict[str, str]) -> WebServer:
        port = _free_port()
        app_name = f"wb-test-web-{port}"
        log = tmp_path / f"web-{port}.log"
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "wegbegleitung.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "--timeout",
                "60",
            ],
            cwd=REPO,
            env={**env, "PGAPPNAME": app_name},
            stdout=log.open("ab"),
            stderr=subprocess.STDOUT,
        )
        server = WebServer(f"http://127.0.0.1:{port}", process, log, app_name)
        started.append(server)
        wait_until(lambda: _answers(server), what=f"gunicorn on port {port}")
        return server

    yield start
    for server in started:
        server.process.terminate()
        try:
            server.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.process.kill()


def _answers(server: WebServer) -> bool:
    if server.process.poll() is not None:
        raise RuntimeError(f"gunicorn exited:\n{server.log.read_text(errors='replace')}")
    try:
        urllib.request.urlopen(server.url + "/konto/login/", timeout=30)  # noqa: S310 - local test server
    except OSError:  # refused, reset or timed out while gunicorn boots
        return False
    return True


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


@dataclass
class Browser:
    """A small HTTP client with cookies and Django's CSRF token, not following redirects."""

    base: str
    jar: http.cookiejar.CookieJar = field(default_factory=http.cookiejar.CookieJar)

    def __post_init__(self) -> None:
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )

    def request(self, path: str, data: dict[str, str] | None = None) -> tuple[int, str, str]:
        """(status, body, Location) of a GET, or of a POST when ``data`` is given."""
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body)  # noqa: S310 - http only
        request.add_header("Referer", self.base + path)
        try:
            response = self.opener.open(request, timeout=30)
        except urllib.error.HTTPError as error:  # 3xx (not followed), 4xx, 5xx
            return (
                error.code,
                error.read().decode(errors="replace"),
                error.headers.get("Location", ""),
            )
        return response.status, response.read().decode(errors="replace"), ""

    def submit(self, path: str, data: dict[str, str]) -> tuple[int, str, str]:
        """GET the form page for its CSRF token, then POST ``data`` to it."""
        status, page, _ = self.request(path)
        assert status == 200, page[:2000]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token is not None, page[:2000]
        return self.request(path, {"csrfmiddlewaretoken": token.group(1), **data})


@pytest.fixture
def start_app_worker(tmp_path: Path) -> Iterator[Any]:
    """Start a real Celery worker with its beat (``-B``) in an environment; stopped at the end."""
    from tests.conftest import _wait_for_worker, start_worker

    started: list[subprocess.Popen[bytes]] = []

    def start(env: dict[str, str]) -> Path:
        log = tmp_path / f"worker-{len(started)}.log"
        schedule = tmp_path / f"beat-{len(started)}"
        started.append(start_worker(env, log, "-B", "--schedule", str(schedule)))
        _wait_for_worker(log)
        return log

    yield start
    for process in started:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
