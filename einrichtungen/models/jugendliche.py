"""Young people and what is recorded about them: consents, requests, help-plan conferences.

Data minimisation (§§ 61-65 SGB VIII, GDPR Art. 5): first name or pseudonym, month and year of
birth only, no diagnosis field at all; a surname only where the organisation turns it on.
"""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from einrichtungen.alter import age_on, birthday_date
from einrichtungen.models.einrichtungen import Einrichtung
from programme.models import Programm, standard_programm_id
from wegbegleitung.validation import NOTE_MAX, PlausibleDate


class Jugendliche(models.Model):
    """The accompanied party: a young person living in (or having left) a facility, or a family
    in early help referred by an early-help organisation (docs/families.md: one table, so every
    request, match, consent and conversation works the same for both).

    For a family ``vorname`` is the name shown ("Familie K."), month and year of birth are the
    youngest child's (or the expected month), the parents are ``eltern``, further children
    ``kinder``."""

    class Art(models.TextChoices):
        JUNGER_MENSCH = "junger_mensch", _("Young person")
        FAMILIE = "familie", _("Family")

    class Geschlecht(models.TextChoices):
        WEIBLICH = "weiblich", _("female")
        MAENNLICH = "maennlich", _("male")
        DIVERS = "divers", _("diverse")
        KEINE_ANGABE = "keine_angabe", _("not stated")

    class Sorgerecht(models.TextChoices):
        ELTERN = "eltern", _("Parents")
        VORMUND = "vormund", _("Guardian (Vormund)")

    einrichtung = models.ForeignKey(
        Einrichtung,
        verbose_name=_("facility"),
        on_delete=models.PROTECT,
        related_name="jugendliche",
    )
    art = models.CharField(
        _("accompanied party"), max_length=20, choices=Art.choices, default=Art.JUNGER_MENSCH
    )
    vorname = models.CharField(_("first name or pseudonym"), max_length=80)
    nachname = models.CharField(_("surname"), max_length=80, blank=True)
    geburtsmonat = models.PositiveSmallIntegerField(_("month of birth"))
    geburtsjahr = models.PositiveSmallIntegerField(_("year of birth"))
    geschlecht = models.CharField(
        _("gender"), max_length=20, choices=Geschlecht.choices, default=Geschlecht.KEINE_ANGABE
    )
    sprachen = models.CharField(_("languages"), max_length=200, blank=True)
    interessen = models.TextField(
        _("interests"), max_length=NOTE_MAX, blank=True, validators=[MaxLengthValidator(NOTE_MAX)]
    )
    wuensche = models.TextField(
        _("wishes for a mentor"),
        max_length=NOTE_MAX,
        blank=True,
        validators=[MaxLengthValidator(NOTE_MAX)],
    )
    jugendamt = models.CharField(_("responsible youth office"), max_length=200, blank=True)
    sorgerecht = models.CharField(
        _("guardian type"), max_length=20, choices=Sorgerecht.choices, default=Sorgerecht.ELTERN
    )
    auszug_am = models.DateField(_("moved out on"), null=True, blank=True)
    created_at = models.DateTimeField(_("entered"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("young person")
        verbose_name_plural = _("young people")
        ordering = ["vorname", "id"]
        indexes = [models.Index(fields=["vorname", "id"], name="jugendliche_list_idx")]  # issue 13
        constraints = [
            models.CheckConstraint(
                condition=Q(geburtsmonat__gte=1, geburtsmonat__lte=12),
                name="jugendliche_geburtsmonat_1_12",
                violation_error_message=_("Enter a month between 1 and 12."),
            ),
            models.CheckConstraint(
                condition=Q(geburtsjahr__gte=1980, geburtsjahr__lte=2100),
                name="jugendliche_geburtsjahr_plausible",
                violation_error_message=_("Enter a plausible year of birth."),
            ),
        ]

    def __str__(self) -> str:
        return self.vorname

    def get_absolute_url(self) -> str:
        """The record in the staff area (coordinators reach it from the admin, too)."""
        return reverse("einrichtungen:jugendliche_detail", args=[self.pk])

    def alter(self, on: date | None = None) -> int:
        return age_on(self.geburtsjahr, self.geburtsmonat, on or timezone.localdate())

    @property
    def volljaehrig_ab(self) -> date:
        """The day from which the platform treats the person as 18 (see einrichtungen.alter)."""
        return birthday_date(self.geburtsjahr, self.geburtsmonat, 18)

    def has_left(self, on: date | None = None) -> bool:
        return self.auszug_am is not None and self.auszug_am <= (on or timezone.localdate())

    @property
    def is_familie(self) -> bool:
        return self.art == self.Art.FAMILIE

    @property
    def anzeigename(self) -> str:
        """How pages name the accompanied party: "Familie K." for a family, else the name."""
        if self.is_familie and not self.vorname.lower().startswith(("familie", "family")):
            return str(_("Family %(name)s") % {"name": self.vorname})
        return self.vorname

    def kind_alter(self, on: date | None = None) -> int:
        """The age the programme's limits apply to: the young person's, or the youngest
        child's (0 during a pregnancy)."""
        return max(self.alter(on), 0) if self.is_familie else self.alter(on)


class Elternteil(models.Model):
    """A parent (or other caregiver) of a family in early help: the consent holders.
    Minimal data: a first name and a role, a phone or email only when the family gives one."""

    class Rolle(models.TextChoices):
        MUTTER = "mutter", _("Mother")
        VATER = "vater", _("Father")
        ANDERE = "andere", _("Other caregiver")

    familie = models.ForeignKey(
        Jugendliche, verbose_name=_("family"), on_delete=models.CASCADE, related_name="eltern"
    )
    vorname = models.CharField(_("first name or pseudonym"), max_length=80)
    rolle = models.CharField(_("role"), max_length=20, choices=Rolle.choices)
    sorgeberechtigt = models.BooleanField(_("has custody"), default=True)
    telefon = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email address"), blank=True)

    class Meta:
        verbose_name = _("parent")
        verbose_name_plural = _("parents")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.vorname} ({self.get_rolle_display()})"


class Kind(models.Model):
    """A further child of a family (the youngest child's month of birth is on the family's
    record). Minimal data: an optional first name, month and year of birth."""

    familie = models.ForeignKey(
        Jugendliche, verbose_name=_("family"), on_delete=models.CASCADE, related_name="kinder"
    )
    vorname = models.CharField(_("first name or pseudonym"), max_length=80, blank=True)
    geburtsmonat = models.PositiveSmallIntegerField(_("month of birth"))
    geburtsjahr = models.PositiveSmallIntegerField(_("year of birth"))

    class Meta:
        verbose_name = _("child")
        verbose_name_plural = _("children")
        ordering = ["-geburtsjahr", "-geburtsmonat", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(geburtsmonat__gte=1, geburtsmonat__lte=12),
                name="kind_geburtsmonat_1_12",
                violation_error_message=_("Enter a month between 1 and 12."),
            ),
        ]

    def __str__(self) -> str:
        return self.vorname or f"{self.geburtsmonat:02d}/{self.geburtsjahr}"


