"""Notices about erasure requests, sent by Celery tasks after the request's step committed.

- the coordinators of the request's region hear of a new request (``erasure_request_new``);
- the requester hears of a refusal with its reason (``erasure_request_refused``);
- the requester's confirmation of a carried-out erasure is a plain mail to the address read
  before the erasure (``erasure_request_done``): their account and their notices are gone by
  then, so the notification log cannot carry it.

The logged rows keep references only; names, dates and the reason are read from the request
when the mail is sent or the inbox shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils import timezone

from wegbegleitung.mail import send_templated_mail
from wegbegleitung.models import Benachrichtigung, Loeschantrag
from wegbegleitung.notifications import registry
from wegbegleitung.notifications.common import coordinators_by_region, german_date, link
from wegbegleitung.notifications.delivery import notify
from wegbegleitung.notifications.registry import Due

LOESCHANTRAG = "wegbegleitung.loeschantrag"


def _period(antrag: Loeschantrag) -> str:
    return antrag.requested_at.isoformat()


def loeschantrag_notify_coordinators(*, loeschantrag_id: int) -> int:
    antrag = Loeschantrag.objects.filter(pk=loeschantrag_id, status="offen").first()
    if antrag is None:
        return 0
    recipients = coordinators_by_region([antrag.region_id]).get(antrag.region_id, [])
    dues = [
        Due(user_id, LOESCHANTRAG, antrag.pk, _period(antrag), antrag.region_id)
        for user_id in recipients
    ]
    notify("erasure_request_new", dues)
    return len(dues)


def loeschantrag_notify_refused(*, loeschantrag_id: int) -> int:
    antrag = Loeschantrag.objects.select_related("requested_by").filter(pk=loeschantrag_id).first()
    user = antrag.requested_by if antrag is not None else None
    if antrag is None or user is None or not user.is_active:
        return 0
    due = Due(user.pk, LOESCHANTRAG, antrag.pk, "refused", antrag.region_id)
    notify("erasure_request_refused", [due])
    return 1


def loeschantrag_confirm_done(*, loeschantrag_id: int, address: str) -> bool:
    antrag = Loeschantrag.objects.filter(pk=loeschantrag_id, status="erledigt").first()
    if antrag is None or not address:
        return False
    send_templated_mail(to=[address], template="erasure_request_done", context=_facts(antrag))
    return True


def _facts(antrag: Loeschantrag) -> dict[str, Any]:
    answered = antrag.decided_at or timezone.now()
    return {
        "requested": german_date(timezone.localtime(antrag.requested_at).date()),
        "answered": german_date(timezone.localtime(answered).date()),
        "due": german_date(antrag.due_on),
        "reason": antrag.refusal_reason,
        "du": antrag.subject_kind == Loeschantrag.Art.JUGENDLICHE,  # young people: "du"
    }


def _render(rows: Sequence[Benachrichtigung], url: str) -> dict[int, dict[str, Any]]:
    antraege = Loeschantrag.objects.in_bulk({row.subject_id for row in rows})
    return {
        row.pk: {**_facts(antraege[row.subject_id]), "url": url}
        for row in rows
        if row.subject_id in antraege
    }


def render_new(rows: Sequence[Benachrichtigung]) -> dict[int, dict[str, Any]]:
    return _render(rows, link("admin:wegbegleitung_loeschantrag_changelist") + "?status=offen")


def render_refused(rows: Sequence[Benachrichtigung]) -> dict[int, dict[str, Any]]:
    return _render(rows, link("account_login"))


def connect() -> None:
    registry.attach_renderer("erasure_request_new", render_new)
    registry.attach_renderer("erasure_request_refused", render_refused)
