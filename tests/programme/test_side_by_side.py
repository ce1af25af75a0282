"""Two programmes with different rules side by side (issue 15 "done when"), in one scene against
PostgreSQL: the default programme and a programme for young people from 16 preparing to leave
care ("Verselbständigung 16+") that differs in the training
minimum, the age limits, the consents, the contact rhythm and the volunteers serving in it.
Everything goes through the services and selectors the pages use; each subject's own tests
(tests/wegbegleitung/test_programmes_volunteer.py, tests/matching/test_programmes.py,
tests/einrichtungen/test_familien.py, tests/berichte/test_programmes.py) go into the details."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from berichte.selectors import bericht_for
from einrichtungen.models import Einwilligung
from einrichtungen.services import anfrage_create
from matching.models import Begleitung
from matching.suggestions import vorschlaege_for
from programme import rules
from programme.models import Programm
from tests.einrichtungen.factories import EinwilligungFactory, JugendlicheFactory
from tests.matching.factories import make_active, make_mentor
from wegbegleitung.models import Benachrichtigung, Programmteilnahme, Wegbegleiter
from wegbegleitung.notifications.reminders import reminders_run
from wegbegleitung.programmes import training_per_programme

pytestmark = pytest.mark.django_db

START = date(2025, 11, 30)
B = Einwilligung.Bereich
Holder = Einwilligung.Inhaber


@pytest.fixture
def leaver() -> Programm:
    """Stricter in every rule the issue names: ten hours of training, from 16 years, the
    help-plan consent as well, one support contact in the first month (every 30 days)."""
    return Programm.objects.create(
        name="Verselbständigung 16+",
        begleitet=Programm.Begleitet.JUNGE_MENSCHEN,
        alter_min=16,
        schulung_min_stunden=10,
        schulung_ziel_stunden=12,
        kontakte_erster_monat=1,
        einwilligungen=[B.TEILNAHME, B.DATENWEITERGABE, B.HILFEPLAN],
    )


def _aged(einrichtung, age: int, *scopes: str):
    """A young person of ``age`` this month with the given consents (all without any)."""
    today = timezone.localdate()
    born = today.replace(day=1) - timedelta(days=365 * age + 200)
    jugendliche = JugendlicheFactory.create(
        einrichtung=einrichtung, geburtsjahr=born.year, geburtsmonat=born.month
    )
    for scope in scopes or list(B):
        _consent(jugendliche, scope)
    assert jugendliche.alter() == age
    return jugendliche


def _consent(jugendliche, scope: str) -> None:
    """Given by the custody holder and, from the age of own consent, the young person too."""
    for holder in (Holder.SORGEBERECHTIGTE, Holder.JUGENDLICHE):
        EinwilligungFactory.create(jugendliche=jugendliche, bereich=scope, inhaber=holder)


def _serving(region, email: str, *programmes: Programm) -> Wegbegleiter:
    mentor = make_mentor(region, email=email, mentee_age_min=None, mentee_age_max=None)
    for programm in programmes:
        Programmteilnahme.objects.create(wegbegleiter=mentor, programm=programm)
    return mentor


def test_the_training_minimum_is_each_programmes_own(region_a, leaver):
    mentor = _serving(region_a, "beide@example.org", rules.standard(), leaver)
    trained = {a.programm.name: a.trained for a in training_per_programme(mentor, Decimal(4))}
    assert trained == {rules.standard().name: True, "Verselbständigung 16+": False}


def test_age_limits_and_consents_decide_which_request_may_be_made(staff_a, einrichtung_a, leaver):
    fifteen = _aged(einrichtung_a, 15)
    with pytest.raises(ValidationError) as refused:
        anfrage_create(acting_user=staff_a, jugendliche=fifteen, programm=leaver)
    assert "16" in str(refused.value)  # the message names the limit
    assert not fifteen.anfragen.exists()  # nothing half written
    assert anfrage_create(acting_user=staff_a, jugendliche=fifteen).programm == rules.standard()

    seventeen = _aged(einrichtung_a, 17, B.TEILNAHME, B.DATENWEITERGABE)
    with pytest.raises(ValidationError):
        anfrage_create(acting_user=staff_a, jugendliche=seventeen, programm=leaver)
    _consent(seventeen, B.HILFEPLAN)
    assert anfrage_create(acting_user=staff_a, jugendliche=seventeen, programm=leaver).programm == (
        leaver
    )


@pytest.fixture
def two_matches(alice, staff_a, region_a, einrichtung_a, leaver):
    default_request = anfrage_create(acting_user=staff_a, jugendliche=_aged(einrichtung_a, 14))
    leaver_request = anfrage_create(
        acting_user=staff_a, jugendliche=_aged(einrichtung_a, 17), programm=leaver
    )
    matches = [
        make_active(alice, staff_a, default_request, _serving(region_a, "mara@example.org")),
        make_active(alice, staff_a, leaver_request, _serving(region_a, "lu@example.org", leaver)),
    ]
    Begleitung.objects.filter(pk__in=[m.pk for m in matches]).update(started_on=START)
    return matches


def test_matching_reminders_and_reports_keep_the_programmes_apart(
    alice, staff_a, region_a, einrichtung_a, leaver, two_matches
):
    default_match, leaver_match = two_matches
    assert (default_match.programm, leaver_match.programm) == (rules.standard(), leaver)

    # matching: a new request of the second programme is offered only volunteers serving in that programme
    _serving(region_a, "frei-standard@example.org")
    free = _serving(region_a, "frei-leaver@example.org", leaver)
    request = anfrage_create(
        acting_user=staff_a, jugendliche=_aged(einrichtung_a, 18), programm=leaver
    )
    assert [v.wegbegleiter for v in vorschlaege_for(request)] == [free]

    # reminders: a week before the default match's first contact (every 15 days in the first
    # month) only it is reminded; the other match's (every 30 days) comes two weeks later
    # the coordinator's reminder names the day the contact is due
    reminders_run(day=START + timedelta(days=8))
    due = Benachrichtigung.objects.filter(kind="support_contact_due")
    assert sorted(due.values_list("period", flat=True)) == ["kontakt-2025-12-15"]
    reminders_run(day=START + timedelta(days=23))
    assert sorted(due.values_list("period", flat=True)) == [
        "kontakt-2025-12-15",
        "kontakt-2025-12-30",
    ]

    # reports: each programme counts its own running match, and the two make the whole
    def running(programm: Programm | None) -> int:
        return bericht_for(
            user=alice, region_ids=[region_a.pk], von=START, bis=START + timedelta(days=60),
            programm=programm,
        ).aktiv.laufend  # fmt: skip

    assert (running(rules.standard()), running(leaver), running(None)) == (1, 1, 2)
