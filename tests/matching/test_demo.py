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


def test_demo_has_a_running_match_with_its_records(db):
    from io import StringIO

    from django.core.management import call_command

    from matching.models import Begleitung

    call_command("demo", stdout=StringIO())
    begleitung = Begleitung.objects.get(
        wegbegleiter__user__email="begleiter@demo.wegbegleitung.org"
    )
    assert begleitung.status == Begleitung.Status.AKTIV
    assert begleitung.jugendliche.vorname == "Jonas"
    assert begleitung.treffen.count() == 1
    assert begleitung.wegbegleiter.activity_started_on is not None
