"""The network's notices, registered from ``NetzwerkConfig.ready()``:

- ``netzwerk_reminder`` (periodic): the day before an event, everyone registered for it (staff
  and volunteers) is reminded, once per registration and date;
- ``netzwerk_moved_up``: a place freed up and the person moved up from the waiting list;
- ``netzwerk_called_off``: an event someone was registered or waiting for was called off;
- ``netzwerk_answer``: the staff member who posted a standing-in request got an answer.

Rows keep references only (the registration's or answer's id); title, time and place are rendered
from the current event when the mail is sent, so a changed time is mailed as it is then.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy

from netzwerk.models import Anmeldung, Einspringantwort
from wegbegleitung.models import Benachrichtigung
from wegbegleitung.notifications import delivery, registry
from wegbegleitung.notifications.common import link
from wegbegleitung.notifications.registry import Audience, Due, Kind

ANMELDUNG = "netzwerk.anmeldung"
ANTWORT = "netzwerk.einspringantwort"
REMINDER, MOVED_UP, ANSWER = "netzwerk_reminder", "netzwerk_moved_up", "netzwerk_answer"
CALLED_OFF = "netzwerk_called_off"
# staff of the facilities have no audience of their own in the preferences: not switchable
STAFF_AUDIENCE = "einrichtung"


def _recipient(a: Anmeldung) -> int | None:
    if a.user_id is not None:
        return a.user_id if a.user and a.user.is_active else None
    w = a.wegbegleiter
    return w.user_id if w is not None and w.user.is_active else None


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(day, time.min))
    return start, start + timedelta(days=1)


def reminders_due(day: date) -> Iterator[Due]:
    """Registered people of the events that start tomorrow (one query)."""
    start, end = _day_bounds(day + timedelta(days=1))
    rows = Anmeldung.objects.filter(
        status=Anmeldung.Status.ANGEMELDET,
        veranstaltung__abgesagt_am__isnull=True,
        veranstaltung__beginn__gte=start,
        veranstaltung__beginn__lt=end,
    ).select_related("user", "wegbegleiter__user", "veranstaltung")
    for a in rows:
        recipient = _recipient(a)
        if recipient is not None:
            period = timezone.localdate(a.veranstaltung.beginn).isoformat()
            yield Due(recipient, ANMELDUNG, a.pk, period, a.veranstaltung.region_id)


def _event_text(a: Anmeldung) -> dict[str, Any]:
    v = a.veranstaltung
    return {
        "title": v.titel,
        "when": date_format(timezone.localtime(v.beginn), "DATETIME_FORMAT"),
        "place": v.ort or v.link,
        "url": link("netzwerk:veranstaltung", v.pk),
    }


def render_anmeldung(rows: Sequence[Benachrichtigung]) -> dict[int, dict[str, Any]]:
    found = Anmeldung.objects.select_related("veranstaltung").in_bulk(
        {row.subject_id for row in rows}
    )
    return {row.pk: _event_text(found[row.subject_id]) for row in rows if row.subject_id in found}


def moved_up_notify(*, anmeldung_id: int) -> int:
    a = (
        Anmeldung.objects.select_related("user", "wegbegleiter__user", "veranstaltung")
        .filter(pk=anmeldung_id, status=Anmeldung.Status.ANGEMELDET)
        .first()
    )
    recipient = _recipient(a) if a is not None else None
    if a is None or recipient is None:
        return 0
    due = Due(recipient, ANMELDUNG, a.pk, "moved-up", a.veranstaltung.region_id)
    return delivery.notify(MOVED_UP, [due])


def called_off_notify(*, anmeldung_id: int) -> int:
    a = (
        Anmeldung.objects.select_related("user", "wegbegleiter__user", "veranstaltung")
        .filter(pk=anmeldung_id, veranstaltung__abgesagt_am__isnull=False)
        .first()
    )
    recipient = _recipient(a) if a is not None else None
    if a is None or recipient is None:
        return 0
    due = Due(recipient, ANMELDUNG, a.pk, "called-off", a.veranstaltung.region_id)
    return delivery.notify(CALLED_OFF, [due])


def answer_notify(*, antwort_id: int) -> int:
    antwort = (
        Einspringantwort.objects.select_related("anfrage__erstellt_von")
        .filter(pk=antwort_id)
        .first()
    )
    poster = antwort.anfrage.erstellt_von if antwort is not None else None
    if antwort is None or poster is None or not poster.is_active:
        return 0
    due = Due(poster.pk, ANTWORT, antwort.pk, "answer", antwort.anfrage.region_id)
    return delivery.notify(ANSWER, [due])


def render_answer(rows: Sequence[Benachrichtigung]) -> dict[int, dict[str, Any]]:
    found = Einspringantwort.objects.select_related("traeger", "anfrage").in_bulk(
        {row.subject_id for row in rows}
    )
    return {
        row.pk: {
            "provider": found[row.subject_id].traeger.name,
            "url": link("netzwerk:anfrage", found[row.subject_id].anfrage_id),
        }
        for row in rows
        if row.subject_id in found
    }


def connect() -> None:
    registry.register(Kind(
        REMINDER, gettext_lazy("Reminder of a network event"),
        gettext_lazy("Tomorrow: %(title)s"), "netzwerk_reminder", Audience.VOLUNTEER,
        due=reminders_due, render=render_anmeldung,
    ))  # fmt: skip
    registry.register(Kind(
        MOVED_UP, gettext_lazy("A place at a network event became free"),
        gettext_lazy("You have a place: %(title)s"), "netzwerk_moved_up", Audience.VOLUNTEER,
        render=render_anmeldung,
    ))  # fmt: skip
    registry.register(Kind(
        CALLED_OFF, gettext_lazy("A network event was called off"),
        gettext_lazy("Called off: %(title)s"), "netzwerk_called_off", Audience.VOLUNTEER,
        render=render_anmeldung,
    ))  # fmt: skip
    registry.register(Kind(
        ANSWER, gettext_lazy("Answer to a standing-in request"),
        gettext_lazy("%(provider)s answered your standing-in request"), "netzwerk_answer",
        STAFF_AUDIENCE, render=render_answer,
    ))  # fmt: skip
