"""Clearance per programme: each programme's safeguarding steps, the list and the single answer
agreeing, and the strictest rule when no programme is named."""

from __future__ import annotations

import pytest
from django.urls import reverse

from programme.models import Programm
from programme.rules import standard
from schutzkonzept.clearance import (
    annotate_clearance,
    clearance_for,
    clearances_by_programme,
    only_cleared,
)
from tests.schutzkonzept.factories import (
    FuehrungszeugnisFactory,
    make_cleared,
    make_kodex,
    make_wegbegleiter,
    sign,
)
from wegbegleitung.models import Programmteilnahme, Wegbegleiter
from wegbegleitung.safeguarding import clearance_of


@pytest.fixture
def ohne_schulung(db):
    """A programme that does not require the safeguarding training."""
    return Programm.objects.create(name="Ohne Schulung", schutzschulung_noetig=False)


@pytest.fixture
def mit_schulung(db):
    return Programm.objects.create(name="Mit Schulung")


@pytest.fixture
def ohne_training(region_a):
    """Certificate inspected and current code signed, but no safeguarding training attended."""
    wegbegleiter = make_wegbegleiter(region_a)
    FuehrungszeugnisFactory(wegbegleiter=wegbegleiter)
    sign(wegbegleiter, make_kodex())
    return wegbegleiter


def _listed(wegbegleiter, programm=None):
    qs = Wegbegleiter.objects.filter(pk=wegbegleiter.pk)
    return annotate_clearance(qs, programm).get().is_cleared


def _filtered(wegbegleiter, programm=None):
    return only_cleared(Wegbegleiter.objects.filter(pk=wegbegleiter.pk), programm).exists()


def test_a_programme_without_the_training_clears_who_lacks_it(
    ohne_training, ohne_schulung, mit_schulung
):
    assert clearance_for(ohne_training, ohne_schulung).cleared
    assert _listed(ohne_training, ohne_schulung) and _filtered(ohne_training, ohne_schulung)
    refused = clearance_for(ohne_training, mit_schulung)
    assert not refused.cleared and refused.missing == ["An der Schutzkonzept-Schulung teilgenommen"]
    assert not _listed(ohne_training, mit_schulung)
    assert not _filtered(ohne_training, mit_schulung)


def test_without_a_programme_every_step_any_of_theirs_requires(
    ohne_training, ohne_schulung, mit_schulung
):
    Programmteilnahme.objects.create(wegbegleiter=ohne_training, programm=ohne_schulung)
    assert clearance_for(ohne_training).cleared and _listed(ohne_training)
    Programmteilnahme.objects.create(wegbegleiter=ohne_training, programm=mit_schulung)
    assert not clearance_for(ohne_training).cleared
    assert not _listed(ohne_training) and not _filtered(ohne_training)
    states = {p.name: c.cleared for p, c in clearances_by_programme(ohne_training)}
    assert states == {"Ohne Schulung": True, "Mit Schulung": False}
    assert clearance_of(ohne_training, ohne_schulung).cleared


def test_no_rows_means_the_default_programmes_steps(ohne_training):
    assert not clearance_for(ohne_training).cleared  # the default requires the training
    default = standard()
    default.schutzschulung_noetig = False
    default.save()
    assert clearance_for(ohne_training).cleared and _listed(ohne_training)


def test_a_listed_conviction_blocks_even_a_programme_without_certificate(region_a, db):
    ohne_zeugnis = Programm.objects.create(name="Ohne Zeugnis", fuehrungszeugnis_noetig=False)
    kodex = make_kodex()  # one current version for all three
    clean = make_wegbegleiter(region_a)
    make_cleared(clean)
    convicted = make_wegbegleiter(region_a)
    make_cleared(convicted)
    FuehrungszeugnisFactory(wegbegleiter=convicted, conviction=True)
    without = make_wegbegleiter(region_a)
    sign(without, kodex)
    from tests.schutzkonzept.factories import SchutzschulungFactory

    SchutzschulungFactory(wegbegleiter=without)
    assert clearance_for(without, ohne_zeugnis).cleared  # no certificate needed here
    assert not clearance_for(without).cleared
    blocked = clearance_for(convicted, ohne_zeugnis)
    assert not blocked.cleared and blocked.conviction_listed
    everyone = Wegbegleiter.objects.filter(pk__in=[clean.pk, convicted.pk, without.pk])
    assert set(only_cleared(everyone, ohne_zeugnis)) == {clean, without}
    assert {w for w in annotate_clearance(everyone, ohne_zeugnis) if w.is_cleared} == {
        clean,
        without,
    }


def test_per_programme_list_is_one_query(region_a, ohne_schulung, django_assert_num_queries):
    for n in range(5):
        w = make_wegbegleiter(region_a)
        make_cleared(w)
        if n % 2:
            Programmteilnahme.objects.create(wegbegleiter=w, programm=ohne_schulung)
    with django_assert_num_queries(1):
        rows = list(annotate_clearance(Wegbegleiter.objects.all(), ohne_schulung))
        assert all(clearance_for(w, ohne_schulung).cleared for w in rows)
    with django_assert_num_queries(1):
        rows = list(annotate_clearance(Wegbegleiter.objects.all()))
        assert all(clearance_for(w).cleared for w in rows)


def test_the_volunteers_safeguarding_page_shows_each_programme(
    client, ohne_training, ohne_schulung, mit_schulung
):
    Programmteilnahme.objects.create(wegbegleiter=ohne_training, programm=ohne_schulung)
    Programmteilnahme.objects.create(wegbegleiter=ohne_training, programm=mit_schulung)
    client.force_login(ohne_training.user)
    text = client.get(reverse("schutzkonzept:uebersicht")).content.decode()
    assert "Ohne Schulung</strong>: freigegeben" in text
    assert (
        "Mit Schulung</strong>: noch nicht freigegeben (An der Schutzkonzept-Schulung teilgenommen)"
        in text
    )
