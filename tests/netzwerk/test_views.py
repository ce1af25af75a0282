"""The network's pages: the fixed cast for every URL (the allowed user, staff of a provider that
is no member, staff of another region, a volunteer, anonymous), the register/cancel flow, the
standing-in pages, constant query counts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from netzwerk.models import Anmeldung, Einspringanfrage, Einspringantwort, Veranstaltung
from netzwerk.services.netz import einspringanfrage_create
from netzwerk.services.veranstaltungen import anmeldung_register
from tests.netzwerk.conftest import Cast
from tests.netzwerk.factories import make_event

Z = Veranstaltung.Zielgruppe
SECRET_EVENT = "Fallberatung unter Kolleginnen"
SECRET_NEED = "Nachtdienst in der Wohngruppe Nord"


def _user(cast: Cast, who: str):
    return {"vera": cast.vera.user, "wanda": cast.wanda.user}.get(who) or getattr(cast, who)


def _request(cast: Cast) -> Einspringanfrage:
    return einspringanfrage_create(
        acting_user=cast.staff_a, region=cast.region_a, traeger=cast.nord, bezirk="Nord",
        bedarf=SECRET_NEED, gueltig_bis=timezone.localdate() + timedelta(days=5),
    )  # fmt: skip


@pytest.fixture
def staff_event(cast: Cast) -> Veranstaltung:
    return make_event(cast.alice, cast.region_a, titel=SECRET_EVENT, zielgruppe=Z.FACHKRAEFTE)


# --- the partners' pages: members' staff (and the region's coordinators) only -------------------


@pytest.mark.parametrize("who", ["staff_a", "paul", "alice"])
def test_members_staff_see_the_network(client, cast: Cast, staff_event, who):
    _request(cast)
    client.force_login(_user(cast, who))
    page = client.get(reverse("netzwerk:start")).content.decode()
    assert "Kinderhaus Sonne gGmbH" in page and "Jugendhilfe Nord e.V." in page
    assert "Nora Nord" in page and "kontakt@nord.example" in page and "Bornheim" in page
    assert SECRET_EVENT in page and SECRET_NEED in page
    assert "Fernweh" not in page  # no member


@pytest.mark.parametrize("name", ["netzwerk:start", "netzwerk:anfragen"])
def test_another_regions_coordinator_sees_only_his_network(client, cast: Cast, staff_event, name):
    _request(cast)
    client.force_login(cast.bob)
    body = client.get(reverse(name)).content.decode()
    assert SECRET_NEED not in body and SECRET_EVENT not in body and "Kinderhaus Sonne" not in body


@pytest.mark.parametrize("who", ["frieda", "staff_b", "vera", "charlie"])
@pytest.mark.parametrize("name", ["netzwerk:start", "netzwerk:anfragen"])
def test_nobody_else_sees_the_network(client, cast: Cast, staff_event, charlie, who, name):
    _request(cast)
    client.force_login(charlie if who == "charlie" else _user(cast, who))
    response = client.get(reverse(name))
    assert response.status_code == 403
    body = response.content.decode()
    assert SECRET_NEED not in body and SECRET_EVENT not in body and "Kinderhaus Sonne" not in body


@pytest.mark.parametrize(
    "name", ["netzwerk:start", "netzwerk:anfragen", "netzwerk:veranstaltungen"]
)
def test_anonymous_visitors_go_to_the_login(client, cast: Cast, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and response["Location"].startswith("/konto/login/")


# --- events ----------------------------------------------------------------------------------


def test_each_sees_the_events_open_to_them(client, cast: Cast, staff_event):
    both = make_event(cast.alice, cast.region_a, titel="Nähe und Distanz")
    ours = make_event(cast.alice, cast.region_a, titel="Grundkurs Wegbegleitung",
                      zielgruppe=Z.WEGBEGLEITUNG)  # fmt: skip
    expect = {
        "staff_a": {SECRET_EVENT, both.titel},
        "vera": {both.titel, ours.titel},
        "alice": {SECRET_EVENT, both.titel, ours.titel},
        "wanda": set(),
        "bob": set(),
    }
    titles = {SECRET_EVENT, both.titel, ours.titel}
    for who, visible in expect.items():
        client.force_login(_user(cast, who))
        response = client.get(reverse("netzwerk:veranstaltungen"))
        page = response.content.decode()
        assert response.status_code == 200, who
        assert {t for t in titles if t in page} == visible, who


@pytest.mark.parametrize("who", ["frieda", "staff_b", "charlie"])
def test_staff_of_non_members_have_no_events(client, cast: Cast, charlie, staff_event, who):
    client.force_login(charlie if who == "charlie" else _user(cast, who))
    assert client.get(reverse("netzwerk:veranstaltungen")).status_code == 403


@pytest.mark.parametrize("name", ["netzwerk:veranstaltung", "netzwerk:ical"])
def test_an_event_page_and_its_calendar_file_for_those_who_may_only(
    client, cast: Cast, staff_event, name
):
    url = reverse(name, args=[staff_event.pk])
    client.force_login(cast.staff_a)
    response = client.get(url)
    assert response.status_code == 200 and SECRET_EVENT in response.content.decode()
    for who in ("frieda", "staff_b", "vera", "wanda", "bob"):
        client.force_login(_user(cast, who))
        response = client.get(url)
        assert response.status_code == 404, who
        assert SECRET_EVENT not in response.content.decode()
    client.logout()
    assert client.get(url).status_code == 302


def test_the_calendar_file_is_an_icalendar_event(client, cast: Cast, staff_event):
    client.force_login(cast.paul)
    response = client.get(reverse("netzwerk:ical", args=[staff_event.pk]))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert f'filename="veranstaltung-{staff_event.pk}.ics"' in response["Content-Disposition"]
    text = response.content.decode()
    start = staff_event.beginn.astimezone(timezone.UTC).strftime("%Y%m%dT%H%M%SZ")
    assert (
        f"DTSTART:{start}\r\n" in text and f"UID:netzwerk-veranstaltung-{staff_event.pk}@" in text
    )
    assert "LOCATION:Bürgerhaus Bornheim\\, Saal 2\r\n" in text


def test_staff_register_and_cancel_on_the_event_page(client, cast: Cast, staff_event):
    client.force_login(cast.paul)
    url = reverse("netzwerk:veranstaltung", args=[staff_event.pk])
    response = client.post(reverse("netzwerk:anmelden", args=[staff_event.pk]), follow=True)
    page = response.content.decode()
    assert "Sie sind angemeldet." in page and "Anmeldung absagen" in page
    a = Anmeldung.objects.get()
    assert (a.user, a.traeger, a.status) == (cast.paul, cast.sonne, Anmeldung.Status.ANGEMELDET)
    response = client.post(reverse("netzwerk:absagen", args=[staff_event.pk]), follow=True)
    assert "Ihre Anmeldung ist abgesagt." in response.content.decode()
    assert Anmeldung.objects.get().status == Anmeldung.Status.ABGESAGT
    assert "Anmelden" in client.get(url).content.decode()


def test_a_volunteer_registers_from_the_portal_and_sees_the_waiting_list(client, cast: Cast):
    event = make_event(cast.alice, cast.region_a, kapazitaet=1)
    anmeldung_register(acting_user=cast.staff_a, veranstaltung=event)
    client.force_login(cast.vera.user)
    portal = client.get(reverse("portal:start")).content.decode()
    assert reverse("netzwerk:veranstaltungen") in portal
    response = client.post(reverse("netzwerk:anmelden", args=[event.pk]), follow=True)
    page = response.content.decode()
    assert "Sie stehen auf der Warteliste" in page and "Platz 1 auf der Warteliste" in page


@pytest.mark.parametrize("who", ["frieda", "staff_b", "wanda", "bob"])
@pytest.mark.parametrize("name", ["netzwerk:anmelden", "netzwerk:absagen"])
def test_others_can_not_register_or_cancel(client, cast: Cast, staff_event, who, name):
    anmeldung_register(acting_user=cast.staff_a, veranstaltung=staff_event)
    client.force_login(_user(cast, who))
    assert client.post(reverse(name, args=[staff_event.pk])).status_code == 404
    assert Anmeldung.objects.get().status == Anmeldung.Status.ANGEMELDET
    client.logout()
    assert client.post(reverse(name, args=[staff_event.pk])).status_code == 302
    assert Anmeldung.objects.count() == 1


def test_the_event_list_queries_stay_constant(client, cast: Cast, django_assert_max_num_queries):
    def page() -> str:
        return client.get(reverse("netzwerk:veranstaltungen")).content.decode()

    client.force_login(cast.staff_a)
    make_event(cast.alice, cast.region_a)
    page()
    with django_assert_max_num_queries(12) as first:
        page()
    for i in range(5):
        e = make_event(cast.alice, cast.region_a, titel=f"Termin {i}", veranstalter=cast.sonne)
        anmeldung_register(acting_user=cast.staff_a, veranstaltung=e)
    with django_assert_max_num_queries(len(first.captured_queries)):
        assert "Termin 4" in page()


def test_the_network_start_queries_stay_constant(client, cast: Cast, django_assert_max_num_queries):
    client.force_login(cast.staff_a)
    make_event(cast.alice, cast.region_a)
    _request(cast)
    client.get(reverse("netzwerk:start"))
    with django_assert_max_num_queries(14) as first:
        client.get(reverse("netzwerk:start"))
    for i in range(4):
        make_event(cast.alice, cast.region_a, titel=f"Termin {i}")
        _request(cast)
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(reverse("netzwerk:start"))


# --- standing in -------------------------------------------------------------------------------


def test_a_member_posts_a_request_and_another_answers(client, cast: Cast):
    client.force_login(cast.staff_a)
    until = timezone.localdate() + timedelta(days=3)
    response = client.post(reverse("netzwerk:anfragen"), {
        "als": f"{cast.region_a.pk}:{cast.nord.pk}", "bezirk": "Nord", "bedarf": SECRET_NEED,
        "gueltig_bis": until.isoformat(),
    }, follow=True)  # fmt: skip
    assert "Ihre Anfrage ist jetzt für das Netzwerk sichtbar." in response.content.decode()
    anfrage = Einspringanfrage.objects.get()
    assert (anfrage.traeger, anfrage.erstellt_von) == (cast.nord, cast.staff_a)
    url = reverse("netzwerk:anfrage", args=[anfrage.pk])
    assert "Antwort senden" not in client.get(url).content.decode()  # not to oneself
    client.force_login(cast.paul)
    response = client.post(url, {"als": f"{cast.region_a.pk}:{cast.sonne.pk}",
                                 "text": "Wir übernehmen Dienstag."}, follow=True)  # fmt: skip
    page = response.content.decode()
    assert "Wir übernehmen Dienstag." in page and "Kinderhaus Sonne gGmbH" in page
    assert Einspringantwort.objects.get().erstellt_von == cast.paul


def test_the_request_form_refuses_another_providers_name(client, cast: Cast):
    client.force_login(cast.staff_a)
    client.post(reverse("netzwerk:anfragen"), {
        "als": f"{cast.region_a.pk}:{cast.sonne.pk}", "bedarf": "x",
        "gueltig_bis": timezone.localdate().isoformat(),
    })  # fmt: skip
    assert not Einspringanfrage.objects.exists()


def test_a_request_page_for_the_network_only_and_only_while_valid(client, cast: Cast):
    anfrage = _request(cast)
    url = reverse("netzwerk:anfrage", args=[anfrage.pk])
    for who in ("frieda", "staff_b", "vera", "bob"):
        client.force_login(_user(cast, who))
        response = client.get(url)
        assert response.status_code == 404 and SECRET_NEED not in response.content.decode()
        assert client.post(url, {"text": "Hallo"}).status_code == 404
    assert not Einspringantwort.objects.exists()
    client.force_login(cast.paul)
    assert SECRET_NEED in client.get(url).content.decode()
    Einspringanfrage.objects.filter(pk=anfrage.pk).update(
        gueltig_bis=timezone.localdate() - timedelta(days=1)
    )
    assert client.get(url).status_code == 404
    assert SECRET_NEED not in client.get(reverse("netzwerk:anfragen")).content.decode()
    client.force_login(cast.alice)  # the coordinators still read it (admin, until deleted)
    assert client.get(url).status_code == 200
    client.logout()
    assert client.get(url).status_code == 302


def test_the_staff_area_links_the_network(client, cast: Cast):
    client.force_login(cast.staff_a)
    assert reverse("netzwerk:start") in client.get(reverse("einrichtungen:start")).content.decode()


def test_own_registrations_show_the_recorded_attendance(client, cast: Cast):
    from netzwerk.services.veranstaltungen import anmeldung_attendance_record
    from tests.netzwerk.factories import start_now

    event = make_event(cast.alice, cast.region_a, titel="Vergangene Schulung")
    anmeldung = anmeldung_register(acting_user=cast.vera.user, veranstaltung=event)
    start_now(event)
    anmeldung_attendance_record(acting_user=cast.alice, anmeldung=anmeldung, attended=True)
    anmeldung_register(
        acting_user=cast.staff_a, veranstaltung=make_event(cast.alice, cast.region_a)
    )
    client.force_login(cast.vera.user)
    section = client.get(reverse("netzwerk:veranstaltungen")).content.decode()
    section = section[section.index('id="meine-anmeldungen"') :]
    assert "Vergangene Schulung" in section and "Teilgenommen" in section
    assert "Deeskalation im Alltag" not in section  # Sina's registration, not Vera's


def test_the_organiser_sees_who_registered_but_no_volunteers_names(client, cast: Cast):
    event = make_event(cast.alice, cast.region_a, veranstalter=cast.sonne)
    anmeldung_register(acting_user=cast.staff_a, veranstaltung=event)
    anmeldung_register(acting_user=cast.vera.user, veranstaltung=event)
    url = reverse("netzwerk:veranstaltung", args=[event.pk])
    sina = cast.staff_a.get_full_name()
    client.force_login(cast.paul)  # staff of the organising provider
    page = client.get(url).content.decode()
    section = page[page.index('id="teilnehmende"') :]
    assert sina in section and "Jugendhilfe Nord e.V." in section
    assert "1 Wegbegleiter:in von uns" in section and "Wagner" not in section
    client.force_login(cast.alice)
    assert sina in client.get(url).content.decode()
    for who in ("staff_a", "vera"):  # a participant is not the organiser
        client.force_login(_user(cast, who))
        page = client.get(url).content.decode()
        assert 'id="teilnehmende"' not in page
    client.force_login(cast.vera.user)
    assert sina not in client.get(url).content.decode()


def test_the_staff_area_links_the_network_only_for_staff_of_member_providers(client, cast):
    """Staff of a member provider find the network in their navigation; staff of a provider
    outside it never see a link to a page that would refuse them."""
    link = reverse("netzwerk:start")
    client.force_login(cast.paul)  # staff of Kinderhaus Sonne, a member
    assert link in client.get(reverse("einrichtungen:start")).content.decode()
    client.force_login(cast.frieda)  # staff of Fernweh e.V., not a member
    page = client.get(reverse("einrichtungen:start"))
    assert page.status_code == 200
    assert link not in page.content.decode()
    assert client.get(link).status_code == 403
