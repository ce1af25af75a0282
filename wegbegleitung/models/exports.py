"""A download that runs in the background: one list, one format, one requester, one private file.

Small exports are answered directly and leave only their audit row; an export above
``WB_EXPORT_DIRECT_MAX_ROWS`` rows becomes an ``Export`` that a Celery task writes (see
``wegbegleitung.exports.services``). Only the requester may fetch the file, and it is deleted
``WB_EXPORT_KEEP_HOURS`` after the request.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Export(models.Model):
    # why a job failed (stored in ``error``), each with the message its requester reads
    FAILED_ERROR = "error"
    FAILED_FORBIDDEN = "forbidden"
    FAILED_UNKNOWN = "unknown"
    FAILURE_MESSAGES = {
        FAILED_ERROR: _(
            "The export failed. Please start it again; if it fails again, please tell the "
            "people who run the platform."
        ),
        FAILED_FORBIDDEN: _("You may no longer download this list."),
        FAILED_UNKNOWN: _("This list can no longer be exported."),
    }

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "Excel (XLSX)"

    class Status(models.TextChoices):
        WAITING = "waiting", _("waiting")
        RUNNING = "running", _("running")
        DONE = "done", _("ready")
        FAILED = "failed", _("failed")
        EXPIRED = "expired", _("deleted")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="exports",
        verbose_name=_("requested by"),
    )
    source = models.CharField(_("list"), max_length=100)
    # the query string of the page the export came from (its filters, search and ordering)
    params = models.CharField(_("filters"), max_length=2000, blank=True)
    format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.WAITING
    )
    rows_done = models.PositiveIntegerField(_("rows written"), default=0)
    rows_total = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    # relative to PRIVATE_FILES_ROOT, below exports/; empty until the file is complete
    file = models.CharField(_("file"), max_length=200, blank=True)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("requested"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        default_permissions = ()  # reached through the export pages only, never the admin
        indexes = [models.Index(fields=["status", "created_at"], name="export_status_idx")]

    def __str__(self) -> str:
        return f"{self.source} ({self.format}, {self.created_at:%d.%m.%Y %H:%M})"

    @property
    def error_message(self) -> str:
        return str(self.FAILURE_MESSAGES.get(self.error, self.FAILURE_MESSAGES[self.FAILED_ERROR]))

    @property
    def percent(self) -> int:
        if not self.rows_total:
            return 100 if self.status == self.Status.DONE else 0
        return min(100, self.rows_done * 100 // self.rows_total)
