"""Refused attempts to open a concern are logged, and the leads see them (issue 10, 3)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from schutzkonzept.models import Meldung, VerweigerterZugriff
from schutzkonzept.services.concern_access import refused_in_regions_q
from schutzkonzept.services.concerns import meldung_report
from wegbegleitung.models import AuditEvent

REFUSED = "meldung.access_refused"


@pytest.fixture
def meldung_a(volunteer, django_capture_on_commit_callbacks):
    return meldung_report(acting_user=volunteer, description="Blaue Flecken am Arm gesehen.")


ADMIN_PAGES = [
    ("admin:schutzkonzept_meldung_changelist", False, "admin_changelist"),
    ("admin:schutzkonzept_meldung_change", True, "admin_change"),
    ("admin:schutzkonzept_meldung_history", True, "admin_history"),
    ("admin:schutzkonzept_meldung_delete", True, "admin_delete"),
]


@pytest.mark.parametrize(("name", "with_id", "where"), ADMIN_PAGES)
def test_a_coordinator_without_the_role_is_refused_and_logged_in_the_admin(
    client, alice, meldung_a, name, with_id, where
):
    client.force_login(alice)
    url = reverse(name, args=[meldung_a.pk] if with_id else [])
    assert client.get(url).status_code == 403
    event = AuditEvent.objects.get(action=REFUSED)
    assert event.actor == alice and event.details["where"] == where
    assert event.object_id == (str(meldung_a.pk) if with_id else "")
    assert event.at is not None


def test_a_made_up_id_is_refused_the_same_way_and_logged(client, alice, meldung_a):
    client.force_login(alice)
    missing = meldung_a.pk + 1000
    existing = client.get(reverse("schutzkonzept:meldung_detail", args=[meldung_a.pk]))
    made_up = client.get(reverse("schutzkonzept:meldung_detail", args=[missing]))
    assert existing.status_code == made_up.status_code == 403
    # the answer reveals nothing (apart from the form tokens and the page's own address)
    assert _page(existing.content) == _page(made_up.content)
    ids = set(AuditEvent.objects.filter(action=REFUSED).values_list("object_id", flat=True))
    assert ids == {str(meldung_a.pk), str(missing)}


def test_anonymous_visitors_go_to_the_login_and_are_not_logged(client, meldung_a):
    for url in (
        reverse("schutzkonzept:meldung_detail", args=[meldung_a.pk]),
        reverse("admin:schutzkonzept_meldung_change", args=[meldung_a.pk]),
    ):
        assert client.get(url).status_code == 302
    assert not AuditEvent.objects.filter(action=REFUSED).exists()


def test_the_lead_opens_without_a_refusal(client, schutz_a, meldung_a):
    client.force_login(schutz_a)
    assert client.get(reverse("admin:schutzkonzept_meldung_changelist")).status_code == 200
    assert (
        client.get(reverse("schutzkonzept:meldung_detail", args=[meldung_a.pk])).status_code == 200
    )
    history = reverse("admin:schutzkonzept_meldung_history", args=[meldung_a.pk])
    assert client.get(history).status_code == 200
    assert not AuditEvent.objects.filter(action=REFUSED).exists()


def test_leads_see_the_refused_attempts_and_nobody_else_does(
    client, alice, staff_a, volunteer, schutz_a, meldung_a, django_assert_max_num_queries
):
    for who in (alice, staff_a, volunteer):
        client.force_login(who)
        client.get(reverse("schutzkonzept:meldung_detail", args=[meldung_a.pk]))
    AuditEvent.objects.create(action="meldung.view", actor_label="other@example.org")
    url = reverse("admin:schutzkonzept_verweigerterzugriff_changelist")
    client.force_login(schutz_a)
    with django_assert_max_num_queries(12):
        page = client.get(url)
    body = page.content.decode()
    assert page.status_code == 200
    for who in (alice, staff_a, volunteer):
        assert who.email in body
    assert "other@example.org" not in body
    assert "Blaue" not in body
    client.force_login(alice)
    assert client.get(url).status_code == 403
    for who in (staff_a, volunteer):
        client.force_login(who)
        assert client.get(url).status_code == 302  # the admin's login page
    client.logout()
    assert client.get(url).status_code == 302


def test_the_concern_is_not_touched_by_a_refusal(client, alice, meldung_a):
    client.force_login(alice)
    client.post(reverse("admin:schutzkonzept_meldung_delete", args=[meldung_a.pk]), {"post": "yes"})
    client.post(
        reverse("schutzkonzept:meldung_detail", args=[meldung_a.pk]),
        {"art": "notiz", "note": "hineingeschrieben"},
    )
    assert Meldung.objects.filter(pk=meldung_a.pk).exists()
    assert not meldung_a.schritte.filter(note="hineingeschrieben").exists()
    assert AuditEvent.objects.filter(action=REFUSED, actor=alice).count() == 2


def _page(content: bytes) -> str:
    return re.sub(r'value="[^"]*"', "", content.decode())


def test_each_lead_sees_only_the_refused_attempts_of_her_regions(
    client, alice, bob, staff_a, schutz_a, schutz_b, meldung_a, wb_b, region_b
):
    # alice (coordinator of A) opens A's concern; bob (coordinator of B) guesses an id; the
    # volunteer of region B opens the list
    meldung_b = Meldung.objects.create(
        kanal=Meldung.Kanal.KOORDINATION, region=region_b, description="x"
    )
    client.force_login(alice)
    client.get(reverse("schutzkonzept:meldung_detail", args=[meldung_a.pk]))
    client.force_login(bob)
    client.get(reverse("schutzkonzept:meldung_detail", args=[meldung_b.pk]))
    client.get(reverse("schutzkonzept:meldung_detail", args=[987654]))
    client.force_login(wb_b.user)
    client.get(reverse("schutzkonzept:meldung_list"))
    nowhere = Meldung.objects.create(kanal=Meldung.Kanal.KOORDINATION, description="y")
    client.force_login(staff_a)
    client.get(reverse("schutzkonzept:meldung_detail", args=[nowhere.pk]))  # staff of A: A

    url = reverse("admin:schutzkonzept_verweigerterzugriff_changelist")
    client.force_login(schutz_a)
    seen_by_a = client.get(url).content.decode()
    client.force_login(schutz_b)
    seen_by_b = client.get(url).content.decode()
    assert alice.email in seen_by_a and alice.email not in seen_by_b
    assert staff_a.email in seen_by_a and staff_a.email not in seen_by_b
    assert bob.email in seen_by_b and bob.email not in seen_by_a
    assert wb_b.user.email in seen_by_b and wb_b.user.email not in seen_by_a
    # a superuser (regions None) reviews every attempt
    everyone = VerweigerterZugriff.objects.filter(refused_in_regions_q(None))
    assert sorted(everyone.values_list("actor_label", flat=True)) == sorted(
        [alice.email, bob.email, bob.email, wb_b.user.email, staff_a.email]
    )
    # the list is the lead's: a change page of another region's attempt is not found either
    other = AuditEvent.objects.filter(action=REFUSED, actor=bob).first()
    client.force_login(schutz_a)
    change = reverse("admin:schutzkonzept_verweigerterzugriff_change", args=[other.pk])
    assert client.get(change).status_code in (302, 404)
