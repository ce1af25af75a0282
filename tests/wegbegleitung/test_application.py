"""The application in the portal: drafts, submission, and bad input refused in German."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.wegbegleitung.factories import COMPLETE
from wegbegleitung.models import AuditEvent, Bewerbung, Interesse, Postleitzahl, Wegbegleiter

URL = reverse("portal:bewerbung")


def _post(region, **overrides):
    data = {
        "first_name": "Vera", "last_name": "Vogel", "region": region.pk,
        **{k: v for k, v in COMPLETE.items() if v is not None},
        "interests_other": "Kochen",
    }  # fmt: skip
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def vera_client(client, volunteer):
    client.force_login(volunteer)
    return client


def test_draft_is_saved_with_only_some_answers(vera_client, vera):
    response = vera_client.post(URL, {"motivation": "Weil es wichtig ist.", "save": "1"})
    assert response.status_code == 302
    bewerbung = Bewerbung.objects.get(wegbegleiter=vera)
    assert bewerbung.motivation == "Weil es wichtig ist."
    assert bewerbung.submitted_at is None
    page = vera_client.get(URL).content.decode()
    assert "Weil es wichtig ist." in page
    assert "Gespeichert. Sie können jederzeit weitermachen." in page


def test_submit_with_missing_parts_names_them_and_keeps_the_draft(vera_client, vera):
    response = vera_client.post(URL, {"motivation": "Darum.", "submit": "1"}, follow=True)
    page = response.content.decode()
    assert "Die Bewerbung ist noch nicht vollständig" in page
    for missing in ("Ihre Postleitzahl", "eine Telefonnummer", "mindestens ein Interesse",
                    "Ihre Verfügbarkeit", "die Altersspanne"):  # fmt: skip
        assert missing in page
    vera.refresh_from_db()
    assert vera.status == Wegbegleiter.Status.INTERESSENT
    assert Bewerbung.objects.get(wegbegleiter=vera).motivation == "Darum."


def test_complete_application_is_submitted(vera_client, vera, region_a):
    interest = Interesse.objects.create(name="Musik")
    response = vera_client.post(
        URL, _post(region_a, interests=[interest.pk], submit="1"), follow=True
    )
    assert "Ihre Bewerbung wurde eingereicht" in response.content.decode()
    vera.refresh_from_db()
    assert vera.status == Wegbegleiter.Status.BEWORBEN
    assert vera.bewerbung.submitted_at is not None
    assert list(vera.bewerbung.interests.all()) == [interest]
    assert vera.user.last_name == "Vogel"
    event = AuditEvent.objects.get(action="bewerbung.save")
    assert "motivation" in event.details["fields"]
    assert "Ich möchte" not in str(event.details)  # names of fields, never their values


def test_commitment_below_a_year_blocks_submission(vera_client, vera, region_a):
    vera_client.post(URL, _post(region_a, commitment_months=6, submit="1"))
    vera.refresh_from_db()
    assert vera.status == Wegbegleiter.Status.INTERESSENT


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"mentee_age_min": 16, "mentee_age_max": 10},
         "Das älteste Alter darf nicht kleiner sein als das jüngste Alter."),
        ({"postal_code": "abcde"}, "Eine Postleitzahl besteht aus 4 oder 5 Ziffern."),
        ({"postal_code": "1010"}, "Eine Postleitzahl in Deutschland hat 5 Ziffern."),
        ({"weekdays": None}, "Bitte wählen Sie mindestens einen Wochentag für Ihre Zeiten."),
        ({"times_of_day": None}, "Bitte wählen Sie mindestens eine Tageszeit."),
        ({"motivation": "x" * 6000}, "höchstens 5000 Zeichen"),
        ({"mentee_age_min": 3}, "größer oder gleich 6"),
    ],
)  # fmt: skip
def test_bad_input_gets_a_german_message_and_stores_nothing(
    vera_client, vera, region_a, region_b, overrides, message
):
    response = vera_client.post(URL, _post(region_b, save="1", **overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Bewerbung.objects.filter(wegbegleiter=vera).exists()
    vera.refresh_from_db()
    assert vera.region == region_a
    assert vera.user.last_name != "Vogel"


def test_twenty_megabytes_of_text_is_refused_in_german(vera_client, vera, region_a):
    response = vera_client.post(URL, _post(region_a, save="1", motivation="x" * 20_000_000))
    assert response.status_code == 400
    assert "zu groß" in response.content.decode()
    assert not Bewerbung.objects.filter(wegbegleiter=vera).exists()


def test_postal_code_gives_coordinates_and_unknown_code_is_accepted(vera_client, vera, region_a):
    Postleitzahl.objects.create(
        country="DE", postal_code="60311", place_name="Frankfurt", latitude=50.1, longitude=8.7
    )
    vera_client.post(URL, _post(region_a, save="1"))
    assert (vera.bewerbung.latitude, vera.bewerbung.longitude) == (50.1, 8.7)
    vera_client.post(URL, _post(region_a, save="1", postal_code="99999"))
    vera.bewerbung.refresh_from_db()
    assert vera.bewerbung.postal_code == "99999"
    assert vera.bewerbung.latitude is None  # shown as "Entfernung unbekannt" by matching


def test_region_is_fixed_after_submission(vera_client, vera, region_a, region_b):
    vera_client.post(URL, _post(region_a, submit="1"))
    vera.refresh_from_db()
    assert vera.status == Wegbegleiter.Status.BEWORBEN
    vera_client.post(URL, _post(region_b, save="1", postal_code="60311", city="Offenbach"))
    vera.refresh_from_db()
    assert vera.region == region_a
    assert vera.bewerbung.city == "Offenbach"  # the profile stays editable


def test_closed_application_cannot_be_changed(vera_client, vera):
    Wegbegleiter.objects.filter(pk=vera.pk).update(status=Wegbegleiter.Status.AUSGESCHIEDEN)
    response = vera_client.post(URL, {"motivation": "Neu", "save": "1"})
    assert "kann nicht mehr geändert werden" in response.content.decode()
    assert not Bewerbung.objects.filter(wegbegleiter=vera).exists()


def test_availability_becomes_slots_the_matching_compares(vera):
    bewerbung = Bewerbung(wegbegleiter=vera, weekdays=["mo", "sa"], times_of_day=["abend"])
    assert bewerbung.availability_slots == {"mo-abend", "sa-abend"}
