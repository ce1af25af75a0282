"""The designed people of the data-subject tests: a mentor in a running match with a young
adult, with the records every app keeps about them (through the services)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from einrichtungen.models import Einwilligung
from matching import services
from matching.models import Abschluss, Begleitung
from tests.einrichtungen.factories import HilfeplangespraechFactory, consent_all
from tests.matching.factories import make_active, make_anfrage, make_mentor
from tests.wegbegleitung.factories import record_screening

MENTOR = {
    "first_name": "Veronika",
    "last_name": "Vollmerhausen",
    "email": "v.vollmerhausen@example.org",
}
ADULT = {"vorname": "Yasmina", "nachname": "Zedernholz"}


def text_columns() -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND data_type IN "
            "('text', 'character varying', 'json', 'jsonb') ORDER BY 1, 2"
        )
        return list(cursor.fetchall())


def places_naming(*needles: str) -> set[tuple[str, str]]:
    """Every (table, column) whose value contains one of ``needles`` (case-insensitive)."""
    found = set()
    with connection.cursor() as cursor:
        for table, column in text_columns():
            for needle in needles:
                cursor.execute(
                    # names from information_schema; the searched value is a parameter
                    f'SELECT 1 FROM "{table}" WHERE "{column}"::text ILIKE %s LIMIT 1',  # noqa: S608
                    [f"%{needle}%"],
                )
                if cursor.fetchone():
                    found.add((table, column))
    return found


def close(alice: Any, begleitung: Begleitung) -> None:
    services.begleitung_close(
        acting_user=alice, begleitung=begleitung, art=Abschluss.Art.GEPLANT,
        grund=Abschluss.Grund.ZEIT_WB, gespraech_wegbegleiter="gut vorbereitet",
        gespraech_jugendliche="Abschied im Zoo", kontakt_danach=Abschluss.Kontakt.KEIN,
        wegbegleiter_danach="ausscheiden", beendet_am=timezone.localdate(),
    )  # fmt: skip


@pytest.fixture
def designed(settings: Any, alice: Any, staff_a: Any, einrichtung_a: Any) -> dict[str, Any]:
    """A mentor in a running match with a young adult (19), diary and support contact."""
    settings.WB_JUGENDLICHE_NACHNAME = True
    mentor = make_mentor(einrichtung_a.region, mentee_age_max=21, **MENTOR)
    record_screening(mentor, alice)
    year = timezone.localdate().year - 19
    anfrage = make_anfrage(einrichtung_a, geburtsjahr=year, **ADULT)
    consent_all(anfrage.jugendliche, Einwilligung.Inhaber.VOLLJAEHRIGE)
    HilfeplangespraechFactory(
        jugendliche=anfrage.jugendliche, zusammenfassung="Yasmina kommt gut an"
    )
    begleitung = make_active(alice, staff_a, anfrage, mentor)
    services.treffen_create(
        acting_user=mentor.user, begleitung=begleitung, datum=timezone.localdate(),
        dauer_minuten=90, art="persoenlich", aktivitaet="Eis essen", stimmung="gut",
    )  # fmt: skip
    return {"mentor": mentor, "jugendliche": anfrage.jugendliche, "begleitung": begleitung}
