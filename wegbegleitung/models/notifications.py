"""The notification log: every reminder and notice, once per (recipient, kind, subject, period).

The unique key is a database constraint, so a retried task, a second beat run or a task the
broker redelivers after a worker crash can never record (and so never send) a notice twice.
How a row is sent exactly once is described in ``wegbegleitung.notifications.delivery``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Benachrichtigung(models.Model):
    class Status(models.TextChoices):
        OFFEN = "offen", _("Waiting to be mailed")
        GESENDET = "gesendet", _("Mailed")
        FEHLGESCHLAGEN = "fehlgeschlagen", _("Mailing failed (gave up)")
        NUR_POSTFACH = "nur_postfach", _("Inbox only (email switched off)")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="benachrichtigungen",
    )
    kind = models.CharField(_("kind"), max_length=40)
    subject_type = models.CharField(_("about (type)"), max_length=60)
    subject_id = models.BigIntegerField(_("about (id)"))
    period = models.CharField(_("period"), max_length=40)
    region = models.ForeignKey(
        "wegbegleitung.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    context = models.JSONField(_("content"), default=dict, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OFFEN
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    sent_at = models.DateTimeField(_("mailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        default_permissions = ("view", "change")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "subject_type", "subject_id", "period"],
                name="benachrichtigung_once_per_key",
            ),
            models.CheckConstraint(
                condition=~Q(status="gesendet") | Q(sent_at__isnull=False),
                name="benachrichtigung_sent_has_time",
            ),
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status="offen"),
                name="benachrichtigung_due_idx",
            ),
            models.Index(fields=["recipient", "-created_at"], name="benachrichtigung_inbox_idx"),
            # the admin list: its order, a coordinator's regions, and its filters (issue 13)
            models.Index(fields=["-created_at", "-id"], name="benachrichtigung_list_idx"),
            models.Index(
                fields=["region", "-created_at", "-id"], name="benachrichtigung_region_idx"
            ),
            models.Index(fields=["status", "-created_at"], name="benachrichtigung_status_idx"),
            models.Index(fields=["kind", "-created_at"], name="benachrichtigung_kind_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id} ({self.period})"


class BenachrichtigungEinstellung(models.Model):
    """A user's choice to get one kind of notification by email or not (default: yes)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="benachrichtigung_einstellungen",
    )
    kind = models.CharField(_("kind"), max_length=40)
    email = models.BooleanField(_("by email"), default=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="einstellung_once_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.kind}={self.email}"
