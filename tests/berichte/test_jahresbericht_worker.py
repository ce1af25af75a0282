"""The annual report rendered by a real Celery worker on Redis, its figures read back from the PDF."""

from __future__ import annotations

import re
import time
from datetime import date

import pytest

from berichte.models import Jahresbericht
from berichte.services import jahresbericht_request
from matching.models import Abschluss
from schutzkonzept.pdf import private_path
from tests.berichte import factories as f
from tests.conftest import pdf_text


def _wait_for_ready(pk: int, timeout: float = 90.0) -> Jahresbericht:
    deadline = time.monotonic() + timeout
    seen = set()
    while time.monotonic() < deadline:
        bericht = Jahresbericht.objects.get(pk=pk)
        seen.add(bericht.fortschritt)
        if bericht.is_finished:
            return bericht
        time.sleep(0.1)
    raise AssertionError(f"the worker did not finish in time (progress seen: {sorted(seen)})")


@pytest.mark.worker
def test_the_worker_renders_the_annual_report_with_its_figures(
    worker_private_files, celery_worker, alice, einrichtung_a, einrichtung_b
):
    e = einrichtung_a
    # 2025 in region A: one match runs all year, one (from 2024) closes early in May (before
    # its 12 months: premature), one starts in March and runs; region B's match is not counted
    k = f.match(e, started=date(2024, 10, 1))
    f.match(e, started=date(2024, 6, 1), ended=date(2025, 5, 1), grund=Abschluss.Grund.UMZUG)
    f.match(e, started=date(2025, 3, 1))
    f.match(einrichtung_b, started=date(2025, 2, 1))
    f.treffen(k, date(2025, 6, 3), 90)
    f.treffen(k, date(2025, 6, 17), 150)  # June: 240 min = 4 h
    bericht = jahresbericht_request(acting_user=alice, jahr=2025, region=None)
    done = _wait_for_ready(bericht.pk)
    assert done.status == Jahresbericht.Status.FERTIG, done.fehler
    text = " ".join(pdf_text(private_path(done.datei)).split())
    assert "Jahresbericht 2025" in text and "Regionen: Rhein-Main" in text
    assert "Zeitraum vom 01.01.2025 bis 31.12.2025" in text
    # running on 31.12.2025: k and the March match = 2; started in 2025: 1; closed: 1
    assert "Laufende Begleitungen am 31.12.2025 2 Anzahl" in text
    assert "Im Zeitraum begonnene Begleitungen 1 Anzahl" in text
    assert "Im Zeitraum beendete Begleitungen 1 Anzahl" in text
    # the closure after 11 months of 12 agreed: 1 of 1 premature = 100,0 %
    assert "Vorzeitige Abschlüsse 100,0 % 1 1" in text
    # cohort 2024 (01.01.-31.12.2024): k (runs) and the closed one (11 months): 1 of 2
    assert "12-Monats-Bindung 50,0 % 1 2" in text
    assert "Treffstunden im Zeitraum 4,0 Stunden" in text
    assert "Juni 2025 0 0 4,0 2 2,0 100,0" in text  # two matches ran in June
    # the two monthly charts drawn as SVG: their month labels and the legend as text
    assert text.count("Jan 25 Feb 25 Mär 25") == 2 and "Begonnen Beendet" in text
    assert re.search(r"\b1 ?/ ?4\b", text) and text.endswith("4/4")  # page numbers
