"""The data-subject download (GDPR Art. 15, 20): the volunteer's own from the portal, and a
coordinator's for a volunteer or a young person of her region from the admin; every registered
app's sections, nothing of another person; the PDF read back; who may; bounded queries."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from matching import services
from tests.conftest import pdf_text
from tests.wegbegleitung.data_subject_scene import ADULT, MENTOR
from tests.wegbegleitung.factories import make_volunteer
from wegbegleitung import personal_data
from wegbegleitung.models import AuditEvent


def _json(response: Any) -> dict[str, Any]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    return dict(
        json.loads(b"".join(response.streaming_content) if response.streaming else response.content)
    )


def _titles(data: dict[str, Any]) -> set[str]:
    return {s["key"] for sections in data["sources"].values() for s in sections}


def test_the_volunteer_gets_every_registered_section_and_nothing_of_others(
    client: Any, designed: dict[str, Any], alice: Any, staff_a: Any, region_a: Any
) -> None:
    victor = make_volunteer(region_a, email="victor.other@example.org", first_name="Viktor")
    mentor = designed["mentor"]
    client.force_login(mentor.user)
    data = _json(client.get(reverse("portal:my_data_download", args=["json"])))
    assert set(data["sources"]) == set(personal_data.registered())
    for app in ("wegbegleitung", "einrichtungen", "schutzkonzept", "matching", "nachweise",
                "forschung", "berichte"):  # fmt: skip
        assert app in data["sources"]
    # the sections of a designed mentor: account, path, certificate facts, the match, diary
    assert {"account", "volunteer", "application", "interviews", "references", "certificates",
            "code_of_conduct", "matches", "agreements", "diary", "support_contacts",
            } <= _titles(data)  # fmt: skip
    text = json.dumps(data, ensure_ascii=False)
    assert MENTOR["email"] in text and MENTOR["last_name"] in text
    assert "Eis essen" in text  # her diary entry
    # nothing of anybody else: the young person, the staff, the coordinator, another volunteer
    for other in (*ADULT.values(), alice.email, alice.last_name, staff_a.email, staff_a.last_name,
                  victor.user.email, "Frau Sorge"):  # fmt: skip
        assert other not in text, other
    # the certificate facts only, as § 72a allows
    certificate = data["sources"]["schutzkonzept"][0]["records"][0]
    # (the inspecting coordinator is not named: a staff member's data)
    assert sorted(certificate) == [
        "Art des Zeugnisses", "Ausstellungsdatum", "eingesehen am",
        "einschlägige Verurteilung eingetragen", "erfasst",
    ]  # fmt: skip
    assert AuditEvent.objects.filter(action="personal_data.download").count() == 1


def test_the_pdf_reads_back(client: Any, designed: dict[str, Any], tmp_path: Path) -> None:
    client.force_login(designed["mentor"].user)
    response = client.get(reverse("portal:my_data_download", args=["pdf"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    target = tmp_path / "daten.pdf"
    target.write_bytes(response.content)
    text = pdf_text(target)
    assert MENTOR["email"] in text
    assert "Vollmerhausen" in text
    assert "Eis essen" in text
    assert "Yasmina" not in text


def test_the_portal_page_offers_both_and_the_deletion(
    client: Any, designed: dict[str, Any]
) -> None:
    client.force_login(designed["mentor"].user)
    page = client.get(reverse("portal:my_data")).content.decode()
    assert reverse("portal:my_data_download", args=["pdf"]) in page
    assert reverse("portal:delete_account") in page


@pytest.mark.parametrize("who", ["self", "other_volunteer", "staff_a", "alice", "bob", "anonymous"])
def test_portal_urls_matrix(client: Any, designed: dict[str, Any], request: Any, region_a: Any,
                            who: str) -> None:  # fmt: skip
    users = {
        "self": designed["mentor"].user,
        "other_volunteer": make_volunteer(region_a, email="victor.other@example.org").user,
    }
    if who != "anonymous":
        client.force_login(users.get(who) or request.getfixturevalue(who))
    page = client.get(reverse("portal:my_data"))
    download = client.get(reverse("portal:my_data_download", args=["json"]))
    if who == "self":
        assert page.status_code == 200 and MENTOR["email"] in download.content.decode()
    elif who == "other_volunteer":  # their own data, never hers
        assert download.status_code == 200 and MENTOR["email"] not in download.content.decode()
    elif who == "anonymous":
        for response in (page, download):
            assert response.status_code == 302 and "login" in response["Location"]
    else:  # staff and coordinators have no volunteer record
        assert (page.status_code, download.status_code) == (403, 403)


def _admin_urls(designed: dict[str, Any]) -> list[str]:
    mentor, young = designed["mentor"].pk, designed["jugendliche"].pk
    return [
        reverse("admin:wegbegleitung_wegbegleiter_personal_data", args=[mentor, "json"]),
        reverse("admin:wegbegleitung_wegbegleiter_personal_data", args=[mentor, "pdf"]),
        reverse("admin:wegbegleitung_wegbegleiter_erasure", args=[mentor]),
        reverse("admin:einrichtungen_jugendliche_personal_data", args=[young, "json"]),
        reverse("admin:einrichtungen_jugendliche_personal_data", args=[young, "pdf"]),
        reverse("admin:einrichtungen_jugendliche_erasure", args=[young]),
    ]


@pytest.mark.parametrize("who", ["alice", "bob", "staff_a", "volunteer", "anonymous"])
def test_admin_urls_matrix(client: Any, designed: dict[str, Any], request: Any, who: str) -> None:
    if who == "volunteer":
        client.force_login(designed["mentor"].user)
    elif who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    for url in _admin_urls(designed):
        response = client.get(url)
        if who == "alice":
            assert response.status_code == 200, url
        elif who == "bob":  # a coordinator of another region
            assert response.status_code == 403, url
            assert ADULT["vorname"] not in response.content.decode()
        else:
            assert response.status_code == 302 and "login" in response["Location"], url


def test_the_young_persons_download_holds_her_records_not_the_mentors(
    client: Any, designed: dict[str, Any], alice: Any
) -> None:
    client.force_login(alice)
    url = reverse("admin:einrichtungen_jugendliche_personal_data",
                  args=[designed["jugendliche"].pk, "json"])  # fmt: skip
    data = _json(client.get(url))
    assert {"young_person", "consents", "requests", "help_plan", "matches", "diary",
            "wishes"} <= _titles(data)  # fmt: skip
    text = json.dumps(data, ensure_ascii=False)
    assert ADULT["nachname"] in text and "Yasmina kommt gut an" in text
    for other in (MENTOR["email"], MENTOR["first_name"], MENTOR["last_name"], alice.email):
        assert other not in text


def _queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_query_count_is_the_same_for_2_and_for_20_diary_entries(
    client: Any, designed: dict[str, Any]
) -> None:
    mentor, begleitung = designed["mentor"], designed["begleitung"]
    client.force_login(mentor.user)
    url = reverse("portal:my_data_download", args=["json"])

    def diary(count: int) -> None:
        for _day in range(count):
            services.treffen_create(
                acting_user=mentor.user, begleitung=begleitung, dauer_minuten=60,
                datum=timezone.localdate(), art="persoenlich",
                aktivitaet="Spaziergang", stimmung="gut",
            )  # fmt: skip

    diary(1)  # 2 with the scene's
    client.get(url)  # the first request of a session fills per-session caches
    two = _queries(client, url)
    diary(18)  # 20
    assert _queries(client, url) == two
    assert two <= 40


def test_the_young_persons_download_query_count_is_the_same_for_2_and_for_20_entries(
    client: Any, designed: dict[str, Any], alice: Any
) -> None:
    mentor, begleitung = designed["mentor"], designed["begleitung"]
    client.force_login(alice)
    url = reverse("admin:einrichtungen_jugendliche_personal_data",
                  args=[designed["jugendliche"].pk, "json"])  # fmt: skip

    def diary(count: int) -> None:
        for _entry in range(count):
            services.treffen_create(
                acting_user=mentor.user, begleitung=begleitung, dauer_minuten=60,
                datum=timezone.localdate(), art="persoenlich", aktivitaet="Kino", stimmung="gut",
            )  # fmt: skip

    diary(1)  # 2 with the scene's
    client.get(url)  # the first request of a session fills per-session caches
    two = _queries(client, url)
    diary(18)  # 20
    assert _queries(client, url) == two
