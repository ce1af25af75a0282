"""Staff and coordinators get the same on request (GDPR Art. 15, 17, 20): a coordinator of their
region produces the download (JSON and PDF) and the erasure plan of an account without a
volunteer record, and carries out the erasure. Who may open which page."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import make_user
from wegbegleitung.models import AuditEvent, User
from wegbegleitung.roles import Role

pytestmark = pytest.mark.django_db


def _data(pk: int, fmt: str) -> str:
    return reverse("admin:wegbegleitung_user_personal_data", args=[pk, fmt])


def _erasure(pk: int) -> str:
    return reverse("admin:wegbegleitung_user_erasure", args=[pk])


@pytest.fixture
def carol(region_a: Any) -> Any:
    """Another coordinator of region A: a data subject here."""
    return make_user(Role.KOORDINATION, region=region_a, email="carol@example.org",
                     first_name="Carola")  # fmt: skip


def test_a_coordinator_downloads_a_staff_members_data_as_json_and_pdf(
    client: Client, alice: Any, staff_a: Any
) -> None:
    client.force_login(alice)
    response = client.get(_data(staff_a.pk, "json"))
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    body = json.loads(response.content)
    assert body["subject"]["kind"] == "nutzer"
    sections = {s["key"]: s for s in body["sources"]["wegbegleitung"]}
    assert sections["account"]["records"][0]["E-Mail-Adresse"] == staff_a.email
    assert "Einrichtung" in json.dumps(sections["roles"], ensure_ascii=False)
    assert body["sources"]["matching"] == [] and body["sources"]["forschung"] == []
    pdf = client.get(_data(staff_a.pk, "pdf"))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="personal_data.download", actor=alice).count() == 2


def test_a_coordinator_answers_for_another_coordinator_of_her_region(
    client: Client, alice: Any, carol: Any
) -> None:
    client.force_login(alice)
    body = json.loads(client.get(_data(carol.pk, "json")).content)
    roles = json.dumps(body["sources"]["wegbegleitung"], ensure_ascii=False)
    assert "Rhein-Main" in roles and "Koordination" in roles


def test_the_erasure_plan_is_shown_then_carried_out_for_a_staff_member(
    client: Client, alice: Any, staff_a: Any
) -> None:
    client.force_login(alice)
    page = client.get(_erasure(staff_a.pk)).content.decode()
    assert 'id="erasure-plan"' in page and "anonymisiert" in page
    response = client.post(_erasure(staff_a.pk), {"confirm": "yes"})
    assert response.status_code == 302
    erased = User.objects.get(pk=staff_a.pk)
    assert not erased.is_active and erased.email != "staff-a@example.org"
    assert erased.first_name == "" and not erased.groups.exists()


def test_who_may_answer_for_an_account(
    client: Client, alice: Any, bob: Any, staff_a: Any, carol: Any, volunteer: Any
) -> None:
    pages = [_data(staff_a.pk, "json"), _data(staff_a.pk, "pdf"), _erasure(staff_a.pk),
             _data(carol.pk, "json"), _erasure(carol.pk)]  # fmt: skip
    for url in pages:
        client.logout()
        assert client.get(url).status_code == 302, url  # anonymous: to the login
        client.force_login(alice)
        assert client.get(url).status_code == 200, url
        client.force_login(bob)  # the other region's coordinator
        assert client.get(url).status_code == 403, url
        for who in (staff_a, volunteer):  # no admin at all
            client.force_login(who)
            assert client.get(url).status_code == 302, (url, who)
    client.force_login(alice)
    assert client.get(_data(alice.pk, "json")).status_code == 403  # never for herself
    assert client.get(_erasure(volunteer.pk)).status_code == 403  # a volunteer: their own page
