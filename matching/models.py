"""The match (Begleitung) and its records: introduction, agreement, diary, support contacts, closure.

DOMAIN.md "The match": a match moves only through ``matching.services.lifecycle``. The database
keeps the invariants that must hold whatever the code does: one open match per young person, and
per volunteer one open match per capacity slot (``slot`` is unique among the volunteer's open
matches; the service hands out slots 1..capacity while holding a lock on the volunteer row).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from einrichtungen.models import Anfrage
from matching.schedule import in_care_leaver_phase
from programme.models import standard_programm_id
from wegbegleitung.validation import NOTE_MAX


class Gewichtung(models.Model):
    """Weights of the suggestion score: one row per region and programme; a row without a
    programme holds for the region's other programmes, a row without a region for every region
    without weights of its own (``matching.profiles.weights_for``)."""

    region = models.ForeignKey(
        "wegbegleitung.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="gewichtungen",
        help_text=_("Empty: the default for every region without weights of its own."),
    )
    programm = models.ForeignKey(
        "programme.Programm",
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="gewichtungen",
        help_text=_("Empty: for every programme without weights of its own."),
    )
    distance = models.FloatField(_("weight of the distance"), default=3.0)
    interests = models.FloatField(_("weight of shared interests"), default=2.0)
    languages = models.FloatField(_("weight of shared languages"), default=1.0)
    availability = models.FloatField(_("weight of common times"), default=2.0)
    default_max_km = models.PositiveSmallIntegerField(
        _("maximum distance (km)"),
        default=25,
        help_text=_("Used when the volunteer stated no maximum travel distance."),
    )

    class Meta:
        verbose_name = _("score weights")
        verbose_name_plural = _("score weights")
        constraints = [
            # one default row too: NULL would be distinct, 0 is no region's or programme's id
            models.UniqueConstraint(
                Coalesce("region", Value(0)),
                Coalesce("programm", Value(0)),
                name="gewichtung_one_per_region_programme",
                violation_error_message=_(
                    "There are already weights for this region and programme."
                ),
            ),
            models.CheckConstraint(
                condition=Q(
                    distance__gte=0, interests__gte=0, languages__gte=0, availability__gte=0
                ),
                name="gewichtung_not_negative",
                violation_error_message=_("Weights cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        where = str(self.region) if self.region_id else str(_("Default"))
        return f"{where} – {self.programm}" if self.programm_id else where


class Kapazitaet(models.Model):
    """A coordinator allows a volunteer more than one open match at a time."""

    wegbegleiter = models.OneToOneField(
        "wegbegleitung.Wegbegleiter",
        verbose_name=_("volunteer mentor"),
        on_delete=models.CASCADE,
        related_name="kapazitaet",
    )
    max_begleitungen = models.PositiveSmallIntegerField(_("matches at the same time"), default=1)
    grund = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("capacity")
        verbose_name_plural = _("capacities")
        constraints = [
            models.CheckConstraint(
                condition=Q(max_begleitungen__gte=1, max_begleitungen__lte=5),
                name="kapazitaet_between_1_and_5",
                violation_error_message=_("Between 1 and 5 matches at the same time."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.wegbegleiter}: {self.max_begleitungen}"


class Wunsch(models.Model):
    """What matching needs of the young person beyond the facility's record."""

    class Geschlecht(models.TextChoices):
        EGAL = "", _("No preference")
        W = "w", _("A woman")
        M = "m", _("A man")
        D = "d", _("Diverse")

    jugendliche = models.OneToOneField(
        "einrichtungen.Jugendliche",
        verbose_name=_("young person"),
        on_delete=models.CASCADE,
        related_name="matching_wunsch",
    )
    mentor_geschlecht = models.CharField(
        _("wished gender of the mentor"),
        max_length=1,
        choices=Geschlecht.choices,
        blank=True,
        default="",
    )
    zeiten = models.JSONField(
        _("times that suit"),
        default=list,
        blank=True,
        help_text=_("Slots such as mo-nachmittag or sa-vormittag."),
    )

    class Meta:
        verbose_name = _("matching wish")
        verbose_name_plural = _("matching wishes")

    def __str__(self) -> str:
        return str(self.jugendliche)


