"""Issue 4's promise, checked where it matters: a volunteer whose certificate has expired is
never offered anywhere — not in the suggestions, not in the region proposal, not as a proposal
a coordinator could still make — even when everything else about them fits perfectly."""

from __future__ import annotations

import pytest

from matching import suggestions
from matching.services import TransitionRefused
from schutzkonzept.models import Fuehrungszeugnis
from tests.matching.factories import make_anfrage, make_mentor, propose
from tests.schutzkonzept.factories import FuehrungszeugnisFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def expired(region_a):
    mentor = make_mentor(region_a, email="expired@example.org")
    Fuehrungszeugnis.objects.filter(wegbegleiter=mentor).delete()
    FuehrungszeugnisFactory(wegbegleiter=mentor, expired_certificate=True)
    return mentor


def test_expired_certificate_is_never_suggested_or_proposed(
    region_a, einrichtung_a, alice, expired
):
    fits = make_mentor(region_a, email="fits@example.org")
    anfrage = make_anfrage(einrichtung_a, vorname="Malik")
    suggested = [v.wegbegleiter for v in suggestions.vorschlaege_for(anfrage)]
    assert fits in suggested and expired not in suggested
    paired = {p.wegbegleiter.pk for p in suggestions.regionsvorschlag_for(region_id=region_a.pk)}
    assert expired.pk not in paired
    with pytest.raises(TransitionRefused):
        propose(alice, anfrage, expired)


def test_only_the_expired_volunteer_leaves_the_region_proposal_empty(
    region_a, einrichtung_a, expired
):
    make_anfrage(einrichtung_a, vorname="Malik")
    assert suggestions.regionsvorschlag_for(region_id=region_a.pk) == []
