"""What each user sees: scoping, leaving care, the mentor's view by consent, the HPG KPIs."""

from datetime import date, timedelta

import pytest
from django.http import Http404
from django.utils import timezone

from einrichtungen.models import Hilfeplangespraech
from einrichtungen.selectors import (
    anfrage_list_for,
    einwilligung_list_for,
    hilfeplangespraech_for_mentor,
    hilfeplangespraech_list_for,
    hilfeplangespraeche_for_kpi,
    hilfeplangespraeche_for_mentor,
    jugendliche_for_mentor,
    jugendliche_get_for,
    jugendliche_list_for,
    kpi_mentor_present,
    kpi_mentoring_considered,
)
from einrichtungen.services import einwilligung_revoke
from tests.einrichtungen.factories import (
    AnfrageFactory,
    B,
    EinwilligungFactory,
    HilfeplangespraechFactory,
    I,
    JugendlicheFactory,
)


def test_staff_and_coordinators_see_only_their_young_people(
    staff_a, staff_b, alice, bob, charlie, volunteer, jugendliche_a, jugendliche_b
):
    assert list(jugendliche_list_for(user=staff_a)) == [jugendliche_a]
    assert list(jugendliche_list_for(user=staff_b)) == [jugendliche_b]
    assert list(jugendliche_list_for(user=alice)) == [jugendliche_a]
    assert list(jugendliche_list_for(user=bob)) == [jugendliche_b]
    assert not jugendliche_list_for(user=charlie).exists()
    assert not jugendliche_list_for(user=volunteer).exists()
    with pytest.raises(Http404):
        jugendliche_get_for(user=staff_a, pk=jugendliche_b.pk)
    with pytest.raises(Http404):
        jugendliche_get_for(user=alice, pk=jugendliche_b.pk)


def test_requests_list_scoped(staff_a, alice, bob, jugendliche_a, jugendliche_b):
    a = AnfrageFactory.create(jugendliche=jugendliche_a)
    b = AnfrageFactory.create(jugendliche=jugendliche_b)
    assert list(anfrage_list_for(user=staff_a)) == [a]
    assert list(anfrage_list_for(user=alice)) == [a]
    assert list(anfrage_list_for(user=bob)) == [b]


def test_after_leaving_facility_reads_only_what_was_written_before(staff_a, alice, jugendliche_a):
    old = HilfeplangespraechFactory.create(jugendliche=jugendliche_a)
    moved_out = timezone.localdate() - timedelta(days=10)
    jugendliche_a.auszug_am = moved_out
    jugendliche_a.save()
    Hilfeplangespraech.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=30)
    )
    jugendliche_a.einwilligungen.update(created_at=timezone.now() - timedelta(days=30))
    new_hpg = HilfeplangespraechFactory.create(
        jugendliche=jugendliche_a
    )  # recorded by coordination
    new_consent = EinwilligungFactory.create(
        jugendliche=jugendliche_a, bereich=B.FORSCHUNG, inhaber=I.VORMUND
    )
    assert hilfeplangespraech_list_for(user=staff_a, jugendliche=jugendliche_a) == [old]
    assert new_consent not in einwilligung_list_for(user=staff_a, jugendliche=jugendliche_a)
    assert len(einwilligung_list_for(user=staff_a, jugendliche=jugendliche_a)) == len(
        B
    )  # one per scope
    assert set(hilfeplangespraech_list_for(user=alice, jugendliche=jugendliche_a)) == {
        old,
        new_hpg,
    }
    assert new_consent in einwilligung_list_for(user=alice, jugendliche=jugendliche_a)


# --- the mentor's view ------------------------------------------------------------------------


def test_mentor_sees_nothing_without_participation_consent(einrichtung_a):
    j = JugendlicheFactory.create(einrichtung=einrichtung_a)
    EinwilligungFactory.create(jugendliche=j, bereich=B.DATENWEITERGABE)
    HilfeplangespraechFactory.create(jugendliche=j, shared=True)
    assert jugendliche_for_mentor(j) is None
    assert hilfeplangespraeche_for_mentor(j) == []


def test_mentor_sees_first_name_age_interests_only_with_participation(einrichtung_a):
    j = JugendlicheFactory.create(einrichtung=einrichtung_a, vorname="Lena")
    EinwilligungFactory.create(jugendliche=j, bereich=B.TEILNAHME)
    view = jugendliche_for_mentor(j)
    assert view is not None
    assert (view.vorname, view.interessen) == ("Lena", "Fußball, Zeichnen")
    assert view.alter == j.alter()
    assert view.sprachen is None and view.wuensche is None
    assert not hasattr(view, "jugendamt") and not hasattr(view, "einrichtung")


