"""allauth's mails and sign-out message speak to adults as "Sie", like the rest of the site."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from wegbegleitung.english_text import du_words
from wegbegleitung.models import User

pytestmark = pytest.mark.django_db


def _german_client() -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE="de")


def _mail_text(message: Any) -> str:
    return f"{message.subject}\n{message.body}"


def _sent(client: Client, url: str, data: dict[str, str], captured: Any) -> str:
    mail.outbox.clear()
    with captured(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert len(mail.outbox) == 1, [m.subject for m in mail.outbox]
    return _mail_text(mail.outbox[0])


def test_the_password_reset_mail_says_sie(django_capture_on_commit_callbacks: Any) -> None:
    User.objects.create_user(email="vera@example.org", password="Sehr-geheim-2026")
    text = _sent(
        _german_client(),
        reverse("account_reset_password"),
        {"email": "vera@example.org"},
        django_capture_on_commit_callbacks,
    )
    assert "Sie oder jemand anderes das Zurücksetzen des Passworts für Ihr Konto" in text
    # greeted and signed with the association's name, not an empty site name
    assert "Hallo von Wegbegleitung e. V.!" in text
    assert "Vielen Dank, dass Sie Wegbegleitung e. V. nutzen!" in text
    assert du_words(text) == []


def test_signing_up_with_a_known_address_answers_in_sie(
    django_capture_on_commit_callbacks: Any,
) -> None:
    User.objects.create_user(email="vera@example.org", password="Sehr-geheim-2026")
    data = {
        "email": "vera@example.org",
        "password1": "Ein-neues-2026!",
        "password2": "Ein-neues-2026!",
    }
    text = _sent(
        _german_client(), reverse("account_signup"), data, django_capture_on_commit_callbacks
    )
    assert "Für diese Adresse gibt es bereits ein Konto" in text
    assert du_words(text) == []


def test_the_confirmation_mail_asks_in_sie(django_capture_on_commit_callbacks: Any) -> None:
    data = {
        "email": "neu@example.org",
        "password1": "Ein-neues-2026!",
        "password2": "Ein-neues-2026!",
    }
    text = _sent(
        _german_client(), reverse("account_signup"), data, django_capture_on_commit_callbacks
    )
    assert "Bitte bestätigen Sie Ihre E-Mail-Adresse" in text
    assert du_words(text) == []


def test_signing_out_says_sie() -> None:
    user = User.objects.create_user(email="vera@example.org", password="Sehr-geheim-2026")
    client = _german_client()
    client.force_login(user)
    page = client.post(reverse("account_logout"), follow=True).content.decode()
    assert "Sie haben sich abgemeldet." in page
    assert du_words(page) == []
