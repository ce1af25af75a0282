"""The generator writes the sizes asked for, and data that keeps the domain's rules."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.apps import apps
from django.db import models, transaction
from django.utils import timezone

from einrichtungen.einwilligungen import scope_granted
from einrichtungen.models import Anfrage, Einwilligung, Hilfeplangespraech, Jugendliche
from matching.models import (
    Abschluss,
    Begleitung,
    Bestaetigung,
    Kennenlernen,
    Treffen,
    Unterstuetzungskontakt,
    Vereinbarung,
)
from schutzkonzept.clearance import annotate_clearance
from schutzkonzept.models import Fuehrungszeugnis, Schutzschulung, Unterzeichnung
from testdaten.generator import Result, generate
from wegbegleitung.models import (
    AuditEvent,
    Benachrichtigung,
    Country,
    Region,
    Wegbegleiter,
)

pytestmark = pytest.mark.django_db
SCALE = 0.005
RUNNING = Begleitung.RUNNING_STATES
STARTED = (*RUNNING, "beendet")


@pytest.fixture(scope="module")
def generated(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Result]:
    """One data set for the module, rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield generate(scale=SCALE, seed=5)
        transaction.set_rollback(True)


def test_counts_are_the_national_sizes_scaled(generated: Result) -> None:
    # scale 0.005 of the national sizes: 500 facilities -> 2.5, rounded 2, at least 3;
    # 20,000 young people -> 100; 15,000 volunteers -> 75; 12,000 matches -> 60, of which
    # 4,000 running -> 20; 2,000,000 diary entries -> 10,000; 100,000 help-plan records -> 500;
    # 1,000,000 audit events -> 5,000; 500,000 notifications -> 2,500
    assert apps.get_model("einrichtungen", "Einrichtung").objects.count() == 3
    assert Jugendliche.objects.count() == 100
    assert Wegbegleiter.objects.count() == 75
    assert Begleitung.objects.count() == 60
    assert Begleitung.objects.filter(status__in=RUNNING).count() == 20
    assert Treffen.objects.count() == 10_000
    assert Hilfeplangespraech.objects.count() == 500
    # the generator's own events; the services it calls for facilities and roles add theirs
    assert AuditEvent.objects.filter(request_id__startswith="gen").count() == 5_000
    assert Benachrichtigung.objects.count() == 2_500
    # the big region: 2,000 open requests at full size -> 10, as many waiting volunteers
    big = Region.objects.get(name="Berlin")
    assert (
        Anfrage.objects.filter(status="offen", jugendliche__einrichtung__region=big).count() == 10
    )
    assert set(Region.objects.values_list("country", flat=True)) == set(Country.values)


def test_every_started_match_was_agreed_and_cleared(generated: Result) -> None:
    for b in Begleitung.objects.filter(status__in=STARTED).select_related("wegbegleiter"):
        assert b.started_on is not None
        agreement = Vereinbarung.objects.get(begleitung=b)
        confirmed = Bestaetigung.objects.filter(vereinbarung=agreement)
        assert confirmed.count() == 4
        assert all(c.at.date() <= b.started_on for c in confirmed)
        assert Kennenlernen.objects.filter(
            begleitung=b, zusage_wegbegleiter="ja", zusage_jugendliche="ja"
        ).exists()
        w = b.wegbegleiter
        assert Schutzschulung.objects.filter(wegbegleiter=w, attended_on__lte=b.started_on).exists()
        assert Unterzeichnung.objects.filter(
            wegbegleiter=w, signed_at__date__lte=b.started_on
        ).exists()
        assert w.activity_started_on is not None and w.activity_started_on <= b.started_on


def test_running_matches_have_cleared_mentors_and_consents(generated: Result) -> None:
    today = timezone.localdate()
    running = Begleitung.objects.filter(status__in=RUNNING)
    cleared = set(
        annotate_clearance(Wegbegleiter.objects.filter(begleitungen__in=running))
        .filter(is_cleared=True)
        .values_list("pk", flat=True)
    )
    for b in running.select_related("jugendliche__einrichtung__region"):
        assert b.wegbegleiter_id in cleared
        # the certificate kept is the latest: inspected before the start, or renewed since
        cert = Fuehrungszeugnis.objects.get(wegbegleiter=b.wegbegleiter_id)
        assert cert.inspected_on <= today
        j = b.jugendliche
        consents = list(Einwilligung.objects.filter(jugendliche=j))
        for scope in ("teilnahme", "datenweitergabe"):
            assert scope_granted(j, consents, scope, today), (b.pk, scope)
            assert scope_granted(j, consents, scope, b.started_on), (b.pk, scope)
        if b.status == "care_leaver":
            assert j.auszug_am is not None and j.auszug_am <= today


