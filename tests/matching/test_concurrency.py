"""Two coordinators act on the same volunteer at the same moment: two real PostgreSQL
transactions in two threads with their own connections. One succeeds, the other is told."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import IntegrityError, close_old_connections, transaction

from matching.models import Begleitung
from matching.services import TransitionRefused
from tests.conftest import in_thread, need_postgresql
from tests.factories import make_user
from tests.matching.factories import make_anfrage, make_mentor, propose
from wegbegleitung.models import Wegbegleiter
from wegbegleitung.roles import Role


@pytest.mark.django_db(transaction=True)
def test_two_coordinators_propose_the_same_volunteer_at_once(region_a, einrichtung_a, alice):
    need_postgresql("two transactions that wait for each other's row locks")
    carla = make_user(Role.KOORDINATION, region=region_a, email="carla@example.org")
    mentor = make_mentor(region_a)
    first, second = make_anfrage(einrichtung_a), make_anfrage(einrichtung_a)
    locked, results = threading.Event(), {}

    def alice_acts():
        # alice's service call is under way and holds the volunteer's row ...
        with transaction.atomic():
            Wegbegleiter.objects.select_for_update().get(pk=mentor.pk)
            locked.set()
            time.sleep(0.5)
            return propose(alice, first, mentor)

    def carla_acts():
        locked.wait(5)
        started = time.monotonic()
        try:
            return propose(carla, second, mentor)
        finally:
            results["carla_waited"] = time.monotonic() - started

    threads = [in_thread(alice_acts, results, "alice"), in_thread(carla_acts, results, "carla")]
    for thread in threads:
        thread.join(20)
    close_old_connections()
    assert isinstance(results["alice"], Begleitung)
    assert isinstance(results["carla"], TransitionRefused)
    assert "keine freie Kapazität" in results["carla"].messages[0]
    assert results["carla_waited"] >= 0.3  # carla really waited for alice's transaction
    assert list(Begleitung.objects.values_list("anfrage", flat=True)) == [first.pk]


@pytest.mark.django_db(transaction=True)
def test_two_coordinators_propose_for_the_same_young_person_at_once(region_a, einrichtung_a, alice):
    need_postgresql("two transactions that wait for each other's row locks")
    carla = make_user(Role.KOORDINATION, region=region_a, email="carla@example.org")
    anfrage = make_anfrage(einrichtung_a)
    one, two = make_mentor(region_a), make_mentor(region_a)
    barrier, results = threading.Barrier(2), {}

    def act(user, mentor):
        def run():
            barrier.wait(5)
            return propose(user, anfrage, mentor)

        return run

    threads = [
        in_thread(act(alice, one), results, "alice"),
        in_thread(act(carla, two), results, "carla"),
    ]
    for thread in threads:
        thread.join(20)
    close_old_connections()
    outcomes = sorted(type(r).__name__ for r in (results["alice"], results["carla"]))
    assert outcomes == ["Begleitung", "TransitionRefused"]
    refused = next(r for r in results.values() if isinstance(r, TransitionRefused))
    assert "bereits eine Begleitung" in refused.messages[0]
    assert Begleitung.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_database_refuses_a_second_open_match_in_the_same_slot(region_a, einrichtung_a, alice):
    mentor = make_mentor(region_a)
    begleitung = propose(alice, make_anfrage(einrichtung_a), mentor)
    other = make_anfrage(einrichtung_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        Begleitung.objects.create(
            wegbegleiter=mentor, jugendliche=other.jugendliche, slot=begleitung.slot
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Begleitung.objects.create(
            wegbegleiter=make_mentor(region_a), jugendliche=begleitung.jugendliche, slot=1
        )
