"""The coordinator's home for one programme (issue 15 §1): the chooser, every count narrowed to
the programme, the links to the lists of its rows, and the remembered counts kept apart."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from arbeitsplatz.selectors import board_for
from einrichtungen.models import Anfrage
from programme.models import Programm
from programme.rules import standard
from tests.matching.factories import make_anfrage, make_mentor, propose
from tests.schutzkonzept.factories import make_wegbegleiter
from wegbegleitung.models import Programmteilnahme, Wegbegleiter

pytestmark = pytest.mark.django_db


@pytest.fixture
def care() -> Programm:
    return Programm.objects.create(name="Care Leaver", begleitet=Programm.Begleitet.CARE_LEAVER)


def _in(programm: Programm, anfrage: Anfrage) -> Anfrage:
    Anfrage.objects.filter(pk=anfrage.pk).update(programm=programm)
    return anfrage


@pytest.fixture
def scene(alice, einrichtung_a, einrichtung_b, region_a, care) -> dict[str, Any]:
    """Region A. Default: 2 open requests, 1 proposal, 1 new applicant. Care leavers: 1 open
    request, 2 proposals, 2 new applicants (one serving in both programmes). Region B: 1 open
    care-leaver request, which no count of A may show."""
    make_anfrage(einrichtung_a)
    make_anfrage(einrichtung_a)
    _in(care, make_anfrage(einrichtung_a))
    _in(care, make_anfrage(einrichtung_b))
    propose(alice, make_anfrage(einrichtung_a), make_mentor(region_a, email="d1@example.org"))
    for n in range(2):
        mentor = make_mentor(region_a, email=f"c{n}@example.org")
        Programmteilnahme.objects.create(wegbegleiter=mentor, programm=care)
        match = propose(alice, _in(care, make_anfrage(einrichtung_a)), mentor)
        assert match.programm_id == care.pk  # the request's programme
    make_wegbegleiter(region_a, status=Wegbegleiter.Status.BEWORBEN, email="new-d@example.org")
    for n, both in enumerate((False, True)):
        new = make_wegbegleiter(
            region_a, status=Wegbegleiter.Status.BEWORBEN, email=f"new-c{n}@example.org"
        )
        Programmteilnahme.objects.create(wegbegleiter=new, programm=care)
        if both:
            Programmteilnahme.objects.create(wegbegleiter=new, programm=standard())
    return {"care": care, "default": standard()}


KEYS = ("anfragen", "vorgeschlagen", "beworben")


def _counts(user: Any, programm: Programm | None) -> dict[str, int]:
    return {t.key: t.count for t in board_for(user=user, programm=programm) if t.key in KEYS}


def test_each_programme_counts_its_own_rows(scene, alice):
    assert _counts(alice, None) == {"anfragen": 3, "vorgeschlagen": 3, "beworben": 3}
    assert _counts(alice, scene["default"]) == {"anfragen": 2, "vorgeschlagen": 1, "beworben": 2}
    assert _counts(alice, scene["care"]) == {"anfragen": 1, "vorgeschlagen": 2, "beworben": 2}


def test_the_remembered_board_of_one_programme_is_not_shown_for_another(scene, alice):
    """The counts are cached per programme: asking for B after A reads B's own counts."""
    assert _counts(alice, scene["care"])["anfragen"] == 1
    assert _counts(alice, None)["anfragen"] == 3
    assert _counts(alice, scene["default"])["anfragen"] == 2


def test_the_coordinator_chooses_a_programme_on_her_home(client, scene, alice):
    client.force_login(alice)
    care = scene["care"]
    home = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert 'id="programm-wahl"' in home and "Alle Programmlinien" in home
    response = client.get(reverse("admin:index"), {"programm": care.pk}, HTTP_ACCEPT_LANGUAGE="de")
    tiles = {t.key: t for _group, members in response.context["board"] for t in members}
    assert tiles["anfragen"].count == 1 and tiles["vorgeschlagen"].count == 2
    assert "Care Leaver" in response.content.decode()
    # the tiles link to the lists of the programme's rows, which show the counted rows
    for key in ("anfragen", "vorgeschlagen"):
        assert f"programm={care.pk}" in tiles[key].url
        listed = client.get(tiles[key].url)
        assert listed.status_code == 200
        assert listed.context["cl"].result_count == tiles[key].count, key


def test_an_unknown_programme_shows_every_programme(client, scene, alice):
    client.force_login(alice)
    response = client.get(reverse("admin:index"), {"programm": "nonsense"})
    tiles = {t.key: t for _group, members in response.context["board"] for t in members}
    assert tiles["anfragen"].count == 3


def test_with_one_programme_there_is_no_chooser(client, alice, einrichtung_a):
    make_anfrage(einrichtung_a)
    client.force_login(alice)
    home = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert 'id="programm-wahl"' not in home


def test_the_programme_does_not_cost_a_query_per_row(
    client, scene, alice, einrichtung_a, care, django_assert_max_num_queries
):
    client.force_login(alice)
    url = reverse("admin:index")
    from django.core.cache import cache

    cache.clear()
    with django_assert_max_num_queries(60) as few:
        client.get(url, {"programm": care.pk})
    for _ in range(3):
        _in(care, make_anfrage(einrichtung_a))
    cache.clear()
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url, {"programm": care.pk})
