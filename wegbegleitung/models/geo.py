"""Postal codes with approximate coordinates, imported from a GeoNames postal-code file.

No network service is asked at run time: distances come from this table (``import_postleitzahlen``).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Postleitzahl(models.Model):
    country = models.CharField(_("country"), max_length=2)
    postal_code = models.CharField(_("postal code"), max_length=20)
    place_name = models.CharField(_("place"), max_length=180)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))

    class Meta:
        verbose_name = _("postal code")
        verbose_name_plural = _("postal codes")
        ordering = ["country", "postal_code"]
        constraints = [
            models.UniqueConstraint(fields=["country", "postal_code"], name="postleitzahl_unique")
        ]

    def __str__(self) -> str:
        return f"{self.country}-{self.postal_code} {self.place_name}"
