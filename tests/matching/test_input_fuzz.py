"""Hostile input on every form of the match: the mentor's diary and the coordinators' steps.

Property (tests/input_fuzz.py): never a server error, and a refused input changes nothing stored.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from matching import services
from matching.models import Begleitung, Treffen
from tests.input_fuzz import FUZZ, Page
from tests.matching.factories import make_active, propose, to_agreement

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate().isoformat()
DIARY = {"datum": TODAY, "dauer_minuten": "60", "art": "persoenlich", "aktivitaet": "Eis essen",
         "stimmung": "gut"}  # fmt: skip
KONTAKT = {"mit": "wegbegleiter", "datum": TODAY, "dauer_minuten": "20", "kanal": "telefon",
           "aktivitaeten": "a", "beziehung": "b", "kinderschutz": "c", "wirkung": "d"}  # fmt: skip
ABSCHLUSS = {"art": "geplant", "grund": "ziel_erreicht", "beendet_am": TODAY,
             "kontakt_danach": "kein", "wegbegleiter_danach": "verfuegbar"}  # fmt: skip


@pytest.fixture
def active(alice: Any, staff_a: Any, anfrage_a: Any, mentor_a: Any) -> Begleitung:
    return make_active(alice, staff_a, anfrage_a, mentor_a)


@pytest.fixture
def as_mentor(client: Any, mentor_a: Any) -> Any:
    client.force_login(mentor_a.user)
    return client


@pytest.fixture
def as_alice(client: Any, alice: Any) -> Any:
    client.force_login(alice)
    return client


@pytest.fixture
def diary_new(as_mentor: Any, active: Begleitung) -> Page:
    return Page.open(as_mentor, reverse("matching:treffen_create", args=[active.pk]))


@pytest.fixture
def diary_edit(as_mentor: Any, active: Begleitung, mentor_a: Any) -> Page:
    treffen = services.treffen_create(
        acting_user=mentor_a.user, begleitung=active, datum=timezone.localdate(),
        dauer_minuten=60, art="persoenlich", aktivitaet="Kino", stimmung="gut",
    )  # fmt: skip
    return Page.open(as_mentor, reverse("matching:treffen_update", args=[treffen.pk]))


def _admin(name: str, *args: Any) -> str:
    return reverse(f"admin:matching_begleitung_{name}", args=args)


@FUZZ
@given(data=st.data())
def test_diary_entry(diary_new: Page, data: Any) -> None:
    diary_new.fuzz(data, DIARY)


@FUZZ
@given(data=st.data())
def test_diary_correction(diary_edit: Page, data: Any) -> None:
    diary_edit.fuzz(data, DIARY)


@pytest.fixture
def kennenlernen(as_alice: Any, alice: Any, anfrage_a: Any, mentor_a: Any) -> Page:
    begleitung = propose(alice, anfrage_a, mentor_a)
    return Page.open(as_alice, _admin("kennenlernen", begleitung.pk))


@FUZZ
@given(data=st.data())
def test_admin_introduction_meeting(kennenlernen: Page, data: Any) -> None:
    kennenlernen.fuzz(data, {"datum": TODAY, "teilnehmende": "alle"})


@pytest.fixture
def vereinbarung(as_alice: Any, alice: Any, anfrage_a: Any, mentor_a: Any) -> Page:
    begleitung = to_agreement(alice, propose(alice, anfrage_a, mentor_a))
    return Page.open(as_alice, _admin("vereinbarung", begleitung.pk))


@FUZZ
@given(data=st.data())
def test_admin_agreement(vereinbarung: Page, data: Any) -> None:
    vereinbarung.fuzz(data)


@pytest.fixture
def confirm_youth(as_alice: Any, alice: Any, anfrage_a: Any, mentor_a: Any) -> Page:
    begleitung = to_agreement(alice, propose(alice, anfrage_a, mentor_a))
    services.vereinbarung_save(
        acting_user=alice, begleitung=begleitung, **services.default_agreement_texts()
    )
    return Page.open(as_alice, _admin("confirm", begleitung.pk, "jugendliche"))


@FUZZ
@given(data=st.data())
def test_admin_confirmation_for_the_young_person(confirm_youth: Page, data: Any) -> None:
    confirm_youth.fuzz(data, {"name": "Frau Sommer (Mutter)"})


@pytest.fixture
def kontakt(as_alice: Any, active: Begleitung) -> Page:
    return Page.open(as_alice, _admin("kontakt", active.pk))


@FUZZ
@given(data=st.data())
def test_admin_support_contact(kontakt: Page, data: Any) -> None:
    kontakt.fuzz(data, KONTAKT)


@pytest.fixture
def pause(as_alice: Any, active: Begleitung) -> Page:
    return Page.open(as_alice, _admin("step", active.pk, "pause"))


@FUZZ
@given(data=st.data())
def test_admin_step_with_reason(pause: Page, data: Any) -> None:
    pause.fuzz(data, {"reason": "Urlaub"})


@pytest.fixture
def abschluss(as_alice: Any, active: Begleitung) -> Page:
    return Page.open(as_alice, _admin("abschluss", active.pk))


@FUZZ
@given(data=st.data())
def test_admin_closure(abschluss: Page, data: Any) -> None:
    abschluss.fuzz(data, ABSCHLUSS)


@pytest.fixture
def wunsch(client: Any, staff_a: Any, anfrage_a: Any) -> Page:
    client.force_login(staff_a)
    return Page.open(client, reverse("matching:wunsch", args=[anfrage_a.jugendliche_id]))


@FUZZ
@given(data=st.data())
def test_staff_wishes(wunsch: Page, data: Any) -> None:
    wunsch.fuzz(data)


def test_a_refused_diary_entry_stores_nothing(diary_new: Page) -> None:
    """The example the property stands for: year 1 is refused with a message, no row written."""
    response = diary_new.client.post(diary_new.url, {**DIARY, "datum": "0001-01-01"})
    assert response.status_code == 200
    assert "Die Begleitung hat am" in response.content.decode()
    assert not Treffen.objects.exists()


def test_a_nul_byte_in_the_diary_is_refused_with_a_message(diary_new: Page) -> None:
    response = diary_new.client.post(diary_new.url, {**DIARY, "notiz": "gut\x00"})
    assert response.status_code == 200
    assert "Nullzeichen sind nicht erlaubt" in response.content.decode()
    assert not Treffen.objects.exists()
