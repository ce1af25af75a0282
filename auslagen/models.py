"""Expenses of the volunteers (Auslagenersatz), issue 16 §3.

A volunteer records what she spent for a match: a trip by car (kilometres × the rate of the day),
a ticket, or the costs of an activity. Money is whole cents (``PositiveIntegerField``), never a
float. The rate per kilometre and the budget per match and month are ``Satz`` rows with an
effective date (the programme will own them later); without a row the settings' defaults apply.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PURPOSE_MAX = 200
REASON_MAX = 500


def euro(cents: int) -> str:
    """German money: 1234 -> "12,34 €"."""
    return f"{cents // 100:,}".replace(",", ".") + f",{cents % 100:02d} €"


class Satz(models.Model):
    """The rate per kilometre and the budget per match and month from a day on."""

    gueltig_ab = models.DateField(_("valid from"), unique=True)
    cent_pro_km = models.PositiveIntegerField(_("cents per kilometre"))
    budget_pro_monat_cent = models.PositiveIntegerField(_("budget per match and month (cents)"))

    class Meta:
        verbose_name = _("expense rate")
        verbose_name_plural = _("expense rates")
        ordering = ["-gueltig_ab"]
        constraints = [
            models.CheckConstraint(condition=Q(cent_pro_km__gte=1), name="satz_rate_positive"),
            models.CheckConstraint(
                condition=Q(budget_pro_monat_cent__gte=1), name="satz_budget_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.gueltig_ab:%d.%m.%Y}"


class Auslage(models.Model):
    class Art(models.TextChoices):
        KILOMETER = "kilometer", _("Travel by car (kilometres)")
        TICKET = "ticket", _("Travel by ticket")
        AKTIVITAET = "aktivitaet", _("Activity costs")

    class Status(models.TextChoices):
        EINGEREICHT = "eingereicht", _("Submitted: waiting for the coordinator")
        GENEHMIGT = "genehmigt", _("Approved")
        ABGELEHNT = "abgelehnt", _("Refused")

    # Deleted with the match (as its diary is); the receipt file goes with the row
    # (auslagen.retention).
    begleitung = models.ForeignKey(
        "matching.Begleitung",
        verbose_name=_("match"),
        on_delete=models.CASCADE,
        related_name="auslagen",
    )
    art = models.CharField(_("kind of expense"), max_length=20, choices=Art.choices)
    datum = models.DateField(_("date"))
    zweck = models.CharField(
        _("purpose"), max_length=PURPOSE_MAX, validators=[MaxLengthValidator(PURPOSE_MAX)]
    )
    kilometer = models.DecimalField(
        _("kilometres"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    cent_pro_km = models.PositiveIntegerField(_("cents per kilometre"), null=True, blank=True)
    betrag_cent = models.PositiveIntegerField(_("amount (cents)"))
    beleg = models.CharField(_("receipt"), max_length=200, blank=True, editable=False)
    beleg_typ = models.CharField(max_length=40, blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.EINGEREICHT
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    ablehnungsgrund = models.TextField(
        _("reason for the refusal"),
        max_length=REASON_MAX,
        blank=True,
        validators=[MaxLengthValidator(REASON_MAX)],
    )

    class Meta:
        verbose_name = _("expense")
        verbose_name_plural = _("expenses")
        ordering = ["-datum", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(betrag_cent__gte=1), name="auslage_amount_positive"),
            models.CheckConstraint(
                condition=~Q(art="kilometer")
                | Q(kilometer__isnull=False, cent_pro_km__isnull=False),
                name="auslage_kilometres_with_rate",
            ),
            models.CheckConstraint(
                condition=Q(status="eingereicht") | Q(decided_at__isnull=False),
                name="auslage_decided_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="abgelehnt") | ~Q(ablehnungsgrund=""),
                name="auslage_refusal_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["begleitung", "datum"]),
            models.Index(fields=["status", "datum"]),
        ]

    def __str__(self) -> str:
        return f"{self.datum:%d.%m.%Y} – {euro(self.betrag_cent)}"

    @property
    def betrag(self) -> str:
        return euro(self.betrag_cent)
