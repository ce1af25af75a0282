"""The annual report: one PDF per request, rendered by Celery, stored privately."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Jahresbericht(models.Model):
    """A requested annual report of one region, or of all the requesting user's regions."""

    class Status(models.TextChoices):
        WARTET = "wartet", _("Waiting")
        LAEUFT = "laeuft", _("Being created")
        FERTIG = "fertig", _("Ready")
        FEHLER = "fehler", _("Failed")

    jahr = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    region = models.ForeignKey(
        "wegbegleitung.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Empty: all regions of the person who asked."),
    )
    # the regions the report covers, fixed at the request (who may download it follows them)
    region_ids = models.JSONField(_("regions covered"), default=list)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.WARTET
    )
    fortschritt = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    datei = models.CharField(max_length=200, blank=True, editable=False)
    fehler = models.CharField(_("error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(fortschritt__lte=100), name="jahresbericht_progress_at_most_100"
            ),
            models.CheckConstraint(
                condition=~Q(status="fertig") | ~Q(datei=""), name="jahresbericht_ready_has_file"
            ),
        ]

    def __str__(self) -> str:
        return _("Annual report %(year)s") % {"year": self.jahr}

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.FERTIG, self.Status.FEHLER)
