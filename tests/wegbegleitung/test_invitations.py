"""Invitations: single use, expiring, scoped to the inviter's regions, mail really delivered."""

import re
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.conftest import mail_text
from wegbegleitung.models import AuditEvent, Einladung, User
from wegbegleitung.roles import Role
from wegbegleitung.services.invitations import einladung_create, einladung_from_token

LINK = re.compile(r"http://[^\s\"<>]+/einladung/[^\s\"<>/]+/")
NEW_ACCOUNT = {
    "first_name": "Nora",
    "last_name": "Neumann",
    "password1": "ein-sicheres-Passwort-42",
    "password2": "ein-sicheres-Passwort-42",
}


def _invite(alice, einrichtung, django_capture_on_commit_callbacks, email="nora@example.org"):
    with django_capture_on_commit_callbacks(execute=True):
        return einladung_create(
            acting_user=alice, email=email, role=Role.EINRICHTUNG, einrichtung=einrichtung
        )


def _link_from_mail() -> str:
    match = LINK.search(mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(0).removeprefix("http://127.0.0.1:8000")


def test_invitation_mail_is_german_and_carries_a_working_link(
    client, alice, einrichtung_a, django_capture_on_commit_callbacks
):
    _invite(alice, einrichtung_a, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nora@example.org"]
    assert "Einladung" in message.subject
    assert "7 Tagen" in message.body
    response = client.get(_link_from_mail())
    assert response.status_code == 200
    assert "Einladung annehmen" in response.text
    assert "Wohngruppe Lindenhof" in response.text


def test_accepting_creates_staff_account_of_that_facility_and_asks_for_two_factor(
    client, alice, einrichtung_a, django_capture_on_commit_callbacks
):
    _invite(alice, einrichtung_a, django_capture_on_commit_callbacks)
    response = client.post(_link_from_mail(), NEW_ACCOUNT, follow=True)
    user = User.objects.get(email="nora@example.org")
    assert user.has_role(Role.EINRICHTUNG)
    assert user.groups.filter(pk=einrichtung_a.staff_group_id).exists()
    assert user.emailaddress_set.get().verified
    # staff must set up two-factor login before anything else
    assert response.redirect_chain[-1][0].startswith("/konto/")
    assert response.request["PATH_INFO"] in {"/konto/2fa/totp/activate/", "/konto/reauthenticate/"}


def test_link_works_only_once(client, alice, einrichtung_a, django_capture_on_commit_callbacks):
    _invite(alice, einrichtung_a, django_capture_on_commit_callbacks)
    link = _link_from_mail()
    client.post(link, NEW_ACCOUNT)
    client.logout()
    again = client.get(link)
    assert again.status_code == 410
    assert "bereits verwendet" in again.text
    second_try = client.post(link, {**NEW_ACCOUNT, "first_name": "Mallory"})
    assert second_try.status_code == 410
    assert User.objects.filter(email="nora@example.org").count() == 1
    assert User.objects.get(email="nora@example.org").first_name == "Nora"


def test_expired_link_is_refused(client, alice, einrichtung_a, django_capture_on_commit_callbacks):
    einladung = _invite(alice, einrichtung_a, django_capture_on_commit_callbacks)
    link = _link_from_mail()
    Einladung.objects.filter(pk=einladung.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    response = client.post(link, NEW_ACCOUNT)
    assert response.status_code == 410
    assert "abgelaufen" in response.text
    assert not User.objects.filter(email="nora@example.org").exists()


def test_link_expires_after_the_configured_days(alice, einrichtung_a, settings):
    settings.WB_INVITATION_VALID_DAYS = 3
    before = timezone.now()
    einladung = einladung_create(
        acting_user=alice, email="x@example.org", role=Role.EINRICHTUNG, einrichtung=einrichtung_a
    )
    assert before + timedelta(days=3) <= einladung.expires_at <= timezone.now() + timedelta(days=3)


def test_tampered_link_is_refused(client, alice, einrichtung_a, django_capture_on_commit_callbacks):
    _invite(alice, einrichtung_a, django_capture_on_commit_callbacks)
    link = _link_from_mail()
    token = link.rstrip("/").rsplit("/", 1)[1]
    forged = link.replace(token, token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB"))
    response = client.get(forged)
    assert response.status_code == 410
    assert "nicht gültig" in response.text


def test_bad_password_keeps_invitation_open(
    client, alice, einrichtung_a, django_capture_on_commit_callbacks
):
    _invite(alice, einrichtung_a, django_capture_on_commit_callbacks)
    link = _link_from_mail()
    response = client.post(link, {**NEW_ACCOUNT, "password1": "123", "password2": "123"})
    assert response.status_code == 200
    assert "zu kurz" in response.text
    assert not User.objects.filter(email="nora@example.org").exists()
    assert Einladung.objects.get().accepted_at is None


def test_coordinator_cannot_invite_into_another_region(bob, einrichtung_a):
    with pytest.raises(PermissionDenied):
        einladung_create(
            acting_user=bob, email="x@example.org", role=Role.EINRICHTUNG, einrichtung=einrichtung_a
        )
    assert not Einladung.objects.exists()


def test_staff_invitation_needs_a_facility(alice):
    with pytest.raises(ValidationError):
        einladung_create(acting_user=alice, email="x@example.org", role=Role.EINRICHTUNG)


def test_volunteer_cannot_invite(volunteer, einrichtung_a):
    with pytest.raises(PermissionDenied):
        einladung_create(
            acting_user=volunteer,
            email="x@example.org",
            role=Role.EINRICHTUNG,
            einrichtung=einrichtung_a,
        )


def test_logged_in_invitee_with_matching_address_gets_the_role(
    client, alice, region_a, django_capture_on_commit_callbacks
):
    from tests.factories import make_user

    existing = make_user(Role.WEGBEGLEITUNG, email="vera@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        einladung_create(
            acting_user=alice, email="vera@example.org", role=Role.KOORDINATION, region=region_a
        )
    client.force_login(existing)
    response = client.post(_link_from_mail(), {})
    assert response.status_code == 302
    existing.refresh_from_db()
    assert existing.is_staff
    assert region_a.coordinators.filter(pk=existing.pk).exists()


def test_creating_and_accepting_are_audited(
    client, alice, einrichtung_a, django_capture_on_commit_callbacks
):
    einladung = _invite(alice, einrichtung_a, django_capture_on_commit_callbacks)
    client.post(_link_from_mail(), NEW_ACCOUNT)
    actions = list(
        AuditEvent.objects.filter(object_id=str(einladung.pk)).values_list("action", "actor_label")
    )
    assert ("einladung.create", "alice@example.org") in actions
    assert ("einladung.accept", "nora@example.org") in actions


@pytest.mark.worker
def test_invitation_mail_goes_through_a_real_worker_and_smtp(
    alice, einrichtung_a, celery_worker, smtp_server
):
    einladung = einladung_create(
        acting_user=alice,
        email="nora@example.org",
        role=Role.EINRICHTUNG,
        einrichtung=einrichtung_a,
    )
    messages = smtp_server.wait_for(1, timeout=60)
    assert len(messages) == 1, celery_worker.log.read_text()
    message = messages[0]
    assert message["To"] == "nora@example.org"
    assert "Einladung" in message["Subject"]
    text = mail_text(message)
    # the token carries the second it was signed in the worker: compare what it opens, not its text
    token = re.search(r"/einladung/([^/\s]+)/", text).group(1)
    assert einladung_from_token(token) == einladung
    # the worker records the sending after the SMTP server has the mail: wait for it
    deadline = time.monotonic() + 30
    while Einladung.objects.get(pk=einladung.pk).sent_at is None and time.monotonic() < deadline:
        time.sleep(0.05)
    einladung.refresh_from_db()
    assert einladung.sent_at is not None
