"""Erasure (GDPR Art. 17): a volunteer in a running match and a young adult are erased by a
coordinator in one step each; afterwards every text and JSON column of every table is searched
for their names and email address, and only the places the law requires keep them."""

from __future__ import annotations

from typing import Any

from matching.models import Begleitung
from tests.conftest import need_postgresql
from tests.wegbegleitung.data_subject_scene import ADULT, MENTOR, close, places_naming
from wegbegleitung.models import Wegbegleiter
from wegbegleitung.personal_data import Kind, Subject
from wegbegleitung.services.erasure import erasure_carry_out, erasure_plan


def test_the_plan_says_what_goes_what_stays_and_why(designed: dict[str, Any]) -> None:
    steps = erasure_plan(Subject(Kind.WEGBEGLEITER, designed["mentor"].pk))
    kept = {str(s.what): s for s in steps if s.action == "keep"}
    assert "Audit trail" in kept or "Protokoll" in " ".join(kept)
    assert all(s.reason and s.until for s in kept.values())
    assert any(
        s.action == "delete" and s.count >= 3 for s in steps
    )  # application, interview, 2 refs
    assert any(s.action == "anonymise" for s in steps)


def test_erasing_two_people_leaves_their_names_only_where_the_law_keeps_them(
    designed: dict[str, Any], alice: Any
) -> None:
    need_postgresql("searches every text and JSON column through information_schema")
    mentor, begleitung = designed["mentor"], designed["begleitung"]
    needles = (MENTOR["first_name"], MENTOR["last_name"], MENTOR["email"], *ADULT.values())
    assert ("wegbegleitung_user", "email") in places_naming(*needles)  # the search finds them

    # the volunteer: a match runs, so it is ended first, never silently
    result = erasure_carry_out(acting_user=alice, subject=Subject(Kind.WEGBEGLEITER, mentor.pk))
    assert not result.done
    begleitung.refresh_from_db()
    assert begleitung.status == Begleitung.Status.ENDE_ANGEFRAGT
    assert Wegbegleiter.objects.get(pk=mentor.pk).user.is_active  # nothing deleted yet
    close(alice, begleitung)  # the farewell: the erasure completes with the closure
    mentor.refresh_from_db()
    assert not mentor.user.is_active

    # the young adult: her match is closed now
    erasure_carry_out(
        acting_user=alice, subject=Subject(Kind.JUGENDLICHE, designed["jugendliche"].pk)
    )

    assert places_naming(*needles) == {
        # the audit trail names the volunteer's own actions by her address (GDPR Art. 5(2))
        ("wegbegleitung_auditevent", "actor_label"),
        # the agreement names who confirmed it (kept with the closed match)
        ("matching_bestaetigung", "name"),
        # the signed code of conduct (§ 72a SGB VIII, with the certificate facts)
        ("schutzkonzept_unterzeichnung", "typed_name"),
    }


def test_the_coordinator_erases_a_young_adult_in_one_confirmed_step(
    client: Any, designed: dict[str, Any], alice: Any, bob: Any
) -> None:
    from django.urls import reverse

    from einrichtungen.models import Jugendliche

    young = designed["jugendliche"]
    url = reverse("admin:einrichtungen_jugendliche_erasure", args=[young.pk])
    client.force_login(bob)  # another region: may not
    assert client.post(url, {"confirm": "yes"}).status_code == 403
    client.force_login(alice)
    page = client.get(url).content.decode()
    assert "gesetzlich aufbewahrt" in page and "DSGVO Art. 7 Abs. 1" in page  # kept, and why
    assert "Bitte bestätigen Sie" in client.post(url, {}).content.decode()  # not confirmed
    refused = client.post(url, {"confirm": "yes"}).content.decode()
    assert "noch offen" in refused  # her match runs: ended first, never silently
    assert Jugendliche.objects.get(pk=young.pk).vorname == ADULT["vorname"]
    close(alice, designed["begleitung"])
    response = client.post(url, {"confirm": "yes"})
    assert response.status_code == 302
    erased = Jugendliche.objects.get(pk=young.pk)
    assert (erased.vorname, erased.nachname, erased.hilfeplangespraeche.count()) == ("—", "", 0)


def test_the_coordinator_erases_a_volunteer_with_a_running_match_via_the_ending(
    client: Any, designed: dict[str, Any], alice: Any
) -> None:
    from django.urls import reverse

    mentor = designed["mentor"]
    client.force_login(alice)
    url = reverse("admin:wegbegleitung_wegbegleiter_erasure", args=[mentor.pk])
    response = client.post(url, {"confirm": "yes", "reason": "Brief vom 01.11."}, follow=True)
    assert "Ende angefragt" in response.content.decode()
    mentor.refresh_from_db()
    assert mentor.exit_requested == "delete_account" and mentor.user.is_active
    # a second request while the first waits is refused with the date
    again = client.post(url, {"confirm": "yes"}).content.decode()
    assert "bereits" in again
