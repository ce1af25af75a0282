"""Requesting, signing off, issuing and rendering certificates; broker outage and failures."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation
from kombu.exceptions import OperationalError

from matching.models import Treffen
from nachweise import services
from nachweise.models import Nachweis
from schutzkonzept.pdf import private_path
from tests.nachweise.conftest import YEAR, Designed
from wegbegleitung import outbox
from wegbegleitung.models import AuditEvent, Benachrichtigung, OutboxTask, Wegbegleiter
from wegbegleitung.tasks import run_outbox_task

St = Nachweis.Status
TODAY = timezone.localdate()


@pytest.fixture
def broker_down(monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(run_outbox_task, "apply_async", refuse)


def _request(d: Designed, **period) -> Nachweis:
    return services.nachweis_request(acting_user=d.vera.user, wegbegleiter=d.vera, **period)


def _sign(alice, nachweis: Nachweis) -> Nachweis:
    return services.nachweis_sign(
        acting_user=alice, nachweis=nachweis, signed_name="Alice Adler",
        signed_role="Koordinatorin", appreciation="Danke für Ihre Verlässlichkeit.",
    )  # fmt: skip


def test_the_request_covers_the_whole_engagement_unless_a_period_is_chosen(designed: Designed):
    whole = _request(designed)
    # the first supervision attended (01.12.2024) to today (she has not left)
    assert (whole.period_from, whole.period_to, whole.status) == (
        date(2024, 12, 1),
        TODAY,
        St.BEANTRAGT,
    )
    with pytest.raises(ValidationError, match="bereits einen Nachweis beantragt"):
        _request(designed, period_from=YEAR[0], period_to=YEAR[1])
    Nachweis.objects.filter(pk=whole.pk).update(status=St.FERTIG, signed_at=timezone.now())
    chosen = _request(designed, period_from=YEAR[0], period_to=YEAR[1])
    assert (chosen.period_from, chosen.period_to) == YEAR


@pytest.mark.parametrize(
    ("period_from", "period_to", "message"),
    [
        (
            date(2024, 11, 30),
            date(2025, 1, 1),
            "Der Zeitraum muss innerhalb des Engagements liegen",
        ),
        (
            date(2025, 1, 1),
            TODAY + timedelta(days=1),
            "Der Zeitraum muss innerhalb des Engagements",
        ),
        (
            date(2025, 6, 1),
            date(2025, 5, 1),
            "Der Beginn des Zeitraums darf nicht nach seinem Ende",
        ),
    ],
)
def test_a_period_outside_the_engagement_is_refused_in_german(
    designed: Designed, period_from, period_to, message
):
    with translation.override("de"), pytest.raises(ValidationError, match=message):
        _request(designed, period_from=period_from, period_to=period_to)
    assert not Nachweis.objects.exists()


def test_without_any_activity_there_is_nothing_to_confirm(volunteer):
    w = Wegbegleiter.objects.get(user=volunteer)
    with translation.override("de"), pytest.raises(ValidationError, match="noch keine Tätigkeit"):
        services.nachweis_request(acting_user=volunteer, wegbegleiter=w)


def test_only_the_volunteer_asks_for_their_own(designed: Designed, cast):
    for someone in (designed.otto.user, cast["alice"], cast["staff_a"]):
        with pytest.raises(PermissionDenied):
            services.nachweis_request(acting_user=someone, wegbegleiter=designed.vera)
    assert not Nachweis.objects.exists()


def test_the_sign_off_freezes_the_figures_makes_the_pdf_and_tells_the_volunteer(
    designed: Designed, cast, django_capture_on_commit_callbacks, mailoutbox
):
    nachweis = _request(designed, period_from=YEAR[0], period_to=YEAR[1])
    with django_capture_on_commit_callbacks(execute=True):
        _sign(cast["alice"], nachweis)
    nachweis.refresh_from_db()
    assert nachweis.status == St.FERTIG and private_path(nachweis.pdf).read_bytes()[:5] == b"%PDF-"
    # the figures she saw: 5 meetings, 465 minutes; 3 trainings of 8 hours; 2 supervisions
    frozen = nachweis.figures
    assert [m["minutes"] for m in frozen["matches"]] == [255, 210]
    assert (frozen["training_hours"], frozen["supervision_sessions"]) == ("8.0", 2)
    # a later correction of the diary does not change what was signed
    Treffen.objects.filter(begleitung=designed.m1).update(dauer_minuten=600)
    nachweis.refresh_from_db()
    assert nachweis.figures == frozen
    notice = Benachrichtigung.objects.get(recipient=designed.vera.user)
    assert notice.kind == "nachweis_ready"
    assert [m.to for m in mailoutbox] == [["vera.wagner@example.org"]]
    assert "Ehrenamtsnachweis" in mailoutbox[0].subject and "Malik" not in mailoutbox[0].body


def test_every_step_is_audited_without_personal_data(
    designed: Designed, cast, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _sign(cast["alice"], _request(designed, period_from=YEAR[0], period_to=YEAR[1]))
    events = AuditEvent.objects.filter(action__startswith="nachweis.").order_by("pk")
    assert [e.action for e in events] == ["nachweis.request", "nachweis.sign", "nachweis.render"]
    assert [e.actor_id for e in events] == [designed.vera.user_id, cast["alice"].pk, None]
    text = json.dumps([e.details for e in events])
    for personal in ("Vera", "Wagner", "Alice", "Malik", "Leonie", "Lindenhof", "Verlässlichkeit"):
        assert personal not in text
    assert events[0].details == {"from": "01.01.2025", "to": "31.12.2025"}


def test_a_coordinator_of_another_region_cannot_sign(designed: Designed, cast):
    nachweis = _request(designed)
    for someone in (cast["bob"], cast["staff_a"], designed.vera.user):
        with pytest.raises(PermissionDenied):
            _sign(someone, nachweis)
    nachweis.refresh_from_db()
    assert nachweis.status == St.BEANTRAGT and nachweis.signed_at is None


def test_a_signature_needs_name_and_role(designed: Designed, cast):
    nachweis = _request(designed)
    with pytest.raises(ValidationError):
        services.nachweis_sign(acting_user=cast["alice"], nachweis=nachweis, signed_name=" ",
                               signed_role="Koordinatorin")  # fmt: skip
    assert Nachweis.objects.get().status == St.BEANTRAGT


def test_a_coordinator_issues_one_for_a_volunteer_who_left(
    designed: Designed, cast, django_capture_on_commit_callbacks
):
    Wegbegleiter.objects.filter(pk=designed.vera.pk).update(
        status="ausgeschieden", activity_ended_on=date(2025, 10, 31)
    )
    vera = Wegbegleiter.objects.get(pk=designed.vera.pk)
    with django_capture_on_commit_callbacks(execute=True):
        issued = services.nachweis_issue(
            acting_user=cast["alice"], wegbegleiter=vera,
            signed_name="Alice Adler", signed_role="Koordinatorin",
        )  # fmt: skip
    issued.refresh_from_db()
    # from the first activity to the day she left: Leonie's match counts until 31.10.2025,
    # with the meetings of 20.09. and 11.10. (210 min)
    assert (issued.period_from, issued.period_to, issued.status) == (
        date(2024, 12, 1),
        date(2025, 10, 31),
        St.FERTIG,
    )
    assert [m["counted_to"] for m in issued.figures["matches"]] == ["2025-08-31", "2025-10-31"]
    with pytest.raises(PermissionDenied):
        services.nachweis_issue(acting_user=cast["bob"], wegbegleiter=vera,
                                signed_name="Bob Brandt", signed_role="Koordination")  # fmt: skip


def test_a_sign_off_while_the_broker_is_down_keeps_the_job(
    designed: Designed, cast, broker_down, django_capture_on_commit_callbacks, caplog
):
    with django_capture_on_commit_callbacks(execute=True):
        nachweis = _sign(cast["alice"], _request(designed))
    assert "waits for the sweep" in caplog.text
    nachweis.refresh_from_db()
    assert nachweis.status == St.IN_ERSTELLUNG
    # the coordinators' notice of the request and the PDF wait in the outbox
    assert sorted(OutboxTask.objects.values_list("task", flat=True)) == [
        "nachweise.tasks.notify_nachweis_coordination",
        "nachweise.tasks.render_nachweis",
    ]
    # the sweep runs it once the broker is back (here: the sweep of the outbox)
    later = timezone.now() + timedelta(minutes=2)
    with django_capture_on_commit_callbacks(execute=False):
        assert outbox.sweep(now=later) == 2
    nachweis.refresh_from_db()
    assert nachweis.status == St.FERTIG and nachweis.pdf


def test_a_failed_rendering_shows_a_german_status_and_can_be_retried(
    designed: Designed, cast, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(nachweis):
        raise OSError("disk full")

    monkeypatch.setattr("nachweise.pdf.render_nachweis_pdf", broken)
    with django_capture_on_commit_callbacks(execute=True):
        nachweis = _sign(cast["alice"], _request(designed))
    nachweis.refresh_from_db()
    assert nachweis.status == St.FEHLER and not nachweis.pdf
    assert not OutboxTask.objects.exists()  # stored as failed, not repeated on its own
    with translation.override("de"):
        assert nachweis.get_status_display() == (
            "Das PDF konnte nicht erstellt werden: bitte erneut starten"
        )
    with pytest.raises(PermissionDenied):
        services.nachweis_retry(acting_user=cast["bob"], nachweis=nachweis)
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        services.nachweis_retry(acting_user=cast["alice"], nachweis=nachweis)
    nachweis.refresh_from_db()
    assert nachweis.status == St.FERTIG and nachweis.attempts == 2
    with pytest.raises(ValidationError):
        services.nachweis_retry(acting_user=cast["alice"], nachweis=nachweis)
    actions = list(AuditEvent.objects.filter(action__startswith="nachweis.render")
                   .order_by("pk").values_list("action", flat=True))  # fmt: skip
    assert actions == ["nachweis.render_failed", "nachweis.render_retry", "nachweis.render"]


def test_the_regions_coordinators_hear_of_a_request_and_of_a_failed_pdf(
    designed: Designed, cast, monkeypatch, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        nachweis = _request(designed)
    # alice coordinates region A; bob (region B) hears nothing
    assert [m.to for m in mailoutbox] == [["alice@example.org"]]
    assert "wartet auf Ihre Unterschrift" in mailoutbox[0].subject
    for personal in ("Vera", "Wagner", "Malik"):
        assert personal not in mailoutbox[0].body
    monkeypatch.setattr("nachweise.pdf.render_nachweis_pdf", lambda n: 1 / 0)
    with django_capture_on_commit_callbacks(execute=True):
        _sign(cast["alice"], nachweis)
    assert [m.to for m in mailoutbox] == [["alice@example.org"]] * 2
    assert "konnte nicht erstellt werden" in mailoutbox[1].subject
    assert "PDF erneut erstellen" in mailoutbox[1].body
