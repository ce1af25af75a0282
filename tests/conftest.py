"""Shared fixtures: the fixed cast, real services (PostgreSQL, Redis, SMTP, Celery, Chromium).

Outside CI a missing real service skips the tests that need it with a reason; with CI=true it
fails them, so a CI run never passes by skipping the real parts.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.utils import translation

from tests.factories import RegionFactory, make_einrichtung, make_user
from wegbegleitung.celery import app as celery_app
from wegbegleitung.roles import Role

IN_CI = os.environ.get("CI", "").lower() == "true"
REPO = Path(__file__).resolve().parent.parent


def need(condition: bool, reason: str) -> None:
    if condition:
        return
    if IN_CI:
        pytest.fail(f"required in CI: {reason}")
    pytest.skip(reason)


def need_postgresql(why: str) -> None:
    """Row locks across connections and database triggers: SQLite (no DATABASE_URL) has neither."""
    need(connection.vendor == "postgresql", f"DATABASE_URL is not PostgreSQL ({why})")


def in_thread(target: Callable[[], Any], results: dict[str, Any], key: str) -> threading.Thread:
    """Run ``target`` in a thread of its own (its own database connection, German), keeping its
    result or exception under ``key``: for two transactions that meet at a row lock."""

    def run() -> None:
        try:
            with translation.override("de"):
                results[key] = target()
        except Exception as exc:  # noqa: BLE001 - the test inspects what happened
            results[key] = exc
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def pdf_text(path: Path | str, *, layout: bool = True) -> str:
    """The text layer of a PDF, read back with poppler's pdftotext."""
    executable = shutil.which("pdftotext")
    need(executable is not None, "pdftotext is not installed (Debian: poppler-utils)")
    flags = ["-layout"] if layout else []
    return subprocess.run(
        [str(executable), *flags, str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


@pytest.fixture(autouse=True)
def _tasks_run_in_process() -> Iterator[None]:
    """Task paths in ordinary tests run in-process at commit; `celery_worker` tests use a real one."""
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER


@pytest.fixture(autouse=True)
def _isolated_cache(settings: Any, request: Any) -> None:
    """Each test gets an empty cache of its own, so rate limits and used one-time codes of one
    test never leak into the next (the shared Redis cache itself is tested in test_cache.py)."""
    # a fast hasher: the password hashing cost is not what these tests are about
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    if request.node.get_closest_marker("real_cache"):
        return
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": request.node.nodeid,
        }
    }


# --- the fixed cast ---------------------------------------------------------------------------


@pytest.fixture
def region_a(db: Any) -> Any:
    return RegionFactory(name="Rhein-Main")


@pytest.fixture
def region_b(db: Any) -> Any:
    return RegionFactory(name="Wien")


@pytest.fixture
def alice(region_a: Any) -> Any:
    """Coordinator of region A: may."""
    return make_user(Role.KOORDINATION, region=region_a, email="alice@example.org")


@pytest.fixture
def bob(region_b: Any) -> Any:
    """Coordinator of region B: another region."""
    return make_user(Role.KOORDINATION, region=region_b, email="bob@example.org")


@pytest.fixture
def charlie(db: Any) -> Any:
    """Logged in, but no role at all."""
    return make_user(None, email="charlie@example.org")


@pytest.fixture
def einrichtung_a(region_a: Any) -> Any:
    return make_einrichtung(region_a, "Wohngruppe Lindenhof")


@pytest.fixture
def einrichtung_b(region_b: Any) -> Any:
    return make_einrichtung(region_b, "Haus am See")


@pytest.fixture
def staff_a(einrichtung_a: Any) -> Any:
    return make_user(Role.EINRICHTUNG, einrichtung=einrichtung_a, email="staff-a@example.org")


@pytest.fixture
def staff_b(einrichtung_b: Any) -> Any:
    return make_user(Role.EINRICHTUNG, einrichtung=einrichtung_b, email="staff-b@example.org")


@pytest.fixture
def volunteer(region_a: Any) -> Any:
    return make_user(Role.WEGBEGLEITUNG, region=region_a, email="vera@example.org")


# --- real SMTP --------------------------------------------------------------------------------


