"""The agreement PDF made by a real Celery worker on Redis after each confirmation."""

from __future__ import annotations

import time

import pytest

from matching.models import Vereinbarung
from schutzkonzept.pdf import private_path
from tests.matching.factories import confirm_all, make_anfrage, make_mentor, propose, to_agreement
from tests.matching.test_vereinbarung import pdf_text


@pytest.fixture
def worker_private_files(monkeypatch, settings):
    """The worker writes where this test's settings point (set before the worker starts)."""
    monkeypatch.setenv("PRIVATE_FILES_ROOT", str(settings.PRIVATE_FILES_ROOT))


def _wait_for(condition, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError("the worker did not finish in time")


@pytest.mark.worker
def test_the_worker_makes_the_final_agreement(
    worker_private_files, celery_worker, region_a, einrichtung_a, alice, staff_a
):
    mentor = make_mentor(region_a, email="mara@example.org", first_name="Mara", last_name="Berg")
    begleitung = propose(alice, make_anfrage(einrichtung_a, vorname="Malik"), mentor)
    to_agreement(alice, begleitung)
    confirm_all(alice, staff_a, begleitung)
    vereinbarung = _wait_for(
        lambda: Vereinbarung.objects.filter(pdf_confirmations=4).exclude(pdf="").first()
    )
    text = " ".join(pdf_text(private_path(vereinbarung.pdf)).split())
    assert "Von allen Beteiligten bestätigt." in text and "Mara Berg" in text
