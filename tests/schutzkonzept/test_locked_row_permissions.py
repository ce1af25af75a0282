"""Safeguarding services decide on the stored volunteer row, not on the caller's instance."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from schutzkonzept.models import Antragsbestaetigung, Fuehrungszeugnis, Schutzschulung
from schutzkonzept.services.certificates import (
    antragsbestaetigung_create,
    fuehrungszeugnis_record,
    schutzschulung_record,
)
from wegbegleitung.models import Wegbegleiter

pytestmark = pytest.mark.django_db


@pytest.fixture
def forged(wb_b, region_a):
    """Bob's region's volunteer, moved into alice's region in memory only."""
    copy = Wegbegleiter.objects.get(pk=wb_b.pk)
    copy.region = region_a
    copy.region_id = region_a.pk
    return copy


def test_a_certificate_is_not_recorded_for_a_volunteer_moved_in_memory(alice, forged):
    with pytest.raises(PermissionDenied):
        fuehrungszeugnis_record(
            acting_user=alice,
            wegbegleiter=forged,
            issued_on=timezone.localdate() - timedelta(days=5),
            relevant_conviction=False,
        )
    assert not Fuehrungszeugnis.objects.exists()


def test_a_training_is_not_recorded_for_a_volunteer_moved_in_memory(alice, forged):
    with pytest.raises(PermissionDenied):
        schutzschulung_record(
            acting_user=alice, wegbegleiter=forged, attended_on=timezone.localdate()
        )
    assert not Schutzschulung.objects.exists()


def test_a_letter_is_not_made_for_a_volunteer_moved_in_memory(alice, forged):
    with pytest.raises(PermissionDenied):
        antragsbestaetigung_create(acting_user=alice, wegbegleiter=forged)
    assert not Antragsbestaetigung.objects.exists()
