"""Profile and account: email change with re-verification, password, account deletion."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD
from tests.wegbegleitung.factories import complete_application, record_screening
from wegbegleitung.models import AuditEvent, Bewerbung, Erstgespraech, Referenz, Wegbegleiter


@pytest.fixture
def vera_client(client, volunteer):
    client.force_login(volunteer)
    return client


def test_delete_account_page_says_what_is_kept(vera_client):
    page = vera_client.get(reverse("portal:delete_account")).content.decode()
    assert "Was wir aus rechtlichen Gründen aufbewahren müssen" in page
    assert "§ 72a Abs. 5 SGB VIII" in page


def test_wrong_password_deletes_nothing(vera_client, vera):
    complete_application(vera)
    response = vera_client.post(reverse("portal:delete_account"), {"password": "falsch"})
    assert "Das Passwort ist nicht richtig." in response.content.decode()
    assert Bewerbung.objects.filter(wegbegleiter=vera).exists()


def test_delete_account_removes_personal_data_and_keeps_what_law_requires(vera_client, vera, alice):
    complete_application(vera, submitted=True)
    record_screening(vera, alice)
    email = vera.user.email
    response = vera_client.post(reverse("portal:delete_account"), {"password": PASSWORD})
    assert response.status_code == 302
    assert not Bewerbung.objects.filter(wegbegleiter=vera).exists()
    assert not Erstgespraech.objects.filter(wegbegleiter=vera).exists()
    assert not Referenz.objects.filter(wegbegleiter=vera).exists()
    kept = Wegbegleiter.objects.select_related("user").get(pk=vera.pk)
    assert kept.status == Wegbegleiter.Status.AUSGESCHIEDEN
    assert kept.activity_ended_on is not None  # the § 72a retention clock runs
    user = kept.user
    assert (user.first_name, user.last_name, user.is_active) == ("", "", False)
    assert email not in user.email
    assert not user.has_usable_password()
    assert not EmailAddress.objects.filter(email=email).exists()
    assert not get_user_model().objects.filter(email=email).exists()
    event = AuditEvent.objects.get(action="wegbegleiter.delete_account")
    assert email not in str(event.details)
    # logged out, and the old session no longer reaches the portal
    assert vera_client.get(reverse("portal:start")).status_code == 302


def test_email_change_needs_verification(
    vera_client, volunteer, django_capture_on_commit_callbacks, settings
):
    settings.ACCOUNT_RATE_LIMITS = False  # the limits' counters live in the shared cache
    with django_capture_on_commit_callbacks(execute=True):
        response = vera_client.post(
            reverse("account_email"), {"action_add": "", "email": "neu@example.org"}
        )
    assert response.status_code in (200, 302)
    new = EmailAddress.objects.get(email="neu@example.org")
    assert not new.verified
    assert any("neu@example.org" in m.to for m in mail.outbox)
    volunteer.refresh_from_db()
    assert volunteer.email == "vera@example.org"  # not switched before the new one is verified


def test_password_change(vera_client, volunteer):
    response = vera_client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": "ein-neues-Passwort-42", "password2":
         "ein-neues-Passwort-42"},
    )  # fmt: skip
    assert response.status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.check_password("ein-neues-Passwort-42")


def test_public_page_explains_the_role_and_links_sign_up(client, db):
    home = client.get(reverse("home")).content.decode()
    assert reverse("become_mentor") in home
    page = client.get(reverse("become_mentor")).content.decode()
    assert "Wegbegleiter:in werden" in page
    assert "mindestens 12 Monate" in page
    assert "Führungszeugnis" in page
    assert reverse("account_signup") in page
