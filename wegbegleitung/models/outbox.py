"""The outbox: every task a write promises to run after its commit, stored in the same commit.

A row exists exactly while its task has not run to the end. The broker (Redis) only makes it
faster; how a row is run once and what picks up what the broker missed is described in
``wegbegleitung.outbox``.
"""

from __future__ import annotations

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxTask(models.Model):
    task = models.CharField(_("task"), max_length=200)
    args = models.JSONField(_("arguments"), default=list, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("pending task")
        verbose_name_plural = _("pending tasks")
        default_permissions = ()  # superusers only (wegbegleitung.admin_outbox)
        indexes = [models.Index(fields=["next_attempt_at"], name="outbox_due_idx")]

    def __str__(self) -> str:
        # never the arguments: an account mail waits here with its rendered text and link
        return f"{self.task} #{self.pk}"
