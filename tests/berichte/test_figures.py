"""Each figure of the reports on designed data, the right answer worked out by hand (measures.md).

Region A holds the designed data; region B holds data of its own that must never show up in
Alice's figures (she coordinates A), and Bob (B) must see only B's.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from berichte.selectors import bericht_for, scope_for
from einrichtungen.selectors import Quote
from matching.models import Abschluss, Begleitung
from schutzkonzept.dates import add_months
from schutzkonzept.models import FreigabeVerlust, Fuehrungszeugnis
from tests.berichte import factories as f
from tests.matching.factories import make_mentor

pytestmark = pytest.mark.django_db
A = Abschluss.Art
G = Abschluss.Grund
YEAR = (date(2025, 1, 1), date(2025, 12, 31))  # D = 31.12.2025


def _year(user, **kw):
    return bericht_for(user=user, region_ids=scope_for(user), von=YEAR[0], bis=YEAR[1], **kw)


@pytest.fixture
def outcomes(einrichtung_a, einrichtung_b):
    """Matches of region A (S = started_on, E = ended_on); laufzeit 12 unless said."""
    e = einrichtung_a
    f.match(e, started=date(2023, 6, 1))  # M1 runs
    # M2: E exactly S + 12 months, planned: retained, not premature
    f.match(e, started=date(2024, 3, 10), ended=date(2025, 3, 10), art=A.GEPLANT,
            grund=G.ZIEL_ERREICHT)  # fmt: skip
    # M3: closed in 2024 (outside the period), in the cohort, not retained
    f.match(e, started=date(2024, 5, 1), ended=date(2024, 11, 1), grund=G.BEZIEHUNG)
    # M4: cohort, not retained; closed in the period, premature
    f.match(e, started=date(2024, 9, 15), ended=date(2025, 6, 15), grund=G.ZEIT_WB)
    # M5: paused since November, still runs
    f.match(e, started=date(2025, 2, 1), status=Begleitung.Status.PAUSIERT,
            status_since=date(2025, 11, 1))  # fmt: skip
    # M6: agreed for 6 months and ended after exactly 6 months: planned and not premature
    f.match(e, started=date(2025, 4, 1), ended=date(2025, 10, 1), art=A.GEPLANT,
            grund=G.UMZUG, laufzeit=6)  # fmt: skip
    # M7: started on the last day of the cohort window, care-leaver phase since July
    f.match(e, started=date(2024, 12, 31), status=Begleitung.Status.CARE_LEAVER,
            care_leaver_since=date(2025, 7, 1))  # fmt: skip
    # M9: closed on D itself: no longer runs on D (the closure day is the first day it does not)
    f.match(e, started=date(2025, 1, 15), ended=date(2025, 12, 31), grund=G.WUNSCH_JUGENDLICHE)
    # a proposal never activated: never a match in any figure
    f.match(e, started=None, status=Begleitung.Status.VORGESCHLAGEN)
    # region B: two running matches and a closure that Alice must not see
    f.match(einrichtung_b, started=date(2025, 3, 1))
    f.match(einrichtung_b, started=date(2024, 1, 10))
    f.match(einrichtung_b, started=date(2024, 6, 1), ended=date(2025, 2, 1), grund=G.UMZUG)


def test_active_matches_on_the_reporting_day(outcomes, alice):
    # running on 31.12.2025: M1, M5 (paused), M7 (care leaver); M9 ended that day: 3
    aktiv = _year(alice).aktiv
    assert (aktiv.laufend, aktiv.pausiert, aktiv.care_leaver) == (3, 1, 1)


def test_started_and_closed_per_month(outcomes, alice):
    b = _year(alice)
    started = {m.monat.month: m.begonnen for m in b.monate if m.begonnen}
    closed = {m.monat.month: m.beendet for m in b.monate if m.beendet}
    assert len(b.monate) == 12
    assert started == {1: 1, 2: 1, 4: 1}  # M9, M5, M6
    assert closed == {3: 1, 6: 1, 10: 1, 12: 1}  # M2, M4, M6, M9


def test_length_of_closed_and_of_running_matches_kept_apart(outcomes, alice):
    b = _year(alice)
    # closed in 2025: M6 183, M4 273, M9 350, M2 365 days
    # median (273 + 350) / 2 = 311.5 days / 30.44 = 10.23 -> 10.2 months
    # mean 1171 / 4 = 292.75 days / 30.44 = 9.62 -> 9.6 months
    assert (b.laenge_beendet.anzahl, b.laenge_beendet.median, b.laenge_beendet.mittel) == (
        4, 10.2, 9.6,
    )  # fmt: skip
    # so far on D: M1 944, M5 333, M7 365 days; median 365 / 30.44 = 11.99 -> 12.0;
    # mean 1642 / 3 = 547.3 days / 30.44 = 17.98 -> 18.0
    assert (b.laenge_laufend.anzahl, b.laenge_laufend.median, b.laenge_laufend.mittel) == (
        3, 12.0, 18.0,
    )  # fmt: skip


def test_twelve_month_retention_of_the_cohort(outcomes, alice):
    b = _year(alice)
    # window: 01.01.2024-31.12.2024. M2 (ended after exactly a year: retained), M3 (no),
    # M4 (no), M7 (started 31.12.2024, runs: retained) = 2 of 4. M5, M6, M9 started in 2025:
    # younger than 12 months on D, in neither number; M1 started before the window.
    assert b.bindung == Quote(zaehler=2, nenner=4)
    assert b.bindung_fenster == (date(2024, 1, 1), date(2024, 12, 31))


def test_premature_closures_by_kind_and_reason(outcomes, alice):
    c = _year(alice).abschluesse
    # closed in 2025: M2 (on time), M4 (premature), M6 (after its agreed 6 months: on time),
    # M9 (premature) -> 2 of 4
    assert c.vorzeitig == Quote(zaehler=2, nenner=4)
    arten = {str(label): (early, alle) for label, early, alle in c.nach_art}
    assert arten == {"Geplant": (0, 2), "Ungeplant": (2, 2)}
    gruende = {g.code: (g.vorzeitig, g.alle) for g in c.nach_grund if g.alle}
    assert gruende == {
        "ziel_erreicht": (0, 1),
        "zeit_wegbegleiter": (1, 1),
        "umzug": (0, 1),
        "wunsch_jugendliche": (1, 1),
    }  # fmt: skip  (M3's "beziehung" closed in 2024: not in the period)


def test_region_b_sees_only_its_own(outcomes, bob):
    b = _year(bob)
    # B: two running on D; one closure (01.02.2025, planned 12 months, 245 days: premature)
    assert b.aktiv.laufend == 2
    assert b.abschluesse.vorzeitig == Quote(zaehler=1, nenner=1)
    # cohort 2024: both B matches of 2024; the one closed after 8 months is not retained
    assert b.bindung == Quote(zaehler=1, nenner=2)


SPRING = (date(2025, 3, 1), date(2025, 5, 31))  # D = 31.05.2025


@pytest.fixture
def support(einrichtung_a, einrichtung_b, region_a):
    e = einrichtung_a
    k = f.match(e, started=date(2025, 2, 1))
    for day in (date(2025, 2, 10), date(2025, 3, 20)):
        f.kontakt(k, day)
    f.kontakt(k, date(2025, 4, 15), review=True)
    # L: closed before its first due date (01.05. + 15 days = 16.05. >= E 10.05.): no due date
    late_mentor = f.mentor(
        region_a, registered=date(2025, 3, 10), activity_started_on=date(2025, 4, 1)
    )
    f.submitted(late_mentor, date(2025, 3, 12))
    lm = f.match(e, started=date(2025, 5, 1), ended=date(2025, 5, 10), wegbegleiter=late_mentor)
    # diary of K: 90 min in person and 30 by phone in March, 60 by video in April; February is
    # outside the period
    f.treffen(k, date(2025, 2, 20), 120)
    f.treffen(k, date(2025, 3, 5), 90)
    f.treffen(k, date(2025, 3, 20), 30, "telefon")
    f.treffen(k, date(2025, 4, 2), 60, "video")
    # region B: a contact-less running match and a long meeting: not Alice's
    kb = f.match(einrichtung_b, started=date(2025, 1, 1))
    f.treffen(kb, date(2025, 3, 3), 600)
    return {"k": k, "l": lm}


def _spring(user):
    return bericht_for(user=user, region_ids=scope_for(user), von=SPRING[0], bis=SPRING[1])


def test_support_contacts_and_reviews_on_time(support, alice):
    b = _spring(alice)
    # K (S 01.02., rhythm 15 days in the first month, then 30): due 16.02. (before the period),
    # after the contact of 10.02. due 25.02. (before), after 20.03. due 19.04.: in the period,
    # met by 15.04. (on time); after 15.04. due 15.05.: in the period, no contact (late) -> 1 of 2
    assert b.kontakte == Quote(zaehler=1, nenner=2)
    # first review due 01.05. (S + 3 months), the review of 15.04. came before: 1 of 1
    assert b.reviews == Quote(zaehler=1, nenner=1)


def test_meeting_hours_per_month(support, alice):
    months = {m.monat.month: m for m in _spring(alice).monate}
    # March: 90 + 30 = 120 min = 2.0 h; in person 90 of 120; one running match (K)
    assert (months[3].stunden, months[3].laufend, months[3].stunden_je_begleitung) == (2.0, 1, 2.0)
    assert months[3].persoenlich == Quote(zaehler=90, nenner=120)
    # April: 60 min video = 1.0 h, in person 0 of 60
    assert (months[4].stunden, months[4].persoenlich) == (1.0, Quote(zaehler=0, nenner=60))
    # May: no entries, K and L ran: 0 h over 2 matches
    assert (months[5].stunden, months[5].laufend, months[5].stunden_je_begleitung) == (0, 2, 0.0)


def test_applicants_per_stage_with_conversion(support, alice, region_a):
    # registered in the period: V1 (only registered), V2 (submitted), the late mentor (submitted,
    # accepted, in a match): 3, 2, 1, 1
    f.mentor(region_a, registered=date(2025, 3, 1))
    f.submitted(f.mentor(region_a, registered=date(2025, 3, 5)), date(2025, 3, 6))
    stufen = {s.key: (s.anzahl, s.von_vorstufe) for s in _spring(alice).bewerbung}
    assert stufen == {
        "registriert": (3, None),
        "beworben": (2, Quote(zaehler=2, nenner=3)),
        "aufgenommen": (1, Quote(zaehler=1, nenner=2)),
        "begleitung": (1, Quote(zaehler=1, nenner=1)),
    }


def test_waiting_time_matched_and_open(einrichtung_a, einrichtung_b, alice):
    e = einrichtung_a
    f.anfrage(e, date(2025, 3, 1), status="vermittelt", done=date(2025, 3, 31))  # 30 days
    f.anfrage(e, date(2025, 1, 10), status="vermittelt", done=date(2025, 4, 20))  # 21+28+31+20=100
    f.anfrage(e, date(2025, 5, 1), status="vermittelt", done=date(2025, 5, 6))  # 5 days
    f.anfrage(e, date(2025, 5, 1), status="vermittelt", done=date(2025, 6, 10))  # open on D: 30
    f.anfrage(e, date(2025, 4, 1))  # open: 30 + 30 = 60 days on 31.05.
    f.anfrage(e, date(2025, 2, 1), status="zurueckgezogen", done=date(2025, 3, 15))  # neither
    f.anfrage(e, date(2025, 6, 5))  # asked after D
    f.anfrage(einrichtung_b, date(2025, 1, 1))  # region B
    w = _spring(alice).wartezeit
    # matched: 5, 30, 100 -> median 30, mean 135 / 3 = 45
    assert (w.vermittelt.anzahl, w.vermittelt.median, w.vermittelt.mittel) == (3, 30.0, 45.0)
    # open on D: 30, 60 -> median 45, longest 60
    assert (w.offen.anzahl, w.offen.median, w.offen.laengste) == (2, 45.0, 60.0)


def test_help_plan_kpis(support, einrichtung_a, einrichtung_b, alice):
    k, lm = support["k"], support["l"]
    f.hpg(k.jugendliche, date(2025, 4, 10), erwogen=True, eingeladen=True, teilgenommen=True)
    f.hpg(k.jugendliche, date(2025, 1, 5), erwogen=True)  # before the period
    f.hpg(lm.jugendliche, date(2025, 5, 5), erwogen=True, eingeladen=True)
    f.hpg(f.jugendliche(einrichtung_a), date(2025, 3, 10), erwogen=True)  # no match
    f.hpg(f.jugendliche(einrichtung_a), date(2025, 5, 5), erwogen=False)  # no match
    f.hpg(f.jugendliche(einrichtung_b), date(2025, 4, 1), erwogen=True)  # region B
    b = _spring(alice)
    # in the period in A: four conferences, mentoring considered at three
    assert b.hpg_erwogen == Quote(zaehler=3, nenner=4)
    # of matched young people (K's, L's): two conferences, the mentor present at one
    assert b.hpg_anwesend == Quote(zaehler=1, nenner=2)


def test_an_empty_period_gives_empty_shares(alice, einrichtung_a):
    b = bericht_for(user=alice, region_ids=scope_for(alice), von=SPRING[0], bis=SPRING[1])
    for quote in (b.bindung, b.kontakte, b.reviews, b.abschluesse.vorzeitig, b.hpg_erwogen):
        assert quote.nenner == 0 and quote.anteil is None
    assert b.laenge_beendet.median is None and b.wartezeit.offen.laengste is None


def test_certificates_ending_and_open_lapses(alice, region_a, region_b):
    today = timezone.localdate()
    ending = make_mentor(region_a, email="ending@example.org")
    Fuehrungszeugnis.objects.filter(wegbegleiter=ending).update(issued_on=add_months(today, -59))
    make_mentor(region_a, email="fresh@example.org")  # issued today: five years to go
    other = make_mentor(region_b, email="b-ending@example.org")
    Fuehrungszeugnis.objects.filter(wegbegleiter=other).update(issued_on=add_months(today, -59))
    lapsed = f.mentor(region_a)
    FreigabeVerlust.objects.create(wegbegleiter=lapsed, detected_on=today)
    FreigabeVerlust.objects.create(
        wegbegleiter=f.mentor(region_a), detected_on=today - timedelta(days=90),
        resolved_on=today - timedelta(days=10),
    )  # fmt: skip
    FreigabeVerlust.objects.create(wegbegleiter=f.mentor(region_b), detected_on=today)
    b = bericht_for(user=alice, region_ids=scope_for(alice), von=add_months(today, -12), bis=today)
    # A: one certificate ends in about a month (issued 59 of 60 months ago); one open lapse
    assert (b.zeugnisse_enden, b.freigabe_verloren) == (1, 1)
