"""Beat's reminder task in a real Celery worker on Redis, mailing a real SMTP server.

The second test kills the worker (SIGKILL) in the middle of a reminder batch and starts a new
one: the broker hands the unacknowledged task to it, and every reminder arrives exactly once.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.utils import timezone

from schutzkonzept.clearance import certificate_valid_until
from schutzkonzept.dates import add_months
from tests.conftest import _wait_for_worker, mail_text, need, start_worker, worker_env
from tests.factories import make_user
from tests.schutzkonzept.factories import FuehrungszeugnisFactory, make_kodex
from tests.wegbegleitung.factories import make_volunteer
from wegbegleitung.celery import app as celery_app
from wegbegleitung.models import Benachrichtigung, Region, Wegbegleiter
from wegbegleitung.roles import Role

REMINDERS = django_settings.CELERY_BEAT_SCHEDULE["notifications-reminders"]["task"]


def _succeeded(log, task: str) -> int:
    lines = log.read_text(errors="replace").splitlines()
    return sum(1 for line in lines if f"Task {task}[" in line and "succeeded" in line)


def _wait(condition, timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def _issued_for_end_in(days: int):
    end = timezone.localdate() + timedelta(days=days)
    issued = add_months(end, -12 * django_settings.WB_CERTIFICATE_VALID_YEARS)
    while certificate_valid_until(issued) < end:  # 29 February has no twin in other years
        issued += timedelta(days=1)
    return issued


@pytest.mark.worker
def test_the_beat_task_mails_through_a_real_worker_and_a_second_run_sends_nothing(
    celery_worker, smtp_server
):
    region = Region.objects.create(name="Nord", country="DE")
    make_user(Role.KOORDINATION, region=region, email="koord@example.org")
    wiebke = make_volunteer(
        region, status=Wegbegleiter.Status.VERFUEGBAR, email="wiebke@example.org",
        first_name="Wiebke",
    )  # fmt: skip
    issued = _issued_for_end_in(14)
    FuehrungszeugnisFactory(wegbegleiter=wiebke, issued_on=issued, inspected_on=issued)

    celery_app.send_task(REMINDERS)
    messages = smtp_server.wait_for(2)
    assert len(messages) == 2, celery_worker.log.read_text()
    by_recipient = {m["To"]: m for m in messages}
    assert set(by_recipient) == {"wiebke@example.org", "koord@example.org"}
    text = mail_text(by_recipient["wiebke@example.org"])
    assert "Hallo Wiebke" in text and "Führungszeugnis" in text and "beantragen" in text
    assert f"{django_settings.SITE_URL}/schutz/" in text
    assert by_recipient["wiebke@example.org"]["Subject"].startswith("Ihr Führungszeugnis läuft am")
    assert f"/admin/wegbegleitung/wegbegleiter/{wiebke.pk}/change/" in mail_text(
        by_recipient["koord@example.org"]
    )

    celery_app.send_task(REMINDERS)
    assert _wait(lambda: _succeeded(celery_worker.log, REMINDERS) >= 2)
    time.sleep(0.5)
    assert len(smtp_server.messages) == 2
    assert Benachrichtigung.objects.filter(status="gesendet").count() == 2


@pytest.fixture
def crash_queue(transactional_db):
    need(django_settings.REDIS_URL is not None, "REDIS_URL is not set: no Redis broker")
    need(connection.vendor == "postgresql", "DATABASE_URL is not PostgreSQL")
    queue = f"test-crash-{os.getpid()}-{time.monotonic_ns()}"
    celery_app.conf.task_always_eager = False
    celery_app.conf.task_default_queue = queue
    yield queue
    celery_app.conf.task_default_queue = django_settings.CELERY_TASK_DEFAULT_QUEUE


@pytest.mark.worker
def test_a_worker_killed_mid_batch_is_replaced_and_every_reminder_arrives_once(
    crash_queue, smtp_server, tmp_path
):
    region = Region.objects.create(name="Süd", country="DE")
    make_kodex(version=1)
    emails = [f"wb{n}@example.org" for n in range(6)]
    for email in emails:
        make_volunteer(region, status=Wegbegleiter.Status.VERFUEGBAR, email=email)

    env = worker_env(smtp_server, crash_queue)
    env["WB_NOTIFICATION_TEST_DELAY"] = "1.0"  # a pause before each row of the batch
    env["CELERY_VISIBILITY_TIMEOUT"] = "3"  # the broker gives an orphaned task away soon
    workers: list[subprocess.Popen[bytes]] = []
    try:
        first_log = tmp_path / "first.log"
        workers.append(start_worker(env, first_log))
        _wait_for_worker(first_log)
        celery_app.send_task(REMINDERS)
        # two rows mailed and committed: the worker now waits before the third
        assert _wait(lambda: Benachrichtigung.objects.filter(status="gesendet").count() >= 2)
        workers[0].send_signal(signal.SIGKILL)
        workers[0].wait(timeout=10)
        mailed_before = len(smtp_server.messages)
        assert 2 <= mailed_before < len(emails)  # really in the middle of the batch

        second_log = tmp_path / "second.log"
        workers.append(start_worker(env, second_log))
        _wait_for_worker(second_log)
        assert _wait(lambda: _succeeded(second_log, REMINDERS) >= 1, timeout=90), (
            second_log.read_text()
        )
    finally:
        for process in workers:
            if process.poll() is None:
                process.terminate()
                process.wait(timeout=20)

    recipients = sorted(m["To"] for m in smtp_server.messages)
    assert recipients == sorted(emails)  # every reminder, none twice
    assert Benachrichtigung.objects.filter(status="gesendet").count() == len(emails)
    assert all("Verhaltenskodex" in mail_text(m) for m in smtp_server.messages)
