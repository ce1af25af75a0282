"""The sample files shipped with the demo import cleanly into the demo data, and only once."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from uebernahme.reading import read_table
from uebernahme.services import uebernahme_confirm, uebernahme_preview
from wegbegleitung.demo import DOMAIN
from wegbegleitung.models import Region, User

pytestmark = pytest.mark.django_db
SAMPLES = Path(__file__).resolve().parents[2] / "uebernahme" / "samples"


def test_the_samples_import_cleanly_into_the_demo_and_a_second_time_change_nothing():
    call_command("demo", stdout=StringIO())
    katrin = User.objects.get(email=f"koordination@{DOMAIN}")
    region = Region.objects.get(name="Rhein-Main")
    # in this order: the young people's file may name a facility of the first file
    expected = {"wegbegleiter": 3, "einrichtungen": 2, "jugendliche": 2}
    for art, created in expected.items():
        path = SAMPLES / f"{art}.csv"
        rows = read_table(path.read_bytes(), path.name)
        results = uebernahme_preview(acting_user=katrin, region=region, art=art, rows=rows)
        assert [r.outcome for r in results] == ["create"] * created, [r.summary for r in results]
        counts = uebernahme_confirm(acting_user=katrin, region=region, art=art, rows=rows)
        assert counts == {"create": created}
        again = uebernahme_confirm(acting_user=katrin, region=region, art=art, rows=rows)
        assert again == {"skip": created}
