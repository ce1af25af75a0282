from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.core.management.base import BaseCommand

# The foundation first, then each area in the order they build on each other.
DEMO_MODULES = ["wegbegleitung.demo", "einrichtungen.demo", "schutzkonzept.demo", "matching.demo"]


class Command(BaseCommand):
    help = "Fill the database with a believable demo and print a login for each role (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        for name in DEMO_MODULES:
            if find_spec(name) is None:
                continue
            import_module(name).load(out=self.stdout.write)
