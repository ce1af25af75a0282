"""Reads of the notification log that a user sees: only their own rows."""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from wegbegleitung.models import Benachrichtigung, User
from wegbegleitung.notifications import registry

INBOX_SIZE = 100
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class InboxEntry:
    title: str
    created_at: datetime
    url: str
    status: str
    mailed: bool


def inbox_for(*, user: User) -> list[InboxEntry]:
    """The user's latest notifications, newest first: one query, plus one batch per kind that
    renders its text from the current records (the rows keep references only)."""
    rows = list(
        Benachrichtigung.objects.filter(recipient=user).order_by("-created_at", "-id")[:INBOX_SIZE]
    )
    contexts = _contexts(rows)
    entries = []
    for row in rows:
        kind = registry.KINDS.get(row.kind)
        context = contexts.get(row.pk, {})
        entries.append(
            InboxEntry(
                title=kind.title_for(context) if kind else row.kind,
                created_at=row.created_at,
                url=str(context.get("url", "")),
                status=row.get_status_display(),
                mailed=row.status == Benachrichtigung.Status.GESENDET,
            )
        )
    return entries


def _contexts(rows: list[Benachrichtigung]) -> dict[int, dict[str, Any]]:
    by_kind: dict[str, list[Benachrichtigung]] = defaultdict(list)
    for row in rows:
        by_kind[row.kind].append(row)
    result: dict[int, dict[str, Any]] = {}
    for key, kind_rows in by_kind.items():
        kind = registry.KINDS.get(key)
        if kind is None:
            continue
        try:
            result.update(registry.contexts_for(kind, kind_rows, inbox=True))
        except Exception:  # one kind that cannot render must not take the inbox down
            logger.exception("notification kind %s could not be rendered", key)
    return result