class Einwilligung(models.Model):
    """One consent: who gave it, when, for what; revoked from ``widerrufen_am`` on."""

    class Bereich(models.TextChoices):
        TEILNAHME = "teilnahme", _("Participation in the mentoring programme")
        DATENWEITERGABE = "datenweitergabe", _("Sharing data with the mentor")
        HILFEPLAN = "hilfeplan", _("Mentor in the help-plan conference")
        FORSCHUNG = "forschung", _("Research participation")
        FORSCHUNG_FOLGE = "forschung_folge", _("Research: also after the match has ended")

    class Inhaber(models.TextChoices):
        SORGEBERECHTIGTE = "sorgeberechtigte", _("Person with custody")
        VORMUND = "vormund", _("Guardian (Vormund)")
        JUGENDLICHE = "jugendliche", _("The young person (from the age of own consent)")
        VOLLJAEHRIGE = "volljaehrige", _("The young adult (from 18)")

    jugendliche = models.ForeignKey(
        Jugendliche,
        verbose_name=_("young person"),
        on_delete=models.CASCADE,
        related_name="einwilligungen",
    )
    bereich = models.CharField(_("scope"), max_length=20, choices=Bereich.choices)
    inhaber = models.CharField(_("given by"), max_length=20, choices=Inhaber.choices)
    erteilt_am = models.DateField(_("given on"), validators=[PlausibleDate(past_years=30)])
    widerrufen_am = models.DateTimeField(_("revoked at"), null=True, blank=True)
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["bereich", "-erteilt_am", "id"]
        indexes = [  # the coordinators' list in its order (issue 13)
            models.Index(fields=["bereich", "-erteilt_am", "id"], name="einwilligung_list_idx")
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["jugendliche", "bereich", "inhaber"],
                condition=Q(widerrufen_am__isnull=True),
                name="einwilligung_one_valid_per_holder_and_scope",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_bereich_display()} ({self.get_inhaber_display()})"

    @property
    def is_revoked(self) -> bool:
        return self.widerrufen_am is not None


