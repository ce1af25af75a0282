"""Delete certificate data that § 72a(5) SGB VIII no longer allows us to keep (or show it).

``--dry-run`` lists every volunteer with stored certificate data, the rule that applies
(``schutzkonzept.retention``) and the day the data are (or were) due for deletion; nothing is
deleted. Without it, what is due is deleted and listed.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from schutzkonzept.retention import Decision, Rule
from schutzkonzept.services.deletion import fuehrungszeugnis_purge, retention_decisions
from wegbegleitung.models import Wegbegleiter


def rule_text(rule: Rule) -> str:
    months_after = settings.WB_CERTIFICATE_DELETE_AFTER_MONTHS
    return {
        Rule.SUPERSEDED: "superseded by a newer inspection",
        Rule.LEFT_WITHOUT_ACTIVITY: "left without taking up the activity",
        Rule.UNUSED: (
            f"no match started within {settings.WB_CERTIFICATE_UNUSED_MONTHS} month(s) "
            "of the inspection"
        ),
        Rule.LAST_ACTIVITY: f"{months_after} month(s) after the end of the last match",
        Rule.MATCH_OPEN: "a match is open: kept while it runs",
    }[rule]


class Command(BaseCommand):
    help = (
        "Delete certificate inspections that are due for deletion; --dry-run lists every "
        "volunteer with the rule and the date that applies."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="show, delete nothing")
        parser.add_argument(
            "--date",
            type=date.fromisoformat,
            default=None,
            help="evaluate as of this day (YYYY-MM-DD), default today",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["date"] or timezone.localdate()
        if options["dry_run"]:
            decisions = retention_decisions(today)
            self._list(decisions, today)
            due = [d for d in decisions if d.due(today)]
            verb = "would delete"
        else:
            due = fuehrungszeugnis_purge(today=today)
            self._list(due, today)
            verb = "deleted"
        self.stdout.write(f"{verb} {len(due)} certificate inspection(s) as of {today.isoformat()}")

    def _list(self, decisions: list[Decision], today: date) -> None:
        names = {
            w.pk: str(w.user)
            for w in Wegbegleiter.objects.filter(
                pk__in={d.wegbegleiter_id for d in decisions}
            ).select_related("user")
        }
        for d in decisions:
            when = d.delete_on.isoformat() if d.delete_on else "-"
            state = "due" if d.due(today) else "kept"
            self.stdout.write(
                f"volunteer {d.wegbegleiter_id} ({names.get(d.wegbegleiter_id, '?')}), "
                f"inspection {d.zeugnis_id}: {d.rule} ({rule_text(d.rule)}); "
                f"delete on {when}: {state}"
            )