def test_revocation_hides_shared_data_from_the_mentor_immediately(staff_a, jugendliche_a):
    hpg = HilfeplangespraechFactory.create(jugendliche=jugendliche_a, shared=True)
    before = hilfeplangespraech_for_mentor(hpg)
    assert before is not None and before.ziele == "Schulabschluss schaffen"
    shown = jugendliche_for_mentor(jugendliche_a)
    assert shown is not None and shown.wuensche == "Jemand, der mit mir Fahrrad fährt"

    einwilligung_revoke(
        acting_user=staff_a,
        einwilligung=jugendliche_a.einwilligungen.get(bereich=B.DATENWEITERGABE),
    )

    after = hilfeplangespraech_for_mentor(hpg)
    assert after is not None  # the mentor still sees date and invitation ...
    assert (after.datum, after.eingeladen) == (hpg.datum, True)
    assert after.ziele is None and after.zusammenfassung is None  # ... but not the content
    assert after.naechste_ueberpruefung is None and not after.geteilt
    view = jugendliche_for_mentor(jugendliche_a)
    assert view is not None and view.wuensche is None and view.sprachen is None


def test_revoking_mentor_in_hpg_hides_the_invitation(staff_a, jugendliche_a):
    HilfeplangespraechFactory.create(jugendliche=jugendliche_a, wegbegleiter_eingeladen=True)
    assert len(hilfeplangespraeche_for_mentor(jugendliche_a)) == 1
    einwilligung_revoke(
        acting_user=staff_a, einwilligung=jugendliche_a.einwilligungen.get(bereich=B.HILFEPLAN)
    )
    assert hilfeplangespraeche_for_mentor(jugendliche_a) == []


def test_unshared_conference_shows_only_date_and_invitation(jugendliche_a):
    HilfeplangespraechFactory.create(jugendliche=jugendliche_a, wegbegleiter_eingeladen=True)
    HilfeplangespraechFactory.create(
        jugendliche=jugendliche_a, datum=date(2025, 1, 1)
    )  # not invited
    [only] = hilfeplangespraeche_for_mentor(jugendliche_a)
    assert only.eingeladen and not only.geteilt and only.ziele is None


def test_at_18_the_mentor_view_follows_the_young_adults_consent(einrichtung_a):
    j = JugendlicheFactory.create(einrichtung=einrichtung_a, geburtsjahr=2008, geburtsmonat=5)
    EinwilligungFactory.create(jugendliche=j, bereich=B.TEILNAHME, inhaber=I.SORGEBERECHTIGTE)
    EinwilligungFactory.create(
        jugendliche=j, bereich=B.TEILNAHME, inhaber=I.JUGENDLICHE, erteilt_am=date(2025, 1, 1)
    )
    own = j.einwilligungen.get(inhaber=I.JUGENDLICHE)
    assert jugendliche_for_mentor(j, on=date(2026, 6, 1)) is not None
    own.widerrufen_am = timezone.now()
    own.save()
    # the parents' consent no longer carries anything once the young person is 18
    assert jugendliche_for_mentor(j, on=date(2026, 6, 1)) is None


# --- KPIs on a designed set -------------------------------------------------------------------


@pytest.fixture
def designed_set(einrichtung_a, einrichtung_b):
    """10 conferences in region A, 2 in region B.

    Region A: 4 of 10 considered mentoring. Young people m1, m2 are matched; their 5
    conferences: mentor present at 3. Unmatched u1 has 5 conferences, one with a mentor
    present (say, from an earlier match), which must not count.
    """
    m1, m2, u1 = (JugendlicheFactory.create(einrichtung=einrichtung_a) for _ in range(3))
    spec = [
        (m1, True, True),
        (m1, True, True),
        (m1, False, False),
        (m2, True, True),
        (m2, False, False),
        (u1, True, True),
        (u1, False, False),
        (u1, False, False),
        (u1, False, False),
        (u1, False, False),
    ]
    for j, considered, present in spec:
        HilfeplangespraechFactory.create(
            jugendliche=j,
            wegbegleitung_erwogen=considered,
            wegbegleiter_eingeladen=present,
            wegbegleiter_teilgenommen=present,
        )
    other = JugendlicheFactory.create(einrichtung=einrichtung_b)
    HilfeplangespraechFactory.create_batch(
        2,
        jugendliche=other,
        wegbegleitung_erwogen=True,
        wegbegleiter_eingeladen=True,
        wegbegleiter_teilgenommen=True,
    )
    return {"matched": {m1.pk, m2.pk, other.pk}}


def test_kpi_share_of_conferences_considering_mentoring(alice, bob, designed_set):
    quote = kpi_mentoring_considered(hilfeplangespraeche_for_kpi(user=alice))
    assert (quote.zaehler, quote.nenner, quote.anteil) == (4, 10, 0.4)
    assert kpi_mentoring_considered(hilfeplangespraeche_for_kpi(user=bob)).anteil == 1.0


def test_kpi_share_of_matched_conferences_with_mentor_present(alice, designed_set):
    quote = kpi_mentor_present(
        hilfeplangespraeche_for_kpi(user=alice), matched_jugendliche_ids=designed_set["matched"]
    )
    assert (quote.zaehler, quote.nenner, quote.anteil) == (3, 5, 0.6)


def test_kpis_by_period_and_empty(alice, designed_set):
    none = hilfeplangespraeche_for_kpi(user=alice, von=date(2030, 1, 1))
    assert kpi_mentoring_considered(none).anteil is None
    assert kpi_mentor_present(none, matched_jugendliche_ids=designed_set["matched"]).nenner == 0
    march = hilfeplangespraeche_for_kpi(user=alice, von=date(2026, 3, 1), bis=date(2026, 3, 31))
    assert kpi_mentoring_considered(march).nenner == 10
