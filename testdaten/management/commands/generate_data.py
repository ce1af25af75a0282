"""``manage.py generate_data --scale 0.1``: the national data set, or a part of it (issue 13)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from testdaten.generator import generate
from testdaten.guard import holds_data


class Command(BaseCommand):
    help = (
        "Generate realistic data by bulk inserts: --scale 1.0 is the national size (500 "
        "facilities, 20,000 young people, 15,000 volunteers, 12,000 matches, 2,000,000 diary "
        "entries, ...). Refuses a database that holds data (unless --force) and runs only with "
        "DEBUG on (unless --allow-without-debug)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", type=float, default=0.01, help="1.0 = national size")
        parser.add_argument("--seed", type=int, default=13, help="same seed, same data")
        parser.add_argument(
            "--force", action="store_true", help="add to a database that already holds data"
        )
        parser.add_argument(
            "--allow-without-debug",
            action="store_true",
            help="run although DEBUG is off (never on a production database)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["allow_without_debug"]:
            raise CommandError(
                "DEBUG is off: this may be a production database. Generated data would mix with "
                "real people's records. Use --allow-without-debug only on a scratch database."
            )
        existing = holds_data()
        if existing and not options["force"]:
            raise CommandError(
                f"The database already holds data ({existing}). Use an empty database, or "
                "--force to add a second generated set next to it."
            )
        domain = "testdaten.invalid"
        if existing:
            domain = f"s{options['seed']}-{existing.split()[0]}.testdaten.invalid"
        try:
            result = generate(
                scale=options["scale"], seed=options["seed"], domain=domain, out=self._say
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        for label, count in sorted(result.counts.items()):
            self._say(f"{count:>10,}  {label}")
        self._say(f"generated in {result.seconds:.1f} s; logins:")
        for role, value in result.logins.items():
            self._say(f"  {role}: {value}")

    def _say(self, line: str) -> None:
        self.stdout.write(line)
