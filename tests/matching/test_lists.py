"""The match lists give the same answers as the rules read from every contact and diary entry:
last contact, last review, last diary entry, due dates and silent diaries, on designed matches
(no contact yet, the care-leaver rhythm, ended and paused matches, another region)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from arbeitsplatz.selectors import board_for
from matching import lists, schedule, services
from matching.models import Begleitung, Partei, Treffen, Unterstuetzungskontakt
from matching.uebersicht import uebersicht_for
from tests.factories import make_user
from tests.matching.factories import (
    confirm_all,
    make_active,
    make_anfrage,
    make_mentor,
    propose,
    to_agreement,
)

pytestmark = pytest.mark.django_db
S = Begleitung.Status


def _ago(days: int) -> date:
    return timezone.localdate() - timedelta(days=days)


def kontakt(b: Begleitung, days_ago: int, *, review: bool = False) -> None:
    Unterstuetzungskontakt.objects.create(
        begleitung=b, mit="wegbegleiter", datum=_ago(days_ago), dauer_minuten=30,
        kanal="telefon", aktivitaeten="Kino", beziehung="gut", kinderschutz="nichts",
        wirkung="mehr Mut", ist_review=review,
    )  # fmt: skip


def eintrag(b: Begleitung, days_ago: int) -> None:
    Treffen.objects.create(
        begleitung=b, datum=_ago(days_ago), dauer_minuten=60, aktivitaet="Kino", stimmung="gut"
    )


def match(coordinator: Any, staff: Any, einrichtung: Any, tag: str, **state: Any) -> Begleitung:
    """A running match started ``started`` days ago, then put into ``state``."""
    region = einrichtung.region
    mentor = make_mentor(region, email=f"{tag}@example.org")
    b = make_active(coordinator, staff, make_anfrage(einrichtung, vorname=tag), mentor)
    days = state.pop("started")
    Begleitung.objects.filter(pk=b.pk).update(started_on=_ago(days), **state)
    return Begleitung.objects.get(pk=b.pk)


@pytest.fixture
def designed(alice, bob, staff_a, staff_b, einrichtung_a, einrichtung_b) -> dict[str, Begleitung]:
    m = {
        # five days in, nothing yet: the first contact is due in ten days
        "fresh": match(alice, staff_a, einrichtung_a, "fresh", started=5),
        # forty days in and never a contact nor a diary entry: overdue and silent
        "never": match(alice, staff_a, einrichtung_a, "never", started=40),
        # a long history; the last contact, review and entry are recent
        "busy": match(alice, staff_a, einrichtung_a, "busy", started=400),
        # monthly would be due in five days; the care-leaver rhythm is not due for two months
        "leaver": match(alice, staff_a, einrichtung_a, "leaver", started=100,
                        status=S.CARE_LEAVER, care_leaver_since=_ago(50)),
        "leaving": match(alice, staff_a, einrichtung_a, "leaving", started=100,
                         status=S.ENDE_ANGEFRAGT, care_leaver_since=_ago(50)),
        # monthly in the first year: due in five days (due soon), diary silent since 30 days
        "monthly": match(alice, staff_a, einrichtung_a, "monthly", started=100),
        # not watched: ended, and paused
        "ended": match(alice, staff_a, einrichtung_a, "ended", started=400, status=S.BEENDET,
                       ended_on=_ago(10)),
        "paused": match(alice, staff_a, einrichtung_a, "paused", started=400, status=S.PAUSIERT),
        # another region, overdue and silent
        "other": match(bob, staff_b, einrichtung_b, "other", started=60),
    }  # fmt: skip
    for days in range(390, 9, -30):
        kontakt(m["busy"], days, review=days in (300, 90))
        eintrag(m["busy"], days - 7)
        eintrag(m["busy"], days - 8)
    eintrag(m["busy"], 2)
    for name in ("leaver", "leaving", "monthly"):
        kontakt(m[name], 40, review=True)
        kontakt(m[name], 25)
        eintrag(m[name], 30)
    kontakt(m["ended"], 300)
    return m


def _oracle(b: Begleitung) -> dict[str, date | None]:
    """The dates read from every row of the match, the slow and obvious way."""
    contacts = list(Unterstuetzungskontakt.objects.filter(begleitung=b))
    entries = list(Treffen.objects.filter(begleitung=b))
    return {
        "letzter_kontakt": max((k.datum for k in contacts), default=None),
        "letzter_review": max((k.datum for k in contacts if k.ist_review), default=None),
        "letztes_treffen": max((t.datum for t in entries), default=None),
    }


def _expected_due(matches: list[Begleitung], today: date) -> list[int]:
    horizon = today + timedelta(days=7)
    due = []
    for b in matches:
        if b.status not in schedule.RUNNING:
            continue
        dates = _oracle(b)
        rhythmus = schedule.Rhythmus.of(b.programm)
        kontakt_due = schedule.next_contact_due(
            started_on=b.started_on, last_contact=dates["letzter_kontakt"],
            care_leaver=b.in_care_leaver_phase, rhythmus=rhythmus,
        )  # fmt: skip
        review_due = schedule.next_review_due(
            started_on=b.started_on, last_review=dates["letzter_review"], rhythmus=rhythmus
        )
        if kontakt_due <= horizon or review_due <= horizon:
            due.append((min(kontakt_due, review_due), b.pk))
    return [pk for _, pk in sorted(due)]


def _expected_silent(matches: list[Begleitung], today: date) -> set[int]:
    cutoff = today - timedelta(weeks=3)
    return {
        b.pk
        for b in matches
        if b.status in schedule.RUNNING
        and (_oracle(b)["letztes_treffen"] or b.started_on) <= cutoff
    }


def test_the_list_reads_the_same_last_dates_as_every_row_says(designed):
    rows = {b.pk: b for b in lists.begleitung_queryset()}
    for name, b in designed.items():
        got = {key: getattr(rows[b.pk], key) for key in _oracle(b)}
        assert got == _oracle(b), name
    assert rows[designed["never"].pk].letzter_kontakt is None
    assert rows[designed["busy"].pk].letzter_review == _ago(90)
    assert rows[designed["busy"].pk].letztes_treffen == _ago(2)


def test_due_contacts_and_reviews_are_those_the_rules_give(designed, region_a):
    today = timezone.localdate()
    in_a = [b for name, b in designed.items() if name != "other"]
    due = lists.support_due(region_ids={region_a.pk})
    assert [f.begleitung.pk for f in due] == _expected_due(in_a, today)
    names = {b.pk: name for name, b in designed.items()}
    assert {names[f.begleitung.pk]: f.overdue for f in due} == {"never": True, "monthly": False}
    everywhere = lists.support_due()
    assert [f.begleitung.pk for f in everywhere] == _expected_due(list(designed.values()), today)


def test_the_care_leaver_rhythm_applies_while_ending_too(designed, region_a):
    rows = {b.pk: b for b in lists.begleitung_queryset()}
    monthly = schedule.faelligkeit(rows[designed["monthly"].pk])
    leaver = schedule.faelligkeit(rows[designed["leaver"].pk])
    leaving = schedule.faelligkeit(rows[designed["leaving"].pk])
    assert monthly is not None and leaver is not None and leaving is not None
    assert monthly.kontakt_due == _ago(25) + timedelta(days=30)
    assert leaver.kontakt_due == leaving.kontakt_due == _ago(25) + timedelta(days=91)


def test_the_due_list_with_whole_matches_gives_the_same_dates(designed, region_a):
    light = lists.support_due(region_ids={region_a.pk})
    whole = lists.support_due_list(region_ids={region_a.pk})
    assert [(f.begleitung.pk, f.kontakt_due, f.review_due) for f in whole] == [
        (f.begleitung.pk, f.kontakt_due, f.review_due) for f in light
    ]
    assert all(isinstance(f.begleitung, Begleitung) for f in whole)
    assert all(schedule.faelligkeit(f.begleitung) == f for f in whole)


def test_silent_diaries_are_those_the_rule_gives(designed, region_a):
    today = timezone.localdate()
    in_a = [b for name, b in designed.items() if name != "other"]
    silent = lists.diary_silent_list(region_ids={region_a.pk})
    assert {b.pk for b in silent} == _expected_silent(in_a, today)
    names = {b.pk: name for name, b in designed.items()}
    assert {names[b.pk] for b in silent} == {"never", "leaver", "leaving", "monthly"}
    for b in silent:
        assert schedule.last_sign_of_life(b) <= today - timedelta(weeks=3)
    # the same rule on a plain queryset (the home's tile) and on the admin's annotated one
    assert lists.diary_silent(lists.running({region_a.pk})).count() == len(silent)
    assert {b.pk for b in lists.diary_silent_list()} == _expected_silent(
        list(designed.values()), today
    )


def test_a_diary_entry_today_ends_the_silence(designed, region_a):
    eintrag(designed["never"], 0)
    names = {b.pk: name for name, b in designed.items()}
    silent = lists.diary_silent_list(region_ids={region_a.pk})
    assert "never" not in {names[b.pk] for b in silent}


def test_the_overview_and_the_board_count_the_same_matches(designed, alice):
    u = uebersicht_for(user=alice)
    names = {b.pk: name for name, b in designed.items()}
    assert [names[f.begleitung.pk] for f in u.faellig] == ["never", "monthly"]
    assert {names[b.pk] for b in u.ohne_tagebuch} == {"never", "leaver", "leaving", "monthly"}
    assert u.aktiv == 7  # fresh, never, busy, leaver, leaving, monthly, paused
    tiles = {t.key: t.count for t in board_for(user=alice)}
    assert (tiles["faellig"], tiles["ueberfaellig"], tiles["tagebuch"]) == (2, 1, 4)


def test_a_superuser_counts_every_region(designed):
    admin = make_user(None, email="root@example.org", is_superuser=True, is_staff=True)
    tiles = {t.key: t.count for t in board_for(user=admin)}
    assert (tiles["faellig"], tiles["ueberfaellig"], tiles["tagebuch"]) == (3, 2, 5)


def test_agreements_waiting_are_counted_as_the_missing_parties_say(
    alice, bob, staff_a, staff_b, einrichtung_a, einrichtung_b, region_a
):
    def in_agreement(coordinator: Any, einrichtung: Any, tag: str) -> Begleitung:
        mentor = make_mentor(einrichtung.region, email=f"{tag}@example.org")
        return to_agreement(coordinator, propose(coordinator, make_anfrage(einrichtung), mentor))

    in_agreement(alice, einrichtung_a, "unwritten")  # waits for the coordinator, not a party
    written = in_agreement(alice, einrichtung_a, "written")
    services.vereinbarung_save(
        acting_user=alice, begleitung=written, **services.default_agreement_texts()
    )
    partly = in_agreement(alice, einrichtung_a, "partly")
    services.vereinbarung_save(
        acting_user=alice, begleitung=partly, **services.default_agreement_texts()
    )
    services.vereinbarung_confirm(
        acting_user=partly.wegbegleiter.user, begleitung=partly, partei=Partei.WEGBEGLEITER
    )
    confirm_all(alice, staff_a, in_agreement(alice, einrichtung_a, "done"))
    confirm_all(bob, staff_b, in_agreement(bob, einrichtung_b, "elsewhere"))
    other = in_agreement(bob, einrichtung_b, "other")
    services.vereinbarung_save(
        acting_user=bob, begleitung=other, **services.default_agreement_texts()
    )

    for regions in ({region_a.pk}, None):
        listed = {v.begleitung_id for v, _missing in lists.vereinbarung_waiting_list(
            region_ids=regions)}  # fmt: skip
        counted = set(
            lists.vereinbarung_waiting(region_ids=regions).values_list("begleitung_id", flat=True)
        )
        assert counted == listed
    assert listed == {written.pk, partly.pk, other.pk}
    assert lists.vereinbarung_waiting(region_ids={region_a.pk}).count() == 2
