"""Amounts, rates on both sides of a change, the month's budget, date and amount bounds, the
decision with its notice, and the audit trail."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from auslagen import services
from auslagen.models import Auslage, Satz
from auslagen.rates import Rate, kilometre_amount, rate_on
from matching.models import Begleitung
from tests.auslagen.conftest import Cast, submit
from wegbegleitung.models import AuditEvent, Benachrichtigung

St = Auslage.Status
KM = Auslage.Art.KILOMETER


def _german(exc: pytest.ExceptionInfo[ValidationError]) -> str:
    with translation.override("de"):
        return " ".join(str(m) for m in exc.value.messages)


def test_kilometres_times_the_rate_rounded_half_up_to_the_cent():
    assert kilometre_amount(Decimal("12.5"), 30) == 375  # 12.5 × 30 = 375.0
    assert kilometre_amount(Decimal("0.1"), 25) == 3  # 2.5 -> 3 (half up)
    assert kilometre_amount(Decimal("7.3"), 35) == 256  # 255.5 -> 256
    assert kilometre_amount(Decimal("7.1"), 35) == 249  # 248.5 -> 249


def test_the_rate_of_a_day_is_the_latest_valid_on_it():
    default = Rate(None, 30, 5000)
    rates = [Rate(date(2026, 7, 1), 35, 8000), Rate(date(2026, 1, 1), 32, 6000)]
    assert rate_on(date(2025, 12, 31), rates, default) == default
    assert rate_on(date(2026, 6, 30), rates, default).cent_per_km == 32
    assert rate_on(date(2026, 7, 1), rates, default).cent_per_km == 35


def test_a_trip_is_computed_with_the_rate_of_its_date_on_both_sides_of_a_change(cast: Cast):
    Satz.objects.create(gueltig_ab=date(2026, 7, 1), cent_pro_km=35, budget_pro_monat_cent=8000)
    before = submit(cast, art=KM, datum=date(2026, 6, 30), kilometer=Decimal("20"))
    on_the_day = submit(cast, art=KM, datum=date(2026, 7, 1), kilometer=Decimal("20"))
    # 20 km × 30 ct (the settings' default until 30.06.) = 600 ct; from 01.07.: 20 × 35 = 700 ct
    assert (before.betrag_cent, before.cent_pro_km) == (600, 30)
    assert (on_the_day.betrag_cent, on_the_day.cent_pro_km) == (700, 35)
    assert on_the_day.betrag == "7,00 €"


def test_a_later_rate_change_does_not_touch_recorded_amounts(cast: Cast):
    trip = submit(cast, art=KM, datum=date(2026, 3, 10), kilometer=Decimal("12.5"))
    Satz.objects.create(gueltig_ab=date(2026, 1, 1), cent_pro_km=40, budget_pro_monat_cent=9000)
    trip.refresh_from_db()
    assert trip.betrag_cent == 375  # 12.5 × 30, as submitted


def test_the_months_budget_is_a_hard_limit_with_a_german_message(cast: Cast):
    # budget 50,00 €: 30,00 € + 15,00 € = 45,00 € fit; 5,01 € more would be 50,01 €
    submit(cast, betrag_cent=3000, datum=date(2026, 3, 2))
    submit(cast, betrag_cent=1500, datum=date(2026, 3, 20))
    with pytest.raises(ValidationError) as exc:
        submit(cast, betrag_cent=501, datum=date(2026, 3, 31))
    text = _german(exc)
    assert "50,00 €" in text and "03.2026" in text and "45,00 €" in text and "5,00 €" in text
    assert submit(cast, betrag_cent=500, datum=date(2026, 3, 31)).betrag_cent == 500  # = 50,00
    # another month and another match have their own budget
    assert submit(cast, betrag_cent=5000, datum=date(2026, 4, 1)).status == St.EINGEREICHT
    assert Auslage.objects.filter(begleitung=cast.match).count() == 4


def test_a_refused_expense_gives_its_budget_back(cast: Cast):
    big = submit(cast, betrag_cent=4000)
    with pytest.raises(ValidationError):
        submit(cast, betrag_cent=2000)  # 40 + 20 > 50
    services.auslage_reject(acting_user=cast.alice, auslage=big, reason="Kein Beleg")
    assert submit(cast, betrag_cent=2000).betrag_cent == 2000


def test_the_budget_follows_the_rate_of_the_expenses_date(cast: Cast):
    Satz.objects.create(gueltig_ab=date(2026, 3, 1), cent_pro_km=30, budget_pro_monat_cent=8000)
    with pytest.raises(ValidationError):
        submit(cast, betrag_cent=6000, datum=date(2026, 2, 27))  # default budget 50,00 €
    assert submit(cast, betrag_cent=6000, datum=date(2026, 3, 1)).betrag_cent == 6000


@pytest.mark.parametrize(
    ("day", "words"),
    [
        (timezone.localdate() + timedelta(days=1), "in der Zukunft"),
        (date(2024, 12, 31), "vor dem Beginn der Begleitung (01.01.2025)"),
    ],
)
def test_dates_in_the_future_or_before_the_match_are_refused(cast: Cast, day, words):
    with pytest.raises(ValidationError) as exc:
        submit(cast, datum=day)
    assert words in _german(exc)
    assert not Auslage.objects.exists()


def test_a_date_after_a_closed_match_ended_is_refused(cast: Cast):
    Begleitung.objects.filter(pk=cast.match.pk).update(
        status=Begleitung.Status.BEENDET, ended_on=date(2026, 2, 28)
    )
    assert submit(cast, datum=date(2026, 2, 28)).status == St.EINGEREICHT
    with pytest.raises(ValidationError) as exc:
        submit(cast, datum=date(2026, 3, 1))
    assert "nach dem Ende der Begleitung (28.02.2026)" in _german(exc)


def test_absurd_amounts_and_distances_are_refused(cast: Cast, settings):
    settings.WB_EXPENSE_BUDGET_PER_MONTH_CENT = 10_000_000  # only the bounds speak here
    with pytest.raises(ValidationError) as exc:
        submit(cast, betrag_cent=50001)
    assert "500,00 €" in _german(exc)
    with pytest.raises(ValidationError) as exc:
        submit(cast, art=KM, kilometer=Decimal("500.1"))
    assert "500 km" in _german(exc)
    for bad in ({"betrag_cent": 0}, {"art": KM, "kilometer": Decimal("0")}, {"zweck": "  "}):
        with pytest.raises(ValidationError):
            submit(cast, **bad)
    assert not Auslage.objects.exists()


def test_only_the_mentor_of_the_match_records_its_expenses(cast: Cast):
    for someone in (cast.otto.user, cast.alice, cast.staff_a):
        with pytest.raises(PermissionDenied):
            services.auslage_submit(
                acting_user=someone, begleitung=cast.match, art="ticket",
                datum=date(2026, 3, 1), zweck="x", betrag_cent=100,
            )  # fmt: skip
    Begleitung.objects.filter(pk=cast.match.pk).update(status="vorgeschlagen", started_on=None)
    with pytest.raises(ValidationError):
        submit(cast)


def test_approval_tells_the_volunteer_by_mail_without_amount_or_purpose(
    cast: Cast, django_capture_on_commit_callbacks, mailoutbox
):
    auslage = submit(cast, betrag_cent=1234, zweck="Eintritt Kletterhalle")
    with django_capture_on_commit_callbacks(execute=True):
        services.auslage_approve(acting_user=cast.alice, auslage=auslage)
    auslage.refresh_from_db()
    assert auslage.status == St.GENEHMIGT and auslage.decided_by == cast.alice
    notice = Benachrichtigung.objects.get(recipient=cast.vera.user)
    assert notice.kind == "auslage_decided"
    assert [m.to for m in mailoutbox] == [["vera.wagner@example.org"]]
    mail = mailoutbox[0]
    assert "genehmigt" in mail.subject
    assert "12,34" not in mail.body and "Kletterhalle" not in mail.body and "Malik" not in mail.body
    with pytest.raises(ValidationError):  # decided once
        services.auslage_reject(acting_user=cast.alice, auslage=auslage, reason="doch nicht")


def test_a_refusal_needs_a_reason_and_is_mailed(
    cast: Cast, django_capture_on_commit_callbacks, mailoutbox
):
    auslage = submit(cast)
    with pytest.raises(ValidationError):
        services.auslage_reject(acting_user=cast.alice, auslage=auslage, reason="  ")
    with django_capture_on_commit_callbacks(execute=True):
        services.auslage_reject(acting_user=cast.alice, auslage=auslage, reason="Kein Beleg")
    assert "abgelehnt" in mailoutbox[0].subject and "Kein Beleg" not in mailoutbox[0].body


def test_coordinators_of_other_regions_and_others_cannot_decide(cast: Cast):
    auslage = submit(cast)
    for someone in (cast.bob, cast.staff_a, cast.vera.user, cast.otto.user):
        with pytest.raises(PermissionDenied):
            services.auslage_approve(acting_user=someone, auslage=auslage)
    auslage.refresh_from_db()
    assert auslage.status == St.EINGEREICHT


def test_every_write_is_audited_without_personal_data(cast: Cast):
    auslage = submit(cast, betrag_cent=1234, zweck="Eintritt Kletterhalle")
    services.auslage_approve(acting_user=cast.alice, auslage=auslage)
    events = list(AuditEvent.objects.filter(action__startswith="auslage.").order_by("pk"))
    assert [e.action for e in events] == ["auslage.create", "auslage.accept"]
    for event in events:
        assert event.details == {"art": "ticket", "month": "03.2026"}
        assert "Kletterhalle" not in str(event.details) and "1234" not in str(event.details)
