"""The periodic reminders: for each kind, "what is due on day D", and the daily run.

Rules (DOMAIN.md, issue 7), with their settings:
- supervision: a volunteer in an active match whose last attended supervision (or the start of
  the activity) is more than their interval ago is reminded once per missing stretch; the
  interval is their programmes' (the shortest ``Programm.supervision_wochen`` among the
  programmes of their active matches, else of the programmes they serve in:
  ``wegbegleitung.programmes``); WB_SUPERVISION_OVERDUE_WEEKS later their coordinators are told
  it is overdue;
- support contacts, diary and agreement confirmations wait for the matching app's data.
Each selector reads everyone at once: a fixed number of queries, whatever the number of people.
The kinds of the apps above (certificate renewal and code of conduct in
``schutzkonzept.notifications``, help-plan conferences in ``einrichtungen.notifications``, matches
in ``matching.notifications``) register themselves from their ``AppConfig.ready()``; the daily
run finds every periodic kind in the registry. A logged row keeps references only; the
coordinators' supervision notice renders the volunteer's name when it is shown.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from datetime import date, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wegbegleitung.models import Benachrichtigung, Wegbegleiter
from wegbegleitung.notifications import delivery, done_marker, providers
from wegbegleitung.notifications.common import coordinators_by_region, link
from wegbegleitung.notifications.registry import Audience, Due, Kind, periodic_kinds, register
from wegbegleitung.programmes import supervision_weeks_by_volunteer

logger = logging.getLogger(__name__)
WEGBEGLEITER = "wegbegleitung.wegbegleiter"


# --- supervision --------------------------------------------------------------------------------


def supervision_rows(day: date, *, weeks_late: int = 0) -> list[Wegbegleiter]:
    """Volunteers in an active match on ``day`` whose supervision was due ``weeks_late`` ago."""
    from wegbegleitung.selectors import supervision_due_list

    ids = providers.active_match_wegbegleiter_ids(day)
    if not ids:
        return []
    cutoff_day = day - timedelta(weeks=weeks_late)
    qs = supervision_due_list(in_active_match=ids, today=cutoff_day)
    return list(qs.filter(user__is_active=True))


def _clock_period(row: Wegbegleiter) -> str:
    clock = getattr(row, "supervision_clock", None)
    return f"seit-{clock.isoformat()}" if clock else "seit-nie"


def supervision_due(day: date) -> Iterator[Due]:
    for row in supervision_rows(day):
        yield Due(
            row.user_id, WEGBEGLEITER, row.pk, _clock_period(row), row.region_id,
            {"weeks": getattr(row, "supervision_weeks", None), "url": link("portal:supervision")},
        )  # fmt: skip


def supervision_overdue(day: date) -> Iterator[Due]:
    rows = supervision_rows(day, weeks_late=settings.WB_SUPERVISION_OVERDUE_WEEKS)
    coordinators = coordinators_by_region(r.region_id for r in rows)
    for row in rows:
        for user_id in coordinators.get(row.region_id or 0, []):
            yield Due(user_id, WEGBEGLEITER, row.pk, _clock_period(row), row.region_id)


def render_supervision_overdue(rows: Sequence[Benachrichtigung]) -> dict[int, dict[str, object]]:
    volunteers = Wegbegleiter.objects.select_related("user").in_bulk({r.subject_id for r in rows})
    interval = supervision_weeks_by_volunteer(volunteers, timezone.localdate())
    late = settings.WB_SUPERVISION_OVERDUE_WEEKS
    return {
        row.pk: {
            "name": str(volunteers[row.subject_id].user),
            "weeks": interval[row.subject_id] + late,
            "url": link("admin:wegbegleitung_wegbegleiter_change", row.subject_id),
        }
        for row in rows
        if row.subject_id in volunteers
    }


# --- the daily run --------------------------------------------------------------------------------


def reminders_run(*, day: date | None = None) -> dict[str, int]:
    """Record every periodic reminder due on ``day``; returns the number due per kind.

    Running it again on the same day records nothing new (the log's unique key); when nothing was
    written since a complete run of that day, it does not even ask (``done_marker``).
    """
    today = day or timezone.localdate()
    generation = done_marker.generation()
    done = done_marker.result_of(today, generation)
    if done is not None:
        return done
    result: dict[str, int] = {}
    for kind in periodic_kinds():
        assert kind.due is not None
        try:
            result[kind.key] = delivery.record(kind.key, kind.due(today))
        except Exception:  # one broken kind must not stop the others; the log shows it
            logger.exception("reminder kind %s failed", kind.key)
            result[kind.key] = -1
    if -1 not in result.values():  # a failed kind is tried again by the next run
        done_marker.remember(today, generation, result)
    return result


register(
    Kind(
        "supervision_due",
        _("Supervision is due"),
        _("Time for supervision"),
        "reminder_supervision_due",
        Audience.VOLUNTEER,
        due=supervision_due,
    )
)
register(
    Kind(
        "supervision_overdue",
        _("Supervision overdue (coordination)"),
        _("Supervision overdue: %(name)s"),
        "reminder_supervision_overdue",
        Audience.COORDINATION,
        due=supervision_overdue,
        render=render_supervision_overdue,
    )
)
# Kinds whose data the matching app (issue 6) brings: it attaches their selectors with
# registry.attach_selector(key, selector); the generic template shows ``title`` and ``text``.
for _key, _label, _audience in (
    ("support_contact_due", _("Support contact due"), Audience.COORDINATION),
    ("support_contact_overdue", _("Support contact overdue"), Audience.COORDINATION),
    ("diary_missing", _("No diary entry for three weeks"), Audience.VOLUNTEER),
    ("agreement_confirmation", _("Agreement waiting for your confirmation"), Audience.VOLUNTEER),
):
    register(Kind(_key, _label, _label, "reminder_generic", _audience, waiting_for="matching"))
