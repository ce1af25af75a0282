"""Load test: logged-in volunteers, facility staff and coordinators against gunicorn on PostgreSQL.

    DATABASE_URL=postgres://root@127.0.0.1:5432/wegbegleitung REDIS_URL=redis://127.0.0.1:6379/8 \\
        .venv/bin/python bench/load.py [--users 12] [--duration 60] [--extra-matches 30]

What it does (docs/load.md has the figures measured):

1. creates a scratch database ``<name>_load`` next to DATABASE_URL's, migrates it, loads the demo
   (``manage.py demo``) and adds ``--extra-matches`` running matches (mentor, young person of the
   demo facility, agreement confirmed by all, three diary entries each) through the services;
2. collects the static files and starts gunicorn with production settings (``DJANGO_DEBUG``
   off, a generated secret key, WhiteNoise serving the manifest static files, the connection
   pool); tasks go to a Redis queue of their own that no worker reads (deleted at the end);
3. logs each virtual user in beforehand (a session per user, made by Django's login in the
   set-up process, so staff skip only the typing of the TOTP code) and runs the users in threads
   for ``--duration`` seconds, each with a short think time between pages:
   - volunteers (half): portal start, their diary, the form to log a meeting, and saving it;
   - facility staff (a quarter): staff start, a young person's record;
   - coordinators (a quarter): admin home, the matches list, what is due;
4. prints requests per second, and per page the count, p50/p95/p99 and the errors, then stops
   gunicorn and drops the scratch database (``--keep`` keeps it).

A page counts as an error unless it answers 200 (saving a meeting: 302 back to the diary);
a redirect to a login page is an error too. The driver uses threads and http.client (no
dependency): locust would bring gevent, whose monkey-patching the Django and psycopg stack here
is not tested with, for nothing these few pages need.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DEMO_DOMAIN = "demo.wegbegleitung.org"
PAGES = [
    "volunteer: portal start",
    "volunteer: diary",
    "volunteer: log a meeting (form)",
    "volunteer: log a meeting (save)",
    "staff: staff start",
    "staff: young person's record",
    "coordinator: admin home",
    "coordinator: matches list",
    "coordinator: what is due",
]


def fail(message: str) -> None:
    sys.stderr.write(f"load: error: {message}\n")
    sys.exit(1)


def say(message: str) -> None:
    sys.stderr.write(f"load: {message}\n")
    sys.stderr.flush()


# --- set-up: a scratch database with the demo and extra rows ------------------------------------


def scratch_url(database_url: str) -> tuple[str, str, str]:
    """(scratch database URL, its name, the server's maintenance URL)."""
    base, _sep, name = database_url.rpartition("/")
    name = name.split("?")[0]
    if not database_url.startswith(("postgres://", "postgresql://")) or not name:
        fail("DATABASE_URL must be a PostgreSQL URL naming a database")
    scratch = f"{name}_load"
    return f"{base}/{scratch}", scratch, f"{base}/postgres"


def psql(server: str, sql: str) -> None:
    subprocess.run(["psql", server, "-v", "ON_ERROR_STOP=1", "-qc", sql], check=True)


def run(args: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(args, env=env, cwd=REPO, capture_output=True, text=True)
    if result.returncode != 0:
        fail(f"{' '.join(args[1:3])} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")


def prepare(out: Path, users: int, extra_matches: int) -> None:
    """Runs in a child process with the scratch database: extra rows and the sessions."""
    sys.path.insert(0, str(REPO))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wegbegleitung.settings")
    import django

    django.setup()
    from datetime import timedelta

    from django.conf import settings
    from django.test import Client
    from django.utils import timezone

    from einrichtungen.models import Einrichtung, Jugendliche
    from matching import services
    from matching.models import Begleitung
    from wegbegleitung.models import Region, User

    # the extra people never log in with a password: a fast hash keeps the set-up short
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from tests.matching.factories import make_active, make_anfrage, make_mentor

    region = Region.objects.get(name="Rhein-Main")
    einrichtung = Einrichtung.objects.get(name="Wohngruppe Lindenhof")
    coordinator = User.objects.get(email=f"koordination@{DEMO_DOMAIN}")
    staff = User.objects.get(email=f"einrichtung@{DEMO_DOMAIN}")
    today = timezone.localdate()
    for n in range(extra_matches):
        mentor = make_mentor(
            region, email=f"last{n}@load.example.org", first_name="Last", last_name=f"Test{n}"
        )
        begleitung = make_active(
            coordinator, staff, make_anfrage(einrichtung, vorname=f"Jugend{n}"), mentor
        )
        # running for two months, like the demo's match, so the diary has a past
        Begleitung.objects.filter(pk=begleitung.pk).update(started_on=today - timedelta(days=60))
        begleitung.refresh_from_db()
        for days in (1, 2, 3):
            services.treffen_create(
                acting_user=mentor.user,
                begleitung=begleitung,
                datum=today - timedelta(days=days),
                dauer_minuten=90,
                art="persoenlich",
                aktivitaet="Fußball im Park",
                stimmung="gut",
                notiz="",
                sorge=False,
                sorge_text="",
            )
    running = list(
        Begleitung.objects.filter(status=Begleitung.Status.AKTIV)
        .filter(jugendliche__einrichtung=einrichtung)
        .select_related("wegbegleiter__user")
    )
    jugendliche = list(
        Jugendliche.objects.filter(einrichtung=einrichtung).values_list("pk", flat=True)
    )
    coordinators = [coordinator, User.objects.get(email=f"kinderschutz@{DEMO_DOMAIN}")]

    def session(user: User) -> str:
        client = Client()
        client.force_login(user)  # Django's login: fires user_logged_in, the staff clock starts
        return str(client.cookies[settings.SESSION_COOKIE_NAME].value)

    plan: list[dict[str, Any]] = []
    for i in range(users):
        slot = i % 4
        if slot in (0, 1):  # half are volunteers
            b = running[i % len(running)]
            plan.append({"role": "volunteer", "session": session(b.wegbegleiter.user), "id": b.pk})
        elif slot == 2:
            plan.append({"role": "staff", "session": session(staff), "ids": jugendliche})
        else:
            plan.append({"role": "coordinator", "session": session(coordinators[i % 2])})
    out.write_text(json.dumps({"users": plan, "matches": len(running)}))


# --- the driver -----------------------------------------------------------------------------------


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, page: str, seconds: float, error: str | None) -> None:
        with self.lock:
            self.latencies[page].append(seconds)
            if error:
                self.errors[page].append(error)


class Browser:
    """One logged-in person: a session cookie, the CSRF cookie once a form was shown."""

    def __init__(self, port: int, session: str, stats: Stats) -> None:
        self.port = port
        self.cookies = {"sessionid": session}
        self.stats = stats

    def request(
        self,
        page: str,
        method: str,
        path: str,
        body: dict[str, str] | None = None,
        expect: int = 200,
    ) -> str:
        headers = {
            "Host": f"127.0.0.1:{self.port}",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
            "Accept-Language": "de",
        }
        data = None
        if body is not None:
            data = urlencode(body).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        error = None
        text = ""
        try:
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            conn.request(method, path, body=data, headers=headers)
            response = conn.getresponse()
            text = response.read().decode("utf-8", "replace")
            conn.close()
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    name, _sep, rest = value.partition("=")
                    self.cookies[name.strip()] = rest.split(";")[0]
            location = response.getheader("Location") or ""
            if response.status != expect:
                error = f"{response.status} {location}".strip()
            elif "login" in location:
                error = f"sent to the login: {location}"
        except (OSError, http.client.HTTPException) as exc:
            error = f"{type(exc).__name__}: {exc}"
        self.stats.record(page, time.perf_counter() - started, error)
        return text


CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def volunteer_round(b: Browser, user: dict[str, Any], rng: random.Random) -> None:
    b.request(PAGES[0], "GET", "/portal/")
    b.request(PAGES[1], "GET", "/begleitung/")
    form = b.request(PAGES[2], "GET", f"/begleitung/{user['id']}/treffen/neu/")
    token = CSRF.search(form)
    if token is None:
        b.stats.record(PAGES[3], 0.0, "no form to save")
        return
    b.request(
        PAGES[3],
        "POST",
        f"/begleitung/{user['id']}/treffen/neu/",
        {
            "csrfmiddlewaretoken": token.group(1),
            "datum": time.strftime("%Y-%m-%d"),
            "dauer_minuten": str(rng.choice([60, 90, 120])),
            "art": rng.choice(["persoenlich", "telefon", "video"]),
            "aktivitaet": rng.choice(["Eis essen", "Hausaufgaben", "Kletterhalle"]),
            "stimmung": rng.choice(["gut", "mittel"]),
            "notiz": "",
        },
        expect=302,
    )


def staff_round(b: Browser, user: dict[str, Any], rng: random.Random) -> None:
    b.request(PAGES[4], "GET", "/einrichtung/")
    b.request(PAGES[5], "GET", f"/einrichtung/jugendliche/{rng.choice(user['ids'])}/")


def coordinator_round(b: Browser, user: dict[str, Any], rng: random.Random) -> None:
    b.request(PAGES[6], "GET", "/admin/")
    b.request(PAGES[7], "GET", "/admin/matching/begleitung/")
    b.request(PAGES[8], "GET", "/admin/matching/begleitung/uebersicht/")


ROUNDS: dict[str, Callable[[Browser, dict[str, Any], random.Random], None]] = {
    "volunteer": volunteer_round,
    "staff": staff_round,
    "coordinator": coordinator_round,
}


def drive(
    port: int, plan: list[dict[str, Any]], duration: float, think: float
) -> tuple[Stats, float]:
    stats = Stats()
    stop = threading.Event()

    def person(index: int, user: dict[str, Any]) -> None:
        rng = random.Random(index)  # noqa: S311 (think times, not secrets)
        browser = Browser(port, user["session"], stats)
        stop.wait(rng.random() * think)  # do not all start in the same millisecond
        while not stop.is_set():
            ROUNDS[user["role"]](browser, user, rng)
            stop.wait(rng.uniform(0.5, 1.5) * think)

    threads = [
        threading.Thread(target=person, args=(i, u), daemon=True) for i, u in enumerate(plan)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    time.sleep(duration)
    stop.set()
    for thread in threads:
        thread.join(timeout=65)
    return stats, time.perf_counter() - started


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile in milliseconds."""
    ordered = sorted(values)
    rank = max(1, int(-(-p * len(ordered) // 100)))  # ceil(p/100 * n)
    return ordered[rank - 1] * 1000


def report(stats: Stats, elapsed: float, args: argparse.Namespace, matches: int) -> int:
    total = sum(len(v) for v in stats.latencies.values())
    errors = sum(len(v) for v in stats.errors.values())
    lines = [
        f"users {args.users} ({args.users - 2 * (args.users // 4)} volunteers, "
        f"{(args.users + 1) // 4} staff, {args.users // 4} coordinators), "
        f"duration {elapsed:.1f} s, gunicorn workers {args.workers}, think time {args.think} s, "
        f"running matches {matches}",
        f"requests {total}, {total / elapsed:.1f} per second, errors {errors}",
        "",
        f"| {'page':<34} | {'requests':>8} | {'p50 ms':>7} | {'p95 ms':>7} | {'p99 ms':>7} "
        f"| {'errors':>6} |",
        f"|{'-' * 36}|{'-' * 9}:|{'-' * 8}:|{'-' * 8}:|{'-' * 8}:|{'-' * 7}:|",
    ]
    every: list[float] = []
    for page in PAGES:
        values = stats.latencies.get(page, [])
        every.extend(values)
        if not values:
            lines.append(f"| {page:<34} | {0:>8} | {'-':>7} | {'-':>7} | {'-':>7} | {0:>6} |")
            continue
        lines.append(
            f"| {page:<34} | {len(values):>8} | {percentile(values, 50):>7.0f} "
            f"| {percentile(values, 95):>7.0f} | {percentile(values, 99):>7.0f} "
            f"| {len(stats.errors.get(page, [])):>6} |"
        )
    if every:
        lines.append(
            f"| {'all pages':<34} | {len(every):>8} | {percentile(every, 50):>7.0f} "
            f"| {percentile(every, 95):>7.0f} | {percentile(every, 99):>7.0f} | {errors:>6} |"
        )
    for page, problems in stats.errors.items():
        lines.append(f"errors on {page}: {sorted(set(problems))[:5]}")
    sys.stdout.write("\n".join(lines) + "\n")
    return 1 if errors or not total else 0


# --- orchestration --------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_up(port: int, server: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            fail("gunicorn stopped while starting (see its output above)")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.3)
    fail("gunicorn did not answer /healthz within a minute")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=12, help="virtual users (default 12)")
    parser.add_argument("--duration", type=float, default=60, help="seconds of load (max 300)")
    parser.add_argument("--extra-matches", type=int, default=30, help="running matches added")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (default 3)")
    parser.add_argument("--think", type=float, default=0.5, help="mean think time in seconds")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument("--prepare", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare:
        prepare(args.prepare, args.users, args.extra_matches)
        return 0
    if not 1 <= args.duration <= 300:
        fail("--duration must be between 1 and 300 seconds")
    if args.users < 4:
        fail("--users must be at least 4 (volunteers, staff and coordinators)")
    database_url = os.environ.get("DATABASE_URL", "")
    redis_url = os.environ.get("REDIS_URL", "")
    if not redis_url:
        fail("REDIS_URL must be set (the cache and a task queue nobody reads)")
    for tool in ("psql",):
        if shutil.which(tool) is None:
            fail(f"{tool} is not installed (postgresql-client)")
    url, name, server = scratch_url(database_url)
    queue = f"wb-load-{os.getpid()}"
    env = server_env(url, redis_url, queue)
    say(f"creating the scratch database {name}")
    psql(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    psql(server, f'CREATE DATABASE "{name}"')
    server_process: subprocess.Popen[bytes] | None = None
    try:
        say("migrate, demo, collectstatic")
        run([PYTHON, "manage.py", "migrate", "--no-input", "-v0"], env)
        run([PYTHON, "manage.py", "demo"], env)
        run([PYTHON, "manage.py", "collectstatic", "--no-input", "-v0"], env)
        say(f"adding {args.extra_matches} running matches and logging {args.users} users in")
        with tempfile.TemporaryDirectory() as tmp:
            plan_file = Path(tmp) / "plan.json"
            run([PYTHON, __file__, "--prepare", str(plan_file), "--users", str(args.users),
                 "--extra-matches", str(args.extra_matches)], env)  # fmt: skip
            prepared = json.loads(plan_file.read_text())
        port = free_port()
        say(f"starting gunicorn ({args.workers} workers) on 127.0.0.1:{port}")
        server_process = subprocess.Popen(
            [str(Path(PYTHON).parent / "gunicorn"), "wegbegleitung.wsgi:application",
             "--bind", f"127.0.0.1:{port}", "--workers", str(args.workers), "--timeout", "60",
             "--log-level", "warning"],
            env=env, cwd=REPO,
        )  # fmt: skip
        wait_until_up(port, server_process)
        say(f"driving {args.users} users for {args.duration:.0f} s")
        stats, elapsed = drive(port, prepared["users"], args.duration, args.think)
        return report(stats, elapsed, args, prepared["matches"])
    finally:
        if server_process is not None:
            server_process.terminate()
            server_process.wait(timeout=30)
        _clear_queue(redis_url, queue)
        shutil.rmtree(env["PRIVATE_FILES_ROOT"], ignore_errors=True)
        if args.keep:
            say(f"kept the scratch database {name}")
        else:
            psql(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def server_env(database_url: str, redis_url: str, queue: str) -> dict[str, str]:
    """The environment of the set-up commands and gunicorn: production settings (DEBUG off) with
    throwaway secrets, nothing mailed, the tasks in a queue of their own."""
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        # required in production since the study (docs/study.md); a throwaway one for the run
        "WB_RESEARCH_PSEUDONYM_KEY": secrets.token_urlsafe(48),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "EMAIL_HOST": "127.0.0.1",  # nothing is mailed: the tasks wait in a queue nobody reads
        "CELERY_QUEUE": queue,
        "CACHE_KEY_PREFIX": queue,
        "PRIVATE_FILES_ROOT": tempfile.mkdtemp(prefix="wb-load-private-"),
        "LOG_LEVEL": "WARNING",
    }


def _clear_queue(redis_url: str, queue: str) -> None:
    """The tasks the run queued (nobody reads them) and its cache keys."""
    import redis

    client = redis.Redis.from_url(redis_url)
    keys = [queue, *client.scan_iter(f"{queue}*"), *client.scan_iter(f"*{queue}*")]
    if keys:
        client.delete(*set(keys))


if __name__ == "__main__":
    sys.exit(main())
