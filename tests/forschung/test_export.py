"""The research export: pseudonymised rows of consenting people only, with a codebook; who may
download it; the audit event; a fixed number of queries."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from einrichtungen.models import Einwilligung, Jugendliche
from einrichtungen.services.jugendliche import einwilligung_revoke
from forschung import export
from forschung.demo import CODE
from forschung.models import Antwort, Welle
from forschung.services.consent import forschung_einwilligung_set
from forschung.services.waves import welle_save
from matching.models import Begleitung
from tests.factories import make_user
from tests.forschung.factories import active_match, consent, item_ids, published
from tests.matching.factories import make_anfrage, make_mentor
from wegbegleitung.models import AuditEvent, User, Wegbegleiter
from wegbegleitung.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def instrument(alice):
    return published(alice)


@pytest.fixture
def rita(db):
    return make_user(Role.FORSCHUNG, email="rita@example.org", first_name="Rita", last_name="Roth")


def _mentee_wave(match: Begleitung, instrument, nummer: int, values: list[int], scores: dict):
    """A young person's submitted wave (their own pages fill it in the journey test)."""
    welle = Welle.objects.create(
        begleitung=match, seite="mentee", instrument=instrument, code=CODE, nummer=nummer,
        faellig_am=match.started_on, laeuft_ab_am=match.started_on + timedelta(days=59),
        status="abgeschlossen", submitted_at=timezone.now(), scores=scores,
    )  # fmt: skip
    Antwort.objects.bulk_create(
        Antwort(welle=welle, item_id=pk, wert=v)
        for pk, v in zip(item_ids(instrument), values, strict=True)
    )
    return welle


@pytest.fixture
def data(alice, staff_a, einrichtung_a, region_a, instrument, django_capture_on_commit_callbacks):
    """Two matches: (Mara, Malik) both consenting and answering wave 0; (Olga, Nina) where Olga
    never consented and Nina's custody holder revoked the research consent after answering."""
    capture = django_capture_on_commit_callbacks
    mara = make_mentor(region_a, email="mara@example.org", first_name="Mara", last_name="Berg")
    malik = make_anfrage(einrichtung_a, vorname="Malik", nachname="Sommer")
    one = active_match(alice, staff_a, malik, mara, capture)
    consent(mara)
    ids = item_ids(instrument)
    welle_save(acting_user=mara.user, begleitung=one, code=CODE, nummer=0,
               answers=dict(zip(ids, [4, 5, 2, 3, 4, 1], strict=True)), submit=True)  # fmt: skip
    _mentee_wave(one, instrument, 0, [5, 4, 1, 2, 3, 3], {"gesamt": "4.00", "subskalen": {
        "zusammenarbeit": "4.67", "zuversicht": "3.00"}, "beantwortet": 6})  # fmt: skip
    olga = make_mentor(region_a, email="olga@example.org", first_name="Olga", last_name="Kranz")
    nina = make_anfrage(einrichtung_a, vorname="Nina", nachname="Vogel")
    two = active_match(alice, staff_a, nina, olga, capture)
    _mentee_wave(two, instrument, 0, [3, 3, 3, 3, 3, 3], {"gesamt": "3.00", "subskalen": {},
                                                         "beantwortet": 6})  # fmt: skip
    forschung = Einwilligung.objects.get(jugendliche=nina.jugendliche, bereich="forschung")
    einwilligung_revoke(acting_user=staff_a, einwilligung=forschung)
    return {"one": one, "two": two, "mara": mara, "malik": malik.jugendliche}


