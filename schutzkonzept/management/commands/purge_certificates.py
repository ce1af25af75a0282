"""Delete certificate data that § 72a(5) SGB VIII no longer allows us to keep (or show it)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from schutzkonzept.services.deletion import (
    NOT_TAKEN_UP,
    due_deletions,
    fuehrungszeugnis_purge,
)

REASONS = {
    NOT_TAKEN_UP: "never took up the activity",
    "retention_elapsed": "retention period after the last activity has ended",
}


class Command(BaseCommand):
    help = "Delete certificate inspections that are due for deletion; --dry-run only lists them."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="show, delete nothing")
        parser.add_argument(
            "--date",
            type=date.fromisoformat,
            default=None,
            help="evaluate as of this day (YYYY-MM-DD), default today",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["date"]
        if options["dry_run"]:
            due = due_deletions(today)
            verb = "would delete"
        else:
            due = fuehrungszeugnis_purge(today=today)
            verb = "deleted"
        for item in due:
            self.stdout.write(
                f"{verb} certificate inspection {item.zeugnis_id} of volunteer "
                f"{item.wegbegleiter_id}: {REASONS[item.reason]}"
            )
        self.stdout.write(f"{verb} {len(due)} certificate inspection(s)")
