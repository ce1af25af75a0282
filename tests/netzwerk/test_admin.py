"""The coordinators' admin pages: events with attendance, memberships, standing-in requests, each
scoped to the coordinator's regions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from netzwerk.models import Anmeldung, Einspringanfrage, Veranstaltung
from netzwerk.services.netz import einspringanfrage_create
from netzwerk.services.veranstaltungen import anmeldung_register
from tests.netzwerk.conftest import Cast
from tests.netzwerk.factories import make_event, start_now
from wegbegleitung.selectors import training_hours

ADD = reverse("admin:netzwerk_veranstaltung_add")


def _local(moment) -> tuple[str, str]:
    local = timezone.localtime(moment)
    return f"{local:%d.%m.%Y}", f"{local:%H:%M}"


def _form(cast: Cast, **extra) -> dict:
    start = timezone.now() + timedelta(days=10)
    (d0, t0), (d1, t1) = _local(start), _local(start + timedelta(hours=2))
    data = {
        "region": cast.region_a.pk, "veranstalter": "", "art": "schulung",
        "titel": "Traumapädagogik", "beschreibung": "", "beginn_0": d0, "beginn_1": t0,
        "ende_0": d1, "ende_1": t1, "ort": "Rathaus", "link": "", "kapazitaet": "12",
        "zielgruppe": "beide", "zaehlt_als_schulung": "on", "stunden": "2",
        "anmeldungen-TOTAL_FORMS": "0", "anmeldungen-INITIAL_FORMS": "0",
    }  # fmt: skip
    data.update(extra)
    return data


def test_a_coordinator_creates_a_training_open_to_partners(client, cast: Cast):
    client.force_login(cast.alice)
    response = client.post(ADD, _form(cast))
    assert response.status_code == 302
    event = Veranstaltung.objects.get()
    assert (event.titel, event.kapazitaet, event.angelegt_von) == (
        "Traumapädagogik",
        12,
        cast.alice,
    )
    page = client.post(ADD, _form(cast, stunden="", titel="Ohne Stunden")).content.decode()
    assert "Bitte geben Sie die Schulungsstunden ein" in page
    page = client.post(ADD, _form(cast, veranstalter=cast.fern.pk)).content.decode()
    assert "keine gültige Auswahl" in page  # only members are offered
    page = client.post(ADD, _form(cast, region=cast.region_b.pk)).content.decode()
    assert "keine gültige Auswahl" in page
    assert Veranstaltung.objects.count() == 1


def test_an_event_ending_before_it_starts_is_refused_in_words(client, cast: Cast):
    client.force_login(cast.alice)
    start = timezone.now() + timedelta(days=10)
    (d0, t0), (d1, t1) = _local(start), _local(start - timedelta(hours=2))
    page = client.post(ADD, _form(cast, beginn_0=d0, beginn_1=t0, ende_0=d1, ende_1=t1))
    assert page.status_code == 200
    assert "Die Veranstaltung muss nach ihrem Beginn enden." in page.content.decode()
    assert "netzwerk_ends_after" not in page.content.decode()  # no raw constraint name
    assert not Veranstaltung.objects.exists()


def test_attendance_recorded_in_the_admin_grows_the_training_hours(client, cast: Cast):
    event = make_event(cast.alice, cast.region_a)
    vera = anmeldung_register(acting_user=cast.vera.user, veranstaltung=event)
    sina = anmeldung_register(acting_user=cast.staff_a, veranstaltung=event)
    start_now(event)
    client.force_login(cast.alice)
    url = reverse("admin:netzwerk_veranstaltung_change", args=[event.pk])
    page = client.get(url).content.decode()
    assert "Vera Wagner" in page and "Anwesenheit" in page
    local_start, local_end = _local(event.beginn), _local(event.ende)
    data = _form(cast, beginn_0=local_start[0], beginn_1=local_start[1], ende_0=local_end[0],
                 ende_1=local_end[1], titel=event.titel, kapazitaet="2", stunden="3")  # fmt: skip
    data.update({
        "anmeldungen-TOTAL_FORMS": "2", "anmeldungen-INITIAL_FORMS": "2",
        "anmeldungen-0-id": vera.pk, "anmeldungen-0-veranstaltung": event.pk,
        "anmeldungen-0-anwesenheit": "ja",
        "anmeldungen-1-id": sina.pk, "anmeldungen-1-veranstaltung": event.pk,
        "anmeldungen-1-anwesenheit": "nein",
    })  # fmt: skip
    ordered = list(event.anmeldungen.order_by("angemeldet_am", "pk").values_list("pk", flat=True))
    assert ordered == [vera.pk, sina.pk]
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    statuses = dict(Anmeldung.objects.values_list("pk", "status"))
    assert statuses == {vera.pk: "teilgenommen", sina.pk: "nicht_erschienen"}
    assert training_hours(cast.vera) == 3


@pytest.mark.parametrize("model", ["veranstaltung", "mitgliedschaft", "einspringanfrage"])
def test_another_regions_coordinator_sees_none_of_it(client, cast: Cast, model):
    records = {
        "veranstaltung": lambda: make_event(cast.alice, cast.region_a, titel="Geheimtermin"),
        "mitgliedschaft": lambda: cast.mitglied_nord,
        "einspringanfrage": lambda: einspringanfrage_create(
            acting_user=cast.staff_a, region=cast.region_a, traeger=cast.nord, bedarf="Hilfe",
            bezirk="", gueltig_bis=timezone.localdate(),
        ),
    }  # fmt: skip
    record = records[model]()
    client.force_login(cast.bob)
    changelist = client.get(reverse(f"admin:netzwerk_{model}_changelist")).content.decode()
    assert "Jugendhilfe Nord" not in changelist and "Geheimtermin" not in changelist
    response = client.get(reverse(f"admin:netzwerk_{model}_change", args=[record.pk]))
    assert response.status_code == 302  # the admin sends an unknown record to its index
    client.force_login(cast.alice)
    assert (
        client.get(reverse(f"admin:netzwerk_{model}_change", args=[record.pk])).status_code == 200
    )
    assert Einspringanfrage.objects.count() == (1 if model == "einspringanfrage" else 0)


def test_a_coordinator_calls_off_an_event_from_the_list(client, cast: Cast):
    event = make_event(cast.alice, cast.region_a)
    anmeldung_register(acting_user=cast.staff_a, veranstaltung=event)
    changelist = reverse("admin:netzwerk_veranstaltung_changelist")
    data = {"action": "call_off", "_selected_action": [event.pk]}
    client.force_login(cast.bob)  # another region's coordinator: not in his list
    client.post(changelist, data)
    event.refresh_from_db()
    assert event.abgesagt_am is None
    client.force_login(cast.alice)
    page = client.post(changelist, data, follow=True).content.decode()
    assert "1 Veranstaltungen abgesagt, 1 Personen benachrichtigt." in page
    event.refresh_from_db()
    assert event.abgesagt_am is not None
