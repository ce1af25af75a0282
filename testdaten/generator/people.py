"""Regions, facilities, logins per role, and the volunteers with their path and safeguarding."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db.models import Max

from einrichtungen.models import Einrichtung, Traeger
from einrichtungen.services import einrichtung_create
from schutzkonzept.models import (
    ZEUGNISART_FOR_COUNTRY,
    Fuehrungszeugnis,
    Schutzschulung,
    Unterzeichnung,
    Verhaltenskodex,
)
from testdaten.generator.base import Context, at, bulk
from testdaten.generator.plan import CODE_VERSION_2_DAYS_AGO, POSTCODES_PER_REGION, Plan, Vol
from wegbegleitung.models import (
    Bewerbung,
    Einladung,
    Entscheidung,
    Erstgespraech,
    Interesse,
    Postleitzahl,
    Referenz,
    Region,
    Schulungsteilnahme,
    Schulungstermin,
    User,
    Wegbegleiter,
)
from wegbegleitung.roles import Role
from wegbegleitung.services.roles import user_grant_role

PASSWORD = "Testdaten-2026"  # every generated login; generated data only
TOTP_SECRET = "KRUGS4ZANFZSAYJAMRSW233TMVRXEZLU"  # base32, the demo's; generated data only
INTERESTS = [
    "Fußball", "Musik", "Kochen", "Lesen", "Schwimmen", "Zeichnen", "Gaming", "Tanzen",
    "Klettern", "Fotografie", "Natur", "Basteln", "Radfahren", "Theater", "Programmieren",
]  # fmt: skip
FIRST_NAMES = [
    "Anna", "Ben", "Clara", "David", "Elif", "Finn", "Greta", "Hannes", "Ida", "Jonas", "Lea",
    "Mehmet", "Nina", "Oskar", "Paula", "Rafael", "Sara", "Tim", "Ursula", "Valentin", "Yara",
]  # fmt: skip
LAST_NAMES = [
    "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Huber",
    "Gruber", "Keller", "Brunner", "Yilmaz", "Kaya", "Nowak", "Hoffmann", "Schäfer", "Koch",
]  # fmt: skip
SLOTS = [f"{d}-{t}" for d in ("mo", "di", "mi", "do", "fr", "sa") for t in ("nachmittag", "abend")]


@dataclass
class People:
    regions: list[Region]
    facilities: list[Einrichtung]
    coordinators: dict[int, list[User]]  # region index -> coordinators
    staff: dict[int, User]  # facility index -> one member of staff
    volunteers: list[Wegbegleiter]  # in plan order
    superuser: User
    codes: dict[int, Verhaltenskodex]


def make_people(ctx: Context, plan: Plan) -> People:
    regions = _regions(ctx, plan)
    _postcodes(ctx, plan)
    facilities = _facilities(ctx, plan, regions)
    superuser, coordinators, staff = _logins(ctx, plan, regions, facilities)
    volunteers = _volunteers(ctx, plan, regions)
    codes = _codes(ctx)
    _safeguarding(ctx, plan, volunteers, codes, coordinators)
    _screening(ctx, plan, volunteers, regions, coordinators)
    return People(regions, facilities, coordinators, staff, volunteers, superuser, codes)


def _name(ctx: Context, plan_name: str) -> str:
    return plan_name if ctx.domain.startswith("testdaten.") else f"{plan_name} ({ctx.domain})"


def _regions(ctx: Context, plan: Plan) -> list[Region]:
    rows = [Region(name=_name(ctx, name), country=country) for name, country, *_ in plan.regions]
    return bulk(Region, rows, ctx)


def postcode(plan: Plan, region: int, n: int) -> str:
    first = plan.regions[region][4]
    code = first + n % POSTCODES_PER_REGION
    return f"{code:05d}" if plan.country(region) == "DE" else f"{code:04d}"


def coordinates(ctx: Context, plan: Plan, region: int, n: int) -> tuple[float, float]:
    """Near the region's centre: every postal code lies within about 12 km of it."""
    _name_, _country, lat, lon, _first = plan.regions[region]
    spread = (n % POSTCODES_PER_REGION) / POSTCODES_PER_REGION - 0.5
    return lat + 0.2 * spread, lon + 0.2 * spread * ((n * 7) % 5 - 2) / 2


def _postcodes(ctx: Context, plan: Plan) -> None:
    rows = []
    for region, (name, country, *_rest) in enumerate(plan.regions):
        for n in range(POSTCODES_PER_REGION):
            lat, lon = coordinates(ctx, plan, region, n)
            rows.append(
                Postleitzahl(
                    country=country, postal_code=postcode(plan, region, n),
                    place_name=f"{name} {n + 1}", latitude=lat, longitude=lon,
                )
            )  # fmt: skip
    Postleitzahl.objects.bulk_create(rows, ignore_conflicts=True)


