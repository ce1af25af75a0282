"""Build a data set at a scale of the national size (``generate``), by bulk inserts through the
real models. See ``plan`` for the rules the data keep."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from testdaten.generator.base import Context
from testdaten.generator.logs import make_logs
from testdaten.generator.matches import make_matches
from testdaten.generator.people import PASSWORD, TOTP_SECRET, make_people
from testdaten.generator.plan import make_plan
from testdaten.sizes import Sizes


@dataclass(frozen=True)
class Result:
    counts: dict[str, int]
    seconds: float
    domain: str
    logins: dict[str, str]  # role -> email


def generate(
    *, scale: float, seed: int = 13, domain: str = "testdaten.invalid",
    out: Callable[[str], None] = lambda _line: None,
) -> Result:  # fmt: skip
    """Write a data set of ``scale`` × the national size in one transaction."""
    started = time.perf_counter()
    ctx = Context(Sizes.at(scale), random.Random(seed), timezone.localdate(), domain, out)  # noqa: S311 - test data
    plan = make_plan(ctx)
    out(
        f"plan: {len(plan.vols)} volunteers, {len(plan.youths)} young people, {len(plan.matches)} matches"
    )
    with transaction.atomic():
        people = make_people(ctx, plan)
        out(f"people: {time.perf_counter() - started:.1f} s")
        rows = make_matches(ctx, plan, people)
        out(f"matches: {time.perf_counter() - started:.1f} s")
        make_logs(ctx, plan, people, rows)
        out(f"logs: {time.perf_counter() - started:.1f} s")
    busiest = max(plan.matches, key=lambda m: m.diary)
    logins = {
        "superuser": people.superuser.email,
        "coordination (big region)": people.coordinators[0][0].email,
        "child protection": f"kinderschutz@{domain}",
        "facility staff": people.staff[0].email,
        "volunteer (most diary entries)": people.volunteers[busiest.vol.index].user.email,
        "research": f"forschung@{domain}",
        "password": PASSWORD,
        "TOTP secret": TOTP_SECRET,
    }
    return Result(dict(ctx.counts), time.perf_counter() - started, domain, logins)
