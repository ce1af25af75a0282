"""The match lists ask the database a fixed number of times, however many matches, contacts and
diary entries there are: the admin list (coordinator and superuser, with its filters), "Was
fällig ist" and the staff list. Speed itself is measured with ``bench/``."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from matching.models import Begleitung
from tests.factories import add_totp, make_user
from tests.matching.test_lists import eintrag, kontakt, match

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:matching_begleitung_changelist"


def _history(coordinator: Any, staff: Any, einrichtung: Any, tag: str, n: int) -> None:
    """``n`` running matches with contacts, reviews and diary entries."""
    for i in range(n):
        b = match(coordinator, staff, einrichtung, f"{tag}{i}", started=400 - 30 * i)
        for days in (200, 100, 40):
            kontakt(b, days, review=days == 100)
            eintrag(b, days - 3)
            eintrag(b, days - 5)


@pytest.fixture
def small(alice, bob, staff_a, staff_b, einrichtung_a, einrichtung_b) -> None:
    _history(alice, staff_a, einrichtung_a, "a", 2)
    _history(bob, staff_b, einrichtung_b, "b", 1)


def more(alice: Any, staff_a: Any, einrichtung_a: Any) -> None:
    _history(alice, staff_a, einrichtung_a, "more", 4)


@pytest.fixture
def root() -> Any:
    user = make_user(None, email="root@example.org", is_superuser=True, is_staff=True)
    add_totp(user)
    return user


@pytest.fixture
def not_remembered(monkeypatch: pytest.MonkeyPatch) -> None:
    """The page as the first visit after a write reads it (later visits: the cache)."""
    monkeypatch.setattr("matching.uebersicht.remembered", lambda _key, compute: compute())


def _get(client: Any, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200
    return response


# the page's own queries: session, user, region scope, the programmes (for the programme filter
# and column, shown with several), counts and one page of matches
ADMIN_LIST = [
    ("alice", "", 10),  # the total is the page's own count when nothing is filtered
    ("alice", "?faellig=bald", 12),
    ("alice", "?faellig=ueberfaellig", 12),
    ("alice", "?tagebuch=still", 11),
    ("root", "", 7),
    ("root", "?faellig=bald", 9),
]


@pytest.mark.parametrize(("who", "query", "queries"), ADMIN_LIST)
def test_the_admin_list_of_matches_asks_a_fixed_number_of_times(
    small, client, request, alice, staff_a, einrichtung_a, who, query, queries,
    django_assert_num_queries,
):  # fmt: skip
    client.force_login(request.getfixturevalue(who))
    url = reverse(CHANGELIST) + query
    _get(client, url)  # caches that fill once per process (content types) are warm
    with django_assert_num_queries(queries):
        before = _get(client, url).context["cl"].result_count
    more(alice, staff_a, einrichtung_a)
    with django_assert_num_queries(queries):
        after = _get(client, url).context["cl"].result_count
    if not query:
        assert after == before + 4


def test_the_total_beside_a_filtered_match_list_is_still_the_whole_region(
    small, client, alice, bob
):
    client.force_login(alice)
    whole = _get(client, reverse(CHANGELIST)).context["cl"]
    assert whole.full_result_count == whole.result_count > 0
    assert (
        whole.result_count
        == Begleitung.objects.filter(jugendliche__einrichtung__region__coordinators=alice).count()
    )
    # a filter that keeps none: the page says 0 of the region's total
    ended = _get(client, reverse(CHANGELIST) + "?status__exact=beendet").context["cl"]
    assert ended.result_count == 0 and ended.full_result_count == whole.result_count


# the help-plan KPIs in one query; supervision due in two: the programmes' intervals, then the
# volunteers (each one's interval worked out in it), whatever the number of volunteers
@pytest.mark.parametrize(("who", "queries"), [("alice", 16), ("root", 13)])
def test_what_is_due_asks_a_fixed_number_of_times(
    not_remembered, small, client, request, alice, staff_a, einrichtung_a, who, queries,
    django_assert_num_queries,
):  # fmt: skip
    client.force_login(request.getfixturevalue(who))
    url = reverse("admin:matching_begleitung_uebersicht")
    _get(client, url)
    with django_assert_num_queries(queries):
        before = _running(_get(client, url))
    more(alice, staff_a, einrichtung_a)
    with django_assert_num_queries(queries):
        after = _running(_get(client, url))
    assert after == before + 4


def _running(response: Any) -> int:
    """The page's "N running matches"."""
    found = re.search(r"(\d+) laufende Begleitung", response.content.decode())
    assert found, "the page says how many matches run"
    return int(found[1])


