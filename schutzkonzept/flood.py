"""One summary instead of a flood: the young people's form above its hourly cap.

The form needs no login, so anyone can send many reports. It is never closed for everyone: above
``WB_CONCERN_LIMIT_TOTAL`` reports from the form within one clock hour every further report is
still stored (a real report inside a flood must not be lost), but the child-protection leads are
not mailed once per report: each lead gets one summary notice for that hour, which points to the
list. The count is of the reports stored in the database, so attempts the per-address limit
refused (``schutzkonzept.ratelimit``) count for nothing, and it works while Redis is down. The
unique key of the notification log (lead, kind, hour) makes the summary once per hour and lead
however many reports ask for it.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from schutzkonzept.models import Meldung
from wegbegleitung.models import User
from wegbegleitung.notifications.delivery import notify
from wegbegleitung.notifications.registry import Audience, Due, Kind, register
from wegbegleitung.roles import Role

KIND = "concern_flood"
SUBJECT = "schutzkonzept.jugendformular"

register(
    Kind(
        KIND,
        _("Many concerns in one hour through the young people's form"),
        _("Many concerns in one hour through the young people's form"),
        "schutz_meldung_flut",
        Audience.CHILD_PROTECTION,
        critical=True,
    )
)


def hour_start(moment: datetime) -> datetime:
    return timezone.localtime(moment).replace(minute=0, second=0, microsecond=0)


def window_of(meldung: Meldung) -> str | None:
    """The hour (``2026-11-30T05``) whose cap this young people's report exceeds, else None.

    Counts the reports stored in that hour up to this one (so call it after creating it).
    """
    if meldung.kanal != Meldung.Kanal.JUGENDLICHE:
        return None
    start = hour_start(meldung.received_at)
    stored = Meldung.objects.filter(
        kanal=Meldung.Kanal.JUGENDLICHE, received_at__gte=start, pk__lte=meldung.pk
    ).count()
    if stored <= settings.WB_CONCERN_LIMIT_TOTAL:
        return None
    return start.strftime("%Y-%m-%dT%H")


def meldung_flood_notify(*, window: str) -> int:
    """Record and mail the hour's summary to every child-protection lead; returns how many."""
    lead_ids = sorted(
        User.objects.filter(groups__name=Role.KINDERSCHUTZ, is_active=True)
        .values_list("pk", flat=True)
        .distinct()
    )
    context = {
        "hour": f"{window[-2:]}:00",
        "limit": settings.WB_CONCERN_LIMIT_TOTAL,
        "url": f"{settings.SITE_URL}{reverse('schutzkonzept:meldung_list')}",
    }
    notify(KIND, [Due(pk, SUBJECT, 0, window, None, context) for pk in lead_ids])
    return len(lead_ids)
