"""Survey instruments per programme (issue 15 §1): a questionnaire asks the matches of the
programmes it is chosen for; none chosen means every programme (instruments from before)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from forschung.demo import _instrument
from forschung.models import Instrument
from forschung.selectors import due_waves_for_mentor, waves_due_for_reminders
from forschung.services.instruments import instrument_new_version, instrument_publish
from matching.models import Begleitung
from programme.models import Programm
from programme.rules import standard
from tests.forschung.factories import active_match, consent
from tests.matching.factories import make_anfrage, make_mentor

pytestmark = pytest.mark.django_db


@pytest.fixture
def care() -> Programm:
    return Programm.objects.create(name="Care Leaver", begleitet=Programm.Begleitet.CARE_LEAVER)


def _draft(code: str) -> Instrument:
    """The demo's questionnaire under its own code (a code has one version 1)."""
    draft = _instrument()
    Instrument.objects.filter(pk=draft.pk).update(code=code)
    draft.refresh_from_db()
    return draft


def _for(coordinator: Any, *programmes: Programm, code: str = "wirkung") -> Instrument:
    draft = _draft(code)
    draft.programme.set(programmes)
    return instrument_publish(acting_user=coordinator, instrument=draft)


@pytest.fixture
def matches(alice, staff_a, einrichtung_a, region_a, care, django_capture_on_commit_callbacks):
    """An active match in each programme, both mentors consenting to the study."""
    found = {}
    for key, programm in (("default", standard()), ("care", care)):
        mentor = make_mentor(region_a, email=f"{key}@example.org")
        match = active_match(alice, staff_a, make_anfrage(einrichtung_a), mentor,
                             django_capture_on_commit_callbacks)  # fmt: skip
        Begleitung.objects.filter(pk=match.pk).update(programm=programm)
        consent(mentor)
        found[key] = match
    return found


def _asked(match: Begleitung) -> bool:
    today = timezone.localdate()
    return bool(due_waves_for_mentor(wegbegleiter_id=match.wegbegleiter_id, day=today))


def test_a_wave_is_planned_only_for_a_match_in_a_programme_using_the_instrument(
    matches, alice, care
):
    _for(alice, care)
    assert _asked(matches["care"]) and not _asked(matches["default"])
    reminded = {d.begleitung.pk for d in waves_due_for_reminders(timezone.localdate())}
    assert reminded == {matches["care"].pk}


def test_an_instrument_without_programmes_asks_every_programme(matches, alice):
    _for(alice)
    assert _asked(matches["care"]) and _asked(matches["default"])


def test_a_new_version_keeps_the_programmes(alice, care):
    published = _for(alice, care)
    draft = instrument_new_version(acting_user=alice, instrument=published)
    assert list(draft.programme.all()) == [care]


def test_the_instrument_admin_shows_and_sets_the_programmes(client, alice, care):
    _for(alice, care)
    _for(alice, code="andere")
    client.force_login(alice)
    page = client.get(reverse("admin:forschung_instrument_changelist"), HTTP_ACCEPT_LANGUAGE="de")
    html = page.content.decode()
    assert "Care Leaver" in html and "Alle Programmlinien" in html
    draft = _draft("entwurf")
    form = client.get(reverse("admin:forschung_instrument_change", args=[draft.pk]))
    assert 'name="programme"' in form.content.decode()


def test_the_waves_list_filters_by_the_matches_programme(client, matches, alice, care):
    from forschung.models import Welle

    instrument = _for(alice)
    for match in matches.values():
        Welle.objects.create(
            begleitung=match, seite=Welle.Seite.MENTOR, code=instrument.code, nummer=0,
            instrument=instrument, faellig_am=match.started_on, laeuft_ab_am=match.started_on,
        )  # fmt: skip
    client.force_login(alice)
    url = reverse("admin:forschung_welle_changelist")
    assert client.get(url).context["cl"].result_count == 2
    listed = client.get(url, {"programm": care.pk})
    assert [w.begleitung_id for w in listed.context["cl"].result_list] == [matches["care"].pk]
