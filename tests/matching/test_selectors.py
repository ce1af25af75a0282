"""Suggestions on a designed data set: never an excluded volunteer; ranking follows the weights;
the region proposal equals the brute-force optimum; query counts do not grow with the rows."""

from __future__ import annotations

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from matching import lists, profiles, scoring, services, suggestions
from matching.models import Gewichtung, Wunsch
from tests.matching.factories import KASSEL, OFFENBACH, make_anfrage, make_mentor, propose
from wegbegleitung.models import Bewerbung, Wegbegleiter

pytestmark = pytest.mark.django_db


def _set(mentor: Wegbegleiter, **fields: object) -> None:
    Bewerbung.objects.filter(wegbegleiter=mentor).update(**fields)


@pytest.fixture
def cast(region_a, region_b, einrichtung_a, alice):
    """One fitting volunteer and one for every reason to be left out."""
    anfrage = make_anfrage(einrichtung_a, vorname="Malik")
    Wunsch.objects.create(
        jugendliche=anfrage.jugendliche, mentor_geschlecht="w", zeiten=["mo-nachmittag"]
    )
    fits = make_mentor(region_a, email="fits@example.org")
    not_cleared = make_mentor(region_a, cleared=False, email="uncleared@example.org")
    full = make_mentor(region_a, email="full@example.org")
    propose(alice, make_anfrage(einrichtung_a, vorname="Other"), full)
    girls_only = make_mentor(region_a, email="girls@example.org", mentee_gender="w")
    older = make_mentor(region_a, email="older@example.org", mentee_age_min=16, mentee_age_max=20)
    far = make_mentor(region_a, email="far@example.org", at=KASSEL)
    short = make_mentor(region_a, email="short@example.org", max_travel_km=3)
    man = make_mentor(region_a, email="man@example.org", gender="m")
    elsewhere = make_mentor(region_b, email="wien@example.org")
    paused = make_mentor(region_a, email="paused@example.org")
    Wegbegleiter.objects.filter(pk=paused.pk).update(status=Wegbegleiter.Status.PAUSIERT)
    excluded = [not_cleared, full, girls_only, older, far, short, man, elsewhere, paused]
    return anfrage, fits, excluded


def test_suggestions_contain_only_allowed_volunteers(cast):
    anfrage, fits, excluded = cast
    found = [v.wegbegleiter for v in suggestions.vorschlaege_for(anfrage)]
    assert found == [fits]
    assert not set(found) & set(excluded)


def test_every_part_of_the_score_is_explained(cast):
    anfrage, fits, _ = cast
    [vorschlag] = suggestions.vorschlaege_for(anfrage)
    texts = {p.key: p.explanation for p in vorschlag.suggestion.parts}
    # "Fußball spielen" in the young person's free text meets the interest "Fußball"
    assert texts["interests"] == "1 von 2: fußball"
    assert texts["languages"] == "1 von 2: deutsch"
    assert texts["availability"] == "1 von 1: Montag Nachmittag"
    assert texts["distance"].startswith("6,") and "km entfernt (Grenze 15 km)" in texts["distance"]
    assert 0 < vorschlag.suggestion.score <= 100


def test_unknown_postal_code_says_distance_unknown(region_a, einrichtung_a):
    anfrage = make_anfrage(einrichtung_a)
    einrichtung_a.__class__.objects.filter(pk=einrichtung_a.pk).update(postleitzahl="99999")
    mentor = make_mentor(region_a)
    [vorschlag] = suggestions.vorschlaege_for(suggestions.anfrage_for_suggestions(anfrage.pk))
    assert vorschlag.wegbegleiter == mentor
    assert vorschlag.suggestion.parts[0].explanation == "Entfernung unbekannt"


def test_ranking_follows_the_weights(region_a, einrichtung_a):
    anfrage = make_anfrage(einrichtung_a, interessen="Fußball, Musik, Kochen")
    near = make_mentor(region_a, email="near@example.org", at=("60311", 50.1109, 8.6821))
    _set(near, languages="Englisch")
    talker = make_mentor(region_a, email="talker@example.org", at=OFFENBACH)
    _set(talker, languages="Deutsch, Arabisch", max_travel_km=25)

    def order():
        return [v.wegbegleiter for v in suggestions.vorschlaege_for(anfrage)]

    Gewichtung.objects.create(region=region_a, distance=5, interests=0, languages=0, availability=0)
    assert order() == [near, talker]
    Gewichtung.objects.filter(region=region_a).update(distance=0, languages=5)
    assert order() == [talker, near]


