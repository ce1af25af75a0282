"""The periodic reminders: for each kind, "what is due on day D", and the daily run.

Rules (DOMAIN.md, issue 7), with their settings:
- supervision: a volunteer in an active match whose last attended supervision (or the start of
  the activity) is more than WB_SUPERVISION_INTERVAL_WEEKS ago is reminded once per missing
  stretch; WB_SUPERVISION_OVERDUE_WEEKS later their coordinators are told it is overdue;
- certificate renewal: WB_CERTIFICATE_REMINDER_FIRST_DAYS (60) and
  WB_CERTIFICATE_REMINDER_SECOND_DAYS (14) days before the certificate's validity ends, and on
  the day it ends (``schutzkonzept.clearance.certificate_valid_until``), volunteer and
  coordinators; a day the run missed is caught up (up to WB_REMINDER_CATCH_UP_DAYS after the
  end), and a stage is sent once per certificate;
- code of conduct: every volunteer who has to sign the current version is asked once per version;
- help-plan conference: the mentor of the young person is reminded of a conference they are
  invited to within WB_HPG_REMINDER_DAYS, only while the young person's consents allow the mentor
  in the conference (``einrichtungen.selectors.hilfeplangespraech_for_mentor`` decides);
- support contacts, diary and agreement confirmations wait for the matching app's data.
Each selector reads everyone at once: a fixed number of queries, whatever the number of people.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wegbegleitung.models import Wegbegleiter
from wegbegleitung.notifications import delivery, providers
from wegbegleitung.notifications.common import coordinators_by_region, german_date, link
from wegbegleitung.notifications.registry import Audience, Due, Kind, periodic_kinds, register

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
            {"weeks": settings.WB_SUPERVISION_INTERVAL_WEEKS, "url": link("portal:supervision")},
        )  # fmt: skip


def supervision_overdue(day: date) -> Iterator[Due]:
    rows = supervision_rows(day, weeks_late=settings.WB_SUPERVISION_OVERDUE_WEEKS)
    coordinators = coordinators_by_region(r.region_id for r in rows)
    for row in rows:
        context = {
            "name": str(row.user),
            "weeks": settings.WB_SUPERVISION_INTERVAL_WEEKS + settings.WB_SUPERVISION_OVERDUE_WEEKS,
            "url": link("admin:wegbegleitung_wegbegleiter_change", row.pk),
        }
        for user_id in coordinators.get(row.region_id or 0, []):
            yield Due(user_id, WEGBEGLEITER, row.pk, _clock_period(row), row.region_id, context)


# --- certificate renewal --------------------------------------------------------------------------


def certificate_stage(days_left: int) -> int | None:
    """Which reminder a certificate ``days_left`` days before its end is at (None: none)."""
    first = settings.WB_CERTIFICATE_REMINDER_FIRST_DAYS
    second = settings.WB_CERTIFICATE_REMINDER_SECOND_DAYS
    if second < days_left <= first:
        return first
    if 0 < days_left <= second:
        return second
    if -settings.WB_REMINDER_CATCH_UP_DAYS < days_left <= 0:
        return 0
    return None


def certificate_rows(day: date) -> Iterator[tuple[Wegbegleiter, date, int]]:
    """Active volunteers whose current certificate is at a reminder stage on ``day``."""
    from schutzkonzept.clearance import annotate_clearance, certificate_valid_until
    from schutzkonzept.dates import last_date_reaching
    from schutzkonzept.services.conduct import INACTIVE_STATUSES

    months = 12 * settings.WB_CERTIFICATE_VALID_YEARS
    earliest_end = day - timedelta(days=settings.WB_REMINDER_CATCH_UP_DAYS - 1)
    latest_end = day + timedelta(days=settings.WB_CERTIFICATE_REMINDER_FIRST_DAYS)
    qs = annotate_clearance(
        Wegbegleiter.objects.exclude(status__in=INACTIVE_STATUSES).filter(user__is_active=True)
    ).filter(
        Q(clearance_conviction=False)
        & Q(clearance_issued_on__gt=last_date_reaching(earliest_end - timedelta(days=1), months))
        & Q(clearance_issued_on__lte=last_date_reaching(latest_end, months))
    )
    for row in qs.select_related("user"):
        valid_until = certificate_valid_until(row.clearance_issued_on)  # type: ignore[attr-defined]
        stage = certificate_stage((valid_until - day).days)
        if stage is not None:
            yield row, valid_until, stage


def _certificate_context(valid_until: date, stage: int) -> dict[str, object]:
    return {"expires": german_date(valid_until), "stage": stage, "expired": stage == 0}


def certificate_renewal(day: date) -> Iterator[Due]:
    for row, valid_until, stage in certificate_rows(day):
        context = {
            **_certificate_context(valid_until, stage),
            "url": link("schutzkonzept:uebersicht"),
        }
        period = f"{valid_until.isoformat()}/{stage}"
        yield Due(row.user_id, WEGBEGLEITER, row.pk, period, row.region_id, context)


def certificate_renewal_coordination(day: date) -> Iterator[Due]:
    rows = list(certificate_rows(day))
    coordinators = coordinators_by_region(row.region_id for row, _end, _stage in rows)
    for row, valid_until, stage in rows:
        context = {
            **_certificate_context(valid_until, stage),
            "name": str(row.user),
            "url": link("admin:wegbegleitung_wegbegleiter_change", row.pk),
        }
        period = f"{valid_until.isoformat()}/{stage}"
        for user_id in coordinators.get(row.region_id or 0, []):
            yield Due(user_id, WEGBEGLEITER, row.pk, period, row.region_id, context)


# --- code of conduct ------------------------------------------------------------------------------


def conduct_due_for(kodex_version: int, rows: Iterable[tuple[int, int, int | None]]) -> list[Due]:
    """``rows``: (wegbegleiter id, user id, region id) of volunteers who have to sign."""
    context = {"version": kodex_version, "url": link("schutzkonzept:verhaltenskodex")}
    return [
        Due(user_id, WEGBEGLEITER, pk, f"v{kodex_version}", region_id, context)
        for pk, user_id, region_id in rows
    ]


def conduct_sign(day: date) -> list[Due]:
    from schutzkonzept.services.conduct import current_verhaltenskodex, volunteers_to_sign

    kodex = current_verhaltenskodex()
    if kodex is None:
        return []
    rows = volunteers_to_sign(kodex).values_list("pk", "user_id", "region_id")
    return conduct_due_for(kodex.version, rows)


# --- help-plan conference -------------------------------------------------------------------------


def hpg_upcoming(day: date) -> Iterator[Due]:
    from einrichtungen.models import Hilfeplangespraech
    from einrichtungen.selectors import hilfeplangespraech_for_mentor

    conferences = list(
        Hilfeplangespraech.objects.filter(
            datum__gte=day,
            datum__lte=day + timedelta(days=settings.WB_HPG_REMINDER_DAYS),
            wegbegleiter_eingeladen=True,
        )
        .select_related("jugendliche")
        .prefetch_related("jugendliche__einwilligungen")
    )
    mentors = providers.mentors_of_jugendliche({c.jugendliche_id for c in conferences}, day)
    accounts = {
        pk: (user_id, region_id)
        for pk, user_id, region_id in Wegbegleiter.objects.filter(
            pk__in=set(mentors.values()), user__is_active=True
        ).values_list("pk", "user_id", "region_id")
    }
    for hpg in conferences:
        account = accounts.get(mentors.get(hpg.jugendliche_id, 0))
        view = hilfeplangespraech_for_mentor(hpg, on=day) if account else None
        if account is None or view is None or not view.eingeladen:
            continue  # no mentor, or the consents do not let the mentor in
        context = {
            "date": german_date(hpg.datum),
            "vorname": hpg.jugendliche.vorname,
            "url": link("portal:start"),
        }
        yield Due(
            account[0], "einrichtungen.hilfeplangespraech", hpg.pk, hpg.datum.isoformat(),
            account[1], context,
        )  # fmt: skip


# --- the daily run --------------------------------------------------------------------------------


def reminders_run(*, day: date | None = None) -> dict[str, int]:
    """Record every periodic reminder due on ``day``; returns the number due per kind.

    Running it again on the same day records nothing new (the log's unique key).
    """
    today = day or timezone.localdate()
    result: dict[str, int] = {}
    for kind in periodic_kinds():
        assert kind.due is not None
        try:
            result[kind.key] = delivery.record(kind.key, kind.due(today))
        except Exception:  # one broken kind must not stop the others; the log shows it
            logger.exception("reminder kind %s failed", kind.key)
            result[kind.key] = -1
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
    )
)
register(
    Kind(
        "certificate_renewal",
        _("Criminal-record certificate to be renewed"),
        _("Your criminal-record certificate ends on %(expires)s"),
        "reminder_certificate",
        Audience.VOLUNTEER,
        critical=True,
        due=certificate_renewal,
    )
)
register(
    Kind(
        "certificate_renewal_coordination",
        _("Criminal-record certificate to be renewed (coordination)"),
        _("Criminal-record certificate of %(name)s ends on %(expires)s"),
        "reminder_certificate_ko",
        Audience.COORDINATION,
        critical=True,
        due=certificate_renewal_coordination,
    )
)
register(
    Kind(
        "conduct_sign",
        _("New code of conduct to sign"),
        _("Please sign the code of conduct (version %(version)s)"),
        "schutz_verhaltenskodex_neu",
        Audience.VOLUNTEER,
        critical=True,
        due=conduct_sign,
    )
)
register(
    Kind(
        "hpg_upcoming",
        _("Upcoming help-plan conference"),
        _("Help-plan conference on %(date)s"),
        "reminder_hpg",
        Audience.VOLUNTEER,
        due=hpg_upcoming,
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
