"""A coordinator's audit trail at national size (issue 13): the scope (her regions' people) is
read from the relation tables by region, and her unfiltered list says "about N" from a sample
instead of counting her regions' hundred thousand events one by one."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import need_postgresql
from tests.factories import add_totp, make_user
from wegbegleitung import admin_big_lists
from wegbegleitung.models import AuditEvent, User
from wegbegleitung.permissions import region_ids_for
from wegbegleitung.roles import Role
from wegbegleitung.selectors import audit_events_for

pytestmark = pytest.mark.django_db

AUDIT = reverse("admin:wegbegleitung_auditevent_changelist")


@pytest.fixture
def people(alice, bob, volunteer, staff_a, staff_b, charlie, region_a, region_b) -> dict[str, Any]:
    both = make_user(Role.KOORDINATION, region=region_a, email="both@example.org")
    region_b.coordinators.add(both)
    return {
        "alice": alice,
        "bob": bob,
        "both": both,
        "vera": volunteer,
        "vicky": make_user(Role.WEGBEGLEITUNG, region=region_b, email="vicky@example.org"),
        "staff_a": staff_a,
        "staff_b": staff_b,
        "charlie": charlie,
    }


def _events_by(people: dict[str, Any], each: int = 1) -> None:
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(actor=user, actor_label=name, action="login")
            for name, user in people.items()
            for _ in range(each)
        ]
        + [AuditEvent(actor=None, actor_label="system", action="retention.run")]
    )


def _as_before(user: Any) -> set[int]:
    """The scope as it was written first: one join of the users with all three relations."""
    regions = region_ids_for(user)
    scope = User.objects.filter(
        Q(regions__in=regions)
        | Q(wegbegleiter__region__in=regions)
        | Q(groups__einrichtung__region__in=regions)
    )
    return set(AuditEvent.objects.filter(actor__in=scope.values("pk")).values_list("pk", flat=True))


def _labels(user: Any) -> set[str]:
    return set(audit_events_for(user=user).values_list("actor_label", flat=True))


def test_the_scope_keeps_the_same_events_as_before(people):
    _events_by(people)
    for who in ("alice", "bob", "both"):
        user = people[who]
        now = set(audit_events_for(user=user).values_list("pk", flat=True))
        assert now == _as_before(user), who
    assert _labels(people["alice"]) == {"alice", "both", "vera", "staff_a"}
    assert _labels(people["bob"]) == {"bob", "both", "vicky", "staff_b"}
    # no one's regions reach the people without a region or the system's own events
    assert "charlie" not in _labels(people["both"]) and "system" not in _labels(people["both"])
    root = make_user(None, email="root@example.org", is_superuser=True, is_staff=True)
    assert audit_events_for(user=root).count() == AuditEvent.objects.count()


def test_a_coordinators_unfiltered_trail_says_about_how_many(client, people, monkeypatch):
    need_postgresql("the estimate samples the table with TABLESAMPLE and reads pg_class")
    _events_by(people, each=20)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE wegbegleitung_auditevent")
    monkeypatch.setattr(admin_big_lists, "ESTIMATE_FROM_ROWS", 10)
    monkeypatch.setattr(admin_big_lists, "SAMPLE_HITS_MIN", 10)
    alice = people["alice"]
    add_totp(alice)
    client.force_login(alice)
    # a table this small is sampled whole: her four people's eighty events
    page = client.get(AUDIT).content.decode()
    assert "etwa 80" in page
    assert "vicky" not in page and "staff_b" not in page
    # filtered, her events are counted exactly, still only her regions'
    filtered = client.get(AUDIT, {"q": "vera"}).content.decode()
    assert "etwa" not in filtered and "20 " in filtered


def test_a_coordinators_trail_asks_the_same_number_of_questions_at_any_size(client, people):
    alice = people["alice"]
    add_totp(alice)
    _events_by(people)
    client.force_login(alice)
    with CaptureQueriesContext(connection) as few:
        assert client.get(AUDIT).status_code == 200
    _events_by(people, each=40)
    with CaptureQueriesContext(connection) as many:
        assert client.get(AUDIT).status_code == 200
    assert len(many) == len(few)
