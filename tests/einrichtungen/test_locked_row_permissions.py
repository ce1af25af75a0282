"""Services decide on the row they lock, not on the instance the caller passed in.

Each test hands a service an instance changed in memory (a forged facility or region, a stale
move-out) and shows the service refuses and the stored record is unchanged (issue 10, 3).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from einrichtungen import services
from einrichtungen.models import Einrichtung, Einwilligung, Hilfeplangespraech, Jugendliche
from tests.einrichtungen.factories import HilfeplangespraechFactory

pytestmark = pytest.mark.django_db


def test_update_refuses_a_young_person_whose_facility_was_changed_in_memory(
    staff_a: Any, einrichtung_a: Any, jugendliche_b: Any
) -> None:
    forged = Jugendliche.objects.get(pk=jugendliche_b.pk)
    forged.einrichtung = einrichtung_a  # looks like staff A's own young person
    with pytest.raises(PermissionDenied):
        services.jugendliche_update(acting_user=staff_a, jugendliche=forged, interessen="gehackt")
    assert Jugendliche.objects.get(pk=jugendliche_b.pk).interessen == "Fußball, Zeichnen"


def test_staff_cannot_write_with_a_stale_instance_after_the_move_out(
    staff_a: Any, alice: Any, jugendliche_a: Any
) -> None:
    stale = Jugendliche.objects.get(pk=jugendliche_a.pk)  # read before the move-out
    services.jugendliche_auszug(
        acting_user=alice, jugendliche=jugendliche_a, auszug_am=timezone.localdate()
    )
    with pytest.raises(PermissionDenied):
        services.hilfeplangespraech_create(
            acting_user=staff_a,
            jugendliche=stale,
            datum=timezone.localdate(),
            teilnehmende="Bezugsbetreuerin",
        )
    with pytest.raises(PermissionDenied):
        services.einwilligung_create(
            acting_user=staff_a,
            jugendliche=stale,
            bereich=Einwilligung.Bereich.FORSCHUNG,
            inhaber=Einwilligung.Inhaber.VORMUND,
            erteilt_am=timezone.localdate(),
        )
    assert not Hilfeplangespraech.objects.filter(jugendliche=jugendliche_a).exists()
    assert not jugendliche_a.einwilligungen.filter(inhaber=Einwilligung.Inhaber.VORMUND).exists()


def test_revoke_refuses_a_consent_whose_young_person_was_swapped_in_memory(
    staff_a: Any, jugendliche_a: Any, jugendliche_b: Any
) -> None:
    forged = Einwilligung.objects.filter(jugendliche=jugendliche_b).first()
    assert forged is not None
    forged.jugendliche = jugendliche_a
    with pytest.raises(PermissionDenied):
        services.einwilligung_revoke(acting_user=staff_a, einwilligung=forged)
    assert Einwilligung.objects.get(pk=forged.pk).widerrufen_am is None


def test_hpg_update_refuses_a_conference_of_another_facility(
    staff_a: Any, jugendliche_a: Any, jugendliche_b: Any
) -> None:
    hpg = HilfeplangespraechFactory.create(jugendliche=jugendliche_b, datum=date(2026, 3, 10))
    forged = Hilfeplangespraech.objects.get(pk=hpg.pk)
    forged.jugendliche = jugendliche_a
    with pytest.raises(PermissionDenied):
        services.hilfeplangespraech_update(
            acting_user=staff_a, hilfeplangespraech=forged, ziele="überschrieben"
        )
    assert Hilfeplangespraech.objects.get(pk=hpg.pk).ziele == "Schulabschluss schaffen"


def test_anfrage_refuses_a_forged_young_person(
    staff_a: Any, einrichtung_a: Any, jugendliche_b: Any
) -> None:
    forged = Jugendliche.objects.get(pk=jugendliche_b.pk)
    forged.einrichtung = einrichtung_a
    with pytest.raises(PermissionDenied):
        services.anfrage_create(acting_user=staff_a, jugendliche=forged)
    assert not jugendliche_b.anfragen.exists()


def test_facility_update_decides_on_the_stored_region(
    alice: Any, region_a: Any, einrichtung_b: Any
) -> None:
    forged = Einrichtung.objects.get(pk=einrichtung_b.pk)
    forged.region = region_a  # alice's region, in memory only
    forged.region_id = region_a.pk
    with pytest.raises(PermissionDenied):
        services.einrichtung_update(acting_user=alice, einrichtung=forged, name="Übernommen")
    assert Einrichtung.objects.get(pk=einrichtung_b.pk).name == "Haus am See"


def test_move_out_refuses_a_young_person_moved_in_memory(
    staff_a: Any, einrichtung_a: Any, jugendliche_b: Any
) -> None:
    forged = Jugendliche.objects.get(pk=jugendliche_b.pk)
    forged.einrichtung = einrichtung_a
    with pytest.raises(PermissionDenied):
        services.jugendliche_auszug(
            acting_user=staff_a,
            jugendliche=forged,
            auszug_am=timezone.localdate() - timedelta(days=0),
        )
    assert Jugendliche.objects.get(pk=jugendliche_b.pk).auszug_am is None
