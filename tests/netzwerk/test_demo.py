"""The demo's network: two members in Rhein-Main, a training open to partners with Elif
registered, a standing-in request, an event Elif organises as a lead; all reachable from the staff area and the portal."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from netzwerk.models import Anmeldung, Einspringanfrage, Mitgliedschaft, Veranstaltung
from wegbegleitung.demo import DOMAIN
from wegbegleitung.models import User


def test_the_demo_network_is_there_once_and_reachable(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo", stdout=StringIO())
        call_command("demo", stdout=StringIO())  # idempotent
    assert Mitgliedschaft.objects.count() == 2 and Veranstaltung.objects.count() == 3
    assert Einspringanfrage.objects.count() == 1
    assert Anmeldung.objects.filter(user__email=f"einrichtung@{DOMAIN}").exists()
    client = Client(HTTP_ACCEPT_LANGUAGE="de")
    client.force_login(User.objects.get(email=f"einrichtung@{DOMAIN}"))
    page = client.get(reverse("netzwerk:start")).content.decode()
    assert "Evangelische Jugendhilfe Main-Taunus e.V." in page and "Zwei Nachtdienste" in page
    # Elif leads the Lindenhof: she organises her provider's own events
    assert reverse("netzwerk:veranstalten") in page
    own = Veranstaltung.objects.get(titel="Kollegiale Fallberatung Wohngruppen")
    assert own.veranstalter is not None and own.veranstalter.name == "Jugendhilfe Rhein-Main gGmbH"
    assert client.get(reverse("netzwerk:bearbeiten", args=[own.pk])).status_code == 200
    client.force_login(User.objects.get(email=f"begleiter@{DOMAIN}"))
    assert (
        reverse("netzwerk:veranstaltungen") in client.get(reverse("portal:start")).content.decode()
    )
    page = client.get(reverse("netzwerk:veranstaltungen")).content.decode()
    assert "Traumapädagogik im Alltag" in page and "Kooperationstreffen" not in page
