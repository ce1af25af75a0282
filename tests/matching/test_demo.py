from io import StringIO

import pytest
from django.core.management import call_command

from einrichtungen.models import Anfrage
from matching import suggestions
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
    names = [str(v.wegbegleiter) for v in suggestions.vorschlaege_for(anfrage)]
    # Wiebke fits Amira best; the reports' demo adds two more free, cleared mentors of the region
    # (Sabine, whose match ended, and Ole, new)
    assert names == ["Wiebke Wagner", "Sabine Krüger", "Ole Jansen"]


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


def test_demo_login_list_says_where_each_role_starts_and_where_volunteers_stand(db):
    from io import StringIO

    from django.core.management import call_command
    from django.utils import translation

    out = StringIO()
    with translation.override("de"):
        call_command("demo", stdout=out)
    printed = out.getvalue().splitlines()

    def line_of(email: str) -> str:
        [found] = [line for line in printed if f" {email} " in line]
        return found

    assert line_of("begleiter@demo.wegbegleitung.org").endswith(
        "starts at /portal/ (in Begleitung)"
    )
    assert line_of("interessent@demo.wegbegleitung.org").endswith("(Interessent:in)")
    assert line_of("wegbegleiterin@demo.wegbegleitung.org").endswith("(Verfügbar)")
    assert "starts at /einrichtung/" in line_of("einrichtung@demo.wegbegleitung.org")
    assert "starts at /admin/" in line_of("koordination@demo.wegbegleitung.org")


def test_demo_has_two_programmes_each_with_a_running_match(db):
    from io import StringIO

    from django.core.management import call_command

    from matching.models import Begleitung
    from programme.models import Programm

    call_command("demo", stdout=StringIO())
    running = {
        b.programm.name: b
        for b in Begleitung.objects.filter(status=Begleitung.Status.AKTIV).select_related(
            "programm", "jugendliche"
        )
    }
    assert Programm.objects.count() == 2
    familie = running["Familienpatenschaften (Frühe Hilfen)"].jugendliche
    assert familie.is_familie and familie.anzeigename == "Familie K."
    assert familie.eltern.count() == 2 and familie.kinder.count() == 1
    family_match = running["Familienpatenschaften (Frühe Hilfen)"]
    assert family_match.treffen.exists()
    assert family_match.vereinbarung.bestaetigungen.count() == 4
    assert family_match.kontakte.exists()
    assert any(b.programm.standard for b in running.values())
