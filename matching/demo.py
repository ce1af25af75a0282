"""Demo data of the matching app (idempotent): default weights and Amira's matching wishes, so
a coordinator can open Amira's request under "Anfragen: Vorschläge" and propose Wiebke Wagner."""

from __future__ import annotations

from collections.abc import Callable

from einrichtungen.models import Jugendliche
from matching.models import Gewichtung, Wunsch
from matching.services import gewichtung_save, wunsch_save
from wegbegleitung.demo import DOMAIN
from wegbegleitung.models import User


def load(*, out: Callable[[str], None]) -> None:
    koordination = User.objects.get(email=f"koordination@{DOMAIN}")
    if not Gewichtung.objects.filter(region=None).exists():
        gewichtung_save(acting_user=None, gewichtung=Gewichtung())
    amira = Jugendliche.objects.filter(vorname="Amira").first()
    if amira is not None and not Wunsch.objects.filter(jugendliche=amira).exists():
        wunsch_save(
            acting_user=koordination,
            jugendliche=amira,
            mentor_geschlecht="",
            zeiten=["di-nachmittag", "sa-nachmittag", "so-vormittag"],
        )
    out("Matching: default weights; Amira has time on Tuesday and Saturday afternoons and")
    out("  Sunday mornings. Admin: Anfragen: Vorschläge → Amira suggests Wiebke Wagner")
