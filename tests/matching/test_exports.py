"""The due lists of "Was fällig ist" download as CSV and Excel, for the coordinator's regions."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from matching import services
from matching.models import Begleitung, Partei
from programme.rules import standard
from tests.matching.factories import make_active, make_anfrage, make_mentor, propose, to_agreement
from wegbegleitung.models import AuditEvent

DUE = "matching.faellig-kontakte"


def _url(name: str, fmt: str = "csv") -> str:
    return reverse("exporte:start", args=[name]) + f"?format={fmt}"


def _rows(response) -> list[list[str]]:
    data = b"".join(response.streaming_content)
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))


@pytest.fixture
def due(alice, bob, staff_a, staff_b, einrichtung_a, einrichtung_b, region_a, region_b):
    """A match in region A started 40 days ago without a support contact; one in region B."""
    malik = make_active(
        alice, staff_a, make_anfrage(einrichtung_a, vorname="Malik"),
        make_mentor(region_a, email="mara@example.org", first_name="Mara", last_name="Berg"),
    )  # fmt: skip
    boris = make_active(
        bob, staff_b, make_anfrage(einrichtung_b, vorname="Boris"),
        make_mentor(region_b, email="wim@example.org", first_name="Wim", last_name="Wald"),
    )  # fmt: skip
    started = timezone.localdate() - timedelta(days=40)
    Begleitung.objects.filter(pk__in=[malik.pk, boris.pk]).update(started_on=started)
    return started


def test_the_due_contacts_download_as_the_page_lists_them(client, alice, due):
    client.force_login(alice)
    header, *rows = _rows(client.get(_url(DUE)))
    assert header == [
        "Begleitung", "Begleitkontakt steht an", "Begleitkontakt überfällig",
        "Review fällig am", "Review überfällig", "Programmlinie",
    ]  # fmt: skip
    (row,) = rows  # only Malik's match: Boris is in Bob's region
    # first month: two contacts, so one every 30 // 2 = 15 days from the start (40 days ago):
    # due 25 days ago, overdue; the first review is 3 months after the start, not yet overdue
    kontakt = due + timedelta(days=15)
    assert row[0] == "Mara Berg – Malik" and row[5] == standard().name
    assert row[1:3] == [f"{kontakt:%d.%m.%Y}", "Ja"] and row[4] == "Nein"
    page = client.get(reverse("admin:matching_begleitung_uebersicht")).text
    assert f"{kontakt:%d.%m.%Y}" in page and row[3] in page  # the same dates as on the page
    assert AuditEvent.objects.get(action="export.create").details["source"] == DUE


def test_the_agreements_waiting_list_as_excel(client, alice, staff_a, einrichtung_a, region_a):
    begleitung = propose(alice, make_anfrage(einrichtung_a, vorname="Malik"), make_mentor(region_a))
    to_agreement(alice, begleitung)
    services.vereinbarung_save(
        acting_user=alice, begleitung=begleitung, **services.default_agreement_texts()
    )
    services.vereinbarung_confirm(
        acting_user=staff_a, begleitung=begleitung, partei=Partei.EINRICHTUNG
    )
    client.force_login(alice)
    response = client.get(_url("matching.faellig-vereinbarungen", "xlsx"))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header, row = sheet.iter_rows(values_only=True)
    assert header == ("Vereinbarung", "Fehlende Bestätigungen", "Es fehlen", "Programmlinie")
    # a number cell: 4 parties, the facility confirmed, so 3 are missing
    assert row[1] == 3 and isinstance(row[1], int)
    assert "Einrichtung" not in row[2] and "Koordination" in row[2]


def test_the_overview_page_offers_each_list_for_download(client, alice, due):
    client.force_login(alice)
    page = client.get(reverse("admin:matching_begleitung_uebersicht")).text
    for name in ("ende", "kontakte", "ohne-tagebuch", "vereinbarungen", "supervision"):
        assert f'href="/exporte/matching.faellig-{name}/?format=csv"' in page
        assert f'href="/exporte/matching.faellig-{name}/?format=xlsx"' in page


@pytest.mark.parametrize(
    ("who", "status", "names"),
    [
        ("alice", 200, ["Mara Berg – Malik"]),
        ("bob", 200, ["Wim Wald – Boris"]),
        ("volunteer", 403, None),
        ("staff_a", 403, None),
        (None, 302, None),
    ],
)
def test_due_list_matrix(client, request, due, who, status, names):
    if who:
        client.force_login(request.getfixturevalue(who))
    response = client.get(_url(DUE))
    assert response.status_code == status
    if names is not None:
        assert [row[0] for row in _rows(response)[1:]] == names


def test_query_count_does_not_grow_with_the_matches(
    client, alice, staff_a, einrichtung_a, region_a, django_assert_max_num_queries
):
    client.force_login(alice)

    def add(count: int, start: int) -> None:
        for i in range(start, start + count):
            make_active(
                alice, staff_a, make_anfrage(einrichtung_a, vorname=f"J{i}"),
                make_mentor(region_a, email=f"m{i}@example.org"),
            )  # fmt: skip

    def started_40_days_ago() -> None:  # so that every contact is due (see the test above)
        Begleitung.objects.update(started_on=timezone.localdate() - timedelta(days=40))

    add(2, 0)
    started_40_days_ago()
    with django_assert_max_num_queries(60) as few:
        assert len(_rows(client.get(_url(DUE)))) == 1 + 2
    add(8, 2)
    started_40_days_ago()
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(_rows(client.get(_url(DUE)))) == 1 + 10
