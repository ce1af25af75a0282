"""Staff roles must use two-factor login; until set up, only the setup pages are reachable."""

import pytest
from allauth.mfa.models import Authenticator

from tests.factories import PASSWORD, TOTP_SECRET, make_user
from wegbegleitung.roles import Role

PROTECTED = [
    "/start/",
    "/admin/",
    "/einrichtung/",
    "/portal/",
    "/forschung/",
    "/konto/email/",
    "/admin/wegbegleitung/auditevent/",
]


@pytest.mark.parametrize("role", [Role.KOORDINATION, Role.KINDERSCHUTZ, Role.EINRICHTUNG])
def test_staff_without_two_factor_reach_only_the_setup(client, role, region_a, einrichtung_a):
    user = make_user(role, region=region_a, einrichtung=einrichtung_a, totp=False)
    client.force_login(user)
    for url in PROTECTED:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == "/konto/2fa/totp/activate/", url
    setup = client.get("/konto/2fa/totp/activate/")
    # the setup page itself (allauth may first ask to confirm the password)
    assert setup.status_code in {200, 302}
    if setup.status_code == 302:
        assert setup["Location"].startswith("/konto/reauthenticate/")


def test_staff_with_two_factor_get_their_start_page(client, alice):
    client.force_login(alice)
    assert client.get("/start/")["Location"] == "/admin/"


def test_volunteers_are_not_forced(client, volunteer):
    client.force_login(volunteer)
    assert client.get("/portal/").status_code == 200


def test_password_login_of_coordinator_asks_for_the_code(client, alice):
    response = client.post("/konto/login/", {"login": alice.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/konto/2fa/authenticate/"
    import time

    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    code = format_hotp_value(hotp_value(TOTP_SECRET, int(time.time()) // 30))
    response = client.post("/konto/2fa/authenticate/", {"code": code})
    assert response.status_code == 302
    assert client.get(response["Location"])["Location"] == "/admin/"


def test_wrong_code_keeps_coordinator_out(client, alice):
    client.post("/konto/login/", {"login": alice.email, "password": PASSWORD})
    response = client.post("/konto/2fa/authenticate/", {"code": "000000"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    final = client.get("/admin/", follow=True).redirect_chain[-1][0]
    assert final in {"/konto/login/?next=/admin/", "/konto/2fa/authenticate/"}


def test_admin_login_goes_through_allauth(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/")


def test_activating_totp_lifts_the_restriction(client, region_a):
    user = make_user(Role.KOORDINATION, region=region_a, totp=False)
    client.force_login(user)
    assert client.get("/admin/").status_code == 302
    Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": TOTP_SECRET}
    )
    assert client.get("/admin/").status_code == 200
