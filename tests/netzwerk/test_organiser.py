"""A member provider organises its own events on the network's pages: the lead of one of its
facilities creates, changes, calls off and records attendance; everyone else is refused and
nothing changes (another member's lead, plain staff of the same provider, staff of a provider
that is no member, a volunteer, anonymous)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from einrichtungen.models import Einrichtung
from einrichtungen.services.einrichtungen import einrichtung_lead_set
from netzwerk.models import Anmeldung, Veranstaltung
from netzwerk.services.veranstaltungen import anmeldung_register
from tests.factories import make_user
from tests.netzwerk.conftest import Cast
from tests.netzwerk.factories import make_event, start_now
from wegbegleitung.models import User
from wegbegleitung.roles import Role
from wegbegleitung.selectors import training_hours

St = Anmeldung.Status
Z = Veranstaltung.Zielgruppe
TITLE = "Traumapädagogik für Nachtdienste"


def _lead(user: User, einrichtung: Einrichtung) -> User:
    einrichtung_lead_set(acting_user=None, einrichtung=einrichtung, user=user, is_lead=True)
    return User.objects.get(pk=user.pk)  # fresh: no cached permissions


@pytest.fixture
def leads(cast: Cast, einrichtung_a: Einrichtung) -> dict[str, User]:
    """Sina leads the Lindenhof (Jugendhilfe Nord, member), Paul Haus Sonne (another member),
    Frieda Haus Fern (no member); Nils works in the Lindenhof without leading it."""
    return {
        "sina": _lead(cast.staff_a, einrichtung_a),
        "paul": _lead(cast.paul, Einrichtung.objects.get(name="Haus Sonne")),
        "frieda": _lead(cast.frieda, Einrichtung.objects.get(name="Haus Fern")),
        "nils": make_user(Role.EINRICHTUNG, einrichtung=einrichtung_a, email="nils@example.org"),
        "vera": cast.vera.user,
    }


def _form(**changes: Any) -> dict[str, Any]:
    beginn = timezone.localtime() + timedelta(days=4)
    data = {
        "art": "schulung", "titel": TITLE, "beschreibung": "Mit Fallbeispielen.",
        "beginn": beginn.strftime("%Y-%m-%dT%H:%M"),
        "ende": (beginn + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
        "ort": "Lindenhof, Gruppenraum", "link": "", "kapazitaet": "2", "zielgruppe": "beide",
        "zaehlt_als_schulung": "on", "stunden": "3",
    }  # fmt: skip
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def nord_event(cast: Cast) -> Veranstaltung:
    return make_event(cast.alice, cast.region_a, titel=TITLE, veranstalter=cast.nord)


def _als(cast: Cast) -> str:
    return f"{cast.region_a.pk}:{cast.nord.pk}"


def test_the_lead_creates_an_event_for_her_provider(client, cast: Cast, leads):
    client.force_login(leads["sina"])
    assert "Veranstaltungen organisieren" in client.get(reverse("netzwerk:start")).content.decode()
    response = client.post(reverse("netzwerk:veranstalten"), _form(als=_als(cast)), follow=True)
    assert "Ihre Veranstaltung ist jetzt zur Anmeldung offen." in response.content.decode()
    event = Veranstaltung.objects.get()
    assert (event.veranstalter, event.region, event.angelegt_von) == (
        cast.nord, cast.region_a, leads["sina"]
    )  # fmt: skip
    assert (event.kapazitaet, event.stunden, event.zielgruppe) == (2, Decimal("3"), Z.BEIDE)
    client.force_login(cast.vera.user)  # open to our volunteers too
    assert TITLE in client.get(reverse("netzwerk:veranstaltungen")).content.decode()


def test_an_event_for_partner_staff_only_does_not_count_as_training(client, cast, leads):
    client.force_login(leads["sina"])
    response = client.post(
        reverse("netzwerk:veranstalten"), _form(zielgruppe="fachkraefte", als=_als(cast))
    )
    assert "Nur eine Veranstaltung, die unseren Wegbegleiter:innen offensteht" in (
        response.content.decode()
    )
    assert not Veranstaltung.objects.exists()


def test_an_event_in_the_past_is_refused(client, cast, leads):
    client.force_login(leads["sina"])
    beginn = timezone.localtime() - timedelta(days=1)
    response = client.post(reverse("netzwerk:veranstalten"), _form(
        als=_als(cast),
        beginn=beginn.strftime("%Y-%m-%dT%H:%M"),
        ende=(beginn + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
    ))  # fmt: skip
    assert "Die Veranstaltung muss in der Zukunft beginnen." in response.content.decode()
    assert not Veranstaltung.objects.exists()


@pytest.mark.parametrize("who", ["nils", "frieda", "vera"])
def test_others_may_not_create(client, cast, leads, who):
    """Plain staff of Jugendhilfe Nord register for events but do not organise them."""
    client.force_login(leads[who])
    assert client.get(reverse("netzwerk:veranstalten")).status_code == 403
    assert client.post(reverse("netzwerk:veranstalten"), _form(als=_als(cast))).status_code == 403
    assert not Veranstaltung.objects.filter(titel=TITLE).exists()


def test_another_lead_can_not_speak_for_nord(client, cast: Cast, leads):
    """Paul leads a member too, but he can't name Jugendhilfe Nord as the organiser."""
    client.force_login(leads["paul"])
    client.post(reverse("netzwerk:veranstalten"),
                _form(als=f"{cast.region_a.pk}:{cast.nord.pk}"))  # fmt: skip
    assert not Veranstaltung.objects.filter(veranstalter=cast.nord).exists()