def _csv(client, instrument, kind="daten") -> list[dict[str, str]]:
    response = client.get(reverse("forschung_download", args=[instrument.pk, kind, "csv"]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


def _xlsx_text(client, instrument, kind="daten") -> list[list[object]]:
    response = client.get(reverse("forschung_download", args=[instrument.pk, kind, "xlsx"]))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_rows_only_of_consenting_people_paired_by_match(client, rita, instrument, data):
    client.force_login(rita)
    rows = _csv(client, instrument)
    # Mara and Malik (match one) consent; Olga never did, Nina's consent was revoked
    assert [(r["side"], r["wave"]) for r in rows] == [("mentee", "0"), ("mentor", "0")]
    mentee, mentor = rows
    assert mentee["match"] == mentor["match"] == export.pseudonym("match", "", data["one"].pk)
    assert mentee["person"] != mentor["person"]
    assert mentee["birth_year"] == str(data["malik"].geburtsjahr) and mentor["birth_year"] == ""
    assert mentee["country"] == mentor["country"] == "DE"
    assert mentee["programme"] == "wegbegleitung"
    assert mentee["due_day"] == "0" and mentor["submitted_day"] == "0"
    assert mentee["match_end_day"] == ""
    assert [mentor[f"item_{n}"] for n in range(1, 7)] == ["4", "5", "2", "3", "4", "1"]
    # zusammenarbeit 4, 5, 6-2=4 -> 4.33; zuversicht 3, 4, 6-1=5 -> 4.00; total 25/6 = 4.17
    assert (mentor["score_total"], mentor["score_zusammenarbeit"], mentor["score_zuversicht"],
            mentor["answered"]) == ("4,17", "4,33", "4,00", "6")  # fmt: skip
    assert mentee["score_zusammenarbeit"] == "4,67"


def test_no_name_email_or_free_text_of_anyone(client, rita, instrument, data):
    client.force_login(rita)
    response = client.get(reverse("forschung_download", args=[instrument.pk, "daten", "csv"]))
    files = [response.content.decode("utf-8-sig"),
             "\n".join(str(c) for row in _xlsx_text(client, instrument) for c in row)]  # fmt: skip
    words: set[str] = set()
    for user in User.objects.all():
        words |= {user.first_name, user.last_name, user.email}
    for w in Wegbegleiter.objects.select_related("user"):
        words |= {w.user.first_name, w.user.last_name, w.user.email}
    free = set()
    for j in Jugendliche.objects.all():
        words |= {j.vorname, j.nachname}
        free |= {j.interessen, j.wuensche, j.jugendamt, j.sprachen}
    free |= {b.status_reason for b in Begleitung.objects.all()}
    words = {w for w in words if w}
    assert {"Mara", "Malik", "Olga", "Nina", "Rita", "mara@example.org"} <= words
    for text in files:
        for word in words:
            assert not re.search(rf"\b{re.escape(word)}\b", text), word
        for passage in {f for f in free if f}:
            assert passage not in text


def test_same_pseudonym_across_waves_and_exports_other_key_other_pseudonyms(
    client, rita, instrument, data, settings
):
    one, mara = data["one"], data["mara"]
    later = one.started_on + timedelta(days=183)
    _mentee_wave(one, instrument, 1, [1, 1, 1, 1, 1, 1], {"gesamt": "2.33", "beantwortet": 6})
    Welle.objects.filter(nummer=1).update(faellig_am=later, laeuft_ab_am=later)
    client.force_login(rita)
    first = _csv(client, instrument)
    assert [(r["side"], r["wave"], r["due_day"]) for r in first] == [
        ("mentee", "0", "0"), ("mentor", "0", "0"), ("mentee", "1", "183")]  # fmt: skip
    assert first[0]["person"] == first[2]["person"]
    again = _csv(client, instrument)
    assert [r["person"] for r in again] == [r["person"] for r in first]
    settings.WB_RESEARCH_PSEUDONYM_KEY = "another-key-for-the-test-0123456789abcdef"
    other = _csv(client, instrument)
    assert {r["person"] for r in other}.isdisjoint({r["person"] for r in first})
    assert {r["match"] for r in other}.isdisjoint({r["match"] for r in first})
    assert export.pseudonym("person", "mentor", mara.pk, "k" * 32) != export.pseudonym(
        "person", "mentor", mara.pk, "j" * 32
    )


def test_revoked_volunteer_consent_leaves_every_later_export(client, rita, instrument, data):
    client.force_login(rita)
    assert len(_csv(client, instrument)) == 2
    mara = data["mara"]
    forschung_einwilligung_set(acting_user=mara.user, wegbegleiter=mara, teilnahme=False,
                               folgebefragung=False)  # fmt: skip
    assert [r["side"] for r in _csv(client, instrument)] == ["mentee"]


def test_codebook_explains_items_scale_and_scoring(client, rita, instrument, data):
    client.force_login(rita)
    rows = {r["variable"]: r for r in _csv(client, instrument, "codebuch")}
    assert rows["instrument"]["values"] == CODE and rows["version"]["text"] == "1"
    item3 = rows["item_3"]
    assert item3["reverse_scored"] == "Ja" and item3["subscale"] == "zusammenarbeit"
    assert "1 = trifft gar nicht zu" in item3["values"] and "5 = trifft voll zu" in item3["values"]
    assert "at least 4 answered" in rows["score_total"]["rule"]
    assert "at least 2 answered" in rows["score_zuversicht"]["rule"]
    sheet = _xlsx_text(client, instrument, "codebuch")
    assert sheet[0][0] == "variable" and any(r[0] == "score_zusammenarbeit" for r in sheet)


def test_every_download_is_audited_without_personal_data(client, rita, instrument, data):
    client.force_login(rita)
    _csv(client, instrument)
    _xlsx_text(client, instrument, "codebuch")
    events = list(AuditEvent.objects.filter(action="instrument.download").order_by("pk"))
    assert [e.details for e in events] == [
        {"instrument": instrument.pk, "file": "daten", "format": "csv", "rows": 2},
        {"instrument": instrument.pk, "file": "codebuch", "format": "xlsx",
         "rows": events[1].details["rows"]},
    ]  # fmt: skip
    assert all(e.actor_id == rita.pk for e in events)


def test_permissions(client, rita, instrument, alice, bob, staff_a, volunteer, charlie):
    urls = [reverse("forschung_start"),
            reverse("forschung_download", args=[instrument.pk, "daten", "csv"]),
            reverse("forschung_download", args=[instrument.pk, "codebuch", "xlsx"])]  # fmt: skip
    for url in urls:
        assert client.get(url).status_code == 302, url  # anonymous: to the login
        for user in [alice, bob, staff_a, volunteer, charlie]:
            client.force_login(user)
            assert client.get(url).status_code == 403, (url, user.email)
        client.force_login(rita)
        assert client.get(url).status_code == 200, url
        client.logout()
    assert not AuditEvent.objects.filter(action="instrument.download", actor=alice)


def test_page_lists_downloads_in_german(client, rita, instrument):
    client.force_login(rita)
    page = client.get(reverse("forschung_start"), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Zusammenarbeit und Zuversicht" in page and "Codebuch" in page
    assert reverse("forschung_download", args=[instrument.pk, "daten", "xlsx"]) in page


def test_queries_constant(client, rita, instrument, data, alice, staff_a, region_a, einrichtung_a,
                          django_capture_on_commit_callbacks):  # fmt: skip
    client.force_login(rita)
    url = reverse("forschung_download", args=[instrument.pk, "daten", "csv"])

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    few = count()
    for n in range(3):
        mentor = make_mentor(region_a, email=f"m{n}@example.org", first_name=f"M{n}")
        match = active_match(alice, staff_a, make_anfrage(einrichtung_a, vorname=f"J{n}"),
                             mentor, django_capture_on_commit_callbacks)  # fmt: skip
        consent(mentor)
        welle_save(acting_user=mentor.user, begleitung=match, code=CODE, nummer=0,
                   answers={item_ids(instrument)[0]: 3}, submit=True)  # fmt: skip
        _mentee_wave(match, instrument, 0, [2] * 6, {"gesamt": "2.00", "beantwortet": 6})
    assert len(_csv(client, instrument)) == 2 + 6
    assert count() == few
