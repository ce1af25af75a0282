from io import StringIO

from django.core.management import call_command

from einrichtungen import demo
from einrichtungen.models import Anfrage, Einrichtung, Einwilligung, Hilfeplangespraech, Jugendliche
from einrichtungen.permissions import can_invite_staff
from einrichtungen.selectors import hilfeplangespraeche_for_mentor
from wegbegleitung.models import AuditEvent, User


def _counts():
    models = (Einrichtung, Jugendliche, Einwilligung, Anfrage, Hilfeplangespraech, AuditEvent)
    return [m.objects.count() for m in models]


def test_demo_is_idempotent_and_believable(db):
    call_command("demo", stdout=StringIO())
    first = _counts()
    call_command("demo", stdout=StringIO())
    assert _counts() == first
    # the facilities demo's four young people and their three requests (the reports' demo adds a
    # history of its own, tested in tests/berichte/test_demo.py)
    own = Jugendliche.objects.filter(vorname__in=[spec[2] for spec in demo.JUGENDLICHE])
    assert own.count() == 4 and Anfrage.objects.filter(jugendliche__in=own).count() == 3
    # Jonas's request was matched by the matching demo: Markus Neumann is his mentor
    assert (
        Anfrage.objects.filter(jugendliche__in=own, status=Anfrage.Status.VERMITTELT).count() == 1
    )
    elif_ = User.objects.get(email="einrichtung@demo.wegbegleitung.org")
    assert can_invite_staff(elif_, Einrichtung.objects.get(name="Wohngruppe Lindenhof"))
    amira = Jugendliche.objects.get(vorname="Amira")
    [hpg] = hilfeplangespraeche_for_mentor(amira)
    assert hpg.geteilt and hpg.ziele


def test_demo_staff_start_has_something_in_every_list(db):
    from io import StringIO

    from django.core.management import call_command

    from einrichtungen.selectors import staff_todo_for
    from wegbegleitung.models import User

    call_command("demo", stdout=StringIO())
    call_command("demo", stdout=StringIO())  # still idempotent
    elif_ = User.objects.get(email="einrichtung@demo.wegbegleitung.org")
    todo = staff_todo_for(user=elif_)
    assert [h.jugendliche.vorname for h in todo.conferences] == ["Mika"]
    assert [h.jugendliche.vorname for h in todo.reviews] == ["Jonas"]
    # Tarek (the reports demo's open request, waiting longest) and Amira
    assert [a.jugendliche.vorname for a in todo.waiting] == ["Tarek", "Amira"]
    assert [j.vorname for j, _ in todo.consents_missing] == ["Mika"]
