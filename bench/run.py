"""Benchmark: every page a person uses, on generated data, as one table (issue 13).

    DATABASE_URL=postgres://root@127.0.0.1:5432/wegbegleitung \\
        .venv/bin/python bench/run.py [--scale 0.1] [--runs 5] [--keep | --reuse]

A scratch database ``<name>_bench`` is created next to the one of DATABASE_URL, migrated, filled
by the generator (``testdaten``) at ``--scale`` and dropped afterwards; ``--keep`` leaves it for
the next run, ``--reuse`` measures a kept one again without generating. Requests go through the
Django test client in this process with DEBUG off (the whole middleware stack, sessions, two
factor, German), logged in as the people who use each page: the mentor with the most diary
entries, the staff of the facility with the most young people, a coordinator of the region with
the most open requests, and a superuser. For each page the table shows the median server time of
``--runs`` runs (fewer when a page takes longer than ``--budget`` seconds in total), the number
of SQL queries of one run, and the status when it is not 200.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import logging
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import types
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wegbegleitung.settings")
    # settings load in try-out mode (no production secrets needed); DEBUG is switched off below,
    # before the first request, so templates, query logging and error pages run as in production
    os.environ.setdefault("DJANGO_DEBUG", "true")
    os.environ.setdefault("DATABASE_POOL", "false")
    import django

    django.setup()

from django.conf import settings
from django.db import OperationalError, connection
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import NoReverseMatch, Resolver404, path, resolve, reverse

from wegbegleitung.data_generation import data_changed

NOT_BUILT = "not built"


@dataclass
class Row:
    page: str
    who: str
    median_ms: float | None = None
    runs: int = 0
    queries: int | None = None
    note: str = ""


@dataclass
class Subjects:
    mentor: Any  # User with the most diary entries in an active match
    staff: Any  # User of the facility with the most young people
    coordinator: Any  # User coordinating the region with the most open requests
    superuser: Any
    region: Any
    anfrage: Any  # an open request of that region
    vereinbarung: Any
    unterzeichnung: Any
    letter: Any


# --- measuring --------------------------------------------------------------------------------


def measure(
    function: Callable[[], Any],
    *,
    runs: int,
    budget: float,
    before: Callable[[], None] = lambda: None,
) -> tuple[float, int, int, Any]:
    """Median seconds, queries of the last run, runs done, last result; ``before`` runs ahead of
    each run, outside the time and the query count."""
    times: list[float] = []
    result: Any = None
    queries = 0
    while len(times) < runs:
        before()
        count = 0

        def counter(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            started = time.perf_counter()
            result = function()
            times.append(time.perf_counter() - started)
        queries = count
        if sum(times) > budget:
            break
    return statistics.median(times), queries, len(times), result


def page_row(
    label: str,
    who: str,
    client: Client,
    url: str,
    *,
    runs: int,
    budget: float,
    fresh: bool = False,
    repeat: bool = False,
) -> Row:
    """One page; ``fresh``: the first visit after a write (every run after ``data_changed()``,
    so nothing remembered with the data's generation is found); ``repeat``: a repeat visit (one
    visit ahead, so every run finds what the page remembers)."""

    def get() -> Any:
        return client.get(url, follow=True)

    if repeat:
        get()

    before = data_changed if fresh else (lambda: None)
    try:
        seconds, queries, done, response = measure(get, runs=runs, budget=budget, before=before)
    except OperationalError as exc:  # statement_timeout (--timeout): the page does not answer
        return Row(label, who, note=f"no answer: {str(exc).splitlines()[0][:60]}")
    status = response.status_code
    note = "" if status == 200 else f"status {status}"
    if response.redirect_chain:
        note = (note + " " if note else "") + "after redirect"
    return Row(label, who, seconds * 1000, done, queries, note)


def call_row(label: str, who: str, function: Callable[[], Any], *, runs: int, budget: float) -> Row:
    try:
        seconds, queries, done, result = measure(function, runs=runs, budget=budget)
    except OperationalError as exc:
        return Row(label, who, note=f"no answer: {str(exc).splitlines()[0][:60]}")
    row = Row(label, who, seconds * 1000, done, queries)
    if isinstance(result, dict):  # the reminder run: kinds that failed are -1
        failed = sorted(k for k, v in result.items() if v == -1)
        row.note = f"failed: {', '.join(failed)}" if failed else f"{sum(result.values())} found due"
    return row


# --- who and what -----------------------------------------------------------------------------


def subjects() -> Subjects:
    from einrichtungen.models import Anfrage, Einrichtung
    from matching.models import Begleitung, Vereinbarung
    from schutzkonzept.models import Antragsbestaetigung, Unterzeichnung
    from wegbegleitung.models import Region, User

    busiest = (
        Begleitung.objects.filter(status="aktiv", wegbegleiter__user__is_active=True)
        .annotate(n=Count("treffen"))
        .order_by("-n", "pk")
        .first()
    )
    assert busiest is not None, "no matches: generate data first"
    facility = Einrichtung.objects.annotate(n=Count("jugendliche")).order_by("-n", "pk").first()
    region = (
        Region.objects.annotate(
            n=Count("einrichtungen__jugendliche__anfragen", filter=_open_request())
        )
        .order_by("-n", "pk")
        .first()
    )
    assert facility is not None and region is not None
    staff = User.objects.filter(groups=facility.staff_group).order_by("pk").first()
    coordinator = region.coordinators.order_by("pk").first()
    superuser = User.objects.filter(is_superuser=True).order_by("pk").first()
    anfrage = (
        Anfrage.objects.filter(status="offen", jugendliche__einrichtung__region=region)
        .order_by("angefragt_am", "pk")
        .first()
    )
    vereinbarung = Vereinbarung.objects.filter(begleitung__status="aktiv").order_by("pk").first()
    unterzeichnung = Unterzeichnung.objects.order_by("-pk").first()
    volunteer = busiest.wegbegleiter
    letter = Antragsbestaetigung.objects.create(
        wegbegleiter=volunteer, country=volunteer.region.country if volunteer.region else "DE"
    )
    return Subjects(
        busiest.wegbegleiter.user, staff, coordinator, superuser, region, anfrage,
        vereinbarung, unterzeichnung, letter,
    )  # fmt: skip


def _open_request() -> Any:
    from django.db.models import Q

    return Q(einrichtungen__jugendliche__anfragen__status__in=["offen", "in_bearbeitung"])


def logged_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- the table --------------------------------------------------------------------------------


def measure_all(
    *,
    runs: int = 5,
    budget: float = 30.0,
    throughput_seconds: float = 3.0,
    timeout: float = 0,
    only: str = "",
    on_row: Callable[[Row], None] = lambda _row: None,
) -> list[Row]:
    """Every page of the list in issue 13, measured on the data in the database.

    ``timeout``: seconds after which PostgreSQL cancels a query (0: never); such a page shows
    "no answer" instead of holding up the table for many minutes at full size. ``only``: measure
    just the steps whose name contains one of these comma-separated words (e.g. "diary,due").
    """
    settings.DEBUG = False
    if timeout:
        connection.cursor().execute(f"SET statement_timeout = {int(timeout * 1000)}")
    install_bare_view()
    s = subjects()
    mentor, staff = logged_in(s.mentor), logged_in(s.staff)
    coordinator, superuser = logged_in(s.coordinator), logged_in(s.superuser)
    kw: dict[str, Any] = {"runs": runs, "budget": budget}
    admin_home, due = reverse("admin:index"), reverse("admin:matching_begleitung_uebersicht")
    suggestions = reverse("admin:matching_vermittlung_change", args=[s.anfrage.pk])
    proposal = reverse("admin:matching_vermittlung_region", args=[s.region.pk])
    # quick ones first: at full size the slow ones may be cut short (--timeout, or stopped)
    changelists = changelist_steps({"coordinator": coordinator, "superuser": superuser}, **kw)
    steps: list[tuple[str, Callable[[], Row | list[Row]]]] = [
        ("portal start", lambda: page_row("portal start", "mentor", mentor, reverse("portal:start"), **kw)),
        ("diary", lambda: page_row("diary (most entries)", "mentor", mentor, reverse("matching:portal"), **kw)),
        ("staff list", lambda: page_row("staff list", "staff", staff, reverse("matching:staff_list"), **kw)),
        ("staff home", lambda: page_row("staff home", "staff", staff, reverse("einrichtungen:start"), **kw)),
        ("throughput", lambda: throughput_rows(mentor, seconds=throughput_seconds)),
        ("suggestions", lambda: page_row("suggestions for one request", "coordinator", coordinator, suggestions, **kw)),
        ("pdf", lambda: pdf_rows(s, **kw)),
        ("export", lambda: export_row(s, **kw)),
        ("reports", lambda: reports_row(coordinator, **kw)),
        ("reports", lambda: reports_row(coordinator, fresh=True, **kw)),
        *((f"admin list {label}", step) for label, step in changelists),
        ("home", lambda: page_row("coordinators' home /admin/", "coordinator", coordinator, admin_home, repeat=True, **kw)),
        ("home", lambda: page_row("coordinators' home /admin/", "superuser", superuser, admin_home, repeat=True, **kw)),
        ("home", lambda: page_row("coordinators' home /admin/, first visit after a write", "coordinator", coordinator, admin_home, fresh=True, **kw)),
        ("home", lambda: page_row("coordinators' home /admin/, first visit after a write", "superuser", superuser, admin_home, fresh=True, **kw)),
        ("due", lambda: page_row("what is due", "coordinator", coordinator, due, repeat=True, **kw)),
        ("due", lambda: page_row("what is due, first visit after a write", "coordinator", coordinator, due, fresh=True, **kw)),
        ("proposal", lambda: page_row(f"region proposal ({_waiting(s.region.pk)})", "coordinator", coordinator, proposal, **kw)),
        *(("reminder", step) for step in reminder_steps(**kw)),
    ]  # fmt: skip
    wanted = [w.strip().lower() for w in only.split(",") if w.strip()]
    rows: list[Row] = []
    for name, step in steps:
        if wanted and not any(w in name.lower() for w in wanted):
            continue
        done = step()
        for row in done if isinstance(done, list) else [done]:
            rows.append(row)
            on_row(row)
    return rows


def _waiting(region_id: int) -> str:
    from matching.profiles import candidate_list
    from matching.suggestions import waiting_anfragen

    return f"{waiting_anfragen(region_id=region_id).count()} × {candidate_list(region_id=region_id).count()}"


def reports_row(client: Client, *, runs: int, budget: float, fresh: bool = False) -> Row:
    try:
        found = resolve("/admin/berichte/")
    except Resolver404:
        found = None
    # the admin answers every path below it: its app index and its catch-all are not the page
    if found is None or found.url_name in ("app_list", None):
        return Row("reports /admin/berichte/", "coordinator", note=NOT_BUILT)
    label = "reports /admin/berichte/" + (", first visit after a write" if fresh else "")
    return page_row(
        label, "coordinator", client, "/admin/berichte/", runs=runs, budget=budget,
        fresh=fresh, repeat=not fresh,
    )  # fmt: skip


def changelist_steps(
    clients: dict[str, Client], *, runs: int, budget: float
) -> list[tuple[str, Callable[[], Row]]]:
    """Every admin changelist (``admin.site._registry``) as each client, default filters."""
    from django.contrib import admin

    steps: list[tuple[str, Callable[[], Row]]] = []
    for model in sorted(admin.site._registry, key=lambda m: m._meta.label):
        opts = model._meta
        try:
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        except NoReverseMatch:
            continue
        for who, client in clients.items():
            step = functools.partial(
                page_row, f"admin list {opts.label}", who, client, url, runs=runs, budget=budget
            )
            steps.append((opts.label, step))
    return steps


def reminder_steps(*, runs: int, budget: float) -> list[Callable[[], Row]]:
    from wegbegleitung.notifications.reminders import reminders_run

    return [
        lambda: call_row(
            "reminder run (first today)", "task", reminders_run, runs=1, budget=budget
        ),
        lambda: call_row(
            "reminder run (again, nothing new)", "task", reminders_run, runs=runs, budget=budget
        ),
    ]


def pdf_rows(s: Subjects, *, runs: int, budget: float) -> list[Row]:
    from matching.models import Vereinbarung
    from matching.services.records.vereinbarung import vereinbarung_render
    from schutzkonzept.models import Antragsbestaetigung, Unterzeichnung
    from schutzkonzept.pdf import private_path
    from schutzkonzept.services.certificates import antragsbestaetigung_render
    from schutzkonzept.services.conduct import unterzeichnung_render

    cases: list[tuple[str, Any, Callable[[int], Any], Any]] = [
        ("PDF agreement", Vereinbarung, lambda pk: vereinbarung_render(vereinbarung_id=pk), s.vereinbarung),
        ("PDF code of conduct signed", Unterzeichnung, lambda pk: unterzeichnung_render(unterzeichnung_id=pk), s.unterzeichnung),
        ("PDF confirmation letter", Antragsbestaetigung, lambda pk: antragsbestaetigung_render(letter_id=pk), s.letter),
    ]  # fmt: skip
    rows = []
    for label, model, render, obj in cases:
        if obj is None:
            rows.append(Row(label, "task", note="no record"))
            continue

        def once(model: Any = model, render: Any = render, obj: Any = obj) -> Any:
            model.objects.filter(pk=obj.pk).update(pdf="")  # render anew every run
            return render(obj.pk)

        row = call_row(label, "task", once, runs=runs, budget=budget)
        pdf = model.objects.get(pk=obj.pk).pdf
        pages = pdf_pages(private_path(pdf)) if pdf else 0
        row.note = (
            f"{pages} page(s), {row.median_ms / max(pages, 1):.0f} ms per page"
            if row.median_ms
            else ""
        )
        rows.append(row)
    return rows


def pdf_pages(file: Path) -> int:
    """Pages as poppler's ``pdfinfo`` reads them (0 when it is missing)."""
    if shutil.which("pdfinfo") is None:
        return 0
    info = subprocess.run(["pdfinfo", str(file)], capture_output=True, text=True, check=False)
    found = re.search(r"^Pages:\s+(\d+)", info.stdout, re.MULTILINE)
    return int(found.group(1)) if found else 0


