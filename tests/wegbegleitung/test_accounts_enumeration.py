"""Sign-up, login and password reset give away nothing about which addresses have an account:
a known and an unknown address get the same answer; only the owner of a known address hears
about it, by mail (docs/accounts.md "Who has an account?")."""

from __future__ import annotations

import re
from typing import Any

from django.core import mail

from tests.factories import PASSWORD

KNOWN = "vera@example.org"  # the `volunteer` fixture
UNKNOWN = "niemand@example.org"


def _same_page(response: Any, address: str) -> str:
    """The page without what differs by nature: the CSRF token and the address typed in."""
    text = response.content.decode()
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)
    return text.replace(address, "<address>")


def _post(client: Any, url: str, data: dict[str, str], capture: Any) -> Any:
    client.cookies.clear()
    mail.outbox.clear()
    with capture(execute=True):
        return client.post(url, data)


def test_signup_answers_the_same_and_mails_the_owner_instead(
    client, volunteer, django_capture_on_commit_callbacks
):
    form = {"password1": "Ein-gutes-Passwort-7", "password2": "Ein-gutes-Passwort-7"}
    answers = {}
    for address in (KNOWN, UNKNOWN):
        response = _post(
            client, "/konto/signup/", {**form, "email": address}, django_capture_on_commit_callbacks
        )
        following = client.get(response["Location"])  # the page after it, with its message
        answers[address] = (
            response.status_code,
            response["Location"],
            _same_page(following, address),
            list(mail.outbox),
        )
    known_mail, unknown_mail = answers[KNOWN][3], answers[UNKNOWN][3]
    assert answers[KNOWN][:3] == answers[UNKNOWN][:3]
    assert answers[KNOWN][:2] == (302, "/konto/confirm-email/")
    # the owner learns that someone tried to sign up with their address; no second account
    assert [m.to for m in known_mail] == [[KNOWN]]
    assert "/konto/confirm-email/" not in known_mail[0].body
    # the new address gets its confirmation link
    assert [m.to for m in unknown_mail] == [[UNKNOWN]]
    assert "/konto/confirm-email/" in unknown_mail[0].body


def test_login_with_a_wrong_password_answers_the_same(
    client, volunteer, django_capture_on_commit_callbacks
):
    known = _post(
        client,
        "/konto/login/",
        {"login": KNOWN, "password": "falsch-falsch-1"},
        django_capture_on_commit_callbacks,
    )
    unknown = _post(
        client,
        "/konto/login/",
        {"login": UNKNOWN, "password": "falsch-falsch-1"},
        django_capture_on_commit_callbacks,
    )
    assert known.status_code == unknown.status_code == 200
    assert "E-Mail-Adresse und/oder das Passwort" in known.text
    assert _same_page(known, KNOWN) == _same_page(unknown, UNKNOWN)
    assert mail.outbox == []


def test_password_reset_answers_the_same_and_only_the_owner_gets_a_mail(
    client, volunteer, django_capture_on_commit_callbacks
):
    known = _post(
        client, "/konto/password/reset/", {"email": KNOWN}, django_capture_on_commit_callbacks
    )
    known_mail = list(mail.outbox)
    unknown = _post(
        client, "/konto/password/reset/", {"email": UNKNOWN}, django_capture_on_commit_callbacks
    )
    unknown_mail = list(mail.outbox)
    assert (known.status_code, known["Location"]) == (302, "/konto/password/reset/done/")
    assert (unknown.status_code, unknown["Location"]) == (302, "/konto/password/reset/done/")
    assert _same_page(client.get(known["Location"]), KNOWN) == _same_page(
        client.get(unknown["Location"]), UNKNOWN
    )
    # the owner gets the reset link; an address without an account is not mailed at all
    assert [m.to for m in known_mail] == [[KNOWN]]
    assert "/konto/password/reset/key/" in known_mail[0].body
    assert unknown_mail == []


def test_the_owner_can_still_log_in(client, volunteer):
    response = client.post("/konto/login/", {"login": KNOWN, "password": PASSWORD})
    assert response["Location"] == "/start/"
