"""A person's request to have their data erased (GDPR Art. 17), answered within one month
(Art. 12(3)).

The subject is named like the data-subject download names it (``personal_data.Kind`` and the
record's id), so this layer stores requests about young people without knowing their app. The
region is copied in when the request is made: it decides which coordinators answer it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Loeschantrag(models.Model):
    class Status(models.TextChoices):
        OFFEN = "offen", _("open")
        ERLEDIGT = "erledigt", _("carried out")
        ABGELEHNT = "abgelehnt", _("refused")
        ZURUECKGEZOGEN = "zurueckgezogen", _("withdrawn")

    class Art(models.TextChoices):
        WEGBEGLEITER = "wegbegleiter", _("volunteer")
        JUGENDLICHE = "jugendliche", _("young person")

    subject_kind = models.CharField(_("whose data"), max_length=20, choices=Art.choices)
    subject_id = models.PositiveIntegerField(_("record"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="loeschantraege",
    )
    region = models.ForeignKey(
        "wegbegleitung.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="loeschantraege",
    )
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    due_on = models.DateField(_("answer due by"))
    message = models.TextField(_("message"), max_length=2000, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OFFEN
    )
    decided_at = models.DateTimeField(_("answered"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    refusal_reason = models.TextField(_("reason for refusal"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("erasure request")
        verbose_name_plural = _("erasure requests")
        ordering = ["due_on", "pk"]
        default_permissions = ("view", "change")
        constraints = [
            models.UniqueConstraint(
                fields=["subject_kind", "subject_id"],
                condition=Q(status="offen"),
                name="loeschantrag_one_open_per_subject",
            ),
            models.CheckConstraint(
                condition=~Q(status="abgelehnt") | ~Q(refusal_reason=""),
                name="loeschantrag_refusal_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(status="offen") | Q(decided_at__isnull=False),
                name="loeschantrag_answer_has_time",
            ),
        ]
        indexes = [models.Index(fields=["region", "status", "due_on"])]

    def __str__(self) -> str:
        return str(_("Erasure request of %(date)s")) % {
            "date": f"{timezone.localtime(self.requested_at):%d.%m.%Y}"
        }