class Begleitung(models.Model):
    """One match of a volunteer and a young person, from proposal to closure."""

    class Status(models.TextChoices):
        VORGESCHLAGEN = "vorgeschlagen", _("Proposed")
        KENNENLERNEN = "kennenlernen", _("Introduction meeting")
        VEREINBARUNG = "vereinbarung", _("Agreement")
        AKTIV = "aktiv", _("Active")
        CARE_LEAVER = "care_leaver", _("Care-leaver phase")
        PAUSIERT = "pausiert", _("Paused")
        # The mentor asked to leave while the match ran: it still runs until the coordinator
        # closes it with a planned farewell (matching.services.lifecycle, "request_end").
        ENDE_ANGEFRAGT = "ende_angefragt", _("Ending requested")
        ABGELEHNT = "abgelehnt", _("Declined")
        BEENDET = "beendet", _("Closed")

    # Every state in which the match occupies the young person and a slot of the volunteer.
    OPEN_STATES = (
        "vorgeschlagen",
        "kennenlernen",
        "vereinbarung",
        "aktiv",
        "care_leaver",
        "pausiert",
        "ende_angefragt",
    )
    RUNNING_STATES = ("aktiv", "care_leaver", "pausiert", "ende_angefragt")

    wegbegleiter = models.ForeignKey(
        "wegbegleitung.Wegbegleiter",
        verbose_name=_("volunteer mentor"),
        on_delete=models.PROTECT,
        related_name="begleitungen",
    )
    jugendliche = models.ForeignKey(
        "einrichtungen.Jugendliche",
        verbose_name=_("young person"),
        on_delete=models.PROTECT,
        related_name="begleitungen",
    )
    anfrage = models.ForeignKey(
        "einrichtungen.Anfrage",
        verbose_name=_("request"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="begleitungen",
    )
    # the request's programme; its rules (contact rhythm, reviews, …) govern the match
    programm = models.ForeignKey(
        "programme.Programm",
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        default=standard_programm_id,
        related_name="begleitungen",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.VORGESCHLAGEN
    )
    status_since = models.DateTimeField(_("in this status since"), default=timezone.now)
    status_reason = models.TextField(
        _("reason of the last step"),
        max_length=NOTE_MAX,
        blank=True,
        validators=[MaxLengthValidator(NOTE_MAX)],
    )
    resume_status = models.CharField(max_length=20, blank=True, editable=False)
    # where the match stood when the mentor asked to end it ("ende_angefragt")
    ending_from = models.CharField(
        _("status before the ending was requested"),
        max_length=20,
        choices=Status.choices,
        blank=True,
        editable=False,
    )
    slot = models.PositiveSmallIntegerField(_("capacity slot"), default=1, editable=False)
    score = models.FloatField(_("score at the proposal"), null=True, blank=True)
    score_parts = models.JSONField(_("score explained"), default=list, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("proposed at"), default=timezone.now)
    started_on = models.DateField(_("active since"), null=True, blank=True)
    care_leaver_since = models.DateField(_("care-leaver phase since"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)

    class Meta:
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        ordering = ["-proposed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["jugendliche"],
                condition=Q(
                    status__in=[
                        "vorgeschlagen",
                        "kennenlernen",
                        "vereinbarung",
                        "aktiv",
                        "care_leaver",
                        "pausiert",
                        "ende_angefragt",
                    ]
                ),
                name="begleitung_one_open_per_jugendliche",
                violation_error_message=_("The young person already has a match."),
            ),
            models.UniqueConstraint(
                fields=["wegbegleiter", "slot"],
                condition=Q(
                    status__in=[
                        "vorgeschlagen",
                        "kennenlernen",
                        "vereinbarung",
                        "aktiv",
                        "care_leaver",
                        "pausiert",
                        "ende_angefragt",
                    ]
                ),
                name="begleitung_one_open_per_wegbegleiter_slot",
                violation_error_message=_("The volunteer has no free capacity."),
            ),
            models.CheckConstraint(condition=Q(slot__gte=1), name="begleitung_slot_positive"),
            models.CheckConstraint(
                condition=~Q(status__in=["aktiv", "care_leaver", "ende_angefragt"])
                | Q(started_on__isnull=False),
                name="begleitung_running_has_start",
            ),
        ]
        indexes = [
            models.Index(fields=["status"]),
            # the admin list in its order: a page is read from the index, not all matches sorted
            models.Index(fields=["-proposed_at", "-id"], name="begleitung_list_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.wegbegleiter} – {self.jugendliche}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATES

    @property
    def in_care_leaver_phase(self) -> bool:
        """After the move-out the facility is no longer a party (§§ 41, 41a SGB VIII); a paused
        or ending care-leaver match stays in that phase."""
        return in_care_leaver_phase(status=self.status, care_leaver_since=self.care_leaver_since)


class Zusage(models.TextChoices):
    OFFEN = "", _("Not said yet")
    JA = "ja", _("Yes")
    NEIN = "nein", _("No")


class Kennenlernen(models.Model):
    """The introduction meeting of mentor, young person and staff; each side says yes or no."""

    begleitung = models.ForeignKey(
        Begleitung,
        verbose_name=_("match"),
        on_delete=models.CASCADE,
        related_name="kennenlernen",
    )
    datum = models.DateField(_("date"))
    teilnehmende = models.TextField(
        _("who was there"), max_length=NOTE_MAX, validators=[MaxLengthValidator(NOTE_MAX)]
    )
    zusage_wegbegleiter = models.CharField(
        _("the mentor says"), max_length=4, choices=Zusage.choices, blank=True
    )
    zusage_jugendliche = models.CharField(
        _("the young person says"), max_length=4, choices=Zusage.choices, blank=True
    )
    notiz = models.TextField(
        _("note"), max_length=NOTE_MAX, blank=True, validators=[MaxLengthValidator(NOTE_MAX)]
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        verbose_name = _("introduction meeting")
        verbose_name_plural = _("introduction meetings")
        ordering = ["-datum", "-id"]

    def __str__(self) -> str:
        return f"{self.begleitung} {self.datum:%d.%m.%Y}"


class Vereinbarung(models.Model):
    """The written agreement; confirmed by every party where they work."""

    class Haeufigkeit(models.TextChoices):
        WOECHENTLICH = "woechentlich", _("every week")
        ZWEIWOECHENTLICH = "zweiwoechentlich", _("every two weeks")

    begleitung = models.OneToOneField(
        Begleitung,
        verbose_name=_("match"),
        on_delete=models.CASCADE,
        related_name="vereinbarung",
    )
    haeufigkeit = models.CharField(
        _("meeting frequency"),
        max_length=20,
        choices=Haeufigkeit.choices,
        default=Haeufigkeit.WOECHENTLICH,
    )
    dauer_stunden = models.DecimalField(
        _("hours per meeting"), max_digits=3, decimal_places=1, default=2
    )
    laufzeit_monate = models.PositiveSmallIntegerField(
        _("agreed for (months)"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(120)],  # ten years: "for years"
    )
    rollen = models.TextField(
        _("roles"), max_length=NOTE_MAX, validators=[MaxLengthValidator(NOTE_MAX)]
    )
    regeln = models.TextField(
        _("safeguarding rules"), max_length=NOTE_MAX, validators=[MaxLengthValidator(NOTE_MAX)]
    )
    kontakt = models.TextField(
        _("contact with the association"),
        max_length=NOTE_MAX,
        validators=[MaxLengthValidator(NOTE_MAX)],
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("written"), default=timezone.now)
    pdf = models.CharField(max_length=200, blank=True, editable=False)
    pdf_confirmations = models.PositiveSmallIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [
            models.CheckConstraint(
                condition=Q(dauer_stunden__gt=0, laufzeit_monate__gte=1),
                name="vereinbarung_positive_numbers",
            )
        ]

    def __str__(self) -> str:
        return str(self.begleitung)


class Partei(models.TextChoices):
    WEGBEGLEITER = "wegbegleiter", _("Mentor")
    JUGENDLICHE = "jugendliche", _("Young person or custody holder")
    EINRICHTUNG = "einrichtung", _("Facility")
    KOORDINATION = "koordination", _("Coordination")


class Bestaetigung(models.Model):
    """One party confirmed the agreement: who, for which party, when."""

    vereinbarung = models.ForeignKey(
        Vereinbarung,
        verbose_name=_("agreement"),
        on_delete=models.CASCADE,
        related_name="bestaetigungen",
    )
    partei = models.CharField(_("party"), max_length=20, choices=Partei.choices)
    name = models.CharField(_("confirmed by"), max_length=200)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("confirmed at"), default=timezone.now)

    class Meta:
        verbose_name = _("confirmation")
        verbose_name_plural = _("confirmations")
        ordering = ["at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["vereinbarung", "partei"],
                name="bestaetigung_one_per_party",
                violation_error_message=_("This party has already confirmed."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_partei_display()}: {self.name}"


class Treffen(models.Model):
    """A diary entry of the mentor: one meeting."""

    class Art(models.TextChoices):
        PERSOENLICH = "persoenlich", _("In person")
        TELEFON = "telefon", _("Phone")
        VIDEO = "video", _("Video")

    class Stimmung(models.TextChoices):
        GUT = "gut", _("Good")
        MITTEL = "mittel", _("So-so")
        SCHWIERIG = "schwierig", _("Difficult")

    begleitung = models.ForeignKey(
        Begleitung, verbose_name=_("match"), on_delete=models.CASCADE, related_name="treffen"
    )
    datum = models.DateField(_("date"))
    dauer_minuten = models.PositiveSmallIntegerField(_("duration (minutes)"))
    art = models.CharField(_("kind"), max_length=20, choices=Art.choices, default=Art.PERSOENLICH)
    aktivitaet = models.CharField(_("what we did"), max_length=300)
    stimmung = models.CharField(_("mood"), max_length=20, choices=Stimmung.choices)
    notiz = models.TextField(
        _("note to the coordinator"),
        max_length=NOTE_MAX,
        blank=True,
        validators=[MaxLengthValidator(NOTE_MAX)],
    )
    sorge = models.BooleanField(_("something worried me"), default=False)
    meldung = models.ForeignKey(
        "schutzkonzept.Meldung",
        verbose_name=_("concern report"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("written"), default=timezone.now)
    updated_at = models.DateTimeField(_("last corrected"), null=True, blank=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-datum", "-id"]
        # the last entry of a match, read per match by the lists (matching.lists); the minutes
        # and the kind ride along, so the reports sum a region's year from the index alone
        indexes = [
            models.Index(
                fields=["begleitung", "datum", "dauer_minuten", "art"],
                name="treffen_begl_datum_dauer",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(dauer_minuten__gte=1, dauer_minuten__lte=1440),
                name="treffen_duration_plausible",
                violation_error_message=_("Enter a duration between 1 and 1440 minutes."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.begleitung} {self.datum:%d.%m.%Y}"


class Unterstuetzungskontakt(models.Model):
    """A coordinator's check-in with one side of the match, with the standard question set."""

    class Mit(models.TextChoices):
        WEGBEGLEITER = "wegbegleiter", _("Mentor")
        JUGENDLICHE = "jugendliche", _("Young person")
        EINRICHTUNG = "einrichtung", _("Facility")

    class Kanal(models.TextChoices):
        PERSOENLICH = "persoenlich", _("In person")
        TELEFON = "telefon", _("Phone")
        VIDEO = "video", _("Video")
        NACHRICHT = "nachricht", _("Message or email")

    begleitung = models.ForeignKey(
        Begleitung,
        verbose_name=_("match"),
        on_delete=models.CASCADE,
        related_name="kontakte",
    )
    mit = models.CharField(_("with"), max_length=20, choices=Mit.choices)
    datum = models.DateField(_("date"))
    dauer_minuten = models.PositiveSmallIntegerField(
        _("length (minutes)"), validators=[MinValueValidator(1), MaxValueValidator(1440)]
    )
    kanal = models.CharField(_("channel"), max_length=20, choices=Kanal.choices)
    aktivitaeten = models.TextField(
        _("Activities: what have you done together?"),
        max_length=NOTE_MAX,
        validators=[MaxLengthValidator(NOTE_MAX)],
    )
    beziehung = models.TextField(
        _("Relationship: how is the relationship going?"),
        max_length=NOTE_MAX,
        validators=[MaxLengthValidator(NOTE_MAX)],
    )
    kinderschutz = models.TextField(
        _("Child safety: has anything felt unsafe or worrying?"),
        max_length=NOTE_MAX,
        validators=[MaxLengthValidator(NOTE_MAX)],
    )
    wirkung = models.TextField(
        _("Impact: what has changed for the young person?"),
        max_length=NOTE_MAX,
        validators=[MaxLengthValidator(NOTE_MAX)],
    )
    ist_review = models.BooleanField(
        _("review"), default=False, help_text=_("After 3 months, then every year.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("support contact")
        verbose_name_plural = _("support contacts")
        ordering = ["-datum", "-id"]
        # the last contact and the last review of a match, read per match by the lists; whether
        # a contact was a review rides along for the reports' on-time figures
        indexes = [
            models.Index(
                fields=["begleitung", "datum", "ist_review"],
                name="kontakt_begl_datum_review",
            ),
            models.Index(
                fields=["begleitung", "datum"],
                condition=Q(ist_review=True),
                name="kontakt_review_datum",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.begleitung} {self.datum:%d.%m.%Y}"


class Abschluss(models.Model):
    """How a match ended."""

    class Art(models.TextChoices):
        GEPLANT = "geplant", _("Planned")
        UNGEPLANT = "ungeplant", _("Unplanned")

    class Grund(models.TextChoices):
        ZIEL_ERREICHT = "ziel_erreicht", _("Goals reached / agreed time over")
        UMZUG = "umzug", _("Move of one side")
        ZEIT_WB = "zeit_wegbegleiter", _("Mentor lacks time")
        WUNSCH_JUGENDLICHE = "wunsch_jugendliche", _("Wish of the young person")
        BEZIEHUNG = "beziehung", _("The relationship did not work")
        EINRICHTUNG = "einrichtung", _("Decision of the facility or youth office")
        KINDERSCHUTZ = "kinderschutz", _("Safeguarding")
        SONSTIGES = "sonstiges", _("Other")

    class Kontakt(models.TextChoices):
        KEIN = "kein", _("No further contact")
        UEBER_VEREIN = "ueber_verein", _("Contact only through the association")
        PRIVAT = "privat", _("Private contact allowed (young adult agrees)")

    class Danach(models.TextChoices):
        VERFUEGBAR = "verfuegbar", _("Available for a new match")
        PAUSIEREN = "pausieren", _("Pause")
        AUSSCHEIDEN = "ausscheiden", _("Leave the programme")

    begleitung = models.OneToOneField(
        Begleitung, verbose_name=_("match"), on_delete=models.CASCADE, related_name="abschluss"
    )
    art = models.CharField(_("ending"), max_length=20, choices=Art.choices)
    grund = models.CharField(_("reason"), max_length=30, choices=Grund.choices)
    gespraech_wegbegleiter = models.TextField(
        _("exit conversation with the mentor"),
        max_length=NOTE_MAX,
        blank=True,
        validators=[MaxLengthValidator(NOTE_MAX)],
    )
    gespraech_jugendliche = models.TextField(
        _("exit conversation with the young person"),
        max_length=NOTE_MAX,
        blank=True,
        validators=[MaxLengthValidator(NOTE_MAX)],
    )
    gespraech_einrichtung = models.TextField(
        _("exit conversation with the facility"),
        max_length=NOTE_MAX,
        blank=True,
        validators=[MaxLengthValidator(NOTE_MAX)],
    )
    kontakt_danach = models.CharField(
        _("contact after the closure"), max_length=20, choices=Kontakt.choices
    )
    neue_anfrage = models.BooleanField(_("the young person wishes a new mentor"), default=False)
    wegbegleiter_danach = models.CharField(
        _("the mentor afterwards"), max_length=20, choices=Danach.choices
    )
    beendet_am = models.DateField(_("ended on"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("closure")
        verbose_name_plural = _("closures")

    def __str__(self) -> str:
        return str(self.begleitung)


class Aussetzung(models.Model):
    """A match suspended by the concern step "match suspended" (§ 8a SGB VIII).

    A record of its own rather than another ``Begleitung.Status``: the match keeps its state
    (active, paused, care-leaver phase …) and resumes exactly there once a child-protection lead
    lifts the suspension. While one is open (``aufgehoben_am`` empty) no meeting is logged and
    the portal tells the mentor that contact is paused. At most one is open per match.
    """

    begleitung = models.ForeignKey(
        Begleitung, verbose_name=_("match"), on_delete=models.CASCADE, related_name="aussetzungen"
    )
    meldung = models.ForeignKey(
        "schutzkonzept.Meldung",
        verbose_name=_("concern"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    seit = models.DateTimeField(_("suspended since"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("suspended by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    aufgehoben_am = models.DateTimeField(_("lifted at"), null=True, blank=True)
    aufgehoben_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lifted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    aufhebung_notiz = models.TextField(_("why it is lifted"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("suspension")
        verbose_name_plural = _("suspensions")
        ordering = ["-seit", "-id"]
        default_permissions = ("view",)
        constraints = [
            models.UniqueConstraint(
                fields=["begleitung"],
                condition=Q(aufgehoben_am__isnull=True),
                name="aussetzung_one_open_per_begleitung",
            )
        ]

    def __str__(self) -> str:
        return _("Suspension of %(match)s") % {"match": self.begleitung}

    @property
    def is_open(self) -> bool:
        return self.aufgehoben_am is None


class VorschlagVerworfen(models.Model):
    """A pair of the region proposal a coordinator rejected; the optimum leaves it out."""

    anfrage = models.ForeignKey("einrichtungen.Anfrage", on_delete=models.CASCADE, related_name="+")
    wegbegleiter = models.ForeignKey(
        "wegbegleitung.Wegbegleiter", on_delete=models.CASCADE, related_name="+"
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("rejected proposal")
        verbose_name_plural = _("rejected proposals")
        constraints = [
            models.UniqueConstraint(
                fields=["anfrage", "wegbegleiter"], name="vorschlagverworfen_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.anfrage_id}/{self.wegbegleiter_id}"


class Vermittlung(Anfrage):
    """A request for a mentor as the coordination works on it: ranked suggestions (admin)."""

    class Meta:
        proxy = True
        verbose_name = _("request: suggestions")
        verbose_name_plural = _("requests: suggestions")
