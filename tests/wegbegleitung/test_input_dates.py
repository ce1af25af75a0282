"""The date plausibility rules on real calendar days, at their boundaries; and the services
refusing (admin and imports call them without a form)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from einrichtungen import plausibility as ep
from matching import plausibility as mp
from wegbegleitung.validation import PlausibleDate, add_months, check_between, check_text

D = date


def refused(check: Any, *args: Any, **kwargs: Any) -> bool:
    try:
        check(*args, **kwargs)
    except ValidationError:
        return True
    return False


def test_add_months_clamps_to_month_end_and_calendar_range() -> None:
    assert add_months(D(2025, 8, 31), 6) == D(2026, 2, 28)
    assert add_months(D(1, 2, 1), -3) == date.min
    assert add_months(D(9999, 12, 1), 1) == date.max


def test_check_between_includes_both_ends() -> None:
    assert not refused(check_between, D(2026, 1, 1), earliest=D(2026, 1, 1), latest=D(2026, 1, 1))
    assert refused(check_between, D(2025, 12, 31), earliest=D(2026, 1, 1), latest=None)
    assert refused(check_between, D(2026, 1, 2), earliest=None, latest=D(2026, 1, 1))


def test_plausible_date_allows_today_and_the_horizons_last_day() -> None:
    today = timezone.localdate()
    rule = PlausibleDate(past_years=10, future_years=2)
    for ok in (today, add_months(today, -120), add_months(today, 24)):
        assert not refused(rule, ok)
    for bad in (add_months(today, -120) - timedelta(days=1), add_months(today, 24) + timedelta(1)):
        assert refused(rule, bad)
    assert refused(PlausibleDate(past_years=10), today + timedelta(days=1))


def test_text_with_nul_or_over_the_limit_is_refused() -> None:
    assert refused(check_text, "a\x00b", max_length=10)
    assert refused(check_text, "x" * 11, max_length=10)
    assert not refused(check_text, "x" * 10, max_length=10)


def test_diary_entry_within_the_matchs_running_time() -> None:
    start, today = D(2026, 3, 10), D(2026, 11, 30)
    check = mp.check_treffen_datum
    assert not refused(check, start, started_on=start, ended_on=None, today=today)
    assert not refused(check, today, started_on=start, ended_on=None, today=today)
    assert refused(check, start - timedelta(days=1), started_on=start, ended_on=None, today=today)
    assert refused(check, today + timedelta(days=1), started_on=start, ended_on=None, today=today)
    end = D(2026, 6, 30)
    assert not refused(check, end, started_on=start, ended_on=end, today=today)
    assert refused(check, end + timedelta(days=1), started_on=start, ended_on=end, today=today)


def test_contact_closure_and_introduction_dates() -> None:
    start, today = D(2026, 3, 10), D(2026, 11, 30)
    assert refused(mp.check_kontakt_datum, D(2026, 3, 9), started_on=start, today=today)
    assert not refused(mp.check_kontakt_datum, start, started_on=start, today=today)
    assert refused(mp.check_beendet_am, D(1, 1, 1), began_on=start, today=today)
    assert not refused(mp.check_beendet_am, today, began_on=start, today=today)
    proposed = D(2026, 5, 31)
    assert not refused(
        mp.check_kennenlernen_datum, D(2026, 2, 28), proposed_on=proposed, today=today
    )
    assert refused(mp.check_kennenlernen_datum, D(2026, 2, 27), proposed_on=proposed, today=today)


def test_birth_month_within_27_years_and_not_in_the_future() -> None:
    today = D(2026, 11, 30)
    assert not refused(ep.check_birth, geburtsjahr=2026, geburtsmonat=11, today=today)
    assert refused(ep.check_birth, geburtsjahr=2026, geburtsmonat=12, today=today)
    assert not refused(ep.check_birth, geburtsjahr=1999, geburtsmonat=1, today=today)
    assert refused(ep.check_birth, geburtsjahr=1998, geburtsmonat=12, today=today)


def test_help_plan_conference_after_birth_and_not_years_ahead() -> None:
    born, today = D(2012, 5, 1), D(2026, 11, 30)
    kw = {"born": born, "today": today, "months_ahead": 12, "review_months": 24}
    ok = ep.check_hpg_dates
    assert not refused(ok, datum=born, naechste_ueberpruefung=None, **kw)
    assert refused(ok, datum=D(2012, 4, 30), naechste_ueberpruefung=None, **kw)
    assert not refused(ok, datum=D(2027, 11, 30), naechste_ueberpruefung=None, **kw)
    assert refused(ok, datum=D(2027, 12, 1), naechste_ueberpruefung=None, **kw)
    assert not refused(ok, datum=today, naechste_ueberpruefung=D(2028, 11, 30), **kw)
    assert refused(ok, datum=today, naechste_ueberpruefung=D(2028, 12, 1), **kw)
    assert refused(ok, datum=today, naechste_ueberpruefung=D(2026, 11, 29), **kw)


def test_consent_and_move_out_dates() -> None:
    born, today = D(2012, 5, 1), D(2026, 11, 30)
    assert refused(ep.check_consent_date, erteilt_am=D(2012, 4, 30), born=born, today=today)
    assert refused(ep.check_consent_date, erteilt_am=D(2026, 12, 1), born=born, today=today)
    assert not refused(ep.check_consent_date, erteilt_am=today, born=born, today=today)
    entered = D(2025, 1, 1)
    assert refused(ep.check_auszug, auszug_am=D(2024, 12, 31), entered=entered, today=today)
    assert not refused(ep.check_auszug, auszug_am=D(2027, 11, 30), entered=entered, today=today)
    assert refused(ep.check_auszug, auszug_am=D(9999, 12, 31), entered=entered, today=today)


# --- the services refuse, and store nothing ----------------------------------------------------


@pytest.mark.django_db
def test_diary_service_refuses_a_day_before_the_match_began(
    alice: Any, staff_a: Any, einrichtung_a: Any, region_a: Any
) -> None:
    from matching import services
    from matching.models import Treffen
    from tests.matching.factories import make_active, make_anfrage, make_mentor

    mentor = make_mentor(region_a, email="m@example.org")
    begleitung = make_active(alice, staff_a, make_anfrage(einrichtung_a), mentor)
    with pytest.raises(ValidationError):
        services.treffen_create(
            acting_user=mentor.user, begleitung=begleitung,
            datum=begleitung.started_on - timedelta(days=1),
            dauer_minuten=60, art="persoenlich", aktivitaet="Kino", stimmung="gut",
        )  # fmt: skip
    assert not Treffen.objects.exists()


@pytest.mark.django_db
def test_certificate_inspected_in_year_one_is_refused_not_a_crash(
    alice: Any, client: Any, region_a: Any
) -> None:
    """On main the calendar arithmetic raised ValueError: a server error in the admin."""
    from schutzkonzept.models import Fuehrungszeugnis
    from tests.schutzkonzept.factories import make_wegbegleiter

    wb = make_wegbegleiter(region_a, email="w@example.org")
    client.force_login(alice)
    response = client.post(
        "/admin/schutzkonzept/fuehrungszeugnis/add/",
        {"wegbegleiter": wb.pk, "inspected_on": "0001-01-02", "issued_on": "0001-01-01"},
    )
    assert response.status_code == 200
    assert "Bitte ein Datum ab dem" in response.content.decode()
    assert not Fuehrungszeugnis.objects.exists()
