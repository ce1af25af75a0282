"""The portal start is remembered per volunteer until anything is written (issue 13: the page
must cost about as much as a bare view). What a user changes shows at once; a supervision that
has begun leaves the list without a write; no volunteer ever sees another one's page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wegbegleitung.models import Supervision, SupervisionEinladung, Wegbegleiter

# what is remembered lives across requests and transactions: the tests commit like real ones
pytestmark = pytest.mark.django_db(transaction=True)

START = reverse("portal:start")


def _invite(wegbegleiter: Wegbegleiter, *, place: str, minutes: int) -> Supervision:
    supervision = Supervision.objects.create(
        region=wegbegleiter.region, starts_at=timezone.now() + timedelta(minutes=minutes),
        place=place, facilitator="F. Acilitator",
    )  # fmt: skip
    SupervisionEinladung.objects.create(supervision=supervision, wegbegleiter=wegbegleiter)
    return supervision


def _when(supervision: Supervision) -> str:
    return f"{timezone.localtime(supervision.starts_at):%d.%m.%Y %H:%M}"


def _get(client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(START)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_a_second_visit_reads_only_the_session_and_the_user(client, volunteer):
    client.force_login(volunteer)
    first, _page = _get(client)
    again, _page = _get(client)
    assert first > again and again == 3


def test_a_change_shows_at_once(client, volunteer):
    client.force_login(volunteer)
    _get(client)
    supervision = _invite(volunteer.wegbegleiter, place="Raum Linde", minutes=60 * 24 + 7)
    _queries, page = _get(client)
    assert _when(supervision) in page


def test_a_supervision_that_has_begun_leaves_the_list_without_a_write(
    client, volunteer, monkeypatch
):
    supervision = _invite(volunteer.wegbegleiter, place="Raum Eiche", minutes=60)
    client.force_login(volunteer)
    shown = _when(supervision)
    assert shown in _get(client)[1]
    later = timezone.now() + timedelta(hours=2)  # still today, or the test is skipped
    if timezone.localdate(later) != timezone.localdate():
        pytest.skip("two hours from now is tomorrow")
    monkeypatch.setattr(timezone, "now", lambda: later)
    queries, page = _get(client)
    assert queries == 3  # still remembered, and the session that has begun is not listed
    assert shown not in page


def test_no_volunteer_sees_another_ones_page(client, volunteer, victor):
    supervision = _invite(victor, place="Raum Ulme", minutes=60 * 24 + 11)
    client.force_login(victor.user)
    assert _when(supervision) in _get(client)[1]
    client.force_login(volunteer)
    assert _when(supervision) not in _get(client)[1]


@pytest.mark.parametrize(("who", "expected"), [("charlie", 404), ("alice", 404), (None, 302)])
def test_only_volunteers_have_a_portal(client, request, who, expected):
    if who is not None:
        client.force_login(request.getfixturevalue(who))
    assert client.get(START).status_code == expected
