"""Volunteers sign up themselves: they become applicants and must confirm their address first."""

import re

from django.core import mail

from wegbegleitung.models import User, Wegbegleiter
from wegbegleitung.roles import Role

SIGNUP = {
    "email": "neu@example.org",
    "password1": "Ein-gutes-Passwort-7",
    "password2": "Ein-gutes-Passwort-7",
}


def test_signup_makes_an_applicant_and_sends_a_german_confirmation(
    client, db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/konto/signup/", SIGNUP)
    assert response.status_code == 302
    assert response["Location"] == "/konto/confirm-email/"
    user = User.objects.get(email="neu@example.org")
    assert user.has_role(Role.WEGBEGLEITUNG)
    assert user.wegbegleiter.status == Wegbegleiter.Status.INTERESSENT
    assert not user.is_staff
    assert len(mail.outbox) == 1
    assert "E-Mail" in mail.outbox[0].subject or "Adresse" in mail.outbox[0].subject
    # not confirmed yet: login is held at the confirmation step
    client.logout()
    login = client.post(
        "/konto/login/", {"login": "neu@example.org", "password": SIGNUP["password1"]}
    )
    assert login["Location"] == "/konto/confirm-email/"


def test_confirmation_link_logs_in_and_opens_the_portal(
    client, db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/konto/signup/", SIGNUP)
    link = re.search(r"http://[^/]+(/konto/confirm-email/[^\s]+/)", mail.outbox[0].body).group(1)
    page = client.get(link)
    assert page.status_code == 200
    assert "neu@example.org" in page.text
    response = client.post(link, follow=True)
    assert response.redirect_chain[-1][0] == "/portal/"


def test_confirming_in_another_browser_then_logging_in_works(
    client, db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/konto/signup/", SIGNUP)
    link = re.search(r"http://[^/]+(/konto/confirm-email/[^\s]+/)", mail.outbox[0].body).group(1)
    client.logout()
    client.post(link)
    login = client.post(
        "/konto/login/", {"login": "neu@example.org", "password": SIGNUP["password1"]}
    )
    assert login["Location"] == "/start/"
    assert client.get("/start/")["Location"] == "/portal/"


def test_signup_with_taken_address_reveals_nothing_and_warns_the_owner(
    client, volunteer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/konto/signup/", {**SIGNUP, "email": volunteer.email})
    # the same answer as for a new address, so nobody can probe who is registered
    assert response["Location"] == "/konto/confirm-email/"
    assert User.objects.filter(email=volunteer.email).count() == 1
    assert [m.to for m in mail.outbox] == [[volunteer.email]]
