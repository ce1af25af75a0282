"""Matching's reminders on real dates, with matches built through matching's services:
support contacts and reviews (coordination), diary silence (mentor), agreements waiting (each
party that has not confirmed), supervision and the help-plan conference for a real mentor, and
the matches in the coordinators' weekly digest."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from einrichtungen.models import Einwilligung, Jugendliche
from einrichtungen.services import jugendliche_auszug
from matching import services
from matching.models import Begleitung, Partei, Treffen, Vereinbarung
from tests.einrichtungen.factories import HilfeplangespraechFactory
from tests.matching.factories import make_active, make_anfrage, make_mentor, propose, to_agreement
from wegbegleitung.models import Benachrichtigung, BenachrichtigungEinstellung, Wegbegleiter
from wegbegleitung.notifications import providers
from wegbegleitung.notifications.delivery import deliver_due
from wegbegleitung.notifications.digest import digest_contexts, digest_due
from wegbegleitung.notifications.reminders import reminders_run

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")
START = date(2025, 11, 30)  # the first review is due three months later: 28 February 2026


def sent(kind: str) -> list[tuple[str, str]]:
    rows = Benachrichtigung.objects.filter(kind=kind).select_related("recipient")
    return sorted((r.recipient.email, r.period) for r in rows)


def _start(begleitung: Begleitung, day: date = START) -> Begleitung:
    Begleitung.objects.filter(pk=begleitung.pk).update(started_on=day)
    Wegbegleiter.objects.filter(pk=begleitung.wegbegleiter_id).update(activity_started_on=day)
    begleitung.refresh_from_db()
    return begleitung


@pytest.fixture
def running(alice, staff_a, anfrage_a, mentor_a) -> Begleitung:
    return _start(make_active(alice, staff_a, anfrage_a, mentor_a))


def _kontakt(user, begleitung, datum, **kw):
    data = {
        "mit": "wegbegleiter", "datum": datum, "dauer_minuten": 30, "kanal": "telefon",
        "aktivitaeten": "Kino", "beziehung": "gut", "kinderschutz": "nichts",
        "wirkung": "mehr Mut", **kw,
    }  # fmt: skip
    return services.kontakt_create(acting_user=user, begleitung=begleitung, **data)


# --- support contacts and reviews ---------------------------------------------------------------


def test_support_contact_due_a_week_ahead_then_overdue_once_each(running, alice, bob, mailoutbox):
    # twice in the first month: the first contact is due 15 days after the start, 15.12.2025
    reminders_run(day=date(2025, 12, 7))
    assert sent("support_contact_due") == []
    reminders_run(day=date(2025, 12, 8))
    reminders_run(day=date(2025, 12, 9))
    assert sent("support_contact_due") == [("alice@example.org", "kontakt-2025-12-15")]
    reminders_run(day=date(2025, 12, 15))
    assert sent("support_contact_overdue") == []
    reminders_run(day=date(2025, 12, 16))
    reminders_run(day=date(2025, 12, 17))
    assert sent("support_contact_overdue") == [("alice@example.org", "kontakt-2025-12-15")]
    deliver_due()
    mails = {m.subject: m for m in mailoutbox}
    overdue = mails["Unterstützungskontakt überfällig seit 15.12.2025: Mara Berg – Malik"]
    assert overdue.to == ["alice@example.org"]
    assert f"/admin/matching/begleitung/{running.pk}/change/" in overdue.body
    assert "war am 15.12.2025 fällig" in overdue.body
    assert "Care-Leaver" not in overdue.body
    assert "Unterstützungskontakt fällig am 15.12.2025: Mara Berg – Malik" in mails
    reminders_run(day=date(2025, 12, 18))
    assert deliver_due() == 0  # a second run sends nothing


def test_recording_the_contact_stops_the_overdue_notice(running, alice):
    reminders_run(day=date(2025, 12, 10))
    _kontakt(alice, running, date(2025, 12, 12))
    reminders_run(day=date(2025, 12, 20))
    assert sent("support_contact_overdue") == []
    # the next contact is due 15 days after the last one: 27.12.2025
    reminders_run(day=date(2025, 12, 20))
    assert ("alice@example.org", "kontakt-2025-12-27") in sent("support_contact_due")


def test_review_at_the_end_of_february(running, alice):
    def reviews(kind):
        return [period for _email, period in sent(kind) if period.startswith("review-")]

    for day in (date(2025, 12, 1) + timedelta(days=n) for n in range(0, 81, 10)):
        _kontakt(alice, running, day)  # contacts kept up: only the review is due
    reminders_run(day=date(2026, 2, 20))
    assert reviews("support_contact_due") == []
    reminders_run(day=date(2026, 2, 21))
    assert reviews("support_contact_due") == ["review-2026-02-28"]
    reminders_run(day=date(2026, 2, 28))
    assert reviews("support_contact_overdue") == []
    reminders_run(day=date(2026, 3, 1))
    assert reviews("support_contact_overdue") == ["review-2026-02-28"]


def test_a_recorded_review_moves_the_next_one_a_year_on(running, alice):
    _kontakt(alice, running, date(2026, 2, 25), ist_review=True)
    reminders_run(day=date(2026, 3, 5))
    assert [p for _e, p in sent("support_contact_overdue") if p.startswith("review-")] == []
    reminders_run(day=date(2027, 2, 18))
    assert ("alice@example.org", "review-2027-02-25") in sent("support_contact_due")


def test_care_leaver_phase_follows_its_rhythm_without_the_facility(running, alice, mailoutbox):
    jugendliche_auszug(
        acting_user=alice, jugendliche=running.jugendliche, auszug_am=timezone.localdate()
    )
    services.begleitung_transition(acting_user=alice, begleitung=running, action="care_leaver")
    reminders_run(day=date(2025, 12, 20))  # the first-month rhythm no longer applies
    assert sent("support_contact_overdue") == []
    reminders_run(day=date(2026, 3, 2))  # 91 days after the start: 1 March 2026
    assert ("alice@example.org", "kontakt-2026-03-01") in sent("support_contact_overdue")
    deliver_due()
    body = next(m.body for m in mailoutbox if "überfällig seit 01.03.2026" in m.subject)
    assert "Care-Leaver-Phase" in body and "Einrichtung ist nicht mehr beteiligt" in body


def test_coordinators_can_switch_support_reminders_off(running, alice, mailoutbox):
    BenachrichtigungEinstellung.objects.create(user=alice, kind="support_contact_due", email=False)
    reminders_run(day=date(2025, 12, 10))
    assert sent("support_contact_due") == [("alice@example.org", "kontakt-2025-12-15")]
    deliver_due()
    assert mailoutbox == []  # in the inbox only
    assert Benachrichtigung.objects.get(kind="support_contact_due").status == "nur_postfach"


# --- diary ------------------------------------------------------------------------------------


def test_diary_silence_three_weeks_after_the_start_then_per_stretch(running, mailoutbox):
    reminders_run(day=date(2025, 12, 20))
    assert sent("diary_missing") == []
    reminders_run(day=date(2025, 12, 21))
    reminders_run(day=date(2025, 12, 22))
    assert sent("diary_missing") == [("mara@example.org", "seit-2025-11-30")]
    deliver_due()
    [mail] = [m for m in mailoutbox if m.to == ["mara@example.org"]]
    assert mail.subject == "Wie läuft Ihre Begleitung?"
    assert "seit dem 30.11.2025 keinen neuen Eintrag" in mail.body
    assert "/begleitung/" in mail.body and "Malik" not in mail.body
    assert "wie läuft Ihre Begleitung?" in mail.alternatives[0].content
    Treffen.objects.create(
        begleitung=running, datum=date(2025, 12, 31), dauer_minuten=90,
        aktivitaet="Eislaufen", stimmung="gut",
    )  # fmt: skip
    reminders_run(day=date(2026, 1, 20))
    assert len(sent("diary_missing")) == 1
    reminders_run(day=date(2026, 1, 21))  # three weeks after New Year's Eve
    assert sent("diary_missing") == [
        ("mara@example.org", "seit-2025-11-30"),
        ("mara@example.org", "seit-2025-12-31"),
    ]


def test_no_diary_reminder_while_paused_or_when_switched_off(running, alice, mentor_a, mailoutbox):
    services.begleitung_transition(
        acting_user=alice, begleitung=running, action="pause", reason="Prüfungszeit"
    )
    reminders_run(day=date(2026, 1, 5))
    assert sent("diary_missing") == []
    services.begleitung_transition(acting_user=alice, begleitung=running, action="resume")
    BenachrichtigungEinstellung.objects.create(
        user=mentor_a.user, kind="diary_missing", email=False
    )
    reminders_run(day=date(2026, 1, 5))
    assert sent("diary_missing") == [("mara@example.org", "seit-2025-11-30")]
    deliver_due()
    assert [m for m in mailoutbox if m.to == ["mara@example.org"]] == []


# --- agreements -------------------------------------------------------------------------------


@pytest.fixture
def agreement(alice, anfrage_a, mentor_a) -> Begleitung:
    begleitung = propose(alice, anfrage_a, mentor_a)
    to_agreement(alice, begleitung)
    services.vereinbarung_save(
        acting_user=alice, begleitung=begleitung, **services.default_agreement_texts()
    )
    Vereinbarung.objects.filter(begleitung=begleitung).update(
        created_at=datetime(2026, 1, 30, 17, tzinfo=BERLIN)
    )
    return begleitung


def test_each_party_that_has_not_confirmed_is_reminded_once(
    agreement, alice, bob, staff_a, staff_b, mentor_a, mailoutbox
):
    reminders_run(day=date(2026, 1, 31))  # written the day before: not yet
    assert sent("agreement_confirmation") == []
    reminders_run(day=date(2026, 2, 1))
    reminders_run(day=date(2026, 2, 2))
    assert sent("agreement_confirmation") == sorted([
        ("alice@example.org", "koordination/2026-01-30"),
        (staff_a.email, "einrichtung+jugendliche/2026-01-30"),
        ("mara@example.org", "wegbegleiter/2026-01-30"),
    ])  # fmt: skip
    deliver_due()
    by_recipient = {m.to[0]: m.body for m in mailoutbox}
    assert set(by_recipient) == {"alice@example.org", staff_a.email, "mara@example.org"}
    assert "bestätigen Sie sie dort" in by_recipient["mara@example.org"]
    assert by_recipient["mara@example.org"].rstrip().endswith("/begleitung/")
    assert "Malik" not in by_recipient["mara@example.org"]
    assert "/begleitung/einrichtung/" in by_recipient[staff_a.email]
    assert "Begleitung von Malik" in by_recipient[staff_a.email]
    assert "Einrichtung, Jugendliche:r oder sorgeberechtigte Person" in by_recipient[staff_a.email]
    assert f"/admin/matching/begleitung/{agreement.pk}/change/" in by_recipient["alice@example.org"]
    # the mentor and the facility confirm; the young person's confirmation is still missing
    services.vereinbarung_confirm(
        acting_user=mentor_a.user, begleitung=agreement, partei=Partei.WEGBEGLEITER
    )
    services.vereinbarung_confirm(
        acting_user=staff_a, begleitung=agreement, partei=Partei.EINRICHTUNG
    )
    reminders_run(day=date(2026, 2, 3))
    assert sent("agreement_confirmation") == sorted([
        ("alice@example.org", "koordination/2026-01-30"),
        (staff_a.email, "einrichtung+jugendliche/2026-01-30"),
        (staff_a.email, "jugendliche/2026-01-30"),
        ("mara@example.org", "wegbegleiter/2026-01-30"),
    ])  # fmt: skip


def test_after_the_move_out_the_coordinators_are_asked_instead_of_the_facility(
    agreement, alice, staff_a, mailoutbox
):
    Jugendliche.objects.filter(pk=agreement.jugendliche_id).update(auszug_am=date(2026, 1, 31))
    reminders_run(day=date(2026, 2, 1))
    assert sent("agreement_confirmation") == [
        ("alice@example.org", "jugendliche+koordination/2026-01-30"),
        ("mara@example.org", "wegbegleiter/2026-01-30"),
    ]
    deliver_due()
    [mail] = [m for m in mailoutbox if m.to == ["alice@example.org"]]
    assert (
        "wartet auf diese Bestätigungen: Jugendliche:r oder sorgeberechtigte Person, " in mail.body
    )
    assert "Koordination. Bitte erfassen Sie sie in der Verwaltung." in mail.body


# --- supervision and the help-plan conference through the real providers -------------------------


def test_supervision_due_for_a_volunteer_in_a_real_active_match(running, mentor_a):
    Begleitung.objects.filter(pk=running.pk).update(started_on=date(2026, 1, 1))
    Wegbegleiter.objects.filter(pk=mentor_a.pk).update(activity_started_on=date(2026, 1, 1))
    reminders_run(day=date(2025, 12, 31))  # before the match started
    reminders_run(day=date(2026, 2, 26))  # exactly eight weeks: not yet
    assert sent("supervision_due") == []
    reminders_run(day=date(2026, 2, 27))
    assert sent("supervision_due") == [("mara@example.org", "seit-2026-01-01")]


def test_no_supervision_reminder_without_a_running_match(alice, anfrage_a, mentor_a):
    propose(alice, anfrage_a, mentor_a)  # proposed only
    Wegbegleiter.objects.filter(pk=mentor_a.pk).update(activity_started_on=date(2026, 1, 1))
    reminders_run(day=date(2026, 3, 1))
    assert sent("supervision_due") == []


@pytest.fixture
def conference(running):
    return HilfeplangespraechFactory(
        jugendliche=running.jugendliche,
        datum=date(2026, 12, 1),
        wegbegleiter_eingeladen=True,
        naechste_ueberpruefung=None,
    )


def test_conference_reminder_reaches_the_real_mentor_with_consent(conference, mailoutbox):
    reminders_run(day=date(2026, 11, 25))
    assert sent("hpg_upcoming") == [("mara@example.org", "2026-12-01")]
    deliver_due()
    [mail] = [m for m in mailoutbox if "01.12.2026" in m.subject]
    assert mail.to == ["mara@example.org"] and "Malik" in mail.body


def test_a_familys_conversation_is_announced_as_the_referral_and_review_conversation(
    conference, mailoutbox
):
    """docs/families.md: the same reminder, named by the kind of conversation."""
    from programme.models import Programm

    Jugendliche.objects.filter(pk=conference.jugendliche_id).update(
        art=Jugendliche.Art.FAMILIE, vorname="Familie M."
    )
    type(conference).objects.filter(pk=conference.pk).update(art=Programm.Gespraech.VERMITTLUNG)
    reminders_run(day=date(2026, 11, 25))
    deliver_due()
    [mail] = [m for m in mailoutbox if "01.12.2026" in m.subject]
    assert "Erst- und Auswertungsgespräch am 01.12.2026" in mail.subject
    assert "Erst- und Auswertungsgespräch von Familie M." in mail.body


def test_no_conference_reminder_without_the_consent(conference):
    Einwilligung.objects.filter(
        jugendliche=conference.jugendliche, bereich=Einwilligung.Bereich.HILFEPLAN
    ).update(widerrufen_am=datetime(2026, 11, 1, tzinfo=BERLIN))
    reminders_run(day=date(2026, 11, 25))
    assert sent("hpg_upcoming") == []


def test_the_providers_are_matchings_own():
    from matching import notifications

    assert providers._get("active_match_wegbegleiter_ids") is (
        notifications.active_match_wegbegleiter_ids
    )
    assert providers._get("mentors_of_jugendliche") is notifications.mentors_of_jugendliche
    assert providers._get("matches_needing_attention") is notifications.matches_needing_attention


# --- the digest and the number of queries -------------------------------------------------------


def test_the_digest_lists_the_matches_needing_attention(running, agreement_b, alice, bob):
    assert {d.recipient_id for d in digest_due(date(2026, 1, 5))} >= {alice.pk, bob.pk}
    dues = digest_contexts(date(2026, 1, 5))
    [section] = [s for s in dues[alice.pk]["sections"] if s["title"] == "Begleitungen"]
    reasons = {item["reason"] for item in section["items"]}
    assert "Unterstützungskontakt überfällig seit 15.12.2025" in reasons
    assert "kein Tagebucheintrag seit 30.11.2025" in reasons
    assert {i["url"].split("/admin/", 1)[1] for i in section["items"]} == {
        f"matching/begleitung/{running.pk}/change/"
    }
    assert {i["label"] for i in section["items"]} == {"Mara Berg – Malik"}
    [section_b] = [s for s in dues[bob.pk]["sections"] if s["title"] == "Begleitungen"]
    assert [i["label"] for i in section_b["items"]] == ["Ben Hart – Boris"]
    assert section_b["items"][0]["reason"].startswith("Vereinbarung wartet auf: Wegbegleiter:in")


@pytest.fixture
def agreement_b(bob, anfrage_b, region_b) -> Begleitung:
    mentor = make_mentor(region_b, email="ben@example.org", first_name="Ben", last_name="Hart")
    begleitung = propose(bob, anfrage_b, mentor)
    to_agreement(bob, begleitung)
    services.vereinbarung_save(
        acting_user=bob, begleitung=begleitung, **services.default_agreement_texts()
    )
    return begleitung


def test_the_reminder_run_reads_a_fixed_number_of_queries(alice, staff_a, einrichtung_a, region_a):
    def matches(n):
        for i in range(n):
            mentor = make_mentor(region_a, email=f"m{i}-{n}@example.org")
            begleitung = make_active(alice, staff_a, make_anfrage(einrichtung_a), mentor)
            _start(begleitung)
        agreement = propose(alice, make_anfrage(einrichtung_a), make_mentor(region_a))
        to_agreement(alice, agreement)
        services.vereinbarung_save(
            acting_user=alice, begleitung=agreement, **services.default_agreement_texts()
        )
        Vereinbarung.objects.update(created_at=datetime(2025, 12, 1, tzinfo=BERLIN))

    matches(1)
    with CaptureQueriesContext(connection) as few:
        reminders_run(day=date(2025, 12, 22))
    matches(4)
    with CaptureQueriesContext(connection) as many:
        reminders_run(day=date(2025, 12, 23))
    assert len(many) == len(few)
    assert Benachrichtigung.objects.filter(kind="diary_missing").count() == 5
    assert Benachrichtigung.objects.filter(kind="agreement_confirmation").count() >= 2 * 3


def test_the_inboxes_show_the_notices_in_german(client, running, alice, mentor_a):
    reminders_run(day=date(2025, 12, 22))
    inbox = reverse("benachrichtigungen:inbox")
    client.force_login(mentor_a.user)
    assert "Wie läuft Ihre Begleitung?" in client.get(inbox).content.decode()
    client.force_login(alice)
    page = client.get(inbox).content.decode()
    assert "Unterstützungskontakt überfällig seit 15.12.2025: Mara Berg – Malik" in page


def test_the_log_keeps_references_only_and_the_mails_name_the_match(
    running, agreement_b, alice, bob, mailoutbox
):
    reminders_run(day=date(2025, 12, 16))
    reminders_run(day=date.today() + timedelta(days=30))  # the agreement waits long enough
    kinds = ["support_contact_due", "support_contact_overdue", "agreement_confirmation"]
    rows = Benachrichtigung.objects.filter(kind__in=kinds)
    assert set(rows.values_list("kind", flat=True)) >= {
        "support_contact_overdue", "agreement_confirmation"
    }  # fmt: skip
    for context in rows.values_list("context", flat=True):
        assert set(context) <= {"topic", "due", "party", "role", "written"}
    deliver_due()
    bodies = " ".join(m.subject + m.body for m in mailoutbox)
    assert "Mara Berg – Malik" in bodies and "Ben Hart – Boris" in bodies
