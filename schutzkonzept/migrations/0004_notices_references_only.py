"""Notices keep references only (§ 72a(5) SGB VIII: no copy of a certificate's facts survives).

Rows logged before this change stored rendered text: the end of a certificate's validity (in
the context and, as ISO date, in the period key of renewal reminders), what was missing for
clearance (which could say that a conviction is listed), names and dates. This migration turns
them into references: a renewal reminder points to the inspection it was about (and is deleted
when that inspection is gone already); the other kinds keep no context but what they render from.
"""

from __future__ import annotations

from calendar import monthrange
from datetime import date
from typing import Any

from django.conf import settings
from django.db import migrations

RENEWAL = ("certificate_renewal", "certificate_renewal_coordination")
EMPTIED = ("clearance_lapse", "clearance_lapse_coordination", "hpg_upcoming", "supervision_overdue")


def _valid_until(issued_on: date) -> date:
    months = 12 * settings.WB_CERTIFICATE_VALID_YEARS
    year, index = divmod(issued_on.year * 12 + issued_on.month - 1 + months, 12)
    return date(year, index + 1, min(issued_on.day, monthrange(year, index + 1)[1]))


def _renewals(apps: Any) -> None:
    notices = apps.get_model("wegbegleitung", "Benachrichtigung")
    zeugnisse = apps.get_model("schutzkonzept", "Fuehrungszeugnis")
    rows = notices.objects.filter(kind__in=RENEWAL, subject_type="wegbegleitung.wegbegleiter")
    for row in rows:
        end, _slash, stage = row.period.partition("/")
        match = next(
            (
                z.pk
                for z in zeugnisse.objects.filter(wegbegleiter_id=row.subject_id)
                if _valid_until(z.issued_on).isoformat() == end
            ),
            None,
        )
        if match is None or not stage.isdigit():
            row.delete()
            continue
        row.subject_type, row.subject_id = "schutzkonzept.fuehrungszeugnis", match
        row.period, row.context = f"stufe-{stage}", {"stage": int(stage)}
        row.save(update_fields=["subject_type", "subject_id", "period", "context"])


def forward(apps: Any, schema_editor: Any) -> None:
    _renewals(apps)
    notices = apps.get_model("wegbegleitung", "Benachrichtigung")
    notices.objects.filter(kind__in=EMPTIED).update(context={})
    for row in notices.objects.filter(kind="digest_weekly"):
        row.context = {
            "week": row.period,
            "day": row.created_at.date().isoformat(),
            "url": row.context.get("url", ""),
        }
        row.save(update_fields=["context"])


class Migration(migrations.Migration):
    dependencies = [
        ("schutzkonzept", "0003_length_limits"),
        ("wegbegleitung", "0004_notifications"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
