"""After the move-out the facility reads the record as it was on the move-out day (issue 10, 3).

Decided: the time of writing counts (not the date a record speaks of), in local time; the
move-out day itself still belongs to the stay (written up to 23:59 that day: shown), from the
next day on nothing is shown, even a conference dated earlier. Coordinators see everything.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from einrichtungen import selectors, services
from einrichtungen.models import Einwilligung, Fassung, Hilfeplangespraech, Jugendliche

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")
TODAY = timezone.localdate()
MOVE_OUT = TODAY - timedelta(days=3)
NEXT_DAY = MOVE_OUT + timedelta(days=1)


def _at(day, hour, minute=0):
    return datetime.combine(day, time(hour, minute), tzinfo=BERLIN)


def _written_at(moment, *, jugendliche=None, hpg=None):
    """Arrange when the last write happened (the services stamp 'now')."""
    versions = Fassung.objects.filter(jugendliche=jugendliche or hpg.jugendliche)
    versions = (
        versions.filter(hilfeplangespraech=hpg)
        if hpg
        else versions.filter(hilfeplangespraech__isnull=True)
    )
    last = versions.order_by("-erfasst_am", "-id").first()
    Fassung.objects.filter(pk=last.pk).update(erfasst_am=moment)


@pytest.fixture
def story(alice, einrichtung_a):
    """Lea's record, written over her stay, on the move-out day and after it."""
    lea = services.jugendliche_create(
        acting_user=alice, einrichtung=einrichtung_a, vorname="Lea", geburtsmonat=3,
        geburtsjahr=TODAY.year - 15, interessen="Fußball", wuensche="Radfahren",
    )  # fmt: skip
    Jugendliche.objects.filter(pk=lea.pk).update(created_at=_at(MOVE_OUT - timedelta(days=30), 9))
    _written_at(_at(MOVE_OUT - timedelta(days=30), 9), jugendliche=lea)
    consent = services.einwilligung_create(
        acting_user=alice, jugendliche=lea, bereich=Einwilligung.Bereich.TEILNAHME,
        inhaber=Einwilligung.Inhaber.SORGEBERECHTIGTE, erteilt_am=MOVE_OUT - timedelta(days=20),
    )  # fmt: skip
    Einwilligung.objects.filter(pk=consent.pk).update(
        created_at=_at(MOVE_OUT - timedelta(days=20), 9)
    )
    # the move-out day itself, late in the evening: still part of the stay
    services.jugendliche_update(acting_user=alice, jugendliche=lea, interessen="Schwimmen")
    _written_at(_at(MOVE_OUT, 23, 30), jugendliche=lea)
    same_day = services.hilfeplangespraech_create(
        acting_user=alice,
        jugendliche=lea,
        datum=MOVE_OUT,
        teilnehmende="Jugendamt",
        ziele="Ziel vom Auszugstag",
    )
    Hilfeplangespraech.objects.filter(pk=same_day.pk).update(created_at=_at(MOVE_OUT, 23, 30))
    _written_at(_at(MOVE_OUT, 23, 30), hpg=same_day)
    services.jugendliche_auszug(acting_user=alice, jugendliche=lea, auszug_am=MOVE_OUT)
    # from the next day on: hidden from the facility
    services.jugendliche_update(
        acting_user=alice, jugendliche=lea, interessen="Später: Klettern", wuensche="Später: Kochen"
    )
    _written_at(_at(NEXT_DAY, 0, 10), jugendliche=lea)
    dated_earlier = services.hilfeplangespraech_create(
        acting_user=alice, jugendliche=lea, datum=MOVE_OUT - timedelta(days=5),
        teilnehmende="Jugendamt", ziele="Später eingetragen",
    )  # fmt: skip
    Hilfeplangespraech.objects.filter(pk=dated_earlier.pk).update(created_at=_at(NEXT_DAY, 0, 10))
    services.hilfeplangespraech_update(
        acting_user=alice, hilfeplangespraech=same_day, ziele="Nachträglich geändert"
    )
    services.einwilligung_revoke(acting_user=alice, einwilligung=consent)  # today
    return lea, same_day, dated_earlier


def test_the_facility_sees_wishes_and_interests_as_on_the_move_out_day(client, staff_a, story):
    lea, _same_day, _later = story
    client.force_login(staff_a)
    page = client.get(reverse("einrichtungen:jugendliche_detail", args=[lea.pk])).content.decode()
    assert "Schwimmen" in page  # written on the move-out day itself
    assert "Radfahren" in page  # the wishes as they stood then
    assert "Fußball" not in page  # superseded before the move-out
    assert "Klettern" not in page and "Kochen" not in page  # written after it
    assert "widerrufen" not in page  # the consent was revoked only later


