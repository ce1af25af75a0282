from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wegbegleitung.roles import Role


class Einladung(models.Model):
    """A single-use, expiring invitation for a staff role (coordinators, staff, ...).

    The link carries a signed token made of the id and ``key``; only a hash-free random key is kept,
    so a leaked database row alone is not a working link without SECRET_KEY.
    """

    email = models.EmailField(_("email address"))
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    region = models.ForeignKey(
        "wegbegleitung.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
    )
    einrichtung = models.ForeignKey(
        "einrichtungen.Einrichtung",
        verbose_name=_("facility"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
    )
    key = models.CharField(max_length=64, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(role=Role.EINRICHTUNG) | Q(einrichtung__isnull=False),
                name="einladung_staff_needs_facility",
            ),
            models.CheckConstraint(
                condition=~Q(role__in=[Role.KOORDINATION, Role.KINDERSCHUTZ])
                | Q(region__isnull=False),
                name="einladung_coordination_needs_region",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} ({self.get_role_display()})"

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()
