"""Benchmark: the daily reminder run over 20,000 volunteers, in a scratch database.

Run with the PostgreSQL server of DATABASE_URL (a database ``<name>_bench`` is created, migrated
and dropped afterwards):

    DATABASE_URL=postgres://root@127.0.0.1:5432/wegbegleitung DJANGO_DEBUG=true \\
        .venv/bin/python bench/reminders.py [--volunteers 20000] [--deliver]

It prints the wall time and the number of queries of the run (finding everything that is due
and recording it in the notification log), and of a second run on the same day, which must
record nothing new. The data is a worst case: every volunteer is in a real match
(``matching.Begleitung``: 90 % active, 5 % care-leaver phase, 5 % waiting for the agreement's
confirmations), nobody has attended supervision, a third never wrote in the diary and support
contacts are rare, so most of them are due. The providers and selectors are the real ones of the
matching app. ``--deliver`` also mails every recorded row to
Django's in-memory backend (one transaction per mail: several minutes for ~78,000 rows).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wegbegleitung.settings")
os.environ.setdefault("DATABASE_POOL", "false")  # one connection is all a script needs

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

BATCH = 2000


def scratch_database() -> Any:
    if connection.vendor != "postgresql":
        sys.exit("DATABASE_URL must point to PostgreSQL")
    settings.DATABASES["default"].setdefault("TEST", {})
    settings.DATABASES["default"]["TEST"]["NAME"] = f"{connection.settings_dict['NAME']}_bench"
    connection.settings_dict["TEST"] = settings.DATABASES["default"]["TEST"]
    return connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)


def generate(count: int, today: date) -> None:
    """Volunteers with certificates, code of conduct, matches, conferences (bulk_create)."""
    from einrichtungen.models import Einwilligung, Hilfeplangespraech, Jugendliche
    from einrichtungen.services import einrichtung_create
    from schutzkonzept.models import Fuehrungszeugnis, Unterzeichnung, Verhaltenskodex
    from wegbegleitung.models import Region, User, Wegbegleiter

    rng = random.Random(7)  # noqa: S311 - test data, not secrets
    regions = [Region.objects.create(name=f"Region {n}", country="DE") for n in range(10)]
    for n, region in enumerate(regions):
        for k in range(2):
            region.coordinators.add(
                User.objects.create(email=f"koord{n}-{k}@bench.example", password="!")
            )
    users = User.objects.bulk_create(
        [
            User(email=f"wb{n}@bench.example", first_name=f"W{n}", password="!")
            for n in range(count)
        ],
        batch_size=BATCH,
    )
    volunteers = Wegbegleiter.objects.bulk_create(
        [
            Wegbegleiter(
                user=u, region=regions[n % 10], status=Wegbegleiter.Status.VERFUEGBAR,
                activity_started_on=today - timedelta(days=rng.randint(1, 900)),
            )
            for n, u in enumerate(users)
        ],
        batch_size=BATCH,
    )  # fmt: skip
    five_years = 5 * 365
    Fuehrungszeugnis.objects.bulk_create(
        [
            Fuehrungszeugnis(
                wegbegleiter=w, art="de_efz", relevant_conviction=False,
                issued_on=(issued := today - timedelta(days=rng.randint(0, five_years))),
                inspected_on=issued + timedelta(days=3),
            )
            for w in volunteers
        ],
        batch_size=BATCH,
    )  # fmt: skip
    old = Verhaltenskodex.objects.create(
        version=1, title="V1", text="a", published_at=timezone.now()
    )
    Verhaltenskodex.objects.create(version=2, title="V2", text="b", published_at=timezone.now())
    Unterzeichnung.objects.bulk_create(
        [Unterzeichnung(wegbegleiter=w, verhaltenskodex=old, typed_name="x") for w in volunteers],
        batch_size=BATCH,
    )
    facilities = [
        einrichtung_create(acting_user=None, name=f"Bench-Wohngruppe {n}", region=region)
        for n, region in enumerate(regions)
    ]
    youths = Jugendliche.objects.bulk_create(
        [
            Jugendliche(einrichtung=facilities[n % 10], vorname=f"J{n}", geburtsmonat=3, geburtsjahr=today.year - 14)
            for n in range(count)
        ],
        batch_size=BATCH,
    )  # fmt: skip
    Einwilligung.objects.bulk_create(
        [
            Einwilligung(jugendliche=j, bereich=b, inhaber="sorgeberechtigte", erteilt_am=date(2020, 1, 1))
            for j in youths[:2000]
            for b in ("teilnahme", "datenweitergabe", "hilfeplan")
        ],
        batch_size=BATCH,
    )  # fmt: skip
    Hilfeplangespraech.objects.bulk_create(
        [
            Hilfeplangespraech(jugendliche=j, datum=today + timedelta(days=n % 30), wegbegleiter_eingeladen=True)
            for n, j in enumerate(youths[:2000])
        ],
        batch_size=BATCH,
    )  # fmt: skip
    matches(volunteers, youths, today, rng)


def matches(volunteers: list[Any], youths: list[Any], today: date, rng: random.Random) -> None:
    """One match per volunteer (both in the same region), with diary entries and contacts."""
    from matching.models import Begleitung, Treffen, Unterstuetzungskontakt, Vereinbarung

    def status(n: int) -> str:
        return "vereinbarung" if n % 20 == 0 else "care_leaver" if n % 20 == 1 else "aktiv"

    rows = Begleitung.objects.bulk_create(
        [
            Begleitung(
                wegbegleiter=w, jugendliche=j, status=status(n),
                started_on=None if status(n) == "vereinbarung" else w.activity_started_on,
            )
            for n, (w, j) in enumerate(zip(volunteers, youths, strict=True))
        ],
        batch_size=BATCH,
    )  # fmt: skip
    running = [b for b in rows if b.started_on]
    Vereinbarung.objects.bulk_create(
        [
            Vereinbarung(begleitung=b, rollen="r", regeln="s", kontakt="k",
                         created_at=timezone.now() - timedelta(days=rng.randint(0, 10)))
            for b in rows if b.status == "vereinbarung"
        ],
        batch_size=BATCH,
    )  # fmt: skip
    Treffen.objects.bulk_create(
        [
            Treffen(begleitung=b, datum=today - timedelta(days=rng.randint(0, 60)),
                    dauer_minuten=60, aktivitaet="a", stimmung="gut")
            for n, b in enumerate(running) if n % 3
        ],
        batch_size=BATCH,
    )  # fmt: skip
    Unterstuetzungskontakt.objects.bulk_create(
        [
            Unterstuetzungskontakt(
                begleitung=b, mit="wegbegleiter", datum=today - timedelta(days=rng.randint(0, 120)),
                dauer_minuten=30, kanal="telefon", aktivitaeten="a", beziehung="b",
                kinderschutz="c", wirkung="d", ist_review=n % 4 == 0,
            )
            for n, b in enumerate(running) if n % 2
        ],
        batch_size=BATCH,
    )  # fmt: skip


def say(*parts: object) -> None:
    sys.stdout.write(" ".join(str(p) for p in parts) + "\n")


def timed(label: str, function: Any) -> Any:
    count = 0

    def counter(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        started = time.perf_counter()
        result = function()
        seconds = time.perf_counter() - started
    say(f"{label}: {seconds:.2f} s, {count} queries")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--volunteers", type=int, default=20_000)
    parser.add_argument("--deliver", action="store_true")
    args = parser.parse_args()

    from wegbegleitung.models import Benachrichtigung
    from wegbegleitung.notifications.delivery import deliver_due
    from wegbegleitung.notifications.reminders import reminders_run

    old_name = connection.settings_dict["NAME"]
    scratch_database()
    try:
        today = timezone.localdate()
        started = time.perf_counter()
        generate(args.volunteers, today)
        say(
            f"generated {args.volunteers} volunteers with their matches"
            f" in {time.perf_counter() - started:.1f} s"
        )
        due = timed("reminder run", lambda: reminders_run(day=today))
        say("  due per kind:", {k: v for k, v in due.items() if v})
        say(f"  rows in the log: {Benachrichtigung.objects.count()}")
        timed("second run (same day)", lambda: reminders_run(day=today))
        say(f"  rows in the log: {Benachrichtigung.objects.count()} (nothing new)")
        if args.deliver:
            settings.MAILERS = {
                "default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
            }
            from django.core import mail

            mail.outbox = []
            sent = timed("delivery (in-memory mail)", deliver_due)
            say(f"  mailed: {sent}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
