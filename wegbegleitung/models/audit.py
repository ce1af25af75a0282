from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from wegbegleitung.audit_labels import audit_action_label


class AuditEvent(models.Model):
    """Who did what to which record, when, in which request. Append-only.

    ``details`` never holds the personal data itself (no names, no certificate contents): only ids,
    field names and counts, so the trail can be kept after the data it speaks of was deleted.
    On PostgreSQL a trigger refuses UPDATE and DELETE (see migration 0002).
    """

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_label = models.CharField(_("actor"), max_length=254, blank=True)
    action = models.CharField(_("action"), max_length=80, db_index=True)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("record type"), null=True, blank=True, on_delete=models.PROTECT
    )
    object_id = models.CharField(_("record id"), max_length=64, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-id"]
        # the admin list: its order, and its filters each with that order (issue 13)
        indexes = [
            models.Index(fields=["content_type", "object_id", "-at"]),
            models.Index(fields=["-at", "-id"], name="auditevent_list_idx"),
            models.Index(fields=["action", "-at", "-id"], name="auditevent_action_idx"),
            models.Index(fields=["content_type", "-at", "-id"], name="auditevent_type_idx"),
        ]
        default_permissions = ("view",)

    def __str__(self) -> str:
        at = date_format(timezone.localtime(self.at), "SHORT_DATETIME_FORMAT")
        return f"{at} {self.actor_label or '–'} {audit_action_label(self.action)}"
