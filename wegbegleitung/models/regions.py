from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Country(models.TextChoices):
    """Everything country-specific (certificate type, letters, legal wording) hangs off this."""

    DE = "DE", _("Germany")
    AT = "AT", _("Austria")
    CH = "CH", _("Switzerland")


class Region(models.Model):
    """A regional group of the association, with its coordinators."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinators"),
        related_name="regions",
        blank=True,
    )

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.country})"
