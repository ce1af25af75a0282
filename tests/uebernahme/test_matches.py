"""Running matches: a pair is imported only when the platform's rules for a match hold
(clearance of the volunteer, consents of the young person); it arrives as a proposal."""

from __future__ import annotations

from typing import Any

import pytest

from matching.models import Begleitung
from tests.matching.factories import make_anfrage, make_mentor
from tests.uebernahme.files import csv_bytes
from uebernahme.reading import read_table
from uebernahme.services import uebernahme_confirm, uebernahme_preview
from wegbegleitung.models import AuditEvent

pytestmark = pytest.mark.django_db
HEADER = ["E-Mail Wegbegleiter:in", "Einrichtung", "Einrichtung PLZ", "Vorname", "Geburtsmonat",
          "Geburtsjahr", "Beginn"]  # fmt: skip


@pytest.fixture
def _private_files(settings: Any, tmp_path: Any) -> None:
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"


def _young(anfrage: Any) -> list[str]:
    j = anfrage.jugendliche
    return [j.einrichtung.name, j.einrichtung.postleitzahl, j.vorname, str(j.geburtsmonat),
            str(j.geburtsjahr)]  # fmt: skip


def test_matches_preview_confirm_and_again(alice, region_a, einrichtung_a, _private_files):
    make_mentor(region_a, email="mara@example.org")
    make_mentor(region_a, email="nils@example.org", cleared=False)
    make_mentor(region_a, email="pia@example.org")
    malik = make_anfrage(einrichtung_a, vorname="Malik")
    nora = make_anfrage(einrichtung_a, vorname="Nora")
    lea = make_anfrage(einrichtung_a, vorname="Lea")
    lines = [
        HEADER,
        ["mara@example.org", *_young(malik), "01.03.2025"],  # 2 ok: cleared, consents
        ["MARA@example.org", *_young(malik), "01.03.2025"],  # 3 same pair as line 2
        ["nils@example.org", *_young(nora), "2025-04-01"],  # 4 not cleared
        ["otto@example.org", *_young(nora), "01.04.2025"],  # 5 no such volunteer
        ["pia@example.org", *_young(nora), "März 2025"],  # 6 not a date
        ["mara@example.org", einrichtung_a.name, "60311", "Zoe", "1", "2011", "01.04.2025"],  # 7
        ["mara@example.org", *_young(nora), "01.04.2025"],  # 8 Mara's one place went to line 2
        ["pia@example.org", *_young(malik), "01.04.2025"],  # 9 Malik is matched on line 2
        ["pia@example.org", *_young(lea), "01.01.2999"],  # 10 begins in the future
    ]
    rows = read_table(csv_bytes(lines), "begleitungen.csv")
    results = uebernahme_preview(acting_user=alice, region=region_a, art="begleitungen", rows=rows)
    assert [(r.line, r.outcome) for r in results] == [
        (2, "create"), (3, "refuse"), (4, "refuse"), (5, "refuse"), (6, "refuse"), (7, "refuse"),
        (8, "refuse"), (9, "refuse"), (10, "refuse"),
    ]  # fmt: skip
    assert results[0].summary.startswith("Begleitung von ") and results[0].summary.endswith(
        " mit Malik, begonnen am 01.03.2025"
    )
    assert results[0].notes == [
        "Wird als Vorschlag angelegt: Kennenlernen und Vereinbarung halten Sie in der Plattform "
        "fest, danach wird die Begleitung aktiv."
    ]
    assert results[1].summary == "Gleich wie Zeile 2 dieser Datei."
    assert results[2].summary.startswith("Die Wegbegleiter:in ist nicht freigegeben")
    assert results[3].summary == "Keine Wegbegleiter:in mit dieser E-Mail-Adresse in dieser Region."
    assert results[4].summary == "„Beginn“ ist kein Datum wie 31.12.2025."
    assert results[5].summary == (
        "Diese:n Jugendliche:n gibt es in dieser Einrichtung nicht; übernehmen Sie zuerst die "
        "Jugendlichen."
    )
    assert results[6].summary.endswith(" hat keinen freien Platz für eine weitere Begleitung.")
    assert (
        results[7].summary
        == "Diese:r Jugendliche hat schon eine Begleitung mit einer anderen Person."
    )
    assert (
        results[8].summary
        == "„Beginn“ liegt in der Zukunft: eine laufende Begleitung hat schon begonnen."
    )
    counts = uebernahme_confirm(acting_user=alice, region=region_a, art="begleitungen", rows=rows)
    assert counts == {"create": 1, "refuse": 8}
    match = Begleitung.objects.get()
    assert (match.wegbegleiter.user.email, match.jugendliche.vorname, match.status) == (
        "mara@example.org", "Malik", Begleitung.Status.VORGESCHLAGEN)  # fmt: skip
    assert AuditEvent.objects.filter(action="begleitung.propose").count() == 1
    again = uebernahme_confirm(acting_user=alice, region=region_a, art="begleitungen", rows=rows)
    # line 8 is refused again (Mara's place is taken), line 9 too (Malik is matched)
    assert again == {"skip": 1, "refuse": 8} and Begleitung.objects.count() == 1


def _pairs(n: int, einrichtung: Any) -> list[list[str]]:
    return [HEADER, *[[f"m{i}@example.org", einrichtung.name, "60311", f"Y{i}", "1", "2011",
                       "01.03.2025"] for i in range(n)]]  # fmt: skip


@pytest.mark.parametrize("art", ["wegbegleiter", "einrichtungen", "jugendliche", "begleitungen"])
def test_each_preview_needs_the_same_queries_for_2_and_for_20_rows(
    art, alice, region_a, einrichtung_a, _private_files
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_anfrage(einrichtung_a, vorname="Y0")  # postal code 60311; one young person with consents
    make_mentor(region_a, email="m0@example.org")
    files = {
        "wegbegleiter": lambda n: [["E-Mail", "Vorname", "Nachname"],
                                   *[[f"p{i}@example.org", "V", "N"] for i in range(n)]],
        "einrichtungen": lambda n: [["Name", "PLZ"], *[[f"Haus {i}", "60311"] for i in range(n)]],
        "jugendliche": lambda n: [["Einrichtung", "Einrichtung PLZ", "Vorname", "Geburtsmonat",
                                   "Geburtsjahr"],
                                  *[[einrichtung_a.name, "60311", f"J{i}", "1", "2011"]
                                    for i in range(n)]],
        "begleitungen": lambda n: _pairs(n, einrichtung_a),
    }  # fmt: skip
    counts = []
    for n in (2, 2, 20):  # the first run warms the user's permission cache
        rows = read_table(csv_bytes(files[art](n)), "f.csv")
        with CaptureQueriesContext(connection) as queries:
            results = uebernahme_preview(acting_user=alice, region=region_a, art=art, rows=rows)
        assert len(results) == n
        counts.append(len(queries))
    # (matches: only the one existing pair is creatable; each creatable line costs the few queries
    # of matching.suggestions.pair_for, the proposal's own hard rules)
    # facilities: Django's model validation (called by einrichtung_validate) checks the region's
    # foreign key with one query per row (18 more rows, 18 more queries); all else is constant
    assert counts[2] - counts[1] == (18 if art == "einrichtungen" else 0), art
