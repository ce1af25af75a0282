"""The retention kinds of the accounts and volunteers app (``wegbegleitung.retention``).

- applicants: declined applicants and those who left without ever mentoring lose their
  application and path records WB_RETENTION_APPLICANT_MONTHS after the decision (their account
  is anonymised as on deletion: ``services.account.delete_account_now``);
- audit events: deleted WB_RETENTION_AUDIT_MONTHS after they were written; the table refuses
  deletes otherwise (migration ``0010_audit_retention``), so only this purge can remove rows;
- notifications: WB_RETENTION_NOTIFICATION_DAYS after they were created (one still waiting to
  be mailed stays until it is mailed or given up);
- erasure requests: WB_RETENTION_ERASURE_REQUEST_MONTHS after they were answered (carried out,
  refused or withdrawn); an open request never goes;
- exports: the files of background exports after WB_EXPORT_KEEP_HOURS (also hourly by its own
  beat entry, since a day is too coarse for hours).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wegbegleitung.models import AuditEvent, Benachrichtigung, Export, Loeschantrag, Wegbegleiter
from wegbegleitung.retention import Kind, end_of, months_back, register

S = Wegbegleiter.Status


def _applicants(today: date) -> QuerySet[Wegbegleiter]:
    cutoff = end_of(months_back(today, settings.WB_RETENTION_APPLICANT_MONTHS))
    never_mentored = Q(status=S.ABGELEHNT) | Q(
        status=S.AUSGESCHIEDEN, activity_started_on__isnull=True
    )
    return Wegbegleiter.objects.filter(
        never_mentored, status_since__lt=cutoff, user__is_active=True, exit_requested=""
    )


def applicants_purge(today: date) -> int:
    from wegbegleitung.services.account import delete_account_now

    ids = list(_applicants(today).values_list("pk", flat=True))
    for locked in (
        Wegbegleiter.objects.select_for_update().select_related("user").filter(pk__in=ids)
    ):
        delete_account_now(locked)
    return len(ids)


def _audit(today: date) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(
        at__lt=end_of(months_back(today, settings.WB_RETENTION_AUDIT_MONTHS))
    )


def audit_purge(today: date) -> int:
    if connection.vendor == "postgresql":  # the trigger lets only this transaction delete
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL wegbegleitung.audit_retention = 'on'")
    return _audit(today).delete()[0]


def _notifications(today: date) -> QuerySet[Benachrichtigung]:
    cutoff = end_of(today - timedelta(days=settings.WB_RETENTION_NOTIFICATION_DAYS))
    return Benachrichtigung.objects.filter(created_at__lt=cutoff).exclude(
        status=Benachrichtigung.Status.OFFEN
    )


def _erasure_requests(today: date) -> QuerySet[Loeschantrag]:
    cutoff = end_of(months_back(today, settings.WB_RETENTION_ERASURE_REQUEST_MONTHS))
    return Loeschantrag.objects.exclude(status=Loeschantrag.Status.OFFEN).filter(
        decided_at__lt=cutoff
    )


def _exports_due(today: date) -> int:
    cutoff = timezone.now() - timedelta(hours=settings.WB_EXPORT_KEEP_HOURS)
    return (
        Export.objects.filter(created_at__lt=cutoff).exclude(status=Export.Status.EXPIRED).count()
    )


def _exports_purge(today: date) -> int:
    from wegbegleitung.exports.services import export_purge_expired

    return export_purge_expired()


def connect() -> None:
    register(
        Kind(
            "applicants",
            _("Declined and withdrawn applicants"),
            "WB_RETENTION_APPLICANT_MONTHS",
            lambda today: _applicants(today).count(),
            applicants_purge,
            order=20,
        )
    )
    register(
        Kind(
            "notifications",
            _("Notifications"),
            "WB_RETENTION_NOTIFICATION_DAYS",
            lambda today: _notifications(today).count(),
            lambda today: _notifications(today).delete()[0],
            order=80,
        )
    )
    register(Kind(
        "erasure_requests", _("Answered erasure requests"),
        "WB_RETENTION_ERASURE_REQUEST_MONTHS", lambda today: _erasure_requests(today).count(),
        lambda today: _erasure_requests(today).delete()[0], order=82,
    ))  # fmt: skip
    register(
        Kind(
            "exports",
            _("Export files"),
            "WB_EXPORT_KEEP_HOURS",
            _exports_due,
            _exports_purge,
            order=85,
        )
    )
    register(Kind(
        "audit", _("Audit events"), "WB_RETENTION_AUDIT_MONTHS",
        lambda today: _audit(today).count(), audit_purge, order=99,
    ))  # fmt: skip
