"""The wave reminder through the notification log (exactly once, with a mail that says until
when), and what revoking a research consent stops: the volunteer's own and the young person's."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from einrichtungen.models import Einwilligung
from einrichtungen.services import einwilligung_create, einwilligung_revoke
from forschung.demo import CODE
from forschung.models import Antwort, Forschungseinwilligung, Instrument, Welle
from forschung.services.consent import forschung_einwilligung_set
from forschung.services.waves import welle_save
from matching.models import Begleitung
from tests.forschung.factories import active_match, consent, item_ids, published
from wegbegleitung.models import AuditEvent, Benachrichtigung
from wegbegleitung.notifications.delivery import deliver_due
from wegbegleitung.notifications.reminders import reminders_run

pytestmark = pytest.mark.django_db


@pytest.fixture
def instrument(alice):
    return published(alice)


@pytest.fixture
def match(alice, staff_a, anfrage_a, mentor_a, instrument, django_capture_on_commit_callbacks):
    return active_match(alice, staff_a, anfrage_a, mentor_a, django_capture_on_commit_callbacks)


def _rows() -> list[tuple[str, str]]:
    return list(Benachrichtigung.objects.filter(kind="study_wave_due")
                .values_list("recipient__email", "period"))  # fmt: skip


def test_reminder_once_per_wave_and_mailed(match, mentor_a, settings):
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    today = timezone.localdate()
    assert reminders_run(day=today)["study_wave_due"] == 0  # no consent: nothing
    consent(mentor_a)
    reminders_run(day=today)
    reminders_run(day=today)
    reminders_run(day=today + timedelta(days=3))  # later days of the window: still once
    assert _rows() == [("mara@example.org", f"{CODE}-0")]
    deliver_due()
    deliver_due()
    sent = [m for m in mail.outbox if "Fragebogen der Studie" in m.subject]
    assert len(sent) == 1
    until = today + timedelta(days=59)
    assert f"{until:%d.%m.%Y}" in sent[0].body and reverse("forschung:start") in sent[0].body
    assert "Malik" not in sent[0].body  # no names of the young person


def test_no_reminder_after_submission_or_outside_the_window(match, mentor_a, instrument):
    consent(mentor_a)
    welle_save(acting_user=mentor_a.user, begleitung=match, code=CODE, nummer=0,
               answers=dict.fromkeys(item_ids(instrument), 3), submit=True)  # fmt: skip
    today = timezone.localdate()
    assert reminders_run(day=today)["study_wave_due"] == 0
    assert reminders_run(day=today + timedelta(days=61))["study_wave_due"] == 0
    # six months on, wave 1 is due and reminded
    from schutzkonzept.dates import add_months

    assert match.started_on is not None
    reminders_run(day=add_months(match.started_on, 6))
    assert _rows() == [("mara@example.org", f"{CODE}-1")]


def test_volunteer_revokes_open_wave_withdrawn_answers_deleted(client, match, mentor_a, instrument):
    consent(mentor_a)
    welle_save(acting_user=mentor_a.user, begleitung=match, code=CODE, nummer=0,
               answers={item_ids(instrument)[0]: 4}, submit=False)  # fmt: skip
    client.force_login(mentor_a.user)
    response = client.post(reverse("forschung:einwilligung"), {})
    assert response.status_code == 302
    welle = Welle.objects.get()
    assert welle.status == Welle.Status.ZURUECKGEZOGEN
    assert not Antwort.objects.exists()
    assert Forschungseinwilligung.objects.get().widerrufen_am is not None
    # nothing offered any more, and saving is refused
    assert client.get(reverse("forschung:welle", args=[match.pk, CODE, 0])).status_code == 404
    assert "Über die Teilnahme entscheiden" in client.get(reverse("portal:start")).content.decode()
    assert reminders_run(day=timezone.localdate())["study_wave_due"] == 0
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"forschungseinwilligung.revoke", "welle.withdraw"} <= actions


def test_submitted_answers_stay_after_revocation(match, mentor_a, instrument):
    consent(mentor_a)
    welle_save(acting_user=mentor_a.user, begleitung=match, code=CODE, nummer=0,
               answers=dict.fromkeys(item_ids(instrument), 3), submit=True)  # fmt: skip
    forschung_einwilligung_set(acting_user=mentor_a.user, wegbegleiter=mentor_a,
                               teilnahme=False, folgebefragung=False)  # fmt: skip
    welle = Welle.objects.get()
    assert welle.status == Welle.Status.ABGESCHLOSSEN and welle.antworten.count() == 6
    # left out of later exports: no consent in force for this volunteer
    assert not Forschungseinwilligung.objects.filter(
        wegbegleiter=mentor_a, widerrufen_am__isnull=True
    ).exists()


def test_only_the_volunteer_gives_their_consent(mentor_a, alice):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        forschung_einwilligung_set(acting_user=alice, wegbegleiter=mentor_a,
                                   teilnahme=True, folgebefragung=False)  # fmt: skip


def test_follow_up_dropped_withdraws_waves_due_after_closure(match, mentor_a, instrument):
    consent(mentor_a, follow_up=True)
    today = timezone.localdate()
    Begleitung.objects.filter(pk=match.pk).update(ended_on=today - timedelta(days=1))
    # a wave begun that fell due after the closure (made directly: the schedule would offer it)
    welle = Welle.objects.create(begleitung=match, seite="mentor", instrument=instrument, code=CODE,
                                 nummer=1, faellig_am=today, laeuft_ab_am=today + timedelta(days=59))  # fmt: skip
    forschung_einwilligung_set(acting_user=mentor_a.user, wegbegleiter=mentor_a,
                               teilnahme=True, folgebefragung=False)  # fmt: skip
    welle.refresh_from_db()
    assert welle.status == Welle.Status.ZURUECKGEZOGEN


def test_young_persons_research_consent_revoked_withdraws_mentee_waves(match, staff_a, instrument):
    jugendliche = match.jugendliche
    today = timezone.localdate()
    # the factory recorded every consent the young person's age needs, research included
    research = jugendliche.einwilligungen.filter(bereich="forschung", widerrufen_am__isnull=True)
    if not research.exists():
        for inhaber in ("sorgeberechtigte", "jugendliche"):
            if _allowed(jugendliche, inhaber):
                einwilligung_create(acting_user=staff_a, jugendliche=jugendliche,
                                    bereich="forschung", inhaber=inhaber, erteilt_am=today)  # fmt: skip
    granted = list(research.order_by("pk"))
    welle = Welle.objects.create(begleitung=match, seite="mentee", instrument=instrument, code=CODE,
                                 nummer=0, faellig_am=today, laeuft_ab_am=today + timedelta(days=59))  # fmt: skip
    einwilligung_revoke(acting_user=staff_a, einwilligung=granted[0])
    welle.refresh_from_db()
    assert welle.status == Welle.Status.ZURUECKGEZOGEN


def _allowed(jugendliche, inhaber) -> bool:
    from einrichtungen.einwilligungen import holder_allowed

    return holder_allowed(jugendliche, inhaber, timezone.localdate())


def test_waves_admin_scoped_by_region_without_answers(client, match, mentor_a, instrument, alice,
                                                      bob, staff_a):  # fmt: skip
    consent(mentor_a)
    welle = welle_save(acting_user=mentor_a.user, begleitung=match, code=CODE, nummer=0,
                       answers=dict.fromkeys(item_ids(instrument), 3), submit=True)  # fmt: skip
    listing = reverse("admin:forschung_welle_changelist")
    detail = reverse("admin:forschung_welle_change", args=[welle.pk])
    client.force_login(alice)
    page = client.get(listing).content.decode()
    assert page.count('class="field-begleitung') == 1
    page = client.get(detail).content.decode()
    assert "3.00" not in page and "Werte" not in page  # status and dates, never the answers
    assert "0 von 1" not in page
    client.force_login(bob)  # coordinator of another region
    assert 'class="field-begleitung' not in client.get(listing).content.decode()
    assert client.get(detail).status_code in (302, 404)
    client.force_login(staff_a)
    assert client.get(listing).status_code == 302
    client.logout()
    assert client.get(listing).status_code == 302
    assert Instrument.objects.count() == 1


def test_young_persons_follow_up_revoked_withdraws_only_waves_after_closure(
    match, staff_a, instrument
):
    jugendliche = match.jugendliche
    today = timezone.localdate()
    Begleitung.objects.filter(pk=match.pk).update(ended_on=today - timedelta(days=1))
    before = Welle.objects.create(begleitung=match, seite="mentee", instrument=instrument, code=CODE,
                                  nummer=0, faellig_am=today - timedelta(days=5),
                                  laeuft_ab_am=today + timedelta(days=54))  # fmt: skip
    after = Welle.objects.create(begleitung=match, seite="mentee", instrument=instrument, code=CODE,
                                 nummer=1, faellig_am=today, laeuft_ab_am=today + timedelta(days=59))  # fmt: skip
    follow_up = jugendliche.einwilligungen.filter(bereich="forschung_folge").first()
    assert follow_up is not None  # the factory records every scope
    einwilligung_revoke(acting_user=staff_a, einwilligung=follow_up)
    before.refresh_from_db()
    after.refresh_from_db()
    assert before.status == Welle.Status.OFFEN  # research itself still in force
    assert after.status == Welle.Status.ZURUECKGEZOGEN


def test_mentee_consent_follows_the_consent_rules(match, staff_a):
    from forschung.services.consent import mentee_consent

    jugendliche = match.jugendliche
    assert mentee_consent(jugendliche.pk, timezone.localdate()) == (True, True)
    research = jugendliche.einwilligungen.filter(bereich="forschung")
    for einwilligung in research:
        einwilligung_revoke(acting_user=staff_a, einwilligung=einwilligung)
    assert mentee_consent(jugendliche.pk, timezone.localdate()) == (False, True)
    assert Einwilligung.objects.filter(bereich="forschung", widerrufen_am__isnull=False).exists()
