"""The mentor's diary in the portal comes in pages of twenty, newest first (issue 13): the page
costs the same with three entries or sixty, "show older" reaches the very first entry, and no
link ever shows another mentor's diary."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from matching.diary import PAGE_SIZE
from matching.models import Begleitung, Treffen
from tests.matching.factories import make_active, make_anfrage, make_mentor

pytestmark = pytest.mark.django_db


@pytest.fixture
def active(alice, staff_a, anfrage_a, mentor_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return make_active(alice, staff_a, anfrage_a, mentor_a)


def _entries(begleitung: Begleitung, n: int, *, what: str = "Treffen") -> list[Treffen]:
    today = timezone.localdate()
    # two entries a day, so the order within one date (by id) matters too
    return Treffen.objects.bulk_create(
        Treffen(
            begleitung=begleitung,
            datum=today - timedelta(days=i // 2),
            dauer_minuten=60,
            aktivitaet=f"{what} {i:03d}",
            stimmung="gut",
        )
        for i in range(n)
    )


def _older_link(page: str) -> str | None:
    found = re.search(r'href="(\?aeltere=[^"#]+)', page)
    return reverse("matching:portal") + found.group(1) if found else None


def _shown(page: str, what: str = "Treffen") -> list[str]:
    return re.findall(rf"{what} (\d{{3}})", page)


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("matching:portal")).status_code == 200
    return len(queries)


def test_the_newest_entries_come_first_and_older_pages_reach_the_first(active, client, mentor_a):
    _entries(active, 2 * PAGE_SIZE + 5)
    client.force_login(mentor_a.user)
    page = client.get(reverse("matching:portal")).content.decode()
    # entry 000 is today's first, 001 today's second (higher id, so newer): newest first
    assert _shown(page)[:3] == ["001", "000", "003"]
    assert len(_shown(page)) == PAGE_SIZE and "45 Einträge" in page
    seen, url = _shown(page), _older_link(page)
    while url:
        page = client.get(url).content.decode()
        assert "Zu den neuesten Einträgen" in page
        seen += _shown(page)
        url = _older_link(page)
    assert sorted(seen) == [f"{i:03d}" for i in range(2 * PAGE_SIZE + 5)]
    assert len(seen) == len(set(seen)) and seen[-1] == "044"


def test_a_short_diary_has_no_pages(active, client, mentor_a):
    _entries(active, 3)
    client.force_login(mentor_a.user)
    page = client.get(reverse("matching:portal")).content.decode()
    assert len(_shown(page)) == 3 and "Ältere Einträge" not in page


def test_the_query_count_does_not_grow_with_the_diary(active, client, mentor_a):
    client.force_login(mentor_a.user)
    _entries(active, 3)
    few = _queries(client)
    _entries(active, 3 * PAGE_SIZE)
    assert _queries(client) == few == 12


def test_no_cursor_shows_another_mentors_diary(
    active, alice, staff_a, einrichtung_a, region_a, client, mentor_a,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    other_mentor = make_mentor(region_a, email="olaf@example.org", first_name="Olaf")
    with django_capture_on_commit_callbacks(execute=True):
        other = make_active(
            alice, staff_a, make_anfrage(einrichtung_a, vorname="Ida"), other_mentor
        )
    theirs = _entries(other, 30, what="Fremd")
    _entries(active, 30)
    client.force_login(mentor_a.user)
    newest = theirs[1]
    # a cursor made from the other match's id and entries: still only the own diary, newest page
    for cursor in (f"{other.pk}.{newest.datum.isoformat()}.{newest.pk + 1}", "kaputt", "1.2.3"):
        page = client.get(reverse("matching:portal"), {"aeltere": cursor}).content.decode()
        assert not _shown(page, "Fremd") and len(_shown(page)) == PAGE_SIZE


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(reverse("matching:portal"), {"aeltere": "1.2026-01-01.1"})
    assert response.status_code == 302 and "login" in response["Location"]
