"""The agreement PDF made by a real Celery worker on Redis after each confirmation."""

from __future__ import annotations

import pytest

from matching.models import Vereinbarung
from schutzkonzept.pdf import private_path
from tests.conftest import wait_for_worker_result
from tests.matching.factories import confirm_all, make_anfrage, make_mentor, propose, to_agreement
from tests.matching.test_vereinbarung import pdf_text


@pytest.mark.worker
def test_the_worker_makes_the_final_agreement(
    worker_private_files, celery_worker, region_a, einrichtung_a, alice, staff_a
):
    mentor = make_mentor(region_a, email="mara@example.org", first_name="Mara", last_name="Berg")
    begleitung = propose(alice, make_anfrage(einrichtung_a, vorname="Malik"), mentor)
    to_agreement(alice, begleitung)
    confirm_all(alice, staff_a, begleitung)
    vereinbarung = wait_for_worker_result(
        lambda: Vereinbarung.objects.filter(pdf_confirmations=4).exclude(pdf="").first()
    )
    text = " ".join(pdf_text(private_path(vereinbarung.pdf)).split())
    assert "Von allen Beteiligten bestätigt." in text and "Mara Berg" in text
