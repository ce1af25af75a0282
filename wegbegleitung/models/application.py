"""The volunteer's application: what they tell us about themselves, as draft until submitted."""

from __future__ import annotations

from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TEXT_MAX = 5000  # characters of a free-text answer; longer input is refused with a message


class Interesse(models.Model):
    """An interest volunteers can pick (sports, music, ...); coordinators keep the list."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    active = models.BooleanField(_("offered in the application"), default=True)

    class Meta:
        verbose_name = _("interest")
        verbose_name_plural = _("interests")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


# Availability is stored as codes that combine into slots such as "mo-nachmittag", the form the
# matching engine compares (matching.scoring.MentorProfile.availability).
class Weekday(models.TextChoices):
    MO = "mo", _("Monday")
    DI = "di", _("Tuesday")
    MI = "mi", _("Wednesday")
    DO = "do", _("Thursday")
    FR = "fr", _("Friday")
    SA = "sa", _("Saturday")
    SO = "so", _("Sunday")


class TimeOfDay(models.TextChoices):
    VORMITTAG = "vormittag", _("Morning")
    NACHMITTAG = "nachmittag", _("Afternoon")
    ABEND = "abend", _("Evening")


def slot_label(slot: str) -> str:
    """A slot code as a person reads it: "mo-nachmittag" → "Montag Nachmittag"."""
    day, _sep, time = slot.partition("-")
    if day not in Weekday.values or time not in TimeOfDay.values:
        return slot
    return f"{Weekday(day).label} {TimeOfDay(time).label}"


class Mobility(models.TextChoices):
    FOOT = "foot", _("On foot")
    BIKE = "bike", _("Bicycle")
    PUBLIC = "public", _("Public transport")
    CAR = "car", _("Car")


class Gender(models.TextChoices):
    """The volunteer's own gender, optional; codes as the matching engine uses them."""

    NOT_STATED = "", _("Not stated")
    FEMALE = "w", _("Female")
    MALE = "m", _("Male")
    DIVERSE = "d", _("Diverse")


class GenderPreference(models.TextChoices):
    NONE = "", _("No preference")
    FEMALE = "w", _("Girl / young woman")
    MALE = "m", _("Boy / young man")
    DIVERSE = "d", _("Diverse")


class Bewerbung(models.Model):
    """The application and profile of one volunteer. Saved as draft; ``submitted_at`` when sent.

    Lists of choices (weekdays, times of day, mobility) are JSON lists of choice values, so the
    try-out mode on SQLite works like production on PostgreSQL.
    """

    wegbegleiter = models.OneToOneField(
        "wegbegleitung.Wegbegleiter",
        verbose_name=_("volunteer mentor"),
        on_delete=models.CASCADE,
        related_name="bewerbung",
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    gender = models.CharField(
        _("gender"),
        max_length=1,
        choices=Gender.choices,
        default=Gender.NOT_STATED,
        blank=True,
        help_text=_("Optional. Some young people wish for a mentor of a certain gender."),
    )
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("town"), max_length=100, blank=True)
    # Derived from the postal code (see services.geo); None means "distance unknown".
    latitude = models.FloatField(_("latitude"), null=True, blank=True, editable=False)
    longitude = models.FloatField(_("longitude"), null=True, blank=True, editable=False)
    motivation = models.TextField(
        _("motivation"), max_length=TEXT_MAX, blank=True, validators=[MaxLengthValidator(TEXT_MAX)]
    )
    experience = models.TextField(
        _("experience with young people"),
        max_length=TEXT_MAX,
        blank=True,
        validators=[MaxLengthValidator(TEXT_MAX)],
    )
    languages = models.CharField(_("languages"), max_length=300, blank=True)
    interests = models.ManyToManyField(
        Interesse, verbose_name=_("interests"), blank=True, related_name="bewerbungen"
    )
    interests_other = models.CharField(_("other interests"), max_length=300, blank=True)
    weekdays = models.JSONField(_("weekdays"), default=list, blank=True)
    times_of_day = models.JSONField(_("times of day"), default=list, blank=True)
    mentee_age_min = models.PositiveSmallIntegerField(_("youngest age"), null=True, blank=True)
    mentee_age_max = models.PositiveSmallIntegerField(_("oldest age"), null=True, blank=True)
    mentee_gender = models.CharField(
        _("gender of the young person"),
        max_length=1,
        choices=GenderPreference.choices,
        default=GenderPreference.NONE,
        blank=True,
    )
    mobility = models.JSONField(_("mobility"), default=list, blank=True)
    max_travel_km = models.PositiveSmallIntegerField(
        _("maximum travel distance (km)"), null=True, blank=True
    )
    commitment_months = models.PositiveSmallIntegerField(
        _("commitment (months)"), null=True, blank=True
    )
    # The programmes applied for (asked only while several are open); on submission they become
    # the volunteer's Programmteilnahme rows (services.application).
    programme = models.ManyToManyField(
        "programme.Programm",
        verbose_name=_("programmes applied for"),
        blank=True,
        related_name="bewerbungen",
    )
    updated_at = models.DateTimeField(_("last saved"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.CheckConstraint(
                condition=Q(mentee_age_min__isnull=True)
                | Q(mentee_age_max__isnull=True)
                | Q(mentee_age_min__lte=models.F("mentee_age_max")),
                name="bewerbung_age_range_ordered",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Application of %(name)s") % {"name": self.wegbegleiter})

    @property
    def language_list(self) -> list[str]:
        return [part.strip() for part in self.languages.split(",") if part.strip()]

    @property
    def availability_slots(self) -> frozenset[str]:
        """Every weekday with every time of day, e.g. {"mo-nachmittag", "mi-nachmittag"}."""
        return frozenset(f"{day}-{time}" for day in self.weekdays for time in self.times_of_day)