def test_anonymous_visitors_go_to_the_login(client, nord_event):
    for name, args in [("netzwerk:veranstalten", []), ("netzwerk:bearbeiten", [nord_event.pk]),
                       ("netzwerk:anwesenheit", [nord_event.pk]),
                       ("netzwerk:absage", [nord_event.pk])]:  # fmt: skip
        response = client.post(reverse(name, args=args))
        assert response.status_code == 302 and response["Location"].startswith("/konto/login/")
    assert Veranstaltung.objects.get().abgesagt_am is None


def test_the_lead_changes_the_event_and_the_waiting_list_moves_up(client, cast, leads, nord_event):
    anmeldung_register(acting_user=cast.paul, veranstaltung=nord_event)
    anmeldung_register(acting_user=cast.vera.user, veranstaltung=nord_event)
    waiting = anmeldung_register(acting_user=leads["nils"], veranstaltung=nord_event)
    assert waiting.status == St.WARTELISTE
    client.force_login(leads["sina"])
    url = reverse("netzwerk:bearbeiten", args=[nord_event.pk])
    assert "2 Plätze sind belegt" in client.get(url).content.decode()
    response = client.post(url, _form(titel="Traumapädagogik (neu)", kapazitaet="3",
                                      beginn=None, ende=None) | _times(nord_event), follow=True)  # fmt: skip
    assert "Die Veranstaltung ist geändert." in response.content.decode()
    nord_event.refresh_from_db()
    assert (nord_event.titel, nord_event.kapazitaet, nord_event.belegt) == (
        "Traumapädagogik (neu)", 3, 3
    )  # fmt: skip
    assert Anmeldung.objects.get(pk=waiting.pk).status == St.ANGEMELDET


def _times(event: Veranstaltung) -> dict[str, str]:
    return {
        "beginn": timezone.localtime(event.beginn).strftime("%Y-%m-%dT%H:%M"),
        "ende": timezone.localtime(event.ende).strftime("%Y-%m-%dT%H:%M"),
    }


def test_capacity_below_the_places_taken_is_refused(client, cast, leads, nord_event):
    anmeldung_register(acting_user=cast.paul, veranstaltung=nord_event)
    anmeldung_register(acting_user=cast.vera.user, veranstaltung=nord_event)
    client.force_login(leads["sina"])
    url = reverse("netzwerk:bearbeiten", args=[nord_event.pk])
    response = client.post(url, _form(kapazitaet="1", titel="Gekürzt") | _times(nord_event))
    assert "2 Plätze sind bereits belegt; weniger kann die Veranstaltung nicht" in (
        response.content.decode()
    )
    nord_event.refresh_from_db()
    assert (nord_event.kapazitaet, nord_event.titel, nord_event.belegt) == (2, TITLE, 2)


