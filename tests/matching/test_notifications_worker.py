"""Beat's reminder task in a real Celery worker on Redis, for a real match: the mentor's friendly
diary reminder and the coordinator's overdue support contact arrive at a real SMTP server, once."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from matching.models import Begleitung
from tests.conftest import mail_text
from tests.matching.factories import make_active
from wegbegleitung.celery import app as celery_app
from wegbegleitung.models import Benachrichtigung

REMINDERS = django_settings.CELERY_BEAT_SCHEDULE["notifications-reminders"]["task"]


@pytest.mark.worker
def test_matching_reminders_through_a_real_worker_once(
    worker_private_files, celery_worker, smtp_server, alice, staff_a, anfrage_a, mentor_a
):
    begleitung = make_active(alice, staff_a, anfrage_a, mentor_a)
    started = timezone.localdate() - timedelta(days=22)
    Begleitung.objects.filter(pk=begleitung.pk).update(started_on=started)

    celery_app.send_task(REMINDERS)
    wanted = {"mara@example.org": "Wie läuft", "alice@example.org": "Unterstützungskontakt"}

    def arrived():
        return {
            m["To"]: m for m in smtp_server.messages
            if m["To"] in wanted and m["Subject"].startswith(wanted[m["To"]])
        }  # fmt: skip

    deadline = time.monotonic() + 60
    while len(arrived()) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    mails = arrived()
    assert set(mails) == set(wanted), celery_worker.log.read_text()
    diary = mail_text(mails["mara@example.org"])
    assert "Hallo Mara" in diary and f"seit dem {started:%d.%m.%Y}" in diary
    assert f"{django_settings.SITE_URL}/begleitung/" in diary
    contact = mail_text(mails["alice@example.org"])
    assert f"/admin/matching/begleitung/{begleitung.pk}/change/" in contact
    assert mails["alice@example.org"]["Subject"].startswith("Unterstützungskontakt überfällig")

    count = len(smtp_server.messages)
    celery_app.send_task(REMINDERS)
    deadline = time.monotonic() + 30
    log = celery_worker.log
    while time.monotonic() < deadline:
        lines = log.read_text(errors="replace").splitlines()
        if sum(1 for ln in lines if f"Task {REMINDERS}[" in ln and "succeeded" in ln) >= 2:
            break
        time.sleep(0.05)
    time.sleep(0.5)
    assert len(smtp_server.messages) == count
    assert Benachrichtigung.objects.filter(kind="diary_missing").count() == 1
