"""The outbox: an after-commit task survives a broker that is down, and runs exactly once."""

from __future__ import annotations

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from kombu.exceptions import OperationalError

from schutzkonzept.services.concerns import meldung_report
from tests.conftest import _free_port
from tests.factories import make_user
from wegbegleitung import outbox
from wegbegleitung.models import Benachrichtigung, OutboxTask
from wegbegleitung.roles import Role
from wegbegleitung.tasks import run_outbox_task


@pytest.fixture
def broker_down(monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(run_outbox_task, "apply_async", refuse)


@pytest.fixture
def lead(region_a):
    return make_user(Role.KINDERSCHUTZ, region=region_a, email="lead@example.org")


def _later(minutes: int) -> timezone.datetime:
    return timezone.now() + timedelta(minutes=minutes)


def test_a_report_while_the_broker_is_down_is_stored_and_the_sweep_tells_the_lead_once(
    db, lead, broker_down, mailoutbox, django_capture_on_commit_callbacks, caplog
):
    with django_capture_on_commit_callbacks(execute=True):
        meldung_report(acting_user=None, description="Hilfe")
    assert "waits for the sweep" in caplog.text
    assert mailoutbox == [] and OutboxTask.objects.count() == 1
    assert outbox.sweep() == 0  # younger than one sweep interval: left to the broker
    assert outbox.sweep(now=_later(2)) == 1
    assert outbox.sweep(now=_later(4)) == 0
    assert [m.to for m in mailoutbox] == [["lead@example.org"]]
    assert not OutboxTask.objects.exists()


def test_the_fast_path_and_the_sweep_together_tell_the_lead_once(
    db, lead, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        meldung_report(acting_user=None, description="Hilfe")
    (row,) = OutboxTask.objects.all()
    assert outbox.run(row.pk) is True
    assert outbox.run(row.pk) is False  # a redelivered fast path finds it done
    assert outbox.sweep(now=_later(2)) == 0
    assert len(mailoutbox) == 1
    assert Benachrichtigung.objects.get(recipient=lead).status == "gesendet"


def test_a_runner_that_died_holds_its_row_for_the_lease_then_the_sweep_runs_it(
    db, lead, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        meldung_report(acting_user=None, description="Hilfe")
    (row,) = OutboxTask.objects.all()
    assert outbox._claim(row.pk) is not None  # claimed, then the worker was killed
    assert outbox.run(row.pk) is False and outbox.sweep(now=_later(2)) == 0
    assert mailoutbox == []
    OutboxTask.objects.update(next_attempt_at=timezone.now())  # the lease has run out
    assert outbox.sweep(now=_later(2)) == 1
    assert [m.to for m in mailoutbox] == [["lead@example.org"]]


def test_a_mail_that_fails_is_kept_with_its_error_and_sent_on_a_later_sweep(
    db, mailoutbox, settings, django_capture_on_commit_callbacks
):
    from wegbegleitung.tasks import send_account_mail

    settings.MAILERS = {  # nobody listens on the port
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": _free_port(), "timeout": 2},
        }
    }
    payload = {
        "subject": "Passwort",
        "body": "Link",
        "from_email": "wb@example.org",
        "to": ["a@example.org"],
    }
    with django_capture_on_commit_callbacks(execute=True):
        outbox.enqueue(send_account_mail, payload)
    row = OutboxTask.objects.get()
    assert row.attempts == 1 and "ConnectionRefusedError" in row.last_error
    assert row.next_attempt_at > timezone.now()
    assert outbox.sweep(now=_later(0)) == 0  # not due again yet
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    OutboxTask.objects.update(next_attempt_at=timezone.now(), created_at=_later(-5))
    assert outbox.sweep() == 1
    assert [m.subject for m in mailoutbox] == ["Passwort"]
    assert not OutboxTask.objects.exists()


def test_no_app_code_hands_a_task_to_the_broker_except_through_the_outbox():
    """A task sent straight to the broker is lost when Redis is down: every write goes through
    ``outbox.enqueue`` (or ``nudge_on_commit`` for work the database already holds)."""
    from pathlib import Path

    repo = Path(__file__).resolve().parents[2]
    direct = re.compile(r"\.(delay|delay_on_commit|apply_async|send_task)\(")
    offenders = [
        f"{path.relative_to(repo)}:{number}"
        for app in ("wegbegleitung", "einrichtungen", "schutzkonzept", "matching")
        for path in sorted((repo / app).rglob("*.py"))
        if path.name != "outbox.py"
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if direct.search(line)
    ]
    assert offenders == []


def test_an_operator_sends_what_waits_during_a_long_outage(
    db, lead, broker_down, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meldung_report(acting_user=None, description="Hilfe")
    assert mailoutbox == []
    out = StringIO()
    call_command("run_outbox", stdout=out)
    assert out.getvalue().strip() == "1 waiting task(s) run"
    assert [m.to for m in mailoutbox] == [["lead@example.org"]]
