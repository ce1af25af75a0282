"""The plan of a data set, before anything is written: who is where, which match ran when.

Pure Python (no database), so the rules of the domain are decided in one place and the insert
steps only copy the plan into rows:

- a match that started has a volunteer who was cleared at its start (a certificate inspected
  before, a training attended, the code of conduct signed) and a young person whose consents were
  in force; matches of one volunteer follow one another, the running one last;
- a volunteer who left has no open match; their certificate data are gone six months after their
  last match (§ 72a(5) SGB VIII), and only the latest inspection of anyone is kept;
- cleared volunteers who wait for a match were inspected within the last three months (an unused
  inspection is deleted after that);
- a young person is 10 to 17 when their match starts, at most 27 today; a running match of a
  young person who moved out is in the care-leaver phase.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from einrichtungen.alter import age_on, birthday_date, own_consent_age
from testdaten.generator.base import Context, add_years, split

REGIONS = [
    # name, country, latitude, longitude, first postal code
    ("Berlin", "DE", 52.52, 13.40, 10115),
    ("Wien", "AT", 48.21, 16.37, 1010),
    ("Zürich", "CH", 47.37, 8.54, 8001),
    ("Hamburg", "DE", 53.55, 9.99, 20095),
    ("München", "DE", 48.14, 11.58, 80331),
    ("Köln", "DE", 50.94, 6.96, 50667),
    ("Frankfurt", "DE", 50.11, 8.68, 60311),
    ("Graz", "AT", 47.07, 15.44, 8010),
    ("Bern", "CH", 46.95, 7.45, 3011),
    ("Leipzig", "DE", 51.34, 12.37, 4103),
    ("Stuttgart", "DE", 48.78, 9.18, 70173),
    ("Hannover", "DE", 52.37, 9.73, 30159),
]
POSTCODES_PER_REGION = 25
CODE_VERSION_2_DAYS_AGO = 700  # the current code of conduct was published then
SCOPES = ("teilnahme", "datenweitergabe")


@dataclass(eq=False)
class Vol:
    index: int
    region: int
    kind: str  # running, prestart, free, left, pipeline
    status: str
    created: date = date.min
    matches: list[Match] = field(default_factory=list)
    certificate: tuple[date, date] | None = None  # issued, inspected
    training: date | None = None
    signed: list[tuple[int, date]] = field(default_factory=list)
    status_since: date = date.min
    exit_requested: bool = False

    @property
    def started(self) -> list[Match]:
        return [m for m in self.matches if m.started]

    @property
    def first_start(self) -> date | None:
        return min((m.started for m in self.matches if m.started), default=None)

    @property
    def last_end(self) -> date | None:
        return max((m.ended for m in self.matches if m.ended and m.started), default=None)


@dataclass(eq=False)
class Youth:
    index: int
    region: int
    facility: int
    born: date  # first day of the birth month
    created: date
    vormund: bool = False
    auszug: date | None = None
    request: str | None = None  # status of the (last) request
    asked: date | None = None
    finished: date | None = None
    consents: list[tuple[str, str, date]] = field(default_factory=list)  # scope, holder, day
    matches: list[Match] = field(default_factory=list)

    def age(self, on: date) -> int:
        return age_on(self.born.year, self.born.month, on)

    def granted(self, scope: str, on: date, country: str) -> bool:
        """Mirrors einrichtungen.einwilligungen.scope_granted for the planned consents."""
        holders = {h for s, h, d in self.consents if s == scope and d <= on}
        age = self.age(on)
        if age >= 18:
            return bool(holders & {"jugendliche", "volljaehrige"})
        custodial = bool(holders & {"sorgeberechtigte", "vormund"})
        if age >= own_consent_age(country):
            return custodial and "jugendliche" in holders
        return custodial


@dataclass(eq=False)
class Match:
    vol: Vol
    youth: Youth
    status: str
    proposed: date
    started: date | None = None
    ended: date | None = None
    status_since: date | None = None
    care_leaver_since: date | None = None
    diary: int = 0
    confirmations: int = 0


@dataclass
class Plan:
    regions: list[tuple[str, str, float, float, int]]
    facilities: list[int]  # region of each facility
    vols: list[Vol]
    youths: list[Youth]
    matches: list[Match]

    def country(self, region: int) -> str:
        return self.regions[region][1]


def make_plan(ctx: Context) -> Plan:
    s = ctx.sizes
    n_regions = min(len(REGIONS), max(3, s.facilities // 4))
    regions = REGIONS[:n_regions]
    weights = [3.0] + [1.0] * (n_regions - 1)  # the first region is the big one
    facilities = [
        r for r, n in enumerate(split(s.facilities - n_regions, weights)) for _ in range(n)
    ]
    facilities = sorted(list(range(n_regions)) + facilities)
    plan = Plan(regions, facilities, [], [], [])
    by_region = _region_counts(ctx, weights)
    for region, counts in enumerate(by_region):
        _plan_region(ctx, plan, region, counts)
    _plan_diary(ctx, plan)
    return plan


def _others(total: int, big: int, n: int) -> list[int]:
    """``big`` in the first region, the rest of ``total`` spread over the others."""
    if n == 1:
        return [total]
    return [big, *split(total - big, [1.0] * (n - 1))]


def _region_counts(ctx: Context, weights: list[float]) -> list[dict[str, int]]:
    s = ctx.sizes
    n = len(weights)
    pipeline = s.volunteers - s.running - s.prestart - s.free_volunteers - s.left_volunteers
    started_youths = s.running + s.prestart + s.ended
    none = s.youths - started_youths - s.open_requests
    if pipeline < 0 or none < 0:
        raise ValueError("the sizes leave no room for volunteers or young people without match")
    columns = {
        "running": split(s.running, weights),
        "prestart": split(s.prestart, weights),
        "ended": split(s.ended, weights),
        "left": split(s.left_volunteers, weights),
        "pipeline": split(pipeline, weights),
        "none": split(none, weights),
        "open": _others(s.open_requests, s.open_big, n),
        "free": _others(s.free_volunteers, s.open_big, n),
    }
    # declined proposals belong to young people who wait again: as many regions as wait
    columns["declined"] = split(s.declined, [float(x) for x in columns["open"]])
    return [{k: v[r] for k, v in columns.items()} for r in range(n)]


def _plan_region(ctx: Context, plan: Plan, region: int, c: dict[str, int]) -> None:
    rng = ctx.rng
    facilities = [i for i, r in enumerate(plan.facilities) if r == region]

    def vols(kind: str, n: int, status: str = "verfuegbar") -> list[Vol]:
        made = [Vol(len(plan.vols) + i, region, kind, status) for i in range(n)]
        plan.vols.extend(made)
        return made

    def youths(n: int) -> list[Youth]:
        made = [
            Youth(len(plan.youths) + i, region, rng.choice(facilities), date.min, date.min)
            for i in range(n)
        ]
        plan.youths.extend(made)
        return made

    running, prestart = vols("running", c["running"]), vols("prestart", c["prestart"])
    free, left = vols("free", c["free"]), vols("left", c["left"], "ausgeschieden")
    pipeline = [
        Vol(len(plan.vols) + i, region, "pipeline", _pipeline_status(ctx))
        for i in range(c["pipeline"])
    ]
    plan.vols.extend(pipeline)
    ended_by_vol = _assign_ended(c["ended"], left, running, free)
    for vol in running + prestart + free + left:
        _plan_volunteer(ctx, plan, vol, ended_by_vol.get(vol.index, 0), youths)
    for vol in pipeline:
        _plan_pipeline(ctx, vol)
    open_youths = youths(c["open"])
    for y in open_youths:
        _plan_open_youth(ctx, plan, y)
    for y, vol in zip(
        open_youths[: c["declined"]], _cycle(free or running, c["declined"]), strict=True
    ):
        _plan_declined(ctx, plan, y, vol)
    for y in youths(c["none"]):
        _plan_other_youth(ctx, plan, y)


def _cycle(items: list[Vol], n: int) -> list[Vol]:
    return [items[i % len(items)] for i in range(n)] if items else []


def _pipeline_status(ctx: Context) -> str:
    return str(
        ctx.rng.choices(
            ["interessent", "beworben", "in_pruefung", "zurueckgestellt", "abgelehnt", "pausiert"],
            weights=[30, 17, 17, 5, 6, 25],
        )[0]
    )


def _assign_ended(n: int, left: list[Vol], running: list[Vol], free: list[Vol]) -> dict[int, int]:
    """How many closed matches each volunteer had: those who left first, then earlier matches of
    the running and the waiting ones, round after round."""
    pool = left + left + running + free
    result: dict[int, int] = {}
    for i in range(n):
        if not pool:
            break
        vol = pool[i % len(pool)]
        result[vol.index] = result.get(vol.index, 0) + 1
    return result


def _layout(ctx: Context, end: date, k: int) -> list[tuple[date, date]]:
    """``k`` closed matches one after another, the last ending on ``end`` (oldest first)."""
    earliest = ctx.horizon + timedelta(days=70)
    room = max((end - earliest).days, 40 * k)
    slot = room // k
    spans = []
    for _ in range(k):
        length = ctx.rng.randint(max(20, slot // 3), max(21, slot - 15))
        start = end - timedelta(days=length)
        spans.append((start, end))
        end = start - timedelta(days=max(1, slot - length))
    return spans[::-1]


def _plan_volunteer(ctx: Context, plan: Plan, vol: Vol, closed: int, youths_of: object) -> None:
    rng, today = ctx.rng, ctx.today
    make_youths = youths_of  # a callable: n -> list[Youth]
    assert callable(make_youths)
    spans: list[tuple[date, date]] = []
    run_start = None
    if vol.kind == "running":
        oldest = 3300 - (700 * min(closed, 3) if closed else 0)
        run_start = ctx.days_ago(14, max(oldest, 200))
        if closed:
            spans = _layout(ctx, run_start - timedelta(days=rng.randint(30, 120)), closed)
    elif closed:
        spans = _layout(ctx, ctx.days_ago(30, 1800), closed)
    for start, end in spans:
        (youth,) = make_youths(1)
        match = Match(vol, youth, "beendet", _proposed(ctx, start), start, end, end)
        _plan_started_youth(ctx, plan, youth, match)
    if run_start is not None:
        (youth,) = make_youths(1)
        match = Match(vol, youth, "aktiv", _proposed(ctx, run_start), run_start)
        _plan_started_youth(ctx, plan, youth, match)
        _running_status(ctx, match)
    if vol.kind == "prestart":
        (youth,) = make_youths(1)
        _plan_open_youth(ctx, plan, youth)
        status = rng.choice(["vorgeschlagen", "kennenlernen", "vereinbarung"])
        proposed = ctx.between(max(youth.asked or today, today - timedelta(days=60)), today)
        match = Match(vol, youth, status, proposed, status_since=proposed)
        match.confirmations = rng.randint(0, 3) if status == "vereinbarung" else 0
        youth.request = "in_bearbeitung"
        _attach(plan, match)
    _plan_safeguarding(ctx, vol)


def _proposed(ctx: Context, start: date) -> date:
    return start - timedelta(days=ctx.rng.randint(20, 60))


def _attach(plan: Plan, match: Match) -> None:
    match.vol.matches.append(match)
    match.youth.matches.append(match)
    plan.matches.append(match)


def _plan_started_youth(ctx: Context, plan: Plan, youth: Youth, match: Match) -> None:
    rng = ctx.rng
    assert match.started is not None
    age = rng.randint(10, 17)
    youth.born = _born(match.started, age, rng.randint(0, 11))
    youth.created = max(
        youth.born + timedelta(days=2000), match.proposed - timedelta(days=rng.randint(40, 400))
    )
    youth.asked = ctx.between(youth.created, match.proposed - timedelta(days=1))
    youth.request, youth.finished = "vermittelt", match.started
    youth.vormund = rng.random() < 0.3
    eighteen = birthday_date(youth.born.year, youth.born.month, 18)
    if eighteen < ctx.today - timedelta(days=30) and rng.random() < 0.75:
        youth.auszug = min(
            ctx.today - timedelta(days=1), eighteen + timedelta(days=rng.randint(0, 300))
        )
    _plan_consents(ctx, plan, youth, youth.asked - timedelta(days=rng.randint(0, 14)))
    _attach(plan, match)
    if match.ended and youth.auszug and match.started < youth.auszug <= match.ended:
        match.care_leaver_since = youth.auszug


def _running_status(ctx: Context, match: Match) -> None:
    rng, youth = ctx.rng, match.youth
    match.status_since = match.started
    if youth.auszug is not None and youth.auszug <= ctx.today:
        match.status, match.care_leaver_since = "care_leaver", youth.auszug
        match.status_since = youth.auszug
    roll = rng.random()
    if roll < 0.06:
        match.status = "pausiert"
        match.status_since = ctx.between(
            max(match.status_since or ctx.today, ctx.today - timedelta(days=120)), ctx.today
        )
    elif roll < 0.10:
        match.status = "ende_angefragt"
        match.status_since = ctx.days_ago(0, 20)
        match.vol.exit_requested = True


def _born(day: date, age: int, months_more: int) -> date:
    month_index = day.year * 12 + day.month - 1 - 12 * age - months_more
    return date(month_index // 12, month_index % 12 + 1, 1)


def _plan_consents(ctx: Context, plan: Plan, youth: Youth, given: date) -> None:
    """Consents for a request on ``given``: the custody holder's, and the young person's own
    from the age of own consent (then or from that birthday on); a young adult alone from 18."""
    rng = ctx.rng
    given = max(given, youth.born + timedelta(days=1))
    scopes = list(SCOPES)
    if rng.random() < 0.7:
        scopes.append("hilfeplan")
    if rng.random() < 0.2:
        scopes.append("forschung")
    own_from = birthday_date(
        youth.born.year, youth.born.month, own_consent_age(plan.country(youth.region))
    )
    for scope in scopes:
        if youth.age(given) >= 18:
            youth.consents.append((scope, "volljaehrige", given))
            continue
        youth.consents.append((scope, "vormund" if youth.vormund else "sorgeberechtigte", given))
        if own_from <= ctx.today:
            youth.consents.append((scope, "jugendliche", max(given, own_from)))


def _plan_open_youth(ctx: Context, plan: Plan, youth: Youth) -> None:
    rng = ctx.rng
    youth.born = _born(ctx.today, rng.randint(9, 16), rng.randint(0, 11))
    youth.asked = ctx.days_ago(1, 600)
    youth.created = max(
        youth.born + timedelta(days=2000), youth.asked - timedelta(days=rng.randint(10, 300))
    )
    youth.asked = max(youth.asked, youth.created)
    youth.request = "offen"
    youth.vormund = rng.random() < 0.3
    _plan_consents(ctx, plan, youth, youth.asked - timedelta(days=rng.randint(0, 14)))


def _plan_declined(ctx: Context, plan: Plan, youth: Youth, vol: Vol) -> None:
    """An earlier proposal for a young person who waits again (declined after meeting)."""
    assert youth.asked is not None
    cleared_from = vol.certificate[1] if vol.certificate else youth.asked
    proposed = ctx.between(max(youth.asked, cleared_from), ctx.today)
    since = ctx.between(proposed, ctx.today)
    _attach(plan, Match(vol, youth, "abgelehnt", proposed, status_since=since))


def _plan_other_youth(ctx: Context, plan: Plan, youth: Youth) -> None:
    rng = ctx.rng
    youth.born = _born(ctx.today, rng.randint(6, 20), rng.randint(0, 11))
    youth.created = max(youth.born + timedelta(days=1500), ctx.days_ago(0, 3300))
    youth.created = min(youth.created, ctx.today)
    youth.vormund = rng.random() < 0.3
    eighteen = birthday_date(youth.born.year, youth.born.month, 18)
    if youth.created < eighteen < ctx.today and rng.random() < 0.6:
        youth.auszug = ctx.between(eighteen, ctx.today)
    if rng.random() < 0.15:
        youth.asked = ctx.between(youth.created, youth.auszug or ctx.today)
        youth.request = rng.choice(["zurueckgezogen", "geschlossen"])
        youth.finished = ctx.between(youth.asked, youth.auszug or ctx.today)
        _plan_consents(ctx, plan, youth, youth.asked)


def _plan_safeguarding(ctx: Context, vol: Vol) -> None:
    """Certificate, training, code of conduct and the dates of the volunteer's path."""
    rng, today = ctx.rng, ctx.today
    first = vol.first_start or (min(m.proposed for m in vol.matches) if vol.matches else None)
    if vol.kind in ("free", "prestart") and not vol.started:
        inspected = ctx.days_ago(20 if vol.kind == "prestart" else 0, 80)
        if vol.kind == "prestart":
            inspected = min(inspected, min(m.proposed for m in vol.matches) - timedelta(days=1))
        first = first or inspected
        first = min(first, inspected)
    else:
        assert first is not None or vol.kind == "free"
        first = first or ctx.days_ago(30, 80)
    vol.training = max(ctx.horizon, first - timedelta(days=rng.randint(20, 90)))
    vol.created = vol.training - timedelta(days=rng.randint(30, 200))
    vol.status_since = first
    code_2 = today - timedelta(days=CODE_VERSION_2_DAYS_AGO)
    vol.signed.append(
        (1 if first < code_2 else 2, max(ctx.horizon, first - timedelta(days=rng.randint(1, 20))))
    )
    if vol.kind != "left" and first < code_2:
        vol.signed.append((2, code_2 + timedelta(days=rng.randint(1, 60))))
    vol.certificate = _certificate(ctx, vol, first)
    if vol.kind == "left":
        vol.status_since = (vol.last_end or first) + timedelta(days=rng.randint(0, 10))
        vol.status_since = min(vol.status_since, today)