def test_the_facility_sees_conferences_as_on_the_move_out_day(client, staff_a, story):
    lea, same_day, dated_earlier = story
    client.force_login(staff_a)
    page = client.get(reverse("einrichtungen:jugendliche_detail", args=[lea.pk])).content.decode()
    assert reverse("einrichtungen:hilfeplangespraech_detail", args=[same_day.pk]) in page
    assert reverse("einrichtungen:hilfeplangespraech_detail", args=[dated_earlier.pk]) not in page
    detail = client.get(reverse("einrichtungen:hilfeplangespraech_detail", args=[same_day.pk]))
    assert "Ziel vom Auszugstag" in detail.content.decode()
    assert "Nachträglich geändert" not in detail.content.decode()
    later = client.get(reverse("einrichtungen:hilfeplangespraech_detail", args=[dated_earlier.pk]))
    assert later.status_code == 404


def test_both_sides_of_the_boundary(staff_a, story):
    lea, same_day, dated_earlier = story
    # one minute before midnight of the move-out day counts, ten minutes after does not
    seen = selectors.jugendliche_get_for(user=staff_a, pk=lea.pk)
    assert (seen.interessen, seen.wuensche) == ("Schwimmen", "Radfahren")
    conferences = selectors.hilfeplangespraech_list_for(user=staff_a, jugendliche=seen)
    assert [(c.pk, c.ziele) for c in conferences] == [(same_day.pk, "Ziel vom Auszugstag")]
    _written_at(_at(MOVE_OUT, 23, 59), jugendliche=lea)  # the later write, moved to the day itself
    seen = selectors.jugendliche_get_for(user=staff_a, pk=lea.pk)
    assert seen.interessen == "Später: Klettern"


def test_coordinators_see_the_current_record(client, alice, story):
    lea, same_day, dated_earlier = story
    client.force_login(alice)
    page = client.get(reverse("einrichtungen:jugendliche_detail", args=[lea.pk])).content.decode()
    assert "Klettern" in page and "Kochen" in page
    assert reverse("einrichtungen:hilfeplangespraech_detail", args=[dated_earlier.pk]) in page
    assert (
        Jugendliche.objects.get(pk=lea.pk).interessen == "Später: Klettern"
    )  # nothing was saved back


def test_other_facilities_and_anonymous_see_nothing(client, staff_b, story):
    lea, same_day, _later = story
    client.force_login(staff_b)
    assert client.get(reverse("einrichtungen:jugendliche_detail", args=[lea.pk])).status_code == 404
    client.logout()
    assert client.get(reverse("einrichtungen:jugendliche_detail", args=[lea.pk])).status_code == 302


def test_the_moved_out_page_keeps_its_query_count(
    client, staff_a, story, django_assert_max_num_queries
):
    lea, _same_day, _later = story
    client.force_login(staff_a)
    with django_assert_max_num_queries(25):
        assert (
            client.get(reverse("einrichtungen:jugendliche_detail", args=[lea.pk])).status_code
            == 200
        )


def _renamed_after_move_out(alice, lea, name):
    services.jugendliche_update(acting_user=alice, jugendliche=lea, vorname=name)
    _written_at(_at(NEXT_DAY, 8), jugendliche=lea)


def test_the_facility_start_lists_a_moved_out_young_person_by_the_name_it_knew(
    client, alice, staff_a, story
):
    lea, _same_day, _later = story
    _renamed_after_move_out(alice, lea, "Leandra")
    client.force_login(staff_a)
    page = client.get(reverse("einrichtungen:start")).content.decode()
    assert "Lea" in page and "Leandra" not in page
    client.force_login(alice)  # the coordinator reads the current record
    assert (
        "Leandra"
        in selectors.jugendliche_as_seen_by(
            user=alice, jugendliche=[Jugendliche.objects.get(pk=lea.pk)]
        )[0].vorname
    )


def test_the_facility_start_reads_the_old_names_in_one_query_for_all(
    client, alice, staff_a, einrichtung_a, story, django_assert_num_queries
):
    lea, _same_day, _later = story
    _renamed_after_move_out(alice, lea, "Leandra")
    client.force_login(staff_a)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("einrichtungen:start"))
    for n in range(3):
        other = services.jugendliche_create(
            acting_user=alice, einrichtung=einrichtung_a, vorname=f"Tom{n}", geburtsmonat=1,
            geburtsjahr=TODAY.year - 16,
        )  # fmt: skip
        Jugendliche.objects.filter(pk=other.pk).update(
            created_at=_at(MOVE_OUT - timedelta(days=9), 9)
        )
        _written_at(_at(MOVE_OUT - timedelta(days=9), 9), jugendliche=other)
        services.jugendliche_auszug(acting_user=alice, jugendliche=other, auszug_am=MOVE_OUT)
        _renamed_after_move_out(alice, other, f"Thomas{n}")
    with django_assert_num_queries(len(one.captured_queries)):
        page = client.get(reverse("einrichtungen:start")).content.decode()
    assert all(f"Tom{n}" in page and f"Thomas{n}" not in page for n in range(3))
