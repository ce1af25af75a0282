"""The volunteer's portal start when a match runs (issue 11 §5): the match first, with the young
person's first name, the next meeting, "Treffen eintragen" as the main button and what is due;
status "in Begleitung"; no onboarding checklist; suspension, ending and care-leaver respected."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from einrichtungen.services import jugendliche_auszug
from matching import services
from matching.models import Aussetzung, Begleitung, Treffen
from tests.matching.factories import make_active, propose
from wegbegleitung.models import Wegbegleiter

pytestmark = pytest.mark.django_db


@pytest.fixture
def active(alice, staff_a, anfrage_a, mentor_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return make_active(alice, staff_a, anfrage_a, mentor_a)


def _start(client, mentor) -> str:
    client.force_login(mentor.user)
    response = client.get(reverse("portal:start"))
    assert response.status_code == 200
    return response.content.decode()


def test_match_comes_first_with_name_next_meeting_and_log_button(active, client, mentor_a):
    Treffen.objects.create(
        begleitung=active, datum=timezone.localdate() - timedelta(days=3), dauer_minuten=60,
        aktivitaet="Kino", stimmung="gut",
    )  # fmt: skip
    page = _start(client, mentor_a)
    log_url = reverse("matching:treffen_create", args=[active.pk])
    assert "Ihre Begleitung mit Malik" in page
    assert f'id="log-meeting" href="{log_url}"' in page and "Treffen eintragen" in page
    # weekly by default: a week after the last meeting
    next_by = timezone.localdate() + timedelta(days=4)
    assert f"Nächstes Treffen: bis {next_by:%d.%m.%Y}" in page
    # the match comes before the volunteer's own status card
    assert page.index("Ihre Begleitung mit Malik") < page.index('id="status"')


def test_status_reads_in_begleitung_and_checklist_is_gone(active, client, mentor_a):
    assert Wegbegleiter.objects.get(pk=mentor_a.pk).status == Wegbegleiter.Status.VERFUEGBAR
    page = _start(client, mentor_a)
    assert '<strong id="status">in Begleitung</strong>' in page
    assert 'id="checklist-title"' not in page
    assert reverse("matching:portal") in page


def test_applicant_keeps_the_checklist_and_sees_no_match_links(client, volunteer):
    client.force_login(volunteer)
    page = client.get(reverse("portal:start")).content.decode()
    assert 'id="checklist-title"' in page
    assert reverse("matching:portal") not in page  # "My match" does not apply yet
    assert reverse("portal:supervision") not in page
    assert "in Begleitung" not in page


def test_available_volunteer_without_a_match_sees_no_checklist(client, mentor_a):
    page = _start(client, mentor_a)
    assert 'id="checklist-title"' not in page
    assert reverse("matching:portal") not in page
    assert '<strong id="status">Verfügbar</strong>' in page
    assert "Alle Schritte sind erledigt" in page


def test_suspended_match_has_no_log_button_and_says_contact_is_paused(active, client, mentor_a):
    Aussetzung.objects.create(begleitung=active)
    page = _start(client, mentor_a)
    assert 'id="log-meeting"' not in page
    assert "Der Kontakt in dieser Begleitung ruht vorerst" in page


def test_exit_request_keeps_the_match_with_a_farewell_note(active, client, mentor_a):
    client.force_login(mentor_a.user)
    client.post(reverse("portal:status_change", args=["leave"]), {"reason": "Umzug"})
    assert Begleitung.objects.get(pk=active.pk).status == Begleitung.Status.ENDE_ANGEFRAGT
    page = _start(client, mentor_a)
    assert "Ihre Begleitung mit Malik" in page and 'id="log-meeting"' in page
    assert "guten Abschied" in page


def test_care_leaver_phase_is_said_and_meetings_go_on(active, alice, client, mentor_a):
    jugendliche_auszug(
        acting_user=alice, jugendliche=active.jugendliche, auszug_am=timezone.localdate()
    )
    services.begleitung_transition(acting_user=alice, begleitung=active, action="care_leaver")
    page = _start(client, mentor_a)
    assert "Care-Leaver-Phase" in page and 'id="log-meeting"' in page


def test_agreement_to_confirm_is_due_and_nothing_can_be_logged_yet(
    alice, anfrage_a, mentor_a, client
):
    from tests.matching.factories import to_agreement

    begleitung = propose(alice, anfrage_a, mentor_a)
    to_agreement(alice, begleitung)
    services.vereinbarung_save(
        acting_user=alice, begleitung=begleitung, **services.default_agreement_texts()
    )
    page = _start(client, mentor_a)
    assert "Bitte lesen und bestätigen Sie die Vereinbarung." in page
    assert 'id="log-meeting"' not in page
    assert "in Begleitung" not in page  # not begun yet


def test_uncleared_volunteer_does_not_see_the_first_name(active, client, mentor_a):
    from schutzkonzept.models import Fuehrungszeugnis

    Fuehrungszeugnis.objects.filter(wegbegleiter=mentor_a).delete()
    page = _start(client, mentor_a)
    assert "Malik" not in page


def _meetings(begleitung, n: int, offset: int = 0) -> None:
    for day in range(offset + 1, offset + n + 1):
        Treffen.objects.create(
            begleitung=begleitung, datum=timezone.localdate() - timedelta(days=day),
            dauer_minuten=30, aktivitaet="Spaziergang", stimmung="gut",
        )  # fmt: skip


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("portal:start")).status_code == 200
    return len(ctx.captured_queries)


def test_portal_start_queries_do_not_grow_with_the_diary(
    active, client, mentor_a, django_assert_max_num_queries
):
    client.force_login(mentor_a.user)
    _meetings(active, 2)
    small = _queries(client)
    _meetings(active, 40, offset=2)
    assert _queries(client) == small
    with django_assert_max_num_queries(30):
        client.get(reverse("portal:start"))


def test_next_supervision_follows_the_match(active, client, mentor_a):
    from wegbegleitung.models import Supervision, SupervisionEinladung

    supervision = Supervision.objects.create(
        region=mentor_a.region, starts_at=timezone.now() + timedelta(days=5),
        place="Raum Linde", facilitator="F. Acilitator",
    )  # fmt: skip
    SupervisionEinladung.objects.create(supervision=supervision, wegbegleiter=mentor_a)
    page = _start(client, mentor_a)
    when = timezone.localtime(supervision.starts_at).strftime("%d.%m.%Y %H:%M")
    assert when in page
    assert page.index("Ihre Begleitung mit Malik") < page.index('id="next-supervision"')
    assert page.index('id="next-supervision"') < page.index('id="status"')
