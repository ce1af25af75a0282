"""The cooperation network of providers (issue 15 §2).

Providers (``einrichtungen.Traeger``) of a district join the network of one of our regions
(``Mitgliedschaft``); their staff then see the other members' profiles, the network's events
(``Veranstaltung``) open to partner staff, and the standing-in requests (``Einspringanfrage``).
Volunteers of the region see the events open to volunteers. Nothing here points at a young person:
the network shares events and offers, never young people's data.

The capacity of an event holds in the database: ``belegt`` counts the places taken (registered,
attended or absent) and a check constraint keeps it at or below ``kapazitaet``; the services move
it under a row lock of the event (``netzwerk.services.anmeldungen``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Mitgliedschaft(models.Model):
    """A provider's membership in the network of one region (a district), with its profile."""

    traeger = models.ForeignKey(
        "einrichtungen.Traeger",
        verbose_name=_("provider"),
        on_delete=models.CASCADE,
        related_name="netzwerk_mitgliedschaften",
    )
    region = models.ForeignKey(
        "wegbegleitung.Region",
        verbose_name=_("network (region)"),
        on_delete=models.PROTECT,
        related_name="netzwerk_mitgliedschaften",
    )
    profil = models.TextField(_("profile"), blank=True, max_length=3000)
    angebote = models.TextField(
        _("offers"), blank=True, max_length=3000,
        help_text=_("What the provider offers: residential groups, ambulatory help, counselling."),
    )  # fmt: skip
    bezirke = models.CharField(
        _("districts served"), max_length=300, blank=True,
        help_text=_("Comma-separated, e.g. Innenstadt, Nord, Bornheim."),
    )  # fmt: skip
    ansprechperson = models.CharField(_("contact person"), max_length=200, blank=True)
    email = models.EmailField(_("contact email"), blank=True)
    telefon = models.CharField(_("contact phone"), max_length=40, blank=True)
    beigetreten_am = models.DateField(_("joined on"), default=timezone.localdate)
    ausgetreten_am = models.DateField(_("left on"), null=True, blank=True)

    class Meta:
        verbose_name = _("network membership")
        verbose_name_plural = _("network memberships")
        ordering = ["traeger__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["traeger", "region"],
                condition=Q(ausgetreten_am__isnull=True),
                name="netzwerk_one_membership_in_force",
                violation_error_message=_("This provider is already a member of this network."),
            ),
            models.CheckConstraint(
                condition=Q(ausgetreten_am__isnull=True)
                | Q(ausgetreten_am__gte=F("beigetreten_am")),
                name="netzwerk_left_after_joined",
                violation_error_message=_("A provider cannot leave before it joined."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.traeger} ({self.region})"

    @property
    def bezirk_list(self) -> list[str]:
        return [b.strip() for b in self.bezirke.split(",") if b.strip()]


class Veranstaltung(models.Model):
    """A training, supervision group or cooperation meeting of the network."""

    class Art(models.TextChoices):
        SCHULUNG = "schulung", _("Training")
        SUPERVISION = "supervision", _("Supervision group")
        TREFFEN = "treffen", _("Cooperation meeting")

    class Zielgruppe(models.TextChoices):
        WEGBEGLEITUNG = "wegbegleitung", _("Our volunteers")
        FACHKRAEFTE = "fachkraefte", _("Partner staff")
        BEIDE = "beide", _("Volunteers and partner staff")

    region = models.ForeignKey(
        "wegbegleitung.Region",
        verbose_name=_("network (region)"),
        on_delete=models.PROTECT,
        related_name="netzwerk_veranstaltungen",
    )
    veranstalter = models.ForeignKey(
        "einrichtungen.Traeger",
        verbose_name=_("organised by provider"),
        null=True, blank=True,
        on_delete=models.PROTECT,
        related_name="netzwerk_veranstaltungen",
        help_text=_("Leave empty when our coordination organises the event."),
    )  # fmt: skip
    art = models.CharField(_("kind"), max_length=20, choices=Art.choices, default=Art.SCHULUNG)
    titel = models.CharField(_("title"), max_length=150)
    beschreibung = models.TextField(_("description"), blank=True, max_length=3000)
    beginn = models.DateTimeField(_("starts at"))
    ende = models.DateTimeField(_("ends at"))
    ort = models.CharField(_("place"), max_length=200, blank=True)
    link = models.URLField(_("online link"), blank=True)
    kapazitaet = models.PositiveIntegerField(_("places"))
    belegt = models.PositiveIntegerField(_("places taken"), default=0, editable=False)
    zielgruppe = models.CharField(
        _("open to"), max_length=20, choices=Zielgruppe.choices, default=Zielgruppe.BEIDE
    )
    zaehlt_als_schulung = models.BooleanField(
        _("counts as training hours"), default=False,
        help_text=_("Attendance of our volunteers counts towards their training hours."),
    )  # fmt: skip
    stunden = models.DecimalField(
        _("training hours"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    # the training session whose attendances carry the volunteers' hours (made on first record)
    schulungstermin = models.OneToOneField(
        "wegbegleitung.Schulungstermin",
        null=True, blank=True, editable=False,
        on_delete=models.SET_NULL,
        related_name="netzwerk_veranstaltung",
    )  # fmt: skip
    angelegt_von = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, editable=False,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    abgesagt_am = models.DateTimeField(_("called off at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("network event")
        verbose_name_plural = _("network events")
        ordering = ["beginn", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(belegt__lte=F("kapazitaet")),
                name="netzwerk_capacity_kept",
                violation_error_message=_("There cannot be fewer places than places taken."),
            ),
            models.CheckConstraint(
                condition=Q(kapazitaet__gte=1),
                name="netzwerk_capacity_min",
                violation_error_message=_("An event needs at least one place."),
            ),
            models.CheckConstraint(
                condition=Q(ende__gt=F("beginn")),
                name="netzwerk_ends_after",
                violation_error_message=_("The event must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(zaehlt_als_schulung=False) | Q(stunden__gt=0),
                name="netzwerk_training_has_hours",
                violation_error_message=_("A training that counts needs its hours."),
            ),
        ]
        indexes = [models.Index(fields=["region", "beginn"])]

    def __str__(self) -> str:
        return f"{self.titel} ({timezone.localtime(self.beginn):%d.%m.%Y})"

    @property
    def for_volunteers(self) -> bool:
        return self.zielgruppe != self.Zielgruppe.FACHKRAEFTE

    @property
    def for_staff(self) -> bool:
        return self.zielgruppe != self.Zielgruppe.WEGBEGLEITUNG

    @property
    def frei(self) -> int:
        return max(self.kapazitaet - self.belegt, 0)


class Anmeldung(models.Model):
    """One person's registration: a member provider's staff (``user``) or a volunteer."""

    class Status(models.TextChoices):
        ANGEMELDET = "angemeldet", _("Registered")
        WARTELISTE = "warteliste", _("Waiting list")
        ABGESAGT = "abgesagt", _("Cancelled")
        TEILGENOMMEN = "teilgenommen", _("Attended")
        NICHT_ERSCHIENEN = "nicht_erschienen", _("Absent")

    # statuses that hold one of the event's places
    PLATZ = (Status.ANGEMELDET, Status.TEILGENOMMEN, Status.NICHT_ERSCHIENEN)

    veranstaltung = models.ForeignKey(
        Veranstaltung, verbose_name=_("event"), on_delete=models.CASCADE,
        related_name="anmeldungen",
    )  # fmt: skip
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("staff member"), null=True, blank=True,
        on_delete=models.CASCADE, related_name="netzwerk_anmeldungen",
    )  # fmt: skip
    wegbegleiter = models.ForeignKey(
        "wegbegleitung.Wegbegleiter", verbose_name=_("volunteer"), null=True, blank=True,
        on_delete=models.CASCADE, related_name="netzwerk_anmeldungen",
    )  # fmt: skip
    # the provider the staff member registered for (empty for volunteers)
    traeger = models.ForeignKey(
        "einrichtungen.Traeger", verbose_name=_("provider"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    # the waiting list's order: the moment of the (last) registration
    angemeldet_am = models.DateTimeField(_("registered at"), default=timezone.now)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["angemeldet_am", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=True, wegbegleiter__isnull=False)
                | Q(user__isnull=False, wegbegleiter__isnull=True),
                name="netzwerk_anmeldung_one_person",
            ),
            models.UniqueConstraint(
                fields=["veranstaltung", "user"], name="netzwerk_anmeldung_once_staff"
            ),
            models.UniqueConstraint(
                fields=["veranstaltung", "wegbegleiter"], name="netzwerk_anmeldung_once_volunteer"
            ),
        ]
        indexes = [models.Index(fields=["veranstaltung", "status", "angemeldet_am"])]

    def __str__(self) -> str:
        return f"{self.person_name} – {self.veranstaltung}"

    @property
    def person_name(self) -> str:
        if self.wegbegleiter_id is not None:
            return str(self.wegbegleiter)
        return self.user.get_full_name() or self.user.email if self.user else ""

    @property
    def hat_platz(self) -> bool:
        return self.status in self.PLATZ


class Einspringanfrage(models.Model):
    """A member provider asks the network for help for a while (e.g. staff shortage)."""

    region = models.ForeignKey(
        "wegbegleitung.Region", verbose_name=_("network (region)"), on_delete=models.PROTECT,
        related_name="netzwerk_einspringanfragen",
    )  # fmt: skip
    traeger = models.ForeignKey(
        "einrichtungen.Traeger", verbose_name=_("provider"), on_delete=models.CASCADE,
        related_name="netzwerk_einspringanfragen",
    )  # fmt: skip
    bezirk = models.CharField(_("district"), max_length=120, blank=True)
    bedarf = models.TextField(_("what is needed"), max_length=2000)
    gueltig_bis = models.DateField(_("valid until"))
    erstellt_von = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("posted by"),
    )  # fmt: skip
    erstellt_am = models.DateTimeField(_("posted at"), default=timezone.now)

    class Meta:
        verbose_name = _("standing-in request")
        verbose_name_plural = _("standing-in requests")
        ordering = ["-erstellt_am", "-pk"]
        indexes = [models.Index(fields=["region", "gueltig_bis"])]

    def __str__(self) -> str:
        return f"{self.traeger}: {self.bedarf[:60]}"

    def is_open(self) -> bool:
        return self.gueltig_bis >= timezone.localdate()


class Einspringantwort(models.Model):
    """A member provider's answer to a standing-in request."""

    anfrage = models.ForeignKey(
        Einspringanfrage, verbose_name=_("standing-in request"), on_delete=models.CASCADE,
        related_name="antworten",
    )  # fmt: skip
    traeger = models.ForeignKey(
        "einrichtungen.Traeger", verbose_name=_("provider"), on_delete=models.CASCADE,
        related_name="+",
    )  # fmt: skip
    text = models.TextField(_("answer"), max_length=2000)
    erstellt_von = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("answered by"),
    )  # fmt: skip
    erstellt_am = models.DateTimeField(_("answered at"), default=timezone.now)

    class Meta:
        verbose_name = _("answer to a standing-in request")
        verbose_name_plural = _("answers to standing-in requests")
        ordering = ["erstellt_am", "pk"]

    def __str__(self) -> str:
        return f"{self.traeger}: {self.text[:60]}"
