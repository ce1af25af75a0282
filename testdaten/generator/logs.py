"""The records that grow with time: diary, support contacts, help-plan conferences, supervision,
the audit trail and the notification log."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType

from einrichtungen.fassungen import HPG_VERSIONED, snapshot
from einrichtungen.models import Fassung, Hilfeplangespraech, Jugendliche
from matching.models import Begleitung, Treffen, Unterstuetzungskontakt
from schutzkonzept.models import Meldung, MeldungSchritt
from testdaten.generator.base import Context, at, bulk, copy, split
from testdaten.generator.matches import Rows
from testdaten.generator.people import People
from testdaten.generator.plan import Match, Plan, Youth, _diary_end
from wegbegleitung.models import (
    AuditEvent,
    Benachrichtigung,
    Supervision,
    SupervisionEinladung,
    User,
)

ACTIVITIES = [
    "Eis essen und reden", "Hausaufgaben", "Fußball im Park", "Kino", "Kochen", "Bibliothek",
    "Bewerbung geschrieben", "Spaziergang", "Museum", "Zoo", "Fahrrad repariert",
]  # fmt: skip


def make_logs(ctx: Context, plan: Plan, people: People, rows: Rows) -> None:
    started = time.perf_counter()
    sample = _diary(ctx, plan, rows)
    ctx.out(f"  diary: {time.perf_counter() - started:.1f} s")
    steps: list[Callable[[], None]] = [
        lambda: _contacts(ctx, plan, people, rows),
        lambda: _help_plans(ctx, plan, people, rows),
        lambda: _supervision(ctx, plan, people),
        lambda: _concerns(ctx, plan, people),
        lambda: _audit(ctx, plan, people, rows, sample),
        lambda: _notifications(ctx, plan, people, rows),
    ]
    for name, step in zip(
        ["contacts", "help plans", "supervision", "concerns", "audit", "notifications"],
        steps,
        strict=True,
    ):
        started = time.perf_counter()
        step()
        ctx.out(f"  {name}: {time.perf_counter() - started:.1f} s")


# --- diary ------------------------------------------------------------------------------------


def _diary(ctx: Context, plan: Plan, rows: Rows) -> list[tuple[int, int, Any]]:
    """Streams the entries; keeps (mentor user id, entry id, written) of some for the audit."""
    keep_every = max(1, ctx.sizes.diary // max(1, ctx.sizes.audit // 2))
    sample: list[tuple[int, int, Any]] = []
    owners: dict[int, int] = {b.pk: b.wegbegleiter.user_id for b in rows.matches}
    for n, entry in enumerate(copy(Treffen, _entries(ctx, plan, rows), ctx)):
        if n % keep_every == 0:
            sample.append((owners[entry.begleitung_id], entry.pk, entry.created_at))
    return sample


def _entries(ctx: Context, plan: Plan, rows: Rows) -> Iterator[Treffen]:
    rng = ctx.rng
    moods = ["gut"] * 6 + ["mittel"] * 3 + ["schwierig"]
    for m, b in zip(plan.matches, rows.matches, strict=True):
        if not m.diary or m.started is None:
            continue
        first, span = m.started, max(0, (_diary_end(ctx, m) - m.started).days)
        for offset in sorted(rng.randint(0, span) for _ in range(m.diary)):
            day = first + timedelta(days=offset)
            yield Treffen(
                begleitung_id=b.pk, datum=day, dauer_minuten=rng.choice([45, 60, 90, 120, 180]),
                art=rng.choice(["persoenlich", "persoenlich", "persoenlich", "telefon", "video"]),
                aktivitaet=rng.choice(ACTIVITIES), stimmung=rng.choice(moods),
                created_at=at(day, 20, rng.randint(0, 59)),
            )  # fmt: skip


# --- support contacts -------------------------------------------------------------------------


def _contact_days(ctx: Context, m: Match) -> list[date]:
    """The EEP rhythm: twice in the first month, monthly in the first year, then quarterly;
    the last one or two may be overdue today."""
    assert m.started is not None
    last = min(m.ended or ctx.today, ctx.today - timedelta(days=ctx.rng.randint(0, 60)))
    days, day = [], m.started + timedelta(days=7)
    while day <= last:
        days.append(day)
        age = (day - m.started).days
        day += timedelta(days=14 if age < 30 else 30 if age < 365 else 91)
    return days


def _contacts(ctx: Context, plan: Plan, people: People, rows: Rows) -> None:
    rng = ctx.rng

    def contacts() -> Iterator[Unterstuetzungskontakt]:
        for m, b in zip(plan.matches, rows.matches, strict=True):
            if m.started is None:
                continue
            last_review = None
            for n, day in enumerate(_contact_days(ctx, m)):
                sides = ["wegbegleiter", "jugendliche"]
                if not (m.care_leaver_since and day >= m.care_leaver_since):
                    sides.append("einrichtung")
                review = (last_review is None and (day - m.started).days >= 90) or (
                    last_review is not None and (day - last_review).days >= 365
                )
                last_review = day if review else last_review
                yield Unterstuetzungskontakt(
                    begleitung_id=b.pk, mit=sides[n % len(sides)], datum=day,
                    dauer_minuten=rng.choice([15, 20, 30, 45]),
                    kanal=rng.choice(["telefon", "telefon", "persoenlich", "video", "nachricht"]),
                    aktivitaeten="Treffen wie vereinbart.", beziehung="Vertrauensvoll.",
                    kinderschutz="Nichts Beunruhigendes.", wirkung="Mehr Selbstvertrauen.",
                    ist_review=review, created_by=people.coordinators[m.vol.region][0],
                )  # fmt: skip

    bulk(Unterstuetzungskontakt, contacts(), ctx)


# --- help-plan conferences --------------------------------------------------------------------


def _running_on(y: Youth, day: date) -> Match | None:
    for m in y.matches:
        if m.started and m.started <= day and (m.ended is None or day <= m.ended):
            return m
    return None


def _conference_slots(ctx: Context, y: Youth, step: int) -> list[date]:
    """Every ``step`` days of the stay, up to a planned one within the next months."""
    last = min(y.auszug or ctx.today + timedelta(days=120), ctx.today + timedelta(days=120))
    day = y.created + timedelta(days=30)
    days = []
    while day <= last:
        days.append(day)
        day += timedelta(days=step)
    return days


def _help_plans(ctx: Context, plan: Plan, people: People, rows: Rows) -> None:
    target = ctx.sizes.help_plans
    for step in (182, 120, 91, 60, 30, 14, 7):
        slots = [_conference_slots(ctx, y, step) for y in plan.youths]
        capacity = sum(len(s) for s in slots)
        if capacity >= target:
            break
    wanted = split(target, [float(len(s)) for s in slots])
    chosen = [
        (y, j, day)
        for y, j, days, n in zip(plan.youths, rows.youths, slots, wanted, strict=True)
        for day in days[-n:] if n
    ]  # fmt: skip
    conferences = bulk(
        Hilfeplangespraech, (_hpg(ctx, plan, people, y, j, d) for y, j, d in chosen), ctx
    )
    bulk(
        Fassung,
        (
            Fassung(jugendliche_id=c.jugendliche_id, hilfeplangespraech=c, erfasst_am=c.created_at,
                    felder=snapshot(c, HPG_VERSIONED))
            for c in conferences
        ),
        ctx,
    )  # fmt: skip


def _hpg(
    ctx: Context, plan: Plan, people: People, y: Youth, j: Jugendliche, day: date
) -> Hilfeplangespraech:
    """The flags follow the young person's situation on that day: mentoring is considered once
    asked for; the mentor is invited only into a running match with the help-plan consent in
    force, attends only when invited and the day has passed."""
    rng = ctx.rng
    country = plan.country(y.region)
    match = _running_on(y, min(day, ctx.today))
    considered = y.asked is not None and y.asked <= day
    invited = match is not None and y.granted("hilfeplan", min(day, ctx.today), country)
    past = day <= ctx.today
    attended = invited and past and rng.random() < 0.7
    shared = (
        match is not None
        and past
        and y.granted("datenweitergabe", day, country)
        and rng.random() < 0.5
    )
    written = day if past else ctx.today - timedelta(days=rng.randint(0, 20))
    return Hilfeplangespraech(
        jugendliche=j, datum=day, teilnehmende="Jugendliche:r, Fachkraft, Jugendamt",
        wegbegleitung_erwogen=considered or match is not None,
        wegbegleiter_eingeladen=invited, wegbegleiter_teilgenommen=attended,
        ziele="Schule abschließen; Freizeit gestalten.", zusammenfassung="Gute Entwicklung.",
        naechste_ueberpruefung=day + timedelta(days=182), mit_wegbegleitung_geteilt=shared,
        created_at=at(max(written, y.created), 16), created_by=people.staff[y.facility],
    )  # fmt: skip


# --- supervision ------------------------------------------------------------------------------


def _supervision(ctx: Context, plan: Plan, people: People) -> None:
    """Group supervision every eight weeks per region; for the last two years everyone in a
    running match was invited, most came."""
    rng = ctx.rng
    invited_since = ctx.today - timedelta(days=730)
    rows: list[SupervisionEinladung] = []
    running_by_region: dict[int, list[Match]] = {}
    for m in plan.matches:
        if m.started and m.status != "abgelehnt":
            running_by_region.setdefault(m.vol.region, []).append(m)
    for r, region in enumerate(people.regions):
        sessions = bulk(
            Supervision,
            (
                Supervision(region=region, starts_at=at(ctx.today - timedelta(days=d), 18),
                            place="Vereinsräume", facilitator="Dr. Supervision")
                for d in range(3500, -40, -56)
            ),
            ctx,
        )  # fmt: skip
        for s in sessions:
            day = s.starts_at.date()
            if day < invited_since:
                continue
            for m in running_by_region.get(r, []):
                assert m.started is not None
                if not (m.started <= day and (m.ended is None or day <= m.ended)):
                    continue
                past = day <= ctx.today
                yes = rng.random() < 0.8
                rows.append(
                    SupervisionEinladung(
                        supervision=s, wegbegleiter=people.volunteers[m.vol.index],
                        rsvp="zugesagt" if yes else "abgesagt", rsvp_at=at(day - timedelta(days=5), 9),
                        attended=(yes and rng.random() < 0.95) if past else None,
                    )
                )  # fmt: skip
    rows = list({(e.supervision_id, e.wegbegleiter_id): e for e in rows}.values())
    bulk(SupervisionEinladung, rows, ctx)


# --- concerns ---------------------------------------------------------------------------------


def _concerns(ctx: Context, plan: Plan, people: People) -> None:
    n = max(3, ctx.sizes.facilities // 2)
    reports = bulk(
        Meldung,
        (
            Meldung(
                received_at=at(ctx.days_ago(0, 3000), 15), kanal="einrichtung",
                region=people.regions[plan.facilities[i % len(people.facilities)]],
                einrichtung=people.facilities[i % len(people.facilities)],
                description="Ein Jugendlicher wirkte nach dem Wochenende verängstigt.",
                status="abgeschlossen" if i % 4 else "eingegangen",
            )
            for i in range(n)
        ),
        ctx,
    )  # fmt: skip
    bulk(
        MeldungSchritt,
        (
            MeldungSchritt(meldung=m, art="eingang", at=m.received_at, by_label="Fachkraft")
            for m in reports
        ),
        ctx,
    )


# --- audit trail and notification log --------------------------------------------------------


def _audit(
    ctx: Context, plan: Plan, people: People, rows: Rows, sample: list[tuple[int, int, Any]]
) -> None:
    """Half of it the diary's writes, the rest coordinators opening and changing records."""
    rng = ctx.rng
    total = ctx.sizes.audit
    types = ContentType.objects.get_for_models(Treffen, Begleitung, Jugendliche)
    labels = {u.pk: u.email for u in User.objects.filter(pk__in={s[0] for s in sample})}
    coordinators = [u for us in people.coordinators.values() for u in us]

    def events() -> Iterator[AuditEvent]:
        for n, (user_id, pk, written) in enumerate(sample[:total]):
            yield AuditEvent(
                at=written, actor_id=user_id, actor_label=labels[user_id], action="treffen.create",
                content_type=types[Treffen], object_id=str(pk), request_id=f"gen{n:010d}",
            )  # fmt: skip
        for n in range(total - min(total, len(sample))):
            actor = rng.choice(coordinators)
            obj: Jugendliche | Begleitung
            if n % 2:
                obj, action = rng.choice(rows.youths), "jugendliche.view"
            else:
                obj, action = rng.choice(rows.matches), "begleitung.view"
            yield AuditEvent(
                at=at(ctx.days_ago(0, 3500), 8 + n % 10, n % 60), actor=actor,
                actor_label=actor.email, action=action, content_type=types[type(obj)],
                object_id=str(obj.pk), request_id=f"gen-r{n:010d}",
            )  # fmt: skip

    for _row in copy(AuditEvent, events(), ctx):
        pass