def test_region_default_weights_apply_without_own_row(region_a):
    Gewichtung.objects.create(region=None, distance=1, interests=1, languages=1, availability=1)
    weights, _ = profiles.weights_for(region_a.pk)
    assert weights == scoring.Weights(1, 1, 1, 1)


def test_region_proposal_equals_brute_force(region_a, einrichtung_a, alice):
    anfragen = [
        make_anfrage(einrichtung_a, interessen="Fußball", sprachen="Deutsch"),
        make_anfrage(einrichtung_a, interessen="Musik, Kochen", sprachen="Türkisch"),
        make_anfrage(einrichtung_a, interessen="Lesen", sprachen="Arabisch"),
    ]
    mentors = [make_mentor(region_a, at=OFFENBACH) for _ in range(3)]
    _set(mentors[1], languages="Türkisch", interests_other="Kochen, Musik")
    _set(mentors[2], languages="Arabisch", interests_other="Lesen", latitude=50.2, longitude=8.7)
    pairs = suggestions.regionsvorschlag_for(region_id=region_a.pk)
    assert len(pairs) == 3
    total = sum(p.suggestion.score for p in pairs)
    assert total == pytest.approx(_brute_force(anfragen, mentors))
    assert {p.anfrage for p in pairs} == set(anfragen)

    # a rejected pair is left out and the rest is recalculated
    first = pairs[0]
    services.vorschlag_reject(
        acting_user=alice, anfrage=first.anfrage, wegbegleiter=first.wegbegleiter
    )
    again = suggestions.regionsvorschlag_for(region_id=region_a.pk)
    assert (first.anfrage, first.wegbegleiter) not in {(p.anfrage, p.wegbegleiter) for p in again}


def _brute_force(anfragen, mentors):
    weights, max_km = profiles.weights_for(anfragen[0].jugendliche.einrichtung.region_id)
    rows = {
        p.id: p
        for p in profiles.mentor_profiles(profiles.candidate_list(region_id=mentors[0].region_id))
    }
    names = profiles.InterestList.load()
    coords = profiles.facility_coordinates([a.jugendliche.einrichtung for a in anfragen])
    mentees = [
        profiles.mentee_profile(
            a.jugendliche, coordinates=coords[a.jugendliche.einrichtung_id], interests=names
        )
        for a in anfragen
    ]
    candidates = [rows[m.pk] for m in mentors]
    best = 0.0
    for perm in itertools.permutations(candidates):
        total = 0.0
        for mentee, mentor in zip(mentees, perm, strict=True):
            if not scoring.exclusion_reasons(mentor, mentee, default_max_km=max_km):
                total += scoring.score(mentor, mentee, weights=weights, default_max_km=max_km).score
        best = max(best, total)
    return best


def test_suggestions_need_constant_queries(region_a, einrichtung_a):
    anfrage = make_anfrage(einrichtung_a)
    make_mentor(region_a)
    with CaptureQueriesContext(connection) as few:
        suggestions.vorschlaege_for(suggestions.anfrage_for_suggestions(anfrage.pk))
    for _ in range(4):
        make_mentor(region_a)
    with CaptureQueriesContext(connection) as many:
        assert (
            len(suggestions.vorschlaege_for(suggestions.anfrage_for_suggestions(anfrage.pk))) == 5
        )
    assert len(many) == len(few)


def test_region_proposal_needs_constant_queries(region_a, einrichtung_a, einrichtung_b):
    make_anfrage(einrichtung_a)
    make_mentor(region_a)
    with CaptureQueriesContext(connection) as few:
        suggestions.regionsvorschlag_for(region_id=region_a.pk)
    for _ in range(3):
        make_anfrage(einrichtung_a)
        make_mentor(region_a)
    with CaptureQueriesContext(connection) as many:
        assert len(suggestions.regionsvorschlag_for(region_id=region_a.pk)) == 4
    assert len(many) == len(few)


def test_ids_for_other_apps(alice, staff_a, anfrage_a, mentor_a):
    from tests.matching.factories import make_active

    assert lists.active_wegbegleiter_ids() == set()
    make_active(alice, staff_a, anfrage_a, mentor_a)
    assert lists.active_wegbegleiter_ids() == {mentor_a.pk}
    assert lists.matched_jugendliche_ids() == {anfrage_a.jugendliche_id}
    # a new mentor is not overdue for supervision on their first day
    assert list(lists.supervision_due_for_matches()) == []
