"""The demo fills every figure of the reports with believable, consistent data."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from berichte import tabellen
from berichte.forms import last_full_months
from berichte.models import Jahresbericht
from berichte.selectors import bericht_for, scope_for
from matching.models import Begleitung, Treffen
from wegbegleitung.demo import DOMAIN
from wegbegleitung.models import User

pytestmark = pytest.mark.django_db


def test_every_figure_of_the_default_period_is_non_zero_and_a_rerun_changes_nothing():
    call_command("demo", stdout=StringIO())
    coordinator = User.objects.get(email=f"koordination@{DOMAIN}")
    von, bis = last_full_months()
    b = bericht_for(user=coordinator, region_ids=scope_for(coordinator), von=von, bis=bis)
    assert b.aktiv.laufend and b.aktiv.pausiert and b.aktiv.care_leaver
    assert all(x.median for x in (b.laenge_beendet, b.laenge_laufend, b.wartezeit.vermittelt))
    assert b.wartezeit.offen.anzahl and b.wartezeit.offen.laengste
    for quote in (b.bindung, b.abschluesse.vorzeitig, b.kontakte, b.reviews, b.hpg_erwogen,
                  b.hpg_anwesend):  # fmt: skip
        assert quote.zaehler and quote.nenner > quote.zaehler - 1
    assert sum(m.begonnen for m in b.monate) and sum(m.beendet for m in b.monate)
    assert all(m.stunden for m in b.monate)  # a diary entry in every month
    assert all(s.anzahl for s in b.bewerbung)
    assert b.zeugnisse_enden and b.freigabe_verloren
    assert any(g.vorzeitig for g in b.abschluesse.nach_grund)
    assert tabellen.kennzahlen(b).rows  # renders
    counts = (Begleitung.objects.count(), Treffen.objects.count(), User.objects.count())
    call_command("demo", stdout=StringIO())
    assert (Begleitung.objects.count(), Treffen.objects.count(), User.objects.count()) == counts
    assert not Jahresbericht.objects.exists()
