from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wegbegleitung.validation import NOTE_MAX


class Wegbegleiter(models.Model):
    """A volunteer mentor (or applicant) and where they stand on the mentor's path.

    ``status`` changes only through ``services.volunteer_path.wegbegleiter_transition``, which
    knows the allowed transitions. Being matched is not a status: it follows from an active match.
    """

    class ExitStep(models.TextChoices):
        NONE = "", _("None")
        LEAVE = "leave", _("Leave")
        DECLINE = "decline", _("Decline")
        DELETE_ACCOUNT = "delete_account", _("Delete account")

    class Status(models.TextChoices):
        INTERESSENT = "interessent", _("Interested")
        BEWORBEN = "beworben", _("Application submitted")
        IN_PRUEFUNG = "in_pruefung", _("Screening")
        ZURUECKGESTELLT = "zurueckgestellt", _("Deferred")
        ABGELEHNT = "abgelehnt", _("Declined")
        VERFUEGBAR = "verfuegbar", _("Available")
        PAUSIERT = "pausiert", _("Paused")
        AUSGESCHIEDEN = "ausgeschieden", _("Left")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.PROTECT,
        related_name="wegbegleiter",
    )
    region = models.ForeignKey(
        "wegbegleitung.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="wegbegleiter",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.INTERESSENT
    )
    status_since = models.DateTimeField(_("in this status since"), default=timezone.now)
    status_reason = models.TextField(
        _("reason of the last status change"),
        max_length=NOTE_MAX,
        blank=True,
        validators=[MaxLengthValidator(NOTE_MAX)],
    )
    created_at = models.DateTimeField(_("registered"), default=timezone.now)
    # The retention clocks of § 72a(5) SGB VIII run from these two dates (see schutzkonzept):
    # set when the person first takes up the activity (first active match) and when they stop.
    activity_started_on = models.DateField(_("activity started"), null=True, blank=True)
    activity_ended_on = models.DateField(_("last activity"), null=True, blank=True)
    # A step that ends the volunteer (leave, decline, account deletion) taken while a match
    # still runs waits here until the coordinator has closed the last one with a farewell
    # (services.volunteer_exit); the status stays as it is until then.
    exit_requested = models.CharField(
        _("ending requested"), max_length=20, choices=ExitStep.choices, blank=True, default=""
    )
    exit_requested_at = models.DateTimeField(_("ending requested at"), null=True, blank=True)
    exit_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ending requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The programmes the volunteer serves in (trained and cleared by each one's rules); none
    # listed means the default programme (programme.rules).
    programme = models.ManyToManyField(
        "programme.Programm",
        verbose_name=_("programmes"),
        through="wegbegleitung.Programmteilnahme",
        blank=True,
        related_name="wegbegleiter",
    )
    exit_reason = models.TextField(
        _("reason for ending"),
        max_length=NOTE_MAX,
        blank=True,
        validators=[MaxLengthValidator(NOTE_MAX)],
    )

    class Meta:
        verbose_name = _("volunteer mentor")
        verbose_name_plural = _("volunteer mentors")
        ordering = ["user__last_name", "user__first_name", "id"]
        indexes = [models.Index(fields=["region", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(exit_requested="") | Q(exit_requested_at__isnull=False),
                name="wegbegleiter_exit_request_has_time",
            )
        ]

    def __str__(self) -> str:
        return str(self.user)

    @property
    def exit_pending(self) -> bool:
        return bool(self.exit_requested)


class Programmteilnahme(models.Model):
    """A volunteer serves in a programme (Programmlinie) from a day on."""

    wegbegleiter = models.ForeignKey(
        Wegbegleiter,
        verbose_name=_("volunteer mentor"),
        on_delete=models.CASCADE,
        related_name="programmteilnahmen",
    )
    programm = models.ForeignKey(
        "programme.Programm",
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        related_name="teilnahmen",
    )
    seit = models.DateField(_("since"), default=timezone.localdate)

    class Meta:
        verbose_name = _("programme of a volunteer")
        verbose_name_plural = _("programmes of volunteers")
        ordering = ["wegbegleiter", "programm"]
        constraints = [
            models.UniqueConstraint(
                fields=["wegbegleiter", "programm"], name="programmteilnahme_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.wegbegleiter} – {self.programm}"
