"""Supervision (Reflexion) sessions for active volunteers and who was invited and came."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wegbegleitung.validation import PlausibleDate


class Supervision(models.Model):
    class Kind(models.TextChoices):
        GROUP = "gruppe", _("Group supervision")
        INDIVIDUAL = "einzel", _("Individual supervision")

    region = models.ForeignKey(
        "wegbegleitung.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="supervisionen",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.GROUP)
    starts_at = models.DateTimeField(
        _("starts at"), validators=[PlausibleDate(past_years=10, future_years=2)]
    )
    online = models.BooleanField(_("online"), default=False)
    place = models.CharField(
        _("place or online link"),
        max_length=200,
        help_text=_("Address of the room, or the link of the video call."),
    )
    facilitator = models.CharField(_("facilitator"), max_length=150)

    class Meta:
        verbose_name = _("supervision session")
        verbose_name_plural = _("supervision sessions")
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        local = timezone.localtime(self.starts_at)
        return f"{self.get_kind_display()} {local:%d.%m.%Y %H:%M}"


class SupervisionEinladung(models.Model):
    """An invitation of one volunteer to a session: their answer and, later, attendance."""

    class Rsvp(models.TextChoices):
        OPEN = "offen", _("No answer yet")
        YES = "zugesagt", _("Attending")
        NO = "abgesagt", _("Not attending")

    supervision = models.ForeignKey(
        Supervision,
        verbose_name=_("supervision session"),
        on_delete=models.CASCADE,
        related_name="einladungen",
    )
    wegbegleiter = models.ForeignKey(
        "wegbegleitung.Wegbegleiter",
        verbose_name=_("volunteer mentor"),
        on_delete=models.CASCADE,
        related_name="supervision_einladungen",
    )
    rsvp = models.CharField(_("answer"), max_length=10, choices=Rsvp.choices, default=Rsvp.OPEN)
    rsvp_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    attended = models.BooleanField(_("attended"), null=True, blank=True)

    class Meta:
        verbose_name = _("supervision invitation")
        verbose_name_plural = _("supervision invitations")
        ordering = ["-supervision__starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["supervision", "wegbegleiter"], name="supervisioneinladung_once"
            ),
        ]
        indexes = [models.Index(fields=["wegbegleiter", "attended"])]

    def __str__(self) -> str:
        return f"{self.wegbegleiter} – {self.supervision}"
