"""The coordinator's sign-off and direct issue in the admin; other regions and roles refused."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from nachweise import services
from nachweise.models import Nachweis
from tests.nachweise.conftest import YEAR, Designed
from wegbegleitung.models import Wegbegleiter

St = Nachweis.Status
LIST = reverse("admin:nachweise_nachweis_changelist")
ADD = reverse("admin:nachweise_nachweis_add")


def _change(nachweis: Nachweis) -> str:
    return reverse("admin:nachweise_nachweis_change", args=[nachweis.pk])


@pytest.fixture
def requested(designed: Designed) -> Nachweis:
    return services.nachweis_request(
        acting_user=designed.vera.user, wegbegleiter=designed.vera,
        period_from=YEAR[0], period_to=YEAR[1],
    )  # fmt: skip


SIGNATURE = {"signed_name": "Alice Adler", "signed_role": "Koordinatorin",
             "appreciation": "Danke für Ihre Verlässlichkeit."}  # fmt: skip


def test_the_coordinator_sees_the_figures_and_signs_off(
    client, cast, requested: Nachweis, django_capture_on_commit_callbacks
):
    client.force_login(cast["alice"])
    page = " ".join(client.get(_change(requested)).content.decode().split())
    # the figures of the designed year (conftest): 5 meetings, 7,8 hours; training 8 hours
    assert (
        "Insgesamt: 5 Treffen mit 7,8 Stunden" in page
        and "Schulung: 8 Stunden an 3 Terminen" in page
    )
    assert (
        "Supervision: 2 Sitzungen besucht" in page
        and "Begleitung 1: 01.03.2025 bis 31.08.2025 (6 Monate): 3 Treffen, 4,3 Stunden" in page
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_change(requested), SIGNATURE)
    assert response.status_code == 302
    requested.refresh_from_db()
    assert requested.status == St.FERTIG and requested.signed_by == cast["alice"]
    assert requested.signed_name == "Alice Adler"
    page = client.get(_change(requested)).content.decode()
    assert reverse("nachweise:download", args=[requested.pk]) in page
    assert 'name="signed_name"' not in page  # signed: fixed from now on


def test_the_sign_off_needs_name_and_role(client, cast, requested: Nachweis):
    client.force_login(cast["alice"])
    response = client.post(_change(requested), {"signed_name": "", "signed_role": ""})
    assert (
        response.status_code == 200
        and "Dieses Feld ist zwingend erforderlich" in response.content.decode()
    )
    requested.refresh_from_db()
    assert requested.status == St.BEANTRAGT


def test_others_cannot_sign_off(client, cast, charlie, designed: Designed, requested: Nachweis):
    url = _change(requested)
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous["Location"]
    client.force_login(cast["bob"])  # another region: the record does not exist for him
    assert client.get(url).status_code == 302
    assert client.post(url, SIGNATURE).status_code == 302
    assert client.get(LIST).status_code == 200 and "Vera" not in client.get(LIST).content.decode()
    for someone in (cast["staff_a"], designed.vera.user, designed.otto.user, charlie):
        client.force_login(someone)
        response = client.post(url, SIGNATURE)
        assert response.status_code in (302, 403) and "/admin/login/" in response.get(
            "Location", "/admin/login/"
        )
    requested.refresh_from_db()
    assert requested.status == St.BEANTRAGT


def test_the_coordinator_issues_one_for_a_volunteer_who_left(
    client, cast, designed: Designed, django_capture_on_commit_callbacks
):
    Wegbegleiter.objects.filter(pk=designed.vera.pk).update(
        status="ausgeschieden", activity_ended_on=date(2025, 10, 31)
    )
    client.force_login(cast["alice"])
    form = client.get(ADD).content.decode()
    assert 'value="Alice Adler"' in form  # her own name, ready to sign
    data = {"wegbegleiter": designed.vera.pk, "period_from": "", "period_to": "", **SIGNATURE}
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(ADD, data).status_code == 302
    issued = Nachweis.objects.get()
    assert (issued.period_from, issued.period_to, issued.status) == (
        date(2024, 12, 1),
        date(2025, 10, 31),
        St.FERTIG,
    )
    refused = client.post(ADD, {**data, "period_to": "2026-01-31"})
    assert "Der Zeitraum muss innerhalb des Engagements liegen" in refused.content.decode()
    client.force_login(cast["bob"])
    response = client.post(ADD, data)
    assert Nachweis.objects.count() == 1 and response.status_code == 200  # not among his choices


def test_a_failed_pdf_is_started_again_from_the_list(
    client, cast, requested: Nachweis, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr("nachweise.pdf.render_nachweis_pdf", lambda n: 1 / 0)
    with django_capture_on_commit_callbacks(execute=True):
        services.nachweis_sign(acting_user=cast["alice"], nachweis=requested, **SIGNATURE)
    client.force_login(cast["alice"])
    assert "Das PDF konnte nicht erstellt werden" in client.get(LIST).content.decode()
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(LIST, {"action": "retry", "_selected_action": [requested.pk]})
    requested.refresh_from_db()
    assert requested.status == St.FERTIG


def test_the_list_takes_the_same_queries_for_2_and_for_12(client, cast, designed: Designed):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    def add(n: int) -> None:
        for _ in range(n):
            Nachweis.objects.create(wegbegleiter=designed.vera, period_from=date(2025, 1, 1),
                                    period_to=date(2025, 2, 1), status=St.FERTIG,
                                    signed_at=timezone.now(), signed_name="Alice Adler")  # fmt: skip

    client.force_login(cast["alice"])
    add(2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(LIST).status_code == 200
    add(10)
    with CaptureQueriesContext(connection) as many:
        assert client.get(LIST).content.decode().count(">Herunterladen</a>") == 12
    assert len(many) == len(few)


def test_the_sign_off_and_issue_pages_are_german(client, cast, requested: Nachweis):
    from wegbegleitung.english_text import english_words, internal_codes

    client.force_login(cast["alice"])
    for url in (_change(requested), ADD, LIST):
        html = client.get(url, HTTP_ACCEPT_LANGUAGE="de").content.decode()
        assert english_words(html) + internal_codes(html) == [], url
