"""Reads of the notification log that a user sees: only their own rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from wegbegleitung.models import Benachrichtigung, User
from wegbegleitung.notifications import registry

INBOX_SIZE = 100


@dataclass(frozen=True)
class InboxEntry:
    title: str
    created_at: datetime
    url: str
    status: str
    mailed: bool


def inbox_for(*, user: User) -> list[InboxEntry]:
    """The user's latest notifications, newest first, in one query."""
    rows = Benachrichtigung.objects.filter(recipient=user).order_by("-created_at", "-id")[
        :INBOX_SIZE
    ]
    entries = []
    for row in rows:
        kind = registry.KINDS.get(row.kind)
        entries.append(
            InboxEntry(
                title=kind.title_for(row.context) if kind else row.kind,
                created_at=row.created_at,
                url=str(row.context.get("url", "")),
                status=row.get_status_display(),
                mailed=row.status == Benachrichtigung.Status.GESENDET,
            )
        )
    return entries
