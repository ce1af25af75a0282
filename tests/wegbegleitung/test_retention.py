"""The retention schedule: every kind on both sides of its deadline (the day before: kept; on
the day: gone), the dry run changes nothing, the command prints per kind, one beat entry.

Deadlines are worked out by hand in each test (calendar months counted from the record's day).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from einrichtungen.models import Jugendliche
from forschung.models import Welle
from matching.models import Abschluss, Begleitung, Treffen
from nachweise.models import Nachweis
from schutzkonzept.models import Fuehrungszeugnis
from tests.conftest import need_postgresql
from tests.einrichtungen.factories import HilfeplangespraechFactory, JugendlicheFactory
from tests.forschung.factories import published
from tests.schutzkonzept.factories import FuehrungszeugnisFactory, make_wegbegleiter
from tests.wegbegleitung.data_subject_scene import close
from tests.wegbegleitung.factories import complete_application
from wegbegleitung.models import AuditEvent, Benachrichtigung, Bewerbung, Export, Wegbegleiter
from wegbegleitung.retention import kinds, months_back
from wegbegleitung.services.retention import retention_apply, retention_preview

KINDS = {"certificates", "applicants", "certificates_of_engagement", "matches", "young_people",
         "study_answers", "notifications", "exports", "audit", "expenses",
         "erasure_requests", "concerns", "suspensions", "network_requests",
         "network_registrations"}  # fmt: skip


def at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12)))


def counts(today: date) -> dict[str, int]:
    return {o.key: o.count for o in retention_apply(today=today)}


def test_every_kind_is_registered_with_its_setting(settings: Any) -> None:
    assert {k.key for k in kinds()} == KINDS
    for kind in kinds():
        for name in kind.setting.split(", "):
            assert hasattr(settings, name), name
    assert settings.CELERY_BEAT_SCHEDULE["retention-daily"]["task"] == (
        "wegbegleitung.tasks.apply_retention"
    )


def test_months_back_counts_calendar_months() -> None:
    assert months_back(date(2027, 9, 15), 6) == date(2027, 3, 15)
    assert months_back(date(2027, 3, 31), 1) == date(2027, 2, 28)  # February is shorter
    assert months_back(date(2027, 1, 10), 36) == date(2024, 1, 10)


def test_applicants_declined_go_after_six_months(region_a: Any) -> None:
    declined = make_wegbegleiter(region_a, email="declined@example.org", status="abgelehnt")
    complete_application(declined)
    withdrawn = make_wegbegleiter(region_a, email="withdrawn@example.org", status="ausgeschieden")
    mentor = make_wegbegleiter(region_a, email="mentored@example.org", status="ausgeschieden",
                               activity_started_on=date(2025, 1, 1))  # fmt: skip
    Wegbegleiter.objects.update(status_since=at(date(2027, 3, 15)))
    # decided 15.03.2027 + 6 months = 15.09.2027
    assert counts(date(2027, 9, 14))["applicants"] == 0
    assert Bewerbung.objects.filter(wegbegleiter=declined).exists()
    assert counts(date(2027, 9, 15))["applicants"] == 2
    assert not Bewerbung.objects.filter(wegbegleiter=declined).exists()
    gone = Wegbegleiter.objects.get(pk=withdrawn.pk).user
    assert (gone.is_active, gone.first_name) == (False, "")
    assert "withdrawn" not in gone.email
    assert Wegbegleiter.objects.get(pk=mentor.pk).user.is_active  # has mentored: not this rule


def test_certificates_follow_their_own_rules_in_the_schedule(region_a: Any) -> None:
    declined = make_wegbegleiter(region_a, email="z@example.org", status="abgelehnt")
    FuehrungszeugnisFactory(wegbegleiter=declined, inspected_on=date(2027, 3, 1))
    Wegbegleiter.objects.filter(pk=declined.pk).update(status_since=at(date(2027, 4, 10)))
    # left without activity on 10.04.2027: deleted that day
    assert counts(date(2027, 4, 9))["certificates"] == 0
    assert counts(date(2027, 4, 10))["certificates"] == 1
    assert not Fuehrungszeugnis.objects.exists()


def test_closed_matches_lose_their_diary_after_36_months(designed: dict[str, Any],
                                                          alice: Any) -> None:  # fmt: skip
    begleitung = designed["begleitung"]
    close(alice, begleitung)
    # the day contact ended, as the coordinator entered it: 15.01.2027
    Abschluss.objects.filter(begleitung=begleitung).update(beendet_am=date(2027, 1, 15))
    deadline = date(2030, 1, 15)  # + 36 months
    assert counts(deadline - timedelta(days=1))["matches"] == 0
    assert Treffen.objects.filter(begleitung=begleitung).exists()
    assert counts(deadline)["matches"] == 1
    assert not Treffen.objects.filter(begleitung=begleitung).exists()
    kept = Begleitung.objects.get(pk=begleitung.pk)  # the bare match stays for the reports
    assert kept.status == Begleitung.Status.BEENDET and kept.abschluss.gespraech_jugendliche == ""
    assert counts(deadline)["matches"] == 0  # nothing left to do the next night


def test_young_people_are_erased_36_months_after_leaving_and_the_last_match(
    einrichtung_a: Any,
) -> None:
    left = JugendlicheFactory(
        einrichtung=einrichtung_a, vorname="Mira", auszug_am=date(2027, 5, 20)
    )
    HilfeplangespraechFactory(jugendliche=left)
    staying = JugendlicheFactory(einrichtung=einrichtung_a, vorname="Noah")
    # moved out 20.05.2027 + 36 months = 20.05.2030
    assert counts(date(2030, 5, 19))["young_people"] == 0
    assert Jugendliche.objects.get(pk=left.pk).vorname == "Mira"
    assert counts(date(2030, 5, 20))["young_people"] == 1
    erased = Jugendliche.objects.get(pk=left.pk)
    assert (erased.vorname, erased.interessen, erased.hilfeplangespraeche.count()) == ("—", "", 0)
    assert Jugendliche.objects.get(pk=staying.pk).vorname == "Noah"


def test_a_young_persons_open_match_keeps_the_record(designed: dict[str, Any]) -> None:
    young = designed["jugendliche"]
    Jugendliche.objects.filter(pk=young.pk).update(auszug_am=date(2020, 1, 1))
    assert counts(date(2040, 1, 1))["young_people"] == 0  # the match still runs
    assert Jugendliche.objects.get(pk=young.pk).vorname == "Yasmina"


def test_study_waves_go_twelve_years_after_they_were_due(designed: dict[str, Any],
                                                          alice: Any) -> None:  # fmt: skip
    instrument = published(alice)
    Welle.objects.create(
        begleitung=designed["begleitung"], seite=Welle.Seite.MENTOR, instrument=instrument,
        code=instrument.code, nummer=0, faellig_am=date(2027, 2, 1),
        laeuft_ab_am=date(2027, 4, 1),
    )  # fmt: skip
    # due 01.02.2027 + 144 months (10 study years + 2) = 01.02.2039
    assert counts(date(2039, 1, 31))["study_answers"] == 0
    assert counts(date(2039, 2, 1))["study_answers"] == 1
    assert not Welle.objects.exists()


def test_certificates_of_engagement_of_deleted_accounts_go_after_12_months(region_a: Any) -> None:
    person = make_wegbegleiter(region_a, email="n@example.org", status="ausgeschieden",
                               activity_started_on=date(2025, 1, 1),
                               activity_ended_on=date(2027, 6, 10))  # fmt: skip
    person.user.is_active = False
    person.user.save()
    Nachweis.objects.create(wegbegleiter=person, period_from=date(2025, 1, 1),
                            period_to=date(2027, 6, 10))  # fmt: skip
    # left 10.06.2027 + 12 months = 10.06.2028 is the last day within the retention
    assert counts(date(2028, 6, 10))["certificates_of_engagement"] == 0
    assert counts(date(2028, 6, 11))["certificates_of_engagement"] == 1
    assert not Nachweis.objects.exists()


def test_notifications_go_after_180_days(volunteer: Any, settings: Any) -> None:
    def notice(day: date, status: str) -> Benachrichtigung:
        return Benachrichtigung.objects.create(
            recipient=volunteer, kind="test", subject_type="x", subject_id=1, period=status,
            created_at=at(day), status=status,
            sent_at=at(day) if status == Benachrichtigung.Status.GESENDET else None,
        )  # fmt: skip

    sent = notice(date(2027, 1, 10), Benachrichtigung.Status.GESENDET)
    waiting = notice(date(2027, 1, 10), Benachrichtigung.Status.OFFEN)
    # 10.01.2027 + 180 days = 09.07.2027
    assert counts(date(2027, 7, 8))["notifications"] == 0
    assert counts(date(2027, 7, 9))["notifications"] == 1
    assert not Benachrichtigung.objects.filter(pk=sent.pk).exists()
    assert Benachrichtigung.objects.filter(pk=waiting.pk).exists()  # still to be mailed


def test_audit_events_go_after_48_months(db: Any) -> None:
    AuditEvent.objects.create(action="test.old", at=at(date(2027, 2, 10)))
    # 10.02.2027 + 48 months = 10.02.2031
    assert counts(date(2031, 2, 9))["audit"] == 0
    assert AuditEvent.objects.filter(action="test.old").exists()
    assert counts(date(2031, 2, 10))["audit"] == 1
    assert not AuditEvent.objects.filter(action="test.old").exists()
    # the run itself is recorded (kind and count only)
    assert AuditEvent.objects.filter(action="retention.apply", details__kind="audit").exists()


def test_audit_events_stay_append_only_outside_the_schedule(db: Any) -> None:
    need_postgresql("the audit table's trigger")
    from django.db import DatabaseError, transaction

    event = AuditEvent.objects.create(action="test.keep")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()


def test_export_files_go_after_24_hours(alice: Any) -> None:
    now = timezone.now()
    young = Export.objects.create(source="s", format="csv", requested_by=alice,
                                  created_at=now - timedelta(hours=23), status="done")  # fmt: skip
    old = Export.objects.create(source="s", format="csv", requested_by=alice,
                                created_at=now - timedelta(hours=25), status="done")  # fmt: skip
    assert counts(timezone.localdate())["exports"] == 1
    assert Export.objects.get(pk=old.pk).status == Export.Status.EXPIRED
    assert Export.objects.get(pk=young.pk).status != Export.Status.EXPIRED


def test_the_dry_run_counts_and_changes_nothing(region_a: Any, volunteer: Any) -> None:
    make_wegbegleiter(region_a, email="declined@example.org", status="abgelehnt")
    Wegbegleiter.objects.update(status_since=at(date(2027, 3, 15)))
    AuditEvent.objects.create(action="test.old", at=at(date(2020, 1, 1)))
    before = (AuditEvent.objects.count(), Wegbegleiter.objects.filter(user__is_active=True).count())
    out = StringIO()
    call_command("retention", "--dry-run", "--today", "2031-02-10", stdout=out)
    text = out.getvalue()
    assert (
        "applicants: would delete 2 (WB_RETENTION_APPLICANT_MONTHS)" not in text
    )  # vera is active
    assert "applicants: would delete 1 (WB_RETENTION_APPLICANT_MONTHS)" in text
    assert "audit: would delete" in text
    after = (AuditEvent.objects.count(), Wegbegleiter.objects.filter(user__is_active=True).count())
    assert before == after
    preview = {o.key: o.count for o in retention_preview(today=date(2031, 2, 10))}
    assert preview["applicants"] == 1 and set(preview) == KINDS


def test_a_failing_kind_leaves_the_others_done(db: Any) -> None:
    from wegbegleitung.retention import Kind, register, unregister

    def broken(today: date) -> int:
        AuditEvent.objects.create(action="test.half_done")  # rolled back with the kind
        raise RuntimeError("disk full")

    AuditEvent.objects.create(action="test.old", at=at(date(2020, 1, 1)))
    register(Kind("broken", "broken", "WB_RETENTION_AUDIT_MONTHS", lambda today: 0, broken, 1))
    try:
        done = counts(date(2031, 2, 10))
    finally:
        unregister("broken")
    assert "broken" not in done and done["audit"] == 1
    assert not AuditEvent.objects.filter(action="test.half_done").exists()
