"""The operators' list of pending tasks: superusers see what waits and why, and retry it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from matching.tasks import render_vereinbarung
from tests.factories import add_totp, make_user
from wegbegleitung import outbox
from wegbegleitung.models import AuditEvent, OutboxTask
from wegbegleitung.tasks import send_account_mail

pytestmark = pytest.mark.django_db
LIST = "admin:wegbegleitung_outboxtask_changelist"


@pytest.fixture
def root():
    user = make_user(None, email="root@example.org", is_superuser=True, is_staff=True)
    add_totp(user)
    return user


@pytest.fixture
def waiting(django_capture_on_commit_callbacks):
    mail = outbox.enqueue(send_account_mail, {"subject": "x", "body": "GEHEIMER-LINK", "to": []})
    failed = outbox.enqueue(render_vereinbarung, 4711)
    OutboxTask.objects.filter(pk=failed.pk).update(
        attempts=3,
        last_error="OSError: Schriftart fehlt",
        next_attempt_at=timezone.now() + timedelta(hours=2),
    )
    return mail, failed


def test_a_superuser_sees_each_task_in_words_with_its_error_but_not_its_arguments(
    client, root, waiting
):
    client.force_login(root)
    page = client.get(reverse(LIST)).content.decode()
    assert "Kontomail versenden" in page
    assert "Vereinbarung als PDF erstellen" in page
    assert "OSError: Schriftart fehlt" in page
    assert "GEHEIMER-LINK" not in page and "4711" not in page
    failed_only = client.get(reverse(LIST) + "?zustand=fehler").content.decode()
    assert "Vereinbarung als PDF erstellen" in failed_only
    assert "Kontomail versenden" not in failed_only


def test_retry_now_makes_the_failed_task_due_and_is_audited(client, root, waiting):
    mail, failed = waiting
    client.force_login(root)
    response = client.post(
        reverse(LIST),
        {"action": "retry_now", "_selected_action": [mail.pk, failed.pk]},
        follow=True,
    )
    assert "1 fehlgeschlagene Aufgabe wird jetzt erneut versucht." in response.content.decode()
    failed.refresh_from_db()
    assert failed.next_attempt_at <= timezone.now()
    assert failed.attempts == 3  # the history of failures stays
    event = AuditEvent.objects.get(action="outboxtask.retry")
    assert event.actor == root and event.details == {"count": 1}


def test_nobody_but_a_superuser_sees_the_pending_tasks(client, alice, staff_a, volunteer, waiting):
    for user in (alice,):
        add_totp(user)
        client.force_login(user)
        assert client.get(reverse(LIST)).status_code == 403
        assert "artende Aufgaben" not in client.get(reverse("admin:index")).content.decode()
    for user in (staff_a, volunteer):
        client.force_login(user)
        assert client.get(reverse(LIST)).status_code == 302  # the admin's login page
    client.logout()
    assert client.get(reverse(LIST)).status_code == 302
