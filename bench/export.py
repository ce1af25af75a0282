"""Benchmark: a background export of 100,000 rows as CSV and as XLSX, in a scratch database.

Run with the PostgreSQL server of DATABASE_URL (a database ``<name>_bench`` is created, migrated
and dropped afterwards):

    DATABASE_URL=postgres://root@127.0.0.1:5432/wegbegleitung DJANGO_DEBUG=true \\
        .venv/bin/python bench/export.py [--rows 100000] [--no-trace]

The list is the admin's volunteers list (``admin.wegbegleitung.wegbegleiter``, the real
changelist with its annotations, region scoping and columns) for a coordinator whose region
holds every row. Each format runs the job's body (``export_run``, what the Celery task calls)
twice: once for the wall time, once under ``tracemalloc`` for the peak of Python's allocations
(tracing slows it down, so its time is not the one to read). The peak must stay a small, flat
amount however many rows there are: the rows come from ``QuerySet.iterator(chunk_size=...)`` and
both writers write row by row (openpyxl in write-only mode).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wegbegleitung.settings")
os.environ.setdefault("DATABASE_POOL", "false")  # one connection is all a script needs

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402

BATCH = 5000
SOURCE = "admin.wegbegleitung.wegbegleiter"


def scratch_database() -> Any:
    if connection.vendor != "postgresql":
        sys.exit("DATABASE_URL must point to PostgreSQL")
    settings.DATABASES["default"].setdefault("TEST", {})
    settings.DATABASES["default"]["TEST"]["NAME"] = f"{connection.settings_dict['NAME']}_bench"
    connection.settings_dict["TEST"] = settings.DATABASES["default"]["TEST"]
    return connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)


def generate(count: int) -> Any:
    """One region with one coordinator and ``count`` volunteers in it (bulk_create)."""
    from wegbegleitung.models import Region, User, Wegbegleiter
    from wegbegleitung.roles import Role
    from wegbegleitung.services.roles import user_grant_role

    region = Region.objects.create(name="Bench", country="DE")
    coordinator = User.objects.create(email="koord@bench.example", password="!")
    user_grant_role(acting_user=None, user=coordinator, role=Role.KOORDINATION, region=region)
    for start in range(0, count, BATCH):
        size = min(BATCH, count - start)
        users = User.objects.bulk_create(
            [
                User(
                    email=f"wb{n}@bench.example",
                    first_name=f"Vorname{n}",
                    last_name=f"Nachname{n}",
                    password="!",
                )
                for n in range(start, start + size)
            ]  # fmt: skip
        )
        Wegbegleiter.objects.bulk_create(
            [
                Wegbegleiter(user=u, region=region, status=Wegbegleiter.Status.BEWORBEN)
                for u in users
            ]
        )
    return User.objects.get(pk=coordinator.pk)


def say(*parts: object) -> None:
    sys.stdout.write(" ".join(str(p) for p in parts) + "\n")
    sys.stdout.flush()


def run_once(coordinator: Any, fmt: str, rows: int) -> tuple[float, Path]:
    from wegbegleitung.exports.services import export_run, private_path
    from wegbegleitung.models import Export

    export = Export.objects.create(
        requested_by=coordinator, source=SOURCE, format=fmt, rows_total=rows
    )
    started = time.perf_counter()
    assert export_run(export_id=export.pk), "the export failed"
    elapsed = time.perf_counter() - started
    export.refresh_from_db()
    assert export.rows_done == rows, (export.rows_done, rows)
    return elapsed, private_path(export.file)


def traced(action: Callable[[], Any]) -> int:
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--no-trace", action="store_true", help="skip the tracemalloc runs")
    args = parser.parse_args()

    old_name = connection.settings_dict["NAME"]
    scratch_database()
    settings.PRIVATE_FILES_ROOT = Path(tempfile.mkdtemp(prefix="wb-export-bench-"))
    try:
        started = time.perf_counter()
        coordinator = generate(args.rows)
        say(f"generated {args.rows} volunteers in {time.perf_counter() - started:.1f} s")
        for fmt in ("csv", "xlsx"):
            elapsed, path = run_once(coordinator, fmt, args.rows)
            size = path.stat().st_size
            say(f"{fmt}: {args.rows} rows in {elapsed:.1f} s, file {size / 1e6:.1f} MB")
            if not args.no_trace:
                peak = traced(partial(run_once, coordinator, fmt, args.rows))
                say(f"  peak of Python allocations (tracemalloc): {peak / 1e6:.2f} MB")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
