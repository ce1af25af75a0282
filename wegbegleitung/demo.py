"""Demo data of the foundation: regions, facilities, one login per role, volunteers.

Every app may add a ``<app>/demo.py`` with ``load(*, out)``; the ``demo`` command runs them in
DEMO_MODULES order. Each must be idempotent: running the command twice changes nothing.
Staff roles log in with two-factor: their TOTP secret is fixed and printed (demo only).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from einrichtungen.models import Einrichtung
from einrichtungen.services import einrichtung_create
from wegbegleitung.models import Country, Region, User, Wegbegleiter
from wegbegleitung.roles import TWO_FACTOR_ROLES, Role
from wegbegleitung.services.roles import user_grant_role

DEMO_PASSWORD = "Wegbegleitung-Demo-2026"
DEMO_TOTP_SECRET = "KRUGS4ZANFZSAYJAMRSW233TMVRXEZLU"  # base32; demo accounts only
DOMAIN = "demo.wegbegleitung.org"

REGIONS = [("Rhein-Main", Country.DE), ("Wien", Country.AT)]
EINRICHTUNGEN = [
    ("Wohngruppe Lindenhof", "Rhein-Main"),
    ("Kinderhaus Am Park", "Rhein-Main"),
    ("WG Donaublick", "Wien"),
    # early help (Frühe Hilfen): it refers families, einrichtungen.demo sets its type
    ("Netzwerkkoordination Frühe Hilfen Frankfurt", "Rhein-Main"),
]


@dataclass(frozen=True)
class DemoUser:
    local: str
    first_name: str
    last_name: str
    role: str
    region: str | None = None
    einrichtung: str | None = None
    status: str | None = None  # volunteers: where they stand on the path

    @property
    def email(self) -> str:
        return f"{self.local}@{DOMAIN}"


USERS = [
    DemoUser("koordination", "Katrin", "Koch", Role.KOORDINATION, region="Rhein-Main"),
    DemoUser("koordination.wien", "Lukas", "Huber", Role.KOORDINATION, region="Wien"),
    DemoUser("kinderschutz", "Sabine", "Schuster", Role.KINDERSCHUTZ, region="Rhein-Main"),
    DemoUser("einrichtung", "Elif", "Yilmaz", Role.EINRICHTUNG, einrichtung="Wohngruppe Lindenhof"),
    DemoUser("einrichtung.wien", "Maria", "Gruber", Role.EINRICHTUNG, einrichtung="WG Donaublick"),
    DemoUser(
        "fruehehilfen",
        "Nadine",
        "Schulz",
        Role.EINRICHTUNG,
        einrichtung="Netzwerkkoordination Frühe Hilfen Frankfurt",
    ),
    DemoUser("forschung", "Felix", "Berger", Role.FORSCHUNG),
    # Jonas (16, Wohngruppe Lindenhof) with his own access; forschung.demo links the account
    DemoUser("jonas", "Jonas", "Lind", Role.JUGENDLICHE),
    DemoUser(
        "wegbegleiterin",
        "Wiebke",
        "Wagner",
        Role.WEGBEGLEITUNG,
        region="Rhein-Main",
        status=Wegbegleiter.Status.VERFUEGBAR,
    ),
    DemoUser(
        "begleiter",
        "Markus",
        "Neumann",
        Role.WEGBEGLEITUNG,
        region="Rhein-Main",
        status=Wegbegleiter.Status.VERFUEGBAR,
    ),
    # serves in the family programme; the volunteer of the demo's running family match
    DemoUser(
        "familienpatin",
        "Petra",
        "Lang",
        Role.WEGBEGLEITUNG,
        region="Rhein-Main",
        status=Wegbegleiter.Status.VERFUEGBAR,
    ),
    DemoUser(
        "interessent",
        "Jonas",
        "Becker",
        Role.WEGBEGLEITUNG,
        region="Rhein-Main",
        status=Wegbegleiter.Status.INTERESSENT,
    ),
    DemoUser(
        "bewerberin",
        "Aylin",
        "Demir",
        Role.WEGBEGLEITUNG,
        region="Rhein-Main",
        status=Wegbegleiter.Status.BEWORBEN,
    ),
    DemoUser(
        "pruefung",
        "Tobias",
        "Schmitt",
        Role.WEGBEGLEITUNG,
        region="Rhein-Main",
        status=Wegbegleiter.Status.IN_PRUEFUNG,
    ),
    DemoUser(
        "pausiert",
        "Hannah",
        "Weber",
        Role.WEGBEGLEITUNG,
        region="Wien",
        status=Wegbegleiter.Status.PAUSIERT,
    ),
    DemoUser(
        "verfuegbar.wien",
        "Stefan",
        "Mayer",
        Role.WEGBEGLEITUNG,
        region="Wien",
        status=Wegbegleiter.Status.VERFUEGBAR,
    ),
]


def load(*, out: Callable[[str], None]) -> None:
    with transaction.atomic():
        regions = {name: _region(name, country) for name, country in REGIONS}
        einrichtungen = {name: _einrichtung(name, regions[r]) for name, r in EINRICHTUNGEN}
        for spec in USERS:
            _user(spec, regions, einrichtungen)
        from wegbegleitung.demo_path import load_path

        load_path(domain=DOMAIN)
    out("Regions, facilities, accounts and the volunteers' path: loaded.")


# where each role lands after login (wegbegleitung.views.start)
_STARTS = {
    Role.KOORDINATION: "admin:index",
    Role.KINDERSCHUTZ: "admin:index",
    Role.EINRICHTUNG: "einrichtungen:start",
    Role.WEGBEGLEITUNG: "portal:start",
    Role.FORSCHUNG: "forschung_start",
    Role.JUGENDLICHE: "jung:start",
}


def print_logins(*, out: Callable[[str], None]) -> None:
    """Each login with where it starts and, for volunteers, where they stand (issue 11 §5)."""
    out("")
    out(f"Demo logins (password for all: {DEMO_PASSWORD}):")
    states = _volunteer_states()
    for spec in USERS:
        start = reverse(_STARTS[Role(spec.role)])
        state = f" ({states[spec.email]})" if spec.email in states else ""
        out(f"  {Role(spec.role).label:<27} {spec.email:<40} starts at {start}{state}")
    out(f"Two-factor code for staff roles: TOTP secret {DEMO_TOTP_SECRET}")
    out("  (or print the current code with: .venv/bin/python manage.py demo_totp EMAIL)")


def _volunteer_states() -> dict[str, str]:
    """The status as the volunteer's portal shows it: "in a match" while a match runs."""
    from wegbegleitung.notifications import providers

    emails = [spec.email for spec in USERS if spec.role == Role.WEGBEGLEITUNG]
    states = {}
    for w in Wegbegleiter.objects.filter(user__email__in=emails).select_related("user"):
        running = any(m.running for m in providers.portal_matches(w.pk, timezone.localdate()))
        states[w.user.email] = str(_("in a match") if running else w.get_status_display())
    return states