def test_the_staff_list_asks_a_fixed_number_of_times(
    small, client, alice, staff_a, einrichtung_a, django_assert_num_queries
):
    client.force_login(staff_a)
    url = reverse("matching:staff_list")
    _get(client, url)
    with django_assert_num_queries(8):
        before = len(_get(client, url).context["rows"])
    more(alice, staff_a, einrichtung_a)
    with django_assert_num_queries(8):
        assert len(_get(client, url).context["rows"]) == before + 4


def test_the_staff_home_asks_a_fixed_number_of_times(
    small, client, alice, staff_a, einrichtung_a, django_assert_num_queries
):
    client.force_login(staff_a)
    url = reverse("einrichtungen:start")
    _get(client, url)
    # 17, one for the programme a request would go to (for the consents it needs) and one for
    # the links of the apps above (whether the facility's provider is in the network)
    with django_assert_num_queries(19):
        _get(client, url)
    more(alice, staff_a, einrichtung_a)
    with django_assert_num_queries(19):
        _get(client, url)


def _silent_rows(response: Any) -> list[str]:
    """The matches listed under "No diary entry for a while", in order."""
    section = re.search(r'id="silent">(.*?)</fieldset>', response.content.decode(), re.S)
    assert section, "the page has the section"
    return re.findall(r'href="(/admin/matching/begleitung/\d+/change/)"', section[1])


def test_what_is_due_shows_the_most_urgent_and_links_to_the_whole_list(
    not_remembered, small, client, alice, staff_a, einrichtung_a, monkeypatch
):
    more(alice, staff_a, einrichtung_a)
    client.force_login(alice)
    url = reverse("admin:matching_begleitung_uebersicht")
    whole = _silent_rows(_get(client, url))
    assert len(whole) == 6  # every diary of alice's region is silent, all shown
    assert "Alle in der Liste zeigen" not in _get(client, url).content.decode()
    monkeypatch.setattr("matching.uebersicht.ROWS", 2)
    page = _get(client, url)
    assert _silent_rows(page) == whole[:2]  # the longest silent first
    text = page.content.decode()
    assert "Die 2 dringendsten von 6 werden gezeigt." in text
    link = reverse(CHANGELIST) + "?tagebuch=still"
    assert f'href="{link}"' in text
    assert _get(client, link).context["cl"].result_count == 6


@pytest.mark.parametrize("days", [-60, -21, 0, 14, 30, 120])
def test_silent_diaries_from_the_dates_match_the_sql_rule(
    small, alice, staff_a, einrichtung_a, days
):
    """The pages count silent diaries from the dates they read anyway; the admin filter asks
    the same rule in SQL (``diary_silent``). Both agree on any day, in any region."""
    from datetime import timedelta

    from django.utils import timezone

    from matching import lists

    match(alice, staff_a, einrichtung_a, "fresh", started=5)  # no entry yet: counts from its start
    day = timezone.localdate() + timedelta(days=days)
    for regions in (None, {einrichtung_a.region_id}):
        dates = lists.running_dates(regions, diary=True)
        in_python = [d.pk for d in lists.diary_silent_among(dates, today=day)]
        in_sql = lists.diary_silent_queryset(today=day, region_ids=regions)
        assert in_python == [b.pk for b in in_sql]