def test_the_audience_can_not_shut_out_registered_volunteers(client, cast, leads, nord_event):
    anmeldung_register(acting_user=cast.vera.user, veranstaltung=nord_event)
    client.force_login(leads["sina"])
    url = reverse("netzwerk:bearbeiten", args=[nord_event.pk])
    response = client.post(url, _form(zielgruppe="fachkraefte", zaehlt_als_schulung=None,
                                      stunden="") | _times(nord_event))  # fmt: skip
    assert "Es sind bereits Wegbegleiter:innen angemeldet" in response.content.decode()
    assert Veranstaltung.objects.get().zielgruppe == Z.BEIDE


@pytest.mark.parametrize("who", ["paul", "nils", "frieda", "vera"])
def test_others_may_not_change_call_off_or_record(client, cast, leads, nord_event, who):
    anmeldung = anmeldung_register(acting_user=cast.vera.user, veranstaltung=nord_event)
    client.force_login(leads[who])
    expect = 404 if who == "frieda" else 403  # those who see the event get 403, others 404
    url = reverse("netzwerk:bearbeiten", args=[nord_event.pk])
    assert client.get(url).status_code == expect
    assert client.post(url, _form(titel="Gekapert") | _times(nord_event)).status_code == expect
    assert client.post(reverse("netzwerk:absage", args=[nord_event.pk])).status_code == expect
    anwesenheit = reverse("netzwerk:anwesenheit", args=[nord_event.pk])
    assert client.get(anwesenheit).status_code == expect
    start_now(nord_event)
    response = client.post(anwesenheit, {"anmeldung": anmeldung.pk, "anwesend": "ja"})
    assert response.status_code == expect
    nord_event.refresh_from_db()
    assert (nord_event.titel, nord_event.abgesagt_am) == (TITLE, None)
    assert Anmeldung.objects.get(pk=anmeldung.pk).status == St.ANGEMELDET


def test_a_coordinators_event_is_not_the_providers(client, cast, leads):
    event = make_event(cast.alice, cast.region_a, titel="Fachtag der Koordination")
    client.force_login(leads["sina"])
    assert client.get(reverse("netzwerk:bearbeiten", args=[event.pk])).status_code == 403
    assert client.post(reverse("netzwerk:absage", args=[event.pk])).status_code == 403
    assert Veranstaltung.objects.get().abgesagt_am is None


