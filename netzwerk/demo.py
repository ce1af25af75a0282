"""Demo data of the cooperation network (idempotent): in Rhein-Main the provider of the demo's
facilities (Jugendhilfe Rhein-Main gGmbH) and a second provider with its own facility are
members; the second one organises a training open to partner staff and our volunteers, for which
Elif Yilmaz (staff, Lindenhof) and the demo mentor are registered; Elif has asked the network to
stand in for two night shifts, and as the Lindenhof's lead she organises a case-consultation
group of her own provider. Everything goes through the services the users use."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from einrichtungen.models import Einrichtung, Traeger
from einrichtungen.services import einrichtung_create, einrichtung_update
from netzwerk import permissions
from netzwerk.models import Einspringanfrage, Mitgliedschaft, Veranstaltung
from netzwerk.services.netz import einspringanfrage_create, mitgliedschaft_save
from netzwerk.services.veranstalter import veranstaltung_provider_save
from netzwerk.services.veranstaltungen import anmeldung_register, veranstaltung_save
from wegbegleitung.demo import DOMAIN
from wegbegleitung.models import Region, User

OWN = "Jugendhilfe Rhein-Main gGmbH"
PARTNER, PARTNER_HOME = "Evangelische Jugendhilfe Main-Taunus e.V.", "Jugendwohnen Mainufer"
TRAINING = "Traumapädagogik im Alltag"
OWN_EVENT = "Kollegiale Fallberatung Wohngruppen"


def load(*, out: Callable[[str], None]) -> None:
    region = Region.objects.filter(name="Rhein-Main").first()
    katrin = User.objects.filter(email=f"koordination@{DOMAIN}").first()
    elif_ = User.objects.filter(email=f"einrichtung@{DOMAIN}").first()
    own = Traeger.objects.filter(name=OWN).first()
    if None in (region, katrin, elif_, own):
        return
    assert region is not None and katrin is not None and elif_ is not None and own is not None
    if Veranstaltung.objects.filter(titel=TRAINING).exists():
        return
    with transaction.atomic():
        partner = _partner(region)
        _join(katrin, own, region, "Innenstadt, Bornheim, Nordend",
              "Wohngruppen und Kinderhaus; Erziehungsberatung")  # fmt: skip
        _join(katrin, partner, region, "Höchst, Sindlingen",
              "Jugendwohnen, ambulante Hilfen, Krisenintervention")  # fmt: skip
        _events(katrin, elif_, partner, region)
        _own_event(elif_, own, region)
        _request(elif_, own, region)
    out(f"Network: {OWN} and {PARTNER} are members in Rhein-Main; the training “{TRAINING}”")
    out(f"  with Elif Yilmaz (einrichtung@{DOMAIN}) registered; a standing-in request of hers.")
    out("  staff area: Kooperationsnetzwerk; portal: Netzwerkveranstaltungen; admin: Netzwerk.")
    out(f"  Elif leads the Lindenhof, so she organises “{OWN_EVENT}” for {OWN} herself")
    out("  (Kooperationsnetzwerk → Veranstaltungen organisieren).")


def _partner(region: Region) -> Traeger:
    partner, _created = Traeger.objects.get_or_create(
        name=PARTNER, defaults={"ansprechperson": "Jonas Becker", "email": f"kontakt@{DOMAIN}"}
    )
    home = Einrichtung.objects.filter(name=PARTNER_HOME, region=region).first()
    if home is None:
        home = einrichtung_create(acting_user=None, name=PARTNER_HOME, region=region)
    if home.traeger_id != partner.pk:
        einrichtung_update(acting_user=None, einrichtung=home, traeger=partner)
    return partner


def _join(katrin: User, traeger: Traeger, region: Region, bezirke: str, angebote: str) -> None:
    if Mitgliedschaft.objects.filter(traeger=traeger, region=region).exists():
        return
    mitgliedschaft_save(acting_user=katrin, mitgliedschaft=Mitgliedschaft(
        traeger=traeger, region=region, bezirke=bezirke, angebote=angebote,
        ansprechperson=traeger.ansprechperson, email=traeger.email,
        beigetreten_am=timezone.localdate() - timedelta(days=200),
    ))  # fmt: skip


def _events(katrin: User, elif_: User, partner: Traeger, region: Region) -> None:
    start = timezone.localtime().replace(hour=17, minute=0, second=0, microsecond=0)
    training = veranstaltung_save(acting_user=katrin, veranstaltung=Veranstaltung(
        region=region, veranstalter=partner, art=Veranstaltung.Art.SCHULUNG, titel=TRAINING,
        beschreibung="Was hinter herausforderndem Verhalten stecken kann, und was im Alltag hilft.",
        beginn=start + timedelta(days=9), ende=start + timedelta(days=9, hours=3),
        ort="Gemeindezentrum Höchst, Saal 1", kapazitaet=16,
        zielgruppe=Veranstaltung.Zielgruppe.BEIDE, zaehlt_als_schulung=True, stunden=Decimal(3),
    ))  # fmt: skip
    anmeldung_register(acting_user=elif_, veranstaltung=training)
    mentor = User.objects.filter(email=f"begleiter@{DOMAIN}").first()
    if mentor is not None:
        anmeldung_register(acting_user=mentor, veranstaltung=training)
    veranstaltung_save(acting_user=katrin, veranstaltung=Veranstaltung(
        region=region, art=Veranstaltung.Art.TREFFEN, titel="Kooperationstreffen Frühjahr",
        beginn=start + timedelta(days=30), ende=start + timedelta(days=30, hours=2),
        link="https://meet.example.org/netzwerk", kapazitaet=30,
        zielgruppe=Veranstaltung.Zielgruppe.FACHKRAEFTE,
    ))  # fmt: skip


def _own_event(elif_: User, own: Traeger, region: Region) -> None:
    """Elif leads the Lindenhof (einrichtungen' demo), so she organises for its provider."""
    if not permissions.can_organise_for(elif_, own.pk, region.pk):
        return
    start = timezone.localtime().replace(hour=14, minute=0, second=0, microsecond=0)
    veranstaltung_provider_save(acting_user=elif_, veranstaltung=Veranstaltung(
        region=region, veranstalter=own, art=Veranstaltung.Art.SUPERVISION, titel=OWN_EVENT,
        beschreibung="Fachkräfte der Mitglieder beraten gemeinsam schwierige Situationen.",
        beginn=start + timedelta(days=14), ende=start + timedelta(days=14, hours=2),
        ort="Wohngruppe Lindenhof, Gruppenraum", kapazitaet=10,
        zielgruppe=Veranstaltung.Zielgruppe.FACHKRAEFTE,
    ))  # fmt: skip


def _request(elif_: User, own: Traeger, region: Region) -> Einspringanfrage:
    return einspringanfrage_create(
        acting_user=elif_, region=region, traeger=own, bezirk="Bornheim",
        bedarf="Zwei Nachtdienste in der Wohngruppe (Fr/Sa), Krankheitsvertretung.",
        gueltig_bis=timezone.localdate() + timedelta(days=10),
    )  # fmt: skip
