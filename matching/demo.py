"""Demo data of the matching app (idempotent): default weights and Amira's matching wishes, so
a coordinator can open Amira's request under "Anfragen: Vorschläge" and propose Wiebke Wagner;
and one running match (Markus Neumann with Jonas), made through the same services coordinator,
facility and mentor use, with its confirmed agreement, a diary entry and a support contact; and
the same for a family in the second programme (Petra Lang with Familie K., docs/families.md)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from einrichtungen.models import Anfrage, Jugendliche
from einrichtungen.services import anfrage_create, hilfeplangespraech_create
from matching import services
from matching.models import Begleitung, Gewichtung, Partei, Unterstuetzungskontakt, Wunsch
from matching.services import gewichtung_save, wunsch_save
from programme.models import Programm
from wegbegleitung.demo import DOMAIN
from wegbegleitung.models import User, Wegbegleiter
from wegbegleitung.services.programmes import programmteilnahmen_set

Kontakt = Unterstuetzungskontakt


def load(*, out: Callable[[str], None]) -> None:
    koordination = User.objects.get(email=f"koordination@{DOMAIN}")
    if not Gewichtung.objects.filter(region=None, programm=None).exists():
        gewichtung_save(acting_user=None, gewichtung=Gewichtung())
    amira = Jugendliche.objects.filter(vorname="Amira").first()
    if amira is not None and not Wunsch.objects.filter(jugendliche=amira).exists():
        wunsch_save(
            acting_user=koordination,
            jugendliche=amira,
            mentor_geschlecht="",
            zeiten=["di-nachmittag", "sa-nachmittag", "so-vormittag"],
        )
    _running_match(koordination)
    _running_family_match(koordination)
    out("Matching: default weights; Amira has time on Tuesday and Saturday afternoons and")
    out("  Sunday mornings. Admin: Anfragen: Vorschläge → Amira suggests Wiebke Wagner")
    out(f"  A running match: Markus Neumann (begleiter@{DOMAIN}) with Jonas.")
    out(f"  A running family match: Petra Lang (familienpatin@{DOMAIN}) with Familie K.")


def _running_match(koordination: User) -> None:
    jonas = Jugendliche.objects.filter(vorname="Jonas", einrichtung__name="Wohngruppe Lindenhof")
    markus = Wegbegleiter.objects.filter(user__email=f"begleiter@{DOMAIN}").first()
    if markus is None or not jonas.exists() or Begleitung.objects.filter(jugendliche__in=jonas):
        return
    staff = User.objects.get(email=f"einrichtung@{DOMAIN}")
    today = timezone.localdate()
    with transaction.atomic():
        anfrage = anfrage_create(acting_user=staff, jugendliche=jonas.get())
        begleitung = _activate(
            koordination, staff, anfrage, markus, "Jonas",
            teilnehmende="Markus Neumann, Jonas, Elif Yilmaz (Bezugsbetreuerin)",
        )  # fmt: skip
        services.treffen_create(
            acting_user=markus.user, begleitung=begleitung, datum=today, dauer_minuten=120,
            art="persoenlich", aktivitaet="Gitarre geübt, danach Eis essen", stimmung="gut",
        )  # fmt: skip
        services.kontakt_create(
            acting_user=koordination, begleitung=begleitung, mit=Kontakt.Mit.WEGBEGLEITER,
            datum=today, dauer_minuten=20, kanal=Kontakt.Kanal.TELEFON,
            aktivitaeten="Erstes Treffen: Gitarre", beziehung="Guter Start, Jonas ist offen",
            kinderschutz="Nichts Auffälliges", wirkung="Noch zu früh",
        )  # fmt: skip


def _activate(
    koordination: User,
    staff: User,
    anfrage: Anfrage,
    mentor: Wegbegleiter,
    confirmed_as: str,
    *,
    teilnehmende: str,
) -> Begleitung:
    """The path every match takes: proposal, introduction, agreement confirmed by all four
    parties (``confirmed_as``: who confirms for the accompanied party), activation."""
    begleitung = services.begleitung_propose(
        acting_user=koordination, anfrage=anfrage, wegbegleiter=mentor
    )
    services.kennenlernen_record(
        acting_user=koordination, begleitung=begleitung, datum=timezone.localdate(),
        teilnehmende=teilnehmende, zusage_wegbegleiter="ja", zusage_jugendliche="ja",
    )  # fmt: skip
    _step(koordination, begleitung, "to_agreement")
    services.vereinbarung_save(
        acting_user=koordination, begleitung=begleitung, **services.default_agreement_texts()
    )
    for user, partei, name in [
        (mentor.user, Partei.WEGBEGLEITER, ""),
        (staff, Partei.EINRICHTUNG, ""),
        (staff, Partei.JUGENDLICHE, confirmed_as),
        (koordination, Partei.KOORDINATION, ""),
    ]:
        services.vereinbarung_confirm(
            acting_user=user, begleitung=begleitung, partei=partei, name=name
        )
    _step(koordination, begleitung, "activate")
    return begleitung


def _step(koordination: User, begleitung: Begleitung, action: str) -> None:
    services.begleitung_transition(acting_user=koordination, begleitung=begleitung, action=action)


def _running_family_match(koordination: User) -> None:
    """The same lifecycle for a family: referred by the early-help network coordination, in the
    programme "Familienpatenschaften (Frühe Hilfen)", with a referral and review conversation."""
    familie = Jugendliche.objects.filter(art=Jugendliche.Art.FAMILIE, vorname="Familie K.").first()
    petra = Wegbegleiter.objects.filter(user__email=f"familienpatin@{DOMAIN}").first()
    programm = Programm.objects.filter(begleitet=Programm.Begleitet.FAMILIEN).first()
    if familie is None or petra is None or programm is None:
        return
    if Begleitung.objects.filter(jugendliche=familie).exists():
        return
    staff = User.objects.get(email=f"fruehehilfen@{DOMAIN}")
    today = timezone.localdate()
    with transaction.atomic():
        programmteilnahmen_set(acting_user=koordination, wegbegleiter=petra, programme=[programm])
        anfrage = anfrage_create(
            acting_user=staff, jugendliche=familie, programm=programm,
            bemerkung="Mutter wünscht Entlastung am Vormittag.",
        )  # fmt: skip
        begleitung = _activate(
            koordination, staff, anfrage, petra, "Selin K.",
            teilnehmende="Petra Lang, Selin und Murat K., Nadine Schulz (Frühe Hilfen)",
        )  # fmt: skip
        services.treffen_create(
            acting_user=petra.user, begleitung=begleitung, datum=today, dauer_minuten=90,
            art="persoenlich", aktivitaet="Mit dem Kinderwagen im Park, Lina auf dem Spielplatz",
            stimmung="gut",
        )  # fmt: skip
        services.kontakt_create(
            acting_user=koordination, begleitung=begleitung, mit=Kontakt.Mit.WEGBEGLEITER,
            datum=today, dauer_minuten=15, kanal=Kontakt.Kanal.TELEFON,
            aktivitaeten="Erster Besuch: Spaziergang", beziehung="Die Mutter ist erleichtert",
            kinderschutz="Nichts Auffälliges", wirkung="Noch zu früh",
        )  # fmt: skip
        hilfeplangespraech_create(
            acting_user=staff, jugendliche=familie, datum=today,
            teilnehmende="Eltern, Netzwerkkoordination, Familienpatin",
            wegbegleitung_erwogen=True, wegbegleiter_eingeladen=True, wegbegleiter_teilgenommen=True,
            ziele="Entlastung der Mutter an zwei Vormittagen", zusammenfassung="Guter Start.",
            naechste_ueberpruefung=today + timedelta(days=90), mit_wegbegleitung_geteilt=True,
        )  # fmt: skip
