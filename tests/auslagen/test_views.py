"""The portal pages, the receipt download and the coordinators' queue in the admin: the fixed
cast for every URL, query counts constant as expenses grow, and the bookkeeping export."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from auslagen.models import Auslage
from tests.auslagen.conftest import FAKE_PNG, PDF, Cast, png_bytes, receipt, submit
from wegbegleitung.models import AuditEvent

St = Auslage.Status
LIST = reverse("auslagen:list")
CREATE = reverse("auslagen:create")
QUEUE = reverse("admin:auslagen_auslage_changelist")


def _receipt_url(auslage: Auslage) -> str:
    return reverse("auslagen:receipt", args=[auslage.pk])


def _change(auslage: Auslage) -> str:
    return reverse("admin:auslagen_auslage_change", args=[auslage.pk])


def _form(cast: Cast, **extra) -> dict:
    data = {"begleitung": cast.match.pk, "art": "kilometer", "datum": "2026-03-10",
            "zweck": "Fahrt zum Kletterpark", "kilometer": "12,5", "betrag": ""}  # fmt: skip
    data.update(extra)
    return data


def test_the_volunteer_records_a_trip_with_a_receipt_from_her_phone(client, cast: Cast):
    client.force_login(cast.vera.user)
    page = client.get(CREATE).content.decode()
    assert "Begleitung seit 01.01.2025" in page and "Malik" not in page
    upload = SimpleUploadedFile("IMG_0001.png", png_bytes(), content_type="image/png")
    response = client.post(CREATE, _form(cast, beleg=upload))
    assert response.status_code == 302 and response["Location"] == LIST
    auslage = Auslage.objects.get()
    # 12,5 km × 30 ct = 375 ct
    assert (auslage.betrag_cent, auslage.beleg_typ, auslage.status) == (375, "image/png",
                                                                        St.EINGEREICHT)  # fmt: skip
    page = " ".join(client.get(LIST).content.decode().split())
    assert "10.03.2026: 3,75 €" in page and "Eingereicht: wartet auf die Koordination" in page
    assert _receipt_url(auslage) in page


def test_the_form_says_in_german_what_is_wrong(client, cast: Cast):
    client.force_login(cast.vera.user)
    upload = SimpleUploadedFile("quittung.png", FAKE_PNG, content_type="image/png")
    page = client.post(CREATE, _form(cast, beleg=upload)).content.decode()
    assert "Foto (JPEG oder PNG) oder ein PDF" in page
    page = client.post(CREATE, _form(cast, art="ticket", kilometer="")).content.decode()
    assert "Bitte geben Sie den bezahlten Betrag ein." in page
    page = client.post(CREATE, _form(cast, datum="2024-12-31")).content.decode()
    assert "vor dem Beginn der Begleitung (01.01.2025)" in page
    page = client.post(CREATE, _form(cast, begleitung=cast.otto_match.pk)).content.decode()
    assert "keine gültige Auswahl" in page  # another's match is not offered
    assert not Auslage.objects.exists()


def test_the_volunteer_sees_refusal_and_its_reason(client, cast: Cast):
    from auslagen.services import auslage_reject

    auslage = submit(cast)
    auslage_reject(acting_user=cast.alice, auslage=auslage, reason="Bitte Beleg nachreichen")
    client.force_login(cast.vera.user)
    page = client.get(LIST).content.decode()
    assert "Abgelehnt" in page and "Bitte Beleg nachreichen" in page


@pytest.mark.parametrize("who", ["otto", "alice", "bob", "staff_a"])
def test_nobody_else_has_an_expenses_page(client, cast: Cast, who):
    submit(cast, zweck="Eintritt Kletterhalle")
    user = cast.otto.user if who == "otto" else getattr(cast, who)
    client.force_login(user)
    if who == "otto":  # his own page, without Vera's expense; her match is not his to choose
        assert "Kletterhalle" not in client.get(LIST).content.decode()
        page = client.post(CREATE, _form(cast)).content.decode()
        assert "keine gültige Auswahl" in page and Auslage.objects.count() == 1
        return
    assert client.get(LIST).status_code == 403
    assert client.get(CREATE).status_code == 403


def test_anonymous_visitors_are_sent_to_the_login(client, cast: Cast):
    auslage = submit(cast, beleg=receipt(PDF))
    for url in (LIST, CREATE, _receipt_url(auslage), QUEUE, _change(auslage)):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]
    assert client.post(CREATE, _form(cast)).status_code == 302
    assert Auslage.objects.count() == 1


@pytest.mark.parametrize(
    ("who", "status"),
    [("vera", 200), ("alice", 200), ("otto", 403), ("bob", 403), ("staff_a", 403)],
)
def test_the_receipt_is_served_only_to_the_volunteer_and_her_regions_coordinators(
    client, cast: Cast, who, status
):
    auslage = submit(cast, beleg=receipt(PDF))
    user = {"vera": cast.vera.user, "otto": cast.otto.user}.get(who) or getattr(cast, who)
    client.force_login(user)
    response = client.get(_receipt_url(auslage))
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert response["Cache-Control"] == "private, no-store"
        assert AuditEvent.objects.filter(action="auslage.download").count() == 1


def test_the_portal_start_links_to_the_expenses(client, cast: Cast):
    client.force_login(cast.vera.user)
    page = client.get(reverse("portal:start")).content.decode()
    assert f'href="{LIST}"' in page and "Auslagen" in page


def test_the_coordinator_approves_and_refuses_in_the_queue(
    client, cast: Cast, django_capture_on_commit_callbacks, mailoutbox
):
    first, second = submit(cast, betrag_cent=1000), submit(cast, betrag_cent=1200)
    client.force_login(cast.alice)
    page = client.get(_change(first)).content.decode()
    assert 'name="decision"' in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_change(first), {"decision": St.GENEHMIGT, "reason": ""})
        page = client.post(_change(second), {"decision": St.ABGELEHNT, "reason": ""})
    assert "Bitte nennen Sie einen Grund" in page.content.decode()  # refused without a reason
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_change(second), {"decision": St.ABGELEHNT, "reason": "Doppelt eingereicht"})
    first.refresh_from_db(), second.refresh_from_db()
    assert (first.status, second.status) == (St.GENEHMIGT, St.ABGELEHNT)
    assert second.ablehnungsgrund == "Doppelt eingereicht"
    assert [m.subject for m in mailoutbox] == ["Ihre Auslage wurde genehmigt",
                                               "Ihre Auslage wurde abgelehnt"]  # fmt: skip
    assert 'name="decision"' not in client.get(_change(first)).content.decode()  # decided once


def test_the_bulk_approval(client, cast: Cast):
    auslagen = [submit(cast, betrag_cent=100) for _ in range(3)]
    client.force_login(cast.alice)
    client.post(QUEUE, {"action": "approve", "_selected_action": [a.pk for a in auslagen]})
    assert set(Auslage.objects.values_list("status", flat=True)) == {St.GENEHMIGT}


@pytest.mark.parametrize("who", ["bob", "staff_a", "vera"])
def test_others_neither_see_nor_decide_in_the_queue(client, cast: Cast, who):
    auslage = submit(cast)
    user = cast.vera.user if who == "vera" else getattr(cast, who)
    client.force_login(user)
    listing = client.get(QUEUE)
    if who == "bob":  # a coordinator of another region: an empty queue
        assert listing.status_code == 200 and "Bustickets" not in listing.content.decode()
        assert client.get(_change(auslage)).status_code == 302  # "does not exist" -> index
    else:
        assert listing.status_code in (302, 403)
    client.post(_change(auslage), {"decision": St.GENEHMIGT})
    client.post(_change(auslage), {"decision": St.ABGELEHNT, "reason": "nein"})
    client.post(QUEUE, {"action": "approve", "_selected_action": [auslage.pk]})
    auslage.refresh_from_db()
    assert auslage.status == St.EINGEREICHT


def test_the_queue_filters_by_status_and_month(client, cast: Cast):
    from auslagen.services import auslage_approve

    march = submit(cast, zweck="Maerz-Ausflug", datum=date(2026, 3, 10))
    submit(cast, zweck="April-Ausflug", datum=date(2026, 4, 10))
    auslage_approve(acting_user=cast.alice, auslage=march)
    client.force_login(cast.alice)
    page = client.get(QUEUE, {"status__exact": "genehmigt"}).content.decode()
    assert "Maerz-Ausflug" in page and "April-Ausflug" not in page
    page = client.get(QUEUE, {"monat": "2026-04"}).content.decode()
    assert "April-Ausflug" in page and "Maerz-Ausflug" not in page


def test_approved_expenses_download_for_the_bookkeeping(client, cast: Cast):
    from auslagen.services import auslage_approve

    auslage_approve(acting_user=cast.alice, auslage=submit(cast, betrag_cent=1234,
                                                           zweck="Eintritt Kletterhalle"))  # fmt: skip
    submit(cast, betrag_cent=500, zweck="noch offen")
    client.force_login(cast.alice)
    url = reverse("exporte:start", args=["admin.auslagen.auslage"])
    response = client.get(url + "?format=csv&status__exact=genehmigt")
    data = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(data, newline=""), delimiter=";"))
    header, *body = rows
    assert header[:5] == ["Wegbegleiter:in", "Datum", "Zweck", "Art der Auslage", "Betrag in Euro"]
    assert "entschieden am" in header and "entschieden von" in header
    assert len(body) == 1
    row = dict(zip(header, body[0], strict=True))
    assert (row["Wegbegleiter:in"], row["Datum"], row["Betrag in Euro"]) == ("Vera Wagner",
                                                                            "10.03.2026", "12,34")  # fmt: skip
    assert row["entschieden von"] == "Alice Adler"


def _grow(cast: Cast, n: int) -> None:
    for i in range(n):
        Auslage.objects.create(begleitung=cast.match, art="ticket", datum=date(2026, 3, 1 + i % 28),
                               zweck=f"Fahrkarte {i}", betrag_cent=100, beleg="auslagen/x.pdf",
                               beleg_typ="application/pdf")  # fmt: skip


def _count(client, url, django_assert_max_num_queries) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("page", ["list", "queue"])
def test_query_counts_do_not_grow_with_the_expenses(client, cast: Cast, page,
                                                    django_assert_max_num_queries):  # fmt: skip
    user = cast.vera.user if page == "list" else cast.alice
    url = LIST if page == "list" else QUEUE
    client.force_login(user)
    _grow(cast, 2)
    few = _count(client, url, django_assert_max_num_queries)
    _grow(cast, 18)
    assert _count(client, url, django_assert_max_num_queries) == few
    assert few <= 20


def test_coordinators_record_a_rate_in_the_admin_and_others_cannot(client, cast: Cast):
    from auslagen.models import Satz

    add = reverse("admin:auslagen_satz_add")
    for someone in (cast.staff_a, cast.vera.user):
        client.force_login(someone)
        assert client.get(add).status_code in (302, 403)
    client.force_login(cast.alice)
    response = client.post(add, {"gueltig_ab": "01.07.2026", "cent_pro_km": "35",
                                 "budget_pro_monat_cent": "8000"})  # fmt: skip
    assert response.status_code == 302
    satz = Satz.objects.get()
    assert (satz.gueltig_ab, satz.cent_pro_km) == (date(2026, 7, 1), 35)
    event = AuditEvent.objects.get(action="satz.create")
    assert event.details == {"valid_from": "01.07.2026", "cent_per_km": "35",
                             "budget_cent": "8000"}  # fmt: skip
    # a trip of 10 km (the default in submit) on 01.07.2026: 10 × 35 ct = 350 ct
    assert submit(cast, art="kilometer", datum=date(2026, 7, 1)).betrag_cent == 10 * 35
