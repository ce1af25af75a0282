"""The import pages in the admin: who may, the preview page, confirming, the refused rows and
the template files as downloads, constant queries."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import make_user
from tests.uebernahme.files import VOLUNTEERS, csv_bytes, xlsx_bytes
from wegbegleitung.models import AuditEvent, User, Wegbegleiter
from wegbegleitung.roles import Role

pytestmark = pytest.mark.django_db
DE = {"HTTP_ACCEPT_LANGUAGE": "de"}


def _upload(client: Any, region: Any, content: bytes, name: str = "liste.csv") -> Any:
    return client.post(
        reverse("admin:uebernahme"),
        {"art": "wegbegleiter", "region": region.pk, "datei": SimpleUploadedFile(name, content)},
        **DE,
    )


@pytest.fixture
def existing(volunteer: Any, staff_a: Any) -> None:
    """vera@example.org is a volunteer of region A; staff-a@example.org is facility staff."""


@pytest.mark.parametrize("who", ["volunteer", "staff_a", "charlie"])
def test_volunteers_staff_and_users_without_a_role_get_no_page(who, client, request, region_a):
    client.force_login(request.getfixturevalue(who))
    for name, kwargs in [("admin:uebernahme", {}), ("admin:uebernahme_vorschau", {}),
                         ("admin:uebernahme_vorlage", {"art": "wegbegleiter", "fmt": "csv"}),
                         ("admin:uebernahme_abgelehnt", {"fmt": "csv"})]:  # fmt: skip
        response = client.get(reverse(name, kwargs=kwargs))
        # the admin sends users without admin access to its login; staff users get 403
        assert response.status_code == 403 or (
            response.status_code == 302 and "/login/" in response["Location"]
        ), (who, name)
    response = client.post(reverse("admin:uebernahme_bestaetigen"))
    assert (
        response.status_code in (302, 403)
        and not Wegbegleiter.objects.exclude(user__email="vera@example.org").exists()
    )


def test_anonymous_is_sent_to_the_login(client):
    response = client.get(reverse("admin:uebernahme"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_kinderschutz_lead_without_a_region_gets_403(client, db):
    lead = make_user(Role.KINDERSCHUTZ, email="ks@example.org")  # admin access, no region
    client.force_login(lead)
    assert client.get(reverse("admin:uebernahme")).status_code == 403


def test_bob_cannot_choose_region_a_nor_confirm_into_it(client, bob, region_a, region_b):
    client.force_login(bob)
    page = client.get(reverse("admin:uebernahme"), **DE).content.decode()
    assert "Wien" in page and "Rhein-Main" not in page
    response = _upload(client, region_a, csv_bytes(VOLUNTEERS[:3]))
    assert (
        response.status_code == 200
        and "Bitte eine gültige Auswahl treffen." in response.content.decode()
    )
    session = client.session
    session["uebernahme"] = {"art": "wegbegleiter", "region": region_a.pk,
                             "rows": [{"E-Mail": "x@example.org", "Vorname": "X",
                                       "Nachname": "Y"}]}  # fmt: skip
    session.save()
    assert client.post(reverse("admin:uebernahme_bestaetigen")).status_code == 403
    assert client.get(reverse("admin:uebernahme_vorschau")).status_code == 403
    assert not User.objects.filter(email="x@example.org").exists()


def test_upload_preview_confirm_and_the_refused_rows(client, alice, region_a, existing):
    client.force_login(alice)
    response = _upload(client, region_a, csv_bytes(VOLUNTEERS))
    assert response.status_code == 302 and Wegbegleiter.objects.count() == 1  # nothing written
    page = client.get(response["Location"], **DE).content.decode()
    assert (
        "Wegbegleiter:innen nach Rhein-Main: 3 neu anzulegen, 1 schon vorhanden, 7 abgelehnt."
        in page
    )
    assert page.count('class="zeile-refuse"') == 7 and page.count('class="zeile-create"') == 3
    assert "„kein-email“ ist keine E-Mail-Adresse." in page
    assert "übernommen als „In Prüfung“" in page
    refused = client.get(reverse("admin:uebernahme_abgelehnt", kwargs={"fmt": "csv"}))
    lines = list(csv.reader(io.StringIO(refused.content.decode("utf-8-sig")), delimiter=";"))
    assert lines[0] == [*VOLUNTEERS[0], "Grund"]
    assert [line[0] for line in lines[1:]] == [
        "kein-email", "ANNA@example.org", "dora@example.org", "'=1+1", "gina@example.org",
        "hans@example.org", "staff-a@example.org"]  # fmt: skip  # the formula is neutralised
    assert lines[4][-1] == "„=1+1“ ist keine E-Mail-Adresse."
    sheet = load_workbook(io.BytesIO(client.get(
        reverse("admin:uebernahme_abgelehnt", kwargs={"fmt": "xlsx"})).content)).worksheets[0]  # fmt: skip
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0][-1] == "Grund" and values[4][0] == "'=1+1" and len(values) == 8
    done = client.post(reverse("admin:uebernahme_bestaetigen"), **DE)
    assert done.status_code == 302
    assert done["Location"] == reverse("admin:wegbegleitung_wegbegleiter_changelist")
    assert Wegbegleiter.objects.count() == 4
    assert AuditEvent.objects.filter(action="wegbegleiter.import").count() == 3
    listing = client.get(done["Location"], **DE).content.decode()
    assert "Übernommen: 3 angelegt, 1 schon vorhanden, 7 abgelehnt." in listing
    assert "Arendt" in listing
    # the file's lines are gone from the session once imported
    assert client.get(reverse("admin:uebernahme_vorschau")).status_code == 404


def test_an_xlsx_and_a_csv_with_bom_and_commas_preview_alike(client, alice, region_a, existing):
    client.force_login(alice)
    pages = []
    for name, content in [("a.xlsx", xlsx_bytes(VOLUNTEERS)),  # type: ignore[arg-type]
                          ("b.csv", csv_bytes(VOLUNTEERS, delimiter=",", bom=True))]:  # fmt: skip
        assert _upload(client, region_a, content, name).status_code == 302
        pages.append(client.get(reverse("admin:uebernahme_vorschau"), **DE).content.decode())
    assert "3 neu anzulegen, 1 schon vorhanden, 7 abgelehnt" in pages[0]
    tables = [page.split('id="vorschau"')[1].split("</table>")[0] for page in pages]
    assert tables[0] == tables[1] and tables[0].count("<tr") == 12  # header and 11 rows


def test_a_file_that_is_not_a_table_is_refused_with_a_message(client, alice, region_a):
    client.force_login(alice)
    page = _upload(client, region_a, b"%PDF-1.4", "brief.pdf").content.decode()
    assert "Bitte laden Sie eine CSV- oder XLSX-Datei hoch." in page
    page = _upload(client, region_a, "E-Mail\nä".encode("latin-1"), "alt.csv").content.decode()
    assert "Die CSV-Datei ist nicht in UTF-8 gespeichert." in page


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_template_files_download_with_their_columns(client, alice, fmt):
    client.force_login(alice)
    response = client.get(
        reverse("admin:uebernahme_vorlage", kwargs={"art": "jugendliche", "fmt": fmt})
    )
    assert response.status_code == 200
    assert 'filename="vorlage-jugendliche.' in response["Content-Disposition"]
    if fmt == "csv":
        header = response.content.decode("utf-8-sig").splitlines()[0]
        assert (
            header
            == "Einrichtung;Einrichtung PLZ;Vorname;Geburtsmonat;Geburtsjahr;Geschlecht;Sprachen"
        )


def test_the_upload_page_and_all_areas_link_in_german(client, alice):
    client.force_login(alice)
    page = client.get(reverse("admin:uebernahme"), **DE).content.decode()
    for text in ["Aus Tabelle übernehmen", "Vorschau anzeigen", "Vorlagen", "Laufende Begleitungen",
                 "höchstens in der Stufe „In Prüfung“"]:  # fmt: skip
        assert text in page, text
    areas = client.get(reverse("admin:uebersicht"), **DE).content.decode()
    assert f'href="{reverse("admin:uebernahme")}"' in areas


def _volunteers(n: int) -> list[list[str]]:
    rows = [[f"p{i}@example.org", f"V{i}", "N", "", "", "", ""] for i in range(n)]
    return [VOLUNTEERS[0], *rows, ["kein-email", "A", "B", "", "", "", ""]]


def test_the_preview_needs_the_same_queries_for_2_and_for_20_rows(client, alice, region_a):
    client.force_login(alice)
    counts = []
    for n in (2, 20):
        _upload(client, region_a, csv_bytes(_volunteers(n)))
        with CaptureQueriesContext(connection) as queries:
            page = client.get(reverse("admin:uebernahme_vorschau"), **DE).content.decode()
        assert f"{n} neu anzulegen" in page
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_an_imported_volunteer_can_ask_for_a_password(
    client, alice, region_a, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    _upload(client, region_a, csv_bytes(VOLUNTEERS[:2]))
    client.post(reverse("admin:uebernahme_bestaetigen"))
    client.logout()
    with django_capture_on_commit_callbacks(execute=True):  # the mail leaves through the outbox
        client.post(reverse("account_reset_password"), {"email": "anna@example.org"}, **DE)
    assert [m.to for m in mailoutbox] == [["anna@example.org"]]
    assert "/konto/password/reset/key/" in mailoutbox[0].body
