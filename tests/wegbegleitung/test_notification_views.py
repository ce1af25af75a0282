"""Inbox, preferences and the admin log: each user sees their own, coordinators their regions."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import make_user
from wegbegleitung.models import Benachrichtigung, BenachrichtigungEinstellung
from wegbegleitung.notifications.delivery import record
from wegbegleitung.notifications.registry import Due
from wegbegleitung.roles import Role

INBOX = reverse("benachrichtigungen:inbox")
PREFS = reverse("benachrichtigungen:einstellungen")


def _notice(user, period="v1", region=None, kind="conduct_sign"):
    record(kind, [Due(user.pk, "wegbegleitung.wegbegleiter", user.pk, period,
                      region.pk if region else None,
                      {"version": period, "url": "https://wb.example/schutz/verhaltenskodex/"})])  # fmt: skip


@pytest.mark.parametrize("who", ["volunteer", "alice", "staff_a"])
def test_each_user_sees_their_own_inbox(who, request, client, charlie):
    user = request.getfixturevalue(who)
    _notice(user, period="v7")
    _notice(charlie, period="v9")
    client.force_login(user)
    page = client.get(INBOX).content.decode()
    assert "Verhaltenskodex (Version v7)" in page
    assert "Version v9" not in page  # (a bare "v9" can occur in a random CSP nonce)


def test_anonymous_users_are_sent_to_the_login(client):
    for url in (INBOX, PREFS):
        response = client.get(url)
        assert response.status_code == 302 and "/konto/login/" in response["Location"]


def test_the_inbox_reads_a_fixed_number_of_queries(
    client, volunteer, django_assert_max_num_queries
):
    client.force_login(volunteer)
    _notice(volunteer, period="v1")
    client.get(INBOX)
    with django_assert_max_num_queries(12) as few:
        client.get(INBOX)
    for n in range(2, 30):
        _notice(volunteer, period=f"v{n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(INBOX).content.decode().count("Verhaltenskodex (Version") == 29


def test_the_portal_and_staff_area_link_to_the_inbox(client, volunteer, staff_a):
    client.force_login(volunteer)
    assert INBOX in client.get(reverse("portal:start")).content.decode()
    client.force_login(staff_a)
    assert INBOX in client.get(reverse("einrichtungen:start")).content.decode()


def test_preferences_switch_a_kind_off_and_show_critical_ones_fixed(client, volunteer):
    client.force_login(volunteer)
    page = client.get(PREFS).content.decode()
    assert 'name="email_supervision_due"' in page
    assert 'name="email_certificate_renewal"' not in page  # shown, but not a choice
    assert "immer per E-Mail" in page
    client.post(PREFS, {"email_hpg_upcoming": "on"})
    off = set(
        BenachrichtigungEinstellung.objects.filter(email=False).values_list("kind", flat=True)
    )
    assert "supervision_due" in off and "hpg_upcoming" not in off
    page = client.get(PREFS).content.decode()
    assert 'name="email_supervision_due">' in page  # unchecked now


def test_preferences_page_for_someone_without_notifications(client, charlie):
    client.force_login(charlie)
    assert "keine Benachrichtigungen" in client.get(PREFS).content.decode()


# --- admin ------------------------------------------------------------------------------------


ADMIN_LIST = reverse("admin:wegbegleitung_benachrichtigung_changelist")


def test_coordinators_see_the_log_of_their_regions(
    client, alice, bob, region_a, region_b, volunteer, django_assert_max_num_queries
):
    _notice(volunteer, period="v1", region=region_a)
    other = make_user(Role.WEGBEGLEITUNG, region=region_b, email="wolf@example.org")
    _notice(other, period="v1", region=region_b)
    Benachrichtigung.objects.update(status="fehlgeschlagen", last_error="SMTP 451")
    client.force_login(alice)
    with django_assert_max_num_queries(25):
        page = client.get(ADMIN_LIST).content.decode()
    assert str(volunteer) in page and str(other) not in page
    row = Benachrichtigung.objects.get(recipient=other)
    assert (
        client.get(
            reverse("admin:wegbegleitung_benachrichtigung_change", args=[row.pk])
        ).status_code
        == 302
    )
    client.force_login(bob)
    assert str(other) in client.get(ADMIN_LIST).content.decode()


def test_others_have_no_access_to_the_log(client, charlie, volunteer):
    assert client.get(ADMIN_LIST).status_code == 302  # anonymous: to the login
    for user in (charlie, volunteer):
        client.force_login(user)
        assert client.get(ADMIN_LIST).status_code in (302, 403)


def test_concern_notices_are_hidden_from_coordinators(client, alice, region_a):
    lead = make_user(Role.KINDERSCHUTZ, region=region_a, email="lead@example.org")
    record("concern_new", [Due(lead.pk, "schutzkonzept.meldung", 1, "neu", region_a.pk,
                               {"kanal": "x", "url": "https://wb.example/"})])  # fmt: skip
    client.force_login(alice)
    assert str(lead) not in client.get(ADMIN_LIST).content.decode()
    client.force_login(lead)
    assert str(lead) in client.get(ADMIN_LIST).content.decode()


def test_a_coordinator_sends_a_failed_notice_again(
    client, alice, region_a, volunteer, mailoutbox, django_capture_on_commit_callbacks
):
    _notice(volunteer, period="v1", region=region_a)
    Benachrichtigung.objects.update(status="fehlgeschlagen", attempts=8)
    row = Benachrichtigung.objects.get()
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(ADMIN_LIST, {"action": "retry", "_selected_action": [row.pk]})
    row.refresh_from_db()
    assert row.status == "gesendet"
    assert [m.to for m in mailoutbox] == [["vera@example.org"]]