def _facilities(ctx: Context, plan: Plan, regions: list[Region]) -> list[Einrichtung]:
    """Through the service (a staff group with its object permissions each); most are run by
    one of a few providers (Träger)."""
    kinds = list(Einrichtung.Art.values)
    providers = bulk(
        Traeger,
        (
            Traeger(
                name=_name(ctx, f"Jugendhilfe-Träger {n + 1}"), anschrift=f"Hauptstraße {n + 1}"
            )
            for n in range(max(1, len(plan.facilities) // 10))
        ),
        ctx,
    )
    made = []
    for n, region in enumerate(plan.facilities):
        made.append(
            einrichtung_create(
                acting_user=None,
                name=f"{ctx.rng.choice(['Wohngruppe', 'Kinderhaus', 'Jugendhaus', 'WG'])} {n + 1}",
                region=regions[region],
                art=kinds[n % len(kinds)],
                postleitzahl=postcode(plan, region, n),
                ort=plan.regions[region][0],
                kooperation_status="aktiv",
                kooperation_seit=ctx.days_ago(3000, 3500),
                traeger=providers[n % len(providers)] if n % 5 else None,
            )
        )
    ctx.counts["einrichtungen.Einrichtung"] = len(made)
    return made


def _user(ctx: Context, local: str, first: str, last: str, password: str) -> User:
    user = User.objects.create(
        email=f"{local}@{ctx.domain}", first_name=first, last_name=last, password=password
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def _logins(
    ctx: Context, plan: Plan, regions: list[Region], facilities: list[Einrichtung]
) -> tuple[User, dict[int, list[User]], dict[int, User]]:
    """A superuser, two coordinators per region, a child-protection lead, one member of staff
    per facility and a researcher; staff roles have the TOTP device of TOTP_SECRET."""
    password = make_password(PASSWORD)
    superuser = _user(ctx, "admin", "Ada", "Admin", password)
    User.objects.filter(pk=superuser.pk).update(is_superuser=True, is_staff=True)
    superuser.refresh_from_db()
    coordinators: dict[int, list[User]] = {}
    for r, region in enumerate(regions):
        coordinators[r] = []
        for k in range(2):
            local = f"koordination{r}" if k == 0 else f"koordination{r}-{k}"
            user = _user(ctx, local, FIRST_NAMES[(r + k) % 21], LAST_NAMES[r % 18], password)
            user_grant_role(acting_user=None, user=user, role=Role.KOORDINATION, region=region)
            coordinators[r].append(user)
    lead = _user(ctx, "kinderschutz", "Sabine", "Schuster", password)
    user_grant_role(acting_user=None, user=lead, role=Role.KINDERSCHUTZ, region=regions[0])
    staff: dict[int, User] = {}
    for n, facility in enumerate(facilities):
        user = _user(ctx, f"einrichtung{n}", FIRST_NAMES[n % 21], LAST_NAMES[n % 18], password)
        user_grant_role(acting_user=None, user=user, role=Role.EINRICHTUNG, einrichtung=facility)
        staff[n] = user
    _invitations(ctx, regions, facilities, coordinators)
    researcher = _user(ctx, "forschung", "Felix", "Berger", password)
    user_grant_role(acting_user=None, user=researcher, role=Role.FORSCHUNG)
    two_factor = [
        superuser,
        lead,
        *staff.values(),
        *(u for us in coordinators.values() for u in us),
    ]
    bulk(
        Authenticator,
        (
            Authenticator(user=u, type=Authenticator.Type.TOTP, data={"secret": TOTP_SECRET})
            for u in two_factor
        ),
        ctx,
    )
    return superuser, coordinators, staff


def _invitations(
    ctx: Context,
    regions: list[Region],
    facilities: list[Einrichtung],
    coordinators: dict[int, list[User]],
) -> None:
    """Staff invited by the coordinators: most accepted long ago, some still open."""
    rows = []
    for n, facility in enumerate(facilities):
        region = next(r for r, reg in enumerate(regions) if reg.pk == facility.region_id)
        sent = ctx.days_ago(0, 3000)
        accepted = sent + timedelta(days=2) if n % 4 else None
        rows.append(
            Einladung(
                email=f"neu{n}@{ctx.domain}", role=Role.EINRICHTUNG, einrichtung=facility,
                key=secrets.token_urlsafe(32), created_by=coordinators[region][0],
                created_at=at(sent, 9), sent_at=at(sent, 9, 1),
                expires_at=at(sent + timedelta(days=7), 9),
                accepted_at=at(accepted, 20) if accepted else None,
            )
        )  # fmt: skip
    bulk(Einladung, rows, ctx)


def _volunteers(ctx: Context, plan: Plan, regions: list[Region]) -> list[Wegbegleiter]:
    password = make_password(PASSWORD)
    rng = ctx.rng
    users = bulk(
        User,
        (
            User(
                email=f"wb{v.index}@{ctx.domain}",
                first_name=rng.choice(FIRST_NAMES),
                last_name=rng.choice(LAST_NAMES),
                password=password,
                date_joined=at(v.created, 9),
                is_active=v.status != "ausgeschieden" or rng.random() < 0.5,
            )
            for v in plan.vols
        ),
        ctx,
    )
    bulk(
        EmailAddress,
        (EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users),
        ctx,
    )
    group = Group.objects.get(name=Role.WEGBEGLEITUNG)
    through = User.groups.through
    through.objects.bulk_create(
        [through(user_id=u.pk, group_id=group.pk) for u in users], batch_size=5000
    )
    return bulk(
        Wegbegleiter,
        (_wegbegleiter(ctx, v, u, regions) for v, u in zip(plan.vols, users, strict=True)),
        ctx,
    )


def _wegbegleiter(ctx: Context, v: Vol, user: User, regions: list[Region]) -> Wegbegleiter:
    last_end = v.last_end
    return Wegbegleiter(
        user=user,
        region=regions[v.region],
        status=v.status,
        status_since=at(v.status_since, 10),
        created_at=at(v.created, 9),
        activity_started_on=v.first_start,
        activity_ended_on=last_end if v.status == "ausgeschieden" else None,
        exit_requested="leave" if v.exit_requested else "",
        exit_requested_at=at(ctx.today, 8) if v.exit_requested else None,
        exit_reason="Umzug in eine andere Stadt" if v.exit_requested else "",
    )


def _codes(ctx: Context) -> dict[int, Verhaltenskodex]:
    text = "Wir achten die Grenzen junger Menschen.\n\nWir treffen uns an offenen Orten."
    first = Verhaltenskodex.objects.aggregate(n=Max("version"))["n"] or 0
    codes = {}
    for version, days in ((1, 3520), (2, CODE_VERSION_2_DAYS_AGO)):
        codes[version] = Verhaltenskodex.objects.create(
            version=first + version,
            title=f"Verhaltenskodex {version}",
            text=text,
            published_at=at(ctx.today - timedelta(days=days), 9),
        )
    return codes


def _safeguarding(
    ctx: Context,
    plan: Plan,
    volunteers: list[Wegbegleiter],
    codes: dict[int, Verhaltenskodex],
    coordinators: dict[int, list[User]],
) -> None:
    pairs = list(zip(plan.vols, volunteers, strict=True))
    bulk(
        Fuehrungszeugnis,
        (
            Fuehrungszeugnis(
                wegbegleiter=w,
                art=ZEUGNISART_FOR_COUNTRY[plan.country(v.region)],  # type: ignore[index]
                issued_on=v.certificate[0],
                inspected_on=v.certificate[1],
                inspected_by=coordinators[v.region][0],
                relevant_conviction=False,
                recorded_at=at(v.certificate[1], 11),
            )
            for v, w in pairs
            if v.certificate
        ),
        ctx,
    )
    bulk(
        Schutzschulung,
        (
            Schutzschulung(
                wegbegleiter=w, attended_on=v.training, title="Schutzkonzept-Schulung",
                recorded_by=coordinators[v.region][0], recorded_at=at(v.training, 18),
            )
            for v, w in pairs
            if v.training
        ),
        ctx,
    )  # fmt: skip
    bulk(
        Unterzeichnung,
        (
            Unterzeichnung(
                wegbegleiter=w, verhaltenskodex=codes[version], signed_at=at(day, 19),
                typed_name=str(w.user),
            )
            for v, w in pairs
            for version, day in v.signed
        ),
        ctx,
    )  # fmt: skip


def _screening(
    ctx: Context,
    plan: Plan,
    volunteers: list[Wegbegleiter],
    regions: list[Region],
    coordinators: dict[int, list[User]],
) -> None:
    """Application, first interview, references, decision and training of the volunteers."""
    rng = ctx.rng
    pairs = list(zip(plan.vols, volunteers, strict=True))
    interests = bulk(
        Interesse,
        (Interesse(name=n) for n in INTERESTS if not Interesse.objects.filter(name=n).exists()),
        ctx,
    ) or list(Interesse.objects.all())
    applications = bulk(Bewerbung, (_bewerbung(ctx, plan, v, w) for v, w in pairs), ctx)
    through = Bewerbung.interests.through
    through.objects.bulk_create(
        [
            through(bewerbung_id=b.pk, interesse_id=i.pk)
            for b in applications
            for i in rng.sample(interests, 3)
        ],
        batch_size=5000,
    )
    screened = [(v, w) for v, w in pairs if v.status not in ("interessent", "beworben")]
    bulk(Erstgespraech, (_erstgespraech(ctx, v, w, coordinators) for v, w in screened), ctx)
    bulk(Referenz, (r for v, w in screened for r in _referenzen(ctx, v, w)), ctx)
    decided = [(v, w) for v, w in screened if v.status != "in_pruefung"]
    bulk(Entscheidung, (_entscheidung(ctx, v, w, coordinators) for v, w in decided), ctx)
    _training(ctx, plan, pairs, regions)


def _bewerbung(ctx: Context, plan: Plan, v: Vol, w: Wegbegleiter) -> Bewerbung:
    rng = ctx.rng
    n = rng.randrange(1000)
    lat, lon = coordinates(ctx, plan, v.region, n)
    low = rng.choice([10, 12, 14])
    submitted = v.status != "interessent"
    return Bewerbung(
        wegbegleiter=w,
        gender=rng.choice(["w", "w", "m", "d", ""]),
        postal_code=postcode(plan, v.region, n),
        city=plan.regions[v.region][0],
        latitude=lat,
        longitude=lon,
        motivation="Ich möchte jungen Menschen zur Seite stehen.",
        languages=rng.choice(
            ["Deutsch", "Deutsch, Englisch", "Deutsch, Türkisch", "Deutsch, Arabisch"]
        ),
        interests_other=rng.choice(["", "Schach", "Kino"]),
        weekdays=rng.sample(["mo", "di", "mi", "do", "fr", "sa"], 3),
        times_of_day=rng.sample(["nachmittag", "abend"], rng.randint(1, 2)),
        mentee_age_min=low,
        mentee_age_max=low + rng.choice([6, 8, 11]),
        mentee_gender=rng.choice(["", "", "", "w", "m"]),
        mobility=["public"],
        max_travel_km=rng.choice([None, 30, 40]),
        commitment_months=rng.choice([12, 24]),
        updated_at=at(v.created, 20),
        submitted_at=at(v.created + timedelta(days=3), 20) if submitted else None,
    )


def _erstgespraech(
    ctx: Context, v: Vol, w: Wegbegleiter, coordinators: dict[int, list[User]]
) -> Erstgespraech:
    held = max(ctx.horizon, v.created + timedelta(days=10))
    outcome = "bedenken" if v.status == "abgelehnt" else "positiv"
    return Erstgespraech(
        wegbegleiter=w, held_on=min(held, ctx.today), conducted_by=coordinators[v.region][0],
        outcome=outcome, notes="Offenes, freundliches Gespräch.",
    )  # fmt: skip


def _referenzen(ctx: Context, v: Vol, w: Wegbegleiter) -> list[Referenz]:
    day = min(ctx.today, max(ctx.horizon, v.created + timedelta(days=20)))
    return [
        Referenz(wegbegleiter=w, kind=kind, name=f"Referenz {kind}", contact="0151 000000",
                 contacted_on=day, outcome="positiv")
        for kind in ("persoenlich", "beruflich")
    ]  # fmt: skip


def _entscheidung(
    ctx: Context, v: Vol, w: Wegbegleiter, coordinators: dict[int, list[User]]
) -> Entscheidung:
    outcome = {"abgelehnt": "ablehnen", "zurueckgestellt": "zurueckstellen"}.get(
        v.status, "annehmen"
    )
    day = min(ctx.today, max(ctx.horizon, v.created + timedelta(days=25)))
    return Entscheidung(
        wegbegleiter=w, outcome=outcome, reason="Nach Gespräch und Referenzen.",
        decided_by=coordinators[v.region][0], decided_at=at(day, 16),
    )  # fmt: skip


def _training(
    ctx: Context, plan: Plan, pairs: list[tuple[Vol, Wegbegleiter]], regions: list[Region]
) -> None:
    """Quarterly sessions per region; each trained volunteer attended the last one before."""
    sessions: dict[int, list[Schulungstermin]] = {}
    for r, region in enumerate(regions):
        days = range(3500, -60, -91)
        sessions[r] = bulk(
            Schulungstermin,
            (
                Schulungstermin(
                    region=region, title="Grundschulung", module="Rolle und Grenzen",
                    starts_at=at(ctx.today - timedelta(days=d), 10), hours=Decimal("6.0"),
                    place="Vereinsräume",
                )
                for d in days
            ),
            ctx,
        )  # fmt: skip
    rows: list[Any] = []
    for v, w in pairs:
        if v.training is None:
            continue
        before = [s for s in sessions[v.region] if s.starts_at.date() <= v.training]
        if before:
            rows.append(Schulungsteilnahme(termin=before[-1], wegbegleiter=w, attended=True))
    bulk(Schulungsteilnahme, rows, ctx)
