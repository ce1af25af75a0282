"""Apply the retention schedule now, or (``--dry-run``) print what would go, per kind."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from wegbegleitung.services.retention import retention_apply, retention_preview


class Command(BaseCommand):
    help = "Delete what the retention schedule says is due; --dry-run counts it per kind."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="count only, change nothing")
        parser.add_argument("--today", type=date.fromisoformat, help="YYYY-MM-DD (tests)")

    def handle(self, *args: Any, **options: Any) -> None:
        dry = options["dry_run"]
        today = options.get("today")
        outcomes = retention_preview(today=today) if dry else retention_apply(today=today)
        verb = "would delete" if dry else "deleted"
        for outcome in outcomes:
            self.stdout.write(f"{outcome.key}: {verb} {outcome.count} ({outcome.setting})")
        self.stdout.write(f"total: {verb} {sum(o.count for o in outcomes)}")
