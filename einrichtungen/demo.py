"""Demo data of facilities and young people: providers, facility details, a lead, young people
with consents, a request for a mentor and a help-plan conference shared with the mentor; the
second programme "Familienpatenschaften (Frühe Hilfen)" and a family referred by the early-help
network coordination, with parents, a child and the parents' consents (docs/families.md).

Idempotent: everything is looked up first and written through the services only when missing.
Pseudonyms only; no real person.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from einrichtungen.models import Einrichtung, Einwilligung, Elternteil, Jugendliche, Traeger
from einrichtungen.permissions import INVITE_PERM
from einrichtungen.services import (
    anfrage_create,
    einrichtung_lead_set,
    einrichtung_update,
    einwilligung_create,
    elternteil_create,
    hilfeplangespraech_create,
    jugendliche_create,
    kind_create,
    traeger_save,
)
from programme.models import Programm
from wegbegleitung.demo import DOMAIN
from wegbegleitung.models import User

B = Einwilligung.Bereich
I = Einwilligung.Inhaber  # noqa: E741

TRAEGER = {
    "Wohngruppe Lindenhof": "Jugendhilfe Rhein-Main gGmbH",
    "Kinderhaus Am Park": "Jugendhilfe Rhein-Main gGmbH",
    "WG Donaublick": "Verein Kinder- und Jugendhilfe Donau",
    "Netzwerkkoordination Frühe Hilfen Frankfurt": "Stadt Frankfurt am Main, Jugend- und Sozialamt",
}
FRUEHE_HILFEN = "Netzwerkkoordination Frühe Hilfen Frankfurt"
FAMILIEN_PROGRAMM = "Familienpatenschaften (Frühe Hilfen)"
FAMILIE = "Familie K."
DETAILS: dict[str, dict[str, object]] = {
    "Wohngruppe Lindenhof": {
        "art": Einrichtung.Art.WOHNGRUPPE,
        "strasse": "Lindenstraße 12",
        "postleitzahl": "60311",
        "ort": "Frankfurt am Main",
        "ansprechperson": "Elif Yilmaz",
        "kooperation_status": Einrichtung.Kooperation.AKTIV,
        "kooperation_seit": date(2025, 9, 1),
    },
    "Kinderhaus Am Park": {
        "art": Einrichtung.Art.HEIM,
        "postleitzahl": "65183",
        "ort": "Wiesbaden",
        "kooperation_status": Einrichtung.Kooperation.IN_VORBEREITUNG,
    },
    "WG Donaublick": {
        "art": Einrichtung.Art.WOHNGRUPPE,
        "postleitzahl": "1020",
        "ort": "Wien",
        "ansprechperson": "Maria Gruber",
        "kooperation_status": Einrichtung.Kooperation.AKTIV,
        "kooperation_seit": date(2026, 1, 15),
    },
    FRUEHE_HILFEN: {
        "art": Einrichtung.Art.FRUEHE_HILFEN,
        "postleitzahl": "60311",
        "ort": "Frankfurt am Main",
        "ansprechperson": "Nadine Schulz",
        "kooperation_status": Einrichtung.Kooperation.AKTIV,
        "kooperation_seit": date(2026, 2, 1),
    },
}
# (facility, staff login, first name, age, interests, holders, request?, hpg?)
JUGENDLICHE: list[tuple[str, str, str, int, str, list[str], bool, bool]] = [
    ("Wohngruppe Lindenhof", "einrichtung", "Amira", 14, "Fußball, Zeichnen",
     [I.SORGEBERECHTIGTE], True, True),
    ("Wohngruppe Lindenhof", "einrichtung", "Jonas", 16, "Gitarre, Skaten",
     [I.VORMUND, I.JUGENDLICHE], False, False),
    ("Wohngruppe Lindenhof", "einrichtung", "Mika", 12, "Lesen", [], False, False),
    # in Austria a 15-year-old consents too (own consent from 14, § 4(4) DSG)
    ("WG Donaublick", "einrichtung.wien", "Emil", 15, "Klettern, Kochen",
     [I.SORGEBERECHTIGTE, I.JUGENDLICHE], True, False),
]  # fmt: skip


def load(*, out: Callable[[str], None]) -> None:
    coordinator = User.objects.get(email=f"koordination@{DOMAIN}")
    with transaction.atomic():
        for einrichtung in Einrichtung.objects.filter(name__in=DETAILS):
            _details(einrichtung, DETAILS[einrichtung.name])
        lindenhof = Einrichtung.objects.get(name="Wohngruppe Lindenhof")
        elif_ = User.objects.get(email=f"einrichtung@{DOMAIN}")
        if not elif_.has_perm(INVITE_PERM, lindenhof):
            einrichtung_lead_set(
                acting_user=coordinator, einrichtung=lindenhof, user=elif_, is_lead=True
            )
        for spec in JUGENDLICHE:
            _jugendliche(*spec)
        _conferences(lindenhof)
        _familien_programm()
        _familie()
    out("Facilities: providers, details, 4 young people (Elif Yilmaz leads Wohngruppe Lindenhof)")
    out(f"  Programme “{FAMILIEN_PROGRAMM}”: {FAMILIE} referred by {FRUEHE_HILFEN}")
    out(f"  (fruehehilfen@{DOMAIN}), with parents, a baby and the parents' consents.")


def _familien_programm() -> Programm:
    """The second programme: volunteers for families with a baby or toddler (0-2 years),
    weekly support contacts in the first year, a referral and review conversation instead of the
    help-plan conference. Programmes are the association's management's decision (no region
    coordinator may add one), so the demo writes it as the management would, checked."""
    existing = Programm.objects.filter(name=FAMILIEN_PROGRAMM).first()
    if existing is not None:
        return existing
    programm = Programm(
        name=FAMILIEN_PROGRAMM,
        beschreibung="Ehrenamtliche Familienpatinnen und -paten begleiten Familien mit einem "
        "Kind bis drei Jahre, vermittelt von den Frühen Hilfen.",
        begleitet=Programm.Begleitet.FAMILIEN,
        alter_min=0,
        alter_max=2,
        kontakt_jahr_eins_tage=7,
        gespraech=Programm.Gespraech.VERMITTLUNG,
        einwilligungen=[B.TEILNAHME, B.DATENWEITERGABE],
    )
    programm.full_clean()
    programm.save()
    return programm


def _familie() -> None:
    """Familie K.: mother and father with custody, a baby of eight months and a sister of four;
    the parents consented to everything three weeks ago (the request is matching.demo's)."""
    einrichtung = Einrichtung.objects.get(name=FRUEHE_HILFEN)
    if Jugendliche.objects.filter(einrichtung=einrichtung, vorname=FAMILIE).exists():
        return
    staff = User.objects.get(email=f"fruehehilfen@{DOMAIN}")
    today = timezone.localdate()
    born = today.replace(day=1) - timedelta(days=240)
    familie = jugendliche_create(
        acting_user=staff, einrichtung=einrichtung, art=Jugendliche.Art.FAMILIE,
        vorname=FAMILIE, geburtsmonat=born.month, geburtsjahr=born.year, sprachen="Deutsch, Türkisch",
        interessen="Spaziergänge, Spielplatz", wuensche="Jemand, der einmal pro Woche kommt und entlastet",
        jugendamt="Jugend- und Sozialamt Frankfurt",
    )  # fmt: skip
    for vorname, rolle in [("Selin", Elternteil.Rolle.MUTTER), ("Murat", Elternteil.Rolle.VATER)]:
        elternteil_create(acting_user=staff, familie=familie, vorname=vorname, rolle=rolle)
    kind_create(
        acting_user=staff, familie=familie, vorname="Lina",
        geburtsmonat=born.month, geburtsjahr=born.year - 4,
    )  # fmt: skip
    for bereich in B:
        einwilligung_create(
            acting_user=staff, jugendliche=familie, bereich=bereich, inhaber=I.SORGEBERECHTIGTE,
            erteilt_am=today - timedelta(days=21),
        )  # fmt: skip


def _conferences(lindenhof: Einrichtung) -> None:
    """Elif's staff start has something in every list (issue 11 §5): Jonas's review comes up in
    three weeks (his last conference, five months ago, considered mentoring: hence his match);
    Mika's first conference is next month (no consents yet, so no mentor considered)."""
    elif_ = User.objects.get(email=f"einrichtung@{DOMAIN}")
    today = timezone.localdate()
    plans = [
        ("Jonas", -150, 21, True, "Jugendamt, Vormund, Bezugsbetreuerin, Jonas"),
        ("Mika", 25, None, False, "Jugendamt, Eltern, Bezugsbetreuerin, Mika"),
    ]
    for vorname, days, review, erwogen, teilnehmende in plans:
        j = Jugendliche.objects.filter(einrichtung=lindenhof, vorname=vorname).first()
        if j is None or j.hilfeplangespraeche.exists():
            continue
        datum = today + timedelta(days=days)
        hilfeplangespraech_create(
            acting_user=elif_, jugendliche=j, datum=datum, teilnehmende=teilnehmende,
            wegbegleitung_erwogen=erwogen, wegbegleiter_eingeladen=False,
            ziele="Ausbildungsplatz finden" if erwogen else "",
            zusammenfassung="Eine Wegbegleitung wird angefragt." if erwogen else "",
            naechste_ueberpruefung=today + timedelta(days=review) if review else None,
            mit_wegbegleitung_geteilt=False,
        )  # fmt: skip


def _details(einrichtung: Einrichtung, details: dict[str, object]) -> None:
    traeger = Traeger.objects.filter(name=TRAEGER[einrichtung.name]).first()
    if traeger is None:
        traeger = traeger_save(acting_user=None, traeger=Traeger(name=TRAEGER[einrichtung.name]))
    wanted = {**details, "traeger": traeger}
    if any(getattr(einrichtung, k) != v for k, v in wanted.items()):
        einrichtung_update(acting_user=None, einrichtung=einrichtung, **wanted)


def _jugendliche(
    facility: str,
    staff: str,
    vorname: str,
    age: int,
    interests: str,
    holders: Sequence[str],
    request: bool,
    hpg: bool,
) -> None:
    einrichtung = Einrichtung.objects.get(name=facility)
    if Jugendliche.objects.filter(einrichtung=einrichtung, vorname=vorname).exists():
        return
    user = User.objects.get(email=f"{staff}@{DOMAIN}")
    today = timezone.localdate()
    # birthdays half a year away, so the ages hold from the consent dates until today
    month = (today.month + 5) % 12 + 1
    j = jugendliche_create(
        acting_user=user,
        einrichtung=einrichtung,
        vorname=vorname,
        geburtsmonat=month,
        geburtsjahr=today.year - age - (1 if today.month <= month else 0),
        interessen=interests,
        sprachen="Deutsch",
        jugendamt=f"Jugendamt {einrichtung.ort}",
        wuensche="Jemand, der zuhört und Zeit hat",
        sorgerecht=Jugendliche.Sorgerecht.VORMUND
        if I.VORMUND in holders
        else Jugendliche.Sorgerecht.ELTERN,
    )
    for holder in holders:
        for bereich in B:
            einwilligung_create(
                acting_user=user,
                jugendliche=j,
                bereich=bereich,
                inhaber=holder,
                erteilt_am=today - timedelta(days=30),
            )
    if request:
        anfrage_create(acting_user=user, jugendliche=j, bemerkung="Gern bald.")
    if hpg:
        hilfeplangespraech_create(
            acting_user=user,
            jugendliche=j,
            datum=today - timedelta(days=14),
            teilnehmende="Jugendamt, Bezugsbetreuerin, Amira",
            wegbegleitung_erwogen=True,
            wegbegleiter_eingeladen=True,
            ziele="Schule regelmäßig besuchen; ein Hobby finden",
            zusammenfassung="Amira wünscht sich eine Wegbegleiterin.",
            naechste_ueberpruefung=today + timedelta(days=170),
            mit_wegbegleitung_geteilt=True,
        )
