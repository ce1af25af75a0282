from io import StringIO

import pytest
from django.core.management import call_command

from einrichtungen.models import Anfrage
from matching import selectors
from matching.models import Gewichtung, Wunsch
from wegbegleitung.models import AuditEvent


@pytest.mark.django_db
def test_demo_is_idempotent_and_gives_a_suggestion():
    call_command("demo", stdout=StringIO())
    counts = (Gewichtung.objects.count(), Wunsch.objects.count(), AuditEvent.objects.count())
    call_command("demo", stdout=StringIO())
    assert (
        Gewichtung.objects.count(),
        Wunsch.objects.count(),
        AuditEvent.objects.count(),
    ) == counts
    anfrage = Anfrage.objects.get(jugendliche__vorname="Amira")
    names = [str(v.wegbegleiter) for v in selectors.vorschlaege_for(anfrage)]
    assert names == ["Wiebke Wagner"]
