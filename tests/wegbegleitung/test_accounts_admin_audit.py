"""Adding, changing and deleting through the Django admin lands in the project's audit trail
(AuditEvent), with the names of the changed fields and never their values."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import admin

from tests.factories import add_totp, make_user
from wegbegleitung.admin_audit import AuditedAdminMixin
from wegbegleitung.models import AuditEvent, Region, User


@pytest.fixture
def root(db: Any) -> User:
    user = make_user(None, email="root@example.org", is_superuser=True, is_staff=True)
    add_totp(user)
    return user


def _events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("pk"))


def test_every_registered_admin_is_audited():
    assert admin.site._registry
    for model, model_admin in admin.site._registry.items():
        assert isinstance(model_admin, AuditedAdminMixin), model


def test_add_change_delete_are_audited_with_field_names_only(client, root):
    client.force_login(root)
    added = client.post(
        "/admin/wegbegleitung/region/add/",
        {"name": "Oberland", "country": "AT"},
        HTTP_X_REQUEST_ID="req-admin-add-1",
    )
    assert added.status_code == 302
    region = Region.objects.get(name="Oberland")
    (event,) = _events("region.admin_add")
    assert (event.actor, event.object_id, event.request_id) == (
        root,
        str(region.pk),
        "req-admin-add-1",
    )
    assert event.details == {"fields": ["country", "name"]}

    changed = client.post(
        f"/admin/wegbegleitung/region/{region.pk}/change/",
        {"name": "Oberland-Süd", "country": "AT"},
    )
    assert changed.status_code == 302
    (event,) = _events("region.admin_change")
    assert event.details == {"fields": ["name"]}
    assert "Oberland" not in str(event.details)

    deleted = client.post(f"/admin/wegbegleitung/region/{region.pk}/delete/", {"post": "yes"})
    assert deleted.status_code == 302
    assert not Region.objects.filter(pk=region.pk).exists()
    (event,) = _events("region.admin_delete")
    assert (event.object_id, event.details) == (str(region.pk), {})


def test_a_change_of_personal_data_names_the_fields_not_the_values(client, root, volunteer):
    client.force_login(root)
    response = client.post(
        f"/admin/wegbegleitung/user/{volunteer.pk}/change/",
        {
            "email": volunteer.email,
            "first_name": "Geheimvorname",
            "last_name": "Geheimnachname",
            "is_active": "on",
            "groups": [g.pk for g in volunteer.groups.all()],
        },
    )
    assert response.status_code == 302, response.content[:2000]
    volunteer.refresh_from_db()
    assert volunteer.first_name == "Geheimvorname"
    (event,) = _events("user.admin_change")
    assert event.details == {"fields": ["first_name", "last_name"]}
    text = str(event.details) + event.object_id
    assert "Geheim" not in text and volunteer.email not in text


def test_the_bulk_delete_action_audits_each_row(client, root):
    client.force_login(root)
    regions = [Region.objects.create(name=f"Leer {n}", country="DE") for n in range(3)]
    response = client.post(
        "/admin/wegbegleitung/region/",
        {
            "action": "delete_selected",
            "_selected_action": [r.pk for r in regions],
            "post": "yes",
        },
    )
    assert response.status_code == 302
    assert not Region.objects.filter(pk__in=[r.pk for r in regions]).exists()
    assert sorted(e.object_id for e in _events("region.admin_delete")) == sorted(
        str(r.pk) for r in regions
    )


def test_the_trail_shows_admin_actions_in_german(client, root, alice, region_a):
    client.force_login(root)
    client.post("/admin/wegbegleitung/region/add/", {"name": "Oberland", "country": "AT"})
    page = client.get("/admin/wegbegleitung/auditevent/")
    assert "Region: in der Verwaltung angelegt" in page.text


def test_a_coordinator_cannot_change_another_regions_record(client, bob, region_a):
    """The audit changes nothing about who may: bob (region B) gets no change page for A."""
    client.force_login(bob)
    response = client.post(
        f"/admin/wegbegleitung/region/{region_a.pk}/change/", {"name": "X", "country": "DE"}
    )
    assert response.status_code in {302, 403}
    region_a.refresh_from_db()
    assert region_a.name == "Rhein-Main"
    assert not _events("region.admin_change")


def test_volunteers_and_anonymous_never_reach_the_admin(client, volunteer):
    response = client.post("/admin/wegbegleitung/region/add/", {"name": "X", "country": "DE"})
    assert response["Location"].startswith("/admin/login/")
    client.force_login(volunteer)
    response = client.post("/admin/wegbegleitung/region/add/", {"name": "X", "country": "DE"})
    assert response.status_code == 302
    assert not Region.objects.filter(name="X").exists()
    assert not AuditEvent.objects.filter(action__startswith="region.admin").exists()
