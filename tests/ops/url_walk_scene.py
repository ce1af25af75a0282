"""The scene of the URL walk: two regions with everything the site's URLs point at.

Region A (Rhein-Main) holds a running match between the volunteer Vera Quastenberg and the
young person Zorbalina (Wohngruppe Lindenhof), who has her own access; a second young person,
Ysolde, waits with an open request. Region A has a second facility (Kinderhaus Am Park) with
its own staff. Region B (Wien) has its own coordinator, child-protection lead, facility and
volunteer, and must never see any of A's people. The ``SECRETS`` are names
that exist only in region A's records: a page of region B (or of a volunteer who is not the
owner) that contains one of them is a leak.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from auslagen.models import Auslage, Satz
from berichte.models import Jahresbericht
from einrichtungen.models import (
    Einrichtung,
    Einwilligung,
    Hilfeplangespraech,
    Jugendliche,
    Traeger,
)
from einrichtungen.services.einrichtungen import einrichtung_lead_set
from forschung.models import Instrument, Jugendzugang, Welle
from matching import services as matching_services
from matching.models import (
    Aussetzung,
    Begleitung,
    Gewichtung,
    Kapazitaet,
    Treffen,
    Vereinbarung,
    Wunsch,
)
from nachweise.models import Nachweis
from netzwerk.models import Anmeldung, Einspringanfrage, Mitgliedschaft, Veranstaltung
from schutzkonzept.models import Antragsbestaetigung, FreigabeVerlust, Meldung, Unterzeichnung
from schutzkonzept.services.concern_access import meldung_access_refused
from schutzkonzept.services.concerns import meldung_report
from tests.einrichtungen.factories import HilfeplangespraechFactory, consent_all
from tests.einrichtungen.familien import make_referring, record_family
from tests.factories import RegionFactory, add_totp, make_einrichtung, make_user
from tests.forschung.factories import consent, published
from tests.matching.factories import make_active, make_anfrage, make_mentor
from tests.wegbegleitung.factories import make_volunteer, record_screening
from wegbegleitung.models import (
    Benachrichtigung,
    Einladung,
    Export,
    Region,
    Supervision,
    SupervisionEinladung,
    User,
    Wegbegleiter,
)
from wegbegleitung.personal_data import Kind, Subject
from wegbegleitung.roles import Role
from wegbegleitung.services.erasure_requests import loeschantrag_create

MENTOR_A = {"first_name": "Veronika", "last_name": "Quastenberg", "email": "vera@walk.example"}
YOUNG_A = "Zorbalina"
WAITING_A = "Ysolde"
FAMILY_A = "Familie K."  # tests.einrichtungen.familien.record_family
VICTOR = {"first_name": "Viktor", "last_name": "Tannhauserberg", "email": "victor@walk.example"}
CONCERN_A = "Verdacht am Quittenweg"
# the young person's own account (the requester of her erasure request)
YOUNG_ACCOUNT = {
    "first_name": "Zora",
    "last_name": "Holunderbusch",
    "email": "zorbalina@walk.example",
}
# the open erasure requests of region A: Vera's and Zorbalina's, each with its own message
ERASURE_VERA = "Bitte alles aus der Mispelgasse vergessen"
ERASURE_JUNG = "Loescht mich aus der Brombeerliste"
# the cooperation network of region A: an event for partner staff and a standing-in request
NETWORK_EVENT = "Fachtag Wurzelwerk"
NETWORK_NEED = "Nachtdienst im Quittenhaus gesucht"
# an event the Lindenhof's provider organises itself (its lead: ``staff_a``)
NETWORK_OWN_EVENT = "Praxistag Quittenhaus"
# a staff member of region A whose account is the data subject of the admin's account pages
STAFF_SUBJECT = {"first_name": "Hiltrud", "last_name": "Aktenreiterin",
                 "email": "hiltrud@walk.example"}  # fmt: skip
# names that only region A's records hold (young people, volunteers, staff, a concern, requests)
SECRETS = (YOUNG_A, WAITING_A, MENTOR_A["last_name"], CONCERN_A, YOUNG_ACCOUNT["last_name"],
           STAFF_SUBJECT["last_name"], ERASURE_VERA, ERASURE_JUNG, NETWORK_EVENT,
           NETWORK_NEED, NETWORK_OWN_EVENT)  # fmt: skip
# what only Vera's own records hold: another volunteer must not see them
VERA_SECRETS = (YOUNG_A, MENTOR_A["last_name"])


@dataclass
class Scene:
    region_a: Region
    region_b: Region
    einrichtung_a: Einrichtung
    einrichtung_b: Einrichtung
    users: dict[str, User]
    vera: Wegbegleiter
    victor: Wegbegleiter
    jugendliche: Jugendliche
    waiting: Jugendliche
    begleitung: Begleitung
    objects: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Any:
        return self.objects[name]


def private_file(relative: str, content: bytes | None = None) -> str:
    """A file under PRIVATE_FILES_ROOT, as the renderers leave it; returns its relative path.
    A PDF names its own path inside, so a download shows which file it was."""
    path = Path(settings.PRIVATE_FILES_ROOT) / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content or f"%PDF-1.4\n%{relative}\n".encode())
    return relative


def build() -> Scene:
    """Build the scene; call inside a transaction the caller rolls back."""
    region_a, region_b = RegionFactory(name="Rhein-Main"), RegionFactory(name="Wien")
    lindenhof = make_einrichtung(region_a, "Wohngruppe Lindenhof")
    see = make_einrichtung(region_b, "Haus am See")
    users = _cast(region_a, region_b, lindenhof, see)
    study = published(users["alice"])
    vera = make_mentor(region_a, mentee_age_max=18, **MENTOR_A)
    record_screening(vera, users["alice"])
    consent(vera)
    anfrage = make_anfrage(lindenhof, vorname=YOUNG_A, geburtsjahr=timezone.localdate().year - 17)
    consent_all(anfrage.jugendliche, Einwilligung.Inhaber.JUGENDLICHE)
    begleitung = make_active(users["alice"], users["staff_a"], anfrage, vera)
    users["vera"] = vera.user
    victor = make_volunteer(region_a, **VICTOR)
    users["victor"] = victor.user
    waiting = make_anfrage(lindenhof, vorname=WAITING_A).jugendliche
    scene = Scene(region_a, region_b, lindenhof, see, users, vera, victor,
                  anfrage.jugendliche, waiting, begleitung)  # fmt: skip
    scene.objects["instrument"] = study
    _records(scene)
    _network(scene)
    _files(scene)
    _erasure_requests(scene)
    return scene


def _cast(
    region_a: Region, region_b: Region, lindenhof: Einrichtung, see: Einrichtung
) -> dict[str, User]:
    root = make_user(None, email="root@walk.example")
    User.objects.filter(pk=root.pk).update(is_superuser=True, is_staff=True)
    root.refresh_from_db()
    add_totp(root)  # the operators log in with a second factor too
    return {
        "root": root,
        "alice": make_user(Role.KOORDINATION, region=region_a, email="alice@walk.example"),
        "bob": make_user(Role.KOORDINATION, region=region_b, email="bob@walk.example"),
        "schutz_a": make_user(Role.KINDERSCHUTZ, region=region_a, email="sabine@walk.example"),
        "schutz_b": make_user(Role.KINDERSCHUTZ, region=region_b, email="kim@walk.example"),
        "staff_a": make_user(Role.EINRICHTUNG, einrichtung=lindenhof, email="sina@walk.example"),
        "staff_b": make_user(Role.EINRICHTUNG, einrichtung=see, email="stefan@walk.example"),
        # staff of another facility in region A: sees none of the Lindenhof's young people
        "staff_park": make_user(
            Role.EINRICHTUNG,
            einrichtung=make_einrichtung(region_a, "Kinderhaus Am Park"),
            email="paula@walk.example",
        ),
        "rita": make_user(Role.FORSCHUNG, email="rita@walk.example"),
        "wanda": make_volunteer(region_b, email="wanda@walk.example").user,
        "jung": make_user(Role.JUGENDLICHE, region=region_a, **YOUNG_ACCOUNT),
    }


def _records(s: Scene) -> None:
    """One record of every kind a URL points at, in region A."""
    users, o = s.users, s.objects
    einladung = Einladung.objects.create(
        email=users["jung"].email, role=Role.JUGENDLICHE, region=s.region_a,
        key=secrets.token_urlsafe(32), created_by=users["staff_a"],
        expires_at=timezone.now(), accepted_at=timezone.now(), accepted_by=users["jung"],
    )  # fmt: skip
    Jugendzugang.objects.create(jugendliche=s.jugendliche, einladung=einladung)
    o["einladung"] = einladung
    o["eigene_einwilligung"] = Einwilligung.objects.filter(
        jugendliche=s.jugendliche, inhaber=Einwilligung.Inhaber.JUGENDLICHE
    ).first()
    o["einwilligung"] = Einwilligung.objects.filter(jugendliche=s.jugendliche).first()
    o["anfrage_waiting"] = s.waiting.anfragen.first()
    # a family in early help, referred by an early-help organisation of region A
    o["familie"] = record_family(users["alice"], make_referring(s.region_a, "Frühe Hilfen Walk"))
    o["hilfeplangespraech"] = HilfeplangespraechFactory(
        jugendliche=s.jugendliche, zusammenfassung=f"{YOUNG_A} kommt gut an"
    )
    o["treffen"] = matching_services.treffen_create(
        acting_user=s.vera.user, begleitung=s.begleitung, datum=timezone.localdate(),
        dauer_minuten=90, art="persoenlich", aktivitaet="Eis essen", stimmung="gut",
    )  # fmt: skip
    supervision = Supervision.objects.create(
        region=s.region_a, starts_at=timezone.now() + timedelta(days=7), place="Raum 2",
        facilitator="Dr. Sieglinde Supervisorin",
    )  # fmt: skip
    o["supervision_einladung"] = SupervisionEinladung.objects.create(
        supervision=supervision, wegbegleiter=s.vera
    )
    o["meldung"] = meldung_report(
        acting_user=users["staff_a"], description=CONCERN_A, einrichtung=s.einrichtung_a
    )
    meldung_access_refused(acting_user=users["bob"], meldung_id=o["meldung"].pk, where="walk")
    o["kapazitaet"] = Kapazitaet.objects.create(wegbegleiter=s.vera, max_begleitungen=2)
    o["wunsch"] = Wunsch.objects.create(jugendliche=s.waiting)
    o["aussetzung"] = Aussetzung.objects.create(
        begleitung=s.begleitung, by=users["alice"], aufgehoben_am=timezone.now()
    )
    o["freigabeverlust"] = FreigabeVerlust.objects.create(
        wegbegleiter=s.vera, detected_on=timezone.localdate() - timedelta(days=400),
        resolved_on=timezone.localdate() - timedelta(days=300),
    )  # fmt: skip
    for seite in Welle.Seite:
        o[f"welle_{seite}"] = Welle.objects.create(
            begleitung=s.begleitung, seite=seite, instrument=o["instrument"],
            code=o["instrument"].code, nummer=0, faellig_am=timezone.localdate(),
            laeuft_ab_am=timezone.localdate() + timedelta(days=30),
        )  # fmt: skip
    o["benachrichtigung"] = Benachrichtigung.objects.create(
        recipient=users["alice"], kind="walk", subject_type="matching.begleitung",
        subject_id=s.begleitung.pk, period="walk", region=s.region_a,
        context={"name": MENTOR_A["last_name"]},
    )  # fmt: skip
    Gewichtung.objects.get_or_create(region=s.region_a)
    Satz.objects.get_or_create(
        gueltig_ab=date(2020, 1, 1), defaults={"cent_pro_km": 30, "budget_pro_monat_cent": 5000}
    )
    Traeger.objects.get_or_create(name="Jugendhilfe Walk e.V.")
    o["export"] = Export.objects.create(
        requested_by=users["alice"], source="wegbegleitung.wegbegleiter", format="csv",
        status=Export.Status.DONE, file=private_file("exports/walk.csv", b"Quastenberg\n"),
        file_name="wegbegleiter.csv",
    )  # fmt: skip


def _network(s: Scene) -> None:
    """The Lindenhof's provider is a member of region A's network and organises an event of its
    own (``staff_a`` leads the Lindenhof); the Kinderhaus Am Park (its staff: ``staff_park``)
    belongs to no member, region B has no network."""
    traeger = Traeger.objects.get(name="Jugendhilfe Walk e.V.")
    Einrichtung.objects.filter(pk=s.einrichtung_a.pk).update(traeger=traeger)
    s.objects["mitgliedschaft"] = Mitgliedschaft.objects.create(
        traeger=traeger, region=s.region_a, profil="Wohngruppen im Walk-Viertel"
    )
    beginn = timezone.now() + timedelta(days=5)
    event = Veranstaltung.objects.create(
        region=s.region_a, titel=NETWORK_EVENT, beginn=beginn, ende=beginn + timedelta(hours=4),
        ort="Saal Walk", kapazitaet=10, belegt=1,
        zielgruppe=Veranstaltung.Zielgruppe.FACHKRAEFTE,
    )  # fmt: skip
    s.objects["netzwerk_veranstaltung"] = event
    Anmeldung.objects.create(veranstaltung=event, user=s.users["staff_a"], traeger=traeger,
                             status=Anmeldung.Status.ANGEMELDET)  # fmt: skip
    # staff_a leads the Lindenhof, so she organises her provider's own events
    einrichtung_lead_set(
        acting_user=None, einrichtung=s.einrichtung_a, user=s.users["staff_a"], is_lead=True
    )
    s.objects["netzwerk_eigene_veranstaltung"] = Veranstaltung.objects.create(
        region=s.region_a, veranstalter=traeger, titel=NETWORK_OWN_EVENT, beginn=beginn,
        ende=beginn + timedelta(hours=2), ort="Quittenhaus", kapazitaet=5,
        zielgruppe=Veranstaltung.Zielgruppe.FACHKRAEFTE,
    )  # fmt: skip
    s.objects["einspringanfrage"] = Einspringanfrage.objects.create(
        region=s.region_a, traeger=traeger, bezirk="Walk", bedarf=NETWORK_NEED,
        gueltig_bis=timezone.localdate() + timedelta(days=5), erstellt_von=s.users["staff_a"],
    )  # fmt: skip


def _files(s: Scene) -> None:
    """The private files the download views serve, as if their renderers had run."""
    users, o = s.users, s.objects
    o["unterzeichnung"] = Unterzeichnung.objects.get(wegbegleiter=s.vera)
    Unterzeichnung.objects.filter(pk=o["unterzeichnung"].pk).update(
        pdf=private_file("walk/kodex.pdf")
    )
    o["antragsbestaetigung"] = Antragsbestaetigung.objects.create(
        wegbegleiter=s.vera, country=s.region_a.country, requested_by=s.vera.user,
        pdf=private_file("walk/letter.pdf"),
    )  # fmt: skip
    vereinbarung = Vereinbarung.objects.get(begleitung=s.begleitung)
    Vereinbarung.objects.filter(pk=vereinbarung.pk).update(pdf=private_file("walk/agree.pdf"))
    o["nachweis"] = Nachweis.objects.create(
        wegbegleiter=s.vera, period_from=date(2025, 1, 1), period_to=date(2025, 12, 31),
        requested_by=s.vera.user, status=Nachweis.Status.FERTIG, signed_at=timezone.now(),
        signed_by=users["alice"], signed_name="Alice Adler", signed_role="Koordination",
        pdf=private_file("walk/nachweis.pdf"),
    )  # fmt: skip
    o["auslage"] = Auslage.objects.create(
        begleitung=s.begleitung, art=Auslage.Art.TICKET, datum=timezone.localdate(),
        zweck="Bustickets zum Zoo", betrag_cent=840,
        beleg=private_file("walk/beleg.pdf"), beleg_typ="application/pdf",
    )  # fmt: skip
    o["jahresbericht"] = Jahresbericht.objects.create(
        jahr=2025, region=s.region_a, region_ids=[s.region_a.pk], requested_by=users["alice"],
        status=Jahresbericht.Status.FERTIG, datei=private_file("walk/jahresbericht.pdf"),
    )  # fmt: skip
    _ = (Instrument, Treffen, Meldung, Hilfeplangespraech, users)


def _erasure_requests(s: Scene) -> None:
    """Open erasure requests (GDPR Art. 17) of Vera and of Zorbalina (through her own access),
    and a staff account of region A as the subject of the admin's account pages."""
    o = s.objects
    o["loeschantrag_vera"] = loeschantrag_create(
        acting_user=s.vera.user, subject=Subject(Kind.WEGBEGLEITER, s.vera.pk),
        region_id=s.region_a.pk, message=ERASURE_VERA,
    )  # fmt: skip
    o["loeschantrag_jung"] = loeschantrag_create(
        acting_user=s.users["jung"], subject=Subject(Kind.JUGENDLICHE, s.jugendliche.pk),
        region_id=s.region_a.pk, message=ERASURE_JUNG,
    )  # fmt: skip
    o["konto_staff"] = make_user(Role.EINRICHTUNG, einrichtung=s.einrichtung_a, **STAFF_SUBJECT)