def _region(name: str, country: str) -> Region:
    region, _ = Region.objects.get_or_create(name=name, defaults={"country": country})
    return region


def _einrichtung(name: str, region: Region) -> Einrichtung:
    existing = Einrichtung.objects.filter(name=name, region=region).first()
    return existing or einrichtung_create(acting_user=None, name=name, region=region)


def _user(
    spec: DemoUser, regions: dict[str, Region], einrichtungen: dict[str, Einrichtung]
) -> User:
    user = User.objects.filter(email=spec.email).first()
    if user is not None:
        return user
    user = User.objects.create_user(
        spec.email, DEMO_PASSWORD, first_name=spec.first_name, last_name=spec.last_name
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    region = regions.get(spec.region) if spec.region else None
    einrichtung = einrichtungen.get(spec.einrichtung) if spec.einrichtung else None
    user_grant_role(
        acting_user=None, user=user, role=spec.role, region=region, einrichtung=einrichtung
    )
    if spec.role == Role.WEGBEGLEITUNG:
        Wegbegleiter.objects.create(
            user=user, region=region, status=spec.status or Wegbegleiter.Status.INTERESSENT
        )
    if spec.role in TWO_FACTOR_ROLES:
        Authenticator.objects.create(
            user=user, type=Authenticator.Type.TOTP, data={"secret": DEMO_TOTP_SECRET}
        )
        RecoveryCodes.activate(user)
    return user