def export_row(s: Subjects, *, runs: int, budget: float) -> Row:
    """100,000 rows through the CSV writer of ``wegbegleitung.exports`` (what a background export
    writes), into a file; the peak of Python memory is in the note."""
    import tracemalloc

    from wegbegleitung.exports import formats
    from wegbegleitung.models import AuditEvent

    label = "export of 100,000 rows"
    peaks: list[int] = []

    def once() -> Any:
        rows = AuditEvent.objects.values_list("at", "action", "object_id")[:100_000]
        tracemalloc.start()
        with tempfile.TemporaryFile("w+", encoding="utf-8", newline="") as target:
            formats.write_csv(target, ["at", "action", "id"], rows.iterator(chunk_size=2000))
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()

    row = call_row(label, "coordinator", once, runs=runs, budget=budget)
    if peaks and not row.note:
        row = dataclasses.replace(row, note=f"peak {max(peaks) / 1e6:.1f} MB")
    return row


# --- throughput -------------------------------------------------------------------------------

BARE_URL = "/bench-bare/"
TURN_SECONDS = 0.25  # the portal start and the bare view take turns this long


def bare_view(request: HttpRequest) -> HttpResponse:
    """A view that reads one row: what the portal start is compared against."""
    from wegbegleitung.models import Region

    region = Region.objects.order_by("pk").first()
    return HttpResponse(region.name if region else "")