class Anfrage(models.Model):
    """A facility's (or coordinator's) request for a mentor; waiting time runs from here."""

    class Status(models.TextChoices):
        OFFEN = "offen", _("Open")
        IN_BEARBEITUNG = "in_bearbeitung", _("In progress")
        VERMITTELT = "vermittelt", _("Matched")
        ZURUECKGEZOGEN = "zurueckgezogen", _("Withdrawn")
        GESCHLOSSEN = "geschlossen", _("Closed")

    OPEN_STATES = (Status.OFFEN, Status.IN_BEARBEITUNG)

    jugendliche = models.ForeignKey(
        Jugendliche,
        verbose_name=_("young person"),
        on_delete=models.CASCADE,
        related_name="anfragen",
    )
    programm = models.ForeignKey(
        "programme.Programm",
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        default=standard_programm_id,
        related_name="anfragen",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OFFEN
    )
    bemerkung = models.TextField(
        _("note for the coordination"),
        max_length=NOTE_MAX,
        blank=True,
        validators=[MaxLengthValidator(NOTE_MAX)],
    )
    angefragt_am = models.DateTimeField(_("requested at"), default=timezone.now)
    angefragt_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status_seit = models.DateTimeField(_("in this status since"), default=timezone.now)
    abgeschlossen_am = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("request for a mentor")
        verbose_name_plural = _("requests for a mentor")
        ordering = ["angefragt_am", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["jugendliche"],
                condition=Q(status__in=["offen", "in_bearbeitung"]),
                name="anfrage_one_open_per_jugendliche",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["offen", "in_bearbeitung"])
                | Q(abgeschlossen_am__isnull=False),
                name="anfrage_finished_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "angefragt_am"]),
            models.Index(fields=["angefragt_am", "id"], name="anfrage_list_idx"),  # issue 13
        ]

    def __str__(self) -> str:
        return f"{self.jugendliche} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATES

    def wartezeit_tage(self, now: datetime | None = None) -> int:
        """Waiting time in whole days: until the request was finished, or until now."""
        end = self.abgeschlossen_am or now or timezone.now()
        return max((end - self.angefragt_am).days, 0)


class Hilfeplangespraech(models.Model):
    """A help-plan conference (§ 36 SGB VIII) as recorded by the facility, or, in a programme
    without one (families in early help), the referral and review conversation: ``art`` is
    taken from the programme of the request (``Programm.gespraech``)."""

    jugendliche = models.ForeignKey(
        Jugendliche,
        verbose_name=_("young person"),
        on_delete=models.CASCADE,
        related_name="hilfeplangespraeche",
    )
    art = models.CharField(
        _("kind of conversation"),
        max_length=20,
        choices=Programm.Gespraech.choices,
        default=Programm.Gespraech.HILFEPLAN,
    )
    datum = models.DateField(_("date"))
    teilnehmende = models.TextField(
        _("participants"),
        max_length=NOTE_MAX,
        blank=True,
        validators=[MaxLengthValidator(NOTE_MAX)],
    )
    wegbegleitung_erwogen = models.BooleanField(
        _("mentoring considered as an element of the help"), default=False
    )
    wegbegleiter_eingeladen = models.BooleanField(_("mentor invited"), default=False)
    wegbegleiter_teilgenommen = models.BooleanField(_("mentor attended"), default=False)
    ziele = models.TextField(
        _("agreed goals"),
        max_length=NOTE_MAX,
        blank=True,
        validators=[MaxLengthValidator(NOTE_MAX)],
    )
    zusammenfassung = models.TextField(
        _("summary"), max_length=NOTE_MAX, blank=True, validators=[MaxLengthValidator(NOTE_MAX)]
    )
    naechste_ueberpruefung = models.DateField(_("next review"), null=True, blank=True)
    mit_wegbegleitung_geteilt = models.BooleanField(_("shared with the mentor"), default=False)
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("help-plan conference")
        verbose_name_plural = _("help-plan conferences")
        ordering = ["-datum", "-id"]
        # the coordinators' list in its order, and its date hierarchy (issue 13)
        indexes = [models.Index(fields=["datum", "id"], name="hpg_datum_id_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(wegbegleiter_teilgenommen=False) | Q(wegbegleiter_eingeladen=True),
                name="hpg_attended_needs_invitation",
                violation_error_message=_("The mentor can only attend when invited."),
            ),
            models.CheckConstraint(
                condition=Q(naechste_ueberpruefung__isnull=True)
                | Q(naechste_ueberpruefung__gte=F("datum")),
                name="hpg_review_after_conference",
                violation_error_message=_("The next review cannot be before the conference."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.jugendliche} {self.datum:%d.%m.%Y}"


class Fassung(models.Model):
    """What a young person's record, or one of their help-plan conferences, said after a write.

    After the move-out the facility reads the record as it was on the move-out day: the last
    version written by the end of that day (``einrichtungen.fassungen``). The services write one
    with every change, in the same transaction; it goes with the record (cascade).
    """

    jugendliche = models.ForeignKey(
        Jugendliche,
        on_delete=models.CASCADE,
        related_name="fassungen",
        verbose_name=_("young person"),
    )
    hilfeplangespraech = models.ForeignKey(
        Hilfeplangespraech,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="fassungen",
        verbose_name=_("help-plan conference"),
    )
    erfasst_am = models.DateTimeField(_("written"), default=timezone.now)
    felder = models.JSONField(_("fields"), default=dict)

    class Meta:
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        ordering = ["erfasst_am", "id"]
        default_permissions = ()
        indexes = [models.Index(fields=["jugendliche", "hilfeplangespraech", "erfasst_am"])]

    def __str__(self) -> str:
        written = date_format(timezone.localtime(self.erfasst_am), "SHORT_DATE_FORMAT")
        return f"{self.jugendliche_id}/{self.hilfeplangespraech_id or '–'} {written}"
