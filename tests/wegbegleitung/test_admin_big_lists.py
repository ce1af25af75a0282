"""The audit trail and the notification log at a million rows (issue 13): the admin lists keep
every filter and the date hierarchy, count in the statistics when unfiltered ("about N"), and
ask the database the same number of questions whatever the size."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.conftest import need_postgresql
from tests.factories import add_totp, make_user
from wegbegleitung import admin_big_lists
from wegbegleitung.models import AuditEvent, Benachrichtigung
from wegbegleitung.roles import Role

pytestmark = pytest.mark.django_db

AUDIT = reverse("admin:wegbegleitung_auditevent_changelist")
NOTICES = reverse("admin:wegbegleitung_benachrichtigung_changelist")


@pytest.fixture
def root(db: Any) -> Any:
    user = make_user(None, email="root@example.org", is_superuser=True, is_staff=True)
    add_totp(user)
    return user


def _at(year: int, month: int, day: int) -> datetime:
    return timezone.make_aware(datetime(year, month, day, 12))


def _events(n: int, *, action: str = "login", at: datetime | None = None) -> None:
    AuditEvent.objects.bulk_create(
        AuditEvent(action=action, at=at or _at(2024, 5, 1 + i % 28), actor_label=f"e{i}")
        for i in range(n)
    )


def _notices(n: int, region: Any, recipient: Any, *, status: str = "offen") -> None:
    Benachrichtigung.objects.bulk_create(
        Benachrichtigung(
            recipient=recipient, kind="conduct_sign", subject_type="x", subject_id=i,
            period=f"p{i}", region=region, status=status,
        )
        for i in range(n)
    )  # fmt: skip


def _page(client: Any, url: str, **params: str) -> str:
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def _queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        _page(client, url)
    return len(queries)


def test_the_date_hierarchy_offers_each_year_month_and_day_with_events(client, root):
    _events(2, at=_at(2021, 7, 3))
    _events(2, at=_at(2024, 3, 9))
    _events(2, at=_at(2024, 3, 31))
    _events(2, at=_at(2024, 11, 2))
    client.force_login(root)
    page = _page(client, AUDIT)
    assert "?at__year=2021" in page and "?at__year=2024" in page
    assert "?at__year=2022" not in page and "?at__year=2023" not in page
    year = _page(client, AUDIT, at__year="2024")
    assert "at__month=3" in year and "at__month=11" in year and "at__month=4" not in year
    month = _page(client, AUDIT, at__year="2024", at__month="3")
    assert "at__day=9" in month and "at__day=31" in month and "at__day=10" not in month


def test_the_action_filter_offers_each_action_and_filters(client, root):
    _events(3, action="login")
    _events(2, action="user.role_grant")
    client.force_login(root)
    page = _page(client, AUDIT)
    assert "?action=login" in page and "?action=user.role_grant" in page
    filtered = _page(client, AUDIT, action="user.role_grant")
    assert filtered.count('class="field-actor_label"') == 2


def test_an_unfiltered_big_list_says_about_how_many(client, root, monkeypatch):
    need_postgresql("the estimate is PostgreSQL's statistics (pg_class)")
    _events(30)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE wegbegleitung_auditevent")
    monkeypatch.setattr(admin_big_lists, "ESTIMATE_FROM_ROWS", 10)
    client.force_login(root)
    assert "etwa 30" in _page(client, AUDIT)
    # filtered, the number is counted exactly
    filtered = _page(client, AUDIT, action="login")
    assert "etwa" not in filtered and "30 " in filtered


def test_the_audit_list_asks_the_same_number_of_questions_at_any_size(client, root):
    _events(3)
    client.force_login(root)
    few = _queries(client, AUDIT)
    _events(150, action="user.role_grant", at=_at(2019, 1, 1))
    assert _queries(client, AUDIT) == few == (11 if connection.vendor == "postgresql" else 10)


def test_the_notification_log_asks_the_same_number_of_questions(client, root, alice, region_a):
    _notices(2, region_a, alice)
    client.force_login(alice)
    coordinator = _queries(client, NOTICES)
    client.force_login(root)
    superuser = _queries(client, NOTICES)
    _notices(120, region_a, root)
    assert _queries(client, NOTICES) == superuser == (7 if connection.vendor == "postgresql" else 6)
    client.force_login(alice)
    assert _queries(client, NOTICES) == coordinator == 9


def test_the_status_filter_of_the_log_still_filters(client, root, region_a, alice):
    _notices(3, region_a, alice)
    _notices(2, region_a, root, status="fehlgeschlagen")
    client.force_login(root)
    page = _page(client, NOTICES, status__exact="fehlgeschlagen")
    assert page.count('class="field-kind_label"') == 2


@pytest.mark.parametrize("url", [AUDIT, NOTICES])
def test_volunteers_and_visitors_never_see_the_lists(url, client, volunteer):
    assert client.get(url).status_code == 302
    client.force_login(volunteer)
    assert client.get(url).status_code in (302, 403)


def test_a_coordinator_sees_only_the_notices_of_their_regions(
    client, alice, bob, region_a, region_b
):
    other = make_user(Role.WEGBEGLEITUNG, region=region_b, email="wolf@example.org")
    _notices(2, region_a, alice)
    _notices(3, region_b, other)
    client.force_login(alice)
    assert _page(client, NOTICES).count('class="field-kind_label"') == 2
    client.force_login(bob)
    assert _page(client, NOTICES).count('class="field-kind_label"') == 3
