"""The log and its delivery: once per key, mailed once, failures retried, crashes survived.

The guarantee under test is the one documented in wegbegleitung/notifications/delivery.py.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from tests.conftest import mail_text, need_postgresql
from tests.factories import make_user
from wegbegleitung.models import Benachrichtigung, BenachrichtigungEinstellung
from wegbegleitung.notifications import delivery
from wegbegleitung.notifications.delivery import backoff, deliver, deliver_due, notify, record
from wegbegleitung.notifications.preferences import einstellungen_save
from wegbegleitung.notifications.registry import Due
from wegbegleitung.roles import Role

B = Benachrichtigung.Status


def _due(user, period="seit-2026-01-01", **context):
    return Due(
        user.pk, "wegbegleitung.wegbegleiter", user.wegbegleiter.pk, period, None,
        {"weeks": 8, "url": "https://wb.example/portal/supervision/", **context},
    )  # fmt: skip


def test_the_key_is_a_database_constraint(volunteer):
    record("supervision_due", [_due(volunteer)])
    record("supervision_due", [_due(volunteer)])  # a second run: ignored
    assert Benachrichtigung.objects.count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        Benachrichtigung.objects.create(
            recipient=volunteer, kind="supervision_due", subject_type="wegbegleitung.wegbegleiter",
            subject_id=volunteer.wegbegleiter.pk, period="seit-2026-01-01",
        )  # fmt: skip
    record("supervision_due", [_due(volunteer, period="seit-2026-03-10")])
    assert Benachrichtigung.objects.count() == 2


def test_a_notice_is_mailed_once_in_german_with_its_link(volunteer, mailoutbox, settings):
    settings.SITE_URL = "https://wb.example"
    assert notify("supervision_due", [_due(volunteer)]) == 1
    assert notify("supervision_due", [_due(volunteer)]) == 0
    assert deliver_due() == 0
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["vera@example.org"]
    assert message.subject == "Zeit für Supervision"
    assert "Supervision" in message.body and "8 Wochen" in message.body
    assert "https://wb.example/portal/supervision/" in message.body
    assert "https://wb.example/portal/supervision/" in message.alternatives[0].content
    row = Benachrichtigung.objects.get()
    assert row.status == B.GESENDET and row.sent_at is not None
    assert message.extra_headers["Message-ID"] == f"<benachrichtigung-{row.pk}@wb.example>"


def test_a_crash_after_sending_and_before_marking_sends_again_with_the_same_message_id(
    volunteer, mailoutbox, monkeypatch
):
    """The documented window: at least once, never lost, the repeat recognisable."""
    record("supervision_due", [_due(volunteer)])
    row = Benachrichtigung.objects.get()

    def worker_dies(row):
        raise SystemExit("killed between SMTP and COMMIT")

    monkeypatch.setattr(delivery, "mark_sent", worker_dies)
    with pytest.raises(SystemExit):
        deliver(row.pk)
    assert len(mailoutbox) == 1
    row.refresh_from_db()
    assert row.status == B.OFFEN and row.attempts == 0  # the transaction was rolled back

    monkeypatch.undo()
    assert deliver_due() == 1
    assert deliver_due() == 0
    assert len(mailoutbox) == 2
    ids = {m.extra_headers["Message-ID"] for m in mailoutbox}
    assert len(ids) == 1


def test_a_crash_before_the_mail_went_out_loses_nothing(volunteer, mailoutbox, monkeypatch):
    record("supervision_due", [_due(volunteer)])

    def worker_dies(row):
        raise SystemExit("killed while rendering")

    monkeypatch.setattr(delivery, "build_message", worker_dies)
    with pytest.raises(SystemExit):
        deliver_due()
    monkeypatch.undo()
    assert mailoutbox == []
    assert deliver_due() == 1
    assert len(mailoutbox) == 1


def test_backoff_doubles_up_to_six_hours(settings):
    settings.WB_NOTIFICATION_RETRY_SECONDS = 300
    assert [backoff(n).total_seconds() for n in (1, 2, 3)] == [300, 600, 1200]
    assert backoff(10) == timedelta(hours=6)


def _refusing_smtp(settings):
    from tests.conftest import _free_port

    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": _free_port(), "timeout": 2},
        }
    }


def test_smtp_failures_are_retried_with_backoff_then_given_up(volunteer, settings):
    _refusing_smtp(settings)  # nobody listens on the port
    settings.WB_NOTIFICATION_MAX_ATTEMPTS = 3
    record("supervision_due", [_due(volunteer)])
    row = Benachrichtigung.objects.get()
    before = timezone.now()
    assert deliver_due() == 0
    row.refresh_from_db()
    assert row.status == B.OFFEN and row.attempts == 1
    assert "ConnectionRefusedError" in row.last_error
    assert row.next_attempt_at >= before + timedelta(seconds=299)
    assert deliver_due() == 0  # not due again yet
    row.refresh_from_db()
    assert row.attempts == 1
    for attempts in (2, 3):
        Benachrichtigung.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())
        deliver_due()
        row.refresh_from_db()
        assert row.attempts == attempts
    assert row.status == B.FEHLGESCHLAGEN


def test_a_retried_row_arrives_at_the_real_smtp_server(volunteer, settings, smtp_server):
    _refusing_smtp(settings)
    record("supervision_due", [_due(volunteer)])
    deliver_due()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": smtp_server.host, "port": smtp_server.port},
        }
    }
    Benachrichtigung.objects.update(next_attempt_at=timezone.now())
    assert deliver_due() == 1
    messages = smtp_server.wait_for(1)
    assert len(messages) == 1 and messages[0]["To"] == "vera@example.org"
    assert "Supervision" in mail_text(messages[0])
    row = Benachrichtigung.objects.get()
    assert row.status == B.GESENDET and row.attempts == 2 and row.last_error == ""


# --- preferences ------------------------------------------------------------------------------


def test_a_kind_switched_off_lands_in_the_inbox_only(volunteer, mailoutbox):
    einstellungen_save(acting_user=volunteer, email_on={"supervision_due": False})
    notify("supervision_due", [_due(volunteer)])
    assert mailoutbox == []
    assert Benachrichtigung.objects.get().status == B.NUR_POSTFACH
    einstellungen_save(acting_user=volunteer, email_on={"supervision_due": True})
    notify("supervision_due", [_due(volunteer, period="seit-2026-04-01")])
    assert len(mailoutbox) == 1


def test_safeguarding_kinds_cannot_be_switched_off(volunteer, mailoutbox):
    with pytest.raises(ValidationError) as error:
        einstellungen_save(acting_user=volunteer, email_on={"certificate_renewal": False})
    assert "Schutz von Kindern" in " ".join(error.value.messages)
    assert not BenachrichtigungEinstellung.objects.exists()
    # even a stored "off" (written around the service) does not stop a critical kind
    BenachrichtigungEinstellung.objects.create(user=volunteer, kind="conduct_sign", email=False)
    due = Due(volunteer.pk, "wegbegleitung.wegbegleiter", volunteer.wegbegleiter.pk, "v1", None,
              {"version": 1, "url": "https://wb.example/schutz/verhaltenskodex/"})  # fmt: skip
    notify("conduct_sign", [due])
    assert len(mailoutbox) == 1


def test_a_coordinator_cannot_switch_off_volunteers_kinds(alice):
    with pytest.raises(ValidationError):
        einstellungen_save(acting_user=alice, email_on={"supervision_due": False})
    einstellungen_save(acting_user=alice, email_on={"digest_weekly": False})
    assert BenachrichtigungEinstellung.objects.get(user=alice).kind == "digest_weekly"


def test_inactive_recipients_are_not_among_coordinators(region_a, alice):
    from wegbegleitung.notifications.common import coordinators_by_region

    gone = make_user(Role.KOORDINATION, region=region_a, email="gone@example.org")
    gone.is_active = False
    gone.save()
    assert coordinators_by_region([region_a.pk])[region_a.pk] == [alice.pk]


def test_deleting_the_account_deletes_notices_to_and_about_the_volunteer(volunteer, alice):
    from wegbegleitung.services.account import wegbegleiter_delete_account

    record("supervision_due", [_due(volunteer)])
    about = Due(alice.pk, "wegbegleitung.wegbegleiter", volunteer.wegbegleiter.pk, "seit-nie",
                None, {"name": str(volunteer), "weeks": 12, "url": "https://wb.example/"})  # fmt: skip
    record("supervision_overdue", [about])
    unrelated = Due(alice.pk, "wegbegleitung.user", alice.pk, "2026-W02", None, {"count": 1})
    record("digest_weekly", [unrelated])
    wegbegleiter_delete_account(acting_user=volunteer, wegbegleiter=volunteer.wegbegleiter)
    assert list(Benachrichtigung.objects.values_list("kind", flat=True)) == ["digest_weekly"]


@pytest.mark.django_db(transaction=True)
def test_a_row_another_worker_is_mailing_is_skipped_not_sent_twice(volunteer, mailoutbox):
    """The row lock keeps two workers apart: the second skips the row the first holds."""
    import threading

    need_postgresql("a row lock held by another connection")

    from django.db import connections

    record("supervision_due", [_due(volunteer)])
    row = Benachrichtigung.objects.get()
    locked, release = threading.Event(), threading.Event()

    def other_worker():
        try:
            with transaction.atomic():
                Benachrichtigung.objects.select_for_update().get(pk=row.pk)
                locked.set()
                release.wait(10)
        finally:
            connections.close_all()

    thread = threading.Thread(target=other_worker)
    thread.start()
    assert locked.wait(10)
    try:
        assert deliver(row.pk) is False
        assert mailoutbox == []
    finally:
        release.set()
        thread.join()
    assert deliver(row.pk) is True
    assert len(mailoutbox) == 1
