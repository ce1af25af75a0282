"""The programme in the coordinators' lists of requests and matches (issue 15 §1): a filter and
a column while there are several programmes, nothing with one; each choice lists only its
programme's rows, in the list and in its download, at a constant number of queries."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from einrichtungen.models import Anfrage
from matching.models import Begleitung
from programme.models import Programm
from programme.rules import standard
from tests.matching.factories import make_anfrage, make_mentor, propose
from wegbegleitung.exports.registry import get_source
from wegbegleitung.models import Programmteilnahme

pytestmark = pytest.mark.django_db
LISTS = {
    "requests": "admin:einrichtungen_anfrage_changelist",
    "suggestions": "admin:matching_vermittlung_changelist",
    "matches": "admin:matching_begleitung_changelist",
}


@pytest.fixture
def care() -> Programm:
    return Programm.objects.create(name="Care Leaver", begleitet=Programm.Begleitet.CARE_LEAVER)


def _request(einrichtung: Any, programm: Programm) -> Anfrage:
    anfrage = make_anfrage(einrichtung)
    Anfrage.objects.filter(pk=anfrage.pk).update(programm=programm)
    return anfrage


def _match(coordinator: Any, einrichtung: Any, programm: Programm, email: str) -> Begleitung:
    anfrage = _request(einrichtung, programm)
    mentor = make_mentor(einrichtung.region, email=email)
    Programmteilnahme.objects.create(wegbegleiter=mentor, programm=programm)
    match = propose(coordinator, anfrage, mentor)
    assert match.programm_id == programm.pk  # the request's programme
    return match


@pytest.fixture
def rows(alice, einrichtung_a, einrichtung_b, care) -> dict[str, Any]:
    """Region A: default 2 open requests + 1 matched; care 1 open + 2 matched. Region B: one
    open care-leaver request."""
    default = standard()
    for _ in range(2):
        _request(einrichtung_a, default)
    _request(einrichtung_a, care)
    _request(einrichtung_b, care)
    _match(alice, einrichtung_a, default, "d@example.org")
    for n in range(2):
        _match(alice, einrichtung_a, care, f"c{n}@example.org")
    return {"default": default, "care": care}


def _listed(client: Any, name: str, **query: Any) -> Any:
    response = client.get(reverse(LISTS[name]), query, HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 200, name
    return response


@pytest.mark.parametrize(
    ("name", "everything", "in_default", "in_care"),
    [("requests", 6, 3, 3), ("suggestions", 6, 3, 3), ("matches", 3, 1, 2)],
)
def test_each_choice_lists_only_its_programmes_rows(
    client, alice, rows, name, everything, in_default, in_care
):
    client.force_login(alice)
    assert _listed(client, name).context["cl"].result_count == everything
    for key, expected in (("default", in_default), ("care", in_care)):
        listed = _listed(client, name, programm=rows[key].pk)
        assert listed.context["cl"].result_count == expected, (name, key)
        assert {o.programm_id for o in listed.context["cl"].result_list} == {rows[key].pk}


@pytest.mark.parametrize("name", list(LISTS))
def test_the_filter_and_column_show_with_several_programmes(client, alice, rows, name):
    client.force_login(alice)
    html = _listed(client, name).content.decode()
    assert "Nach Programm" in html and "Care Leaver" in html
    assert "column-programm" in html


@pytest.mark.parametrize("name", list(LISTS))
def test_with_one_programme_there_is_neither_filter_nor_column(client, alice, einrichtung_a, name):
    _match(alice, einrichtung_a, standard(), "d@example.org")
    make_anfrage(einrichtung_a)
    client.force_login(alice)
    html = _listed(client, name).content.decode()
    assert "Nach Programm" not in html and "column-programm" not in html


def test_another_regions_coordinator_sees_none_of_a(client, bob, rows):
    client.force_login(bob)
    listed = _listed(client, "requests", programm=rows["care"].pk)
    assert listed.context["cl"].result_count == 1  # B's own care-leaver request
    assert _listed(client, "matches", programm=rows["care"].pk).context["cl"].result_count == 0


def test_the_download_of_a_list_has_the_programme_and_honours_the_filter(alice, rows):
    source = get_source("admin.matching.begleitung")
    assert source is not None
    query = QueryDict(mutable=True)
    query["programm"] = str(rows["care"].pk)
    table = source.build(alice, query)
    assert "Programmlinie" in table.columns
    column = table.columns.index("Programmlinie")
    assert [row[column] for row in table.rows] == ["Care Leaver", "Care Leaver"]


@pytest.mark.parametrize("name", list(LISTS))
def test_the_programme_costs_no_query_per_row(
    client, alice, rows, einrichtung_a, name, django_assert_max_num_queries
):
    client.force_login(alice)
    with django_assert_max_num_queries(60) as few:
        _listed(client, name, programm=rows["care"].pk)
    for n in range(3):
        _match(alice, einrichtung_a, rows["care"], f"more{n}@example.org")
        _request(einrichtung_a, rows["care"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        _listed(client, name, programm=rows["care"].pk)
    with django_assert_max_num_queries(len(few.captured_queries)):
        _listed(client, name)


def test_the_due_list_downloads_carry_the_programme_and_honour_the_choice(alice, rows):
    Begleitung.objects.update(
        status=Begleitung.Status.ENDE_ANGEFRAGT,
        started_on=timezone.localdate(),
        ending_from="aktiv",
    )
    source = get_source("matching.faellig-ende")
    assert source is not None
    everything = source.build(alice, QueryDict())
    assert everything.columns[-1] == "Programmlinie"
    assert sorted(row[-1] for row in everything.rows) == sorted(
        ["Care Leaver", "Care Leaver", standard().name]
    )
    query = QueryDict(mutable=True)
    query["programm"] = str(rows["care"].pk)
    assert [row[-1] for row in source.build(alice, query).rows] == ["Care Leaver"] * 2