def test_the_lead_calls_off_and_everyone_is_told(
    client, cast, leads, nord_event, django_capture_on_commit_callbacks, mailoutbox
):
    anmeldung_register(acting_user=cast.paul, veranstaltung=nord_event)
    anmeldung_register(acting_user=cast.vera.user, veranstaltung=nord_event)
    client.force_login(leads["sina"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("netzwerk:absage", args=[nord_event.pk]), follow=True)
    page = response.content.decode()
    assert "Die Veranstaltung ist abgesagt; 2 Personen werden benachrichtigt." in page
    assert 'id="abgesagt"' in page
    assert sorted(m.to[0] for m in mailoutbox) == sorted([cast.paul.email, cast.vera.user.email])
    assert Veranstaltung.objects.get().abgesagt_am is not None
    url = reverse("netzwerk:bearbeiten", args=[nord_event.pk])
    client.post(url, _form(titel="Doch wieder") | _times(nord_event))
    assert Veranstaltung.objects.get().titel == TITLE


def test_the_list_shows_staff_names_and_volunteers_as_a_number_before_the_start(
    client, cast, leads, nord_event
):
    anmeldung_register(acting_user=cast.paul, veranstaltung=nord_event)
    anmeldung_register(acting_user=cast.vera.user, veranstaltung=nord_event)
    client.force_login(leads["sina"])
    page = client.get(reverse("netzwerk:anwesenheit", args=[nord_event.pk])).content.decode()
    assert "Paul Pfeiffer" in page and "Kinderhaus Sonne gGmbH" in page
    assert "1 Wegbegleiter:in von uns" in page
    assert "Vera W" not in page and "Wagner" not in page
    assert 'id="anwesenheit"' not in page


def test_the_lead_records_attendance_and_the_volunteers_hours_grow(client, cast, leads, nord_event):
    vera = anmeldung_register(acting_user=cast.vera.user, veranstaltung=nord_event)
    paul = anmeldung_register(acting_user=cast.paul, veranstaltung=nord_event)
    url = reverse("netzwerk:anwesenheit", args=[nord_event.pk])
    client.force_login(leads["sina"])
    client.post(url, {"anmeldung": vera.pk, "anwesend": "ja"})
    assert training_hours(cast.vera) == 0  # not before the start
    start_now(nord_event)
    page = client.get(url).content.decode()
    assert "Vera W." in page and "Wagner" not in page  # the roll call: first name and initial
    before = training_hours(cast.vera)
    response = client.post(url, {"anmeldung": vera.pk, "anwesend": "ja"}, follow=True)
    assert "Anwesenheit erfasst." in response.content.decode()
    client.post(url, {"anmeldung": paul.pk, "anwesend": "nein"})
    assert training_hours(cast.vera) == before + Decimal("3")
    assert Anmeldung.objects.get(pk=paul.pk).status == St.NICHT_ERSCHIENEN
    client.post(url, {"anmeldung": vera.pk, "anwesend": "nein"})  # a correction
    assert training_hours(cast.vera) == before


def test_the_organisers_list_queries_stay_constant(
    client, cast, leads, nord_event, django_assert_max_num_queries
):
    start_now(nord_event)
    Veranstaltung.objects.filter(pk=nord_event.pk).update(kapazitaet=20)
    url = reverse("netzwerk:anwesenheit", args=[nord_event.pk])
    client.force_login(leads["sina"])
    Anmeldung.objects.create(veranstaltung=nord_event, user=cast.paul, traeger=cast.sonne,
                             status=St.ANGEMELDET)  # fmt: skip
    client.get(url)
    with django_assert_max_num_queries(25) as first:
        client.get(url)
    for i in range(5):
        person = make_user(Role.EINRICHTUNG, einrichtung=Einrichtung.objects.get(name="Haus Sonne"),
                           email=f"kollegin{i}@example.org", totp=False)  # fmt: skip
        Anmeldung.objects.create(veranstaltung=nord_event, user=person, traeger=cast.sonne,
                                 status=St.ANGEMELDET)  # fmt: skip
    Anmeldung.objects.create(veranstaltung=nord_event, wegbegleiter=cast.vera,
                             status=St.ANGEMELDET)  # fmt: skip
    with django_assert_max_num_queries(len(first.captured_queries)):
        page = client.get(url).content.decode()
    assert page.count("(Kinderhaus Sonne gGmbH)") == 6 and "Vera W." in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"zaehlt_als_schulung": "on", "stunden": ""}, "Bitte geben Sie die Schulungsstunden"),
        ({"ende": "2020-01-01T10:00"}, "Die Veranstaltung muss nach ihrem Beginn enden."),
        ({"kapazitaet": "0"}, "größer oder gleich 1"),
        ({"ort": "", "link": ""}, "Bitte geben Sie einen Ort oder einen Online-Link an."),
    ],
)
def test_bad_input_gets_a_translated_message(client, cast, leads, changes, message):
    client.force_login(leads["sina"])
    response = client.post(reverse("netzwerk:veranstalten"), _form(als=_als(cast), **changes))
    page = response.content.decode()
    assert message in page and "verletzt" not in page
    assert not Veranstaltung.objects.exists()


def test_the_service_keeps_the_organiser_and_follows_the_membership(cast, leads, nord_event):
    """The lead can't hand the event to another provider, and when her provider leaves the
    network she organises nothing there any more."""
    from django.core.exceptions import PermissionDenied

    from netzwerk.services.netz import mitgliedschaft_save
    from netzwerk.services.veranstalter import veranstaltung_provider_save

    event = Veranstaltung.objects.get(pk=nord_event.pk)
    event.veranstalter = cast.sonne
    with pytest.raises(PermissionDenied):
        veranstaltung_provider_save(acting_user=leads["sina"], veranstaltung=event)
    cast.mitglied_nord.ausgetreten_am = timezone.localdate()
    mitgliedschaft_save(acting_user=cast.alice, mitgliedschaft=cast.mitglied_nord)
    event = Veranstaltung.objects.get(pk=nord_event.pk)
    event.titel = "Nach dem Austritt"
    with pytest.raises(PermissionDenied):
        veranstaltung_provider_save(acting_user=User.objects.get(pk=cast.staff_a.pk),
                                    veranstaltung=event)  # fmt: skip
    assert Veranstaltung.objects.get().veranstalter == cast.nord
    assert Veranstaltung.objects.get().titel == TITLE
