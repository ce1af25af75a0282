"""The coordinators' volunteer admin shows "supervision due" for volunteers in an active match
(the matching app's provider and ``supervision_due_list``), with a constant number of queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from matching.models import Begleitung
from tests.matching.factories import make_active, make_anfrage, make_mentor, propose
from wegbegleitung.models import Supervision, SupervisionEinladung, Wegbegleiter

pytestmark = pytest.mark.django_db
LIST = reverse("admin:wegbegleitung_wegbegleiter_changelist")
DUE = '<td class="field-supervision">fällig</td>'


def _long_ago(begleitung: Begleitung, days: int = 100) -> None:
    day = timezone.localdate() - timedelta(days=days)
    Begleitung.objects.filter(pk=begleitung.pk).update(started_on=day)
    Wegbegleiter.objects.filter(pk=begleitung.wegbegleiter_id).update(activity_started_on=day)


def _active_mentor(alice, staff_a, einrichtung_a, region_a, email):
    mentor = make_mentor(region_a, email=email)
    begleitung = make_active(alice, staff_a, make_anfrage(einrichtung_a), mentor)
    _long_ago(begleitung)
    return mentor


@pytest.fixture
def volunteers(alice, staff_a, einrichtung_a, region_a):
    due = _active_mentor(alice, staff_a, einrichtung_a, region_a, "faellig@example.org")
    recent = _active_mentor(alice, staff_a, einrichtung_a, region_a, "war-da@example.org")
    session = Supervision.objects.create(
        region=region_a,
        starts_at=timezone.now() - timedelta(days=10),
        place="Raum 1",
        facilitator="Frau Berg",
    )
    SupervisionEinladung.objects.create(supervision=session, wegbegleiter=recent, attended=True)
    proposed = make_mentor(region_a, email="vorgeschlagen@example.org")
    propose(alice, make_anfrage(einrichtung_a), proposed)  # no active match yet
    Wegbegleiter.objects.filter(pk=proposed.pk).update(
        activity_started_on=timezone.localdate() - timedelta(days=200)
    )
    return {"due": due, "recent": recent, "proposed": proposed}


def _rows(response) -> dict[str, bool]:
    return {str(w.user.email): bool(w.supervision_due) for w in response.context["cl"].result_list}


def test_coordinator_sees_supervision_due_only_for_active_matches(client, alice, volunteers):
    client.force_login(alice)
    response = client.get(LIST)
    assert response.status_code == 200
    assert _rows(response) == {
        "faellig@example.org": True,
        "war-da@example.org": False,
        "vorgeschlagen@example.org": False,
    }
    assert response.content.decode().count(DUE) == 1
    filtered = client.get(LIST, {"supervision": "due"})
    assert list(_rows(filtered)) == ["faellig@example.org"]


def test_other_region_and_anonymous_do_not_see_them(client, bob, volunteers):
    client.force_login(bob)
    response = client.get(LIST, {"supervision": "due"})
    assert response.status_code == 200 and _rows(response) == {}
    client.logout()
    assert client.get(LIST).status_code == 302


def test_a_closed_match_no_longer_counts(client, alice, volunteers):
    Begleitung.objects.filter(wegbegleiter=volunteers["due"]).update(status="beendet")
    client.force_login(alice)
    assert _rows(client.get(LIST))["faellig@example.org"] is False


def test_the_list_reads_a_constant_number_of_queries(
    client, alice, staff_a, einrichtung_a, region_a, volunteers, django_assert_max_num_queries
):
    client.force_login(alice)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(LIST).status_code == 200
        return len(ctx.captured_queries)

    few = queries()
    for n in range(4):
        _active_mentor(alice, staff_a, einrichtung_a, region_a, f"mehr{n}@example.org")
    assert queries() == few
    assert client.get(LIST, {"supervision": "due"}).context["cl"].result_count == 5
    with django_assert_max_num_queries(27):
        client.get(LIST)


def test_the_download_of_the_list_says_who_is_due_for_every_row(alice, volunteers):
    """The page asks the rule for its shown rows only; a download reads every row of the list,
    so its column must come from the list's own query (issue 13, third round)."""
    from django.contrib import admin
    from django.http import QueryDict

    from wegbegleitung.exports.admin_sources import changelist_request, changelist_table

    model_admin = admin.site._registry[Wegbegleiter]
    table = changelist_table(model_admin, changelist_request(model_admin, alice, QueryDict()))
    column = table.columns.index("Supervision")
    rows = list(table.rows)
    due = [row for row in rows if row[column]]
    assert len(rows) == 3 and len(due) == 1
    assert str(volunteers["due"]) in [str(cell) for cell in due[0]]