@dataclass
class SmtpServer:
    host: str
    port: int
    messages: list[EmailMessage] = field(default_factory=list)

    def wait_for(self, count: int = 1, timeout: float = 30.0) -> list[EmailMessage]:
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.1)
        return self.messages


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    """A real SMTP server (aiosmtpd) on a free local port, collecting what it receives."""
    from aiosmtpd.controller import Controller

    server = SmtpServer("127.0.0.1", _free_port())

    class Handler:
        async def handle_DATA(self, smtp: Any, session: Any, envelope: Any) -> str:  # noqa: N802
            message = message_from_bytes(envelope.content, policy=policy.default)
            server.messages.append(message)  # type: ignore[arg-type]
            return "250 OK"

    controller = Controller(Handler(), hostname=server.host, port=server.port)
    controller.start()
    try:
        yield server
    finally:
        controller.stop()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def mail_text(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain",))
    return body.get_content() if body is not None else ""


# --- real Celery worker on Redis --------------------------------------------------------------


@dataclass
class WorkerProcess:
    process: subprocess.Popen[bytes]
    env: dict[str, str]
    log: Path


def worker_env(smtp: SmtpServer | None, queue: str) -> dict[str, str]:
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}",
        "DATABASE_POOL": "false",
        "CELERY_QUEUE": queue,
        # an empty cache of its own, like the test's (a day's reminder run remembered by an
        # earlier test's worker must not stand for this test's data)
        "CACHE_KEY_PREFIX": f"wb-{queue}",
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,
        "SITE_URL": settings.SITE_URL,
    }
    if smtp is not None:
        env.update(
            {"EMAIL_HOST": smtp.host, "EMAIL_PORT": str(smtp.port), "EMAIL_USE_TLS": "false"}
        )
    return env


def start_worker(env: dict[str, str], log: Path, *extra: str) -> subprocess.Popen[bytes]:
    handle = log.open("ab")
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "wegbegleitung",
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            "-Q",
            env["CELERY_QUEUE"],
            *extra,
        ],
        cwd=REPO,
        env=env,
        stdout=handle,
        stderr=subprocess.STDOUT,
    )


@pytest.fixture
def celery_worker(
    transactional_db: Any, smtp_server: SmtpServer, tmp_path: Path
) -> Iterator[WorkerProcess]:
    """A real `celery worker` process on Redis, using the test database and the test SMTP server.

    Tasks are sent to a queue of this test only, so nothing else consumes them.
    """
    need(settings.REDIS_URL is not None, "REDIS_URL is not set: no Redis broker")
    need(connection.vendor == "postgresql", "DATABASE_URL is not PostgreSQL")
    queue = f"test-{os.getpid()}-{time.monotonic_ns()}"
    env = worker_env(smtp_server, queue)
    log = tmp_path / "worker.log"
    process = start_worker(env, log)
    celery_app.conf.task_always_eager = False
    celery_app.conf.task_default_queue = queue
    try:
        _wait_for_worker(log)
        yield WorkerProcess(process, env, log)
    finally:
        celery_app.conf.task_default_queue = settings.CELERY_TASK_DEFAULT_QUEUE
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture
def worker_private_files(monkeypatch: Any, settings: Any, tmp_path: Path) -> Path:
    """The worker writes private files (PDFs, exports) where this test's settings point: the
    test's own directory, set in the environment before ``celery_worker`` starts the process
    (list this fixture before it)."""
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    monkeypatch.setenv("PRIVATE_FILES_ROOT", str(settings.PRIVATE_FILES_ROOT))
    return Path(settings.PRIVATE_FILES_ROOT)


def wait_for_worker_result[T](condition: Callable[[], T], timeout: float = 90.0) -> T:
    """Ask ``condition`` until it gives something truthy (what the worker made), then return it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError("the worker did not finish in time")


def _wait_for_worker(log: Path, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if log.exists() and b"ready." in log.read_bytes():
            return
        time.sleep(0.2)
    raise RuntimeError(f"celery worker did not start:\n{log.read_text(errors='replace')}")


# --- real Chromium ----------------------------------------------------------------------------


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


@pytest.fixture
def browser() -> Iterator[Any]:
    """Headless Chromium through Debian's chromedriver (no download)."""
    need(
        Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists(),
        "chromium / chromium-driver are not installed",
    )
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--lang=de-DE",
        "--window-size=1280,900",
    ):
        options.add_argument(arg)
    options.add_experimental_option("prefs", {"intl.accept_languages": "de-DE,de"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.implicitly_wait(5)
    try:
        yield driver
    finally:
        driver.quit()
