"""Issue 13, third round: the admin lists that were over 150 ms keep their rows, columns,
filters and scope, and ask the database a constant number of times.

- the volunteers' list: training hours and "supervision due" per row, one count when unfiltered;
- every region-scoped list: one count without a filter, the region/facility filter's choices
  (only related records the reader's rows point to);
- the conferences' date hierarchy and its first/last dates, read by index walks, equal what
  Django's own queries give.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.db.models import Max, Min
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from einrichtungen.models import Hilfeplangespraech
from tests.berichte import factories as f
from tests.factories import RegionFactory, add_totp, make_einrichtung, make_user
from tests.wegbegleitung.factories import make_volunteer
from wegbegleitung.admin_big_lists import indexed_dates
from wegbegleitung.models import Schulungsteilnahme, Schulungstermin, Wegbegleiter

pytestmark = pytest.mark.django_db
S = Wegbegleiter.Status
VOLUNTEERS = "admin:wegbegleitung_wegbegleiter_changelist"
REQUESTS = "admin:einrichtungen_anfrage_changelist"
CONFERENCES = "admin:einrichtungen_hilfeplangespraech_changelist"


def _captured(client: Any, url: str, params: dict[str, str] | None = None) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {}, HTTP_ACCEPT_LANGUAGE="de")
        assert response.status_code == 200
    return [q["sql"] for q in ctx.captured_queries]


def _counts(sqls: list[str]) -> int:
    return sum(1 for sql in sqls if sql.lstrip().upper().startswith("SELECT COUNT("))


# --- the volunteers' list -------------------------------------------------------------------


def _trained(region: Any, hours: list[tuple[int | None, bool]]) -> Wegbegleiter:
    """A volunteer with attendances: (hours recorded or the session's, attended)."""
    w = make_volunteer(region, status=S.IN_PRUEFUNG)
    for recorded, attended in hours:
        termin = Schulungstermin.objects.create(
            region=region, title="Kurs", hours=3, starts_at=timezone.now()
        )
        Schulungsteilnahme.objects.create(
            wegbegleiter=w, termin=termin, attended=attended, hours=recorded
        )
    return w


def test_training_hours_count_attended_sessions_with_their_own_or_the_sessions_hours(
    client, alice, region_a
):
    w = _trained(region_a, [(None, True), (2, True), (5, False)])
    client.force_login(alice)
    response = client.get(reverse(VOLUNTEERS), HTTP_ACCEPT_LANGUAGE="de")
    row = next(r for r in response.context["cl"].result_list if r.pk == w.pk)
    assert row.training_hours == 5  # 3 (the session's) + 2 (recorded); not the absent 5


def test_the_volunteers_list_counts_once_unfiltered_and_asks_as_often_for_more(
    client, alice, region_a, region_b
):
    for _ in range(2):
        _trained(region_a, [(None, True)])
    client.force_login(alice)
    few = _captured(client, reverse(VOLUNTEERS))
    assert _counts(few) == 1  # the page's "N" and its total are one count
    for _ in range(6):
        _trained(region_a, [(None, True), (1, True)])
        _trained(region_b, [(None, True)])
    assert len(_captured(client, reverse(VOLUNTEERS))) == len(few)
    filtered = _captured(client, reverse(VOLUNTEERS), {"stage": S.IN_PRUEFUNG})
    assert _counts(filtered) == 2  # filtered: its rows and the reader's total


def test_the_stage_counts_and_total_stay_those_of_the_reader(client, alice, region_a, region_b):
    for _ in range(3):
        _trained(region_a, [])
    _trained(region_b, [])
    client.force_login(alice)
    response = client.get(reverse(VOLUNTEERS), HTTP_ACCEPT_LANGUAGE="de")
    assert response.context["cl"].result_count == 3
    assert response.context["cl"].full_result_count == 3
    assert "In Prüfung: <strong>3</strong>" in response.content.decode()


# --- region-scoped lists: filter choices, one count -------------------------------------------


def test_the_region_filter_offers_only_regions_with_rows_the_reader_may_see(
    client, alice, einrichtung_a, einrichtung_b
):
    f.anfrage(einrichtung_a, date(2025, 2, 1))
    f.anfrage(einrichtung_b, date(2025, 2, 1))
    make_einrichtung(RegionFactory(name="Ohne Anfragen"), "Leer")  # a region without requests
    superuser = make_user(None, email="root@example.org", is_superuser=True, is_staff=True)
    add_totp(superuser)
    client.force_login(alice)  # her one region: nothing to choose, the filter is not shown
    assert _region_spec(client.get(reverse(REQUESTS))) is None
    client.force_login(superuser)
    spec = _region_spec(client.get(reverse(REQUESTS)))
    shown = sorted(pk for pk, _label in spec.lookup_choices)
    assert shown == sorted([einrichtung_a.region_id, einrichtung_b.region_id])


def _region_spec(response: Any) -> Any:
    specs = response.context["cl"].filter_specs
    return next((s for s in specs if "region" in getattr(s, "field_path", "")), None)


def test_a_scoped_list_counts_once_without_a_filter(client, alice, einrichtung_a):
    for day in (date(2025, 1, 1), date(2025, 2, 1)):
        f.anfrage(einrichtung_a, day)
    client.force_login(alice)
    assert _counts(_captured(client, reverse(REQUESTS))) == 1
    assert _counts(_captured(client, reverse(REQUESTS), {"status__exact": "offen"})) == 2


# --- the conferences' date hierarchy ----------------------------------------------------------


@pytest.fixture
def conferences(einrichtung_a, einrichtung_b):
    days = [date(2019, 3, 4), date(2019, 3, 20), date(2021, 7, 1), date(2024, 12, 31)]
    for day in days:
        f.hpg(f.jugendliche(einrichtung_a), day, erwogen=True)
    f.hpg(f.jugendliche(einrichtung_b), date(2016, 5, 5), erwogen=False)  # another region
    f.hpg(f.jugendliche(einrichtung_b), date(2026, 1, 2), erwogen=False)
    return days


@pytest.mark.parametrize("kind", ["year", "month", "day"])
def test_the_date_steps_equal_djangos_own(conferences, einrichtung_a, kind):
    scoped = Hilfeplangespraech.objects.filter(
        jugendliche__einrichtung__region=einrichtung_a.region
    )
    for qs in (scoped, Hilfeplangespraech.objects.all(), scoped.filter(datum__year=2019)):
        for order in ("ASC", "DESC"):
            assert indexed_dates(qs).dates("datum", kind, order) == list(
                qs.dates("datum", kind, order)
            )


def test_the_first_and_last_date_equal_djangos_own(conferences, einrichtung_a):
    scoped = Hilfeplangespraech.objects.filter(
        jugendliche__einrichtung__region=einrichtung_a.region
    )
    asked = {"first": Min("datum"), "last": Max("datum")}
    assert indexed_dates(scoped).aggregate(**asked) == scoped.aggregate(**asked)
    assert indexed_dates(scoped.none()).aggregate(**asked) == {"first": None, "last": None}
    assert indexed_dates(scoped.filter(datum__year=1990)).aggregate(**asked) == {
        "first": None,
        "last": None,
    }


def test_the_conference_list_shows_the_readers_years_and_asks_as_often(
    client, alice, conferences, einrichtung_a
):
    client.force_login(alice)
    content = client.get(reverse(CONFERENCES), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    for year in ("2019", "2021", "2024"):
        assert f"datum__year={year}" in content
    assert "datum__year=2016" not in content and "datum__year=2026" not in content
    few = len(_captured(client, reverse(CONFERENCES)))
    for n in range(5):
        f.hpg(f.jugendliche(einrichtung_a), date(2018, 1, 1) + timedelta(days=40 * n), erwogen=True)
    assert len(_captured(client, reverse(CONFERENCES))) == few
    year = len(_captured(client, reverse(CONFERENCES), {"datum__year": "2019"}))
    f.hpg(f.jugendliche(einrichtung_a), date(2019, 9, 9), erwogen=True)
    assert len(_captured(client, reverse(CONFERENCES), {"datum__year": "2019"})) == year
