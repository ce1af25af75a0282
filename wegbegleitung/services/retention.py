"""Applying the retention schedule (``wegbegleitung.retention``): the daily task and the command.

Rules: every registered kind runs in its own transaction, so one that fails leaves the others
done and is tried again the next night; each kind that removed something leaves one audit event
with the kind and the count, never what was removed. The dry run only counts.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from wegbegleitung.retention import kinds
from wegbegleitung.services.audit import audit_log

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    key: str
    label: str
    setting: str
    count: int


def retention_preview(*, today: date | None = None) -> list[Outcome]:
    """What would go today, per kind (reads only)."""
    day = today or timezone.localdate()
    return [Outcome(k.key, str(k.label), k.setting, k.due(day)) for k in kinds()]


def retention_apply(*, today: date | None = None) -> list[Outcome]:
    """Delete or anonymise what is due, per kind; returns the counts (safe to run twice)."""
    day = today or timezone.localdate()
    done: list[Outcome] = []
    for kind in kinds():
        try:
            with transaction.atomic():
                count = kind.purge(day)
                if count:
                    audit_log(actor=None, action="retention.apply", obj=None,
                              details={"kind": kind.key, "count": count})  # fmt: skip
        except Exception:  # one kind failing must not stop the schedule for the others
            logger.exception("retention: kind %s failed", kind.key)
            continue
        done.append(Outcome(kind.key, str(kind.label), kind.setting, count))
    return done