def _certificate(ctx: Context, vol: Vol, first: date) -> tuple[date, date] | None:
    """Only the latest inspection is kept, and only while the law allows it."""
    rng, today = ctx.rng, ctx.today
    last_end = vol.last_end
    running = any(m.status not in ("beendet", "abgelehnt") for m in vol.matches)
    ended_long_ago = last_end is None or last_end < today - timedelta(days=180)
    if (vol.kind == "left" or (vol.kind == "free" and vol.started)) and ended_long_ago:
        if vol.kind == "free":  # waiting again: inspected anew, within three months
            inspected = ctx.days_ago(0, 80)
            return inspected - timedelta(days=rng.randint(3, 60)), inspected
        return None
    if vol.kind in ("free", "prestart") and not vol.started:
        inspected = min(first, today)
        return inspected - timedelta(days=rng.randint(3, 60)), inspected
    start = vol.first_start or first
    inspected = start - timedelta(days=rng.randint(10, 40))
    issued = inspected - timedelta(days=rng.randint(3, 60))
    # renewed before it ran out, as long as a match runs: the newest one is the one kept
    while running and add_years(issued, 5) <= today + timedelta(days=90):
        renewal = add_years(issued, 5) - timedelta(days=rng.randint(30, 150))
        inspected = min(renewal, today - timedelta(days=rng.randint(0, 10)))
        issued = inspected - timedelta(days=rng.randint(3, 60))
    return issued, inspected


