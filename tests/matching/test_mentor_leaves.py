"""A volunteer never silently leaves a child (issue 10 §1).

Every path that ends a volunteer (leaving in the portal, deleting the account, a coordinator's
decline, a coordinator ending them) with a match that runs, pauses, is in the care-leaver phase
or is only proposed: what becomes of the match, who is told by mail (in German), that the
volunteer is not gone while a match runs, and that the step completes after the closure.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from einrichtungen.models import Anfrage
from einrichtungen.services import jugendliche_auszug
from matching import services
from matching.models import Abschluss, Begleitung
from tests.conftest import mail_text
from tests.factories import PASSWORD
from tests.matching.factories import make_active, propose
from wegbegleitung.models import AuditEvent, Benachrichtigung, Wegbegleiter

S = Begleitung.Status
W = Wegbegleiter.Status
PATHS = ["leave", "delete_account", "decline", "coordinator_leave"]
RUNNING = ["aktiv", "pausiert", "care_leaver"]
ENDING_SUBJECT = "Eine Wegbegleiter:in hört auf: bitte planen Sie den Abschied"
WITHDRAWN_SUBJECT = "Eine Wegbegleiter:in hört auf: ein Vorschlag wurde zurückgezogen"


def _match(state: str, alice: Any, staff_a: Any, anfrage: Any, mentor: Any) -> Begleitung:
    if state == "vorgeschlagen":
        return propose(alice, anfrage, mentor)
    begleitung = make_active(alice, staff_a, anfrage, mentor)
    if state == "pausiert":
        services.begleitung_transition(
            acting_user=alice, begleitung=begleitung, action="pause", reason="Urlaub"
        )
    if state == "care_leaver":
        jugendliche_auszug(
            acting_user=alice, jugendliche=begleitung.jugendliche, auszug_am=timezone.localdate()
        )
        services.begleitung_transition(
            acting_user=alice, begleitung=begleitung, action="care_leaver"
        )
    return begleitung


def _end(path: str, client: Any, mentor: Wegbegleiter, alice: Any) -> Any:
    """The volunteer's or the coordinator's step, the way each takes it."""
    if path == "leave":
        client.force_login(mentor.user)
        url, data = reverse("portal:status_change", args=["leave"]), {"reason": "Umzug"}
    elif path == "delete_account":
        client.force_login(mentor.user)
        url, data = reverse("portal:delete_account"), {"password": PASSWORD}
    else:
        if path == "decline":  # a re-screening: the only status a decline starts from
            Wegbegleiter.objects.filter(pk=mentor.pk).update(status=W.IN_PRUEFUNG)
        client.force_login(alice)
        action = "decline" if path == "decline" else "leave"
        url = reverse("admin:wegbegleitung_wegbegleiter_status", args=[mentor.pk])
        data = {"action": action, "reason": "Grund im Gespräch"}
    return client.post(url, data)


def _close(alice: Any, begleitung: Begleitung, danach: str = "ausscheiden") -> None:
    services.begleitung_close(
        acting_user=alice,
        begleitung=begleitung,
        art=Abschluss.Art.GEPLANT,
        grund=Abschluss.Grund.ZEIT_WB,
        gespraech_wegbegleiter="Abschied gut vorbereitet",
        gespraech_jugendliche="Abschiedstreffen im Zoo",
        kontakt_danach=Abschluss.Kontakt.KEIN,
        wegbegleiter_danach=danach,
        beendet_am=timezone.localdate(),
    )


def _ending_mails(subject: str) -> dict[str, Any]:
    return {m.to[0]: m for m in mail.outbox if m.subject == subject}


def _assert_gone(path: str, mentor: Wegbegleiter, *, started: bool = True) -> None:
    mentor.refresh_from_db()
    mentor.user.refresh_from_db()
    assert not mentor.exit_pending
    # the retention clock of § 72a(5) SGB VIII: a declined applicant who never started has none
    never_active = path == "decline" and not started
    assert mentor.activity_ended_on == (None if never_active else timezone.localdate())
    if path == "delete_account":
        assert not mentor.user.is_active and mentor.user.email.endswith("@invalid.invalid")
        assert mentor.status == W.AUSGESCHIEDEN
    else:
        assert mentor.status == (W.ABGELEHNT if path == "decline" else W.AUSGESCHIEDEN)


@pytest.mark.parametrize("state", RUNNING)
@pytest.mark.parametrize("path", PATHS)
def test_running_match_gets_ending_requested_and_the_volunteer_stays_until_the_closure(
    path, state, client, alice, bob, staff_a, staff_b, anfrage_a, mentor_a,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    begleitung = _match(state, alice, staff_a, anfrage_a, mentor_a)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = _end(path, client, mentor_a, alice)
    assert response.status_code == 302

    begleitung.refresh_from_db()
    assert begleitung.status == S.ENDE_ANGEFRAGT
    assert begleitung.ending_from == state
    mentor_a.refresh_from_db()
    mentor_a.user.refresh_from_db()
    expected_step = "decline" if path == "decline" else path.replace("coordinator_", "")
    assert mentor_a.exit_requested == expected_step
    assert mentor_a.exit_requested_at is not None
    assert mentor_a.status == (W.IN_PRUEFUNG if path == "decline" else W.VERFUEGBAR)
    assert mentor_a.activity_ended_on is None
    assert mentor_a.user.is_active and mentor_a.user.email == "mara@example.org"
    assert AuditEvent.objects.filter(action="wegbegleiter.exit_request").count() == 1

    # the coordinators and, while it is a party, the facility are told at once, in German
    told = _ending_mails(ENDING_SUBJECT)
    facility = [] if state == "care_leaver" else [staff_a.email]
    assert sorted(told) == sorted([alice.email, *facility])
    assert bob.email not in told and staff_b.email not in told
    assert "Ende angefragt" in mail_text_of(told[alice.email])
    assert "Abschied" in mail_text_of(told[alice.email])
    if facility:
        assert "Koordination meldet sich" in mail_text_of(told[staff_a.email])
    if state == "care_leaver":
        assert "Care-Leaver-Phase" in mail_text_of(told[alice.email])

    # the farewell: the coordinator closes the match, and only then the step completes
    _close(alice, begleitung, danach="verfuegbar")
    begleitung.refresh_from_db()
    assert begleitung.status == S.BEENDET
    _assert_gone(path, mentor_a)


@pytest.mark.parametrize("path", PATHS)
def test_proposed_match_is_withdrawn_at_once_and_the_request_waits_again(
    path, client, alice, bob, staff_a, anfrage_a, mentor_a, django_capture_on_commit_callbacks
):
    begleitung = _match("vorgeschlagen", alice, staff_a, anfrage_a, mentor_a)
    anfrage_a.refresh_from_db()
    assert anfrage_a.status == Anfrage.Status.IN_BEARBEITUNG
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _end(path, client, mentor_a, alice)

    begleitung.refresh_from_db()
    assert begleitung.status == S.ABGELEHNT and begleitung.ended_on == timezone.localdate()
    anfrage_a.refresh_from_db()
    assert anfrage_a.status == Anfrage.Status.OFFEN
    told = _ending_mails(WITHDRAWN_SUBJECT)
    assert sorted(told) == sorted([alice.email, staff_a.email])
    assert "wartet wieder auf eine Wegbegleiter:in" in mail_text_of(told[alice.email])
    assert "sucht eine neue Wegbegleiter:in" in mail_text_of(told[staff_a.email])
    _assert_gone(path, mentor_a, started=False)  # nothing runs: the step completes at once


def mail_text_of(message: Any) -> str:
    return str(message.body)


def test_pending_leave_keeps_the_volunteer_out_of_new_proposals(
    client, alice, staff_a, anfrage_a, mentor_a, einrichtung_a
):
    from tests.matching.factories import make_anfrage

    begleitung = _match("aktiv", alice, staff_a, anfrage_a, mentor_a)
    _end("leave", client, mentor_a, alice)
    services.kapazitaet_set(acting_user=alice, wegbegleiter=mentor_a, max_begleitungen=2)
    other = make_anfrage(einrichtung_a, vorname="Lena")
    with pytest.raises(services.TransitionRefused):
        propose(alice, other, mentor_a)
    assert list(Begleitung.objects.filter(wegbegleiter=mentor_a)) == [begleitung]


def test_ending_requested_match_still_takes_diary_entries_and_closes_only_by_closure(
    client, alice, staff_a, anfrage_a, mentor_a
):
    begleitung = _match("aktiv", alice, staff_a, anfrage_a, mentor_a)
    _end("leave", client, mentor_a, alice)
    services.treffen_create(
        acting_user=mentor_a.user,
        begleitung=begleitung,
        datum=timezone.localdate(),
        dauer_minuten=90,
        aktivitaet="Abschiedstreffen",
        stimmung="gut",
    )
    assert begleitung.treffen.count() == 1
    for action in ("pause", "resume", "care_leaver", "decline"):
        with pytest.raises(services.TransitionRefused):
            services.begleitung_transition(
                acting_user=alice, begleitung=begleitung, action=action, reason="Grund"
            )
    begleitung.refresh_from_db()
    assert begleitung.status == S.ENDE_ANGEFRAGT


def test_volunteer_with_two_matches_leaves_only_after_the_last_closure(
    client, alice, staff_a, anfrage_a, mentor_a, einrichtung_a
):
    from tests.matching.factories import make_anfrage

    services.kapazitaet_set(acting_user=alice, wegbegleiter=mentor_a, max_begleitungen=2)
    first = _match("aktiv", alice, staff_a, anfrage_a, mentor_a)
    second = _match("aktiv", alice, staff_a, make_anfrage(einrichtung_a, vorname="Lena"), mentor_a)
    _end("leave", client, mentor_a, alice)
    _close(alice, first)
    mentor_a.refresh_from_db()
    assert mentor_a.status == W.VERFUEGBAR and mentor_a.exit_pending
    second.refresh_from_db()
    assert second.status == S.ENDE_ANGEFRAGT
    _close(alice, second)
    _assert_gone("leave", mentor_a)


def test_a_second_leave_is_refused_but_the_account_deletion_may_follow(
    client, alice, staff_a, anfrage_a, mentor_a
):
    begleitung = _match("aktiv", alice, staff_a, anfrage_a, mentor_a)
    _end("leave", client, mentor_a, alice)
    response = _end("coordinator_leave", client, mentor_a, alice)
    assert response.status_code == 200  # the form again: the step is not offered
    mentor_a.refresh_from_db()
    assert mentor_a.exit_requested == "leave"
    _end("delete_account", client, mentor_a, alice)
    mentor_a.refresh_from_db()
    assert mentor_a.exit_requested == "delete_account" and mentor_a.user.is_active
    _close(alice, begleitung)
    _assert_gone("delete_account", mentor_a)


def test_notices_store_references_only(
    client, alice, staff_a, anfrage_a, mentor_a, django_capture_on_commit_callbacks
):
    _match("aktiv", alice, staff_a, anfrage_a, mentor_a)
    with django_capture_on_commit_callbacks(execute=True):
        _end("leave", client, mentor_a, alice)
    rows = Benachrichtigung.objects.filter(kind="match_ending")
    assert rows.count() == 2
    for row in rows:
        stored = str(row.context)
        assert "Mara" not in stored and "Malik" not in stored and "Umzug" not in stored
        assert set(row.context) == {"outcome", "care_leaver", "role", "url"}


@pytest.mark.worker
def test_ending_mails_arrive_over_smtp_through_a_real_worker(
    celery_worker, smtp_server, client, alice, staff_a, anfrage_a, mentor_a
):
    _match("aktiv", alice, staff_a, anfrage_a, mentor_a)
    Benachrichtigung.objects.all().delete()
    before = len(smtp_server.messages)
    client.force_login(mentor_a.user)
    client.post(reverse("portal:status_change", args=["leave"]), {"reason": "Umzug"})
    messages = smtp_server.wait_for(before + 2)[before:]
    ending = [m for m in messages if m["Subject"] == ENDING_SUBJECT]
    assert sorted(m["To"] for m in ending) == sorted([alice.email, staff_a.email]), (
        celery_worker.log.read_text()
    )
    assert "Ende angefragt" in mail_text([m for m in ending if m["To"] == alice.email][0])


def test_ending_match_counts_as_running_for_reminders_and_keeps_the_certificate(
    client, alice, staff_a, anfrage_a, mentor_a
):
    from datetime import timedelta

    from matching import lists
    from schutzkonzept.services.deletion import due_deletions

    begleitung = _match("aktiv", alice, staff_a, anfrage_a, mentor_a)
    _end("leave", client, mentor_a, alice)
    later = timezone.localdate() + timedelta(days=400)
    assert mentor_a.pk in lists.active_wegbegleiter_ids()  # supervision goes on
    assert begleitung.pk in {f.begleitung.pk for f in lists.support_due_list(today=later)}
    # the certificate is kept while the volunteer still meets the young person
    assert mentor_a.pk not in {d.wegbegleiter_id for d in due_deletions(later)}
    _close(alice, begleitung)
    assert mentor_a.pk not in lists.active_wegbegleiter_ids()
    assert mentor_a.pk in {d.wegbegleiter_id for d in due_deletions(later)}