def test_ended_matches_have_a_closure_and_leavers_no_open_match(generated: Result) -> None:
    for b in Begleitung.objects.filter(status="beendet"):
        closure = Abschluss.objects.get(begleitung=b)
        assert b.started_on is not None and b.ended_on is not None
        assert closure.beendet_am == b.ended_on
        assert b.started_on <= b.ended_on <= timezone.localdate()
    left = Wegbegleiter.objects.filter(status="ausgeschieden")
    assert left.exists()
    assert not Begleitung.objects.filter(
        wegbegleiter__in=left, status__in=Begleitung.OPEN_STATES
    ).exists()
    # § 72a(5): certificate facts are gone six months after the last match of a leaver
    half_a_year = timezone.localdate() - timedelta(days=183)
    old_leavers = left.filter(activity_ended_on__lt=half_a_year)
    assert not Fuehrungszeugnis.objects.filter(wegbegleiter__in=old_leavers).exists()


def test_dates_are_not_in_the_future_and_spread_over_years(generated: Result) -> None:
    today = timezone.localdate()
    assert not Treffen.objects.filter(datum__gt=today).exists()
    assert not Unterstuetzungskontakt.objects.filter(datum__gt=today).exists()
    assert not Einwilligung.objects.filter(erteilt_am__gt=today).exists()
    assert not Fuehrungszeugnis.objects.filter(inspected_on__gt=today).exists()
    assert not Begleitung.objects.filter(proposed_at__gt=timezone.now()).exists()
    for t in Treffen.objects.select_related("begleitung").order_by("?")[:300]:
        b = t.begleitung
        assert b.started_on is not None and b.started_on <= t.datum
        assert b.ended_on is None or t.datum <= b.ended_on
    oldest = Treffen.objects.order_by("datum").values_list("datum", flat=True)[0]
    assert (today - oldest).days > 7 * 365  # ten years of data, give or take
    # a few mentors write thousands at full size (5,000, 3,500, 2,500); the number grows with
    # the square root of the scale: 5,000 × sqrt(0.005) = 353.6 -> 354, 247.5 -> 248, 177
    per_match = sorted(
        (
            row["n"]
            for row in Treffen.objects.values("begleitung").order_by().annotate(n=models_count())
        ),
        reverse=True,
    )
    assert {354, 248, 177} <= set(per_match)


def models_count() -> Any:
    from django.db.models import Count

    return Count("pk")


def test_help_plan_flags_follow_the_situation(generated: Result) -> None:
    today = timezone.localdate()
    invited = Hilfeplangespraech.objects.filter(wegbegleiter_eingeladen=True)
    assert invited.exists()
    for hpg in invited.select_related("jugendliche__einrichtung__region"):
        j = hpg.jugendliche
        day = min(hpg.datum, today)
        assert (
            Begleitung.objects.filter(jugendliche=j, started_on__lte=day, status__in=STARTED)
            .exclude(ended_on__lt=day)
            .exists()
        )
        assert scope_granted(j, list(j.einwilligungen.all()), "hilfeplan", day)
        assert hpg.wegbegleitung_erwogen
    assert not Hilfeplangespraech.objects.filter(
        wegbegleiter_teilgenommen=True, datum__gt=today
    ).exists()


def test_a_sample_of_every_model_passes_full_clean(generated: Result) -> None:
    rng = random.Random(3)
    checked = 0
    for label in ("wegbegleitung", "einrichtungen", "schutzkonzept", "matching"):
        for model in apps.get_app_config(label).get_models():
            if model._meta.proxy:
                continue
            pks = list(model.objects.values_list("pk", flat=True))
            for pk in rng.sample(pks, min(len(pks), 8)):
                model.objects.get(pk=pk).full_clean()
                checked += 1
    assert checked > 100


def test_requests_and_matches_are_spread_over_two_programmes(generated: Result) -> None:
    """The care-leaver programme beside the default one (issue 15): both hold requests and
    matches, a match is in its request's programme, and its volunteer serves in it."""
    from programme.models import Programm
    from testdaten.generator.programmes import CARE_LEAVER_NAME
    from wegbegleitung.models import Programmteilnahme

    care = Programm.objects.get(name=CARE_LEAVER_NAME)
    assert Programm.objects.count() == 2
    for programm in Programm.objects.all():
        assert Anfrage.objects.filter(programm=programm).exists(), programm
        assert Begleitung.objects.filter(programm=programm).exists(), programm
    with_request = Begleitung.objects.filter(anfrage__isnull=False)
    assert not with_request.exclude(programm=models.F("anfrage__programm")).exists()
    in_care = Begleitung.objects.filter(programm=care).values_list("wegbegleiter", flat=True)
    serving = Programmteilnahme.objects.filter(programm=care).values_list("wegbegleiter", flat=True)
    assert set(in_care) <= set(serving)
