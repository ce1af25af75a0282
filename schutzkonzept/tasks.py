"""Celery adapters of the safeguarding app: ids in, a service call, safe to run twice."""

from __future__ import annotations

from celery import shared_task
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from schutzkonzept.flood import meldung_flood_notify
from schutzkonzept.models import Verhaltenskodex
from schutzkonzept.services.certificates import antragsbestaetigung_render
from schutzkonzept.services.concerns import meldung_notify_leads
from schutzkonzept.services.conduct import (
    unterzeichnung_render,
    verhaltenskodex_send_request,
    volunteers_to_sign,
)
from schutzkonzept.services.deletion import fuehrungszeugnis_purge
from schutzkonzept.services.lapses import clearance_lapses_check, freigabe_verlust_notify
from wegbegleitung import outbox


@shared_task
def render_antragsbestaetigung(letter_id: int) -> bool:
    return antragsbestaetigung_render(letter_id=letter_id)


@shared_task
def render_unterzeichnung(unterzeichnung_id: int) -> bool:
    return unterzeichnung_render(unterzeichnung_id=unterzeichnung_id)


@shared_task(autoretry_for=(OSError,), retry_backoff=30, retry_backoff_max=3600, max_retries=8)
def notify_concern(meldung_id: int) -> int:
    return meldung_notify_leads(meldung_id=meldung_id)


@shared_task(autoretry_for=(OSError,), retry_backoff=30, retry_backoff_max=3600, max_retries=8)
def notify_concern_flood(window: str) -> int:
    return meldung_flood_notify(window=window)


@shared_task
def ask_volunteers_to_sign(kodex_id: int) -> int:
    kodex = Verhaltenskodex.objects.filter(pk=kodex_id).first()
    if kodex is None:
        return 0
    ids = list(volunteers_to_sign(kodex).values_list("pk", flat=True))
    with transaction.atomic():  # every request is stored, so a broker outage loses none
        for wegbegleiter_id in ids:
            outbox.enqueue(send_signature_request, kodex_id, wegbegleiter_id)
    return len(ids)


@shared_task(autoretry_for=(OSError,), retry_backoff=30, retry_backoff_max=3600, max_retries=8)
def send_signature_request(kodex_id: int, wegbegleiter_id: int) -> bool:
    return verhaltenskodex_send_request(kodex_id=kodex_id, wegbegleiter_id=wegbegleiter_id)


@shared_task
def purge_certificates() -> int:
    return len(fuehrungszeugnis_purge())


@shared_task
def check_clearance_lapses() -> int:
    created, _resolved = clearance_lapses_check()
    return len(created)


@shared_task(autoretry_for=(OSError,), retry_backoff=30, retry_backoff_max=3600, max_retries=8)
def notify_clearance_lapse(lapse_id: int) -> bool:
    return freigabe_verlust_notify(lapse_id=lapse_id)


outbox.describe({
    render_antragsbestaetigung: _("Render a confirmation letter for the certificate"),
    render_unterzeichnung: _("Render a signed code of conduct"),
    notify_concern: _("Tell the child-protection leads about a concern"),
    notify_concern_flood: _("Warn of many concerns at once"),
    ask_volunteers_to_sign: _("Ask the volunteers to sign the new code of conduct"),
    send_signature_request: _("Ask a volunteer to sign the code of conduct"),
    purge_certificates: _("Delete certificate data that is due"),
    check_clearance_lapses: _("Check for lapsed clearances"),
    notify_clearance_lapse: _("Tell about a lapsed clearance"),
})  # fmt: skip
