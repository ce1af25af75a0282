"""The study's records: instruments (questionnaires, versioned), waves and answers, and the
volunteer's research consent (the young person's is an ``einrichtungen.Einwilligung``).

A published instrument version is frozen: the services and the admin refuse changes, and on
PostgreSQL a trigger (migration 0002) refuses them too.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Regel(models.TextChoices):
    SUMME = "summe", _("Sum")
    MITTEL = "mittel", _("Mean")


class Instrument(models.Model):
    """One version of a questionnaire; ``code`` names the questionnaire across its versions."""

    class Zielgruppe(models.TextChoices):
        MENTEE = "mentee", _("Young people (mentees)")
        MENTOR = "mentor", _("Mentors")
        BEIDE = "beide", _("Both sides of a match")

    class Status(models.TextChoices):
        ENTWURF = "entwurf", _("Draft")
        VEROEFFENTLICHT = "veroeffentlicht", _("Published")
        ABGELOEST = "abgeloest", _("Replaced by a newer version")

    code = models.SlugField(
        _("code"), max_length=40, help_text=_("Names the questionnaire across its versions.")
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    name = models.CharField(_("name"), max_length=200)
    einleitung = models.TextField(_("introduction"), max_length=2000, blank=True)
    zielgruppe = models.CharField(
        _("audience"), max_length=10, choices=Zielgruppe.choices, default=Zielgruppe.BEIDE
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.ENTWURF
    )
    gesamt_regel = models.CharField(
        _("total score"), max_length=10, choices=Regel.choices, default=Regel.MITTEL
    )
    gesamt_min_items = models.PositiveSmallIntegerField(
        _("minimum answered items for a total score"), default=1
    )
    studienjahre = models.PositiveSmallIntegerField(
        _("years of waves"),
        null=True,
        blank=True,
        help_text=_("Empty: the platform's default (setting WB_STUDY_YEARS)."),
    )
    veroeffentlicht_am = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    # Part of the version like its items: who is asked changes with a new version. Empty means
    # every programme, so instruments from before programmes keep asking everyone.
    programme = models.ManyToManyField(
        "programme.Programm",
        verbose_name=_("programmes"),
        blank=True,
        related_name="instrumente",
        help_text=_("The programmes whose matches answer it; none chosen: every programme."),
    )

    class Meta:
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="instrument_code_version"),
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(status="veroeffentlicht"),
                name="instrument_one_published_per_code",
            ),
            models.CheckConstraint(
                condition=Q(status="entwurf") | Q(veroeffentlicht_am__isnull=False),
                name="instrument_published_has_time",
            ),
            models.CheckConstraint(
                condition=Q(gesamt_min_items__gte=1), name="instrument_min_items_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"

    @property
    def frozen(self) -> bool:
        return self.status != self.Status.ENTWURF

    def applies_to(self, programm_id: int | None) -> bool:
        """Whether a match of the programme answers it (reads the prefetched programmes)."""
        chosen = [p.pk for p in self.programme.all()]
        return not chosen or programm_id in chosen

    @property
    def years(self) -> int:
        return self.studienjahre or int(settings.WB_STUDY_YEARS)

    def for_side(self, seite: str) -> bool:
        return self.zielgruppe in (self.Zielgruppe.BEIDE, seite)


class Subskala(models.Model):
    instrument = models.ForeignKey(
        Instrument, verbose_name=_("instrument"), on_delete=models.CASCADE, related_name="subskalen"
    )
    kuerzel = models.SlugField(_("short name"), max_length=30)
    name = models.CharField(_("name"), max_length=100)
    regel = models.CharField(_("score"), max_length=10, choices=Regel.choices, default=Regel.MITTEL)
    min_items = models.PositiveSmallIntegerField(_("minimum answered items for a score"), default=1)

    class Meta:
        verbose_name = _("subscale")
        verbose_name_plural = _("subscales")
        ordering = ["instrument", "kuerzel"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "kuerzel"], name="subskala_once"),
            models.CheckConstraint(condition=Q(min_items__gte=1), name="subskala_min_items"),
        ]

    def __str__(self) -> str:
        return self.name


class Skalenpunkt(models.Model):
    """One point of the response scale with its label (e.g. 1 = "trifft gar nicht zu")."""

    instrument = models.ForeignKey(
        Instrument,
        verbose_name=_("instrument"),
        on_delete=models.CASCADE,
        related_name="skalenpunkte",
    )
    wert = models.SmallIntegerField(_("value"))
    label = models.CharField(_("label"), max_length=100)

    class Meta:
        verbose_name = _("scale point")
        verbose_name_plural = _("scale points")
        ordering = ["instrument", "wert"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "wert"], name="skalenpunkt_once"),
        ]

    def __str__(self) -> str:
        return f"{self.wert} = {self.label}"


class Item(models.Model):
    instrument = models.ForeignKey(
        Instrument, verbose_name=_("instrument"), on_delete=models.CASCADE, related_name="items"
    )
    position = models.PositiveSmallIntegerField(_("order"))
    text = models.CharField(_("text"), max_length=500)
    umgepolt = models.BooleanField(_("reverse-scored"), default=False)
    subskala = models.ForeignKey(
        Subskala,
        verbose_name=_("subscale"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="items",
    )

    class Meta:
        verbose_name = _("item")
        verbose_name_plural = _("items")
        ordering = ["instrument", "position"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "position"], name="item_position_once"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.text}"


class Forschungseinwilligung(models.Model):
    """A volunteer's own research consent; revoked from ``widerrufen_am`` on."""

    wegbegleiter = models.ForeignKey(
        "wegbegleitung.Wegbegleiter",
        verbose_name=_("volunteer"),
        on_delete=models.CASCADE,
        related_name="forschungseinwilligungen",
    )
    erteilt_am = models.DateTimeField(_("given at"), default=timezone.now)
    folgebefragung = models.BooleanField(_("also after the match has ended"), default=False)
    widerrufen_am = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("research consent (volunteer)")
        verbose_name_plural = _("research consents (volunteers)")
        ordering = ["-erteilt_am"]
        default_permissions = ("view",)
        constraints = [
            models.UniqueConstraint(
                fields=["wegbegleiter"],
                condition=Q(widerrufen_am__isnull=True),
                name="forschungseinwilligung_one_in_force",
            ),
            models.CheckConstraint(
                condition=Q(widerrufen_am__isnull=True) | Q(widerrufen_am__gte=F("erteilt_am")),
                name="forschungseinwilligung_revoked_after_given",
            ),
        ]

    def __str__(self) -> str:
        return str(_("research consent"))


