"""The portal as a permission matrix: the volunteer, others, anonymous; and query counts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.schutzkonzept.factories import make_cleared
from tests.wegbegleitung.factories import complete_application, record_screening
from wegbegleitung.models import Supervision, SupervisionEinladung, Wegbegleiter

PAGES = [
    reverse("portal:start"),
    reverse("portal:bewerbung"),
    reverse("portal:supervision"),
    reverse("portal:status_change", args=["leave"]),
    reverse("portal:delete_account"),
]


def _invite(wegbegleiter, days=7):
    supervision = Supervision.objects.create(
        region=wegbegleiter.region, starts_at=timezone.now() + timedelta(days=days),
        place="Raum 1", facilitator="F. Acilitator",
    )  # fmt: skip
    return SupervisionEinladung.objects.create(supervision=supervision, wegbegleiter=wegbegleiter)


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize(
    ("who", "expected"), [("volunteer", 200), ("charlie", 404), ("alice", 404), (None, 302)]
)
def test_portal_pages_matrix(client, request, url, who, expected, volunteer):
    if who is not None:
        client.force_login(request.getfixturevalue(who))
    response = client.get(url)
    assert response.status_code == expected
    if expected == 302:
        assert response["Location"].startswith(reverse("account_login"))


def test_start_page_shows_only_own_data(client, vera, victor):
    victor.user.first_name = "Victor"
    victor.user.save()
    _invite(victor)
    client.force_login(vera.user)
    page = client.get(reverse("portal:start")).content.decode()
    assert "Victor" not in page
    assert "Raum 1" not in page and "Victor" not in page


def test_answering_another_volunteers_invitation_is_not_found(client, vera, victor):
    einladung = _invite(victor)
    client.force_login(vera.user)
    response = client.post(
        reverse("portal:supervision_answer", args=[einladung.pk]), {"answer": "yes"}
    )
    assert response.status_code == 404
    einladung.refresh_from_db()
    assert einladung.rsvp == SupervisionEinladung.Rsvp.OPEN


def test_volunteer_answers_own_invitation(client, vera):
    einladung = _invite(vera)
    client.force_login(vera.user)
    response = client.post(
        reverse("portal:supervision_answer", args=[einladung.pk]), {"answer": "yes"}, follow=True
    )
    assert "Danke für Ihre Antwort." in response.content.decode()
    einladung.refresh_from_db()
    assert einladung.rsvp == SupervisionEinladung.Rsvp.YES
    assert "Zugesagt" in response.content.decode()


def test_answer_after_the_session_started_is_refused(client, vera):
    einladung = _invite(vera, days=-1)
    client.force_login(vera.user)
    response = client.post(
        reverse("portal:supervision_answer", args=[einladung.pk]), {"answer": "no"}, follow=True
    )
    assert "bereits begonnen" in response.content.decode()
    einladung.refresh_from_db()
    assert einladung.rsvp == SupervisionEinladung.Rsvp.OPEN


def test_anonymous_cannot_answer(client, vera):
    einladung = _invite(vera)
    response = client.post(
        reverse("portal:supervision_answer", args=[einladung.pk]), {"answer": "yes"}
    )
    assert response.status_code == 302
    einladung.refresh_from_db()
    assert einladung.rsvp == SupervisionEinladung.Rsvp.OPEN


def test_volunteer_pauses_and_leaves_from_the_portal(client, vera):
    Wegbegleiter.objects.filter(pk=vera.pk).update(status=Wegbegleiter.Status.VERFUEGBAR)
    client.force_login(vera.user)
    page = client.get(reverse("portal:start")).content.decode()
    assert "Pausieren" in page and "Ausscheiden" in page
    response = client.post(reverse("portal:status_change", args=["pause"]), follow=True)
    assert "Ihr Status ist jetzt: Pausiert" in response.content.decode()
    client.post(reverse("portal:status_change", args=["leave"]), {"reason": "Umzug"})
    vera.refresh_from_db()
    assert vera.status == Wegbegleiter.Status.AUSGESCHIEDEN
    assert vera.activity_ended_on == timezone.localdate()


def test_portal_refuses_a_step_not_allowed_now(client, vera):
    client.force_login(vera.user)
    response = client.post(reverse("portal:status_change", args=["resume"]), follow=True)
    page = response.content.decode()
    assert "„Wieder aufnehmen“ ist im Status „" in page and "nicht möglich" in page
    assert Wegbegleiter.objects.get(pk=vera.pk).status == Wegbegleiter.Status.INTERESSENT


def test_portal_does_not_offer_coordinator_steps(client, vera):
    client.force_login(vera.user)
    response = client.get(reverse("portal:status_change", args=["accept"]))
    assert response.status_code == 404


def test_checklist_shows_each_step(client, vera, alice):
    complete_application(vera, submitted=True)
    record_screening(vera, alice)
    make_cleared(vera)
    client.force_login(vera.user)
    page = client.get(reverse("portal:start")).content.decode()
    for step in ("Bewerbung", "Erstgespräch", "Referenzen", "Schulung", "Schutzkonzept"):
        assert step in page
    assert page.count("status-done") == 5  # all but the decision
    assert "2 von mindestens 2 Stunden (Ziel: 6 Stunden)" in page


def test_checklist_shows_what_safeguarding_still_needs(client, vera):
    client.force_login(vera.user)
    page = client.get(reverse("portal:start")).content.decode()
    assert "Noch nicht freigegeben." in page
    assert "Bitte kümmern Sie sich um Folgendes:" in page
    assert f'href="{reverse("schutzkonzept:uebersicht")}"' in page
    assert "Erweitertes Führungszeugnis" in page  # the reasons the safeguarding app gives


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url", [reverse("portal:start"), reverse("portal:supervision")])
def test_portal_query_count_does_not_grow_with_rows(
    client, vera, alice, url, django_assert_max_num_queries
):
    complete_application(vera, submitted=True)
    record_screening(vera, alice)
    _invite(vera)
    client.force_login(vera.user)
    few = _count(client, url)
    for _ in range(8):
        record_screening(vera, alice)
        _invite(vera)
    assert _count(client, url) == few
    with django_assert_max_num_queries(20):
        client.get(url)


@pytest.mark.parametrize("url", PAGES)
def test_another_volunteer_never_sees_veras_data(client, vera, victor, url):
    bewerbung = complete_application(vera)
    bewerbung.motivation = "Veras eigene Worte"
    bewerbung.save()
    vera.user.last_name = "Quendelmeyer"
    vera.user.save()
    _invite(vera)
    client.force_login(victor.user)
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Veras eigene Worte" not in page
    assert "Quendelmeyer" not in page
    assert "Raum 1" not in page
