"""Writes on young people: permissions, validation with clear messages, nothing half-stored."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from einrichtungen.models import Anfrage, Einwilligung, Hilfeplangespraech, Jugendliche
from einrichtungen.services import (
    anfrage_create,
    anfrage_status_set,
    einwilligung_create,
    einwilligung_revoke,
    hilfeplangespraech_create,
    jugendliche_auszug,
    jugendliche_create,
    jugendliche_update,
)
from tests.einrichtungen.factories import B, EinwilligungFactory, I, JugendlicheFactory
from wegbegleitung.models import AuditEvent

THIS_YEAR = timezone.localdate().year
DATA = {"vorname": "Mika", "geburtsmonat": 4, "geburtsjahr": THIS_YEAR - 13}


def test_staff_enter_a_young_person_for_their_facility_with_audit(staff_a, einrichtung_a):
    j = jugendliche_create(acting_user=staff_a, einrichtung=einrichtung_a, **DATA)
    assert j.einrichtung == einrichtung_a and j.created_by == staff_a
    event = AuditEvent.objects.get(action="jugendliche.create")
    assert event.object_id == str(j.pk) and "Mika" not in str(event.details)


def test_staff_of_another_facility_cannot_enter_young_people(staff_b, einrichtung_a):
    with pytest.raises(PermissionDenied):
        jugendliche_create(acting_user=staff_b, einrichtung=einrichtung_a, **DATA)
    assert not Jugendliche.objects.exists()


def test_coordinator_only_of_own_region(alice, bob, einrichtung_a):
    jugendliche_create(acting_user=alice, einrichtung=einrichtung_a, **DATA)
    with pytest.raises(PermissionDenied):
        jugendliche_create(acting_user=bob, einrichtung=einrichtung_a, **DATA)


def test_no_surname_unless_turned_on(staff_a, einrichtung_a, settings):
    with pytest.raises(ValidationError) as exc:
        jugendliche_create(
            acting_user=staff_a, einrichtung=einrichtung_a, nachname="Müller", **DATA
        )
    assert "Nachnamen" in str(exc.value.message_dict["nachname"])
    settings.WB_JUGENDLICHE_NACHNAME = True
    j = jugendliche_create(
        acting_user=staff_a, einrichtung=einrichtung_a, nachname="Müller", **DATA
    )
    assert j.nachname == "Müller"


def test_no_diagnosis_field_exists():
    names = {f.name for f in Jugendliche._meta.get_fields()}
    assert not any("diagnos" in n for n in names)


def test_implausible_year_of_birth_is_refused_in_german(staff_a, einrichtung_a):
    with pytest.raises(ValidationError) as exc:
        jugendliche_create(
            acting_user=staff_a, einrichtung=einrichtung_a, **{**DATA, "geburtsjahr": 1950}
        )
    assert "Geburtsjahr" in str(exc.value.message_dict["geburtsjahr"])
    assert not Jugendliche.objects.exists()


def test_update_audits_field_names_only(staff_a, jugendliche_a):
    jugendliche_update(acting_user=staff_a, jugendliche=jugendliche_a, interessen="Musik")
    jugendliche_a.refresh_from_db()
    assert jugendliche_a.interessen == "Musik"
    event = AuditEvent.objects.get(action="jugendliche.update")
    assert event.details == {"fields": ["interessen"]}


def test_request_blocked_by_missing_consents_with_message_saying_which(staff_a, einrichtung_a):
    j = JugendlicheFactory.create(einrichtung=einrichtung_a)
    EinwilligungFactory.create(jugendliche=j, bereich=B.TEILNAHME)
    with pytest.raises(ValidationError) as exc:
        anfrage_create(acting_user=staff_a, jugendliche=j)
    message = " ".join(exc.value.messages)
    assert "Weitergabe von Daten an die Wegbegleiter:in" in message
    assert "Teilnahme" not in message
    assert not Anfrage.objects.exists()


def test_request_for_sixteen_year_old_needs_own_consent(staff_a, einrichtung_a):
    j = JugendlicheFactory.create(einrichtung=einrichtung_a, sixteen=True)
    for b in (B.TEILNAHME, B.DATENWEITERGABE):
        EinwilligungFactory.create(jugendliche=j, bereich=b, inhaber=I.SORGEBERECHTIGTE)
    with pytest.raises(ValidationError) as exc:
        anfrage_create(acting_user=staff_a, jugendliche=j)
    assert "sowie die:der Jugendliche selbst" in " ".join(exc.value.messages)


def test_one_open_request_per_young_person(staff_a, jugendliche_a):
    anfrage = anfrage_create(acting_user=staff_a, jugendliche=jugendliche_a, bemerkung="bald")
    assert anfrage.status == Anfrage.Status.OFFEN
    with pytest.raises(ValidationError, match="bereits eine offene Anfrage"):
        anfrage_create(acting_user=staff_a, jugendliche=jugendliche_a)
    anfrage_status_set(acting_user=staff_a, anfrage=anfrage, status=Anfrage.Status.ZURUECKGEZOGEN)
    anfrage_create(acting_user=staff_a, jugendliche=jugendliche_a)
    assert Anfrage.objects.count() == 2


def test_request_state_machine(staff_a, alice, bob, jugendliche_a):
    anfrage = anfrage_create(acting_user=staff_a, jugendliche=jugendliche_a)
    with pytest.raises(PermissionDenied):  # staff may only withdraw
        anfrage_status_set(acting_user=staff_a, anfrage=anfrage, status=Anfrage.Status.GESCHLOSSEN)
    with pytest.raises(PermissionDenied):  # coordinator of another region
        anfrage_status_set(acting_user=bob, anfrage=anfrage, status=Anfrage.Status.GESCHLOSSEN)
    anfrage_status_set(acting_user=alice, anfrage=anfrage, status=Anfrage.Status.IN_BEARBEITUNG)
    anfrage = anfrage_status_set(
        acting_user=alice, anfrage=anfrage, status=Anfrage.Status.GESCHLOSSEN
    )
    assert anfrage.abgeschlossen_am is not None
    with pytest.raises(ValidationError, match="kann nicht"):
        anfrage_status_set(acting_user=alice, anfrage=anfrage, status=Anfrage.Status.OFFEN)
    anfrage.refresh_from_db()
    assert anfrage.status == Anfrage.Status.GESCHLOSSEN


def test_waiting_time_runs_from_the_request(jugendliche_a, staff_a):
    anfrage = anfrage_create(acting_user=staff_a, jugendliche=jugendliche_a)
    assert anfrage.wartezeit_tage(now=anfrage.angefragt_am + timedelta(days=12, hours=3)) == 12


def test_consent_holder_must_fit_the_age(staff_a, jugendliche_a):
    with pytest.raises(ValidationError) as exc:
        einwilligung_create(
            acting_user=staff_a,
            jugendliche=jugendliche_a,
            bereich=B.FORSCHUNG,
            inhaber=I.JUGENDLICHE,
            erteilt_am=timezone.localdate(),
        )
    assert "ab 16" in str(exc.value.message_dict["inhaber"])


def test_consent_cannot_be_recorded_twice_or_in_future(staff_a, jugendliche_a):
    with pytest.raises(ValidationError, match="bereits erfasst"):
        einwilligung_create(
            acting_user=staff_a,
            jugendliche=jugendliche_a,
            bereich=B.TEILNAHME,
            inhaber=I.SORGEBERECHTIGTE,
            erteilt_am=date(2024, 1, 1),
        )
    with pytest.raises(ValidationError, match="Zukunft"):
        einwilligung_create(
            acting_user=staff_a,
            jugendliche=jugendliche_a,
            bereich=B.TEILNAHME,
            inhaber=I.VORMUND,
            erteilt_am=timezone.localdate() + timedelta(days=1),
        )


def test_revocation_is_once_and_audited(staff_a, jugendliche_a):
    e = jugendliche_a.einwilligungen.get(bereich=B.DATENWEITERGABE)
    einwilligung_revoke(acting_user=staff_a, einwilligung=e)
    e.refresh_from_db()
    assert e.widerrufen_am is not None
    with pytest.raises(ValidationError, match="bereits widerrufen"):
        einwilligung_revoke(acting_user=staff_a, einwilligung=e)
    assert AuditEvent.objects.filter(action="einwilligung.revoke").count() == 1


def _hpg(**kwargs):
    return {"datum": date(2026, 3, 1), "ziele": "Ausbildung", **kwargs}


def test_hpg_mentor_invitation_and_sharing_need_consents(staff_a, einrichtung_a):
    j = JugendlicheFactory.create(einrichtung=einrichtung_a)
    EinwilligungFactory.create(jugendliche=j, bereich=B.TEILNAHME)
    with pytest.raises(ValidationError) as exc:
        hilfeplangespraech_create(
            acting_user=staff_a,
            jugendliche=j,
            **_hpg(wegbegleiter_eingeladen=True, mit_wegbegleitung_geteilt=True),
        )
    errors = exc.value.message_dict
    assert "Wegbegleiter:in im Hilfeplangespräch" in errors["wegbegleiter_eingeladen"][0]
    assert "Weitergabe von Daten" in errors["mit_wegbegleitung_geteilt"][0]
    assert not Hilfeplangespraech.objects.exists()


def test_hpg_attendance_needs_invitation_and_review_after_date(staff_a, jugendliche_a):
    with pytest.raises(ValidationError) as exc:
        hilfeplangespraech_create(
            acting_user=staff_a,
            jugendliche=jugendliche_a,
            **_hpg(wegbegleiter_teilgenommen=True, naechste_ueberpruefung=date(2026, 2, 1)),
        )
    assert set(exc.value.message_dict) == {"wegbegleiter_teilgenommen", "naechste_ueberpruefung"}
    hpg = hilfeplangespraech_create(
        acting_user=staff_a,
        jugendliche=jugendliche_a,
        **_hpg(wegbegleiter_eingeladen=True, mit_wegbegleitung_geteilt=True),
    )
    assert hpg.mit_wegbegleitung_geteilt


def test_after_move_out_the_facility_writes_nothing_new(staff_a, alice, jugendliche_a):
    jugendliche_auszug(
        acting_user=staff_a, jugendliche=jugendliche_a, auszug_am=timezone.localdate()
    )
    jugendliche_a.refresh_from_db()
    for write in (
        lambda: jugendliche_update(acting_user=staff_a, jugendliche=jugendliche_a, vorname="X"),
        lambda: anfrage_create(acting_user=staff_a, jugendliche=jugendliche_a),
        lambda: hilfeplangespraech_create(acting_user=staff_a, jugendliche=jugendliche_a, **_hpg()),
        lambda: einwilligung_revoke(
            acting_user=staff_a, einwilligung=jugendliche_a.einwilligungen.first()
        ),
    ):
        with pytest.raises(PermissionDenied):
            write()
    # the coordination carries on (care-leaver phase)
    hilfeplangespraech_create(acting_user=alice, jugendliche=jugendliche_a, **_hpg())


def test_move_out_before_entry_is_refused(staff_a, jugendliche_a):
    with pytest.raises(ValidationError):
        jugendliche_auszug(
            acting_user=staff_a, jugendliche=jugendliche_a, auszug_am=date(2000, 1, 1)
        )
    jugendliche_a.refresh_from_db()
    assert jugendliche_a.auszug_am is None
    assert Einwilligung.objects.filter(jugendliche=jugendliche_a).count() == len(
        Einwilligung.Bereich
    )
