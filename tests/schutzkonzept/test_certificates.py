"""Recording certificate inspections: the dates, the type by country, who may."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from schutzkonzept.models import Fuehrungszeugnis, Zeugnisart
from schutzkonzept.services.certificates import fuehrungszeugnis_record, schutzschulung_record
from tests.schutzkonzept.factories import make_wegbegleiter
from wegbegleitung.models import AuditEvent

INSPECTION = date(2026, 5, 15)


def _record(user, wegbegleiter, issued_on, inspected_on=INSPECTION, conviction=False):
    return fuehrungszeugnis_record(
        acting_user=user,
        wegbegleiter=wegbegleiter,
        issued_on=issued_on,
        inspected_on=inspected_on,
        relevant_conviction=conviction,
    )


def test_a_certificate_three_months_and_one_day_old_is_refused(alice, wb_a):
    with pytest.raises(ValidationError) as excinfo:
        _record(alice, wb_a, issued_on=date(2026, 2, 14))
    assert "3" in str(excinfo.value) and "15.02.2026" in str(excinfo.value)
    assert not Fuehrungszeugnis.objects.exists()


def test_a_certificate_exactly_three_months_old_is_accepted(alice, wb_a):
    zeugnis = _record(alice, wb_a, issued_on=date(2026, 2, 15))
    assert zeugnis.inspected_by == alice and zeugnis.inspected_on == INSPECTION


def test_month_end_inspection_accepts_the_clamped_date(alice, wb_a):
    # three months before 31 May is 28 February (2026 has no 29 February)
    _record(alice, wb_a, issued_on=date(2026, 2, 28), inspected_on=date(2026, 5, 31))
    with pytest.raises(ValidationError):
        _record(alice, wb_a, issued_on=date(2026, 2, 27), inspected_on=date(2026, 5, 31))


def test_the_maximum_age_is_a_setting(alice, wb_a, settings):
    settings.WB_CERTIFICATE_MAX_AGE_MONTHS = 1
    with pytest.raises(ValidationError):
        _record(alice, wb_a, issued_on=date(2026, 4, 14))


@pytest.mark.parametrize(
    ("issued", "inspected"),
    [
        (date(2026, 5, 16), date(2026, 5, 15)),  # issued after the inspection
        (None, None),  # inspection in the future
    ],
)
def test_impossible_dates_are_refused(alice, wb_a, issued, inspected):
    if inspected is None:
        inspected = timezone.localdate() + timedelta(days=1)
        issued = timezone.localdate()
    with pytest.raises(ValidationError):
        _record(alice, wb_a, issued_on=issued, inspected_on=inspected)
    assert not Fuehrungszeugnis.objects.exists()


def test_the_type_follows_the_regions_country(alice, region_at, region_ch, wb_a):
    admin = alice
    admin.is_superuser = True
    admin.save()
    at = make_wegbegleiter(region_at, email="at@example.org")
    ch = make_wegbegleiter(region_ch, email="ch@example.org")
    issued = INSPECTION - timedelta(days=5)
    assert _record(admin, wb_a, issued).art == Zeugnisart.DE_EFZ
    assert _record(admin, at, issued).art == Zeugnisart.AT_SRB
    assert _record(admin, ch, issued).art == Zeugnisart.CH_SPA


def test_a_coordinator_of_another_region_may_not_record(bob, wb_a, volunteer, staff_a):
    for user in (bob, volunteer, staff_a):
        with pytest.raises(PermissionDenied):
            _record(user, wb_a, issued_on=INSPECTION)
    assert not Fuehrungszeugnis.objects.exists()


def test_nothing_but_the_allowed_facts_can_be_stored():
    """§ 72a(5) SGB VIII: inspection (who, when), date of issue, relevant conviction yes/no."""
    fields = {f.name for f in Fuehrungszeugnis._meta.get_fields()}
    assert fields == {
        "id",
        "wegbegleiter",
        "art",
        "inspected_on",
        "inspected_by",
        "issued_on",
        "relevant_conviction",
        "recorded_at",
    }


def test_the_audit_event_holds_no_certificate_data(alice, wb_a):
    zeugnis = _record(alice, wb_a, issued_on=date(2026, 3, 1), conviction=True)
    event = AuditEvent.objects.get(action="fuehrungszeugnis.record")
    assert event.object_id == str(zeugnis.pk)
    assert event.details == {"wegbegleiter": wb_a.pk}


def test_training_is_recorded_with_date_and_not_in_advance(alice, wb_a, bob):
    today = timezone.localdate()
    schulung = schutzschulung_record(acting_user=alice, wegbegleiter=wb_a, attended_on=today)
    assert schulung.recorded_by == alice
    with pytest.raises(ValidationError):
        schutzschulung_record(
            acting_user=alice, wegbegleiter=wb_a, attended_on=today + timedelta(days=1)
        )
    with pytest.raises(PermissionDenied):
        schutzschulung_record(acting_user=bob, wegbegleiter=wb_a, attended_on=today)