def install_bare_view() -> None:
    """The project's URLs plus the bare view, so both pass the same middleware."""
    name = "bench_urls"
    if name not in sys.modules:
        module = types.ModuleType(name)
        from django.urls import include

        module.__dict__["urlpatterns"] = [
            path(BARE_URL.strip("/") + "/", bare_view),
            path("", include(settings.ROOT_URLCONF)),
        ]
        sys.modules[name] = module
    settings.ROOT_URLCONF = name
    from django.urls import clear_url_caches

    clear_url_caches()


def requests_per_second(client: Client, urls: list[str], seconds: float) -> list[float]:
    """Requests per second for each URL, requested in turns of a quarter of a second until each
    had ``seconds``: a change in the machine's load (other processes on the shared cores) then
    falls on all of them alike instead of on whichever ran first. One request of each before the
    clock starts: the first visit after a write computes what a page remembers."""
    for url in urls:
        client.get(url)
    done, spent = [0] * len(urls), [0.0] * len(urls)
    while min(spent) < seconds or min(done) < 3:
        for i, url in enumerate(urls):
            started = time.perf_counter()
            while (elapsed := time.perf_counter() - started) < TURN_SECONDS:
                client.get(url)
                done[i] += 1
            spent[i] += elapsed
    return [n / t for n, t in zip(done, spent, strict=True)]


