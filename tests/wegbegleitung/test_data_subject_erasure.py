"""Erasure (GDPR Art. 17): a volunteer in a running match and a young adult are erased by a
coordinator in one step each; afterwards every text and JSON column of every table is searched
for their names and email address, and only the places the law requires keep them."""

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
from wegbegleitung.models import Wegbegleiter
from wegbegleitung.personal_data import Kind, Subject
from wegbegleitung.services.erasure import erasure_carry_out, erasure_plan

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


def _close(alice: Any, begleitung: Begleitung) -> None:
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


def test_the_plan_says_what_goes_what_stays_and_why(designed: dict[str, Any]) -> None:
    steps = erasure_plan(Subject(Kind.WEGBEGLEITER, designed["mentor"].pk))
    kept = {str(s.what): s for s in steps if s.action == "keep"}
    assert "Audit trail" in kept or "Protokoll" in " ".join(kept)
    assert all(s.reason and s.until for s in kept.values())
    assert any(
        s.action == "delete" and s.count >= 3 for s in steps
    )  # application, interview, 2 refs
    assert any(s.action == "anonymise" for s in steps)


def test_erasing_two_people_leaves_their_names_only_where_the_law_keeps_them(
    designed: dict[str, Any], alice: Any
) -> None:
    mentor, begleitung = designed["mentor"], designed["begleitung"]
    needles = (MENTOR["first_name"], MENTOR["last_name"], MENTOR["email"], *ADULT.values())
    assert ("wegbegleitung_user", "email") in places_naming(*needles)  # the search finds them

    # the volunteer: a match runs, so it is ended first, never silently
    result = erasure_carry_out(acting_user=alice, subject=Subject(Kind.WEGBEGLEITER, mentor.pk))
    assert not result.done
    begleitung.refresh_from_db()
    assert begleitung.status == Begleitung.Status.ENDE_ANGEFRAGT
    assert Wegbegleiter.objects.get(pk=mentor.pk).user.is_active  # nothing deleted yet
    _close(alice, begleitung)  # the farewell: the erasure completes with the closure
    mentor.refresh_from_db()
    assert not mentor.user.is_active

    # the young adult: her match is closed now
    erasure_carry_out(
        acting_user=alice, subject=Subject(Kind.JUGENDLICHE, designed["jugendliche"].pk)
    )

    assert places_naming(*needles) == {
        # the audit trail names the volunteer's own actions by her address (GDPR Art. 5(2))
        ("wegbegleitung_auditevent", "actor_label"),
        # the agreement names who confirmed it (kept with the closed match)
        ("matching_bestaetigung", "name"),
        # the signed code of conduct (§ 72a SGB VIII, with the certificate facts)
        ("schutzkonzept_unterzeichnung", "typed_name"),
    }
