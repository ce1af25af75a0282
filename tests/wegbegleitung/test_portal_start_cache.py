"""The portal start is remembered per volunteer until anything is written (issue 13: the page
must cost about as much as a bare view). What a user changes shows at once; a supervision that
has begun leaves the list without a write; no volunteer ever sees another one's page."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.apps import apps
from django.core.cache import caches
from django.db import connection
from django.db.models.signals import post_migrate
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wegbegleitung.data_generation import writes_data
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


# --- remembered as rendered HTML (issue 13: the page at most twice the cost of a bare view) -----

_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def test_the_remembered_page_is_the_page_the_first_visit_showed(client, volunteer):
    supervision = _invite(volunteer.wegbegleiter, place="Raum Birke", minutes=60 * 24 + 3)
    client.force_login(volunteer)
    first_queries, first = _get(client)
    again_queries, again = _get(client)
    assert first_queries > again_queries == 3
    assert 'id="checklist-title"' in again and _when(supervision) in again
    # the same page, but for the forms' tokens, which are made for each visit
    assert _TOKEN.sub("", first) == _TOKEN.sub("", again)
    assert _TOKEN.search(again)


def test_the_link_to_supervision_goes_when_the_last_session_has_begun(
    client, volunteer, monkeypatch
):
    # during the application the link shows only with a session to come
    _invite(volunteer.wegbegleiter, place="Raum Eibe", minutes=60)
    client.force_login(volunteer)
    assert reverse("portal:supervision") in _get(client)[1]
    later = timezone.now() + timedelta(hours=2)
    if timezone.localdate(later) != timezone.localdate():
        pytest.skip("two hours from now is tomorrow")
    monkeypatch.setattr(timezone, "now", lambda: later)
    queries, page = _get(client)
    assert queries == 3 and 'id="checklist-title"' in page
    assert reverse("portal:supervision") not in page


def test_logging_out_works_from_a_remembered_page(volunteer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(volunteer)
    _get(client)
    queries, page = _get(client)
    assert queries == 3
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token is not None
    response = client.post(reverse("account_logout"), {"csrfmiddlewaretoken": token[1]})
    assert response.status_code == 302
    assert client.get(START).status_code == 302  # to the login


def test_a_remembered_visit_asks_the_cache_once(client, volunteer, monkeypatch):
    client.force_login(volunteer)
    _get(client)
    backend = caches["default"]
    asked: list[str] = []
    for name in ("get", "get_many"):
        monkeypatch.setattr(backend, name, _counted(getattr(backend, name), name, asked))
    assert _get(client)[0] == 3
    assert asked == ["get_many"]


def _counted(method: Any, name: str, asked: list[str]) -> Any:
    """``method``, noting each call in ``asked`` (not the calls it makes itself: the test cache's
    get_many asks get for each key, Redis answers them in one round trip)."""

    def counted(*args: Any, **kwargs: Any) -> Any:
        if _inside:
            return method(*args, **kwargs)
        asked.append(name)
        _inside.append(name)
        try:
            return method(*args, **kwargs)
        finally:
            _inside.pop()

    return counted


_inside: list[str] = []


def test_after_a_migrate_the_page_is_worked_out_again(client, volunteer):
    """Every deploy runs migrate: a page rendered by the code before it is not shown again."""
    client.force_login(volunteer)
    _get(client)
    assert _get(client)[0] == 3
    config = apps.get_app_config("wegbegleitung")
    with CaptureQueriesContext(connection) as during:
        post_migrate.send(
            sender=config, app_config=config, verbosity=0, interactive=False, using="default",
            apps=apps, plan=[],
        )  # fmt: skip
    # nothing was written (that alone would renew it): the migrate itself renews the page
    assert not [q for q in during.captured_queries if writes_data(q["sql"])]
    assert _get(client)[0] > 3
