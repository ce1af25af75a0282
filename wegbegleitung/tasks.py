"""Celery adapters of the wegbegleitung app: ids in, a service call, safe to run twice."""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.core.mail import EmailMultiAlternatives
from django.utils.translation import gettext_lazy as _

from wegbegleitung import outbox
from wegbegleitung.services.invitations import einladung_purge_expired, einladung_send
from wegbegleitung.services.retention import retention_apply


@shared_task(autoretry_for=(OSError,), retry_backoff=30, retry_backoff_max=3600, max_retries=8)
def send_invitation(einladung_id: int) -> bool:
    return einladung_send(einladung_id=einladung_id)


@shared_task(autoretry_for=(OSError,), retry_backoff=30, retry_backoff_max=3600, max_retries=8)
def send_account_mail(message: dict[str, Any]) -> None:
    """Deliver an account mail (verification, password reset) rendered in the request."""
    mail = EmailMultiAlternatives(
        subject=message["subject"],
        body=message["body"],
        from_email=message["from_email"],
        to=message["to"],
    )
    for content, mimetype in message.get("alternatives", []):
        mail.attach_alternative(content, mimetype)
    mail.send()


@shared_task
def purge_expired_invitations() -> int:
    return einladung_purge_expired()


@shared_task(autoretry_for=(OSError,), retry_backoff=30, retry_backoff_max=3600, max_retries=8)
def notify_coordinators_status(wegbegleiter_id: int, action: str) -> int:
    from wegbegleitung.services.path_mail import wegbegleiter_notify_coordinators

    return wegbegleiter_notify_coordinators(wegbegleiter_id=wegbegleiter_id, action=action)


@shared_task(autoretry_for=(OSError,), retry_backoff=30, retry_backoff_max=3600, max_retries=8)
def notify_decision(wegbegleiter_id: int, outcome: str) -> int:
    from wegbegleitung.services.path_mail import wegbegleiter_notify_decision

    return wegbegleiter_notify_decision(wegbegleiter_id=wegbegleiter_id, outcome=outcome)


@shared_task(autoretry_for=(OSError,), retry_backoff=30, retry_backoff_max=3600, max_retries=8)
def notify_erasure_request(loeschantrag_id: int) -> int:
    from wegbegleitung.services.erasure_request_mail import loeschantrag_notify_coordinators

    return loeschantrag_notify_coordinators(loeschantrag_id=loeschantrag_id)


@shared_task(autoretry_for=(OSError,), retry_backoff=30, retry_backoff_max=3600, max_retries=8)
def notify_erasure_refused(loeschantrag_id: int) -> int:
    from wegbegleitung.services.erasure_request_mail import loeschantrag_notify_refused

    return loeschantrag_notify_refused(loeschantrag_id=loeschantrag_id)


@shared_task
def send_erasure_done(loeschantrag_id: int, address: str) -> bool:
    """Run from the outbox (which retries it); the address was read before the erasure."""
    from wegbegleitung.services.erasure_request_mail import loeschantrag_confirm_done

    return loeschantrag_confirm_done(loeschantrag_id=loeschantrag_id, address=address)


@shared_task
def run_reminders() -> int:
    """Beat, daily: record every reminder due today, then mail what waits (see notifications)."""
    from wegbegleitung.notifications.delivery import deliver_due
    from wegbegleitung.notifications.reminders import reminders_run

    reminders_run()
    return deliver_due()


@shared_task
def deliver_notifications() -> int:
    """Beat, every few minutes: mail rows that wait, including retries whose back-off ran out."""
    from wegbegleitung.notifications.delivery import deliver_due

    return deliver_due()


@shared_task
def send_weekly_digest() -> int:
    from wegbegleitung.notifications.digest import digest_run

    return digest_run()


@shared_task
def run_outbox_task(outbox_id: int) -> bool:
    """The fast path of an after-commit task (see wegbegleitung.outbox)."""
    from wegbegleitung import outbox

    return outbox.run(outbox_id)


@shared_task
def sweep_outbox() -> int:
    """Beat, every WB_OUTBOX_SWEEP_SECONDS: run what the broker missed or what failed before."""
    from wegbegleitung import outbox

    return outbox.sweep()


@shared_task
def run_export(export_id: int) -> bool:
    """Write the file of a background export (enqueued through the outbox)."""
    from wegbegleitung.exports.services import export_run

    return export_run(export_id=export_id)


@shared_task
def purge_exports() -> int:
    """Beat, hourly: delete export files older than WB_EXPORT_KEEP_HOURS."""
    from wegbegleitung.exports.services import export_purge_expired

    return export_purge_expired()


@shared_task
def apply_retention() -> int:
    return sum(outcome.count for outcome in retention_apply())


outbox.describe({
    apply_retention: _("Delete what the retention schedule says is due"),
    send_invitation: _("Send an invitation"),
    send_account_mail: _("Send an account mail"),
    purge_expired_invitations: _("Delete expired invitations"),
    notify_coordinators_status: _("Tell the coordinators about a volunteer's step"),
    notify_decision: _("Tell an applicant the decision"),
    notify_erasure_request: _("Tell the coordinators about an erasure request"),
    notify_erasure_refused: _("Tell a person their erasure request was refused"),
    send_erasure_done: _("Confirm a carried-out erasure to the person"),
    run_reminders: _("Daily reminders"),
    deliver_notifications: _("Send waiting notifications"),
    send_weekly_digest: _("Weekly digest"),
    run_outbox_task: _("Run a pending task"),
    sweep_outbox: _("Run what the broker missed"),
    run_export: _("Write an export file"),
    purge_exports: _("Delete old export files"),
})  # fmt: skip
