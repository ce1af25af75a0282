"""The reports page and the annual report in the admin: who may, what they see, in German."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from berichte import services
from berichte.models import Jahresbericht
from matching.models import Abschluss
from tests.berichte import factories as f
from tests.factories import add_totp, make_user
from wegbegleitung.models import AuditEvent
from wegbegleitung.roles import Role

pytestmark = pytest.mark.django_db
PAGE = "admin:berichte"
YEAR_2025 = {"von": "2025-01-01", "bis": "2025-12-31"}


def _history(einrichtung: Any, tag: str = "") -> None:
    """Some of everything the page counts, in 2025."""
    region = einrichtung.region
    k = f.match(einrichtung, started=date(2024, 2, 1))
    f.kontakt(k, date(2025, 3, 1))
    f.treffen(k, date(2025, 3, 5), 90)
    f.match(einrichtung, started=date(2024, 3, 1), ended=date(2025, 5, 1),
            grund=Abschluss.Grund.BEZIEHUNG)  # fmt: skip
    f.anfrage(einrichtung, date(2025, 2, 1), status="vermittelt", done=date(2025, 3, 1))
    f.anfrage(einrichtung, date(2025, 11, 1))
    f.hpg(k.jugendliche, date(2025, 6, 1), erwogen=True, eingeladen=True, teilgenommen=True)
    f.mentor(region, registered=date(2025, 4, 1))


def _alice_of(einrichtung: Any) -> Any:
    return make_user(Role.KOORDINATION, region=einrichtung.region, email="a2@example.org")


def _get(client: Any, **params: str) -> Any:
    return client.get(reverse(PAGE), params, HTTP_ACCEPT_LANGUAGE="de")


def test_the_coordinator_sees_charts_with_their_tables_in_german(client, alice, einrichtung_a):
    _history(einrichtung_a)
    client.force_login(alice)
    page = _get(client, **YEAR_2025).content.decode()
    assert page.count('role="img"') == 4 and page.count("<title id=") == 4
    for text in ["Kennzahlen", "Begonnene und beendete Begleitungen pro Monat",
                 "Treffstunden pro Monat", "Abschlüsse nach Grund", "Bewerber:innen je Phase",
                 "Die Beziehung hat nicht gepasst", "Jahresbericht (PDF)"]:  # fmt: skip
        assert text in page, text
    for name in ["kennzahlen", "monate", "abschluesse", "abschlussarten", "bewerbung"]:
        assert f'id="tabelle-{name}"' in page


def test_the_home_and_all_areas_link_to_the_reports(client, alice):
    client.force_login(alice)
    url = reverse(PAGE)
    assert f'href="{url}"' in client.get(reverse("admin:index")).content.decode()
    assert f'href="{url}"' in client.get(reverse("admin:uebersicht")).content.decode()


def test_the_default_period_is_the_last_twelve_full_months(client, alice):
    client.force_login(alice)
    form = _get(client).context["form"]
    von, bis = form.cleaned_data["von"], form.cleaned_data["bis"]
    assert von.day == 1 and (bis.month % 12) + 1 == date.today().month or bis < date.today()
    assert (bis.year - von.year) * 12 + bis.month - von.month == 11


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (
            {"von": "2025-06-01", "bis": "2025-01-01"},
            "Das Ende des Zeitraums liegt vor seinem Beginn.",
        ),
        (
            {"von": "1999-12-31", "bis": "2025-01-01"},
            "Geben Sie ein Datum zwischen den Jahren 2000 und",
        ),
        (
            {"von": "2010-01-01", "bis": "2025-01-01"},
            "Der Zeitraum darf höchstens zehn Jahre lang sein.",
        ),
        ({"von": "gestern", "bis": "2025-01-01"}, "Bitte ein gültiges Datum eingeben."),
    ],
)
def test_bad_periods_are_explained_in_german(client, alice, params, message):
    client.force_login(alice)
    response = _get(client, **params)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert 'id="tabelle-kennzahlen"' not in page


def test_a_region_of_someone_else_cannot_be_chosen(client, alice, region_b):
    client.force_login(alice)
    page = _get(client, region=str(region_b.pk), **YEAR_2025).content.decode()
    assert "Bitte eine gültige Auswahl treffen." in page
    assert 'id="tabelle-kennzahlen"' not in page


def test_the_coordinator_of_b_sees_nothing_of_a(client, bob, einrichtung_a, einrichtung_b):
    _history(einrichtung_a)
    client.force_login(bob)
    b = _get(client, **YEAR_2025).context["b"]
    assert b.aktiv.laufend == 0 and b.stunden_gesamt == 0 and b.hpg_erwogen.nenner == 0
    assert b.wartezeit.vermittelt.anzahl == 0 and b.abschluesse.vorzeitig.nenner == 0
    assert [s.anzahl for s in b.bewerbung] == [0, 0, 0, 0]
    assert b.kontakte.nenner == 0 and b.reviews.nenner == 0 and b.bindung.nenner == 0
    assert b.laenge_laufend.anzahl == 0 and b.wartezeit.offen.anzahl == 0
    assert not any(m.begonnen or m.beendet or m.laufend for m in b.monate)
    assert b.hpg_anwesend.nenner == 0
    # and Alice, on the same page, sees A's
    client.force_login(_alice_of(einrichtung_a))
    a = _get(client, **YEAR_2025).context["b"]
    assert a.aktiv.laufend == 1 and a.stunden_gesamt == 1.5 and a.hpg_erwogen.nenner == 1


@pytest.mark.parametrize("who", ["volunteer", "staff_a", "charlie"])
def test_people_without_the_reports_get_none(client, request, who):
    client.force_login(request.getfixturevalue(who))
    response = _get(client)
    assert response.status_code in (302, 403)
    assert "Kennzahlen" not in response.content.decode()


def test_anonymous_is_sent_to_the_login(client):
    response = _get(client)
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_child_protection_lead_and_a_superuser_may(client, region_a):
    lead = make_user(Role.KINDERSCHUTZ, region=region_a, email="lead@example.org")
    client.force_login(lead)
    assert _get(client).status_code == 200
    boss = make_user(None, email="boss@example.org", is_superuser=True, is_staff=True)
    add_totp(boss)
    client.force_login(boss)
    assert _get(client).status_code == 200


def _queries(client: Any) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert _get(client, **YEAR_2025).status_code == 200
    return len(ctx.captured_queries)


def test_the_page_needs_the_same_number_of_queries_for_more_data(
    client, alice, einrichtung_a, django_assert_max_num_queries
):
    _history(einrichtung_a)
    client.force_login(alice)
    before = _queries(client)
    for _n in range(5):
        _history(einrichtung_a)
    with django_assert_max_num_queries(before):
        _get(client, **YEAR_2025)
    assert _queries(client) == before


# --- the annual report ----------------------------------------------------------------------


def _request(client: Any, **data: Any) -> Any:
    return client.post(reverse("admin:berichte_jahresbericht"), data, HTTP_ACCEPT_LANGUAGE="de")


def test_requesting_the_annual_report_renders_it_and_audits(
    client, alice, einrichtung_a, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.PRIVATE_FILES_ROOT = tmp_path
    _history(einrichtung_a)
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = _request(client, jahr=2025)
    bericht = Jahresbericht.objects.get()
    assert response["Location"] == reverse("admin:berichte_jahresbericht_status", args=[bericht.pk])
    assert bericht.status == Jahresbericht.Status.FERTIG and bericht.fortschritt == 100
    assert bericht.region_ids == [einrichtung_a.region_id]
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Fertig" in page and "data-poll" not in page
    download = client.get(reverse("admin:berichte_jahresbericht_pdf", args=[bericht.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    actions = list(AuditEvent.objects.filter(action__startswith="jahresbericht.")
                   .values_list("action", "actor", "details"))  # fmt: skip
    assert (
        "jahresbericht.create",
        alice.pk,
        {"jahr": 2025, "region_ids": [einrichtung_a.region_id]},
    ) in actions
    assert (
        "jahresbericht.download",
        alice.pk,
        {"jahr": 2025, "region_ids": [einrichtung_a.region_id]},
    ) in actions


def test_a_waiting_report_shows_progress_and_refreshes(client, alice, region_a):
    bericht = Jahresbericht.objects.create(
        jahr=2025, region_ids=[region_a.pk], requested_by=alice, fortschritt=30,
        status=Jahresbericht.Status.LAEUFT,
    )  # fmt: skip
    client.force_login(alice)
    url = reverse("admin:berichte_jahresbericht_status", args=[bericht.pk])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "data-poll=" in page and "30 %" in page and "Wird erstellt" in page
    pdf = reverse("admin:berichte_jahresbericht_pdf", args=[bericht.pk])
    assert client.get(pdf).status_code == 404  # not ready yet


@pytest.mark.parametrize("year", ["1999", "2999", "zwei"])
def test_a_bad_year_is_refused_in_german(client, alice, year):
    client.force_login(alice)
    response = _request(client, jahr=year)
    assert Jahresbericht.objects.count() == 0
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert any(m in page for m in ["Geben Sie ein Jahr ab 2000 an.", "Das Jahr hat noch nicht begonnen.",
                                   "Bitte eine ganze Zahl eingeben."])  # fmt: skip


@pytest.fixture
def ready(alice, region_a, tmp_path, settings):
    settings.PRIVATE_FILES_ROOT = tmp_path
    (tmp_path / "berichte").mkdir()
    (tmp_path / "berichte" / "a.pdf").write_bytes(b"%PDF-1.7 test")
    return Jahresbericht.objects.create(
        jahr=2025, region_ids=[region_a.pk], requested_by=alice, status="fertig",
        fortschritt=100, datei="berichte/a.pdf",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("who", "status"),
    [("alice", 200), ("bob", 404), ("volunteer", 302), ("staff_a", 302), ("charlie", 302)],
)
def test_who_may_see_and_download_a_ready_report(client, request, ready, who, status):
    client.force_login(request.getfixturevalue(who))
    for name in ("admin:berichte_jahresbericht_status", "admin:berichte_jahresbericht_pdf"):
        assert client.get(reverse(name, args=[ready.pk])).status_code == status


def test_another_coordinator_of_the_same_region_may_download_too(client, ready, region_a):
    colleague = make_user(Role.KOORDINATION, region=region_a, email="kollegin@example.org")
    client.force_login(colleague)
    assert (
        client.get(reverse("admin:berichte_jahresbericht_pdf", args=[ready.pk])).status_code == 200
    )


def test_anonymous_gets_no_report(client, ready):
    for name in ("admin:berichte_jahresbericht_status", "admin:berichte_jahresbericht_pdf"):
        response = client.get(reverse(name, args=[ready.pk]))
        assert response.status_code == 302 and "login" in response["Location"]
    assert _request(client, jahr=2025).status_code == 302
    assert Jahresbericht.objects.count() == 1


@pytest.mark.parametrize("who", ["volunteer", "staff_a", "charlie"])
def test_only_coordinators_may_request_one(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert _request(client, jahr=2025).status_code in (302, 403)
    assert Jahresbericht.objects.count() == 0


def test_bob_cannot_request_one_for_region_a(client, bob, region_a):
    client.force_login(bob)
    _request(client, jahr=2025, region=region_a.pk)
    assert Jahresbericht.objects.count() == 0


def test_a_failed_report_says_so_and_offers_no_download(client, alice, region_a):
    # the requester's account was deleted before the render: the figures cannot be scoped
    bericht = Jahresbericht.objects.create(jahr=2025, region_ids=[region_a.pk], requested_by=None)
    assert services.jahresbericht_render(jahresbericht_id=bericht.pk) is False
    bericht.refresh_from_db()
    assert bericht.status == Jahresbericht.Status.FEHLER and not bericht.datei
    client.force_login(alice)
    url = reverse("admin:berichte_jahresbericht_status", args=[bericht.pk])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "konnte nicht erstellt werden" in page and "data-poll" not in page
    assert 'id="jahresbericht-download"' not in page


def test_a_finished_report_is_not_rendered_again(alice, region_a, settings, tmp_path):
    settings.PRIVATE_FILES_ROOT = tmp_path
    bericht = Jahresbericht.objects.create(jahr=2025, region_ids=[region_a.pk], requested_by=alice)
    assert services.jahresbericht_render(jahresbericht_id=bericht.pk) is True
    first = Jahresbericht.objects.get(pk=bericht.pk).datei
    assert services.jahresbericht_render(jahresbericht_id=bericht.pk) is False
    assert Jahresbericht.objects.get(pk=bericht.pk).datei == first
    assert len(list(tmp_path.rglob("*.pdf"))) == 1
