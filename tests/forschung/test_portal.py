"""The volunteer's study in the portal: consent, the section on the start page, a questionnaire
saved half-filled and continued, then sent with its scores; who may open which page."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from forschung.demo import CODE
from forschung.models import Antwort, Welle
from tests.forschung.factories import active_match, consent, item_ids, published
from tests.matching.factories import make_anfrage, make_mentor
from wegbegleitung.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def instrument(alice):
    return published(alice)


@pytest.fixture
def match(alice, staff_a, anfrage_a, mentor_a, instrument, django_capture_on_commit_callbacks):
    return active_match(alice, staff_a, anfrage_a, mentor_a, django_capture_on_commit_callbacks)


def wave_url(match) -> str:
    return reverse("forschung:welle", args=[match.pk, CODE, 0])


def test_section_asks_for_consent_then_offers_wave_zero(client, match, mentor_a):
    client.force_login(mentor_a.user)
    page = client.get(reverse("portal:start")).content.decode()
    assert 'id="study"' in page and "Teilnahme entscheiden" in page
    assert wave_url(match) not in page
    response = client.post(reverse("forschung:einwilligung"),
                           {"teilnahme": "on", "folgebefragung": "on"})  # fmt: skip
    assert response.status_code == 302
    page = client.get(reverse("portal:start")).content.decode()
    until = timezone.localdate() + timezone.timedelta(days=59)
    assert f"offen bis {until:%d.%m.%Y}" in page
    assert wave_url(match) in page and "Fragebogen ausfüllen" in page
    assert AuditEvent.objects.filter(action="forschungseinwilligung.create").count() == 1


def test_save_half_filled_continue_then_submit_with_scores(client, match, mentor_a, instrument):
    consent(mentor_a)
    client.force_login(mentor_a.user)
    ids = item_ids(instrument)
    page = client.get(wave_url(match)).content.decode()
    assert "Zusammenarbeit und Zuversicht" in page and "In unseren Treffen" in page
    response = client.post(
        wave_url(match), {f"item_{ids[0]}": "4", f"item_{ids[2]}": "2", "save": ""}
    )
    assert response.status_code == 302
    welle = Welle.objects.get()
    assert welle.status == Welle.Status.OFFEN and welle.scores == {}
    # the start page now says "continue", the form shows what was saved
    assert "Fragebogen fortsetzen" in client.get(reverse("portal:start")).content.decode()
    page = client.get(wave_url(match)).content.decode()
    assert re.search(rf'name="item_{ids[0]}" value="4" id="[^"]+" checked', page)
    assert re.search(rf'name="item_{ids[2]}" value="2" id="[^"]+" checked', page)
    assert not re.search(rf'name="item_{ids[1]}" value="\d" id="[^"]+" checked', page)
    answers = {f"item_{pk}": v for pk, v in zip(ids, ["4", "5", "2", "3", "", "1"], strict=True)}
    response = client.post(wave_url(match), {**answers, "submit": ""})
    assert response.status_code == 302
    welle.refresh_from_db()
    # zusammenarbeit: 4, 5, (6-2)=4 -> 13/3 = 4.33; zuversicht: 3 and (6-1)=5 -> 8/2 = 4.00
    # total: 4 + 5 + 4 + 3 + 5 = 21 over 5 answered = 4.20 (4 needed)
    assert welle.status == Welle.Status.ABGESCHLOSSEN and welle.submitted_at is not None
    assert welle.scores == {
        "gesamt": "4.20",
        "subskalen": {"zusammenarbeit": "4.33", "zuversicht": "4.00"},
        "beantwortet": 5,
    }
    assert Decimal(welle.scores["gesamt"]) == Decimal("4.20")
    assert Antwort.objects.filter(welle=welle).count() == 5
    # sent: no longer offered, cannot be sent again
    assert client.get(wave_url(match)).status_code == 404
    assert wave_url(match) not in client.get(reverse("portal:start")).content.decode()


def test_answer_outside_scale_is_refused_with_message(client, match, mentor_a, instrument):
    consent(mentor_a)
    client.force_login(mentor_a.user)
    ids = item_ids(instrument)
    response = client.post(wave_url(match), {f"item_{ids[0]}": "9", "submit": ""})
    assert response.status_code == 200
    assert "Auswahl" in response.content.decode() or "gültige" in response.content.decode()
    assert not Welle.objects.exists()


def test_expired_wave_is_gone(client, match, mentor_a):
    consent(mentor_a)
    start = timezone.localdate() - timezone.timedelta(days=60)
    type(match).objects.filter(pk=match.pk).update(started_on=start)
    client.force_login(mentor_a.user)
    assert client.get(wave_url(match)).status_code == 404


@pytest.mark.parametrize("name", ["start", "einwilligung"])
def test_permissions_of_pages(client, match, mentor_a, name, staff_a, bob, region_a):
    url = reverse(f"forschung:{name}")
    assert client.get(url).status_code == 302  # anonymous: to the login
    other = make_mentor(region_a, email="olga@example.org", first_name="Olga")
    for user, status in [(mentor_a.user, 200), (other.user, 200), (staff_a, 404), (bob, 404)]:
        client.force_login(user)
        assert client.get(url).status_code == status, user.email


def test_permissions_of_a_wave(client, match, mentor_a, staff_a, bob, alice, region_a, einrichtung_a,
                               django_capture_on_commit_callbacks):  # fmt: skip
    consent(mentor_a)
    url = wave_url(match)
    assert client.get(url).status_code == 302
    other = make_mentor(region_a, email="olga@example.org", first_name="Olga")
    consent(other)
    active_match(alice, staff_a, make_anfrage(einrichtung_a, vorname="Nina"), other,
                 django_capture_on_commit_callbacks)  # fmt: skip
    for user in [other.user, staff_a, bob, alice]:
        client.force_login(user)
        assert client.get(url).status_code == 404, user.email
        assert client.post(url, {"submit": ""}).status_code == 404, user.email
    assert not Welle.objects.filter(begleitung=match).exists()
    client.force_login(mentor_a.user)
    assert client.get(url).status_code == 200


def _section_queries(client, mentor, django_assert_max_num_queries) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(mentor.user)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("portal:start")).status_code == 200
    return len(ctx.captured_queries)


def test_portal_start_queries_constant_with_many_waves(
    client, match, mentor_a, instrument, alice, django_assert_max_num_queries
):
    consent(mentor_a)
    client.force_login(mentor_a.user)
    ids = item_ids(instrument)
    client.post(wave_url(match), {f"item_{ids[0]}": "3", "save": ""})
    few = _section_queries(client, mentor_a, django_assert_max_num_queries)
    # many earlier waves of the same match, answered and withdrawn, and more items saved
    Welle.objects.bulk_create(
        Welle(
            begleitung=match,
            seite="mentor",
            instrument=instrument,
            code=CODE,
            nummer=n,
            faellig_am=match.started_on,
            laeuft_ab_am=match.started_on,
            status="zurueckgezogen",
        )  # fmt: skip
        for n in range(1, 12)
    )
    client.post(wave_url(match), {f"item_{pk}": "3" for pk in ids} | {"save": ""})
    assert _section_queries(client, mentor_a, django_assert_max_num_queries) == few