def _plan_pipeline(ctx: Context, vol: Vol) -> None:
    rng = ctx.rng
    vol.created = ctx.days_ago(5, 2000 if vol.status in ("abgelehnt", "pausiert") else 400)
    vol.status_since = ctx.between(vol.created, ctx.today)
    if vol.status in ("in_pruefung", "pausiert") and rng.random() < 0.5:
        vol.training = ctx.between(vol.created, ctx.today)
    if vol.status == "in_pruefung" and rng.random() < 0.4:
        inspected = ctx.days_ago(0, 80)
        vol.certificate = (inspected - timedelta(days=rng.randint(3, 60)), inspected)


def _plan_diary(ctx: Context, plan: Plan) -> None:
    """A few long-running mentors in the big region write thousands of entries; the rest is
    spread over the started matches by how long they ran."""
    total = ctx.sizes.diary
    started = [m for m in plan.matches if m.started]
    longest = sorted(
        (m for m in started if m.vol.region == 0 and m.status in ("aktiv", "care_leaver")),
        key=lambda m: m.started or ctx.today,
    )[:3]
    for match, share in zip(longest, (1.0, 0.7, 0.5), strict=False):
        match.diary = min(round(ctx.sizes.heavy_diary * share), total)
        total -= match.diary
    rest = [m for m in started if m not in longest]
    spans = [max(1, (_diary_end(ctx, m) - (m.started or ctx.today)).days) for m in rest]
    for match, n in zip(rest, split(total, [float(s) for s in spans]) if rest else [], strict=True):
        match.diary = n


def _diary_end(ctx: Context, match: Match) -> date:
    """The last day a meeting can be logged: the end, the pause, or today."""
    if match.ended:
        return match.ended
    if match.status == "pausiert" and match.status_since:
        return match.status_since
    return ctx.today
