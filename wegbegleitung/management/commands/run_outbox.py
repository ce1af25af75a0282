"""Run the waiting after-commit tasks now, without Redis (during a long outage)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand

from wegbegleitung import outbox


class Command(BaseCommand):
    help = "Run every due after-commit task waiting in the outbox now, in this process."

    def handle(self, *args: Any, **options: Any) -> None:
        ran = outbox.sweep(grace=timedelta(0))
        self.stdout.write(f"{ran} waiting task(s) run")
