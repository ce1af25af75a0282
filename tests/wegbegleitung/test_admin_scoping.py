"""Admin pages of the foundation, as a permission matrix, with bounded query counts."""

import pytest

from tests.factories import make_user
from wegbegleitung.roles import Role


@pytest.fixture
def volunteer_b(region_b):
    return make_user(Role.WEGBEGLEITUNG, region=region_b, email="wanda@example.org")


@pytest.mark.parametrize(
    ("who", "own", "other"),
    [
        ("alice", 200, 302),  # coordinator of A: own region yes, region B is redirected away
        ("bob", 302, 200),
        ("volunteer", 302, 302),
        ("staff_a", 302, 302),
        (None, 302, 302),
    ],
)
def test_volunteer_change_page_matrix(client, request, volunteer, volunteer_b, who, own, other):
    if who:
        client.force_login(request.getfixturevalue(who))
    own_url = f"/admin/wegbegleitung/wegbegleiter/{volunteer.wegbegleiter.pk}/change/"
    other_url = f"/admin/wegbegleitung/wegbegleiter/{volunteer_b.wegbegleiter.pk}/change/"
    assert client.get(own_url).status_code == own
    assert client.get(other_url).status_code == other


def test_volunteer_list_shows_only_own_region(client, alice, volunteer, volunteer_b):
    client.force_login(alice)
    page = client.get("/admin/wegbegleitung/wegbegleiter/").text
    assert "vera@example.org" in page or volunteer.last_name in page
    assert volunteer_b.last_name not in page


def test_volunteer_list_query_count_does_not_grow(
    client, alice, region_a, django_assert_max_num_queries
):
    client.force_login(alice)
    for i in range(3):
        make_user(Role.WEGBEGLEITUNG, region=region_a, email=f"few{i}@example.org")
    with django_assert_max_num_queries(20) as few:
        client.get("/admin/wegbegleitung/wegbegleiter/")
    for i in range(30):
        make_user(Role.WEGBEGLEITUNG, region=region_a, email=f"many{i}@example.org")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/admin/wegbegleitung/wegbegleiter/").status_code == 200


@pytest.mark.parametrize(
    ("who", "status"), [("alice", 200), ("bob", 200), ("staff_a", 302), (None, 302)]
)
def test_facility_list_matrix_and_scope(client, request, einrichtung_a, einrichtung_b, who, status):
    if who:
        client.force_login(request.getfixturevalue(who))
    response = client.get("/admin/einrichtungen/einrichtung/")
    assert response.status_code == status
    if who == "alice":
        assert "Wohngruppe Lindenhof" in response.text and "Haus am See" not in response.text
    if who == "bob":
        assert "Haus am See" in response.text and "Wohngruppe Lindenhof" not in response.text


def test_coordinator_cannot_open_facility_of_other_region(client, bob, einrichtung_a):
    client.force_login(bob)
    response = client.get(f"/admin/einrichtungen/einrichtung/{einrichtung_a.pk}/change/")
    assert response.status_code == 302


def test_invitation_form_offers_only_own_regions(client, alice, region_a, region_b):
    client.force_login(alice)
    page = client.get("/admin/wegbegleitung/einladung/add/").text
    assert "Rhein-Main" in page
    assert "Wien" not in page


def test_invitation_into_other_region_is_refused_in_admin(client, alice, region_b):
    from wegbegleitung.models import Einladung

    client.force_login(alice)
    response = client.post(
        "/admin/wegbegleitung/einladung/add/",
        {"email": "x@example.org", "role": Role.KOORDINATION, "region": region_b.pk},
    )
    assert response.status_code == 200  # the form shows the error
    assert not Einladung.objects.exists()


def test_region_filter_names_only_own_regions(client, alice, volunteer, volunteer_b):
    client.force_login(alice)
    page = client.get("/admin/wegbegleitung/wegbegleiter/").text
    assert "Rhein-Main" in page
    assert "Wien" not in page
