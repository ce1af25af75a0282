from __future__ import annotations

from django.contrib.auth.models import Group
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from wegbegleitung.validation import PlausibleDate


class Traeger(models.Model):
    """The provider (freier oder öffentlicher Träger) that runs one or more facilities."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    anschrift = models.CharField(_("address"), max_length=300, blank=True)
    ansprechperson = models.CharField(_("contact person"), max_length=200, blank=True)
    email = models.EmailField(_("email address"), blank=True)
    telefon = models.CharField(_("phone"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("provider")
        verbose_name_plural = _("providers")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Einrichtung(models.Model):
    """A cooperating residential youth-welfare facility.

    Its staff are the members of ``staff_group``; that group holds the object permissions on the
    facility (django-guardian, direct foreign keys below), so access follows group membership.
    A facility's leads additionally hold ``invite_staff`` on it as a user object permission.
    """

    class Art(models.TextChoices):
        WOHNGRUPPE = "wohngruppe", _("Residential group")
        HEIM = "heim", _("Children's home")
        ERZIEHUNGSSTELLE = "erziehungsstelle", _("Professional foster family (one household)")
        INOBHUTNAHME = "inobhutnahme", _("Emergency placement")
        SONSTIGE = "sonstige", _("Other")
        # organisations that refer families (early help), not residential facilities
        FRUEHE_HILFEN = "fruehe_hilfen", _("Early-help network coordination (youth office)")
        FAMILIENHEBAMME = "familienhebamme", _("Family midwife service")
        BERATUNGSSTELLE = "beratungsstelle", _("Counselling service")

    class Kooperation(models.TextChoices):
        KEINE = "keine", _("None yet")
        IN_VORBEREITUNG = "in_vorbereitung", _("Being prepared")
        AKTIV = "aktiv", _("In force")
        BEENDET = "beendet", _("Ended")

    name = models.CharField(_("name"), max_length=200)
    region = models.ForeignKey(
        "wegbegleitung.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="einrichtungen",
    )
    staff_group = models.OneToOneField(
        Group, on_delete=models.PROTECT, related_name="einrichtung", editable=False
    )
    traeger = models.ForeignKey(
        Traeger,
        verbose_name=_("provider"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="einrichtungen",
    )
    art = models.CharField(_("type"), max_length=20, choices=Art.choices, default=Art.WOHNGRUPPE)
    strasse = models.CharField(_("street and number"), max_length=200, blank=True)
    postleitzahl = models.CharField(_("postal code"), max_length=5, blank=True)
    ort = models.CharField(_("town"), max_length=120, blank=True)
    ansprechperson = models.CharField(_("contact person"), max_length=200, blank=True)
    ansprechperson_email = models.EmailField(_("contact email"), blank=True)
    ansprechperson_telefon = models.CharField(_("contact phone"), max_length=40, blank=True)
    kooperation_status = models.CharField(
        _("cooperation agreement"),
        max_length=20,
        choices=Kooperation.choices,
        default=Kooperation.KEINE,
    )
    kooperation_seit = models.DateField(
        _("agreement signed on"),
        null=True,
        blank=True,
        validators=[PlausibleDate(past_years=50)],
    )

    class Meta:
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")
        ordering = ["name"]
        permissions = [
            ("work_in_einrichtung", _("Work with the young people of the facility")),
            ("invite_staff", _("Invite staff to the facility (facility lead)")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(postleitzahl="") | Q(postleitzahl__regex=r"^[0-9]{4,5}$"),
                name="einrichtung_postleitzahl_digits",
                violation_error_message=_("Enter a postal code of 4 or 5 digits."),
            ),
            models.CheckConstraint(
                condition=~Q(kooperation_status="aktiv") | Q(kooperation_seit__isnull=False),
                name="einrichtung_active_agreement_has_date",
                violation_error_message=_("An agreement in force needs the date it was signed."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def refers_families(self) -> bool:
        """An early-help organisation: it records families, never young people in care."""
        return self.art in REFERRING_ARTEN

    @property
    def is_household(self) -> bool:
        """An Erziehungsstelle: one household, the foster parents are its staff."""
        return self.art == self.Art.ERZIEHUNGSSTELLE


REFERRING_ARTEN = frozenset(
    {
        Einrichtung.Art.FRUEHE_HILFEN,
        Einrichtung.Art.FAMILIENHEBAMME,
        Einrichtung.Art.BERATUNGSSTELLE,
    }
)


class EinrichtungUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Einrichtung, on_delete=models.CASCADE)


class EinrichtungGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Einrichtung, on_delete=models.CASCADE)
