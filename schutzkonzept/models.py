"""Safeguarding records (Schutzkonzept): what the law lets us keep, and nothing more.

Clearance is never stored: ``schutzkonzept.clearance`` derives it from these records.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wegbegleitung.models import AuditEvent, Country, Wegbegleiter
from wegbegleitung.validation import DOCUMENT_MAX, REPORT_MAX, PlausibleDate


class Zeugnisart(models.TextChoices):
    """The certificate type follows the region's country (DOMAIN.md)."""

    DE_EFZ = "de_efz", _("Extended criminal-record certificate (DE, § 30a BZRG)")
    AT_SRB = "at_srb_kjf", _("Criminal-record certificate for child and youth welfare (AT)")
    CH_SPA = "ch_spa", _("Special private extract (CH, Art. 371a StGB)")


ZEUGNISART_FOR_COUNTRY = {
    Country.DE: Zeugnisart.DE_EFZ,
    Country.AT: Zeugnisart.AT_SRB,
    Country.CH: Zeugnisart.CH_SPA,
}


class Fuehrungszeugnis(models.Model):
    """The inspection of a criminal-record certificate.

    § 72a(5) SGB VIII allows exactly this: that it was inspected (by whom, when), the date of
    issue and whether a relevant conviction is listed. There is deliberately no field for a copy,
    a scan, a note or any of its contents.
    """

    wegbegleiter = models.ForeignKey(
        Wegbegleiter,
        verbose_name=_("volunteer mentor"),
        on_delete=models.CASCADE,
        related_name="fuehrungszeugnisse",
    )
    art = models.CharField(_("certificate type"), max_length=16, choices=Zeugnisart.choices)
    inspected_on = models.DateField(_("inspected on"))
    inspected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("inspected by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    issued_on = models.DateField(_("date of issue"))
    relevant_conviction = models.BooleanField(_("relevant conviction listed"))
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        verbose_name = _("certificate inspection")
        verbose_name_plural = _("certificate inspections")
        ordering = ["-inspected_on", "-id"]
        indexes = [
            models.Index(fields=["wegbegleiter", "-inspected_on", "-id"]),
            models.Index(fields=["inspected_on", "id"], name="fuehrungszeugnis_list_idx"),
        ]
        default_permissions = ("add", "view")
        constraints = [
            models.CheckConstraint(
                condition=Q(issued_on__lte=F("inspected_on")),
                name="fuehrungszeugnis_issued_before_inspection",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_art_display()} ({self.inspected_on:%d.%m.%Y})"


class Verhaltenskodex(models.Model):
    """One version of the code of conduct. Published versions never change: people signed them."""

    version = models.PositiveIntegerField(_("version"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(
        _("text"),
        max_length=DOCUMENT_MAX,
        help_text=_("Paragraphs are separated by an empty line."),
        validators=[MaxLengthValidator(DOCUMENT_MAX)],
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        verbose_name = _("code of conduct")
        verbose_name_plural = _("code of conduct versions")
        ordering = ["-version"]
        default_permissions = ("add", "change", "view")

    def __str__(self) -> str:
        return _("%(title)s (version %(version)s)") % {"title": self.title, "version": self.version}

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.text.replace("\r\n", "\n").split("\n\n") if p.strip()]


class Unterzeichnung(models.Model):
    """A volunteer's signature of one code-of-conduct version, with a PDF of what was signed."""

    wegbegleiter = models.ForeignKey(
        Wegbegleiter,
        verbose_name=_("volunteer mentor"),
        on_delete=models.CASCADE,
        related_name="unterzeichnungen",
    )
    verhaltenskodex = models.ForeignKey(
        Verhaltenskodex,
        verbose_name=_("code of conduct"),
        on_delete=models.PROTECT,
        related_name="unterzeichnungen",
    )
    signed_at = models.DateTimeField(_("signed"), default=timezone.now)
    typed_name = models.CharField(_("name as typed"), max_length=200)
    pdf = models.CharField(_("PDF file"), max_length=200, blank=True, editable=False)

    class Meta:
        verbose_name = _("code of conduct signature")
        verbose_name_plural = _("code of conduct signatures")
        ordering = ["-signed_at", "-id"]
        default_permissions = ("view",)
        constraints = [
            models.UniqueConstraint(
                fields=["wegbegleiter", "verhaltenskodex"], name="unterzeichnung_once_per_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.typed_name}, {self.verhaltenskodex}"


class Schutzschulung(models.Model):
    """Attendance of the safeguarding training."""

    wegbegleiter = models.ForeignKey(
        Wegbegleiter,
        verbose_name=_("volunteer mentor"),
        on_delete=models.CASCADE,
        related_name="schutzschulungen",
    )
    attended_on = models.DateField(_("attended on"), validators=[PlausibleDate(past_years=10)])
    title = models.CharField(_("training"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        verbose_name = _("safeguarding training")
        verbose_name_plural = _("safeguarding trainings")
        ordering = ["-attended_on", "-id"]
        default_permissions = ("add", "view")

    def __str__(self) -> str:
        title = self.title or _("Safeguarding training")
        return f"{title} ({self.attended_on:%d.%m.%Y})"


class Antragsbestaetigung(models.Model):
    """The organisation's confirmation for the free certificate application (a PDF letter)."""

    wegbegleiter = models.ForeignKey(
        Wegbegleiter,
        verbose_name=_("volunteer mentor"),
        on_delete=models.CASCADE,
        related_name="antragsbestaetigungen",
    )
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    pdf = models.CharField(_("PDF file"), max_length=200, blank=True, editable=False)

    class Meta:
        verbose_name = _("confirmation letter")
        verbose_name_plural = _("confirmation letters")
        ordering = ["-created_at", "-id"]
        default_permissions = ("add", "view")

    def __str__(self) -> str:
        day = timezone.localtime(self.created_at)
        return _("Confirmation letter of %(date)s") % {"date": f"{day:%d.%m.%Y}"}


class FreigabeVerlust(models.Model):
    """Clearance lapsed while the volunteer was active: found, told, and resolved later."""

    wegbegleiter = models.ForeignKey(
        Wegbegleiter,
        verbose_name=_("volunteer mentor"),
        on_delete=models.CASCADE,
        related_name="freigabe_verluste",
    )
    detected_on = models.DateField(_("detected on"))
    notified_at = models.DateTimeField(_("notified"), null=True, blank=True)
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)

    class Meta:
        verbose_name = _("lapsed clearance")
        verbose_name_plural = _("lapsed clearances")
        ordering = ["-detected_on", "-id"]
        default_permissions = ("view",)
        constraints = [
            models.UniqueConstraint(
                fields=["wegbegleiter"],
                condition=Q(resolved_on__isnull=True),
                name="freigabeverlust_one_open_per_volunteer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.wegbegleiter_id}: {self.detected_on:%d.%m.%Y}"


class Freigabe(Wegbegleiter):
    """The coordinators' clearance overview of volunteers (a view on Wegbegleiter, no table)."""

    class Meta:
        proxy = True
        verbose_name = _("clearance")
        verbose_name_plural = _("clearance overview")
        default_permissions = ("view",)


class Meldung(models.Model):
    """A concern about a child's welfare (§ 8a SGB VIII). Only child-protection leads see it."""

    class Status(models.TextChoices):
        EINGEGANGEN = "eingegangen", _("Received")
        EINSCHAETZUNG = "einschaetzung", _("Risk assessment with the specialist")
        ENTSCHEIDUNG = "entscheidung", _("Decision and steps")
        ABGESCHLOSSEN = "abgeschlossen", _("Closed")

    class Kanal(models.TextChoices):
        WEGBEGLEITUNG = "wegbegleitung", _("Volunteer mentor")
        EINRICHTUNG = "einrichtung", _("Facility staff")
        KOORDINATION = "koordination", _("Coordination")
        JUGENDLICHE = "jugendliche", _("Young person (form without login)")

    received_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    kanal = models.CharField(_("reported by"), max_length=16, choices=Kanal.choices)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reporting person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    region = models.ForeignKey(
        "wegbegleitung.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    einrichtung = models.ForeignKey(
        "einrichtungen.Einrichtung",
        verbose_name=_("facility"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    description = models.TextField(
        _("what happened"), max_length=REPORT_MAX, validators=[MaxLengthValidator(REPORT_MAX)]
    )
    concerns_whom = models.CharField(_("whom it concerns"), max_length=200, blank=True)
    contact = models.CharField(_("how to reach the reporting person"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.EINGEGANGEN
    )
    status_since = models.DateTimeField(_("in this status since"), default=timezone.now)
    specialist = models.CharField(
        _("experienced child-protection specialist"), max_length=200, blank=True
    )

    class Meta:
        verbose_name = _("concern")
        verbose_name_plural = _("concerns")
        ordering = ["-received_at", "-id"]
        default_permissions = ("view", "change")
        indexes = [models.Index(fields=["status", "-received_at"])]

    def __str__(self) -> str:
        return _("Concern #%(pk)s (%(date)s)") % {
            "pk": self.pk,
            "date": f"{timezone.localtime(self.received_at):%d.%m.%Y}",
        }


class MeldungSchritt(models.Model):
    """One documented step of a concern's procedure: what, when, by whom."""

    class Art(models.TextChoices):
        EINGANG = "eingang", _("Received")
        EINSCHAETZUNG_BEGONNEN = "einschaetzung", _("Risk assessment started with the specialist")
        EINGESCHAETZT = "eingeschaetzt", _("Risk assessed")
        EINRICHTUNG_INFORMIERT = "einrichtung", _("Facility informed")
        JUGENDAMT_INFORMIERT = "jugendamt", _("Youth office informed")
        BEGLEITUNG_AUSGESETZT = "ausgesetzt", _("Match suspended")
        NOTIZ = "notiz", _("Note")
        ABGESCHLOSSEN = "abgeschlossen", _("Closed")

    meldung = models.ForeignKey(
        Meldung, verbose_name=_("concern"), on_delete=models.CASCADE, related_name="schritte"
    )
    art = models.CharField(_("step"), max_length=16, choices=Art.choices)
    at = models.DateTimeField(_("time"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    by_label = models.CharField(_("person"), max_length=254, blank=True)
    note = models.TextField(
        _("note"), max_length=REPORT_MAX, blank=True, validators=[MaxLengthValidator(REPORT_MAX)]
    )

    class Meta:
        verbose_name = _("concern step")
        verbose_name_plural = _("concern steps")
        ordering = ["at", "id"]
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.get_art_display()} ({self.at:%d.%m.%Y %H:%M})"


MELDUNG_ACCESS_REFUSED = "meldung.access_refused"


class VerweigerterZugriffManager(models.Manager["VerweigerterZugriff"]):
    def get_queryset(self) -> models.QuerySet[VerweigerterZugriff]:
        return super().get_queryset().filter(action=MELDUNG_ACCESS_REFUSED)


class VerweigerterZugriff(AuditEvent):
    """Refused attempts to open a concern: the audit events the child-protection leads review
    (written by ``services.concern_access``; the trail itself stays append-only)."""

    objects = VerweigerterZugriffManager()  # type: ignore[misc]

    class Meta:
        proxy = True
        verbose_name = _("refused attempt to open a concern")
        verbose_name_plural = _("refused attempts to open concerns")
        default_permissions = ()
