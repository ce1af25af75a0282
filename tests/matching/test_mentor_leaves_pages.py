"""What people see when a mentor leaves with a running match (issue 10 §1): the volunteer's
portal in plain German, the facility's list, the coordinators' admin and "what is due"; who may
take the steps; query counts of the pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from matching.models import Begleitung
from tests.factories import PASSWORD
from tests.matching.factories import make_active
from wegbegleitung.models import Wegbegleiter

S = Begleitung.Status


@pytest.fixture
def active(alice: Any, staff_a: Any, anfrage_a: Any, mentor_a: Any) -> Begleitung:
    return make_active(alice, staff_a, anfrage_a, mentor_a)


def _leave(client: Any, mentor: Wegbegleiter) -> Any:
    client.force_login(mentor.user)
    return client.post(
        reverse("portal:status_change", args=["leave"]), {"reason": "Umzug"}, follow=True
    )


def _text(response: Any) -> str:
    return " ".join(response.content.decode().split())


def test_leave_page_explains_the_farewell_before_the_volunteer_confirms(client, active, mentor_a):
    client.force_login(mentor_a.user)
    page = _text(client.get(reverse("portal:status_change", args=["leave"])))
    assert "Sie begleiten noch einen jungen Menschen" in page
    assert "Ihre Koordinator:in meldet sich bei Ihnen" in page
    assert "Sobald die Begleitung abgeschlossen ist, scheiden Sie automatisch aus" in page


def test_leave_page_without_a_match_keeps_the_short_text(client, volunteer):
    client.force_login(volunteer)
    page = _text(client.get(reverse("portal:status_change", args=["leave"])))
    assert "Sie begleiten noch" not in page
    assert "Wenn Sie ausscheiden, wird Ihre Koordinator:in informiert" in page


def test_after_leaving_the_portal_says_what_happens_next(client, active, mentor_a):
    page = _text(_leave(client, mentor_a))
    assert "Danke, dass Sie uns Bescheid gegeben haben" in page
    assert "Sie möchten aufhören" in page
    assert f"Am {timezone.localdate():%d.%m.%Y} haben Sie uns gesagt" in page
    assert "Wir schlagen Ihnen keine neue Begleitung mehr vor" in page
    # still a mentor until the end: the match runs on (issue 11 §5: "in Begleitung")
    assert 'id="status">in Begleitung<' in page.replace(" <", "<")
    # no second "leave" is offered
    assert reverse("portal:status_change", args=["leave"]) not in page


def test_my_match_page_keeps_the_diary_and_explains_the_ending(client, active, mentor_a):
    _leave(client, mentor_a)
    page = _text(client.get(reverse("matching:portal")))
    assert "Ende angefragt" in page
    assert "Bitte tragen Sie Ihre Treffen weiter ein, auch das Abschiedstreffen" in page
    assert reverse("matching:treffen_create", args=[active.pk]) in page


def test_delete_account_with_a_match_waits_for_the_farewell(client, active, mentor_a):
    client.force_login(mentor_a.user)
    page = _text(client.get(reverse("portal:delete_account")))
    assert "Deshalb wird Ihr Konto nicht sofort gelöscht" in page
    response = client.post(reverse("portal:delete_account"), {"password": PASSWORD}, follow=True)
    page = _text(response)
    assert "Ihr Wunsch, Ihr Konto zu löschen, ist notiert" in page
    assert "Sie haben uns gebeten, Ihr Konto zu löschen" in page  # still logged in: the portal
    page = _text(client.get(reverse("portal:delete_account")))
    assert "Sie haben uns bereits gebeten, Ihr Konto zu löschen" in page
    assert 'name="password"' not in page  # nothing more to confirm


def test_delete_account_with_a_wrong_password_changes_nothing(client, active, mentor_a):
    client.force_login(mentor_a.user)
    client.post(reverse("portal:delete_account"), {"password": "falsch"})
    mentor_a.refresh_from_db()
    active.refresh_from_db()
    assert not mentor_a.exit_pending and active.status == S.AKTIV


def test_facility_sees_the_ending_and_the_other_facility_does_not(
    client, active, mentor_a, staff_a, staff_b
):
    _leave(client, mentor_a)
    client.force_login(staff_a)
    page = _text(client.get(reverse("matching:staff_list")))
    assert (
        "Ende angefragt" in page and "Die Wegbegleiter:in möchte diese Begleitung beenden" in page
    )
    client.force_login(staff_b)
    assert "Ende angefragt" not in _text(client.get(reverse("matching:staff_list")))


def test_coordinator_sees_ending_requested_in_the_admin_and_what_is_due(
    client, active, mentor_a, alice, bob
):
    _leave(client, mentor_a)
    client.force_login(alice)
    page = _text(client.get(reverse("admin:matching_begleitung_change", args=[active.pk])))
    assert 'id="ending-requested"' in page and "Ende angefragt am" in page
    assert reverse("admin:matching_begleitung_abschluss", args=[active.pk]) in page
    listing = _text(
        client.get(reverse("admin:matching_begleitung_changelist") + "?status=ende_angefragt")
    )
    assert reverse("admin:matching_begleitung_change", args=[active.pk]) in listing
    due = _text(client.get(reverse("admin:matching_begleitung_uebersicht")))
    assert "Ende angefragt: Abschied planen" in due
    assert reverse("admin:matching_begleitung_change", args=[active.pk]) in due
    client.force_login(bob)
    due = _text(client.get(reverse("admin:matching_begleitung_uebersicht")))
    assert reverse("admin:matching_begleitung_change", args=[active.pk]) not in due


def test_volunteer_admin_shows_the_pending_request(client, active, mentor_a, alice):
    _leave(client, mentor_a)
    client.force_login(alice)
    page = _text(client.get(reverse("admin:wegbegleitung_wegbegleiter_change", args=[mentor_a.pk])))
    assert "Ende angefragt am" in page and "Umzug" in page


@pytest.mark.parametrize("who", ["bob", "charlie", "volunteer", None])
def test_only_the_regions_coordinator_may_end_a_volunteer(client, request, who, active, mentor_a):
    if who is not None:
        client.force_login(request.getfixturevalue(who))
    url = reverse("admin:wegbegleitung_wegbegleiter_status", args=[mentor_a.pk])
    response = client.post(url, {"action": "leave", "reason": "weg"})
    assert response.status_code in (302, 403, 404)
    mentor_a.refresh_from_db()
    active.refresh_from_db()
    assert not mentor_a.exit_pending and active.status == S.AKTIV


@pytest.mark.parametrize("who", ["volunteer", "alice", None])
def test_nobody_but_the_mentor_leaves_in_their_portal(client, request, who, active, mentor_a):
    if who is not None:
        client.force_login(request.getfixturevalue(who))
    client.post(reverse("portal:status_change", args=["leave"]), {"reason": "x"})
    client.post(reverse("portal:delete_account"), {"password": PASSWORD})
    mentor_a.refresh_from_db()
    active.refresh_from_db()
    assert not mentor_a.exit_pending and active.status == S.AKTIV


def test_portal_pages_with_a_pending_request_have_bounded_queries(
    client, active, mentor_a, django_assert_max_num_queries
):
    _leave(client, mentor_a)
    for url in (
        reverse("portal:start"),
        reverse("portal:status_change", args=["pause"]),
        reverse("portal:delete_account"),
        reverse("matching:portal"),
    ):
        with django_assert_max_num_queries(25):
            assert client.get(url).status_code == 200


def test_closure_form_of_an_ending_match_starts_as_a_planned_farewell(
    client, active, mentor_a, alice
):
    _leave(client, mentor_a)
    client.force_login(alice)
    page = client.get(reverse("admin:matching_begleitung_abschluss", args=[active.pk]))
    form = page.context["form"]
    assert form.initial == {"art": "geplant", "wegbegleiter_danach": "ausscheiden"}


def test_the_weekly_digest_lists_the_farewell_to_plan(client, active, mentor_a, alice, bob):
    from wegbegleitung.notifications.digest import digest_contexts, digest_due

    _leave(client, mentor_a)
    today = timezone.localdate()
    dues = {d.recipient_id: d for d in digest_due(today)}
    assert alice.pk in dues
    contexts = digest_contexts(today)
    [section] = [s for s in contexts[alice.pk]["sections"] if s["title"] == "Begleitungen"]
    assert "Wegbegleiter:in hört auf: Abschied planen" in {i["reason"] for i in section["items"]}
    assert bob.pk not in dues