def _notifications(ctx: Context, plan: Plan, people: People, rows: Rows) -> None:
    """Weekly reminders about the running and past matches, mailed long ago; a few still wait."""
    total = ctx.sizes.notifications
    started = [(m, b) for m, b in zip(plan.matches, rows.matches, strict=True) if m.started]

    def notices() -> Iterator[Benachrichtigung]:
        made = 0
        for rnd in range(6):  # another round (a day later) only when the weeks do not suffice
            for week in range(600):
                for m, b in started:
                    assert m.started is not None
                    day = m.started + timedelta(days=7 * week + 21 + rnd)
                    if day > min(m.ended or ctx.today, ctx.today):
                        continue
                    if made >= total:
                        return
                    made += 1
                    yield _notice(ctx, m, b, people, day, week)

    for _row in copy(Benachrichtigung, notices(), ctx):
        pass


def _notice(
    ctx: Context, m: Match, b: Begleitung, people: People, day: date, week: int
) -> Benachrichtigung:
    recent = day > ctx.today - timedelta(days=3)
    to_mentor = week % 2 == 0
    if to_mentor:  # the keys and references the real reminders store (matching.notifications)
        recipient = people.volunteers[m.vol.index].user_id
        since = day - timedelta(days=21)
        kind, period = "diary_missing", f"seit-{since.isoformat()}"
        context: dict[str, Any] = {"weeks": 3, "since": f"{since:%d.%m.%Y}", "url": "/begleitung/"}
    else:
        recipient = people.coordinators[m.vol.region][week % 4 // 2].pk
        kind, period = "support_contact_due", f"kontakt-{day.isoformat()}"
        context = {"topic": "kontakt", "due": day.isoformat()}
    created = at(day, 6)
    return Benachrichtigung(
        recipient_id=recipient, kind=kind, subject_type="matching.begleitung", subject_id=b.pk,
        period=period, region=people.regions[m.vol.region], context=context, created_at=created,
        status="offen" if recent else "gesendet", attempts=0 if recent else 1,
        next_attempt_at=created, sent_at=None if recent else at(day, 6, 5),
    )  # fmt: skip
