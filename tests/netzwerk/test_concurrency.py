"""Two people take the last place at the same moment: two real PostgreSQL transactions in two
threads with their own connections. One gets the place, the other the waiting list."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import close_old_connections, transaction

from netzwerk.models import Anmeldung, Veranstaltung
from netzwerk.services.veranstaltungen import anmeldung_register
from tests.conftest import in_thread, need_postgresql
from tests.netzwerk.conftest import Cast
from tests.netzwerk.factories import make_event


@pytest.mark.django_db(transaction=True)
def test_two_registrations_for_the_last_place_at_once(cast: Cast):
    need_postgresql("two transactions that wait for each other's row locks")
    event = make_event(cast.alice, cast.region_a, kapazitaet=1)
    locked, results = threading.Event(), {}

    def sina_registers():
        # her registration is under way and holds the event's row ...
        with transaction.atomic():
            Veranstaltung.objects.select_for_update().get(pk=event.pk)
            locked.set()
            time.sleep(0.5)
            return anmeldung_register(acting_user=cast.staff_a, veranstaltung=event)

    def paul_registers():
        locked.wait(5)
        started = time.monotonic()
        try:
            return anmeldung_register(acting_user=cast.paul, veranstaltung=event)
        finally:
            results["paul_waited"] = time.monotonic() - started

    threads = [in_thread(sina_registers, results, "sina"),
               in_thread(paul_registers, results, "paul")]  # fmt: skip
    for thread in threads:
        thread.join(20)
    close_old_connections()
    assert results["sina"].status == Anmeldung.Status.ANGEMELDET
    assert results["paul"].status == Anmeldung.Status.WARTELISTE
    assert results["paul_waited"] >= 0.3  # paul really waited for sina's transaction
    event.refresh_from_db()
    assert event.belegt == 1
