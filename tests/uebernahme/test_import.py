"""Import from spreadsheets: the preview row by row, confirming writes exactly the valid rows,
a second import of the same file writes nothing, the refused rows download; against PostgreSQL."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import load_workbook

from einrichtungen.models import Einrichtung, Jugendliche, Traeger
from tests.uebernahme.files import FACILITIES, VOLUNTEERS, YOUNG, csv_bytes, xlsx_bytes
from uebernahme.reading import read_table
from uebernahme.services import uebernahme_confirm, uebernahme_preview
from wegbegleitung.models import AuditEvent, User, Wegbegleiter
from wegbegleitung.roles import Role

pytestmark = pytest.mark.django_db


def _rows(lines: list[list[str]]) -> list[dict[str, str]]:
    return read_table(csv_bytes(lines), "datei.csv")


def _outcomes(results: list[Any]) -> list[tuple[int, str, str]]:
    return [(r.line, r.outcome, r.summary) for r in results]


@pytest.fixture
def existing(volunteer: Any, staff_a: Any) -> None:
    """vera@example.org is a volunteer of region A; staff-a@example.org is facility staff."""


def test_the_volunteer_preview_is_right_row_by_row(alice, region_a, existing):
    results = uebernahme_preview(
        acting_user=alice, region=region_a, art="wegbegleiter", rows=_rows(VOLUNTEERS)
    )
    assert _outcomes(results) == [
        (2, "create", "Wegbegleiter:in Anna Arendt <anna@example.org>, Stufe „Interessent:in“"),
        (3, "create", "Wegbegleiter:in Ben Brandt <ben@example.org>, Stufe „In Prüfung“"),
        (4, "refuse", "„kein-email“ ist keine E-Mail-Adresse."),
        (5, "refuse", "Gleich wie Zeile 2 dieser Datei."),
        (6, "refuse", "Abgelehnte oder ausgeschiedene Wegbegleiter:innen werden nicht übernommen "
                      "(Datensparsamkeit)."),
        (7, "skip", "Schon in der Plattform; nichts zu tun."),
        (8, "create", 'Wegbegleiter:in =HYPERLINK("x") Ernst <emil@example.org>, '
                      "Stufe „Interessent:in“"),
        (9, "refuse", "„=1+1“ ist keine E-Mail-Adresse."),
        (10, "refuse", "Die Spalte „Nachname“ ist leer."),
        (11, "refuse", "Unbekannte Stufe „chef“; erlaubt: interessent, beworben, in_pruefung, "
                       "verfuegbar."),
        (12, "refuse", "Diese E-Mail-Adresse gehört schon zu einem anderen Konto."),
    ]  # fmt: skip
    # the row the file calls "verfügbar" says plainly that safeguarding happens in the platform
    assert results[1].notes == [
        "Führungszeugnis, Verhaltenskodex, Schulung und die Entscheidung folgen in der Plattform: "
        "Sicherheitsnachweise werden nie übernommen.",
        "In der Datei steht „verfügbar“; übernommen als „In Prüfung“, bis die Freigabe in der "
        "Plattform erteilt ist.",
    ]
    assert Wegbegleiter.objects.count() == 1  # the preview wrote nothing


def test_confirming_writes_exactly_the_valid_volunteers_and_a_second_import_nothing(
    alice, region_a, existing
):
    rows = _rows(VOLUNTEERS)
    before = AuditEvent.objects.count()
    counts = uebernahme_confirm(acting_user=alice, region=region_a, art="wegbegleiter", rows=rows)
    # 3 created (lines 2, 3, 8), 1 already there (7), 7 refused (4, 5, 6, 9, 10, 11, 12)
    assert counts == {"create": 3, "skip": 1, "refuse": 7}
    created = Wegbegleiter.objects.filter(region=region_a).exclude(user__email="vera@example.org")
    assert sorted(created.values_list("user__email", "status")) == [
        ("anna@example.org", "interessent"),
        ("ben@example.org", "in_pruefung"),
        ("emil@example.org", "interessent"),
    ]
    emil = User.objects.get(email="emil@example.org")
    assert emil.first_name == '=HYPERLINK("x")'  # stored as the plain text it was
    assert not emil.has_usable_password() and emil.has_role(Role.WEGBEGLEITUNG)
    assert not created.filter(fuehrungszeugnisse__isnull=False).exists()
    actions = list(AuditEvent.objects.order_by("pk")[before:].values_list("action", flat=True))
    # per volunteer: the role, then the import; at the end the import as a whole
    assert actions == ["user.grant_role", "wegbegleiter.import"] * 3 + ["region.import"]
    confirm = AuditEvent.objects.get(action="region.import")
    assert confirm.details == {"art": "wegbegleiter", "create": 3, "skip": 1, "refuse": 7}
    again = uebernahme_confirm(acting_user=alice, region=region_a, art="wegbegleiter", rows=rows)
    assert again == {"skip": 4, "refuse": 7}  # now lines 2, 3, 7 and 8 are there
    assert Wegbegleiter.objects.count() == 4


def test_facilities_preview_confirm_and_again(alice, region_a, einrichtung_a, settings):
    results = uebernahme_preview(
        acting_user=alice, region=region_a, art="einrichtungen", rows=_rows(FACILITIES)
    )
    assert _outcomes(results) == [
        (2, "create", "Einrichtung Haus Birke, 60311 Frankfurt"),
        (3, "create", "Einrichtung Haus Eiche, 60313 Frankfurt"),
        (4, "refuse", "Gleich wie Zeile 2 dieser Datei."),
        (5, "refuse", "Bitte eine Postleitzahl mit 5 Ziffern eingeben."),
        (6, "refuse", "„zelt“ ist in „Art“ nicht erlaubt; erlaubt: Wohngruppe, Heim, "
                      "Erziehungsstelle (Pflegefamilie), Inobhutnahme, Sonstige, "
                      "Netzwerkkoordination Frühe Hilfen (Jugendamt), Familienhebammen, "
                      "Beratungsstelle."),
        (7, "skip", "Schon in der Plattform; nichts zu tun."),
        (8, "refuse", "Die Spalte „Name“ ist leer."),
    ]  # fmt: skip
    assert results[1].notes == ["Neuer Träger „Jugendhilfe Süd“."]
    counts = uebernahme_confirm(
        acting_user=alice, region=region_a, art="einrichtungen", rows=_rows(FACILITIES)
    )
    assert counts == {"create": 2, "skip": 1, "refuse": 4}
    birke = Einrichtung.objects.get(name="Haus Birke")
    assert (birke.region, birke.postleitzahl, birke.art) == (region_a, "60311", "wohngruppe")
    assert AuditEvent.objects.filter(action="einrichtung.create", object_id=str(birke.pk)).exists()
    again = uebernahme_confirm(
        acting_user=alice, region=region_a, art="einrichtungen", rows=_rows(FACILITIES)
    )
    assert again == {"skip": 3, "refuse": 4}
    assert Einrichtung.objects.count() == 3
    traeger = Traeger.objects.get()  # the provider named on line 3, created once
    assert Einrichtung.objects.get(name="Haus Eiche").traeger == traeger
    assert AuditEvent.objects.filter(action="traeger.create").count() == 1


def test_young_people_preview_confirm_and_again(alice, region_a, einrichtung_a, einrichtung_b):
    Einrichtung.objects.filter(pk=einrichtung_a.pk).update(postleitzahl="60311")
    results = uebernahme_preview(
        acting_user=alice, region=region_a, art="jugendliche", rows=_rows(YOUNG)
    )
    assert [(r.line, r.outcome) for r in results] == [
        (2, "create"), (3, "create"), (4, "refuse"), (5, "refuse"), (6, "refuse"),
        (7, "refuse"), (8, "refuse"), (9, "refuse"),
    ]  # fmt: skip
    assert results[0].summary == "Jugendliche:r Sam (geb. 04/2010) in Wohngruppe Lindenhof"
    assert results[2].summary == "Gleich wie Zeile 2 dieser Datei."  # "sam", "04": same key
    assert results[3].summary == (
        "Keine Einrichtung „Haus Unbekannt“ mit Postleitzahl „“ in dieser Region; übernehmen Sie "
        "zuerst die Einrichtungen."
    )
    assert results[4].summary == "„Geburtsmonat“ muss eine Zahl von 1 bis 12 sein."
    # the plausibility rule of einrichtungen (born within 27 years), in its own words
    this_year = date.today().year
    assert results[5].summary == (
        f"Bitte ein Geburtsjahr zwischen {this_year - 27} und {this_year} eingeben."
    )
    assert results[6].summary.startswith("Keine Einrichtung „Haus am See“")  # region B: not here
    # line 2 names the facility without its postal code: the name is unique in the region;
    # line 9 does so too and is then the same young person as line 3
    assert results[7].summary == "Gleich wie Zeile 3 dieser Datei."
    counts = uebernahme_confirm(acting_user=alice, region=region_a, art="jugendliche",
                                rows=_rows(YOUNG))  # fmt: skip
    assert counts == {"create": 2, "refuse": 6}
    assert {j.einrichtung for j in Jugendliche.objects.all()} == {einrichtung_a}
    assert sorted(Jugendliche.objects.values_list("vorname", "geburtsmonat", "geburtsjahr")) == [
        ("Noa", 11, 2012), ("Sam", 4, 2010)]  # fmt: skip
    assert AuditEvent.objects.filter(action="jugendliche.create").count() == 2
    again = uebernahme_confirm(acting_user=alice, region=region_a, art="jugendliche",
                               rows=_rows(YOUNG))  # fmt: skip
    # lines 2 and 3 are there now; line 9 stays refused as the file's own duplicate of line 3
    assert again == {"skip": 2, "refuse": 6} and Jugendliche.objects.count() == 2


def test_a_coordinator_of_another_region_may_not_import_into_a(bob, region_a, volunteer, staff_a):
    for call in (uebernahme_preview, uebernahme_confirm):
        with pytest.raises(PermissionDenied):
            call(acting_user=bob, region=region_a, art="wegbegleiter", rows=_rows(VOLUNTEERS))
    assert not User.objects.filter(email="anna@example.org").exists()


def test_csv_with_bom_and_commas_and_xlsx_read_the_same(alice, region_a):
    lines = VOLUNTEERS[:4]
    with_bom = read_table(csv_bytes(lines, delimiter=",", bom=True), "liste.CSV")
    assert with_bom == read_table(xlsx_bytes(lines), "liste.xlsx") == _rows(lines)
    assert list(with_bom[0]) == VOLUNTEERS[0]  # the BOM is not part of the first column's name


def test_an_xlsx_formula_cell_is_read_as_its_text():
    rows = read_table(xlsx_bytes([["E-Mail", "Vorname"], ["x@example.org", "=1+1"]]), "a.xlsx")
    assert rows == [{"E-Mail": "x@example.org", "Vorname": "=1+1"}]


def refused_csv(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def refused_xlsx(content: bytes) -> list[list[Any]]:
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_the_import_audit_events_read_as_german_labels():
    from django.utils import translation

    from wegbegleitung.audit_labels import audit_action_label

    with translation.override("de"):
        assert (
            audit_action_label("wegbegleiter.import") == "Wegbegleiter:in: aus Tabelle übernommen"
        )
        assert audit_action_label("region.import") == "Region: aus Tabelle übernommen"
