"""Deleting certificate data on schedule (§ 72a(5) SGB VIII, as amended in 2021).

Which rule applies and on which day is decided in the pure module ``schutzkonzept.retention``
(superseded, left without activity, unused for WB_CERTIFICATE_UNUSED_MONTHS, at the latest
WB_CERTIFICATE_DELETE_AFTER_MONTHS after the end of the last match, kept while a match is open);
the matches come from the matching app through ``schutzkonzept.providers``. This module reads
what the rules need in two queries, deletes what is due in one transaction and

- removes every notice about the deleted inspection with it (no copy of its facts may survive
  in the notification log: ``schutzkonzept.notifications.notices_about_certificates_delete``);
- leaves one audit event per deletion that names the record and the rule, never the deleted
  data (no dates, no result).

Recording a newer inspection deletes the older ones at once (``fuehrungszeugnis_record``).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from schutzkonzept import providers
from schutzkonzept.models import Fuehrungszeugnis
from schutzkonzept.notifications import notices_about_certificates_delete
from schutzkonzept.retention import (
    Decision,
    Inspection,
    MatchHistory,
    Periods,
    Rule,
    decide,
    superseded_days,
)
from wegbegleitung.models import Wegbegleiter
from wegbegleitung.services.audit import audit_log

_GONE = {Wegbegleiter.Status.AUSGESCHIEDEN, Wegbegleiter.Status.ABGELEHNT}


def periods() -> Periods:
    return Periods(
        unused_months=settings.WB_CERTIFICATE_UNUSED_MONTHS,
        after_activity_months=settings.WB_CERTIFICATE_DELETE_AFTER_MONTHS,
    )


def _inspections(today: date) -> list[Inspection]:
    rows = Fuehrungszeugnis.objects.values_list(
        "pk", "wegbegleiter_id", "inspected_on",
        "wegbegleiter__status", "wegbegleiter__status_since", "wegbegleiter__user__is_active",
    )  # fmt: skip
    by_volunteer: dict[int, list[tuple[int, date]]] = defaultdict(list)
    left: dict[int, date | None] = {}
    for pk, wegbegleiter_id, inspected_on, status, since, active in rows:
        by_volunteer[wegbegleiter_id].append((pk, inspected_on))
        gone = status in _GONE
        # an account closed without a recorded status change counts from today
        left[wegbegleiter_id] = timezone.localdate(since) if gone else None if active else today
    result: list[Inspection] = []
    for wegbegleiter_id, items in by_volunteer.items():
        superseded = superseded_days(items)
        result.extend(
            Inspection(pk, wegbegleiter_id, inspected_on, superseded.get(pk), left[wegbegleiter_id])
            for pk, inspected_on in items
        )
    return result


def retention_decisions(today: date | None = None) -> list[Decision]:
    """The rule and the deletion day of every stored inspection, by volunteer (three queries)."""
    today = today or timezone.localdate()
    inspections = _inspections(today)
    history = providers.match_history({i.wegbegleiter_id for i in inspections})
    rules = periods()
    decisions = [decide(i, history.get(i.wegbegleiter_id, _NONE), rules) for i in inspections]
    return sorted(decisions, key=lambda d: (d.wegbegleiter_id, d.zeugnis_id))


def due_deletions(today: date | None = None) -> list[Decision]:
    today = today or timezone.localdate()
    return [d for d in retention_decisions(today) if d.due(today)]


@transaction.atomic
def fuehrungszeugnis_purge(*, today: date | None = None) -> list[Decision]:
    """Delete what is due; safe to run twice (the second run finds nothing)."""
    due = due_deletions(today)
    certificates_delete(due)
    return due


def certificates_delete(decisions: list[Decision]) -> None:
    """Delete the inspections and every notice about them, with an audit event each."""
    for item in decisions:
        audit_log(
            actor=None,
            action="fuehrungszeugnis.delete",
            obj=Fuehrungszeugnis(pk=item.zeugnis_id),
            details={"wegbegleiter": item.wegbegleiter_id, "reason": str(item.rule)},
        )
    ids = [item.zeugnis_id for item in decisions]
    notices_about_certificates_delete(ids)
    Fuehrungszeugnis.objects.filter(pk__in=ids).delete()


def superseded_delete(*, wegbegleiter: Wegbegleiter) -> list[Decision]:
    """Delete the inspections of ``wegbegleiter`` that a newer one replaced (inside the caller's
    transaction); returns what was deleted."""
    items = list(
        Fuehrungszeugnis.objects.filter(wegbegleiter=wegbegleiter).values_list("pk", "inspected_on")
    )
    superseded = superseded_days(items)
    decisions = [
        Decision(pk, wegbegleiter.pk, Rule.SUPERSEDED, day) for pk, day in superseded.items()
    ]
    certificates_delete(decisions)
    return decisions


_NONE = MatchHistory()
