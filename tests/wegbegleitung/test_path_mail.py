"""Coordinators hear by mail when a volunteer pauses, resumes or leaves in the portal."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from tests.conftest import mail_text
from tests.factories import make_user
from tests.schutzkonzept.factories import make_cleared
from tests.wegbegleitung.factories import make_volunteer
from wegbegleitung.models import Benachrichtigung, Wegbegleiter
from wegbegleitung.roles import Role
from wegbegleitung.services.volunteer_path import wegbegleiter_transition


def test_volunteer_leaving_in_the_portal_mails_the_coordinators(
    client, vera, alice, bob, django_capture_on_commit_callbacks
):
    client.force_login(vera.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("portal:status_change", args=["leave"]), {"reason": "privat"})
    assert [m.to for m in mail.outbox] == [[alice.email]]  # not bob: another region
    message = mail.outbox[0]
    assert "Ausgeschieden" in message.subject
    assert "„Ausscheiden“" in message.body
    assert "privat" not in message.body  # the reason stays in the admin


def test_coordinator_steps_send_no_mail(alice, region_a, django_capture_on_commit_callbacks):
    wegbegleiter = make_volunteer(region_a, status=Wegbegleiter.Status.VERFUEGBAR)
    with django_capture_on_commit_callbacks(execute=True):
        wegbegleiter_transition(
            acting_user=alice, wegbegleiter=wegbegleiter, action="pause", reason="Urlaub"
        )
    assert mail.outbox == []


@pytest.mark.worker
def test_pause_mail_goes_through_a_real_worker(celery_worker, smtp_server, region_a):
    coordinator = make_user(Role.KOORDINATION, region=region_a, email="koord@example.org")
    wegbegleiter = make_volunteer(region_a, status=Wegbegleiter.Status.VERFUEGBAR)
    wegbegleiter_transition(
        acting_user=wegbegleiter.user, wegbegleiter=wegbegleiter, action="pause"
    )
    messages = smtp_server.wait_for(1)
    assert len(messages) == 1, celery_worker.log.read_text()
    assert messages[0]["To"] == coordinator.email
    assert "Pausiert" in mail_text(messages[0])


@pytest.mark.parametrize(
    ("action", "words"),
    [("accept", "angenommen"), ("defer", "zurückgestellt"), ("decline", "nicht annehmen")],
)
def test_decision_is_mailed_to_the_volunteer_without_the_reason(
    action, words, alice, region_a, django_capture_on_commit_callbacks
):
    from tests.wegbegleitung.factories import record_screening

    wegbegleiter = make_volunteer(region_a, status=Wegbegleiter.Status.IN_PRUEFUNG)
    record_screening(wegbegleiter, alice)
    make_cleared(wegbegleiter)
    with django_capture_on_commit_callbacks(execute=True):
        wegbegleiter_transition(
            acting_user=alice, wegbegleiter=wegbegleiter, action=action, reason="Interna XY"
        )
    assert [m.to for m in mail.outbox] == [[wegbegleiter.user.email]]
    assert words in mail.outbox[0].body
    assert "Interna XY" not in mail.outbox[0].body
    assert "/portal/" in mail.outbox[0].body
    # the log keeps the outcome only; the name is rendered when the mail is sent
    [row] = Benachrichtigung.objects.filter(kind="path_decision")
    assert set(row.context) == {"outcome"}
    assert wegbegleiter.user.first_name in mail.outbox[0].body
