from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from wegbegleitung.demo import print_logins

# The foundation first, then each area in the order they build on each other.
_MEMORY_MAIL = "django.core.mail.backends.locmem.EmailBackend"
DEMO_MODULES = [
    "wegbegleitung.demo",
    "einrichtungen.demo",
    "schutzkonzept.demo",
    "matching.demo",
    "berichte.demo",
    "forschung.demo",
    "nachweise.demo",
    "auslagen.demo",
    "netzwerk.demo",
    "arbeitsplatz.demo",  # last: the coordinator's Monday morning
]


class Command(BaseCommand):
    help = "Fill the database with a believable demo and print a login for each role (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        # The demo's own events (invitations, requests to sign, concern alerts) would mail the
        # made-up demo addresses: they are kept in memory instead of being printed or sent.
        with override_settings(MAILERS={"default": {"BACKEND": _MEMORY_MAIL}}):
            for name in DEMO_MODULES:
                if find_spec(name) is None:
                    continue
                import_module(name).load(out=self.stdout.write)
        print_logins(out=self.stdout.write)