class Welle(models.Model):
    """One person's answers to one wave of one instrument in one match.

    The mentee's and the mentor's waves of a match share ``begleitung``, ``code`` and ``nummer``:
    that is the link for analysing the pair together (co-resilience). The row is created when the
    person first saves; which waves are due is computed (``forschung.schedule``).
    """

    class Seite(models.TextChoices):
        MENTEE = "mentee", _("Young person")
        MENTOR = "mentor", _("Mentor")

    class Status(models.TextChoices):
        OFFEN = "offen", _("Started")
        ABGESCHLOSSEN = "abgeschlossen", _("Submitted")
        ZURUECKGEZOGEN = "zurueckgezogen", _("Withdrawn (consent revoked)")

    begleitung = models.ForeignKey(
        "matching.Begleitung",
        verbose_name=_("match"),
        on_delete=models.CASCADE,
        related_name="wellen",
    )
    seite = models.CharField(_("side"), max_length=10, choices=Seite.choices)
    instrument = models.ForeignKey(
        Instrument, verbose_name=_("instrument"), on_delete=models.PROTECT, related_name="wellen"
    )
    code = models.SlugField(_("questionnaire"), max_length=40)
    nummer = models.PositiveSmallIntegerField(_("wave"))
    faellig_am = models.DateField(_("due on"))
    laeuft_ab_am = models.DateField(_("open until"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OFFEN
    )
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    scores = models.JSONField(_("scores"), default=dict, blank=True)

    class Meta:
        verbose_name = _("wave")
        verbose_name_plural = _("waves")
        ordering = ["-faellig_am", "id"]
        default_permissions = ("view",)
        constraints = [
            models.UniqueConstraint(
                fields=["begleitung", "seite", "code", "nummer"], name="welle_once_per_side"
            ),
            models.CheckConstraint(
                condition=Q(laeuft_ab_am__gte=F("faellig_am")), name="welle_window_forward"
            ),
            models.CheckConstraint(
                condition=Q(status="abgeschlossen", submitted_at__isnull=False)
                | (~Q(status="abgeschlossen") & Q(submitted_at__isnull=True)),
                name="welle_submitted_has_time",
            ),
        ]
        indexes = [models.Index(fields=["code", "nummer"], name="welle_pair_idx")]

    def __str__(self) -> str:
        return f"{self.code} #{self.nummer} ({self.get_seite_display()})"

    def expired_on(self, day: date) -> bool:
        return self.status == self.Status.OFFEN and day > self.laeuft_ab_am


class Antwort(models.Model):
    welle = models.ForeignKey(
        Welle, verbose_name=_("wave"), on_delete=models.CASCADE, related_name="antworten"
    )
    item = models.ForeignKey(
        Item, verbose_name=_("item"), on_delete=models.PROTECT, related_name="antworten"
    )
    wert = models.SmallIntegerField(_("answer"))

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        default_permissions = ()
        constraints = [models.UniqueConstraint(fields=["welle", "item"], name="antwort_once")]

    def __str__(self) -> str:
        return f"{self.item_id}={self.wert}"


class Jugendzugang(models.Model):
    """A young person's own access: the invitation that made (or will make) their account.

    The account is the invitation's ``accepted_by``; a new invitation (the old one expired)
    adds a row. Only the invitation's staff-side details are kept here: who invited, when.
    """

    jugendliche = models.ForeignKey(
        "einrichtungen.Jugendliche",
        verbose_name=_("young person"),
        on_delete=models.CASCADE,
        related_name="zugaenge",
    )
    einladung = models.OneToOneField(
        "wegbegleitung.Einladung",
        verbose_name=_("invitation"),
        on_delete=models.CASCADE,
        related_name="jugendzugang",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("young person's access")
        verbose_name_plural = _("young people's access")
        ordering = ["-created_at"]
        default_permissions = ()

    def __str__(self) -> str:
        return str(_("young person's access"))
