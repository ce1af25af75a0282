"""The reports page remembers its figures with the data's generation (issue 13): a second visit
reads no figures, a committed write shows on the next visit, another user or period asks
afresh."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.berichte import factories as f

pytestmark = pytest.mark.django_db(transaction=True)  # remembered across committed requests
YEAR_2025 = {"von": "2025-01-01", "bis": "2025-12-31"}


def _visit(client: Any, params: dict[str, str]) -> tuple[int, Any]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("admin:berichte"), params, HTTP_ACCEPT_LANGUAGE="de")
        assert response.status_code == 200
    return len(ctx.captured_queries), response.context["b"]


def test_the_figures_are_remembered_until_the_next_write(client, alice, einrichtung_a):
    f.match(einrichtung_a, started=date(2024, 2, 1))
    client.force_login(alice)
    first, figures = _visit(client, YEAR_2025)
    again, same = _visit(client, YEAR_2025)
    assert again < first and same == figures
    f.match(einrichtung_a, started=date(2024, 5, 1))  # a committed write
    after, changed = _visit(client, YEAR_2025)
    assert after > again  # counted afresh
    assert changed.aktiv.laufend == figures.aktiv.laufend + 1


def test_another_period_or_reader_is_not_served_the_remembered_figures(
    client, alice, bob, einrichtung_a, einrichtung_b
):
    f.match(einrichtung_a, started=date(2024, 2, 1))
    client.force_login(alice)
    _visit(client, YEAR_2025)
    again, _figures = _visit(client, YEAR_2025)
    other, earlier = _visit(client, {"von": "2023-01-01", "bis": "2023-12-31"})
    assert other > again and earlier.aktiv.laufend == 0
    client.force_login(bob)
    _count, bobs = _visit(client, YEAR_2025)
    assert bobs.region_ids == [einrichtung_b.region_id] and bobs.aktiv.laufend == 0
