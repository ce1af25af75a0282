"""The suggestions page and the region proposal page read a constant number of queries however
many volunteers and requests there are, and show the explained pairs."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from matching import suggestions
from tests.matching.factories import make_anfrage, make_mentor, propose
from wegbegleitung.models import Bewerbung

pytestmark = pytest.mark.django_db


def _queries(client, url: str) -> tuple[int, str]:
    client.get(url)  # once before counting: the first request of a session reads a little more
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_suggestions_page_queries_do_not_grow_with_the_volunteers(
    client, alice, region_a, einrichtung_a
):
    anfrage = make_anfrage(einrichtung_a, vorname="Malik")
    make_mentor(region_a, email="m0@example.org", first_name="Anna", last_name="Eins")
    client.force_login(alice)
    url = reverse("admin:matching_vermittlung_change", args=[anfrage.pk])
    few, _ = _queries(client, url)
    for i in range(1, 13):
        mentor = make_mentor(region_a, email=f"m{i}@example.org", last_name=f"Nr{i}")
        Bewerbung.objects.filter(wegbegleiter=mentor).update(interests_other=f"Hobby {i}")
    full = make_mentor(region_a, email="full@example.org", last_name="Voll")
    propose(alice, make_anfrage(einrichtung_a, vorname="Other"), full)
    many, page = _queries(client, url)
    assert many == few
    assert page.count('class="module vorschlag"') == 10  # the top ten of 13 who fit
    assert "Voll" not in page  # no free slot


def test_region_proposal_page_queries_do_not_grow_with_requests_and_volunteers(
    client, alice, region_a, einrichtung_a
):
    make_anfrage(einrichtung_a, vorname="Malik")
    make_mentor(region_a, email="m0@example.org")
    client.force_login(alice)
    url = reverse("admin:matching_vermittlung_region", args=[region_a.pk])
    few, _ = _queries(client, url)
    for i in range(1, 6):
        make_anfrage(einrichtung_a, vorname=f"Kind{i}")
        make_mentor(region_a, email=f"m{i}@example.org", last_name=f"Nr{i}")
    make_mentor(region_a, email="spare@example.org", last_name="Extra")
    many, page = _queries(client, url)
    assert many == few
    assert page.count('name="decision" value="accept"') == 6
    assert "Entfernung: " in page and "Gemeinsame Interessen: 1 von 2: fußball" in page


def test_region_proposal_pairs_are_explained_as_one_pair_alone(region_a, einrichtung_a, alice):
    """What the coordinator reads for a pair of the proposal is what the proposal of that pair
    alone (``pair_for``, used when proposing) says."""
    for i in range(4):
        make_anfrage(einrichtung_a, vorname=f"Kind{i}")
        make_mentor(region_a, email=f"m{i}@example.org")
    pairs = suggestions.regionsvorschlag_for(region_id=region_a.pk)
    assert len(pairs) == 4
    for paar in pairs:
        reasons, alone = suggestions.pair_for(paar.anfrage.jugendliche, paar.wegbegleiter)
        assert reasons == [] and alone == paar.suggestion


def test_region_proposal_pages_show_every_pair_once_in_order(
    client, alice, region_a, einrichtung_a, monkeypatch
):
    """A long proposal is shown page by page; together the pages hold every pair of the whole
    assignment, each with its explanation, in the proposal's order."""
    for i in range(5):
        make_anfrage(einrichtung_a, vorname=f"Kind{i}")
        make_mentor(region_a, email=f"m{i}@example.org", last_name=f"Nr{i}")
    monkeypatch.setattr(suggestions, "PAIRS_PER_PAGE", 2)
    client.force_login(alice)
    url = reverse("admin:matching_vermittlung_region", args=[region_a.pk])
    shown = []
    for number in (1, 2, 3):
        page = client.get(url, {"page": number}).content.decode()
        assert f"Seite {number} von 3 (5 Paare)" in page
        assert ("Nächste Seite" in page) == (number < 3)
        assert page.count("Entfernung: ") == (2 if number < 3 else 1)
        shown += page.split('name="wegbegleiter" value="')[1:]
    whole = suggestions.regionsvorschlag_for(region_id=region_a.pk)
    assert [s.split('"')[0] for s in shown] == [str(p.wegbegleiter.pk) for p in whole]
