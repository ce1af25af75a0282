"""Each role lands on its own start page; anonymous users get the login page for protected URLs."""

import pytest

from tests.factories import make_user
from wegbegleitung.roles import Role

PROTECTED = [
    "/start/",
    "/portal/",
    "/einrichtung/",
    "/forschung/",
    "/konto/email/",
    "/konto/password/change/",
    "/konto/2fa/",
]


@pytest.mark.parametrize("url", PROTECTED)
def test_anonymous_gets_login_page(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/?next=")


@pytest.mark.parametrize(
    "url", ["/admin/", "/admin/wegbegleitung/auditevent/", "/admin/wegbegleitung/wegbegleiter/"]
)
def test_anonymous_gets_login_page_for_admin(client, url):
    response = client.get(url, follow=True)
    assert response.redirect_chain[-1][0].startswith("/konto/login/")


@pytest.mark.parametrize(
    ("role", "start"),
    [
        (Role.KOORDINATION, "/admin/"),
        (Role.KINDERSCHUTZ, "/admin/"),
        (Role.EINRICHTUNG, "/einrichtung/"),
        (Role.WEGBEGLEITUNG, "/portal/"),
        (Role.FORSCHUNG, "/forschung/"),
    ],
)
def test_each_role_lands_on_its_start_page(client, role, start, region_a, einrichtung_a):
    user = make_user(role, region=region_a, einrichtung=einrichtung_a)
    client.force_login(user)
    response = client.get("/start/")
    assert response["Location"] == start
    assert client.get(start).status_code == 200


def test_user_without_role_is_told_so(client, charlie):
    client.force_login(charlie)
    response = client.get("/start/")
    assert response.status_code == 200
    assert "keine Rolle" in response.text


def test_home_is_public_and_german(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert 'lang="de"' in response.text
    assert "Wegbegleiter:in werden" in response.text


@pytest.mark.parametrize(("who", "status"), [("volunteer", 403), ("alice", 403), (None, 302)])
def test_research_page_only_for_researchers(client, request, who, status):
    if who:
        client.force_login(request.getfixturevalue(who))
    assert client.get("/forschung/").status_code == status


def test_staff_area_lists_only_own_facility(client, staff_a, einrichtung_b):
    client.force_login(staff_a)
    response = client.get("/einrichtung/")
    assert "Wohngruppe Lindenhof" in response.text
    assert "Haus am See" not in response.text


def test_portal_needs_a_volunteer_record(client, alice):
    client.force_login(alice)
    assert client.get("/portal/").status_code == 404


def test_german_even_for_an_english_browser(client, db):
    response = client.get("/konto/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Anmelden" in response.text
    assert response["Content-Language"] == "de"


def test_language_switcher_turns_english_on(client, db):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get("/konto/login/")
    assert "Sign In" in response.text


def test_every_page_offers_young_people_the_way_to_tell_us(client, db):
    page = client.get("/").text
    assert 'href="/schutz/sag-es-uns/"' in page
    assert 'href="/schutz/meldung/"' not in page  # the staff form needs a login


def test_logged_in_people_find_the_concern_form(client, staff_a):
    client.force_login(staff_a)
    page = client.get("/einrichtung/").text
    assert page.count('href="/schutz/meldung/"') == 2  # in the staff area and in the footer
