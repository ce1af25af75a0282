"""The reports for one programme (issue 15 §1): every figure counts that programme's requests,
matches and volunteers; programme A and programme B add up to "all programmes" where no row can
belong to both (matches, requests, volunteers serving in one programme)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.http import QueryDict
from django.urls import reverse

from berichte.selectors import bericht_for
from berichte.typen import Bericht
from einrichtungen.models import Anfrage
from matching.models import Begleitung
from programme.models import Programm
from programme.rules import standard
from tests.berichte import factories as f
from tests.conftest import pdf_text
from wegbegleitung.exports.registry import get_source
from wegbegleitung.models import Programmteilnahme

pytestmark = pytest.mark.django_db
VON, BIS = date(2025, 1, 1), date(2025, 12, 31)


@pytest.fixture
def care() -> Programm:
    return Programm.objects.create(name="Care Leaver", begleitet=Programm.Begleitet.CARE_LEAVER)


def _into(programm: Programm, begleitung: Begleitung) -> Begleitung:
    """The match (and the volunteer, who then serves only there) in ``programm``."""
    Begleitung.objects.filter(pk=begleitung.pk).update(programm=programm)
    Programmteilnahme.objects.create(wegbegleiter=begleitung.wegbegleiter, programm=programm)
    return begleitung


@pytest.fixture
def two_programmes(einrichtung_a: Any, care: Programm) -> dict[str, Any]:
    """Default programme: 3 started matches (one closed), 2 diary hours, 1 open request.
    Care leavers: 1 started match (2 hours), 2 open requests. One applicant in each."""
    default = [f.match(einrichtung_a, started=date(2025, 2, 1)) for _ in range(2)]
    default.append(f.match(einrichtung_a, started=date(2025, 3, 1), ended=date(2025, 6, 1)))
    f.treffen(default[0], date(2025, 4, 2), 120)
    cl = _into(care, f.match(einrichtung_a, started=date(2025, 5, 1)))
    f.treffen(cl, date(2025, 5, 3), 60)
    f.treffen(cl, date(2025, 6, 3), 60, art="online")
    f.anfrage(einrichtung_a, date(2025, 11, 1))
    for day in (date(2025, 10, 1), date(2025, 12, 1)):
        Anfrage.objects.filter(pk=f.anfrage(einrichtung_a, day).pk).update(programm=care)
    applicant = f.mentor(einrichtung_a.region, registered=date(2025, 8, 1))
    Programmteilnahme.objects.create(wegbegleiter=applicant, programm=care)
    f.mentor(einrichtung_a.region, registered=date(2025, 7, 1))  # serves in the default one
    return {"care": care, "default": standard()}


def _bericht(user: Any, region: Any, programm: Programm | None) -> Bericht:
    return bericht_for(user=user, region_ids=[region.pk], von=VON, bis=BIS, programm=programm)


def _figures(b: Bericht) -> dict[str, Any]:
    return {
        "laufend": b.aktiv.laufend,
        "begonnen": sum(m.begonnen for m in b.monate),
        "beendet": sum(m.beendet for m in b.monate),
        "stunden": b.stunden_gesamt,
        "offen": b.wartezeit.offen.anzahl,
        "registriert": b.bewerbung[0].anzahl,
        "persoenlich": (sum(m.persoenlich.zaehler for m in b.monate),
                        sum(m.persoenlich.nenner for m in b.monate)),
    }  # fmt: skip


def test_each_programme_counts_its_own_rows_and_the_two_add_up(two_programmes, alice, region_a):
    alle = _figures(_bericht(alice, region_a, None))
    default = _figures(_bericht(alice, region_a, two_programmes["default"]))
    care = _figures(_bericht(alice, region_a, two_programmes["care"]))
    assert care == {"laufend": 1, "begonnen": 1, "beendet": 0, "stunden": 2.0, "offen": 2,
                    "registriert": 1, "persoenlich": (60, 120)}  # fmt: skip
    # the default programme's applicant has no Programmteilnahme row: no row is the default
    assert default == {"laufend": 2, "begonnen": 3, "beendet": 1, "stunden": 2.0, "offen": 1,
                       "registriert": 1, "persoenlich": (120, 120)}  # fmt: skip
    for key in ("laufend", "begonnen", "beendet", "stunden", "offen", "registriert"):
        assert default[key] + care[key] == alle[key], key
    assert alle["persoenlich"] == (180, 240)


def _params(**values: str) -> QueryDict:
    query = QueryDict(mutable=True)
    query.update(values)
    return query


def test_the_page_offers_the_programmes_and_shows_the_chosen_ones_figures(
    client, alice, two_programmes
):
    client.force_login(alice)
    page = reverse("admin:berichte")
    care = two_programmes["care"]
    response = client.get(page, {"von": "2025-01-01", "bis": "2025-12-31",
                                 "programm": str(care.pk)}, HTTP_ACCEPT_LANGUAGE="de")  # fmt: skip
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="programm"' in html and "Alle Programmlinien" in html
    assert "Nur die Programmlinie „Care Leaver“" in html
    assert response.context["b"].aktiv.laufend == 1
    # the download links carry the chosen programme, and the export honours it
    assert f"programm={care.pk}" in html
    source = get_source("berichte.kennzahlen")
    assert source is not None
    table = source.build(alice, _params(von="2025-01-01", bis="2025-12-31", programm=str(care.pk)))
    assert table.rows[0][1] == 1  # matches running on the reporting day: the care leaver's one
    everything = source.build(alice, _params(von="2025-01-01", bis="2025-12-31"))
    assert everything.rows[0][1] == 3


def test_with_one_programme_the_page_offers_no_programme_choice(client, alice, einrichtung_a):
    client.force_login(alice)
    html = client.get(reverse("admin:berichte"), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert 'name="programm"' not in html and "Alle Programmlinien" not in html


def test_an_unknown_programme_is_refused_not_read_as_all(client, alice, two_programmes):
    client.force_login(alice)
    response = client.get(reverse("admin:berichte"), {"programm": "999999"})
    assert response.status_code == 200 and "b" not in response.context


def test_the_annual_report_shows_the_main_figures_per_programme(
    client, alice, two_programmes, settings, tmp_path: Path, django_capture_on_commit_callbacks
):
    settings.PRIVATE_FILES_ROOT = tmp_path
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:berichte_jahresbericht"), {"jahr": 2025})
    files = list(tmp_path.rglob("*.pdf"))
    assert len(files) == 1
    text = " ".join(pdf_text(files[0], layout=False).split())
    assert "Hauptzahlen je Programm" in text
    assert "Care Leaver" in text and standard().name in text
