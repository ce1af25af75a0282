"""The audit trail records reads and writes, and nobody can change it through any page."""

import pytest
from django.db import DatabaseError, transaction

from tests.conftest import need_postgresql
from tests.factories import make_user
from wegbegleitung.models import AuditEvent
from wegbegleitung.roles import Role
from wegbegleitung.services.audit import audit_read


def test_write_through_the_admin_is_audited_with_the_request_id(client, alice, region_a):
    client.force_login(alice)
    response = client.post(
        "/admin/wegbegleitung/einladung/add/",
        {"email": "neu@example.org", "role": Role.KOORDINATION, "region": region_a.pk},
        HTTP_X_REQUEST_ID="req-1234567890",
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="einladung.create")
    assert event.actor == alice
    assert event.request_id == "req-1234567890"
    assert event.details == {"role": Role.KOORDINATION}
    assert "neu@example.org" not in str(event.details)


def test_read_is_audited(volunteer, alice):
    audit_read(actor=alice, obj=volunteer.wegbegleiter)
    event = AuditEvent.objects.get(action="wegbegleiter.view")
    assert (event.actor, event.object_id) == (alice, str(volunteer.wegbegleiter.pk))


def test_coordinator_can_read_the_trail(client, alice, volunteer):
    audit_read(actor=alice, obj=volunteer.wegbegleiter)
    client.force_login(alice)
    response = client.get("/admin/wegbegleitung/auditevent/")
    assert response.status_code == 200
    assert "wegbegleiter.view" in response.text


@pytest.mark.parametrize(
    "url",
    [
        "/admin/wegbegleitung/auditevent/add/",
        "/admin/wegbegleitung/auditevent/{pk}/delete/",
    ],
)
def test_no_page_adds_or_deletes_audit_events(client, alice, volunteer, url):
    event = audit_read(actor=alice, obj=volunteer.wegbegleiter)
    client.force_login(alice)
    response = client.post(url.format(pk=event.pk), {"post": "yes", "action": "x"})
    assert response.status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk, action="wegbegleiter.view").exists()


def test_change_page_is_read_only_even_for_superusers(client, volunteer, region_a):
    admin_user = make_user(None, is_superuser=True, is_staff=True)
    from tests.factories import add_totp

    add_totp(admin_user)
    event = audit_read(actor=admin_user, obj=volunteer.wegbegleiter)
    client.force_login(admin_user)
    page = client.get(f"/admin/wegbegleitung/auditevent/{event.pk}/change/")
    assert page.status_code == 200
    assert 'name="action"' not in page.text  # no editable field
    client.post(f"/admin/wegbegleitung/auditevent/{event.pk}/change/", {"action": "forged"})
    event.refresh_from_db()
    assert event.action == "wegbegleiter.view"
    changelist = client.get("/admin/wegbegleitung/auditevent/")
    assert "delete_selected" not in changelist.text


def test_volunteer_and_staff_cannot_read_the_trail(client, volunteer, staff_a):
    for user in (volunteer, staff_a):
        client.force_login(user)
        response = client.get("/admin/wegbegleitung/auditevent/")
        assert response.status_code in {302, 403}


def test_database_refuses_update_and_delete(alice, volunteer):
    need_postgresql("the append-only trigger")
    event = audit_read(actor=alice, obj=volunteer.wegbegleiter)
    for statement in (AuditEvent.objects.filter(pk=event.pk).update,):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            statement(action="forged")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "wegbegleiter.view"
