"""Demo data of the matching app (idempotent): default weights and Amira's matching wishes, so
a coordinator can open Amira's request under "Anfragen: Vorschläge" and propose Wiebke Wagner;
and one running match (Markus Neumann with Jonas), made through the same services coordinator,
facility and mentor use, with its confirmed agreement, a diary entry and a support contact."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from einrichtungen.models import Jugendliche
from einrichtungen.services import anfrage_create
from matching import services
from matching.models import Begleitung, Gewichtung, Partei, Unterstuetzungskontakt, Wunsch
from matching.services import gewichtung_save, wunsch_save
from wegbegleitung.demo import DOMAIN
from wegbegleitung.models import User, Wegbegleiter

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
    out("Matching: default weights; Amira has time on Tuesday and Saturday afternoons and")
    out("  Sunday mornings. Admin: Anfragen: Vorschläge → Amira suggests Wiebke Wagner")
    out(f"  A running match: Markus Neumann (begleiter@{DOMAIN}) with Jonas.")


def _running_match(koordination: User) -> None:
    jonas = Jugendliche.objects.filter(vorname="Jonas", einrichtung__name="Wohngruppe Lindenhof")
    markus = Wegbegleiter.objects.filter(user__email=f"begleiter@{DOMAIN}").first()
    if markus is None or not jonas.exists() or Begleitung.objects.filter(jugendliche__in=jonas):
        return
    staff = User.objects.get(email=f"einrichtung@{DOMAIN}")
    today = timezone.localdate()
    with transaction.atomic():
        anfrage = anfrage_create(acting_user=staff, jugendliche=jonas.get())
        begleitung = services.begleitung_propose(
            acting_user=koordination, anfrage=anfrage, wegbegleiter=markus
        )
        services.kennenlernen_record(
            acting_user=koordination, begleitung=begleitung, datum=today,
            teilnehmende="Markus Neumann, Jonas, Elif Yilmaz (Bezugsbetreuerin)",
            zusage_wegbegleiter="ja", zusage_jugendliche="ja",
        )  # fmt: skip
        _step(koordination, begleitung, "to_agreement")
        services.vereinbarung_save(
            acting_user=koordination, begleitung=begleitung, **services.default_agreement_texts()
        )
        for user, partei, name in [
            (markus.user, Partei.WEGBEGLEITER, ""),
            (staff, Partei.EINRICHTUNG, ""),
            (staff, Partei.JUGENDLICHE, "Jonas"),
            (koordination, Partei.KOORDINATION, ""),
        ]:
            services.vereinbarung_confirm(
                acting_user=user, begleitung=begleitung, partei=partei, name=name
            )
        _step(koordination, begleitung, "activate")
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


def _step(koordination: User, begleitung: Begleitung, action: str) -> None:
    services.begleitung_transition(acting_user=koordination, begleitung=begleitung, action=action)
