"""Every report table is an export source, scoped like the page and recomputed for its query."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.http import QueryDict

from tests.berichte import factories as f
from wegbegleitung.exports.registry import all_sources, get_source

pytestmark = pytest.mark.django_db
TABLES = ["kennzahlen", "monate", "abschluesse", "abschlussarten", "bewerbung"]


def _params(**values: str) -> QueryDict:
    query = QueryDict(mutable=True)
    query.update(values)
    return query


def test_each_table_is_registered_for_coordinators_only(alice, volunteer, staff_a):
    names = {name for name in all_sources() if name.startswith("berichte.")}
    assert names == {f"berichte.{t}" for t in TABLES}
    for name in names:
        source = get_source(name)
        assert source is not None and str(source.label).startswith("Berichte: ")
        assert source.allowed(alice) and not source.allowed(volunteer)
        assert not source.allowed(staff_a)


def test_a_table_is_rebuilt_for_the_query_with_the_pages_scoping(
    alice, bob, einrichtung_a, einrichtung_b
):
    f.match(einrichtung_a, started=date(2025, 3, 1))
    f.match(einrichtung_a, started=date(2025, 4, 1))
    f.match(einrichtung_b, started=date(2025, 4, 1))
    source = get_source("berichte.monate")
    assert source is not None
    table = source.build(alice, _params(von="2025-03-01", bis="2025-04-30"))
    # March and April 2025 in A: one start each, no closure
    assert [row[:3] for row in table.rows] == [["März 2025", 1, 0], ["April 2025", 1, 0]]
    assert table.columns[0] == "Monat" and table.count == 2
    bobs = source.build(bob, _params(von="2025-03-01", bis="2025-04-30"))
    assert [row[1] for row in bobs.rows] == [0, 1]  # only B's April start
    # Alice asking for region B gets an error, not B's rows
    with pytest.raises(ValidationError):
        source.build(alice, _params(von="2025-03-01", bis="2025-04-30",
                                    region=str(einrichtung_b.region_id)))  # fmt: skip


def test_a_bad_period_is_refused(alice):
    source = get_source("berichte.kennzahlen")
    assert source is not None
    with pytest.raises(ValidationError) as refused:
        source.build(alice, _params(von="2025-06-01", bis="2025-01-01"))
    assert "Das Ende des Zeitraums liegt vor seinem Beginn." in refused.value.messages


def test_the_reports_page_downloads_each_table_as_shown(client, alice, einrichtung_a):
    import csv
    import io
    import re

    from django.urls import reverse

    from tests.factories import add_totp

    f.match(einrichtung_a, started=date(2025, 3, 1))
    f.match(einrichtung_a, started=date(2025, 4, 1), ended=date(2025, 4, 20))
    add_totp(alice)
    client.force_login(alice)
    page = client.get(reverse("admin:berichte"), {"von": "2025-03-01", "bis": "2025-04-30"})
    html = page.content.decode()
    for table in TABLES:
        links = re.findall(rf'href="(/exporte/berichte\.{table}/\?[^"]*format=csv[^"]*)"', html)
        assert links, table
        url = links[0].replace("&amp;", "&")
        assert "von=2025-03-01" in url and "bis=2025-04-30" in url  # the page's period
        response = client.get(url)
        assert response.status_code == 200, table
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert body.startswith("\ufeff".encode())
        rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
        shown = page.context["tables"][table]
        assert rows[0] == [str(c) for c in shown.columns]
        assert len(rows) - 1 == len(list(shown.rows)), table
    monate = client.get(
        "/exporte/berichte.monate/", {"format": "csv", "von": "2025-03-01", "bis": "2025-04-30"}
    )
    body = b"".join(monate.streaming_content) if monate.streaming else monate.content
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    # March: one start; April: one start and one closure
    assert [r[:3] for r in rows[1:]] == [["März 2025", "1", "0"], ["April 2025", "1", "1"]]
