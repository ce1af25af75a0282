"""Programmes (Programmlinien): one kind of volunteer accompaniment with its own rules.

Every rule that used to be one global setting belongs to a programme. The values of the settings
(``WB_TRAINING_MIN_HOURS`` and the others named below) are what a new programme starts with, and
what the default programme holds when it is first created. Requests and matches belong to one
programme; a volunteer serves in one or more (``wegbegleitung.Programmteilnahme``) and, without
any, in the default programme. ``programme.rules`` answers "which rules apply here".
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


def _setting(name: str) -> Any:
    return getattr(settings, name)


# Defaults as module-level callables: migrations keep the reference, not today's value.
def default_training_min_hours() -> int:
    return int(_setting("WB_TRAINING_MIN_HOURS"))


def default_training_target_hours() -> int:
    return int(_setting("WB_TRAINING_TARGET_HOURS"))


def default_supervision_weeks() -> int:
    return int(_setting("WB_SUPERVISION_INTERVAL_WEEKS"))


def default_min_commitment_months() -> int:
    return int(_setting("WB_MIN_COMMITMENT_MONTHS"))


def default_first_month_contacts() -> int:
    return int(_setting("WB_SUPPORT_FIRST_MONTH_CONTACTS"))


def default_year_one_days() -> int:
    return int(_setting("WB_SUPPORT_YEAR_ONE_DAYS"))


def default_later_days() -> int:
    return int(_setting("WB_SUPPORT_LATER_DAYS"))


def default_care_leaver_days() -> int:
    return int(_setting("WB_SUPPORT_CARE_LEAVER_DAYS"))


def default_review_first_months() -> int:
    return int(_setting("WB_REVIEW_FIRST_MONTHS"))


def default_review_interval_months() -> int:
    return int(_setting("WB_REVIEW_INTERVAL_MONTHS"))


def default_consents() -> list[str]:
    # participation and sharing data with the mentor (einrichtungen.einwilligungen)
    return ["teilnahme", "datenweitergabe"]


def standard_programm_id() -> int:
    """The default programme's id, for requests and matches created without a programme."""
    from programme.rules import standard_id

    return standard_id()


class Programm(models.Model):
    """A programme line and its rules; the default one holds the settings' values."""

    class Begleitet(models.TextChoices):
        JUNGE_MENSCHEN = "junge_menschen", _("Young people in residential care")
        CARE_LEAVER = "care_leaver", _("Care leavers")
        FAMILIEN = "familien", _("Families with a young child (early help)")

    class Gespraech(models.TextChoices):
        HILFEPLAN = "hilfeplan", _("Help-plan conference (§ 36 SGB VIII)")
        VERMITTLUNG = "vermittlung", _("Referral and review conversation")

    name = models.CharField(_("name"), max_length=120, unique=True)
    beschreibung = models.TextField(_("description"), max_length=2000, blank=True)
    aktiv = models.BooleanField(
        _("open for new requests"),
        default=True,
        help_text=_("A closed programme keeps its matches but takes no new requests."),
    )
    standard = models.BooleanField(_("default programme"), default=False, editable=False)
    begleitet = models.CharField(
        _("who is accompanied"),
        max_length=20,
        choices=Begleitet.choices,
        default=Begleitet.JUNGE_MENSCHEN,
    )
    # Age of the young person, or of the family's youngest child, when the request is made.
    alter_min = models.PositiveSmallIntegerField(
        _("minimum age"), null=True, blank=True, validators=[MaxValueValidator(99)]
    )
    alter_max = models.PositiveSmallIntegerField(
        _("maximum age"), null=True, blank=True, validators=[MaxValueValidator(99)]
    )
    schulung_min_stunden = models.PositiveSmallIntegerField(
        _("training minimum (hours)"),
        default=default_training_min_hours,
        validators=[MaxValueValidator(200)],
    )
    schulung_ziel_stunden = models.PositiveSmallIntegerField(
        _("training target (hours)"),
        default=default_training_target_hours,
        validators=[MaxValueValidator(400)],
    )
    supervision_wochen = models.PositiveSmallIntegerField(
        _("supervision every … weeks"),
        default=default_supervision_weeks,
        validators=[MinValueValidator(1), MaxValueValidator(52)],
    )
    mindestengagement_monate = models.PositiveSmallIntegerField(
        _("minimum commitment (months)"),
        default=default_min_commitment_months,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )
    kontakte_erster_monat = models.PositiveSmallIntegerField(
        _("support contacts in the first month"),
        default=default_first_month_contacts,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )
    kontakt_jahr_eins_tage = models.PositiveSmallIntegerField(
        _("support contact every … days in the first year"),
        default=default_year_one_days,
        validators=[MinValueValidator(1), MaxValueValidator(366)],
    )
    kontakt_spaeter_tage = models.PositiveSmallIntegerField(
        _("support contact every … days later"),
        default=default_later_days,
        validators=[MinValueValidator(1), MaxValueValidator(366)],
    )
    kontakt_care_leaver_tage = models.PositiveSmallIntegerField(
        _("support contact every … days in the care-leaver phase"),
        default=default_care_leaver_days,
        validators=[MinValueValidator(1), MaxValueValidator(366)],
    )
    review_erste_monate = models.PositiveSmallIntegerField(
        _("first review after … months"),
        default=default_review_first_months,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    review_intervall_monate = models.PositiveSmallIntegerField(
        _("review every … months"),
        default=default_review_interval_months,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    fuehrungszeugnis_noetig = models.BooleanField(
        _("criminal-record certificate required"), default=True
    )
    verhaltenskodex_noetig = models.BooleanField(_("code of conduct required"), default=True)
    schutzschulung_noetig = models.BooleanField(_("safeguarding training required"), default=True)
    einwilligungen = models.JSONField(
        _("consents needed for a request"),
        default=default_consents,
        blank=True,
        help_text=_("The consent scopes that must be in force before a mentor is requested."),
    )
    gespraech = models.CharField(
        _("conversation with the professionals"),
        max_length=20,
        choices=Gespraech.choices,
        default=Gespraech.HILFEPLAN,
    )
    netzwerk_schulung_zaehlt = models.BooleanField(
        _("network trainings count as training hours"), default=True
    )

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-standard", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["standard"], condition=Q(standard=True), name="programm_one_default"
            ),
            models.CheckConstraint(
                condition=Q(alter_min__isnull=True)
                | Q(alter_max__isnull=True)
                | Q(alter_min__lte=F("alter_max")),
                name="programm_age_range_ordered",
                violation_error_message=_("The minimum age cannot be above the maximum age."),
            ),
            models.CheckConstraint(
                condition=Q(schulung_ziel_stunden__gte=F("schulung_min_stunden")),
                name="programm_training_target_reaches_minimum",
                violation_error_message=_("The training target cannot be below the minimum."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def accompanies_families(self) -> bool:
        return self.begleitet == self.Begleitet.FAMILIEN
