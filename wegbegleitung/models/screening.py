"""Screening records on the mentor's path: interview, references, training, decision (EEP)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wegbegleitung.models.application import TEXT_MAX
from wegbegleitung.validation import PlausibleDate


class Erstgespraech(models.Model):
    """A first (face-to-face) interview with an applicant, documented by a coordinator."""

    class Outcome(models.TextChoices):
        POSITIVE = "positiv", _("Positive: continue")
        OPEN = "offen", _("Open: another conversation needed")
        CONCERNS = "bedenken", _("Concerns: do not continue")

    wegbegleiter = models.ForeignKey(
        "wegbegleitung.Wegbegleiter",
        verbose_name=_("volunteer mentor"),
        on_delete=models.CASCADE,
        related_name="erstgespraeche",
    )
    held_on = models.DateField(_("held on"), validators=[PlausibleDate(past_years=10)])
    in_person = models.BooleanField(_("face to face"), default=True)
    conducted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("conducted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    notes = models.TextField(
        _("notes"), max_length=TEXT_MAX, blank=True, validators=[MaxLengthValidator(TEXT_MAX)]
    )

    class Meta:
        verbose_name = _("first interview")
        verbose_name_plural = _("first interviews")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.held_on:%d.%m.%Y} – {self.get_outcome_display()}"


class Referenz(models.Model):
    """A reference (one personal, one professional are needed), contacted by a coordinator."""

    class Kind(models.TextChoices):
        PERSONAL = "persoenlich", _("Personal")
        PROFESSIONAL = "beruflich", _("Professional")

    class Outcome(models.TextChoices):
        PENDING = "ausstehend", _("Not yet contacted")
        POSITIVE = "positiv", _("Positive")
        CONCERNS = "bedenken", pgettext_lazy("reference outcome", "Concerns")
        UNREACHABLE = "nicht_erreicht", _("Not reachable")

    wegbegleiter = models.ForeignKey(
        "wegbegleitung.Wegbegleiter",
        verbose_name=_("volunteer mentor"),
        on_delete=models.CASCADE,
        related_name="referenzen",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("name of the reference"), max_length=150)
    contact = models.CharField(_("phone or email"), max_length=200, blank=True)
    contacted_on = models.DateField(
        _("contacted on"), null=True, blank=True, validators=[PlausibleDate(past_years=10)]
    )
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=Outcome.choices, default=Outcome.PENDING
    )
    notes = models.TextField(
        _("notes"), max_length=TEXT_MAX, blank=True, validators=[MaxLengthValidator(TEXT_MAX)]
    )

    class Meta:
        verbose_name = _("reference")
        verbose_name_plural = _("references")
        ordering = ["kind", "id"]
        constraints = [
            # An outcome other than "pending" needs the date of the contact.
            models.CheckConstraint(
                condition=Q(outcome="ausstehend") | Q(contacted_on__isnull=False),
                name="referenz_outcome_needs_contact_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.name}"


class Schulungstermin(models.Model):
    """A training session (Schulungstermin) of a region; volunteers attend it for hours."""

    region = models.ForeignKey(
        "wegbegleitung.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="schulungstermine",
    )
    title = models.CharField(_("title"), max_length=150)
    module = models.CharField(_("module"), max_length=150, blank=True)
    starts_at = models.DateTimeField(
        _("starts at"), validators=[PlausibleDate(past_years=10, future_years=2)]
    )
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1)
    place = models.CharField(_("place or online link"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0), name="schulungstermin_hours_positive")
        ]

    def __str__(self) -> str:
        local = timezone.localtime(self.starts_at)
        return f"{self.title} ({local:%d.%m.%Y})"


class Schulungsteilnahme(models.Model):
    """A volunteer's attendance at a training session; ``hours`` only if they left early."""

    termin = models.ForeignKey(
        Schulungstermin,
        verbose_name=_("training session"),
        on_delete=models.CASCADE,
        related_name="teilnahmen",
    )
    wegbegleiter = models.ForeignKey(
        "wegbegleitung.Wegbegleiter",
        verbose_name=_("volunteer mentor"),
        on_delete=models.CASCADE,
        related_name="schulungsteilnahmen",
    )
    attended = models.BooleanField(_("attended"), default=False)
    hours = models.DecimalField(
        _("hours attended"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("Leave empty when the whole session was attended."),
    )

    class Meta:
        verbose_name = _("training attendance")
        verbose_name_plural = _("training attendances")
        constraints = [
            models.UniqueConstraint(
                fields=["termin", "wegbegleiter"], name="schulungsteilnahme_once"
            ),
            models.CheckConstraint(
                condition=Q(hours__isnull=True) | Q(hours__gte=0),
                name="schulungsteilnahme_hours_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.wegbegleiter} – {self.termin}"


class Entscheidung(models.Model):
    """A coordinator's decision on an application: accept, defer or decline, with reason."""

    class Outcome(models.TextChoices):
        ACCEPT = "annehmen", _("Accept")
        DEFER = "zurueckstellen", _("Defer")
        DECLINE = "ablehnen", _("Decline")

    wegbegleiter = models.ForeignKey(
        "wegbegleitung.Wegbegleiter",
        verbose_name=_("volunteer mentor"),
        on_delete=models.CASCADE,
        related_name="entscheidungen",
    )
    outcome = models.CharField(_("decision"), max_length=16, choices=Outcome.choices)
    reason = models.TextField(
        _("reason"), max_length=TEXT_MAX, blank=True, validators=[MaxLengthValidator(TEXT_MAX)]
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-decided_at", "-id"]
        get_latest_by = "decided_at"

    def __str__(self) -> str:
        return self.get_outcome_display()
