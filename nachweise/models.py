"""The volunteer's certificate of engagement (Ehrenamtsnachweis), issue 16 §4.

A certificate covers a period of the volunteer's engagement. Its figures (matches, hours of
meetings, training, supervision) are frozen when a coordinator signs it off, so the PDF says what
she saw and signed, whatever is corrected in the diary later. The figures hold numbers and dates
only: nothing of the young people.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

APPRECIATION_MAX = 500


class Nachweis(models.Model):
    class Status(models.TextChoices):
        BEANTRAGT = "beantragt", _("Requested: waiting for the coordinator's sign-off")
        IN_ERSTELLUNG = "in_erstellung", _("Signed: the PDF is being made")
        FERTIG = "fertig", _("Ready to download")
        FEHLER = "fehler", _("The PDF could not be made: please try again")

    wegbegleiter = models.ForeignKey(
        "wegbegleitung.Wegbegleiter",
        verbose_name=_("volunteer mentor"),
        on_delete=models.CASCADE,
        related_name="nachweise",
    )
    period_from = models.DateField(_("from"))
    period_to = models.DateField(_("until"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.BEANTRAGT
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    appreciation = models.TextField(
        _("personal words of appreciation"),
        max_length=APPRECIATION_MAX,
        blank=True,
        validators=[MaxLengthValidator(APPRECIATION_MAX)],
        help_text=_("Optional: one or two sentences, printed above the signature."),
    )
    signed_name = models.CharField(_("signed by (name)"), max_length=150, blank=True)
    signed_role = models.CharField(_("role of the signatory"), max_length=150, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed off by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    figures = models.JSONField(_("figures"), default=dict, blank=True, editable=False)
    pdf = models.CharField(max_length=200, blank=True, editable=False)
    rendered_at = models.DateTimeField(_("made at"), null=True, blank=True, editable=False)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0, editable=False)

    class Meta:
        verbose_name = _("certificate of engagement")
        verbose_name_plural = _("certificates of engagement")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_from__lte=F("period_to")), name="nachweis_period_ordered"
            ),
            # one request waiting for sign-off per volunteer: asking twice adds nothing
            models.UniqueConstraint(
                fields=["wegbegleiter"],
                condition=Q(status="beantragt"),
                name="nachweis_one_open_request",
            ),
            models.CheckConstraint(
                condition=Q(status="beantragt") | Q(signed_at__isnull=False),
                name="nachweis_signed_unless_requested",
            ),
        ]
        indexes = [models.Index(fields=["wegbegleiter", "status"])]

    def __str__(self) -> str:
        return f"{self.period_from:%d.%m.%Y} – {self.period_to:%d.%m.%Y}"