def throughput_rows(client: Client, *, seconds: float) -> list[Row]:
    portal, bare = requests_per_second(client, [reverse("portal:start"), BARE_URL], seconds)
    return [
        Row("throughput portal start (req/s)", "mentor", note=f"{portal:.1f} req/s"),
        Row("throughput bare view, one row (req/s)", "mentor", note=f"{bare:.1f} req/s"),
        Row("bare view ÷ portal start", "", note=f"{bare / portal:.1f}× (target ≤ 2×)"),
    ]


def line(r: Row) -> str:
    median = f"{r.median_ms:.1f}" if r.median_ms is not None else "–"
    queries = str(r.queries) if r.queries is not None else "–"
    return f"| {r.page} | {r.who} | {median} | {r.runs or '–'} | {queries} | {r.note} |"


def table(rows: list[Row]) -> str:
    lines = ["| page | as | median ms | runs | queries | note |", "|---|---|---:|---:|---:|---|"]
    return "\n".join(lines + [line(r) for r in rows])


# --- the command ------------------------------------------------------------------------------


def bench_database(*, reuse: bool) -> str:
    if connection.vendor != "postgresql":
        sys.exit("DATABASE_URL must point to PostgreSQL")
    original = str(connection.settings_dict["NAME"])
    name = f"{original}_bench"
    settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = name
    connection.settings_dict["TEST"] = settings.DATABASES["default"]["TEST"]
    if reuse:
        connection.close()
        settings.DATABASES["default"]["NAME"] = name
        connection.settings_dict["NAME"] = name
    else:
        connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    return original


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--scale", type=float, default=0.1, help="1.0 = national size")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--runs", type=int, default=5, help="runs per page; the median is shown")
    parser.add_argument(
        "--budget", type=float, default=30.0, help="seconds per page at most (fewer runs)"
    )
    parser.add_argument(
        "--timeout", type=float, default=0, help="cancel a query after this many seconds"
    )
    parser.add_argument("--keep", action="store_true", help="keep the <name>_bench database")
    parser.add_argument("--reuse", action="store_true", help="measure a kept <name>_bench again")
    parser.add_argument(
        "--only", default="", help="comma-separated words: measure only the steps they name"
    )
    args = parser.parse_args()

    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test client's host, mails kept in memory
    # refused admin lists (a coordinator may not see users) are rows of the table, not tracebacks
    logging.getLogger("django.request").setLevel(logging.ERROR)
    private = tempfile.TemporaryDirectory(prefix="wb-bench-")
    settings.PRIVATE_FILES_ROOT = Path(private.name)  # the PDFs written while measuring
    original = bench_database(reuse=args.reuse)
    try:
        if not args.reuse:
            from testdaten.generator import generate

            result = generate(scale=args.scale, seed=args.seed, out=say)
            say(f"generated scale {args.scale} in {result.seconds:.1f} s")
        connection.cursor().execute("ANALYZE")
        started = time.perf_counter()
        say(table([]))  # the rows follow as they are measured, then the whole table once more
        rows = measure_all(
            runs=args.runs,
            budget=args.budget,
            timeout=args.timeout,
            only=args.only,
            on_row=lambda r: say(line(r)),
        )
        say(
            f"measured in {time.perf_counter() - started:.0f} s, {connection.settings_dict['NAME']}"
        )
        say(table(rows))
    finally:
        private.cleanup()
        if not (args.keep or args.reuse):
            connection.creation.destroy_test_db(original, verbosity=0)


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
