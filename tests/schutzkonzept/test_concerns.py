"""Concerns (§ 8a SGB VIII): who reports, who sees (a matrix), the workflow, the leads' mail."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from schutzkonzept.models import Meldung, MeldungSchritt
from schutzkonzept.services.concerns import meldung_record_step, meldung_report
from tests.factories import make_user
from wegbegleitung.models import AuditEvent
from wegbegleitung.roles import Role

A = MeldungSchritt.Art


@pytest.fixture
def meldung_a(volunteer, django_capture_on_commit_callbacks):
    """Reported by a volunteer of region A."""
    return meldung_report(acting_user=volunteer, description="Blaue Flecken am Arm gesehen.")


def _urls(pk):
    return [
        reverse("schutzkonzept:meldung_list"),
        reverse("schutzkonzept:meldung_detail", args=[pk]),
        reverse("admin:schutzkonzept_meldung_changelist"),
        reverse("admin:schutzkonzept_meldung_change", args=[pk]),
        reverse("admin:schutzkonzept_meldung_history", args=[pk]),
        reverse("admin:schutzkonzept_meldung_delete", args=[pk]),
    ]


@pytest.mark.parametrize("who", ["alice", "schutz_b", "staff_a", "volunteer", "charlie"])
def test_nobody_but_the_child_protection_role_of_the_region_opens_a_concern(
    client, request, meldung_a, who
):
    """Refused with 403 on every page, and each attempt is in the audit trail (issue 10, 3)."""
    user = request.getfixturevalue(who)
    client.force_login(user)
    detail = reverse("schutzkonzept:meldung_detail", args=[meldung_a.pk])
    refused = 0
    for url in _urls(meldung_a.pk):
        response = client.get(url)
        body = response.content.decode()
        assert "Blaue Flecken" not in body and f'href="{detail}"' not in body, url
        if who == "schutz_b" and url in _LISTS:
            assert response.status_code == 200  # their own (empty) list
        else:
            assert response.status_code == 403, url
            refused += 1
    assert not AuditEvent.objects.filter(action="meldung.view").exists()
    events = AuditEvent.objects.filter(action="meldung.access_refused", actor=user)
    assert events.count() == refused
    assert {e.object_id for e in events} == (
        {str(meldung_a.pk)} if who == "schutz_b" else {"", str(meldung_a.pk)}
    )
    assert all("Blaue" not in str(e.details) for e in events)


_LISTS = {reverse("schutzkonzept:meldung_list"), reverse("admin:schutzkonzept_meldung_changelist")}


def test_anonymous_users_are_sent_to_login(client, meldung_a):
    for url in _urls(meldung_a.pk):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]


def test_the_child_protection_lead_opens_it_and_the_opening_is_audited(client, schutz_a, meldung_a):
    client.force_login(schutz_a)
    response = client.get(reverse("schutzkonzept:meldung_detail", args=[meldung_a.pk]))
    assert response.status_code == 200
    assert "Blaue Flecken am Arm gesehen." in response.content.decode()
    event = AuditEvent.objects.get(action="meldung.view")
    assert event.actor == schutz_a and event.object_id == str(meldung_a.pk)
    assert "Blaue" not in str(event.details)
    admin_page = client.get(reverse("admin:schutzkonzept_meldung_change", args=[meldung_a.pk]))
    assert admin_page.status_code == 302
    assert admin_page["Location"] == reverse("schutzkonzept:meldung_detail", args=[meldung_a.pk])


def test_the_concern_list_is_not_an_n_plus_one(
    client, schutz_a, volunteer, django_assert_max_num_queries
):
    client.force_login(schutz_a)
    meldung_report(acting_user=volunteer, description="Eins")
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("schutzkonzept:meldung_list"))
    for n in range(8):
        meldung_report(acting_user=volunteer, description=f"Meldung {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("schutzkonzept:meldung_list"))
    assert len(set(re.findall(r"/schutz/meldungen/\d+/", response.content.decode()))) == 9


def test_a_concern_from_the_young_peoples_form_reaches_every_lead(client, schutz_a, schutz_b):
    meldung = meldung_report(acting_user=None, description="Ich habe Angst.")
    for lead in (schutz_a, schutz_b):
        client.force_login(lead)
        url = reverse("schutzkonzept:meldung_detail", args=[meldung.pk])
        assert client.get(url).status_code == 200


def test_the_leads_get_an_email_at_once_without_the_content(
    schutz_a, schutz_b, volunteer, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meldung = meldung_report(acting_user=volunteer, description="Blaue Flecken.")
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["sabine@example.org"]  # the lead of the volunteer's region only
    assert "Blaue" not in mail.body
    assert f"/schutz/meldungen/{meldung.pk}/" in mail.body


@pytest.mark.parametrize("who", ["volunteer", "staff_a", "alice", "schutz_a"])
def test_volunteers_staff_and_coordinators_report_a_concern(client, request, who, schutz_a):
    user = request.getfixturevalue(who)
    client.force_login(user)
    url = reverse("schutzkonzept:meldung_new")
    assert client.get(url).status_code == 200
    response = client.post(url, {"description": "Sorge um M.", "concerns_whom": "M."})
    assert response.status_code == 200
    assert "Danke" in response.content.decode() or "Thank" in response.content.decode()
    meldung = Meldung.objects.get()
    assert meldung.reporter == user and meldung.status == Meldung.Status.EINGEGANGEN
    # the reporter can not read it back
    assert client.get(reverse("schutzkonzept:meldung_detail", args=[meldung.pk])).status_code == (
        200 if who == "schutz_a" else 403
    )


def test_staff_name_their_own_facility_only(client, staff_a, einrichtung_a, einrichtung_b):
    client.force_login(staff_a)
    url = reverse("schutzkonzept:meldung_new")
    response = client.post(url, {"description": "x", "einrichtung": einrichtung_b.pk})
    assert response.status_code == 200 and not Meldung.objects.exists()
    client.post(url, {"description": "x", "einrichtung": einrichtung_a.pk})
    assert Meldung.objects.get().region == einrichtung_a.region


def test_people_without_a_role_cannot_use_the_logged_in_form(client, charlie):
    client.force_login(charlie)
    assert client.get(reverse("schutzkonzept:meldung_new")).status_code == 403
    with pytest.raises(PermissionDenied):
        meldung_report(acting_user=charlie, description="x")


def test_an_empty_report_is_refused_with_a_message(client, volunteer):
    client.force_login(volunteer)
    response = client.post(reverse("schutzkonzept:meldung_new"), {"description": "  "})
    assert response.status_code == 200 and not Meldung.objects.exists()
    assert 'class="error"' in response.content.decode()


def test_the_workflow_runs_in_order_with_person_and_time(schutz_a, meldung_a):
    with pytest.raises(ValidationError):
        meldung_record_step(acting_user=schutz_a, meldung=meldung_a, art=A.EINGESCHAETZT, note="x")
    with pytest.raises(ValidationError):  # the specialist must be named
        meldung_record_step(acting_user=schutz_a, meldung=meldung_a, art=A.EINSCHAETZUNG_BEGONNEN)
    with pytest.raises(ValidationError):  # steps come after the assessment
        meldung_record_step(acting_user=schutz_a, meldung=meldung_a, art=A.JUGENDAMT_INFORMIERT)
    meldung_a.refresh_from_db()
    assert meldung_a.status == Meldung.Status.EINGEGANGEN and meldung_a.schritte.count() == 1

    meldung_record_step(
        acting_user=schutz_a,
        meldung=meldung_a,
        art=A.EINSCHAETZUNG_BEGONNEN,
        specialist="Frau Dr. Berg (ieF)",
    )
    meldung_record_step(
        acting_user=schutz_a,
        meldung=meldung_a,
        art=A.EINGESCHAETZT,
        note="Gewichtige Anhaltspunkte.",
    )
    for art in (A.EINRICHTUNG_INFORMIERT, A.JUGENDAMT_INFORMIERT):
        meldung_record_step(acting_user=schutz_a, meldung=meldung_a, art=art)
    with pytest.raises(ValidationError):  # "match suspended" names the match it suspends
        meldung_record_step(acting_user=schutz_a, meldung=meldung_a, art=A.BEGLEITUNG_AUSGESETZT)
    meldung_record_step(
        acting_user=schutz_a, meldung=meldung_a, art=A.ABGESCHLOSSEN, note="Jugendamt übernimmt."
    )
    meldung_a.refresh_from_db()
    assert meldung_a.status == Meldung.Status.ABGESCHLOSSEN
    assert meldung_a.specialist == "Frau Dr. Berg (ieF)"
    steps = list(meldung_a.schritte.all())
    assert [s.art for s in steps] == [
        A.EINGANG,
        A.EINSCHAETZUNG_BEGONNEN,
        A.EINGESCHAETZT,
        A.EINRICHTUNG_INFORMIERT,
        A.JUGENDAMT_INFORMIERT,
        A.ABGESCHLOSSEN,
    ]
    assert all(s.by == schutz_a and s.at for s in steps[1:])
    with pytest.raises(ValidationError):
        meldung_record_step(acting_user=schutz_a, meldung=meldung_a, art=A.NOTIZ, note="spät")


def test_coordinators_cannot_change_a_concern(alice, schutz_b, meldung_a):
    for user in (alice, schutz_b):
        with pytest.raises(PermissionDenied):
            meldung_record_step(acting_user=user, meldung=meldung_a, art=A.NOTIZ, note="x")


def test_the_workflow_page_records_a_step_and_shows_refusals(client, schutz_a, meldung_a):
    client.force_login(schutz_a)
    url = reverse("schutzkonzept:meldung_detail", args=[meldung_a.pk])
    refused = client.post(url, {"art": A.ABGESCHLOSSEN, "note": "zu früh"})
    assert refused.status_code == 200 and 'role="alert"' in refused.content.decode()
    response = client.post(url, {"art": A.EINSCHAETZUNG_BEGONNEN, "specialist": "Herr Kaya"})
    assert response.status_code == 302
    meldung_a.refresh_from_db()
    assert meldung_a.status == Meldung.Status.EINSCHAETZUNG


def test_only_child_protection_holds_the_concern_permissions():
    from wegbegleitung.roles import ROLE_PERMISSIONS

    for role, perms in ROLE_PERMISSIONS.items():
        has = "schutzkonzept.view_meldung" in perms
        assert has is (role == Role.KINDERSCHUTZ), role


def test_a_superuser_sees_every_concern(client, meldung_a):
    admin = make_user(None, email="root@example.org", is_superuser=True, is_staff=True)
    from tests.factories import add_totp

    add_totp(admin)
    client.force_login(admin)
    assert client.get(reverse("schutzkonzept:meldung_list")).status_code == 200


def test_the_concern_page_takes_the_same_queries_for_few_or_many_steps(
    client, schutz_a, meldung_a, django_assert_max_num_queries
):
    client.force_login(schutz_a)
    url = reverse("schutzkonzept:meldung_detail", args=[meldung_a.pk])
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for n in range(6):
        meldung_record_step(acting_user=schutz_a, meldung=meldung_a, art=A.NOTIZ, note=f"N{n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get(url).content.decode()
    assert "N5" in body
