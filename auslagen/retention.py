"""Receipts are deleted with the match's data.

An expense hangs off its match with ``on_delete=CASCADE``, as the diary (``matching.Treffen``)
does: whatever deletes a match (today only a superuser in the admin; later the retention schedule
of issue 14) deletes its expenses with it. The receipt files are not rows, so this module deletes
them: ``post_delete`` of each expense (also in a cascade, since a receiver disables Django's fast
delete) removes its file once the transaction has committed, and never if it is rolled back.

The one hook, connected in ``AuslagenConfig.ready()``; a retention schedule that deletes matches
(or only expenses) needs nothing else. ``receipts_delete`` is the same step for a caller that
deletes with ``QuerySet.update``-style raw SQL and wants to remove the files itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete

from auslagen import belege
from auslagen.models import Auslage


def receipts_delete(relatives: Iterable[str]) -> None:
    """Remove the files after the commit of the deletion that made them orphans."""
    for relative in relatives:
        if relative:
            transaction.on_commit(partial(belege.remove, relative))


def _on_delete(sender: Any, instance: Auslage, **kwargs: Any) -> None:
    receipts_delete([instance.beleg])


def connect() -> None:
    post_delete.connect(_on_delete, sender=Auslage, dispatch_uid="auslagen.receipt_delete")
