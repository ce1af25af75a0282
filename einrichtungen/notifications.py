"""The facilities app's part in the reminders: the help-plan conference (§ 36 SGB VIII).

``EinrichtungenConfig.ready()`` calls ``connect()``, which registers ``hpg_upcoming`` with the
notification platform below (``wegbegleitung.notifications``):

- the mentor of the young person is reminded of a conference they are invited to within
  WB_HPG_REMINDER_DAYS, once per conference and date, only while the young person's consents
  allow the mentor in the conference (``selectors.hilfeplangespraech_for_mentor`` decides);
- the mentor comes from the matching app through ``providers.mentors_of_jugendliche``;
- the row keeps references only (the conference's id, its date as period key); the young
  person's first name and the date are rendered when the mail is sent or the inbox shown, and
  only while the consents still let the mentor in.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy

from einrichtungen.models import Hilfeplangespraech
from einrichtungen.selectors import hilfeplangespraech_for_mentor
from programme.models import Programm
from wegbegleitung.models import Benachrichtigung, Wegbegleiter
from wegbegleitung.notifications import providers, registry
from wegbegleitung.notifications.common import german_date, link
from wegbegleitung.notifications.registry import Audience, Due, Kind

HPG = "einrichtungen.hilfeplangespraech"


def _conferences(**filters: Any) -> list[Hilfeplangespraech]:
    return list(
        Hilfeplangespraech.objects.filter(wegbegleiter_eingeladen=True, **filters)
        .select_related("jugendliche")
        .prefetch_related("jugendliche__einwilligungen")
    )


def hpg_upcoming(day: date) -> Iterator[Due]:
    conferences = _conferences(
        datum__gte=day, datum__lte=day + timedelta(days=settings.WB_HPG_REMINDER_DAYS)
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
        yield Due(account[0], HPG, hpg.pk, hpg.datum.isoformat(), account[1])


def render_hpg_upcoming(rows: Sequence[Benachrichtigung]) -> dict[int, dict[str, Any]]:
    """Only what the mentor may still see today (consents can be revoked after recording)."""
    by_id = {c.pk: c for c in _conferences(pk__in={row.subject_id for row in rows})}
    today = timezone.localdate()
    result = {}
    for row in rows:
        hpg = by_id.get(row.subject_id)
        view = hilfeplangespraech_for_mentor(hpg, on=today) if hpg else None
        if hpg is not None and view is not None and view.eingeladen:
            # a family's referral and review conversation is announced as such
            result[row.pk] = {
                "date": german_date(hpg.datum),
                "vorname": hpg.jugendliche.anzeigename,
                "vermittlung": hpg.art == Programm.Gespraech.VERMITTLUNG,
            }
            result[row.pk]["url"] = link("portal:start")
    return result


def connect() -> None:
    """Called from ``EinrichtungenConfig.ready()``."""
    registry.register(Kind(
        "hpg_upcoming", gettext_lazy("Upcoming help-plan conference"),
        gettext_lazy("Help-plan conference on %(date)s"), "reminder_hpg", Audience.VOLUNTEER,
        due=hpg_upcoming, render=render_hpg_upcoming,
    ))  # fmt: skip
